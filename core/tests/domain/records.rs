//! Typed records: defaults of domain.md, whole-record rules, the field table kept in step with the
//! decoders, and the derived ids.

use chrono::NaiveDate;
use peerline_core::ids::{
    availability_id, checkin_id, date_override_id, expected_id, profile_id, ExpectedId,
};
use peerline_core::records::to_fields;
use peerline_core::schema::{fields_of, Presence};
use peerline_core::{
    AnyRecord, Contact, IsoWeek, Profile, RecordKind, Role, Status, OFFERED_TIMEZONES,
};
use serde_json::{json, Map, Value};

use super::support::{uuid, OLA};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn decode(kind: RecordKind, fields: Value) -> Result<AnyRecord, String> {
    AnyRecord::decode(kind, OLA, &object(fields)).map_err(|e| format!("{} {}", e.code(), e))
}

#[test]
fn defaults_of_domain_md() {
    let Ok(AnyRecord::Contact(contact)) = decode(
        RecordKind::Contact,
        json!({"name": "Ola", "started_on": "2024-02-29"}),
    ) else {
        panic!("contact decodes")
    };
    assert_eq!(
        (contact.role, contact.status),
        (Role::ServiceUser, Status::Active)
    );
    assert_eq!(
        contact.planned_end_on,
        NaiveDate::from_ymd_opt(2026, 2, 28),
        "29 February + 2 years"
    );
    assert!(contact.agreement_windows.is_empty() && contact.max_contacts_per_day.is_none());

    let Ok(AnyRecord::Profile(profile)) = decode(RecordKind::Profile, json!({})) else {
        panic!("profile decodes")
    };
    assert_eq!(profile, Profile::with_defaults(OLA));
    assert_eq!(profile.timezone.name(), "Europe/Oslo");
    assert!(profile.observe_public_holidays && profile.show_limits_to_service_users);

    let Ok(AnyRecord::Checkin(checkin)) = decode(
        RecordKind::Checkin,
        json!({"week": "2026-W48", "energy": 3, "strain": 4, "burnout": 2}),
    ) else {
        panic!("checkin decodes")
    };
    assert!(!checkin.share_with_coordinator && !checkin.needs_guidance);
}

/// Each case: kind, fields, and `ok` or the start of the error.
fn check_decode(cases: &[(RecordKind, Value, &str)]) {
    for (kind, fields, expected) in cases {
        let got = decode(*kind, fields.clone()).map_or_else(|e| e, |_| "ok".to_owned());
        assert!(got.starts_with(expected), "{kind} {fields}: got `{got}`");
    }
}

#[test]
fn whole_record_rules() {
    use RecordKind::*;
    check_decode(&[
        (Contact, json!({}), "invalid_field `name` is required"),
        (
            Contact,
            json!({"name": "Ola", "started_on": "2024-01-01", "planned_end_on": "2023-12-31"}),
            "invalid_field `planned_end_on` must not be before started_on",
        ),
        (Contact, json!({"name": "Ola", "future_field": 1}), "ok"),
        (
            Absence,
            json!({"starts_at": "2026-11-23T18:00"}),
            "invalid_field `ends_at` is required",
        ),
        (
            Absence,
            json!({"starts_at": "2026-11-23T18:00", "ends_at": "2026-11-23T17:00"}),
            "invalid_field `ends_at` must be after starts_at",
        ),
        (
            Log,
            json!({"contact_id": OLA, "at": "2026-11-23T18:00:00Z", "channel": "sms", "direction": "outgoing"}),
            "invalid_field `answered` is required",
        ),
        (
            DateOverride,
            json!({"windows": []}),
            "invalid_field `date` is required",
        ),
        (
            Checkin,
            json!({"week": "2026-W48", "energy": 3, "strain": 4}),
            "invalid_field `burnout` is required",
        ),
        (Availability, json!({}), "ok"),
        (CoverRequest, json!({}), "invalid_field `absence_id` is required"),
        (CoverOffer, json!({"request_id": OLA}), "invalid_field `accepted` is required"),
        (
            AgendaItem,
            json!({"week": "2026-W48"}),
            "invalid_field `topic` is required",
        ),
        (
            AgendaItem,
            json!({"week": "2026-W48", "topic": "blame"}),
            "invalid_field `topic` must be one of boundaries, after_hours, ending, my_wellbeing, other",
        ),
    ]);
}

