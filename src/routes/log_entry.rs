//! One log entry: edit it, or delete it (the button asks once more before it deletes).
//!
//! One text (the form of `parts::log_form` and the delete button), drawn once per entry, with
//! one delegated handler for the submit and one for the button.

use crate::markup::legacy::{action_of, live, Fields};
use crate::model::changes;
use crate::parts::log_form;
use crate::router::use_router;
use crate::state::use_app;
use crate::words::{self, use_i18n, Text};
use leptos::prelude::*;
use peerline_core::{AnyRecord, RecordKind};
use uuid::Uuid;
use wasm_bindgen::JsCast;

#[component]
pub(crate) fn LogEntry() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    log_form::keep_people_current(app, i18n);
    let id = Memo::new(move |_| Uuid::try_parse(&router.param("id")?).ok());
    let html = move || {
        let language = i18n.language();
        let id = id.get();
        let say = |key| words::text(language, key);
        untrack(|| {
            let log = app.with_store(|store| match store.entry(id?)?.live()? {
                AnyRecord::Log(log) => Some(log.clone()),
                _ => None,
            });
            let Some(log) = log else {
                return format!(
                    "<h1>{}</h1><a href=\"/log\">{}</a>",
                    say(Text::NotFound),
                    say(Text::LogTitle)
                );
            };
            let form = log_form::form_html(
                language,
                &log_form::loggable_contacts(app),
                Some(&log),
                app.profile().timezone,
                crate::io::browser::now(),
            );
            format!(
                "<h1>{}</h1>{form}<div class=\"btn-row\"><button type=\"button\" class=\"btn btn-danger\" \
                 data-testid=\"delete-log\" data-action=\"delete-log\">{}</button></div>",
                say(Text::EditLogEntry),
                say(Text::Delete)
            )
        })
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        let Some(fields) = Fields::of(&event) else {
            return;
        };
        if log_form::save(app, i18n, id.get_untracked(), &fields) {
            router.push("/log");
        }
    };
    // The first tap turns the button into "Tap again to delete" (kept on the button itself, so a
    // redraw starts over); the second deletes.
    let click = move |event: leptos::ev::MouseEvent| {
        if action_of(&event).as_deref() != Some("delete-log") {
            return;
        }
        let Some(button) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.closest("[data-action]").ok().flatten())
        else {
            return;
        };
        if button.get_attribute("data-confirm").is_none() {
            let _ = button.set_attribute("data-confirm", "");
            button.set_text_content(Some(i18n.text(Text::ConfirmDelete)));
            return;
        }
        let Some(log_id) = id.get_untracked() else {
            return;
        };
        if app.write(changes::delete(RecordKind::Log, log_id)).is_ok() {
            router.push("/log");
        }
    };
    view! { <div on:submit=save on:click=click inner_html=live(html)></div> }
}
