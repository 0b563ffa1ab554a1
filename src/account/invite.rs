//! Accepting an invite (issue 13): `/invite/CODE` opens "choose your username and password", which
//! sends `POST /auth/accept-invite` and, on its login answer, begins the session as a login does
//! (`Door::enter`): a worker lands on Today, a coordinator on the team screens (in the PRW's build
//! that address loads the coordinator's build). In the PRW's build, so it costs the size budget:
//! the screen reuses the login screen's parts.
//!
//! The password rule (12 to 128 characters, not the username) is checked here first so a short
//! password gets its clear error without a round trip; the server checks it again and is the one
//! that decides.

use super::{login_error, login_input, Door};
use crate::io::http;
use crate::markup::{self, actions, form_error, html, FormValues, Markup, Mounted, Used};
use crate::router::use_router;
use crate::session::LoginError;
use crate::words::{text, Language, Text};
use leptos::prelude::*;

actions! {
    /// What the screen does.
    pub(crate) enum Action {
        /// The form was submitted.
        Accept = "accept-invite",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Local {
    /// Why the last try failed, in words.
    pub(crate) error: Option<String>,
    /// The request is out.
    pub(crate) busy: bool,
}

/// The form: a username and a password of one's own choosing.
pub(crate) fn render(language: Language, local: &Local) -> Markup {
    let say = |key| text(language, key);
    html! {
        h1 { (say(Text::AcceptInviteTitle)) }
        form.card novalidate data-testid="accept-invite-form" data-action=(Action::Accept) {
            p.hint { (say(Text::AcceptInviteHint)) }
            (login_input(say(Text::ChooseUsername), "text", "username", "invite-username", ""))
            (login_input(say(Text::ChoosePassword), "password", "new-password", "invite-password", ""))
            p.hint.small { (say(Text::PasswordRule)) }
            (form_error(local.error.as_deref()))
            button.btn.btn-primary.btn-wide type="submit" data-testid="accept-invite" disabled[local.busy] {
                (say(if local.busy { Text::Accepting } else { Text::AcceptInvite }))
            }
        }
    }
}

/// The username and password the form holds, or what is wrong with them before asking the
/// server (api.md: passwords of 12 to 128 characters, not the username; usernames 1 to 64).
pub(crate) fn chosen(fields: &impl FormValues) -> Result<(String, String), Text> {
    let username = fields.text("username").trim().to_owned();
    let password = fields.text("new-password");
    let length = |text: &str| text.chars().count();
    if username.is_empty() || length(&username) > 64 {
        return Err(Text::UsernameInvalid);
    }
    if !(12..=128).contains(&length(&password)) || password == username {
        return Err(Text::WeakPassword);
    }
    Ok((username, password))
}

/// What a refusal of `POST /auth/accept-invite` means to the person, by its status and code;
/// `None` for an answer a login would give too (200, 429), which `Door::enter` reads.
pub(crate) fn refusal(status: u16, code: &str) -> Option<Text> {
    match (status, code) {
        (200, _) | (429, _) => None,
        (404, _) => Some(Text::InviteNotFound),
        (409, _) => Some(Text::UsernameTaken),
        (400, "weak_password") => Some(Text::WeakPassword),
        (400, "invalid_username") => Some(Text::UsernameInvalid),
        _ => Some(Text::LoginFailed),
    }
}

/// Shows the screen for the route's `:code` in `element`.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let door = Door::here();
    let code = untrack(|| use_router().param("code")).unwrap_or_default();
    let local = RwSignal::new(Local::default());
    markup::mount(
        element,
        move || local.with(|local| render(door.i18n.language(), local)),
        move |action, used: &Used| match action {
            Action::Accept => {
                let Some(fields) = used.fields() else {
                    return;
                };
                if local.with_untracked(|local| local.busy) {
                    return;
                }
                let language = untrack(|| door.i18n.language());
                let (username, password) = match chosen(&fields) {
                    Ok(chosen) => chosen,
                    Err(error) => {
                        let error = Some(text(language, error).to_owned());
                        local.set(Local { error, busy: false });
                        return;
                    }
                };
                let body = serde_json::json!({
                    "code": code, "username": username, "password": password,
                })
                .to_string();
                local.set(Local {
                    error: None,
                    busy: true,
                });
                leptos::task::spawn_local(async move {
                    let reply =
                        http::send("POST", "/api/v1/auth/accept-invite", None, Some(&body)).await;
                    let refused = reply.as_ref().ok().and_then(|reply| {
                        let code = http::error_of(&reply.body).map(|e| e.0).unwrap_or_default();
                        refusal(reply.status, &code)
                    });
                    let error = match refused {
                        Some(refused) => Some(text(language, refused).to_owned()),
                        None => door
                            .enter(reply)
                            .err()
                            .map(|reason: LoginError| login_error(language, reason)),
                    };
                    // `try_`: the screen is gone once the session began.
                    local.try_set(Local { error, busy: false });
                });
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;

    #[test]
    fn the_form_asks_for_a_new_password_and_says_why_it_failed() {
        let fresh = render(Language::En, &Local::default()).into_string();
        assert_eq!(drawn::<Action>(&fresh), [Action::Accept]);
        assert!(fresh.contains("autocomplete=\"new-password\""), "{fresh}");
        assert!(fresh.contains("At least 12 characters") && !fresh.contains("form-error"));
        let failed = Local {
            error: Some("<b>no".into()),
            busy: true,
        };
        let failed = render(Language::Nb, &failed).into_string();
        assert!(
            failed.contains("&lt;b&gt;no") && failed.contains(" disabled>"),
            "{failed}"
        );
        assert!(failed.contains("Lager kontoen"));
    }

    #[test]
    fn a_password_is_checked_before_it_is_sent() {
        let cases: [(&str, &str, Result<(), Text>); 6] = [
            ("ola", "kort", Err(Text::WeakPassword)),
            ("ola", "elleve tegn", Err(Text::WeakPassword)),
            ("ola", "tolv tegn nå", Ok(())),
            ("", "a long enough password", Err(Text::UsernameInvalid)),
            ("same password", "same password", Err(Text::WeakPassword)),
            ("ola", &"æ".repeat(129), Err(Text::WeakPassword)),
        ];
        for (username, password, expected) in cases {
            let fields = [("username", username), ("new-password", password)];
            let got = chosen(&Table(&fields)).map(|_| ());
            assert_eq!(got, expected, "{username:?} {password:?}");
        }
    }

    #[test]
    fn the_servers_refusals_read_as_what_to_do() {
        let cases = [
            (200, "", None),
            (429, "too_many_attempts", None),
            (404, "invite_not_found", Some(Text::InviteNotFound)),
            (409, "username_taken", Some(Text::UsernameTaken)),
            (400, "weak_password", Some(Text::WeakPassword)),
            (400, "invalid_username", Some(Text::UsernameInvalid)),
            (500, "internal", Some(Text::LoginFailed)),
        ];
        for (status, code, expected) in cases {
            assert_eq!(refusal(status, code), expected, "{status} {code}");
        }
    }
}
