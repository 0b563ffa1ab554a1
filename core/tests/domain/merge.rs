//! Mutations and merges (api.md, Sync): field checks with their codes, applying onto stored
//! records, and the laws that make replicas agree.

use chrono::{DateTime, Utc};
use peerline_core::{apply, check_field, merge, Mutation, RecordKind, StoredRecord};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::support::{uuid, OLA};

fn now() -> DateTime<Utc> {
    "2026-11-26T15:45:00Z".parse().expect("instant")
}

/// Each case reads `KIND.FIELD JSON => EXPECTED`, where EXPECTED is `ok` or the start of
/// `code message`.
fn check_fields(cases: &[&str]) {
    for case in cases {
        let (write, expected) = case
            .split_once(" => ")
            .expect("a case reads `KIND.FIELD JSON => EXPECTED`");
        let (path, value) = write.split_once(' ').expect("field and value");
        let (kind, field) = path.split_once('.').expect("kind.field");
        let kind: RecordKind = kind.parse().expect("kind");
        let value: Value = serde_json::from_str(value).expect("JSON value");
        let got = match check_field(kind, field, &value) {
            Ok(()) => "ok".to_owned(),
            Err(error) => format!("{} {}", error.code(), error),
        };
        assert!(got.starts_with(expected), "case `{case}`: got `{got}`");
    }
}

