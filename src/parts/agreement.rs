//! A service user's agreement on their contact page: the agreement in force today (planned
//! changes applied, by core's `agreement_on`), this week's count, the planned changes in date
//! order (each a link to edit or remove it) with "Plan a change from a date", and near the planned
//! end the taper `model::planned` suggests, with "Add to my agenda" for the ending.
//!
//! A part in the screen shape (`markup`): [`render`] draws an [`Agreement`], its [`Action`]s are
//! nested in the contact page's, and [`taper_change`] is what adding the taper writes.

use crate::icons::Icon;
use crate::markup::{actions, html, icon, Markup, Render};
use crate::model::{changes, plan::WeekPlan, planned};
use crate::words::{message, text, when, Language, Message, Text};
use chrono::NaiveDate;
use peerline_core::{AgreementChange, Contact, RecordKind};
use peerline_store::Change;
use serde_json::Map;

actions! {
    /// What the agreement's buttons do.
    pub(crate) enum Action {
        /// Adds the suggested taper's steps to the planned changes.
        AddTaper = "add-taper",
        /// "Want to bring the ending up with your coordinator?": yes.
        AddEndingToAgenda = "add-ending",
    }
}

/// What the agreement shows.
pub(crate) struct Agreement<'a> {
    pub(crate) language: Language,
    pub(crate) contact: &'a Contact,
    /// The agreement in force today.
    pub(crate) in_force: &'a peerline_core::Agreement,
    pub(crate) today: NaiveDate,
    pub(crate) week_count: u32,
    /// The taper offered, if the planned end is near (`planned::taper`).
    pub(crate) taper: Option<&'a [AgreementChange]>,
    /// The ending is on my agenda already, not talked about yet.
    pub(crate) ending_on_agenda: bool,
}

/// The change that adds the taper's steps to `contact`'s planned changes (a step on a date
/// already planned is left out: the worker's own plan wins).
pub(crate) fn taper_change(contact: &Contact, steps: &[AgreementChange]) -> Change {
    let mut list = contact.agreement_changes.clone();
    for step in steps {
        if let Ok(next) = planned::put(&list, None, step.clone()) {
            list = next;
        }
    }
    let mut fields = Map::new();
    fields.insert("agreement_changes".to_owned(), planned::to_value(&list));
    changes::set(RecordKind::Contact, contact.id, fields)
}

/// `label: value` on a line of its own.
pub(crate) fn labelled(language: Language, label: Text, value: &str) -> Markup {
    html! {
        p {
            span.label { (text(language, label)) ": " }
            (value)
        }
    }
}

/// "Mon 17:00–21:00; Sat 10:00–14:00"-like text of a week plan.
pub(crate) fn describe_plan(language: Language, plan: &WeekPlan) -> String {
    let mut parts = Vec::new();
    for (day, slots) in plan.0.iter().enumerate() {
        if slots.is_empty() {
            continue;
        }
        let times: Vec<String> = slots
            .iter()
            .map(|(start, end)| format!("{start}–{end}"))
            .collect();
        parts.push(format!(
            "{} {}",
            when::weekday_name(language, day),
            times.join(", ")
        ));
    }
    parts.join("; ")
}

/// Agreement windows in words; none means the worker's own hours.
fn hours(language: Language, windows: &[peerline_core::WeeklyWindow]) -> String {
    if windows.is_empty() {
        return text(language, Text::SameAsMyHours).to_owned();
    }
    describe_plan(language, &WeekPlan::from_windows(windows))
}

/// A limit in words: the number, or "No limit".
fn limit(language: Language, limit: Option<u32>) -> String {
    limit.map_or_else(
        || text(language, Text::NoLimit).to_owned(),
        |n| n.to_string(),
    )
}

/// What a planned change sets, in words, one part after another.
fn change_words(language: Language, change: &AgreementChange) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(windows) = &change.agreement_windows {
        let label = text(language, Text::AgreedHours);
        words.push(format!("{label}: {}", hours(language, windows)));
    }
    if let Some(per_day) = change.max_contacts_per_day {
        let label = text(language, Text::MaxPerDay);
        words.push(format!("{label}: {}", limit(language, per_day)));
    }
    if let Some(per_week) = change.max_contacts_per_week {
        let label = text(language, Text::MaxPerWeek);
        words.push(format!("{label}: {}", limit(language, per_week)));
    }
    if change.expectations.is_some() {
        words.push(text(language, Text::NewExpectations).to_owned());
    }
    words
}

