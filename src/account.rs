//! Logging in and out. The account box (`render_section`, on More and on the coordinator's
//! Account screen) is in the screen shape (`markup`); the login screen is not converted yet.
//!
//! The PRW screens work before any login (everything stays on the phone); logging in adds sync.
//! A coordinator who logs in gets the team screens instead. A 401 from the server sends the user
//! to the login screen with everything on the phone kept. Logging out warns about changes that have
//! not reached the server, then deletes the phone's data.

use crate::icons::Icon;
use crate::io::{http, tabs};
use crate::markup::legacy::{form_error, icon as icon_text, live, set_part, Fields};
use crate::markup::{self, actions, html, icon, Markup, Mounted, Render};
use crate::parts::security;
use crate::router::use_router;
use crate::session::{self, use_account, LoginError, Role, User};
use crate::state::use_app;
use crate::sync::use_sync;
use crate::words::{message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_share::html::escape;

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

/// One of the login form's two inputs; `value` is escaped here.
fn login_input(
    label: Text,
    language: Language,
    kind: &str,
    complete: &str,
    test_id: &str,
    value: &str,
) -> String {
    format!(
        "<label class=\"field\"><span>{}</span><input type=\"{kind}\" name=\"{complete}\" \
         autocomplete=\"{complete}\" autocapitalize=\"none\" spellcheck=\"false\" required \
         data-testid=\"{test_id}\" value=\"{}\"></label>",
        text(language, label),
        escape(value)
    )
}

/// The login screen's submit button: disabled, and saying so, while the request is out.
fn login_button(language: Language, busy: bool) -> String {
    format!(
        "<button type=\"submit\" class=\"btn btn-primary btn-wide\" data-testid=\"login-submit\"{}>{}</button>",
        if busy { " disabled" } else { "" },
        text(language, if busy { Text::LoggingIn } else { Text::LogIn })
    )
}

/// The login screen as text. `signed_in` is the account's state (`Some(false)`: the server ended
/// the session). A submit changes the error's slot and the button without drawing the form again.
fn login_html(
    language: Language,
    signed_in: Option<bool>,
    username: &str,
    error: Option<&str>,
    busy: bool,
) -> String {
    let say = |key| text(language, key);
    format!(
        "<h1>{}</h1><p class=\"notice notice-warn\" role=\"alert\" data-testid=\"session-ended\"{}>{}<span>{}</span></p>\
         <form class=\"card\" novalidate data-testid=\"login-form\"><p class=\"hint\">{}</p>{}{}\
         <div data-part=\"error\">{}</div>{}</form>\
         <p{}><a href=\"/\" data-testid=\"continue-without\">{}</a></p>",
        say(Text::LoginTitle),
        if signed_in == Some(false) { "" } else { " hidden" },
        icon_text(Icon::Alert),
        say(Text::SessionEnded),
        say(Text::LoginHint),
        login_input(Text::Username, language, "text", "username", "login-username", username),
        login_input(Text::Password, language, "password", "current-password", "login-password", ""),
        form_error(error),
        login_button(language, busy),
        if signed_in.is_some() { " hidden" } else { "" },
        say(Text::ContinueWithout),
    )
}

pub(crate) fn login_page() -> impl IntoView {
    let i18n = use_i18n();
    let (account, app, sync) = (use_account(), use_app(), use_sync());
    let router = use_router();
    let known = untrack(|| account.user());
    let username = RwSignal::new(known.map(|u| u.username).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        let Some(fields) = Fields::of(&event) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let language = untrack(|| i18n.language());
        username.set(fields.text("username"));
        // The error slot and the button itself, not the form: what was typed and where the focus
        // is stay.
        let form = fields.form.clone();
        let show = move |busy: bool, said: Option<String>| {
            set_part(&form, "error", &form_error(said.as_deref()));
            if let Ok(Some(button)) = form.query_selector("[type=\"submit\"]") {
                let _ = button.toggle_attribute_with_force("disabled", busy);
                button.set_text_content(Some(text(
                    language,
                    if busy { Text::LoggingIn } else { Text::LogIn },
                )));
            }
        };
        busy.set(true);
        error.set(None);
        show(true, None);
        let body = serde_json::json!({
            "username": fields.text("username").trim(),
            "password": fields.text("current-password"),
        })
        .to_string();
        leptos::task::spawn_local(async move {
            let outcome = match http::send("POST", "/api/v1/auth/login", None, Some(&body)).await {
                Ok(reply) => session::login_reply(&reply),
                Err(_) if !sync.online.get_untracked() => Err(LoginError::Offline),
                Err(_) => Err(LoginError::Failed),
            };
            let outcome = outcome.and_then(|session| {
                let role = session.user.role;
                account.begin(app, session).map(|()| role)
            });
            // `try_`: the screen may have gone while the request was out.
            busy.try_set(false);
            match outcome {
                Ok(role) => {
                    show(false, None);
                    router.push(if role == Role::Coordinator {
                        "/team"
                    } else {
                        "/"
                    });
                }
                Err(reason) => {
                    let said = login_error(language, reason);
                    error.try_set(Some(said.clone()));
                    show(false, Some(said));
                }
            }
        });
    };
    // Drawn again only when the language or the session changes; typed values and the last
    // error come along (the password is asked again).
    let html = move || {
        login_html(
            i18n.language(),
            account.signed_in(),
            &username.get_untracked(),
            error.get_untracked().as_deref(),
            busy.get_untracked(),
        )
    };
    view! { <div on:submit=submit inner_html=live(html)></div> }
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

    #[test]
    fn the_login_form_keeps_the_username_escaped_and_says_the_session_ended() {
        let ended = login_html(Language::En, Some(false), "<b>&\"", Some("Nope"), true);
        assert!(ended.contains("data-testid=\"login-username\" value=\"&lt;b&gt;&amp;&quot;\""));
        assert!(ended.contains("data-testid=\"session-ended\">"));
        assert!(ended.contains("data-testid=\"form-error\""));
        assert!(ended.contains("data-testid=\"login-submit\" disabled>"));
        assert!(ended.contains("<p hidden><a href=\"/\" data-testid=\"continue-without\">"));
        let fresh = login_html(Language::En, None, "", None, false);
        assert!(fresh.contains("data-testid=\"session-ended\" hidden>"));
        assert!(fresh.contains("<p><a href=\"/\""));
        assert!(!fresh.contains("form-error") && !fresh.contains(" disabled"));
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