#[test]
fn each_field_is_checked_on_its_own() {
    check_fields(&[
        r#"contact.name "Ola" => ok"#,
        r#"contact.name "  " => invalid_field `name` must not be empty"#,
        r#"contact.name null => invalid_field `name` is required"#,
        r#"contact.name 7 => invalid_field `name` must be a string"#,
        r#"contact.name "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" => invalid_field `name` must be at most 100 characters"#,
        r#"contact.name "tab\there" => invalid_field `name` must not contain control characters"#,
        r#"contact.nickname "O" => unknown_field `nickname` is not a field of a contact"#,
        r#"contact.phone "+47 912 34 567" => ok"#,
        r#"contact.phone "116 123" => ok"#,
        r#"contact.phone "(0047) 912-34-567" => ok"#,
        r#"contact.phone null => ok"#,
        r#"contact.phone "12" => invalid_field `phone` must be a phone number"#,
        r#"contact.phone "call me" => invalid_field `phone` must be a phone number"#,
        r#"contact.phone "+47 912 34 567 890 123 45" => invalid_field `phone` must be a phone number"#,
        r#"contact.role "service_user" => ok"#,
        r#"contact.role "friend" => invalid_field `role` must be one of service_user, coordinator"#,
        r#"contact.started_on "2024-02-29" => ok"#,
        r#"contact.started_on "2023-02-29" => invalid_field `started_on` must be a date YYYY-MM-DD"#,
        r#"contact.started_on "2024-2-9" => invalid_field `started_on` must be a date"#,
        r#"contact.started_on "1850-01-01" => invalid_field `started_on` must be a date"#,
        r#"contact.max_contacts_per_day 1 => ok"#,
        r#"contact.max_contacts_per_day 0 => invalid_field `max_contacts_per_day` must be a whole number from 1"#,
        r#"contact.max_contacts_per_week 2.5 => invalid_field `max_contacts_per_week` must be a whole number"#,
        r#"contact.max_contacts_per_week null => ok"#,
        r#"contact.share_token "AbCdEfGhIjKlMnOpQrStUv" => ok"#,
        r#"contact.share_token "short" => invalid_field `share_token` must be 22 to 128 base64url"#,
        r#"contact.agreement_windows [{"days": [1, 7], "start": "18:00", "end": "24:00"}] => ok"#,
        r#"contact.agreement_windows [{"days": [0], "start": "18:00", "end": "20:00"}] => invalid_field `agreement_windows[0].days[0]` must be a whole number from 1 to 7"#,
        r#"contact.agreement_windows [{"days": [8], "start": "18:00", "end": "20:00"}] => invalid_field `agreement_windows[0].days[0]`"#,
        r#"contact.agreement_windows [{"days": [], "start": "18:00", "end": "20:00"}] => invalid_field `agreement_windows[0].days` must name at least one weekday"#,
        r#"availability.windows [{"days": [1], "start": "20:00", "end": "18:00"}] => invalid_field `windows[0].end` must be after start (20:00)"#,
        r#"availability.windows [{"days": [1], "start": "18:00", "end": "18:00"}] => invalid_field `windows[0].end` must be after start"#,
        r#"availability.windows [{"days": [1], "start": "18:00", "end": "24:01"}] => invalid_field `windows[0].end` must be HH:MM from 00:00 to 24:00"#,
        r#"availability.windows [{"days": [1], "start": "18:60", "end": "20:00"}] => invalid_field `windows[0].start` must be HH:MM"#,
        r#"availability.windows [{"days": [1], "start": "8:00", "end": "20:00"}] => invalid_field `windows[0].start` must be HH:MM"#,
        r#"availability.windows [{"days": [1], "start": "18:00"}] => invalid_field `windows[0].end` is required"#,
        r#"availability.windows [{"days": [1], "start": "18:00", "end": "20:00", "x": 1}] => invalid_field `windows[0].x` is not a known key"#,
        r#"availability.windows {"days": [1]} => invalid_field `windows` must be a list"#,
        r#"date_override.windows [{"start": "00:00", "end": "24:00"}] => ok"#,
        r#"date_override.windows [{"days": [1], "start": "00:00", "end": "24:00"}] => invalid_field `windows[0].days` is not a known key"#,
        r#"date_override.date "2026-13-01" => invalid_field `date` must be a date"#,
        r#"profile.timezone "Europe/Oslo" => ok"#,
        r#"profile.timezone "Arctic/Longyearbyen" => ok"#,
        r#"profile.timezone "America/New_York" => invalid_field `timezone` must be one of the offered IANA time zones"#,
        r#"profile.timezone "europe/oslo" => invalid_field `timezone`"#,
        r#"profile.language "sv" => invalid_field `language` must be one of nb, en"#,
        r#"profile.fallbacks [{"label": "Mum", "phone": "+47 911 11 111"}] => ok"#,
        r#"profile.fallbacks [{"label": "Mum", "phone": "x"}] => invalid_field `fallbacks[0].phone` must be a phone number"#,
        r#"profile.fallbacks [{"label": "", "phone": "113"}] => invalid_field `fallbacks[0].label` must not be empty"#,
        r#"profile.observe_public_holidays "yes" => invalid_field `observe_public_holidays` must be true or false"#,
        r#"absence.starts_at "2026-11-23T18:00" => ok"#,
        r#"absence.starts_at "2026-11-23T18:00:00Z" => invalid_field `starts_at` must be a local date-time YYYY-MM-DDTHH:MM"#,
        r#"absence.kind "holiday" => invalid_field `kind` must be one of day_off, vacation, sick, other"#,
        r#"absence.stand_in_contact_id "not-a-uuid" => invalid_field `stand_in_contact_id` must be a UUID"#,
        r#"log.at "2026-11-23T18:00:00Z" => ok"#,
        r#"log.at "2026-11-23T19:00:00+01:00" => ok"#,
        r#"log.at "2026-11-23 18:00" => invalid_field `at` must be an RFC 3339 instant"#,
        r#"log.channel "pigeon" => invalid_field `channel` must be one of call, sms, meeting, message"#,
        r#"log.direction null => invalid_field `direction` is required"#,
        r#"log.minutes -1 => invalid_field `minutes` must be a whole number from 0 to 1440"#,
        r#"log.note "line one\nline two" => ok"#,
        r#"checkin.week "2026-W48" => ok"#,
        r#"checkin.week "2026-W53" => ok"#,
        r#"checkin.week "2026-W54" => invalid_field `week` must be an ISO week"#,
        r#"checkin.week "2025-W53" => invalid_field `week` must be an ISO week"#,
        r#"checkin.energy 5 => ok"#,
        r#"checkin.energy 6 => invalid_field `energy` must be a whole number from 1 to 5"#,
        r#"checkin.burnout 0 => invalid_field `burnout` must be a whole number from 1 to 5"#,
    ]);
}

