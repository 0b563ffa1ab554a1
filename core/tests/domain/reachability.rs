//! Reachability by rules 1-5 of domain.md: one `check` helper, one table per rule. A case reads
//! `NOW => ANSWER`, both in Oslo wall time (`+01`/`+02` where the offset matters).

use peerline_core::{reachability, Reachability, State};
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{oslo, show, World, KARI, NILS, OLA};

/// What the card says: `reachable until 2024-11-04 21:00+01`.
pub(crate) fn describe(answer: &Reachability) -> String {
    match &answer.state {
        State::Reachable { until } => format!("reachable until {}", show(*until)),
        State::NotNow { next_start } => format!("not_now {}", show(*next_start)),
        State::LimitReached { next_start } => format!("limit_reached {}", show(*next_start)),
        State::Away { until, .. } => format!("away until {}", show(*until)),
        State::NoUpcoming => "no_upcoming".to_owned(),
    }
}

/// Splits a case `NOW => EXPECTED`.
fn split(case: &str) -> (&str, &str) {
    case.split_once(" => ")
        .expect("a case reads `NOW => EXPECTED`")
}

/// The answers to `contact` (`None`: anyone) at each case's now.
pub(crate) fn check(world: &World, contact: Option<Uuid>, cases: &[&str]) {
    let data = world.build();
    for case in cases {
        let (now, expected) = split(case);
        assert_eq!(
            describe(&reachability(&data, contact, oslo(now))),
            expected,
            "case `{case}`"
        );
    }
}

fn ola_with(fields: Value) -> World {
    let mut ola = json!({"name": "Ola", "phone": "+47 912 34 567"});
    if let (Some(ola), Value::Object(extra)) = (ola.as_object_mut(), fields) {
        ola.extend(extra);
    }
    World::new().evenings().contact(OLA, ola)
}

#[test]
fn rule_5_inside_and_outside_weekly_windows() {
    check(
        &World::new().evenings(),
        None,
        &[
            "2024-11-04 18:00 => reachable until 2024-11-04 21:00+01", // inside
            "2024-11-04 17:00 => reachable until 2024-11-04 21:00+01", // at the start
            "2024-11-04 21:00 => not_now 2024-11-05 17:00+01",         // the end is excluded
            "2024-11-04 10:00 => not_now 2024-11-04 17:00+01",         // before
            "2024-11-08 22:00 => not_now 2024-11-09 12:00+01",         // Friday to Saturday
            "2024-11-10 12:00 => not_now 2024-11-11 17:00+01",         // nothing on Sunday
        ],
    );
    check(&World::new(), None, &["2024-11-04 18:00 => no_upcoming"]);
}

#[test]
fn rule_5_joins_windows_across_midnight_and_adjacent_ones() {
    let past_midnight = World::new().weekly(&[(&[5], "22:00", "24:00"), (&[6], "00:00", "02:00")]);
    check(
        &past_midnight,
        None,
        &[
            "2024-11-08 23:00 => reachable until 2024-11-09 02:00+01",
            "2024-11-09 01:00 => reachable until 2024-11-09 02:00+01",
        ],
    );
    let adjacent = World::new().weekly(&[(&[1], "17:00", "19:00"), (&[1], "19:00", "21:00")]);
    check(
        &adjacent,
        None,
        &["2024-11-04 17:30 => reachable until 2024-11-04 21:00+01"],
    );
    let overlapping = World::new().weekly(&[(&[1], "17:00", "20:00"), (&[1], "18:00", "21:00")]);
    check(
        &overlapping,
        None,
        &["2024-11-04 17:30 => reachable until 2024-11-04 21:00+01"],
    );
    let to_midnight = World::new().weekly(&[(&[1], "20:00", "24:00")]);
    check(
        &to_midnight,
        None,
        &[
            "2024-11-04 23:59 => reachable until 2024-11-05 00:00+01", // 24:00 ends the day
            "2024-11-05 00:00 => not_now 2024-11-11 20:00+01",
        ],
    );
}