/// The agreement card.
pub(crate) fn render<A: Render>(agreement: &Agreement, act: impl Fn(Action) -> A) -> Markup {
    let language = agreement.language;
    let say = |key| text(language, key);
    let (contact, in_force) = (agreement.contact, agreement.in_force);
    html! {
        section.card data-testid="agreement-card" {
            h2 { (say(Text::Agreement)) }
            (labelled(language, Text::AgreedHours, &hours(language, &in_force.agreement_windows)))
            div data-testid="limits-in-force" {
                (labelled(language, Text::MaxPerDay, &limit(language, in_force.max_contacts_per_day)))
                (labelled(language, Text::MaxPerWeek, &limit(language, in_force.max_contacts_per_week)))
            }
            @if let Some(expectations) = &in_force.expectations {
                p.prewrap { (expectations) }
            }
            p data-testid="week-count" { (message(language, Message::ContactsThisWeek(agreement.week_count))) }
            @if !contact.agreement_changes.is_empty() {
                h3 { (say(Text::PlannedChanges)) }
                ul.list data-testid="planned-changes" {
                    @for change in &contact.agreement_changes {
                        (planned_change(agreement, change))
                    }
                }
            }
            div.btn-row {
                a.btn href={ "/contacts/" (contact.id.to_string()) "/plan" } data-testid="plan-change" {
                    (say(Text::PlanChange))
                }
            }
            @if let Some(steps) = agreement.taper {
                (taper(agreement, steps, &act))
            }
        }
    }
}

/// One planned change: from when, what it sets; a link to edit or remove it.
fn planned_change(agreement: &Agreement, change: &AgreementChange) -> Markup {
    let language = agreement.language;
    let date = when::date(language, change.from);
    let from = changes::date_text(change.from);
    let since = if change.from <= agreement.today {
        Message::ChangedSince(&date)
    } else {
        Message::ChangeFrom(&date)
    };
    html! {
        li data-key=(from) {
            a.list-item href={ "/contacts/" (agreement.contact.id.to_string()) "/plan/" (from) }
                data-testid="planned-change" {
                span.list-main { (message(language, since)) }
                span.small.muted { (change_words(language, change).join(" · ")) }
            }
        }
    }
}

