//! Arbitrary JSON into every decoder of untrusted data: an error value, never a panic; and random
//! workers into `reachability`, whose next start is never in the past or inside an absence.

use chrono::{Duration, TimeZone, Utc};
use peerline_core::{
    reachability, AnyRecord, Mutation, RecordKind, State, StoredRecord, WireRecord,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::support::{World, OLA};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("18:00"),
            Just("24:00"),
            Just("2026-W48"),
            Just("2026-11-23T18:00"),
            Just("Europe/Oslo"),
            Just("113")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Mostly real field and key names, so the fuzz reaches past "unknown field".
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "name",
            "phone",
            "windows",
            "days",
            "start",
            "end",
            "date",
            "starts_at",
            "ends_at",
            "at",
            "week",
            "energy",
            "fallbacks",
            "label",
            "timezone",
            "agreement_windows",
            "mid",
            "kind",
            "id",
            "hlc",
            "set",
            "deleted",
            "fields",
            "value",
            "max_contacts_per_day",
            "contact_id",
            "answered",
            "agreement_changes",
            "from",
            "absence_id",
            "request_id",
            "accepted",
            "topic",
            "kind_reply",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoders_never_panic(value in any_json(), fields in prop::collection::btree_map(field_name(), any_json(), 0..8)) {
        let fields: Map<String, Value> = fields.into_iter().collect();
        for kind in RecordKind::ALL {
            if let Err(error) = AnyRecord::decode(kind, OLA, &fields) {
                prop_assert_eq!(error.code(), "invalid_field");
                prop_assert!(error.field().is_some_and(|field| !field.is_empty()));
            }
            for (name, value) in &fields {
                let _ = peerline_core::check_field(kind, name, value);
            }
        }
        let _ = Mutation::from_json(&value);
        let _ = serde_json::from_value::<StoredRecord>(value.clone());
        if let Ok(wire) = serde_json::from_value::<WireRecord>(value) {
            let _ = wire.decode();
        }
    }

    #[test]
    fn next_start_is_never_past_or_inside_an_absence(
        windows in prop::collection::vec((1..=7u8, 0..48u16, 1..12u16), 0..6),
        absences in prop::collection::vec((0..30u32 * 48, 1..(6u32 * 48)), 0..3),
        limit in prop::option::of(1..3u32),
        logs in prop::collection::vec(0..14u32 * 48, 0..6),
        now_offset in 0..20u32 * 48,
    ) {
        let base = Utc.with_ymd_and_hms(2024, 10, 14, 0, 0, 0).single().expect("base"); // a Monday, UTC
        let half_hours = |n: u32| base + Duration::minutes(i64::from(n) * 30);
        let hm = |n: u16| format!("{:02}:{:02}", n / 2, (n % 2) * 30);
        let weekly: Vec<(Vec<u8>, String, String)> =
            windows.iter().map(|(day, start, len)| (vec![*day], hm(*start), hm((*start + *len).min(48)))).collect();
        let weekly_refs: Vec<(&[u8], &str, &str)> = weekly.iter().map(|(d, s, e)| (d.as_slice(), s.as_str(), e.as_str())).collect();
        let mut world = World::new().weekly(&weekly_refs).contact(OLA, json!({"name": "Ola", "max_contacts_per_day": limit}));
        let local = |n: u32| half_hours(n).with_timezone(&chrono_tz::Europe::Oslo).format("%Y-%m-%dT%H:%M").to_string();
        for (start, length) in &absences {
            world = world.absence(&local(*start), &local(start + length), json!({}));
        }
        world = logs.iter().fold(world, |world, n| world.log(OLA, half_hours(*n), "in"));
        let data = world.build();
        let now = half_hours(now_offset) + Duration::minutes(7);
        for contact in [None, Some(OLA)] {
            let answer = reachability(&data, contact, now);
            match answer.state {
                State::NotNow { next_start } | State::LimitReached { next_start } => {
                    prop_assert!(next_start >= now, "next start {next_start} before now {now}");
                    prop_assert!(next_start < now + Duration::days(60));
                    let away = reachability(&data, None, next_start);
                    prop_assert!(!matches!(away.state, State::Away { .. }), "next start {next_start} is inside an absence");
                }
                State::Reachable { until } => prop_assert!(until > now),
                State::Away { until, .. } => prop_assert!(until > now),
                State::NoUpcoming => {}
            }
        }
    }
}