/// `agreement_changes`: each change valid and setting something; dates sorted and unique
/// (unsorted lists are refused, not sorted: see `records::contact`).
#[test]
fn agreement_changes_are_sorted_unique_and_each_sets_something() {
    let contact = |changes: Value| json!({"name": "Ola", "agreement_changes": changes});
    let day = |from: &str| json!({"from": from, "max_contacts_per_day": 2});
    check_decode(&[
        (RecordKind::Contact, contact(json!([])), "ok"),
        (RecordKind::Contact, contact(json!([day("2026-02-01"), day("2026-03-01")])), "ok"),
        (
            RecordKind::Contact,
            contact(json!([day("2026-03-01"), day("2026-02-01")])),
            "invalid_field `agreement_changes[1].from` must be after the change before it (2026-03-01)",
        ),
        (
            RecordKind::Contact,
            contact(json!([day("2026-02-01"), day("2026-02-01")])),
            "invalid_field `agreement_changes[1].from` must be after the change before it",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"from": "2026-02-01"}])),
            "invalid_field `agreement_changes[0]` must change at least one of",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"max_contacts_per_day": 2}])),
            "invalid_field `agreement_changes[0].from` is required",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"from": "2026-02-01", "max_contacts_per_day": 0}])),
            "invalid_field `agreement_changes[0].max_contacts_per_day` must be a whole number from 1",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"from": "2026-02-01", "limit": 2}])),
            "invalid_field `agreement_changes[0].limit` is not a known key",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"from": "2026-02-01", "agreement_windows": [{"days": [], "start": "10:00", "end": "11:00"}]}])),
            "invalid_field `agreement_changes[0].agreement_windows[0].days` must name at least one weekday",
        ),
        (
            RecordKind::Contact,
            contact(json!([{"from": "2026-02-01", "max_contacts_per_day": null}])),
            "ok",
        ),
    ]);
    let changes: Vec<Value> = (1..=25).map(|n| day(&format!("2026-01-{n:02}"))).collect();
    check_decode(&[(
        RecordKind::Contact,
        contact(Value::Array(changes)),
        "invalid_field `agreement_changes` must have at most 24 items",
    )]);
}

/// A valid value for every field of every kind; `{}` is invalid for all of them.
fn sample(kind: RecordKind, field: &str) -> Value {
    match (kind, field) {
        (
            _,
            "display_name" | "name" | "away_message" | "notes" | "note" | "expectations"
            | "message" | "note_to_team" | "kind_reply",
        ) => json!("Ola"),
        (_, "phone") => json!("+47 912 34 567"),
        (_, "timezone") => json!("Europe/Stockholm"),
        (_, "language") => json!("en"),
        (_, "fallbacks") => json!([{"label": "Mum", "phone": "113"}]),
        (_, "role") => json!("colleague"),
        (RecordKind::CoverRequest, "status") => json!("withdrawn"),
        (_, "status") => json!("paused"),
        (_, "started_on" | "planned_end_on" | "review_on" | "date" | "discussed_on") => {
            json!("2026-01-01")
        }
        (_, "agreement_changes") => json!([
            {"from": "2026-02-01", "max_contacts_per_day": 2},
            {"from": "2026-03-01", "max_contacts_per_week": null, "expectations": "SMS first",
             "agreement_windows": [{"days": [2], "start": "18:00", "end": "19:00"}]},
        ]),
        (_, "topic") => json!("ending"),
        (_, "absence_id" | "request_id") => json!(uuid(0xab5)),
        (_, "agreement_windows") | (RecordKind::Availability, "windows") => {
            json!([{"days": [1], "start": "10:00", "end": "11:00"}])
        }
        (_, "windows") => json!([{"start": "10:00", "end": "11:00"}]),
        (
            _,
            "max_contacts_per_day"
            | "max_contacts_per_week"
            | "energy"
            | "strain"
            | "burnout"
            | "minutes",
        ) => json!(3),
        (_, "share_token") => json!("AbCdEfGhIjKlMnOpQrStUv"),
        (_, "starts_at") => json!("2026-01-01T10:00"),
        (_, "ends_at") => json!("2026-01-02T10:00"),
        (RecordKind::Absence, "kind") => json!("sick"),
        (_, "stand_in_contact_id" | "contact_id") => json!(OLA),
        (_, "at") => json!("2026-01-01T10:00:00Z"),
        (_, "channel") => json!("sms"),
        (_, "direction") => json!("outgoing"),
        (_, "week") => json!("2026-W01"),
        (_, field)
            if field.starts_with("observe")
                || field.starts_with("show")
                || field.ends_with("guidance") =>
        {
            json!(false)
        }
        (_, "answered" | "share_with_coordinator" | "accepted") => json!(true),
        (kind, field) => panic!("no sample for {kind}.{field}"),
    }
}