/// The taper offered near the planned end: its steps, why, and the two taps it offers.
fn taper<A: Render>(
    agreement: &Agreement,
    steps: &[AgreementChange],
    act: &impl Fn(Action) -> A,
) -> Markup {
    let language = agreement.language;
    let say = |key| text(language, key);
    let end = agreement
        .contact
        .planned_end_on
        .map(|end| when::date(language, end));
    html! {
        div.notice.notice-info data-testid="taper" {
            (icon(Icon::Clock))
            div {
                p { (message(language, Message::TaperSuggestion(&end.unwrap_or_default()))) }
                ul {
                    @for step in steps {
                        li {
                            (message(language, Message::ChangeFrom(&when::date(language, step.from))))
                            ": " (change_words(language, step).join(" · "))
                        }
                    }
                }
                p.small { (say(Text::TaperWhy)) }
                div.btn-row {
                    button.btn type="button" data-testid="add-taper" data-action=(act(Action::AddTaper)) {
                        (say(Text::AddTaper))
                    }
                }
                p { (say(Text::EndingQuestion)) }
                @if agreement.ending_on_agenda {
                    a.small href="/checkin" data-testid="on-agenda" {
                        (icon(Icon::Reachable)) (say(Text::OnAgenda))
                    }
                } @else {
                    button.btn type="button" data-testid="add-to-agenda"
                        data-action=(act(Action::AddEndingToAgenda)) {
                        (say(Text::AddToAgenda))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use peerline_core::agreement_on;
    use uuid::Uuid;

    fn date(text: &str) -> NaiveDate {
        peerline_core::wire_time::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    /// Ola: 3 a day; from 30 November 1 a day and new expectations, from 7 December his own hours.
    fn ola() -> Contact {
        let mut contact = Contact::with_defaults(Uuid::from_u128(1), "Ola");
        contact.max_contacts_per_day = Some(3);
        contact.planned_end_on = Some(date("2027-03-26"));
        let change = |from: &str| AgreementChange {
            from: date(from),
            agreement_windows: None,
            max_contacts_per_day: None,
            max_contacts_per_week: None,
            expectations: None,
        };
        contact.agreement_changes = vec![
            AgreementChange {
                max_contacts_per_day: Some(Some(1)),
                expectations: Some(Some("<i>Texts first</i>".into())),
                ..change("2026-11-30")
            },
            AgreementChange {
                agreement_windows: Some(Vec::new()),
                max_contacts_per_week: Some(None),
                ..change("2026-12-07")
            },
        ];
        contact
    }

    fn card(today: &str, taper: Option<&[AgreementChange]>, on_agenda: bool) -> String {
        let contact = ola();
        let in_force = agreement_on(&contact, date(today));
        let agreement = Agreement {
            language: Language::En,
            contact: &contact,
            in_force: &in_force,
            today: date(today),
            week_count: 4,
            taper,
            ending_on_agenda: on_agenda,
        };
        render(&agreement, |action| action).into_string()
    }

    #[test]
    fn the_agreement_shown_is_the_one_in_force_today_and_the_changes_are_listed_in_order() {
        let before = card("2026-11-26", None, false);
        assert!(
            before.contains("Contacts per day: </span>3</p>"),
            "{before}"
        );
        assert!(!before.contains("Texts first"));
        let after = card("2026-11-30", None, false);
        assert!(after.contains("Contacts per day: </span>1</p>"), "{after}");
        assert!(
            after.contains(">&lt;i&gt;Texts first&lt;/i&gt;</p>"),
            "{after}"
        );
        let first = before.find("From Monday 30 November").unwrap_or(usize::MAX);
        let second = before.find("From Monday 7 December").unwrap_or(0);
        assert!(first < second, "{before}");
        assert!(
            before.contains("Contacts per day: 1 · New expectations"),
            "{before}"
        );
        assert!(
            before.contains("Hours: Same as my hours · Contacts per week: No limit"),
            "{before}"
        );
        assert!(after.contains("Since Monday 30 November"), "{after}");
        assert!(before.contains(&format!(
            "href=\"/contacts/{}/plan/2026-12-07\"",
            Uuid::from_u128(1)
        )));
        assert!(before.contains("data-testid=\"plan-change\""));
        assert!(drawn::<Action>(&before).is_empty());
    }

    #[test]
    fn the_taper_is_offered_with_its_steps_and_a_way_to_the_agenda() {
        let steps = planned::taper(
            &Contact {
                agreement_changes: Vec::new(),
                ..ola()
            },
            date("2026-11-26"),
        )
        .unwrap_or_default();
        let html = card("2026-11-26", Some(&steps), false);
        assert!(html.contains("Friday 26 March"), "{html}");
        assert!(
            html.contains("From Monday 25 January: Contacts per week: 3"),
            "{html}"
        );
        assert_eq!(
            drawn::<Action>(&html),
            [Action::AddTaper, Action::AddEndingToAgenda]
        );
        let listed = card("2026-11-26", Some(&steps), true);
        assert_eq!(drawn::<Action>(&listed), [Action::AddTaper]);
        assert!(listed.contains("data-testid=\"on-agenda\""));
    }

    #[test]
    fn adding_the_taper_keeps_the_plan_in_order_and_the_workers_own_dates() {
        let contact = ola();
        let step = |from: &str, n| AgreementChange {
            from: date(from),
            agreement_windows: None,
            max_contacts_per_day: None,
            max_contacts_per_week: Some(Some(n)),
            expectations: None,
        };
        let change = taper_change(&contact, &[step("2026-12-07", 3), step("2027-01-25", 2)]);
        let list = change
            .set
            .get("agreement_changes")
            .cloned()
            .unwrap_or_default();
        let froms: Vec<&str> = list
            .as_array()
            .map(|l| l.iter().filter_map(|c| c["from"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(froms, ["2026-11-30", "2026-12-07", "2027-01-25"]);
        assert_eq!(
            list[1]["max_contacts_per_week"],
            serde_json::Value::Null,
            "the worker's own"
        );
    }
}
