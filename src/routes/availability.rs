//! Availability: when service users can reach the worker. Weekly windows, date overrides,
//! absences, public holidays, time zone, and who to call instead. Every change saves at once.

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::model::{changes, plan::WeekPlan};
use crate::parts::{
    absences::Absences, fallbacks::Fallbacks, overrides::Overrides, week_editor::WeekEditor,
};
use crate::state::use_app;
use crate::widgets::FormError;
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, RecordKind, OFFERED_TIMEZONES};
use serde_json::{json, Value};

#[component]
pub(crate) fn Availability() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let availability_id = ids::availability_id(app.worker_id());
    let plan = Signal::derive(move || {
        app.with_store(
            |store| match store.entry(availability_id).and_then(|e| e.live()) {
                Some(AnyRecord::Availability(availability)) => {
                    WeekPlan::from_windows(&availability.windows)
                }
                _ => WeekPlan::default(),
            },
        )
    });
    let save_plan = Callback::new(move |next: WeekPlan| {
        let fields = json!({ "windows": next.to_value() })
            .as_object()
            .cloned()
            .unwrap_or_default();
        report(
            app.write(changes::set(
                RecordKind::Availability,
                availability_id,
                fields,
            )),
            error,
            i18n,
        );
    });
    let set_profile = move |field: &str, value: Value| {
        let mut fields = serde_json::Map::new();
        fields.insert(field.to_owned(), value);
        report(
            app.write(changes::set(RecordKind::Profile, app.profile_id(), fields)),
            error,
            i18n,
        );
    };
    let zones = OFFERED_TIMEZONES
        .iter()
        .map(|zone| view! { <option value=*zone selected=move || app.profile().timezone.name() == *zone>{*zone}</option> })
        .collect_view();
    view! {
        <h1>{tr(Key::AvailabilityTitle)}</h1>
        <FormError error />
        <section class="card" aria-labelledby="weekly-heading">
            <h2 id="weekly-heading">{tr(Key::WeeklyHours)}</h2>
            <p class="hint">{tr(Key::WeeklyHoursHint)}</p>
            <WeekEditor plan on_change=save_plan />
        </section>
        <Overrides />
        <Absences />
        <section class="card">
            <h2>{tr(Key::MoreSettings)}</h2>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="observe-holidays"
                    prop:checked=move || app.profile().observe_public_holidays
                    on:change=move |e| set_profile("observe_public_holidays", Value::Bool(event_target_checked(&e)))
                />
                <span>{tr(Key::ObserveHolidays)}</span>
            </label>
            <label class="field">
                <span>{tr(Key::TimeZone)}</span>
                <select data-testid="timezone" on:change=move |e| set_profile("timezone", Value::String(event_target_value(&e)))>
                    {zones}
                </select>
            </label>
        </section>
        <Fallbacks />
    }
}

/// Shows a write's error under the heading, or clears it.
pub(crate) fn report(
    result: Result<(), peerline_core::Error>,
    error: RwSignal<Option<String>>,
    i18n: crate::i18n::I18n,
) {
    error.set(
        result
            .err()
            .map(|e| i18n.f(Msg::CheckField(e.field().unwrap_or("")))),
    );
}