#[test]
fn rule_1_wall_clock_windows_on_daylight_saving_days() {
    // The last Sundays of March and October 2024 are the 31st and the 27th. 31 March 2024 is also
    // Easter Sunday, so this worker does not observe holidays.
    let night = World::new()
        .weekly(&[(&[7], "01:30", "03:30")])
        .profile(json!({"observe_public_holidays": false}));
    check(
        &night,
        None,
        &[
            "2024-03-30 23:00 => not_now 2024-03-31 01:30+01",
            "2024-03-31 01:45 => reachable until 2024-03-31 03:30+02", // before the gap
            "2024-03-31 03:15 => reachable until 2024-03-31 03:30+02", // after it
            "2024-10-26 22:00 => not_now 2024-10-27 01:30+02",
            "2024-10-27 02:30+02 => reachable until 2024-10-27 03:30+01", // the first 02:30
            "2024-10-27 02:30+01 => reachable until 2024-10-27 03:30+01", // the second
        ],
    );
}

#[test]
fn rule_2_absences_give_away() {
    let stand_in = json!({"message": "Back Wednesday", "stand_in_contact_id": NILS});
    let days = World::new()
        .evenings()
        .contact(
            NILS,
            json!({"name": "Nils", "role": "colleague", "phone": "+47 400 00 000"}),
        )
        .absence("2024-11-04T12:00", "2024-11-06T00:00", stand_in);
    check(
        &days,
        None,
        &[
            "2024-11-04 18:00 => away until 2024-11-06 00:00+01", // in a window
            "2024-11-05 10:00 => away until 2024-11-06 00:00+01", // outside one
            "2024-11-06 00:00 => not_now 2024-11-06 17:00+01",    // over
        ],
    );
    let answer = reachability(&days.build(), None, oslo("2024-11-04 18:00"));
    assert_eq!(answer.message.as_deref(), Some("Back Wednesday"));
    assert_eq!(
        answer.fallbacks[0].label, "Nils",
        "the stand-in comes first"
    );

    let mid_window =
        World::new()
            .evenings()
            .absence("2024-11-04T19:00", "2024-11-04T20:00", json!({}));
    check(
        &mid_window,
        None,
        &[
            "2024-11-04 18:00 => reachable until 2024-11-04 19:00+01", // starts mid-window
            "2024-11-04 19:30 => away until 2024-11-04 20:00+01",
            "2024-11-04 20:00 => reachable until 2024-11-04 21:00+01", // ends mid-window
        ],
    );
    let before = World::new()
        .evenings()
        .absence("2024-11-04T16:00", "2024-11-04T18:00", json!({}));
    check(
        &before,
        None,
        &["2024-11-04 10:00 => not_now 2024-11-04 18:00+01"],
    );
    let chained = World::new()
        .evenings()
        .absence("2024-11-04T12:00", "2024-11-05T12:00", json!({}))
        .absence("2024-11-05T12:00", "2024-11-07T09:00", json!({}));
    check(
        &chained,
        None,
        &["2024-11-04 18:00 => away until 2024-11-07 09:00+01"],
    );
}

#[test]
fn rule_3_overrides_and_holidays() {
    check(
        &World::new().evenings(),
        None,
        &[
            "2024-12-25 18:00 => not_now 2024-12-27 17:00+01", // Christmas Day, then Boxing Day
            "2024-05-09 18:00 => not_now 2024-05-10 17:00+02", // Ascension Day
        ],
    );
    let ignoring = World::new()
        .evenings()
        .profile(json!({"observe_public_holidays": false}));
    check(
        &ignoring,
        None,
        &["2024-12-25 18:00 => reachable until 2024-12-25 21:00+01"],
    );
    let christmas = World::new()
        .evenings()
        .date_override("2024-12-25", &[("12:00", "14:00")]);
    check(
        &christmas,
        None,
        &[
            "2024-12-25 12:30 => reachable until 2024-12-25 14:00+01",
            "2024-12-25 15:00 => not_now 2024-12-27 17:00+01",
        ],
    );
    let day_off = World::new().evenings().date_override("2024-11-04", &[]);
    check(
        &day_off,
        None,
        &["2024-11-04 18:00 => not_now 2024-11-05 17:00+01"],
    );
    let morning = World::new()
        .evenings()
        .date_override("2024-11-04", &[("10:00", "11:00")]);
    check(
        &morning,
        None,
        &[
            "2024-11-04 10:30 => reachable until 2024-11-04 11:00+01",
            "2024-11-04 18:00 => not_now 2024-11-05 17:00+01",
        ],
    );
}

