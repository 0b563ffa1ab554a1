//! Logging in and out: the login screen and the account box (`render_section`, on More and on the
//! coordinator's Account screen), both in the screen shape (`markup`); `invite`, accepting an
//! invite, which ends the way a login does.
//!
//! The PRW screens work before any login (everything stays on the phone); logging in adds sync.
//! A coordinator who logs in gets the team screens instead. A 401 from the server sends the user
//! to the login screen with everything on the phone kept. Logging out warns about changes that have
//! not reached the server, then deletes the phone's data.

pub(crate) mod invite;

use crate::icons::Icon;
use crate::io::{http, tabs};
use crate::markup::{self, actions, form_error, html, icon, Markup, Mounted, Render, Used};
use crate::parts::security;
use crate::router::use_router;
use crate::session::{self, use_account, LoginError, Role, User};
use crate::state::use_app;
use crate::sync::use_sync;
use crate::words::{message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;

/// Why a login failed, in words.
fn login_error(language: Language, reason: LoginError) -> String {
    match reason {
        LoginError::InvalidCredentials => text(language, Text::InvalidCredentials).into(),
        LoginError::TooManyAttempts(minutes) => {
            message(language, Message::TooManyAttempts(minutes))
        }
        LoginError::Offline => text(language, Text::LoginOffline).into(),
        LoginError::Failed => text(language, Text::LoginFailed).into(),
        LoginError::OtherAccount(name) => message(language, Message::OtherAccount(&name)),
    }
}

actions! {
    /// What the login screen does.
    pub(crate) enum LoginAction {
        /// The form was submitted.
        LogIn = "log-in",
    }
}

/// What the login screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LoginLocal {
    /// Why the last try failed, in words.
    pub(crate) error: Option<String>,
    /// The request is out.
    pub(crate) busy: bool,
}

/// Everything the login screen shows.
pub(crate) struct LoginModel<'a> {
    pub(crate) language: Language,
    /// The account's state: `None` before any login, `Some(false)` when the server ended the
    /// session (then the username is the account's, and there is no going on without it).
    pub(crate) signed_in: Option<bool>,
    /// The username the field starts with.
    pub(crate) username: &'a str,
    pub(crate) local: &'a LoginLocal,
}

/// One of the login form's two inputs.
fn login_input(label: &str, kind: &str, complete: &str, test_id: &str, value: &str) -> Markup {
    html! {
        label.field {
            span { (label) }
            input type=(kind) name=(complete) autocomplete=(complete) autocapitalize="none"
                spellcheck="false" required data-testid=(test_id) value=(value);
        }
    }
}

/// The login screen: the note that the session ended, the form, and going on without an account.
pub(crate) fn render_login(model: &LoginModel) -> Markup {
    let say = |key| text(model.language, key);
    let local = model.local;
    html! {
        h1 { (say(Text::LogIn)) }
        @if model.signed_in == Some(false) {
            p.notice.notice-warn role="alert" data-testid="session-ended" {
                (icon(Icon::Alert)) span { (say(Text::SessionEnded)) }
            }
        }
        form.card novalidate data-testid="login-form" data-action=(LoginAction::LogIn) {
            p.hint { (say(Text::LoginHint)) }
            (login_input(say(Text::Username), "text", "username", "login-username", model.username))
            (login_input(say(Text::Password), "password", "current-password", "login-password", ""))
            (form_error(local.error.as_deref()))
            button.btn.btn-primary.btn-wide type="submit" data-testid="login-submit" disabled[local.busy] {
                (say(if local.busy { Text::LoggingIn } else { Text::LogIn }))
            }
        }
        @if model.signed_in.is_none() {
            p { a href="/" data-testid="continue-without" { (say(Text::ContinueWithout)) } }
        }
    }
}

/// Shows the login screen in `element`. A login moves on to the role's first screen; what was
/// typed stays in the form while the request is out and after a failure.
pub(crate) fn mount_login(element: web_sys::Element) -> Mounted {
    let door = Door::here();
    let username = untrack(|| door.account.user())
        .map(|user| user.username)
        .unwrap_or_default();
    let local = RwSignal::new(LoginLocal::default());
    markup::mount(
        element,
        move || {
            local.with(|local| {
                render_login(&LoginModel {
                    language: door.i18n.language(),
                    signed_in: door.account.signed_in(),
                    username: &username,
                    local,
                })
            })
        },
        move |action, used: &Used| match action {
            LoginAction::LogIn => {
                let Some(fields) = used.fields() else {
                    return;
                };
                if local.with_untracked(|local| local.busy) {
                    return;
                }
                let body = serde_json::json!({
                    "username": fields.text("username").trim(),
                    "password": fields.text("current-password"),
                })
                .to_string();
                local.set(LoginLocal {
                    error: None,
                    busy: true,
                });
                leptos::task::spawn_local(async move {
                    let reply = http::send("POST", "/api/v1/auth/login", None, Some(&body)).await;
                    let error = door.enter(reply).err();
                    let language = untrack(|| door.i18n.language());
                    let error = error.map(|reason| login_error(language, reason));
                    // `try_`: the screen may be gone by now.
                    local.try_set(LoginLocal { error, busy: false });
                });
            }
        },
    )
}

