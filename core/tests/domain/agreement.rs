//! The agreement in force on a date (domain.md, "Planned changes of an agreement") and everything
//! that reads it: reachability rules 3 and 4 across a change date (daylight-saving days included),
//! and the pressure figures of a week with a change inside it.

use chrono::NaiveDate;
use peerline_core::{agreement_on, next_agreement_change, AnyRecord, Contact, RecordKind};
use serde_json::{json, Map, Value};

use super::pressure::check as check_pressure;
use super::reachability::check as check_reachability;
use super::support::{World, OLA};

fn contact(fields: Value) -> Contact {
    let mut map = Map::new();
    map.insert("name".into(), json!("Ola"));
    if let Value::Object(extra) = fields {
        map.extend(extra);
    }
    match AnyRecord::decode(RecordKind::Contact, OLA, &map) {
        Ok(AnyRecord::Contact(contact)) => contact,
        other => panic!("contact decodes: {other:?}"),
    }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// An agreement as `windows day/week "expectations"`, windows as `days start-end`.
fn describe(contact: &Contact, on: &str) -> String {
    let agreement = agreement_on(contact, date(on));
    let windows: Vec<String> = agreement
        .agreement_windows
        .iter()
        .map(|w| format!("{:?} {}-{}", w.days, w.start, w.end))
        .collect();
    let limit = |limit: Option<u32>| limit.map_or("-".to_owned(), |n| n.to_string());
    format!(
        "[{}] {}/{} {:?}",
        windows.join(", "),
        limit(agreement.max_contacts_per_day),
        limit(agreement.max_contacts_per_week),
        agreement.expectations.as_deref().unwrap_or("-")
    )
}

/// Each case: `DATE => AGREEMENT`.
fn check_agreement(contact: &Contact, cases: &[&str]) {
    for case in cases {
        let (on, expected) = case.split_once(" => ").expect("`DATE => AGREEMENT`");
        assert_eq!(describe(contact, on), expected, "case `{case}`");
    }
}

/// A taper: evenings and 3 a day; from February 2 a day and no weekly limit; from March
/// Tuesdays only and new expectations; from April no daily limit at all.
fn taper() -> Value {
    json!({
        "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "18:00", "end": "20:00"}],
        "max_contacts_per_day": 3, "max_contacts_per_week": 10, "expectations": "SMS first",
        "agreement_changes": [
            {"from": "2026-02-01", "max_contacts_per_day": 2, "max_contacts_per_week": null},
            {"from": "2026-03-01", "agreement_windows": [{"days": [2], "start": "18:00", "end": "19:00"}],
             "expectations": "Tuesdays"},
            {"from": "2026-04-01", "max_contacts_per_day": null},
        ],
    })
}

#[test]
fn each_field_is_the_last_change_that_sets_it_else_the_contact_own() {
    check_agreement(
        &contact(taper()),
        &[
            r#"2026-01-31 => [[1, 2, 3, 4, 5] 18:00-20:00] 3/10 "SMS first""#,
            r#"2026-02-01 => [[1, 2, 3, 4, 5] 18:00-20:00] 2/- "SMS first""#,
            r#"2026-02-28 => [[1, 2, 3, 4, 5] 18:00-20:00] 2/- "SMS first""#,
            r#"2026-03-01 => [[2] 18:00-19:00] 2/- "Tuesdays""#,
            r#"2026-04-01 => [[2] 18:00-19:00] -/- "Tuesdays""#,
            r#"2030-01-01 => [[2] 18:00-19:00] -/- "Tuesdays""#,
        ],
    );
    check_agreement(
        &contact(json!({"agreement_changes": [{"from": "2026-02-01", "agreement_windows": null}]})),
        &[r#"2026-01-01 => [] -/- "-""#, r#"2026-03-01 => [] -/- "-""#],
    );
}

#[test]
fn the_next_change_is_the_first_after_today_within_60_days() {
    let ola = contact(taper());
    let next = |today: &str| {
        next_agreement_change(&ola, date(today))
            .map(|(change, agreement)| (change.from.to_string(), agreement.max_contacts_per_day))
    };
    assert_eq!(next("2026-01-15"), Some(("2026-02-01".into(), Some(2))));
    assert_eq!(
        next("2026-02-01"),
        Some(("2026-03-01".into(), Some(2))),
        "today's is in force"
    );
    assert_eq!(
        next("2025-12-03"),
        Some(("2026-02-01".into(), Some(2))),
        "60 days ahead"
    );
    assert_eq!(next("2025-12-02"), None, "61 days ahead");
    assert_eq!(next("2026-04-01"), None, "none after the last");
}

/// A worker reachable around the clock who keeps no holidays (31 March 2024 is Easter Sunday
/// and the spring-forward day; 27 October 2024 the fall-back day).
fn around_the_clock(ola: Value) -> World {
    World::new()
        .weekly(&[(&[1, 2, 3, 4, 5, 6, 7], "00:00", "24:00")])
        .profile(json!({"observe_public_holidays": false}))
        .contact(OLA, ola)
}

#[test]
fn rule_3_uses_the_windows_in_force_each_date_across_daylight_saving_days() {
    let spring = around_the_clock(json!({
        "name": "Ola",
        "agreement_windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "18:00", "end": "20:00"}],
        "agreement_changes": [{"from": "2024-03-31",
            "agreement_windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "01:30", "end": "03:30"}]}],
    }));
    check_reachability(
        &spring,
        Some(OLA),
        &[
            "2024-03-30 19:00 => reachable until 2024-03-30 20:00+01", // before the change
            "2024-03-30 21:00 => not_now 2024-03-31 01:30+01",         // the new windows next
            "2024-03-31 01:45 => reachable until 2024-03-31 03:30+02", // an hour and 45 real minutes
            "2024-03-31 18:30 => not_now 2024-04-01 01:30+02",         // the old evening is gone
        ],
    );
    let fall = around_the_clock(json!({
        "name": "Ola",
        "agreement_windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "18:00", "end": "20:00"}],
        "agreement_changes": [{"from": "2024-10-27",
            "agreement_windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "02:00", "end": "03:00"}]}],
    }));
    check_reachability(
        &fall,
        Some(OLA),
        &[
            "2024-10-26 19:00 => reachable until 2024-10-26 20:00+02",
            "2024-10-26 22:00 => not_now 2024-10-27 02:00+02",
            "2024-10-27 02:30+01 => reachable until 2024-10-27 03:00+01", // two real hours long
        ],
    );
}

#[test]
fn rule_4_uses_the_limits_in_force_today_and_on_the_week_monday() {
    // Daily limit 3, from Wednesday 6 November 2024 one a day; weekly limit 4, from that
    // Wednesday 2: the week keeps its Monday's weekly limit, so the 2 counts from next week.
    let ola = json!({
        "name": "Ola", "max_contacts_per_day": 3, "max_contacts_per_week": 4,
        "agreement_changes": [{"from": "2024-11-06", "max_contacts_per_day": 1, "max_contacts_per_week": 2}],
    });
    let world = World::new().evenings().contact(OLA, ola);
    let two_on_tuesday = world.clone().logs(
        OLA,
        &[("2024-11-05 17:10", "in"), ("2024-11-05 17:20", "in")],
    );
    check_reachability(
        &two_on_tuesday,
        Some(OLA),
        &[
            "2024-11-05 17:30 => reachable until 2024-11-05 21:00+01", // 2 of 3 on Tuesday
            "2024-11-06 17:30 => reachable until 2024-11-06 21:00+01", // none yet on Wednesday
        ],
    );
    let one_on_wednesday = two_on_tuesday.logs(OLA, &[("2024-11-06 17:10", "in")]);
    check_reachability(
        &one_on_wednesday,
        Some(OLA),
        &[
            "2024-11-06 17:30 => limit_reached 2024-11-07 17:00+01", // Wednesday's limit is 1
        ],
    );
    let fourth = one_on_wednesday.logs(OLA, &[("2024-11-07 17:10", "in")]);
    check_reachability(
        &fourth,
        Some(OLA),
        &["2024-11-07 17:30 => limit_reached 2024-11-11 17:00+01"], // 4 of the week's 4
    );
}

#[test]
fn pressure_figures_use_the_agreement_of_each_day() {
    // From Wednesday: windows 17:00-21:00 (were 18:00-20:00), a daily limit of 3 (was 1) and a
    // weekly limit of 2 (was 10, which the week keeps).
    let ola = json!({
        "name": "Ola", "max_contacts_per_day": 1, "max_contacts_per_week": 10,
        "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "18:00", "end": "20:00"}],
        "agreement_changes": [{"from": "2024-11-06", "max_contacts_per_day": 3, "max_contacts_per_week": 2,
            "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"}]}],
    });
    let world = World::new().evenings().contact(OLA, ola).logs(
        OLA,
        &[
            ("2024-11-04 17:30", "in"), // outside the old windows; the day's first
            ("2024-11-04 18:30", "in"), // Monday's second: over 1
            ("2024-11-06 17:30", "in"), // inside the new windows
            ("2024-11-06 18:30", "in"), // Wednesday's second: within 3
        ],
    );
    check_pressure(&[(
        "a change on Wednesday",
        &world,
        "2024-W45",
        &["Ola: 4/1/0/1/false/0", "total: 4/1/0/1/0/0"],
    )]);
}
