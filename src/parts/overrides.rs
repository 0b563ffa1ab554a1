//! Date overrides: a date with its own windows, or not reachable at all that day; replaces the
//! weekly windows for that date, holidays included (domain.md rule 3).

use crate::i18n::{tr, use_i18n, when, Key};
use crate::io::browser;
use crate::model::{
    changes,
    plan::{evening, parse_time},
    time,
};
use crate::routes::availability::report;
use crate::state::use_app;
use crate::widgets::{Check, FormError};
use chrono::NaiveDate;
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, DateOverride, RecordKind};
use serde_json::json;

#[component]
pub(crate) fn Overrides() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let date = RwSignal::new(String::new());
    let closed = RwSignal::new(true);
    let (evening_start, evening_end) = evening();
    let start = RwSignal::new(evening_start.to_string());
    let end = RwSignal::new(evening_end.to_string());
    let list = move || {
        let today = time::local(app.profile().timezone, app.now()).date();
        let mut overrides: Vec<DateOverride> = app.with_store(|store| {
            store
                .live(RecordKind::DateOverride)
                .filter_map(|record| match record {
                    AnyRecord::DateOverride(o) if o.date >= today => Some(o.clone()),
                    _ => None,
                })
                .collect()
        });
        overrides.sort_by_key(|o| o.date);
        overrides
    };
    let add = move |_| {
        let Ok(day) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            error.set(Some(i18n.t(Key::PickADate).to_owned()));
            return;
        };
        let windows = if closed.get_untracked() {
            json!([])
        } else {
            match (
                parse_time(&start.get_untracked()),
                parse_time(&end.get_untracked()),
            ) {
                (Some(from), Some(to)) if from < to => json!([{ "start": from, "end": to }]),
                _ => {
                    error.set(Some(i18n.t(Key::TimeNotUnderstood).to_owned()));
                    return;
                }
            }
        };
        let id = ids::date_override_id(app.worker_id(), day);
        let fields = json!({ "date": changes::date_text(day), "windows": windows })
            .as_object()
            .cloned()
            .unwrap_or_default();
        report(
            app.write(changes::set(RecordKind::DateOverride, id, fields)),
            error,
            i18n,
        );
    };
    view! {
        <section class="card" aria-labelledby="overrides-heading" data-testid="overrides">
            <h2 id="overrides-heading">{tr(Key::DateOverrides)}</h2>
            <ul class="list">
                {move || {
                    let locale = i18n.locale();
                    list()
                        .into_iter()
                        .map(|o| {
                            let id = o.id;
                            let windows = if o.windows.is_empty() {
                                i18n.t(Key::NotReachable).to_owned()
                            } else {
                                o.windows.iter().map(|w| format!("{}–{}", w.start, w.end)).collect::<Vec<_>>().join(", ")
                            };
                            view! {
                                <li class="list-row">
                                    <span>{when::date(locale, o.date)} ": " {windows}</span>
                                    <button type="button" class="btn btn-quiet" aria-label=i18n.t(Key::Delete)
                                        on:click=move |_| { let _ = app.write(changes::delete(RecordKind::DateOverride, id)); }>
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <label class="field">
                <span>{tr(Key::Date)}</span>
                <input type="date" data-testid="override-date" min=move || changes::date_text(time::local(app.profile().timezone, browser::now()).date())
                    prop:value=move || date.get() on:input=move |e| date.set(event_target_value(&e)) />
            </label>
            <Check label=Key::NotReachableThatDay value=closed test_id="override-closed" />
            <Show when=move || !closed.get()>
                <div class="add-window">
                    <label class="field">
                        <span>{tr(Key::From)}</span>
                        <input type="time" prop:value=move || start.get() on:input=move |e| start.set(event_target_value(&e)) />
                    </label>
                    <label class="field">
                        <span>{tr(Key::To)}</span>
                        <input type="time" prop:value=move || end.get() on:input=move |e| end.set(event_target_value(&e)) />
                    </label>
                </div>
            </Show>
            <FormError error />
            <button type="button" class="btn" data-testid="add-override" on:click=add>{tr(Key::AddOverride)}</button>
        </section>
    }
}