/// What a screen that logs someone in needs, taken while the screen is made: a spawned task has
/// no context to find them in.
#[derive(Clone, Copy)]
pub(crate) struct Door {
    pub(crate) account: crate::session::Account,
    pub(crate) app: crate::state::App,
    pub(crate) sync: crate::sync::Sync,
    pub(crate) router: crate::router::Router,
    pub(crate) i18n: crate::words::I18n,
}

impl Door {
    pub(crate) fn here() -> Door {
        Door {
            account: use_account(),
            app: use_app(),
            sync: use_sync(),
            router: use_router(),
            i18n: use_i18n(),
        }
    }

    /// Takes the answer to a login (or to an accepted invite): the session begins and the role's
    /// first screen opens, or the reason it did not.
    pub(crate) fn enter(
        self,
        reply: Result<http::Reply, http::Unreachable>,
    ) -> Result<(), LoginError> {
        let session = match reply {
            Ok(reply) => session::login_reply(&reply)?,
            Err(_) if !self.sync.online.get_untracked() => return Err(LoginError::Offline),
            Err(_) => return Err(LoginError::Failed),
        };
        let role = session.user.role;
        self.account.begin(self.app, session)?;
        self.router.push(first_screen(role));
        Ok(())
    }
}

/// Where a role starts.
pub(crate) fn first_screen(role: Role) -> &'static str {
    if role == Role::Coordinator {
        "/team"
    } else {
        "/"
    }
}

actions! {
    /// What the account box's buttons do.
    pub(crate) enum SectionAction {
        LogOut = "log-out",
        LogOutAnyway = "log-out-anyway",
        SyncFirst = "sync-first",
        Cancel = "cancel",
    }
}

/// What the account box shows: who is logged in, the changes still waiting, and whether the
/// warning about them is open.
pub(crate) struct Section {
    pub(crate) user: Option<User>,
    pub(crate) pending: usize,
    pub(crate) confirming: bool,
}

/// The account box now (tracked); `confirming` is the holder's state.
pub(crate) fn section(confirming: bool) -> Section {
    let (account, app) = (use_account(), use_app());
    Section {
        user: account.user(),
        pending: if account.is_coordinator() {
            0
        } else {
            app.pending()
        },
        confirming,
    }
}

/// Does what an account box button says; returns whether the warning is open after it.
pub(crate) fn update_section(action: SectionAction, pending: usize) -> bool {
    let (account, app, sync) = (use_account(), use_app(), use_sync());
    let log_out = move || {
        leptos::task::spawn_local(async move {
            account.log_out(app).await;
            // A fresh page: nothing of the old session stays in memory.
            tabs::open("/login");
        });
    };
    match action {
        SectionAction::LogOut if pending > 0 => return true,
        SectionAction::LogOut | SectionAction::LogOutAnyway => log_out(),
        SectionAction::SyncFirst => sync.sync_now(),
        SectionAction::Cancel => {}
    }
    false
}

/// Who is logged in, and logging out: the warning about unsynced changes first, then the phone's
/// data deleted. Also the way to the login screen before any login. Actions made by `act`.
pub(crate) fn render_section<A: Render>(
    language: Language,
    section: &Section,
    act: impl Fn(SectionAction) -> A,
) -> Markup {
    let say = |key| text(language, key);
    html! {
        section.card data-testid="account" {
            h2 { (say(Text::Account)) }
            @if let Some(user) = &section.user {
                p data-testid="logged-in-as" {
                    (message(language, Message::LoggedInAs(&format!("{} ({})", user.display_name, user.username))))
                }
                p.hint { (say(Text::LogoutClears)) }
                @if section.confirming {
                    p.notice.notice-warn role="alert" data-testid="unsynced-warning" {
                        (icon(Icon::Alert))
                        span { (message(language, Message::UnsyncedBeforeLogout(section.pending))) }
                    }
                    div.btn-row {
                        button.btn type="button" data-testid="sync-first" data-action=(act(SectionAction::SyncFirst)) {
                            (say(Text::SyncFirst))
                        }
                        button.btn.btn-danger type="button" data-testid="log-out-anyway" data-action=(act(SectionAction::LogOutAnyway)) {
                            (say(Text::LogOutAnyway))
                        }
                        button.btn type="button" data-testid="cancel" data-action=(act(SectionAction::Cancel)) {
                            (say(Text::Cancel))
                        }
                    }
                } @else {
                    button.btn.btn-danger type="button" data-testid="log-out" data-action=(act(SectionAction::LogOut)) {
                        (say(Text::LogOut))
                    }
                }
            } @else {
                p.hint { (say(Text::LoginHint)) }
                a.btn.btn-primary href="/login" data-testid="go-log-in" { (say(Text::LogIn)) }
            }
        }
    }
}

