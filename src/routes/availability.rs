//! Availability: when service users can reach the worker. Weekly windows, date overrides,
//! absences, public holidays, time zone, and who to call instead. Every change saves at once.
//!
//! The screen is HTML text (`markup`), drawn again only when the language changes; what changes
//! by itself (each day of the week, the lists, the errors) refills its own element, so a form
//! being typed into stays as it is. One click handler and one change handler read the
//! `data-action` or test id of what was used.

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::markup::{self, action_of, form_error, live, Live};
use crate::model::{changes, plan::WeekPlan};
use crate::parts::{absences, fallbacks, overrides, week_editor::Editor};
use crate::state::{use_app, App};
use leptos::ev::{Event, MouseEvent};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, RecordKind, OFFERED_TIMEZONES};
use serde_json::{json, Value};
use std::fmt::Write;

#[component]
pub(crate) fn Availability() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let [error, override_error, absence_error, fallback_error] =
        std::array::from_fn(|_| RwSignal::new(None::<String>));
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
    let save_plan = move |next: WeekPlan| {
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
    };
    let editor = Editor::new(plan, i18n);
    let click = move |event: MouseEvent| {
        let Some(action) = action_of(&event) else {
            return;
        };
        let (name, argument) = action.split_once(':').unwrap_or((action.as_str(), ""));
        match name {
            "add-override" => overrides::add(app, override_error),
            "delete-override" => overrides::delete(app, argument),
            "add-absence" => absences::add(app, absence_error),
            "delete-absence" => absences::delete(app, argument),
            "add-fallback" => fallbacks::add(app, fallback_error),
            "delete-fallback" => fallbacks::delete(app, fallback_error, argument),
            _ => {
                if let Some(next) = editor.click(name, argument) {
                    save_plan(next);
                }
            }
        }
    };
    let change = move |event: Event| {
        let test_id = event_target::<web_sys::Element>(&event).get_attribute("data-testid");
        match test_id.as_deref() {
            Some("observe-holidays") => set_profile(
                app,
                error,
                "observe_public_holidays",
                Value::Bool(event_target_checked(&event)),
            ),
            Some("timezone") => set_profile(
                app,
                error,
                "timezone",
                Value::String(event_target_value(&event)),
            ),
            Some("override-closed") => overrides::closed_changed(event_target_checked(&event)),
            _ => {}
        }
    };
    let error = markup::fill("#availability-error".into(), move || {
        error.with(|e| form_error(e.as_deref()))
    });
    let cards = [
        live(overrides::card(app, override_error)),
        live(absences::card(app, absence_error)),
        settings(app),
        live(fallbacks::card(app, fallback_error)),
    ];
    // Drawn again only when the language changes: the parts that change by themselves refill
    // their own elements (`markup::fill`).
    let page = move || {
        let mut html = format!(
            "<div id=\"availability-error\">{}</div><section class=\"card\" aria-labelledby=\"weekly-heading\">\
             <h2 id=\"weekly-heading\">{}</h2><p class=\"hint\">{}</p>{}</section>",
            error.get_untracked(),
            i18n.t(Key::WeeklyHours),
            i18n.t(Key::WeeklyHoursHint),
            editor.html()
        );
        for card in &cards {
            html.push_str(&card());
        }
        html
    };
    view! {
        <h1>{tr(Key::AvailabilityTitle)}</h1>
        <div on:click=click on:change=change inner_html=live(page)></div>
    }
}

/// Public holidays and the time zone. Drawn from the profile as it is when the card is drawn;
/// a change from elsewhere (another tab, a sync) is set on the two controls in place.
fn settings(app: App) -> Live {
    let i18n = app.i18n;
    markup::follow(move || {
        let profile = app.profile();
        markup::set_at(
            "[data-testid=observe-holidays]",
            "checked",
            profile.observe_public_holidays,
        );
        markup::set_at("[data-testid=timezone]", "value", profile.timezone.name());
    });
    live(move || {
        let profile = untrack(|| app.profile());
        let zone = profile.timezone.name();
        let mut zones = String::new();
        for offered in OFFERED_TIMEZONES {
            let selected = if offered == zone { " selected" } else { "" };
            let _ = write!(
                zones,
                "<option value=\"{offered}\"{selected}>{offered}</option>"
            );
        }
        format!(
            "<section class=\"card\"><h2>{}</h2><label class=\"check\"><input type=\"checkbox\" data-testid=\"observe-holidays\"{}>\
             <span>{}</span></label><label class=\"field\"><span>{}</span><select data-testid=\"timezone\">{zones}</select></label></section>",
            i18n.t(Key::MoreSettings),
            if profile.observe_public_holidays { " checked" } else { "" },
            i18n.t(Key::ObserveHolidays),
            i18n.t(Key::TimeZone),
        )
    })
}

/// Writes one field of the profile, showing an error under the heading.
fn set_profile(app: App, error: RwSignal<Option<String>>, field: &str, value: Value) {
    let mut fields = serde_json::Map::new();
    fields.insert(field.to_owned(), value);
    report(
        app.write(changes::set(RecordKind::Profile, app.profile_id(), fields)),
        error,
        app.i18n,
    );
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
