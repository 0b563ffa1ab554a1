//! The password and the sessions of the account logged in (api.md, "Added 2026-12-02"): change
//! the password (which logs out every other session), see where the account is logged in, log
//! out one of them or everywhere else. A part of More and of the coordinator's Account screen,
//! shown while the session lives; everything here needs the network, and says so when it has
//! none.
//!
//! In the screen shape (`markup`): [`Security::start`] keeps the part's [`Local`] state and
//! fetches the sessions once the session and the network allow; [`render`] draws it with the
//! holder's actions (`act`); [`Security::update`] does what an [`Action`] says. What the server's
//! answers mean is `wire`, tested on the host. A 401 that ends the session or the account is the
//! app's to answer (`Account::ended`), as for sync.

pub(crate) mod wire;

use crate::io::http;
use crate::markup::{actions, form_error, html, Markup, Render, Used};
use crate::session::{use_account, Account};
use crate::state::{use_app, App};
use crate::sync::{use_sync, Sync};
use crate::words::{message, text, Language, Message, Text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wire::{Outcome, Problem, SessionRow};

actions! {
    /// What the part's form and buttons do.
    pub(crate) enum Action {
        ChangePassword = "change-password",
        LogOutSession { id: Uuid } = "log-out-session",
        LogOutOthers = "log-out-others",
        LoadSessions = "load-sessions",
    }
}

/// What the part remembers between taps and answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    /// A request is out: the buttons wait for it.
    pub(crate) busy: bool,
    /// Why the password did not change.
    pub(crate) password_problem: Option<Problem>,
    /// The password was just changed.
    pub(crate) password_changed: bool,
    /// The sessions, once fetched.
    pub(crate) sessions: Option<Vec<SessionRow>>,
    /// Why the sessions could not be fetched or ended.
    pub(crate) sessions_problem: Option<Problem>,
    /// Every other session was just ended.
    pub(crate) others_ended: bool,
}

/// What the part shows: its state, and how an instant is said (in the worker's zone).
pub(crate) struct Model<'a> {
    pub(crate) local: &'a Local,
    pub(crate) moment: &'a dyn Fn(DateTime<Utc>) -> String,
}

/// The part's state and what it talks through, taken while its screen is made (a spawned task
/// has no context to find them in).
#[derive(Clone, Copy)]
pub(crate) struct Security {
    local: RwSignal<Local>,
    account: Account,
    app: App,
    sync: Sync,
}

impl Security {
    /// The part of a screen being made: fetches the sessions at once, and again whenever the
    /// session or the network comes back.
    pub(crate) fn start() -> Security {
        let part = Security {
            local: RwSignal::new(Local::default()),
            account: use_account(),
            app: use_app(),
            sync: use_sync(),
        };
        Effect::new(move |was_ready: Option<bool>| {
            let ready = part.account.token().is_some() && part.sync.online.get();
            if ready && was_ready != Some(true) {
                part.load_sessions();
            }
            ready
        });
        part
    }

    /// What to draw (tracked); `None` while no session lives (before a login, or after the server
    /// ended it: the login screen comes first).
    pub(crate) fn local(self) -> Option<Local> {
        self.account.token()?;
        Some(self.local.get())
    }

    /// Does what `action` says; `used` is the form, for a password change.
    pub(crate) fn update(self, action: Action, used: &Used) {
        if self.local.with_untracked(|local| local.busy) {
            return;
        }
        match action {
            Action::ChangePassword => self.change_password(used),
            Action::LogOutSession { id } => {
                self.send_then_reload("DELETE", format!("/api/v1/auth/sessions/{id}"), false);
            }
            Action::LogOutOthers => {
                let path = "/api/v1/auth/sessions/revoke-others".to_owned();
                self.send_then_reload("POST", path, true);
            }
            Action::LoadSessions => self.load_sessions(),
        }
    }

    fn change(self, change: impl FnOnce(&mut Local)) {
        // `try_`: the screen may have gone while a request was out.
        self.local.try_update(change);
    }

    /// The answer, or the problem to show (`None` when the session or the account ended: the
    /// app has answered that already).
    fn judge(
        self,
        reply: Result<http::Reply, http::Unreachable>,
        done: u16,
    ) -> Result<http::Reply, Option<Problem>> {
        let Ok(reply) = reply else {
            let online = self.sync.online.get_untracked();
            let said = if online {
                Text::NotJustNow
            } else {
                Text::NeedsConnection
            };
            return Err(Some(Problem::Said(said)));
        };
        match wire::outcome(&reply, done) {
            Outcome::Done => Ok(reply),
            Outcome::Problem(problem) => Err(Some(problem)),
            Outcome::Ended(ended) => {
                self.account.ended(self.app, ended);
                Err(None)
            }
        }
    }

