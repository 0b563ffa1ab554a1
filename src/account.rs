//! Logging in and out.
//!
//! The PRW screens work before any login (everything stays on the phone); logging in adds sync.
//! A coordinator who logs in gets the team screens instead. A 401 from the server sends the user
//! to the login screen with everything on the phone kept. Logging out warns about changes that have
//! not reached the server, then deletes the phone's data.

use crate::icons::Icon;
use crate::io::{http, tabs};
use crate::markup::legacy::{button, clicks, form_error, icon, live, set_part, Fields};
use crate::router::use_router;
use crate::session::{self, use_account, LoginError, Role, User};
use crate::state::use_app;
use crate::sync::use_sync;
use crate::words::{live_text, message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_share::html::escape;
use std::fmt::Write;

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
        icon(Icon::Alert),
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

/// Who is logged in, and logging out: the warning about unsynced changes first, then the phone's
/// data deleted. Also the way to the login screen before any login.
pub(crate) fn account_html(
    language: Language,
    user: Option<&User>,
    pending: usize,
    confirming: bool,
) -> String {
    let say = |key| text(language, key);
    let mut html = format!(
        "<section class=\"card\" data-testid=\"account\"><h2>{}</h2>",
        say(Text::Account)
    );
    let Some(user) = user else {
        let _ = write!(
            html,
            "<p class=\"hint\">{}</p><a class=\"btn btn-primary\" href=\"/login\" data-testid=\"go-log-in\">{}</a></section>",
            say(Text::LoginHint),
            say(Text::LogIn)
        );
        return html;
    };
    let name = format!(
        "{} ({})",
        escape(&user.display_name),
        escape(&user.username)
    );
    let _ = write!(
        html,
        "<p data-testid=\"logged-in-as\">{}</p><p class=\"hint\">{}</p>",
        message(language, Message::LoggedInAs(&name)),
        say(Text::LogoutClears)
    );
    if confirming {
        let _ = write!(
            html,
            "<p class=\"notice notice-warn\" role=\"alert\" data-testid=\"unsynced-warning\">{}<span>{}</span></p>\
             <div class=\"btn-row\">{}{}{}</div>",
            icon(Icon::Alert),
            message(language, Message::UnsyncedBeforeLogout(pending)),
            button("", "sync-first", say(Text::SyncFirst), false),
            button("btn-danger", "log-out-anyway", say(Text::LogOutAnyway), false),
            button("", "cancel", text(language, Text::Cancel), false),
        );
    } else {
        html.push_str(&button("btn-danger", "log-out", say(Text::LogOut), false));
    }
    html.push_str("</section>");
    html
}

/// The account box (on More for a PRW, on Account for a coordinator).
pub(crate) fn account_section() -> impl IntoView {
    let i18n = use_i18n();
    let (account, app, sync) = (use_account(), use_app(), use_sync());
    let confirming = RwSignal::new(false);
    let pending = move || {
        if account.is_coordinator() {
            0
        } else {
            app.pending()
        }
    };
    let log_out = move || {
        leptos::task::spawn_local(async move {
            account.log_out(app).await;
            // A fresh page: nothing of the old session stays in memory.
            tabs::open("/login");
        });
    };
    let click = clicks(move |action| match action {
        "log-out" if untrack(pending) > 0 => confirming.set(true),
        "log-out" | "log-out-anyway" => log_out(),
        "sync-first" => {
            confirming.set(false);
            sync.sync_now();
        }
        "cancel" => confirming.set(false),
        _ => {}
    });
    let html = move || {
        let user = account.user();
        account_html(i18n.language(), user.as_ref(), pending(), confirming.get())
    };
    view! { <div on:click=click inner_html=live(html)></div> }
}

/// The coordinator's Account screen.
pub(crate) fn account_page() -> impl IntoView {
    view! {
        <h1>{live_text(Text::Account)}</h1>
        {account_section()}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn logging_out_warns_first_only_when_changes_wait() {
        let calm = account_html(Language::En, Some(&user()), 0, false);
        assert!(calm.contains("Logged in as Per &lt;3 (per)"));
        assert!(calm.contains("data-action=\"log-out\""));
        let warned = account_html(Language::En, Some(&user()), 2, true);
        assert!(warned.contains("2 change(s) haven't reached the server yet"));
        for action in ["sync-first", "log-out-anyway", "cancel"] {
            assert!(
                warned.contains(&format!("data-action=\"{action}\"")),
                "{action}"
            );
        }
        let nobody = account_html(Language::Nb, None, 0, false);
        assert!(nobody.contains("href=\"/login\"") && nobody.contains("Logg inn"));
    }
}