/// Reads a mutation as the server does; `mid` 1 unless given.
fn mutation(value: Value) -> Mutation {
    Mutation::from_json(&value).expect("mutation")
}

/// A share token of the valid form.
const TOKEN: &str = "AbCdEfGhIjKlMnOpQrStUv";

fn contact_write(hlc: &str, set: Value) -> Mutation {
    mutation(json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc, "set": set}))
}

/// A case: a name, mutations applied in order, and the wire fields and tombstone of the result, or
/// the code of the first rejection.
type ApplyCase<'a> = (&'a str, Vec<Mutation>, Result<(Value, bool), &'a str>);

fn check_apply(cases: &[ApplyCase<'_>]) {
    for (name, mutations, expected) in cases {
        let mut stored: Option<StoredRecord> = None;
        let mut outcome = Ok(());
        for m in mutations {
            match apply(stored.as_ref(), m, now()) {
                Ok(record) => stored = Some(record),
                Err(error) => {
                    outcome = Err(error.code());
                    break;
                }
            }
        }
        let got = outcome.map(|()| {
            let wire = stored.expect("a record").to_wire();
            (Value::Object(wire.fields), wire.deleted)
        });
        assert_eq!(got, expected.clone(), "case `{name}`");
    }
}

#[test]
fn applying_mutations() {
    let h = |n: u32| format!("{:013}:0000:dev", 1_764_158_400_000u64 + u64::from(n));
    check_apply(&[
        (
            "create",
            vec![contact_write(
                &h(1),
                json!({"name": "Ola", "role": "service_user"}),
            )],
            Ok((json!({"name": "Ola", "role": "service_user"}), false)),
        ),
        (
            "later write wins per field",
            vec![
                contact_write(&h(2), json!({"name": "Ola", "phone": "113"})),
                contact_write(&h(1), json!({"name": "Old", "notes": "n"})),
            ],
            Ok((json!({"name": "Ola", "phone": "113", "notes": "n"}), false)),
        ),
        (
            "null unsets an optional field",
            vec![
                contact_write(&h(1), json!({"name": "Ola", "phone": "113"})),
                contact_write(&h(2), json!({"phone": null})),
            ],
            Ok((json!({"name": "Ola", "phone": null}), false)),
        ),
        (
            "a record must be whole",
            vec![contact_write(&h(1), json!({"phone": "113"}))],
            Err("invalid_field"),
        ),
        (
            "unknown field",
            vec![contact_write(&h(1), json!({"name": "Ola", "age": 40}))],
            Err("unknown_field"),
        ),
        (
            "delete then undelete by hlc",
            vec![
                contact_write(&h(1), json!({"name": "Ola"})),
                mutation(
                    json!({"mid": 2, "kind": "contact", "id": OLA, "hlc": h(3), "deleted": true}),
                ),
                mutation(
                    json!({"mid": 3, "kind": "contact", "id": OLA, "hlc": h(2), "deleted": false}),
                ),
            ],
            Ok((json!({"name": "Ola"}), true)),
        ),
        (
            "a tombstone needs no valid content",
            vec![mutation(
                json!({"mid": 1, "kind": "absence", "id": OLA, "hlc": h(1), "deleted": true}),
            )],
            Ok((json!({}), true)),
        ),
        (
            "absence must end after it starts",
            vec![mutation(
                json!({"mid": 1, "kind": "absence", "id": OLA, "hlc": h(1),
                                  "set": {"starts_at": "2026-11-23T18:00", "ends_at": "2026-11-23T18:00"}}),
            )],
            Err("invalid_field"),
        ),
        (
            "merged record checked as a whole",
            vec![
                mutation(json!({"mid": 1, "kind": "absence", "id": OLA, "hlc": h(1),
                                "set": {"starts_at": "2026-11-23T18:00", "ends_at": "2026-11-24T18:00"}})),
                mutation(
                    json!({"mid": 2, "kind": "absence", "id": OLA, "hlc": h(2), "set": {"starts_at": "2026-11-25T18:00"}}),
                ),
            ],
            Err("invalid_field"),
        ),
        (
            "log at most 10 minutes ahead",
            vec![log_at(&h(1), "2026-11-26T15:55:00Z")],
            Ok((log_fields("2026-11-26T15:55:00Z"), false)),
        ),
        (
            "log too far ahead",
            vec![log_at(&h(1), "2026-11-26T15:55:01Z")],
            Err("invalid_field"),
        ),
        (
            "a share link on a service user",
            vec![contact_write(
                &h(1),
                json!({"name": "Ola", "share_token": TOKEN}),
            )],
            Ok((json!({"name": "Ola", "share_token": TOKEN}), false)),
        ),
        (
            "no share link on a colleague",
            vec![contact_write(
                &h(1),
                json!({"name": "Nils", "role": "colleague", "share_token": TOKEN}),
            )],
            Err("invalid_field"),
        ),
        (
            "no share link on the coordinator's contact, even written before the role",
            vec![
                contact_write(&h(2), json!({"name": "Kari", "role": "coordinator"})),
                contact_write(&h(1), json!({"share_token": TOKEN})),
            ],
            Err("invalid_field"),
        ),
        (
            "a contact with a link may change role (the link stops working)",
            vec![
                contact_write(&h(1), json!({"name": "Ola", "share_token": TOKEN})),
                contact_write(&h(2), json!({"role": "colleague"})),
            ],
            Ok((
                json!({"name": "Ola", "share_token": TOKEN, "role": "colleague"}),
                false,
            )),
        ),
        (
            "sharing off is always allowed",
            vec![contact_write(
                &h(1),
                json!({"name": "Nils", "role": "colleague", "share_token": null}),
            )],
            Ok((
                json!({"name": "Nils", "role": "colleague", "share_token": null}),
                false,
            )),
        ),
        (
            "a record's kind cannot change",
            vec![
                contact_write(&h(1), json!({"name": "Ola"})),
                mutation(
                    json!({"mid": 2, "kind": "absence", "id": OLA, "hlc": h(2), "deleted": true}),
                ),
            ],
            Err("invalid_field"),
        ),
    ]);
}

fn log_fields(at: &str) -> Value {
    json!({"contact_id": OLA, "at": at, "channel": "call", "direction": "incoming", "answered": false})
}

fn log_at(hlc: &str, at: &str) -> Mutation {
    mutation(json!({"mid": 1, "kind": "log", "id": uuid(77), "hlc": hlc, "set": log_fields(at)}))
}

/// Each case: a raw mutation and the code `Mutation::from_json` gives, or `ok`.
fn check_decode(cases: &[(Value, &str)]) {
    for (value, expected) in cases {
        let got = Mutation::from_json(value).map_or_else(|e| e.code(), |_| "ok");
        assert_eq!(got, *expected, "{value}");
    }
}

#[test]
fn reading_mutations_from_the_wire() {
    let hlc = "1764158400000:0000:dev";
    check_decode(&[
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc, "set": {}}),
            "ok",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc}),
            "ok",
        ),
        (
            json!({"mid": 1, "kind": "note", "id": OLA, "hlc": hlc, "set": {}}),
            "unknown_kind",
        ),
        (
            json!({"mid": 1, "id": OLA, "hlc": hlc, "set": {}}),
            "unknown_kind",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": "yesterday", "set": {}}),
            "invalid_hlc",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "set": {}}),
            "invalid_hlc",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": "x", "hlc": hlc, "set": {}}),
            "invalid_field",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc, "deleted": "yes"}),
            "invalid_field",
        ),
        (
            json!({"mid": -1, "kind": "contact", "id": OLA, "hlc": hlc}),
            "invalid_request",
        ),
        (
            json!({"kind": "contact", "id": OLA, "hlc": hlc}),
            "invalid_request",
        ),
        (
            json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc, "set": [1]}),
            "invalid_request",
        ),
        (json!([1, 2]), "invalid_request"),
    ]);
}

