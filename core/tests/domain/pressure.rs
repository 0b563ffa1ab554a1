//! Boundary pressure for an ISO week (domain.md, last section).

use peerline_core::pressure::{active_service_users, relationships_ending_soon, shared_checkin};
use peerline_core::{week_pressure, IsoWeek, RecordKind, WeekPressure};
use serde_json::json;

use super::support::{World, EVA, KARI, OLA, PER};

/// A row as `name: contacts/outside/after-hours/exceeded-days/weekly/unanswered`.
fn describe(pressure: &WeekPressure) -> Vec<String> {
    let mut rows: Vec<String> = pressure
        .service_users
        .iter()
        .map(|row| {
            let c = &row.counts;
            format!(
                "{}: {}/{}/{}/{}/{}/{}",
                row.name,
                c.contacts,
                c.outside_agreement_contacts,
                c.after_hours_contacts,
                c.limit_exceeded_days,
                row.weekly_limit_exceeded,
                c.unanswered_incoming
            )
        })
        .collect();
    let t = &pressure.totals;
    let c = &t.counts;
    rows.push(format!(
        "total: {}/{}/{}/{}/{}/{}",
        c.contacts,
        c.outside_agreement_contacts,
        c.after_hours_contacts,
        c.limit_exceeded_days,
        t.weekly_limit_exceeded,
        c.unanswered_incoming
    ));
    rows
}

/// Each case: a name, the worker, the week, and the rows (see `describe`).
pub(crate) fn check(cases: &[(&str, &World, &str, &[&str])]) {
    for (name, world, week, expected) in cases {
        let week: IsoWeek = week.parse().expect("week");
        assert_eq!(
            describe(&week_pressure(&world.build(), week)),
            *expected,
            "case `{name}`"
        );
    }
}