    fn load_sessions(self) {
        let Some(token) = untrack(|| self.account.token()) else {
            return;
        };
        self.change(|local| local.sessions_problem = None);
        leptos::task::spawn_local(async move {
            let reply = http::send("GET", "/api/v1/auth/sessions", Some(&token), None).await;
            let rows = self
                .judge(reply, 200)
                .and_then(|reply| wire::read_sessions(&reply.body).ok_or(None));
            self.change(|local| match rows {
                Ok(rows) => local.sessions = Some(rows),
                Err(problem) => {
                    local.sessions_problem = problem.or(Some(Problem::Said(Text::NotJustNow)));
                }
            });
        });
    }

    /// Ends one session or all the others, then fetches the list again.
    fn send_then_reload(self, method: &'static str, path: String, others: bool) {
        let Some(token) = untrack(|| self.account.token()) else {
            return;
        };
        self.change(|local| {
            local.busy = true;
            local.others_ended = false;
            local.sessions_problem = None;
        });
        leptos::task::spawn_local(async move {
            let reply = http::send(method, &path, Some(&token), None).await;
            // A session that was gone already (404) is as good as ended.
            let gone = matches!(&reply, Ok(reply) if reply.status == 404);
            let result = if gone {
                Ok(())
            } else {
                self.judge(reply, 204).map(|_| ())
            };
            self.change(|local| {
                local.busy = false;
                match &result {
                    Ok(()) => local.others_ended = others,
                    Err(problem) => local.sessions_problem = *problem,
                }
            });
            if result.is_ok() {
                self.load_sessions();
            }
        });
    }

    fn change_password(self, used: &Used) {
        let (Some(fields), Some(token)) = (used.fields(), untrack(|| self.account.token())) else {
            return;
        };
        let username = untrack(|| self.account.user()).map(|user| user.username);
        let (current, new) = (fields.text("current_password"), fields.text("new_password"));
        let again = fields.text("new_password_again");
        if let Err(problem) = wire::check_new_password(&new, &again, &username.unwrap_or_default())
        {
            self.change(|local| {
                local.password_problem = Some(problem);
                local.password_changed = false;
            });
            return;
        }
        self.change(|local| {
            local.busy = true;
            local.password_problem = None;
            local.password_changed = false;
        });
        let body = wire::password_body(&current, &new);
        leptos::task::spawn_local(async move {
            let reply = http::send("POST", "/api/v1/auth/password", Some(&token), Some(&body));
            let result = self.judge(reply.await, 204);
            if result.is_ok() {
                for name in ["current_password", "new_password", "new_password_again"] {
                    fields.set(name, "");
                }
            }
            self.change(|local| {
                local.busy = false;
                local.password_changed = result.is_ok();
                local.password_problem = result.err().flatten();
            });
            // The other sessions are gone now.
            self.load_sessions();
        });
    }
}

fn said(language: Language, problem: Option<Problem>) -> Option<String> {
    problem.map(|problem| match problem {
        Problem::Said(key) => text(language, key).to_owned(),
        Problem::TooManyAttempts(minutes) => message(language, Message::TooManyAttempts(minutes)),
    })
}

/// A password field, for the browser's password manager by `complete`.
fn password_field(label: &str, name: &str, complete: &str, test_id: &str) -> Markup {
    html! {
        label.field {
            span { (label) }
            input type="password" name=(name) autocomplete=(complete) data-testid=(test_id);
        }
    }
}

/// The part: the password form and the sessions. `act` makes the part's actions the holder's.
pub(crate) fn render<A: Render>(
    language: Language,
    model: &Model,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let (local, moment) = (model.local, model.moment);
    html! {
        form.card novalidate data-testid="password-form" data-action=(act(Action::ChangePassword)) {
            h2 { (say(Text::ChangePassword)) }
            p.hint { (say(Text::PasswordRule)) }
            (password_field(say(Text::CurrentPassword), "current_password", "current-password", "password-current"))
            (password_field(say(Text::NewPassword), "new_password", "new-password", "password-new"))
            (password_field(say(Text::NewPasswordAgain), "new_password_again", "new-password", "password-again"))
            (form_error(said(language, local.password_problem).as_deref()))
            button.btn.btn-primary type="submit" data-testid="password-submit" disabled[local.busy] {
                (say(if local.busy { Text::OneMoment } else { Text::ChangePassword }))
            }
            @if local.password_changed {
                p.small.muted role="status" data-testid="password-changed" { (say(Text::PasswordChanged)) }
            }
        }
        section.card data-testid="sessions" {
            h2 { (say(Text::SessionsTitle)) }
            @if let Some(rows) = &local.sessions {
                ul.list {
                    @for row in rows {
                        (session_row(language, row, local.busy, moment, &act))
                    }
                }
                @if rows.iter().any(|row| !row.current) {
                    button.btn type="button" data-testid="log-out-others" disabled[local.busy]
                        data-action=(act(Action::LogOutOthers)) {
                        (say(Text::LogOutEverywhereElse))
                    }
                } @else {
                    p.hint data-testid="only-here" { (say(Text::OnlyHere)) }
                }
            } @else if local.sessions_problem.is_none() {
                p.muted { (say(Text::OneMoment)) }
            }
            @if local.others_ended {
                p.small.muted role="status" data-testid="logged-out-elsewhere" { (say(Text::LoggedOutElsewhere)) }
            }
            @if let Some(problem) = said(language, local.sessions_problem) {
                (form_error(Some(&problem)))
                button.btn type="button" data-testid="load-sessions" data-action=(act(Action::LoadSessions)) {
                    (say(Text::TryAgain))
                }
            }
        }
    }
}