/// A small world of writes to one contact, so that strategies hit the same fields and the same
/// hlcs (including equal hlcs with different values, which honest clients never produce).
fn any_write() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        Just(json!(null)),
        Just(json!("113")),
        Just(json!("+47 912 34 567")),
        Just(json!("116 117"))
    ];
    let set = prop::collection::btree_map(
        prop_oneof![Just("phone"), Just("notes"), Just("expectations")],
        value,
        0..3,
    );
    let deleted = prop_oneof![Just(None), Just(Some(true)), Just(Some(false))];
    (1..6u64, 0..3u16, prop_oneof![Just("a"), Just("b")], set, deleted, 1..4u8).prop_map(
        |(millis, counter, client, set, deleted, name)| {
            let mut set: serde_json::Map<String, Value> = set.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            set.insert("name".into(), json!(format!("Ola {name}")));
            let hlc = format!("{millis:013}:{counter:04x}:{client}");
            mutation(json!({"mid": 1, "kind": "contact", "id": OLA, "hlc": hlc, "set": set, "deleted": deleted}))
        },
    )
}

fn replica(writes: &[Mutation]) -> StoredRecord {
    writes.iter().fold(
        StoredRecord::new(RecordKind::Contact, OLA),
        |record, write| merge(&record, &write.to_record()).expect("same record"),
    )
}