fn team() -> World {
    World::new()
        .evenings()
        .absence("2024-11-06T00:00", "2024-11-07T00:00", json!({"kind": "day_off"}))
        .contact(
            OLA,
            json!({"name": "Ola", "max_contacts_per_day": 2, "max_contacts_per_week": 5,
                   "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "18:00", "end": "20:00"}]}),
        )
        .contact(PER, json!({"name": "Per"}))
        .contact(KARI, json!({"name": "Kari", "role": "coordinator"}))
        .deleted_contact(EVA, json!({"name": "Eva"}))
        .contact(uuid_of("Siv"), json!({"name": "Siv", "status": "paused"}))
        .contact(uuid_of("Tor"), json!({"name": "Tor"}))
        .logs(
            OLA,
            &[
                ("2024-11-03 23:30", "in"), // the Sunday before: another week
                ("2024-11-04 17:30", "in"),  // worker's window, outside the agreement
                ("2024-11-04 18:30", "out"), // inside both
                ("2024-11-04 19:00", "in?"), // inside both; the day's third: over the limit of 2
                ("2024-11-05 22:00", "in?"), // after hours
                ("2024-11-09 13:00", "in"),  // Saturday: the worker's, not the agreement's
                ("2024-11-10 12:00", "in"),  // Sunday: after hours; the week's sixth, over 5
                ("2024-11-11 00:30", "in"),  // next week
            ],
        )
        .logs(PER, &[("2024-11-04 18:00", "in"), ("2024-11-06 18:00", "in?")]) // the second on the day off
        .logs(KARI, &[("2024-11-04 23:00", "in"), ("2024-11-04 23:10", "in")]) // not a service user
        .logs(EVA, &[("2024-11-08 10:00", "out")])
}

fn uuid_of(name: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::nil(), name.as_bytes())
}

#[test]
fn week_figures_per_service_user_and_total() {
    let team = team();
    check(&[
        (
            "a busy week",
            &team,
            "2024-W45",
            &[
                "Eva: 1/1/1/0/false/0",
                "Ola: 6/4/2/1/true/2",
                "Per: 2/1/1/0/false/1",
                "Tor: 0/0/0/0/false/0",
                "total: 9/6/4/1/1/3",
            ],
        ),
        (
            "the week before",
            &team,
            "2024-W44",
            &[
                "Ola: 1/1/1/0/false/0",
                "Per: 0/0/0/0/false/0",
                "Tor: 0/0/0/0/false/0",
                "total: 1/1/1/0/0/0",
            ],
        ),
        (
            "a quiet week",
            &World::new().evenings(),
            "2024-W45",
            &["total: 0/0/0/0/0/0"],
        ),
    ]);
}

#[test]
fn exceeded_means_more_than_the_limit() {
    let at_limit = World::new()
        .evenings()
        .contact(
            OLA,
            json!({"name": "Ola", "max_contacts_per_day": 2, "max_contacts_per_week": 2}),
        )
        .logs(
            OLA,
            &[("2024-11-04 17:30", "in"), ("2024-11-04 18:30", "in")],
        );
    let over = at_limit.clone().logs(OLA, &[("2024-11-04 19:30", "in")]);
    check(&[
        (
            "at the limit",
            &at_limit,
            "2024-W45",
            &["Ola: 2/0/0/0/false/0", "total: 2/0/0/0/0/0"],
        ),
        (
            "over it",
            &over,
            "2024-W45",
            &["Ola: 3/0/0/1/true/0", "total: 3/0/0/1/1/0"],
        ),
    ]);
}

#[test]
fn local_days_on_the_fall_back_weekend() {
    // 2024-10-27 is 25 hours long in Oslo; 23:30 that evening is still Sunday (week 43).
    let w = World::new()
        .evenings()
        .contact(OLA, json!({"name": "Ola", "max_contacts_per_day": 1}))
        .logs(
            OLA,
            &[
                ("2024-10-27 00:30", "in"),
                ("2024-10-27 23:30", "in"),
                ("2024-10-28 00:10", "in"),
            ],
        );
    check(&[
        (
            "week 43",
            &w,
            "2024-W43",
            &["Ola: 2/2/2/1/false/0", "total: 2/2/2/1/0/0"],
        ),
        (
            "week 44",
            &w,
            "2024-W44",
            &["Ola: 1/1/1/0/false/0", "total: 1/1/1/0/0/0"],
        ),
    ]);
}

#[test]
fn relationship_figures_for_the_coordinator() {
    let w = World::new()
        .contact(OLA, json!({"name": "Ola", "started_on": "2023-01-10"})) // planned end 2025-01-10
        .contact(PER, json!({"name": "Per", "review_on": "2024-12-01"}))
        .contact(
            EVA,
            json!({"name": "Eva", "review_on": "2024-12-01", "status": "ended"}),
        )
        .contact(
            KARI,
            json!({"name": "Kari", "role": "coordinator", "review_on": "2024-12-01"}),
        )
        .contact(
            uuid_of("Tor"),
            json!({"name": "Tor", "started_on": "2024-01-10"}),
        );
    let data = w.build();
    let day = |text| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
    assert_eq!(active_service_users(&data), 3);
    assert_eq!(relationships_ending_soon(&data, day("2024-11-12")), 2); // Ola (end) and Per (review)
    assert_eq!(relationships_ending_soon(&data, day("2024-11-10")), 1); // Ola's end is 61 days away
    assert_eq!(relationships_ending_soon(&data, day("2024-12-02")), 1); // Per's review has passed
}

#[test]
fn the_coordinator_sees_a_check_in_only_when_shared() {
    let checkin = |week: &str, shared: bool| json!({"week": week, "energy": 2, "strain": 4, "burnout": 3, "share_with_coordinator": shared});
    let data = World::new()
        .with(
            RecordKind::Checkin,
            uuid_of("shared"),
            checkin("2024-W45", true),
        )
        .with(
            RecordKind::Checkin,
            uuid_of("private"),
            checkin("2024-W46", false),
        )
        .build();
    let week = |text: &str| text.parse::<IsoWeek>().expect("week");
    assert_eq!(
        shared_checkin(&data, week("2024-W45")).map(|c| c.strain),
        Some(4)
    );
    assert!(shared_checkin(&data, week("2024-W46")).is_none());
    assert!(shared_checkin(&data, week("2024-W47")).is_none());
}

/// Each case: a name, the worker, the week, and `name: minutes/untimed` per row and the total.
fn check_after_hours_time(cases: &[(&str, &World, &str, &[&str])]) {
    for (name, world, week, expected) in cases {
        let pressure = week_pressure(&world.build(), week.parse().expect("week"));
        let mut rows: Vec<String> = pressure
            .service_users
            .iter()
            .map(|row| {
                let c = &row.counts;
                format!(
                    "{}: {}/{}",
                    row.name, c.after_hours_minutes, c.after_hours_untimed
                )
            })
            .collect();
        let c = &pressure.totals.counts;
        rows.push(format!(
            "total: {}/{}",
            c.after_hours_minutes, c.after_hours_untimed
        ));
        assert_eq!(rows, *expected, "case `{name}`");
    }
}

#[test]
fn after_hours_minutes_sum_the_logs_outside_the_worker_windows() {
    let world = World::new()
        .evenings()
        .absence(
            "2024-11-06T00:00",
            "2024-11-07T00:00",
            json!({"kind": "day_off"}),
        )
        .contact(OLA, json!({"name": "Ola"}))
        .contact(PER, json!({"name": "Per"}))
        .timed_logs(
            OLA,
            &[
                ("2024-11-04 18:00", Some(30)), // inside the worker's windows: not counted
                ("2024-11-04 22:00", Some(15)), // after hours
                ("2024-11-06 18:00", Some(20)), // the day off: after hours
                ("2024-11-10 12:00", None),     // Sunday, no minutes: counted as untimed
                ("2024-11-11 22:00", Some(60)), // next week
            ],
        )
        .timed_logs(
            PER,
            &[("2024-11-05 07:00", Some(0)), ("2024-11-05 08:00", None)],
        );
    check_after_hours_time(&[
        (
            "one week",
            &world,
            "2024-W45",
            &["Ola: 35/1", "Per: 0/1", "total: 35/2"],
        ),
        (
            "the next",
            &world,
            "2024-W46",
            &["Ola: 60/0", "Per: 0/0", "total: 60/0"],
        ),
    ]);
}

#[test]
fn the_coordinator_sees_shared_undiscussed_agenda_items_without_notes() {
    let item = |week: &str, topic: &str, extra: serde_json::Value| {
        let mut fields = json!({"week": week, "topic": topic, "note": "private words"});
        if let (Some(fields), serde_json::Value::Object(extra)) = (fields.as_object_mut(), extra) {
            fields.extend(extra);
        }
        fields
    };
    let data = World::new()
        .contact(OLA, json!({"name": "Ola"}))
        .with(
            RecordKind::AgendaItem,
            uuid_of("b"),
            item(
                "2024-W46",
                "boundaries",
                json!({"contact_id": OLA, "share_with_coordinator": true}),
            ),
        )
        .with(
            RecordKind::AgendaItem,
            uuid_of("a"),
            item(
                "2024-W45",
                "my_wellbeing",
                json!({"share_with_coordinator": true}),
            ),
        )
        .with(
            RecordKind::AgendaItem,
            uuid_of("c"),
            item(
                "2024-W45",
                "ending",
                json!({"share_with_coordinator": true, "discussed_on": "2024-11-08"}),
            ),
        )
        .with(
            RecordKind::AgendaItem,
            uuid_of("d"),
            item("2024-W45", "after_hours", json!({})),
        )
        .build();
    let shown: Vec<String> = peerline_core::shared_agenda(&data)
        .iter()
        .map(|item| {
            format!(
                "{} {} {:?}",
                item.week,
                item.topic.as_str(),
                item.contact_name
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "2024-W45 my_wellbeing None",
            "2024-W46 boundaries Some(\"Ola\")"
        ]
    );
    let json = serde_json::to_string(&peerline_core::shared_agenda(&data)).expect("json");
    assert!(!json.contains("private words"), "{json}");
}
