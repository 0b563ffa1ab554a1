//! Planned changes of an agreement (domain.md, "The guidance loop"), as the app edits them: the
//! contact's `agreement_changes` list with one change put in, replaced or taken out (kept sorted,
//! each date once, as core requires), and the taper the app suggests when a relationship's
//! planned end is near. Which agreement is in force on a date is core's rule
//! (`peerline_core::agreement_on`); nothing here decides it.
//!
//! The taper: fewer contacts step by step over the last two months, on Mondays: at most 3 a week
//! from 8 weeks before the end, 2 from 4 weeks before, 1 in the last 2 weeks. About three a week
//! is an ordinary pace for a peer; halving it towards the end lets both sides get used to less
//! while the end is still ahead, and one contact in each of the last weeks makes the last talk a
//! planned goodbye rather than a sudden stop. A step never raises a limit already lower, and steps
//! already past are left out. It is only offered: nothing changes until the worker adds it.

use chrono::{Datelike, Days, Months, NaiveDate};
use peerline_core::{agreement_on, AgreementChange, Contact, Role, Status};
use serde_json::Value;

/// How far ahead of a planned end the taper is offered.
const TAPER_MONTHS: u32 = 6;

/// The taper's steps: weeks before the end, and the weekly limit from then.
const TAPER_STEPS: [(u64, u32); 3] = [(8, 3), (4, 2), (2, 1)];

/// Two changes would start on the same date: the list holds each date once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SameDate(pub(crate) NaiveDate);

/// `changes` with `change` put in, in place of the change that was planned from `replacing` (when
/// editing one), kept in date order.
pub(crate) fn put(
    changes: &[AgreementChange],
    replacing: Option<NaiveDate>,
    change: AgreementChange,
) -> Result<Vec<AgreementChange>, SameDate> {
    let mut next: Vec<AgreementChange> = changes
        .iter()
        .filter(|c| Some(c.from) != replacing)
        .cloned()
        .collect();
    if next.iter().any(|c| c.from == change.from) {
        return Err(SameDate(change.from));
    }
    next.push(change);
    peerline_core::order::sort_by_key(&mut next, |c| c.from);
    Ok(next)
}

/// `changes` without the one planned from `from`.
pub(crate) fn remove(changes: &[AgreementChange], from: NaiveDate) -> Vec<AgreementChange> {
    changes.iter().filter(|c| c.from != from).cloned().collect()
}

/// The list as the contact's `agreement_changes` field holds it.
pub(crate) fn to_value(changes: &[AgreementChange]) -> Value {
    serde_json::to_value(changes).unwrap_or(Value::Array(Vec::new()))
}

/// The taper offered for `contact` on `today`: its steps, each a change of the weekly limit.
/// Offered for an active service user whose planned end is after today and within six months,
/// who has no change planned after today (a worker who plans already needs no suggestion).
pub(crate) fn taper(contact: &Contact, today: NaiveDate) -> Option<Vec<AgreementChange>> {
    let end = contact.planned_end_on?;
    let offered = contact.role == Role::ServiceUser
        && contact.status == Status::Active
        && today < end
        && end <= today.checked_add_months(Months::new(TAPER_MONTHS))?
        && contact.agreement_changes.iter().all(|c| c.from <= today);
    if !offered {
        return None;
    }
    let mut limit = agreement_on(contact, today).max_contacts_per_week;
    let mut steps = Vec::new();
    for (weeks_before, per_week) in TAPER_STEPS {
        let Some(from) = end
            .checked_sub_days(Days::new(7 * weeks_before))
            .map(monday_of)
        else {
            continue;
        };
        if from <= today || limit.is_some_and(|limit| limit <= per_week) {
            continue;
        }
        limit = Some(per_week);
        steps.push(AgreementChange {
            from,
            agreement_windows: None,
            max_contacts_per_day: None,
            max_contacts_per_week: Some(Some(per_week)),
            expectations: None,
        });
    }
    (!steps.is_empty()).then_some(steps)
}