proptest! {
    #[test]
    fn merge_is_commutative_associative_and_idempotent(
        a in prop::collection::vec(any_write(), 0..4),
        b in prop::collection::vec(any_write(), 0..4),
        c in prop::collection::vec(any_write(), 0..4),
    ) {
        let (a, b, c) = (replica(&a), replica(&b), replica(&c));
        let m = |x: &StoredRecord, y: &StoredRecord| merge(x, y).expect("same record");
        prop_assert_eq!(m(&a, &b), m(&b, &a));
        prop_assert_eq!(m(&m(&a, &b), &c), m(&a, &m(&b, &c)));
        prop_assert_eq!(m(&a, &a), a.clone());
        prop_assert_eq!(m(&m(&a, &b), &b), m(&a, &b));
    }

    #[test]
    fn any_order_with_duplicates_gives_the_same_record(
        writes in prop::collection::vec(any_write(), 1..8),
        order in prop::collection::vec(any::<prop::sample::Index>(), 1..16),
    ) {
        let apply_all = |writes: &[&Mutation]| {
            writes.iter().fold(None, |stored: Option<StoredRecord>, write| {
                Some(apply(stored.as_ref(), write, now()).expect("valid mutation"))
            })
        };
        let in_order: Vec<&Mutation> = writes.iter().collect();
        // Every write at least once, then duplicates, in a shuffled order.
        let mut shuffled: Vec<&Mutation> = order.iter().map(|index| index.get(&writes)).collect();
        shuffled.extend(writes.iter());
        let mut permuted = shuffled.clone();
        let len = permuted.len();
        for (i, index) in order.iter().enumerate() {
            permuted.swap(i % len, index.index(len));
        }
        let expected = apply_all(&in_order);
        prop_assert_eq!(apply_all(&shuffled), expected.clone());
        prop_assert_eq!(apply_all(&permuted), expected);
    }
}
