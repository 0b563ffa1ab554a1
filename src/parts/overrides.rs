//! Date overrides: a date with its own windows, or not reachable at all that day; replaces the
//! weekly windows for that date, holidays included (domain.md rule 3).
//!
//! Drawn as HTML text (`markup`): the list and the error are refilled when they change, the form
//! only when the language does; the form is read when "Add" is tapped.

use crate::io::browser;
use crate::markup::legacy as markup;
use crate::model::{
    changes,
    plan::{evening, parse_time},
    time,
};
use crate::parts::week_editor::time_field;
use crate::state::App;
use crate::words::{self, when, Language, Text};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, DateOverride, RecordKind};
use serde_json::json;
use std::fmt::Write;
use uuid::Uuid;

/// The card: its heading, the overrides from today on (refilled in place), the form, its error
/// and its button, in the language of the moment.
pub(crate) fn card(
    app: App,
    error: RwSignal<Option<String>>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = app.i18n;
    let list = markup::fill("#override-list".into(), move || {
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
        peerline_core::order::sort_by_key(&mut overrides, |o| o.date);
        list_html(i18n.language(), &overrides)
    });
    let error = markup::fill("#override-error".into(), move || {
        error.with(|e| markup::form_error(e.as_deref()))
    });
    // The first day follows a change of time zone without redrawing the form.
    markup::follow(move || markup::set_at("[data-testid=override-date]", "min", first_date(app)));
    move || {
        let say = |key| i18n.text(key);
        let (start, end) = evening();
        format!(
            "<section class=\"card\" aria-labelledby=\"overrides-heading\" data-testid=\"overrides\">\
             <h2 id=\"overrides-heading\">{}</h2><ul class=\"list\" id=\"override-list\">{}</ul>\
             <label class=\"field\"><span>{}</span><input type=\"date\" data-testid=\"override-date\" min=\"{}\"></label>\
             <label class=\"check\"><input type=\"checkbox\" data-testid=\"override-closed\" checked><span>{}</span></label>\
             <div class=\"add-window\" id=\"override-window\" hidden>{}{}</div>\
             <div id=\"override-error\">{}</div>{}</section>",
            say(Text::DateOverrides),
            list.get_untracked(),
            say(Text::Date),
            untrack(|| first_date(app)),
            say(Text::NotReachableThatDay),
            time_field(say(Text::From), "override-start", &start.to_string()).into_string(),
            time_field(say(Text::To), "override-end", &end.to_string()).into_string(),
            error.get_untracked(),
            markup::button("", "add-override", say(Text::AddOverride), false),
        )
    }
}

/// The overrides' rows.
fn list_html(language: Language, overrides: &[DateOverride]) -> String {
    let say = |key| words::text(language, key);
    let mut html = String::new();
    for o in overrides {
        let windows = if o.windows.is_empty() {
            say(Text::NotReachable).to_owned()
        } else {
            let windows: Vec<String> = o
                .windows
                .iter()
                .map(|w| format!("{}–{}", w.start, w.end))
                .collect();
            windows.join(", ")
        };
        let _ = write!(
            html,
            "<li class=\"list-row\"><span>{}: {windows}</span><button type=\"button\" class=\"btn btn-quiet\" \
             aria-label=\"{}\" data-action=\"delete-override:{}\">×</button></li>",
            when::date(language, o.date),
            say(Text::Delete),
            o.id
        );
    }
    html
}

/// The first day an override may be for: today in the worker's zone.
fn first_date(app: App) -> String {
    changes::date_text(time::local(app.profile().timezone, browser::now()).date())
}

/// "Not reachable that day" was ticked or unticked: hides or shows the window.
pub(crate) fn closed_changed(closed: bool) {
    markup::set_at("#override-window", "hidden", closed);
}

/// Saves the override the form describes, or says what is missing.
pub(crate) fn add(app: App, error: RwSignal<Option<String>>) {
    let i18n = app.i18n;
    let Some(day) =
        peerline_core::wire_time::parse_date(&markup::value_at("[data-testid=override-date]"))
    else {
        error.set(Some(i18n.text(Text::PickADate).to_owned()));
        return;
    };
    let windows = if markup::property_at("[data-testid=override-closed]", "checked").is_truthy() {
        json!([])
    } else {
        match (
            parse_time(&markup::value_at("[name=override-start]")),
            parse_time(&markup::value_at("[name=override-end]")),
        ) {
            (Some(from), Some(to)) if from < to => json!([{ "start": from, "end": to }]),
            _ => {
                error.set(Some(i18n.text(Text::TimeNotUnderstood).to_owned()));
                return;
            }
        }
    };
    let id = ids::date_override_id(app.worker_id(), day);
    let fields = json!({ "date": changes::date_text(day), "windows": windows })
        .as_object()
        .cloned()
        .unwrap_or_default();
    error.set(
        app.save(changes::set(RecordKind::DateOverride, id, fields))
            .err(),
    );
}

pub(crate) fn delete(app: App, id: &str) {
    if let Ok(id) = id.parse::<Uuid>() {
        let _ = app.write(changes::delete(RecordKind::DateOverride, id));
    }
}