/// The Monday of `date`'s week.
fn monday_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// The first Monday after `today`: where a new planned change starts unless changed.
pub(crate) fn next_monday(today: NaiveDate) -> NaiveDate {
    let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
    today.checked_add_days(Days::new(ahead)).unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn date(text: &str) -> NaiveDate {
        peerline_core::wire_time::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    fn change(from: &str, per_week: u32) -> AgreementChange {
        AgreementChange {
            from: date(from),
            agreement_windows: None,
            max_contacts_per_day: None,
            max_contacts_per_week: Some(Some(per_week)),
            expectations: None,
        }
    }

    fn froms(changes: &[AgreementChange]) -> Vec<String> {
        changes.iter().map(|c| c.from.to_string()).collect()
    }

    /// The date of the change edited (if any), the new change's date => the dates of the list,
    /// or the date that clashes.
    type PutCase = (
        Option<&'static str>,
        &'static str,
        Result<Vec<&'static str>, &'static str>,
    );

    #[test]
    fn changes_stay_in_date_order_each_date_once() {
        let list = [change("2026-12-07", 3), change("2027-01-04", 2)];
        let cases: [PutCase; 4] = [
            (
                None,
                "2026-12-14",
                Ok(vec!["2026-12-07", "2026-12-14", "2027-01-04"]),
            ),
            (None, "2027-01-04", Err("2027-01-04")),
            // Editing a change may keep its date or move it past another.
            (
                Some("2027-01-04"),
                "2027-01-04",
                Ok(vec!["2026-12-07", "2027-01-04"]),
            ),
            (
                Some("2026-12-07"),
                "2027-02-01",
                Ok(vec!["2027-01-04", "2027-02-01"]),
            ),
        ];
        for (replacing, from, expected) in cases {
            let put = put(&list, replacing.map(date), change(from, 1));
            let expected = expected
                .map(|dates| dates.iter().map(|d| d.to_string()).collect())
                .map_err(|d| SameDate(date(d)));
            assert_eq!(put.map(|l| froms(&l)), expected, "{replacing:?} {from}");
        }
        assert_eq!(froms(&remove(&list, date("2026-12-07"))), ["2027-01-04"]);
        assert_eq!(
            to_value(&list[..1]),
            serde_json::json!([{"from": "2026-12-07", "max_contacts_per_week": 3}])
        );
    }

    fn ending(end: &str, per_week: Option<u32>) -> Contact {
        let mut contact = Contact::with_defaults(Uuid::nil(), "Ola");
        contact.planned_end_on = Some(date(end));
        contact.max_contacts_per_week = per_week;
        contact
    }

    /// The planned end and the weekly limit => the taper's steps (from, weekly limit).
    type TaperCase = (&'static str, Option<u32>, &'static [(&'static str, u32)]);

    /// Each case: the planned end and the weekly limit, today => the taper's steps.
    #[test]
    fn the_taper_steps_down_on_mondays_before_the_end() {
        let today = "2026-11-26"; // a Thursday
        let cases: [TaperCase; 6] = [
            // End Friday 26 March 2027: Mondays 8, 4 and 2 weeks before.
            (
                "2027-03-26",
                None,
                &[("2027-01-25", 3), ("2027-02-22", 2), ("2027-03-08", 1)],
            ),
            // Already at 2 a week: only the last step lowers it.
            ("2027-03-26", Some(2), &[("2027-03-08", 1)]),
            // Five weeks away: the first step is past.
            (
                "2026-12-31",
                Some(5),
                &[("2026-11-30", 2), ("2026-12-14", 1)],
            ),
            // Further than six months, past, or ending today: nothing offered.
            ("2027-06-01", None, &[]),
            ("2026-11-01", None, &[]),
            ("2026-11-26", None, &[]),
        ];
        for (end, per_week, expected) in cases {
            let steps = taper(&ending(end, per_week), date(today)).unwrap_or_default();
            let steps: Vec<(String, Option<Option<u32>>)> = steps
                .iter()
                .map(|c| (c.from.to_string(), c.max_contacts_per_week))
                .collect();
            let expected: Vec<(String, Option<Option<u32>>)> = expected
                .iter()
                .map(|(from, n)| (from.to_string(), Some(Some(*n))))
                .collect();
            assert_eq!(steps, expected, "end {end}, {per_week:?} a week");
        }
    }

    #[test]
    fn the_taper_is_offered_only_to_an_active_service_user_with_nothing_planned_ahead() {
        let today = date("2026-11-26");
        let mut planned = ending("2027-03-26", None);
        planned.agreement_changes = vec![change("2027-01-04", 2)];
        let mut colleague = ending("2027-03-26", None);
        colleague.role = Role::Colleague;
        let mut paused = ending("2027-03-26", None);
        paused.status = Status::Paused;
        for contact in [planned, colleague, paused] {
            assert_eq!(taper(&contact, today), None, "{contact:?}");
        }
        let mut done = ending("2027-03-26", None);
        done.agreement_changes = vec![change("2026-10-05", 4)];
        assert!(
            taper(&done, today).is_some(),
            "a change in the past plans nothing ahead"
        );
    }

    #[test]
    fn a_new_change_starts_next_monday() {
        for (today, monday) in [
            ("2026-11-26", "2026-11-30"),
            ("2026-11-30", "2026-12-07"),
            ("2026-12-06", "2026-12-07"),
        ] {
            assert_eq!(next_monday(date(today)), date(monday), "{today}");
        }
    }
}
