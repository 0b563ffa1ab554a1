//! The effective windows the share page lists (api.md: next 14 days, UTC instants, joined, not
//! clipped), and rule 1's real durations on daylight-saving days.

use chrono::Duration;
use peerline_core::effective_windows;
use serde_json::json;
use uuid::Uuid;

use super::support::{oslo, show, World, OLA};

/// The windows of `contact` listed from Oslo wall time `from` for `days`, as `start - end`.
fn check(world: &World, contact: Option<Uuid>, from: &str, days: i64, expected: &[&str]) {
    let from = oslo(from);
    let windows = effective_windows(&world.build(), contact, from, from + Duration::days(days));
    let shown: Vec<String> = windows
        .iter()
        .map(|(start, end)| format!("{} - {}", show(*start), show(*end)))
        .collect();
    assert_eq!(shown, expected, "from {}", show(from));
}

#[test]
fn a_week_of_evenings_up_to_one_starting_before_the_end() {
    check(
        &World::new().evenings(),
        None,
        "2024-11-04 18:00",
        7,
        &[
            "2024-11-04 17:00+01 - 2024-11-04 21:00+01",
            "2024-11-05 17:00+01 - 2024-11-05 21:00+01",
            "2024-11-06 17:00+01 - 2024-11-06 21:00+01",
            "2024-11-07 17:00+01 - 2024-11-07 21:00+01",
            "2024-11-08 17:00+01 - 2024-11-08 21:00+01",
            "2024-11-09 12:00+01 - 2024-11-09 16:00+01",
            "2024-11-11 17:00+01 - 2024-11-11 21:00+01",
        ],
    );
}

#[test]
fn joined_across_midnight_and_not_clipped() {
    let past_midnight = World::new().weekly(&[(&[5], "22:00", "24:00"), (&[6], "00:00", "02:00")]);
    check(
        &past_midnight,
        None,
        "2024-11-09 01:00",
        7,
        &[
            "2024-11-08 22:00+01 - 2024-11-09 02:00+01",
            "2024-11-15 22:00+01 - 2024-11-16 02:00+01",
        ],
    );
}

#[test]
fn absences_removed_and_agreements_intersected() {
    let absent = World::new()
        .evenings()
        .absence("2024-11-05T19:00", "2024-11-07T18:00", json!({}));
    check(
        &absent,
        None,
        "2024-11-05 12:00",
        3,
        &[
            "2024-11-05 17:00+01 - 2024-11-05 19:00+01",
            "2024-11-07 18:00+01 - 2024-11-07 21:00+01",
        ],
    );
    let agreement = World::new().evenings().contact(
        OLA,
        json!({"name": "Ola", "agreement_windows": [{"days": [1, 6], "start": "15:00", "end": "18:00"}]}),
    );
    check(
        &agreement,
        Some(OLA),
        "2024-11-04 00:00",
        7,
        &[
            "2024-11-04 17:00+01 - 2024-11-04 18:00+01",
            "2024-11-09 15:00+01 - 2024-11-09 16:00+01",
        ],
    );
}

/// The real length in minutes of a Sunday window `START-END` on `SUNDAY` (`START-END SUNDAY => N`).
fn check_length(cases: &[&str]) {
    for case in cases {
        let (window, minutes) = case.split_once(" => ").expect("case");
        let (hours, sunday) = window.split_once(' ').expect("window and date");
        let (start, end) = hours.split_once('-').expect("start-end");
        // 31 March 2024 is Easter Sunday too: holidays are not observed here.
        let world = World::new()
            .weekly(&[(&[7], start, end)])
            .profile(json!({"observe_public_holidays": false}));
        let from = oslo(&format!("{sunday} 00:00"));
        let windows = effective_windows(&world.build(), None, from, from + Duration::hours(20));
        let lengths: Vec<String> = windows
            .iter()
            .map(|(s, e)| (*e - *s).num_minutes().to_string())
            .collect();
        assert_eq!(lengths.join(" "), minutes, "case `{case}`");
    }
}

#[test]
fn daylight_saving_days_have_real_lengths() {
    check_length(&[
        "01:30-03:30 2024-03-31 => 60",  // spring forward: one real hour
        "01:30-03:30 2024-10-27 => 180", // fall back
        "02:00-03:00 2024-10-27 => 120", // the repeated hour, both times
        "01:30-03:30 2024-11-03 => 120", // an ordinary Sunday
        "02:30-04:00 2024-03-31 => 60",  // a start in the gap means the gap's end
        "02:15-02:45 2024-03-31 => ",    // wholly in the gap: no window
    ]);
}