#[test]
fn field_table_and_decoders_agree() {
    for kind in RecordKind::ALL {
        let full: Map<String, Value> = fields_of(kind)
            .iter()
            .map(|spec| (spec.name.to_owned(), sample(kind, spec.name)))
            .collect();
        let record = AnyRecord::decode(kind, OLA, &full).unwrap_or_else(|e| panic!("{kind}: {e}"));
        // What a decoded record writes back is the same record.
        let written = match &record {
            AnyRecord::Profile(r) => to_fields(r),
            AnyRecord::Contact(r) => to_fields(r),
            AnyRecord::Availability(r) => to_fields(r),
            AnyRecord::DateOverride(r) => to_fields(r),
            AnyRecord::Absence(r) => to_fields(r),
            AnyRecord::Log(r) => to_fields(r),
            AnyRecord::Checkin(r) => to_fields(r),
            AnyRecord::CoverRequest(r) => to_fields(r),
            AnyRecord::CoverOffer(r) => to_fields(r),
            AnyRecord::AgendaItem(r) => to_fields(r),
        };
        assert_eq!(written, full, "{kind} round trip");
        for spec in fields_of(kind) {
            assert!(
                peerline_core::check_field(kind, spec.name, &sample(kind, spec.name)).is_ok(),
                "{kind}.{}",
                spec.name
            );
            let mut broken = full.clone();
            broken.insert(spec.name.to_owned(), json!({}));
            let error = AnyRecord::decode(kind, OLA, &broken).expect_err("`{}` is invalid");
            assert_eq!(
                error.field(),
                Some(spec.name),
                "the decoder reads {kind}.{}",
                spec.name
            );
            assert!(peerline_core::check_field(kind, spec.name, &json!({})).is_err());
            let mut missing = full.clone();
            missing.remove(spec.name);
            let decoded = AnyRecord::decode(kind, OLA, &missing);
            assert_eq!(
                decoded.is_ok(),
                spec.presence == Presence::Optional,
                "{kind}.{} presence",
                spec.name
            );
        }
    }
}