/// One session: its browser, when it logged in and was last used, and "log out there" (this
/// device's is marked instead: logging out here is the account box's).
fn session_row<A: Render>(
    language: Language,
    row: &SessionRow,
    busy: bool,
    moment: &dyn Fn(DateTime<Utc>) -> String,
    act: &impl Fn(Action) -> A,
) -> Markup {
    let browser = row.user_agent.as_deref().and_then(wire::browser_of);
    let label = match browser {
        Some((browser, system)) => message(language, Message::Browser { browser, system }),
        None => text(language, Text::UnknownBrowser).to_owned(),
    };
    let times = Message::SessionTimes {
        since: &moment(row.created_at),
        used: &moment(row.last_used_at),
    };
    html! {
        li.list-row data-testid="session" data-key=(row.id.to_string()) {
            span {
                span.block.list-main { (label) }
                span.block.small.muted { (message(language, times)) }
            }
            @if row.current {
                span.badge.badge-neutral data-testid="this-device" { (text(language, Text::ThisDevice)) }
            } @else {
                button.btn type="button" data-testid="log-out-session" disabled[busy]
                    data-action=(act(Action::LogOutSession { id: row.id })) {
                    (text(language, Text::LogOutThere))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn row(n: u128, current: bool, user_agent: Option<&str>) -> SessionRow {
        SessionRow {
            id: Uuid::from_u128(n),
            created_at: at(1),
            last_used_at: at(2),
            user_agent: user_agent.map(str::to_owned),
            current,
        }
    }

    fn part(local: &Local, language: Language) -> String {
        let moment = |at: DateTime<Utc>| at.format("%H:%M").to_string();
        let model = Model {
            local,
            moment: &moment,
        };
        render(language, &model, |action| action).into_string()
    }

    #[test]
    fn every_action_drawn_is_handled_and_this_device_cannot_be_logged_out_here() {
        let two = Local {
            sessions: Some(vec![
                row(1, true, Some("<script>")),
                row(
                    2,
                    false,
                    Some("Mozilla/5.0 (Linux; Android 11) Chrome/120 Safari/537"),
                ),
            ]),
            ..Local::default()
        };
        let html = part(&two, Language::En);
        assert_eq!(
            drawn::<Action>(&html),
            [
                Action::ChangePassword,
                Action::LogOutSession {
                    id: Uuid::from_u128(2)
                },
                Action::LogOutOthers,
            ]
        );
        for said in [
            "Unknown browser",
            "Chrome on Android",
            "Logged in 01:00 · last used 02:00",
            "data-testid=\"this-device\">This device",
        ] {
            assert!(html.contains(said), "{said} in {html}");
        }
        assert!(!html.contains("<script>"), "{html}");

        let alone = Local {
            sessions: Some(vec![row(1, true, None)]),
            others_ended: true,
            ..Local::default()
        };
        let html = part(&alone, Language::Nb);
        assert_eq!(drawn::<Action>(&html), [Action::ChangePassword]);
        assert!(html.contains("Du er bare logget inn her."), "{html}");
        assert!(
            html.contains("Du er logget ut alle andre steder."),
            "{html}"
        );
    }

    #[test]
    fn problems_are_said_and_a_failed_list_can_be_fetched_again() {
        let troubled = Local {
            busy: true,
            password_problem: Some(Problem::TooManyAttempts(3)),
            sessions_problem: Some(Problem::Said(Text::NeedsConnection)),
            ..Local::default()
        };
        let html = part(&troubled, Language::En);
        assert!(html.contains("Wait 3 min"), "{html}");
        assert!(html.contains("You&#39;re offline") || html.contains("You're offline"));
        assert!(
            html.contains("data-testid=\"password-submit\" disabled>One moment"),
            "{html}"
        );
        assert_eq!(
            drawn::<Action>(&html),
            [Action::ChangePassword, Action::LoadSessions]
        );
        let changed = Local {
            password_changed: true,
            ..Local::default()
        };
        let html = part(&changed, Language::En);
        assert!(html.contains("data-testid=\"password-changed\""), "{html}");
        assert!(
            html.contains("One moment"),
            "the list is on its way: {html}"
        );
        assert!(!html.contains("form-error"));
    }
}
