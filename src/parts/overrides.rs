//! Date overrides: a date with its own windows, or not reachable at all that day; replaces the
//! weekly windows for that date, holidays included (domain.md rule 3).
//!
//! A part of Hours in the screen shape (`markup`): [`render`] draws the overrides from today on
//! and the form to add one, [`apply`] turns an [`Action`] into the change to store (pure, tested
//! below). Hours keeps the part's [`Local`] and wraps its actions in its own.

use crate::markup::{actions, form_error, html, FormValues, Markup, Render};
use crate::model::{
    changes,
    plan::{evening, parse_time},
};
use crate::parts::{week_editor::time_field, Save};
use crate::words::{text, when, Language, Text};
use chrono::NaiveDate;
use peerline_core::{ids, DateOverride, RecordKind};
use serde_json::json;
use uuid::Uuid;

actions! {
    /// What the overrides' controls do.
    pub(crate) enum Action {
        /// The form was submitted.
        Add = "add",
        /// "Not reachable that day" was ticked or unticked.
        ClosedChanged = "closed",
        Delete { id: Uuid } = "delete",
    }
}

/// What the part shows besides the records: whether the form asks for a window, and its error.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    /// "Not reachable that day" is unticked: the form asks from when to when.
    pub(crate) with_window: bool,
    pub(crate) error: Option<String>,
}

/// What the part shows.
pub(crate) struct Model<'a> {
    /// The overrides from today on, by date.
    pub(crate) overrides: &'a [DateOverride],
    /// Today in the worker's zone: the first date the form offers.
    pub(crate) today: NaiveDate,
    pub(crate) local: &'a Local,
}

/// The card: the overrides, then the form to add one; its actions made the holder's by `act`.
pub(crate) fn render<A: Render>(
    language: Language,
    model: &Model,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let (start, end) = evening();
    html! {
        section.card aria-labelledby="overrides-heading" data-testid="overrides" {
            h2 #overrides-heading { (say(Text::DateOverrides)) }
            ul.list {
                @for day in model.overrides {
                    li.list-row data-key=(day.id.to_string()) {
                        span { (when::date(language, day.date)) ": " (windows_text(language, day)) }
                        button.btn.btn-quiet type="button" aria-label=(say(Text::Delete))
                            data-action=(act(Action::Delete { id: day.id })) { "×" }
                    }
                }
            }
            form novalidate data-action=(act(Action::Add)) {
                label.field {
                    span { (say(Text::Date)) }
                    input type="date" name="override-date" data-testid="override-date"
                        min=(changes::date_text(model.today));
                }
                label.check {
                    input type="checkbox" name="override-closed" data-testid="override-closed"
                        checked[!model.local.with_window] data-action=(act(Action::ClosedChanged));
                    span { (say(Text::NotReachableThatDay)) }
                }
                div.add-window hidden[!model.local.with_window] {
                    (time_field(say(Text::From), "override-start", &start.to_string()))
                    (time_field(say(Text::To), "override-end", &end.to_string()))
                }
                (form_error(model.local.error.as_deref()))
                button.btn type="submit" data-testid="add-override" { (say(Text::AddOverride)) }
            }
        }
    }
}

/// "17:00–21:00, 22:00–23:00", or that the worker cannot be reached that date.
fn windows_text(language: Language, day: &DateOverride) -> String {
    if day.windows.is_empty() {
        return text(language, Text::NotReachable).to_owned();
    }
    let windows: Vec<String> = day
        .windows
        .iter()
        .map(|window| format!("{}–{}", window.start, window.end))
        .collect();
    windows.join(", ")
}

