//! Availability: when service users can reach the worker. Weekly windows, date overrides,
//! absences, public holidays, time zone, and who to call instead. Every change saves at once.
//!
//! The screen is HTML text (`markup`), drawn again only when the language changes; what changes
//! by itself (each day of the week, the lists, the errors) refills its own element, so a form
//! being typed into stays as it is. One click handler and one change handler read the
//! `data-action` or test id of what was used.

use crate::markup::legacy::{self as markup, action_of, form_error, live, Live};
use crate::markup::{FormValues, Table, Used};
use crate::model::{changes, plan::WeekPlan};
use crate::parts::{absences, fallbacks, overrides, week_editor};
use crate::state::{use_app, App};
use crate::words::I18n;
use crate::words::{live_text, use_i18n, Text};
use leptos::ev::{Event, MouseEvent};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, RecordKind, OFFERED_TIMEZONES};
use serde_json::{json, Value};
use std::fmt::Write;
use wasm_bindgen::JsCast;

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
        error.set(
            app.save(changes::set(
                RecordKind::Availability,
                availability_id,
                fields,
            ))
            .err(),
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
            // The week editor is drawn as markup already: its actions are parsed.
            _ => {
                let parsed = crate::markup::action::parse::<week_editor::Action>(&action);
                let actor = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .and_then(|target| target.closest("[data-action]").ok().flatten());
                if let (Some(parsed), Some(element)) = (parsed, actor) {
                    let used = Used { element };
                    if let Some(next) = editor.act(parsed, &used) {
                        save_plan(next);
                    }
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
            i18n.text(Text::WeeklyHours),
            i18n.text(Text::WeeklyHoursHint),
            editor.html()
        );
        for card in &cards {
            html.push_str(&card());
        }
        html
    };
    view! {
        <h1>{live_text(Text::AvailabilityTitle)}</h1>
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
            i18n.text(Text::MoreSettings),
            if profile.observe_public_holidays { " checked" } else { "" },
            i18n.text(Text::ObserveHolidays),
            i18n.text(Text::TimeZone),
        )
    })
}

/// Writes one field of the profile, showing an error under the heading.
fn set_profile(app: App, error: RwSignal<Option<String>>, field: &str, value: Value) {
    let mut fields = serde_json::Map::new();
    fields.insert(field.to_owned(), value);
    error.set(
        app.save(changes::set(RecordKind::Profile, app.profile_id(), fields))
            .err(),
    );
}

/// The week editor (`parts::week_editor`) on this screen: each day's section is refilled only
/// when its own text changes, so a time being typed into one day's form is never wiped by another
/// day's change.
#[derive(Clone, Copy)]
pub(crate) struct Editor {
    plan: Signal<WeekPlan>,
    open: RwSignal<week_editor::Open>,
    days: [Memo<String>; 7],
}

impl Editor {
    /// Keeps each day's section filled with its text from now on.
    pub(crate) fn new(plan: Signal<WeekPlan>, i18n: I18n) -> Editor {
        let open = RwSignal::new(week_editor::Open::default());
        let days = std::array::from_fn(|day| {
            markup::fill(format!("[data-testid=day-{}]", day + 1), move || {
                let open = open.get();
                plan.with(|plan| {
                    week_editor::render_day(i18n.language(), day, &plan.0[day], &open, &|a| a)
                        .into_string()
                })
            })
        });
        Editor { plan, open, days }
    }

    /// The editor as it is now (untracked: the days follow by themselves).
    pub(crate) fn html(self) -> String {
        let mut html = String::from("<div class=\"week-editor\" data-testid=\"week-editor\">");
        for (day, text) in self.days.iter().enumerate() {
            let _ = write!(
                html,
                "<section class=\"day\" data-testid=\"day-{}\">{}</section>",
                day + 1,
                text.get_untracked()
            );
        }
        html.push_str("</div>");
        html
    }

    /// Does one of the editor's actions; returns the plan to save when the windows changed.
    pub(crate) fn act(self, action: week_editor::Action, used: &Used) -> Option<WeekPlan> {
        let plan = self.plan.get_untracked();
        let mut open = self.open.get_untracked();
        let fields = used.fields();
        let none = Table(&[]);
        let values: &dyn FormValues = match &fields {
            Some(fields) => fields,
            None => &none,
        };
        let next = week_editor::update(&plan, &mut open, action, values);
        self.open.set(open);
        next
    }
}
