//! One log entry: edit it, or delete it (the button asks once more before it deletes). In the
//! screen shape (`markup`): the log form (`parts::log_form`) of the entry, and a delete button.

use crate::markup::{self, actions, html, Markup, Mounted, Used};
use crate::parts::log_form;
use crate::router::use_router;
use crate::state::use_app;
use crate::words::{text, use_i18n, Text};
use leptos::prelude::*;
use peerline_core::{AnyRecord, RecordKind};
use uuid::Uuid;

actions! {
    /// What a log entry's controls do.
    pub(crate) enum Action {
        Form { action: log_form::Action } = "form",
        /// The first tap asks ("Yes, delete"), the second deletes.
        Delete = "delete-log",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    pub(crate) confirm_delete: bool,
    pub(crate) error: Option<String>,
}

/// Shows the routed entry in `element`, following the store and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let id = untrack(|| router.param("id")).and_then(|id| Uuid::try_parse(&id).ok());
    let opened = crate::io::browser::now();
    let local = RwSignal::new(Local::default());
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            let say = |key| text(language, key);
            let log = app.with_store(|store| match store.entry(id?)?.live()? {
                AnyRecord::Log(log) => Some(log.clone()),
                _ => None,
            });
            let Some(log) = log else {
                return html! {
                    h1 { (say(Text::NotFound)) }
                    a href="/log" { (say(Text::LogTitle)) }
                };
            };
            let contacts = log_form::loggable_contacts(app);
            local.with(|local| {
                let form = log_form::Form {
                    language,
                    contacts: &contacts,
                    existing: Some(&log),
                    zone: app.profile().timezone,
                    opened,
                    error: local.error.as_deref(),
                };
                render(language, &form, local)
            })
        },
        move |action, used: &Used| {
            let Some(id) = id else {
                return;
            };
            match action {
                Action::Form {
                    action: log_form::Action::Minutes { minutes },
                } => log_form::set_minutes(used, minutes),
                Action::Form {
                    action: log_form::Action::Save,
                } => {
                    let Some(fields) = used.fields() else {
                        return;
                    };
                    match log_form::save(app, Some(id), &fields) {
                        Ok(()) => router.push("/log"),
                        Err(error) => local.update(|local| local.error = Some(error)),
                    }
                }
                Action::Delete if !local.get_untracked().confirm_delete => {
                    local.update(|local| local.confirm_delete = true);
                }
                Action::Delete => {
                    if app
                        .write(crate::model::changes::delete(RecordKind::Log, id))
                        .is_ok()
                    {
                        router.push("/log");
                    }
                }
            }
        },
    )
}

/// The entry's form and its delete button.
pub(crate) fn render(
    language: crate::words::Language,
    form: &log_form::Form,
    local: &Local,
) -> Markup {
    let say = |key| text(language, key);
    html! {
        h1 { (say(Text::EditLogEntry)) }
        (log_form::render(form, |action| Action::Form { action }))
        div.btn-row {
            button.btn.btn-danger type="button" data-testid="delete-log" data-action=(Action::Delete) {
                (say(if local.confirm_delete { Text::ConfirmDelete } else { Text::Delete }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::words::Language;
    use chrono::TimeZone;
    use peerline_core::Contact;

    #[test]
    fn every_action_drawn_is_handled_and_deleting_asks_once_more() {
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
            .unwrap();
        let log = log_form::a_call(at);
        let contacts = [Contact::with_defaults(Uuid::from_u128(1), "Ola")];
        let form = log_form::Form {
            language: Language::En,
            contacts: &contacts,
            existing: Some(&log),
            zone: chrono_tz::Europe::Oslo,
            opened: at,
            error: None,
        };
        let calm = render(Language::En, &form, &Local::default()).into_string();
        let in_form = |action| Action::Form { action };
        let quick = |minutes| in_form(log_form::Action::Minutes { minutes });
        assert_eq!(
            drawn::<Action>(&calm),
            [
                in_form(log_form::Action::Save),
                quick(5),
                quick(15),
                quick(30),
                quick(60),
                Action::Delete
            ]
        );
        assert!(calm.contains(">Delete</button>"), "{calm}");
        let asking = Local {
            confirm_delete: true,
            error: None,
        };
        let asking = render(Language::En, &form, &asking).into_string();
        assert!(asking.contains(">Yes, delete</button>"), "{asking}");
    }
}