/// Applies `action`, reading the form from `fields`: the change to store, if any. What is missing
/// from the form is said in `local.error`, in `language`. `worker_id` derives the override's id
/// (domain.md, Ids: one override per date).
pub(crate) fn apply(
    local: &mut Local,
    action: Action,
    fields: &dyn FormValues,
    language: Language,
    worker_id: Uuid,
) -> Option<Save> {
    match action {
        Action::ClosedChanged => {
            local.with_window = !fields.checked("override-closed");
            None
        }
        Action::Delete { id } => Some(Save::only(changes::delete(RecordKind::DateOverride, id))),
        Action::Add => {
            let said = |key| Some(text(language, key).to_owned());
            let Some(day) = peerline_core::wire_time::parse_date(&fields.text("override-date"))
            else {
                local.error = said(Text::PickADate);
                return None;
            };
            let windows = if fields.checked("override-closed") {
                json!([])
            } else {
                let start = parse_time(&fields.text("override-start"));
                let end = parse_time(&fields.text("override-end"));
                match (start, end) {
                    (Some(from), Some(to)) if from < to => json!([{ "start": from, "end": to }]),
                    _ => {
                        local.error = said(Text::TimeNotUnderstood);
                        return None;
                    }
                }
            };
            let record = json!({ "date": changes::date_text(day), "windows": windows });
            let id = ids::date_override_id(worker_id, day);
            let record = record.as_object().cloned().unwrap_or_default();
            Some(Save::only(changes::set(
                RecordKind::DateOverride,
                id,
                record,
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;
    use peerline_core::{ClockTime, DayWindow};

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default()
    }

    fn card(overrides: &[DateOverride], local: &Local) -> String {
        let model = Model {
            overrides,
            today: date(1),
            local,
        };
        render(Language::En, &model, |action| action).into_string()
    }

    #[test]
    fn the_card_lists_each_date_and_draws_every_action() {
        let clock = |h| ClockTime::from_hm(h, 0).unwrap_or(ClockTime::MIDNIGHT);
        let overrides = [
            DateOverride {
                id: Uuid::from_u128(1),
                date: date(3),
                windows: Vec::new(),
            },
            DateOverride {
                id: Uuid::from_u128(2),
                date: date(4),
                windows: vec![DayWindow {
                    start: clock(10),
                    end: clock(12),
                }],
            },
        ];
        let html = card(&overrides, &Local::default());
        assert!(
            html.contains("Thursday 3 December: Not reachable"),
            "{html}"
        );
        assert!(html.contains("Friday 4 December: 10:00–12:00"), "{html}");
        assert!(html.contains("min=\"2026-12-01\""), "{html}");
        // The window's fields wait until "not reachable" is unticked.
        assert!(html.contains("<div class=\"add-window\" hidden>"), "{html}");
        let opened = card(
            &overrides,
            &Local {
                with_window: true,
                error: Some("<b>".into()),
            },
        );
        assert!(opened.contains("<div class=\"add-window\">"), "{opened}");
        assert!(
            opened.contains("&lt;b&gt;") && !opened.contains("<b>"),
            "{opened}"
        );
        let actions = drawn::<Action>(&html);
        for name in Action::NAMES {
            let drawn_once = actions
                .iter()
                .any(|a| crate::markup::action::text_of(a).starts_with(name));
            assert!(drawn_once, "{name} is never drawn");
        }
    }

    /// `Add` with the form holding `fields`: the record stored (as its fields' text) or the error.
    fn check_add(fields: &[(&str, &str)], want: Result<&str, &str>) {
        let mut local = Local::default();
        let saved = apply(
            &mut local,
            Action::Add,
            &Table(fields),
            Language::En,
            Uuid::from_u128(8),
        );
        let got = match saved {
            Some(save) => Ok(serde_json::Value::Object(save.change.set).to_string()),
            None => Err(local.error.unwrap_or_default()),
        };
        let want = want.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(got, want, "{fields:?}");
    }

    #[test]
    fn adding_reads_the_form_and_says_what_is_missing() {
        check_add(
            &[("override-date", "2026-12-03"), ("override-closed", "on")],
            Ok(r#"{"date":"2026-12-03","windows":[]}"#),
        );
        check_add(
            &[
                ("override-date", "2026-12-03"),
                ("override-start", "10"),
                ("override-end", "12:30"),
            ],
            Ok(r#"{"date":"2026-12-03","windows":[{"end":"12:30","start":"10:00"}]}"#),
        );
        check_add(&[("override-closed", "on")], Err("Pick a date."));
        check_add(
            &[
                ("override-date", "2026-12-03"),
                ("override-start", "12:00"),
                ("override-end", "10:00"),
            ],
            Err("Write the time like 17:00."),
        );
    }

    #[test]
    fn the_window_follows_the_tick_and_one_date_has_one_override() {
        let mut local = Local::default();
        apply(
            &mut local,
            Action::ClosedChanged,
            &Table(&[]),
            Language::En,
            Uuid::nil(),
        );
        assert!(local.with_window);
        let ticked = Table(&[("override-closed", "on")]);
        apply(
            &mut local,
            Action::ClosedChanged,
            &ticked,
            Language::En,
            Uuid::nil(),
        );
        assert!(!local.with_window);
        let fields = Table(&[("override-date", "2026-12-03"), ("override-closed", "on")]);
        let worker = Uuid::from_u128(8);
        let ids: Vec<Uuid> = (0..2)
            .filter_map(|_| apply(&mut local, Action::Add, &fields, Language::En, worker))
            .map(|save| save.change.id)
            .collect();
        assert_eq!(ids, [ids::date_override_id(worker, date(3)); 2]);
    }
}