actions! {
    /// What the coordinator's Account screen does: the account box's, and the password and
    /// sessions part's (`parts::security`).
    pub(crate) enum PageAction {
        Account { action: SectionAction } = "account",
        Security { action: security::Action } = "security",
    }
}

/// The coordinator's Account screen: the account box under its title, then the password and the
/// sessions.
pub(crate) fn mount_page(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let security = security::Security::start();
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            let section = section(confirming.get());
            let secure = security.local();
            html! {
                h1 { (text(language, Text::Account)) }
                (render_section(language, &section, |action| PageAction::Account { action }))
                @if let Some(local) = &secure {
                    (security::render(language, &security::Model { local, moment: &crate::sync::view::moment_text },
                        |action| PageAction::Security { action }))
                }
            }
        },
        move |action, used| match action {
            PageAction::Account { action } => {
                let pending = untrack(|| section(false).pending);
                confirming.set(update_section(action, pending));
            }
            PageAction::Security { action } => security.update(action, used),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;

    fn login(signed_in: Option<bool>, username: &str, local: &LoginLocal) -> String {
        render_login(&LoginModel {
            language: Language::En,
            signed_in,
            username,
            local,
        })
        .into_string()
    }

    #[test]
    fn the_login_form_keeps_the_username_escaped_and_says_the_session_ended() {
        let busy = LoginLocal {
            error: Some("Nope".into()),
            busy: true,
        };
        let ended = login(Some(false), "<b>&\"", &busy);
        assert!(
            ended.contains("data-testid=\"login-username\" value=\"&lt;b&gt;&amp;&quot;\""),
            "{ended}"
        );
        assert!(ended.contains("data-testid=\"session-ended\""));
        assert!(ended.contains("data-testid=\"form-error\""));
        assert!(ended.contains("data-testid=\"login-submit\" disabled>Logging in"));
        assert!(!ended.contains("continue-without"), "{ended}");
        let fresh = login(None, "", &LoginLocal::default());
        assert!(!fresh.contains("session-ended"));
        assert!(fresh.contains("<p><a href=\"/\" data-testid=\"continue-without\">"));
        assert!(!fresh.contains("form-error") && !fresh.contains(" disabled"));
        assert_eq!(drawn::<LoginAction>(&fresh), [LoginAction::LogIn]);
        // Logged in, the session alive: nothing ended, no way around the account.
        let alive = login(Some(true), "per", &LoginLocal::default());
        assert!(!alive.contains("session-ended") && !alive.contains("continue-without"));
    }

    fn user() -> User {
        User {
            id: uuid::Uuid::nil(),
            username: "per".into(),
            display_name: "Per <3".into(),
            role: Role::Worker,
            team_id: uuid::Uuid::nil(),
        }
    }

    fn section(user: Option<User>, pending: usize, confirming: bool, language: Language) -> String {
        let section = Section {
            user,
            pending,
            confirming,
        };
        render_section(language, &section, |action| action).into_string()
    }

    #[test]
    fn logging_out_warns_first_only_when_changes_wait() {
        let calm = section(Some(user()), 0, false, Language::En);
        assert!(calm.contains("Logged in as Per &lt;3 (per)"), "{calm}");
        assert_eq!(drawn::<SectionAction>(&calm), [SectionAction::LogOut]);
        let warned = section(Some(user()), 2, true, Language::En);
        assert!(warned.contains("2 change(s) haven't reached the server yet"));
        assert_eq!(
            drawn::<SectionAction>(&warned),
            [
                SectionAction::SyncFirst,
                SectionAction::LogOutAnyway,
                SectionAction::Cancel
            ]
        );
        let nobody = section(None, 0, false, Language::Nb);
        assert!(nobody.contains("href=\"/login\"") && nobody.contains("Logg inn"));
    }
}