/// `value` with every whole number `n` replaced by `float(n)`.
fn with_floats(value: &Value, float: fn(u64) -> f64) -> Value {
    match value {
        Value::Number(n) => n.as_u64().map_or(value.clone(), |n| json!(float(n))),
        Value::Array(items) => items.iter().map(|item| with_floats(item, float)).collect(),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), with_floats(item, float)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Regression (cargo-fuzz, both targets' first finding): serde_json reads a float it wrote back
/// up to a few ULP off, so a float would not survive a round trip through the server or the
/// app's store exactly. It never has to: no field of any kind accepts a float anywhere in its
/// value, not even a whole one (`3.0`), so a mutation carrying one is rejected whole.
#[test]
fn no_field_accepts_a_float() {
    for kind in RecordKind::ALL {
        for spec in fields_of(kind) {
            let sample = sample(kind, spec.name);
            let floats = [
                json!(1.5),
                json!(-1.7976931348623157e308),
                with_floats(&sample, |n| n as f64),
                with_floats(&sample, |n| n as f64 + 0.5),
            ];
            for value in floats.iter().filter(|value| **value != sample) {
                let checked = peerline_core::check_field(kind, spec.name, value);
                assert!(checked.is_err(), "{kind}.{} = {value}", spec.name);
            }
        }
    }
}

#[test]
fn derived_ids_are_stable_uuid_v5() {
    let worker = uuid(0x5eed);
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let week: IsoWeek = "2026-W48".parse().expect("week");
    assert_eq!(profile_id(worker), uuid::Uuid::new_v5(&worker, b"profile"));
    assert_eq!(
        availability_id(worker),
        uuid::Uuid::new_v5(&worker, b"availability")
    );
    assert_eq!(
        date_override_id(worker, day),
        uuid::Uuid::new_v5(&worker, b"date_override:2026-11-26")
    );
    assert_eq!(
        checkin_id(worker, week),
        uuid::Uuid::new_v5(&worker, b"checkin:2026-W48")
    );
    assert_eq!(profile_id(worker).get_version_num(), 5);
    assert_ne!(profile_id(worker), profile_id(uuid(0x5eee)));
}

/// One helper, a table of cases: the id a record must have, from its kind and fields.
#[test]
fn expected_ids_follow_the_table_of_derived_ids() {
    let worker = uuid(0x5eed);
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let week: IsoWeek = "2026-W48".parse().expect("week");
    let expected = |kind: RecordKind, fields: Value| {
        let fields = object(fields);
        expected_id(kind, worker, |name| fields.get(name))
    };
    let derived = ExpectedId::Derived;
    let cases = [
        (RecordKind::Profile, json!({}), derived(profile_id(worker))),
        (
            RecordKind::Availability,
            json!({"windows": []}),
            derived(availability_id(worker)),
        ),
        (
            RecordKind::DateOverride,
            json!({"date": "2026-11-26"}),
            derived(date_override_id(worker, day)),
        ),
        (
            RecordKind::Checkin,
            json!({"week": "2026-W48"}),
            derived(checkin_id(worker, week)),
        ),
        (
            RecordKind::DateOverride,
            json!({"windows": []}),
            ExpectedId::Unnamed { field: "date" },
        ),
        (
            RecordKind::DateOverride,
            json!({"date": "2026-11-31"}),
            ExpectedId::Unnamed { field: "date" },
        ),
        (
            RecordKind::DateOverride,
            json!({"date": 20261126}),
            ExpectedId::Unnamed { field: "date" },
        ),
        (
            RecordKind::Checkin,
            json!({"week": "2026-W54"}),
            ExpectedId::Unnamed { field: "week" },
        ),
        (RecordKind::Contact, json!({"name": "Ola"}), ExpectedId::Any),
        (RecordKind::Absence, json!({}), ExpectedId::Any),
        (RecordKind::Log, json!({}), ExpectedId::Any),
    ];
    for (kind, fields, want) in cases {
        assert_eq!(expected(kind, fields.clone()), want, "{kind} {fields}");
    }
    // Another worker's namespace gives other ids.
    let fields = object(json!({"date": "2026-11-26"}));
    assert_ne!(
        expected_id(RecordKind::DateOverride, uuid(0x5eee), |name| fields
            .get(name)),
        derived(date_override_id(worker, day))
    );
}

#[test]
fn iso_weeks_parse_and_format() {
    for (text, ok) in [
        ("2026-W48", true),
        ("2020-W53", true),
        ("2021-W53", false),
        ("2026-W00", false),
        ("2026W48", false),
        ("26-W48", false),
    ] {
        assert_eq!(
            text.parse::<IsoWeek>().map(|w| w.to_string()).ok(),
            ok.then(|| text.to_owned()),
            "{text}"
        );
    }
    let week = IsoWeek::of(NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"));
    assert_eq!(week.to_string(), "2026-W53");
    assert_eq!(
        week.monday(),
        NaiveDate::from_ymd_opt(2026, 12, 28).expect("date")
    );
}

#[test]
fn offered_time_zones_are_built_and_others_are_not() {
    for name in OFFERED_TIMEZONES {
        assert!(
            peerline_core::timezones::parse_timezone("timezone", name).is_ok(),
            "{name} is offered but not built"
        );
    }
    // The zone filter of .cargo/config.toml is in force (the WASM carries no zone it does not offer).
    assert!("America/New_York".parse::<chrono_tz::Tz>().is_err());
    assert!(
        peerline_core::timezones::parse_timezone("timezone", "Europe/Brussels").is_err(),
        "built but not offered"
    );
}

#[test]
fn deleted_contacts_keep_their_role() {
    let contact = Contact::with_defaults(OLA, "Ola");
    assert_eq!(contact.role, Role::ServiceUser);
}

/// The new kinds' records and mutations survive the app's compact tables, their names coded
/// (a cover request's `status` shares the list of a contact's, whose indices stay as they were).
#[test]
fn new_kinds_round_trip_through_the_app_tables() {
    use peerline_core::table::{
        decode_mutations, decode_records, encode_mutations, encode_records,
    };
    use peerline_core::{Hlc, Mutation, WireRecord};
    for kind in [
        RecordKind::CoverRequest,
        RecordKind::CoverOffer,
        RecordKind::AgendaItem,
        RecordKind::Contact,
    ] {
        let fields: Map<String, Value> = fields_of(kind)
            .iter()
            .map(|spec| (spec.name.to_owned(), sample(kind, spec.name)))
            .collect();
        let record = WireRecord {
            kind,
            id: OLA,
            fields: fields.clone(),
            deleted: false,
        };
        let text = encode_records([&record]);
        assert_eq!(decode_records(kind, &text), Ok((vec![record], 0)), "{kind}");
        for coded in ["\"withdrawn\"", "\"ending\"", "\"paused\""] {
            assert!(
                !text.contains(coded),
                "{kind}: {coded} is written as a number: {text}"
            );
        }
        let client = "6a0e1f3c-8d2b-4c5a-9e7f-1b3d5c7e9f01";
        let mutation = Mutation {
            mid: 7,
            kind,
            id: OLA,
            hlc: Hlc::new(1_764_158_400_000, 3, client).expect("hlc"),
            set: fields,
            deleted: None,
        };
        let text = encode_mutations(client, [&mutation]);
        assert_eq!(decode_mutations(&text), Ok((vec![mutation], 0)), "{kind}");
    }
}
