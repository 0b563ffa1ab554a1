//! One log entry: edit it, or delete it (the button asks once more before it deletes).

use crate::i18n::{use_i18n, Key};
use crate::model::changes;
use crate::parts::log_form::LogForm;
use crate::router::use_router;
use crate::state::use_app;
use leptos::prelude::*;
use peerline_core::{AnyRecord, RecordKind};
use uuid::Uuid;

#[component]
pub(crate) fn LogEntry() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let id = Memo::new(move |_| Uuid::try_parse(&router.param("id")?).ok());
    let log = move || {
        let id = id.get()?;
        untrack(|| {
            app.with_store(|store| match store.entry(id)?.live()? {
                AnyRecord::Log(log) => Some(log.clone()),
                _ => None,
            })
        })
    };
    let confirm = RwSignal::new(false);
    move || match log() {
        None => {
            view! { <h1>{i18n.t(Key::NotFound)}</h1> <a href="/log">{i18n.t(Key::LogTitle)}</a> }
                .into_any()
        }
        Some(log) => {
            let log_id = log.id;
            let delete = move |_| {
                if !confirm.get_untracked() {
                    confirm.set(true);
                    return;
                }
                if app.write(changes::delete(RecordKind::Log, log_id)).is_ok() {
                    router.push("/log");
                }
            };
            view! {
                    <h1>{i18n.t(Key::EditLogEntry)}</h1>
                    <LogForm existing=Some(log) on_saved=Callback::new(move |_| router.push("/log")) />
                    <div class="btn-row">
                        <button type="button" class="btn btn-danger" data-testid="delete-log" on:click=delete>
                            {move || i18n.t(if confirm.get() { Key::ConfirmDelete } else { Key::Delete })}
                        </button>
                    </div>
                }
                .into_any()
        }
    }
}