#[test]
fn rule_3_agreement_windows_intersect_the_workers() {
    let mornings = ola_with(
        json!({"agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "12:00"}]}),
    );
    check(&mornings, Some(OLA), &["2024-11-04 18:00 => no_upcoming"]); // no overlap at all
    check(
        &mornings,
        None,
        &["2024-11-04 18:00 => reachable until 2024-11-04 21:00+01"],
    );
    let late =
        ola_with(json!({"agreement_windows": [{"days": [1], "start": "18:00", "end": "23:00"}]}));
    check(
        &late,
        Some(OLA),
        &[
            "2024-11-04 17:30 => not_now 2024-11-04 18:00+01",
            "2024-11-04 20:00 => reachable until 2024-11-04 21:00+01",
        ],
    );
    // An unknown contact reads as anyone.
    check(
        &late,
        Some(KARI),
        &["2024-11-04 17:30 => reachable until 2024-11-04 21:00+01"],
    );
}

#[test]
fn rule_4_limits_close_the_rest_of_the_day_or_week() {
    let daily = ola_with(json!({"max_contacts_per_day": 2}));
    let two_today = daily.clone().logs(
        OLA,
        &[("2024-11-04 17:10", "in?"), ("2024-11-04 17:20", "out")],
    );
    check(
        &two_today,
        Some(OLA),
        &[
            "2024-11-04 18:00 => limit_reached 2024-11-05 17:00+01", // both directions count
            "2024-11-04 22:00 => limit_reached 2024-11-05 17:00+01", // also outside a window
        ],
    );
    check(
        &two_today,
        None,
        &["2024-11-04 18:00 => reachable until 2024-11-04 21:00+01"],
    );
    let one_today = daily.clone().logs(OLA, &[("2024-11-04 17:10", "in")]);
    check(
        &one_today,
        Some(OLA),
        &["2024-11-04 18:00 => reachable until 2024-11-04 21:00+01"],
    );
    let two_yesterday = daily.logs(
        OLA,
        &[("2024-11-03 17:10", "in"), ("2024-11-03 23:59", "out")],
    );
    check(
        &two_yesterday,
        Some(OLA),
        &["2024-11-04 18:00 => reachable until 2024-11-04 21:00+01"],
    );

    let weekly = ola_with(json!({"max_contacts_per_day": 3, "max_contacts_per_week": 4})).logs(
        OLA,
        &[
            ("2024-11-04 17:10", "in"),
            ("2024-11-04 17:20", "out"),
            ("2024-11-05 17:10", "in?"),
            ("2024-11-05 18:10", "out"),
        ],
    );
    check(
        &weekly,
        Some(OLA),
        &[
            "2024-11-06 18:00 => limit_reached 2024-11-11 17:00+01",
            "2024-11-06 10:00 => limit_reached 2024-11-11 17:00+01",
            "2024-11-11 18:00 => reachable until 2024-11-11 21:00+01", // a new week
        ],
    );
    let colleague = World::new()
        .evenings()
        .contact(
            OLA,
            json!({"name": "Ola", "role": "colleague", "max_contacts_per_day": 1}),
        )
        .logs(OLA, &[("2024-11-04 17:10", "in")]);
    check(
        &colleague,
        Some(OLA),
        &["2024-11-04 18:00 => reachable until 2024-11-04 21:00+01"],
    );
}

#[test]
fn no_upcoming_looks_sixty_days_ahead() {
    let in_59_days = World::new().date_override("2025-01-02", &[("10:00", "11:00")]);
    check(
        &in_59_days,
        None,
        &["2024-11-04 12:00 => not_now 2025-01-02 10:00+01"],
    );
    let in_61_days = World::new().date_override("2025-01-04", &[("10:00", "11:00")]);
    check(&in_61_days, None, &["2024-11-04 12:00 => no_upcoming"]);
}

/// The fallback labels at each case's now (`public`: the three public numbers of domain.md).
fn check_fallbacks(world: &World, cases: &[&str]) {
    let data = world.build();
    for case in cases {
        let (now, expected) = split(case);
        let answer = reachability(&data, None, oslo(now));
        let labels: Vec<&str> = answer.fallbacks.iter().map(|f| f.label.as_str()).collect();
        let shown = labels
            .join(", ")
            .replace("Mental Helse hjelpetelefon, Legevakt, Nødnummer", "public");
        assert_eq!(shown, expected, "case `{case}`");
    }
}

#[test]
fn fallback_chain() {
    let kari = json!({"name": "Kari", "role": "coordinator", "phone": "+47 900 00 001"});
    let coordinator = World::new().evenings().contact(KARI, kari.clone());
    check_fallbacks(&World::new(), &["2024-11-04 18:00 => public"]);
    check_fallbacks(&coordinator, &["2024-11-04 18:00 => Kari, public"]);
    let own = coordinator
        .clone()
        .profile(json!({"fallbacks": [{"label": "Mum", "phone": "+47 911 11 111"}]}));
    check_fallbacks(&own, &["2024-11-04 18:00 => Mum"]);
    let empty = coordinator.clone().profile(json!({"fallbacks": []}));
    check_fallbacks(&empty, &["2024-11-04 18:00 => Kari, public"]);
    let stand_in = coordinator
        .clone()
        .contact(
            NILS,
            json!({"name": "Nils", "role": "colleague", "phone": "+47 400 00 000"}),
        )
        .absence(
            "2024-11-04T12:00",
            "2024-11-05T12:00",
            json!({"stand_in_contact_id": NILS}),
        );
    check_fallbacks(
        &stand_in,
        &[
            "2024-11-04 18:00 => Nils, Kari, public",
            "2024-11-05 18:00 => Kari, public",
        ],
    );
    let coordinator_stands_in = coordinator.absence(
        "2024-11-04T12:00",
        "2024-11-05T12:00",
        json!({"stand_in_contact_id": KARI}),
    );
    check_fallbacks(
        &coordinator_stands_in,
        &["2024-11-04 18:00 => Kari, public"],
    ); // listed once
    let paused = World::new().evenings().contact(
        KARI,
        json!({"name": "Kari", "role": "coordinator", "phone": "113 13", "status": "paused"}),
    );
    check_fallbacks(&paused, &["2024-11-04 18:00 => public"]);
}

/// The share page's `state / message` (`-`: none) at each case's now.
fn check_share(world: &World, contact: Option<Uuid>, show_limits: bool, cases: &[&str]) {
    let data = world.build();
    for case in cases {
        let (now, expected) = split(case);
        let view = reachability(&data, contact, oslo(now)).share_view(show_limits);
        assert_eq!(
            format!(
                "{} / {}",
                view.state,
                view.message.as_deref().unwrap_or("-")
            ),
            expected,
            "case `{case}`"
        );
    }
}

#[test]
fn share_page_state_and_message() {
    let w = ola_with(json!({"max_contacts_per_day": 1}))
        .profile(json!({"away_message": "Tomorrow"}))
        .logs(OLA, &[("2024-11-04 17:10", "in")])
        .absence(
            "2024-11-06T00:00",
            "2024-11-07T00:00",
            json!({"message": "Day off"}),
        );
    check_share(
        &w,
        Some(OLA),
        true,
        &[
            "2024-11-04 18:00 => limit_reached / Tomorrow",
            "2024-11-05 18:00 => reachable / -",
            "2024-11-05 10:00 => not_now / Tomorrow",
            "2024-11-06 10:00 => away / Day off",
        ],
    );
    check_share(
        &w,
        Some(OLA),
        false,
        &["2024-11-04 18:00 => not_now / Tomorrow"],
    );
    let silent = World::new()
        .evenings()
        .absence("2024-11-06T00:00", "2024-11-07T00:00", json!({}));
    check_share(&silent, None, true, &["2024-11-06 10:00 => away / -"]);
}
