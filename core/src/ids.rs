//! Ids of the records that exist once per worker, date or week (domain.md, Ids): every device of the
//! worker derives the same UUIDv5 in the namespace of the worker's user id, so two offline devices
//! write the same record instead of two competing ones. [`DERIVED_IDS`] lists those kinds in one
//! table, and [`expected_id`] says what a written record's id must be.

use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

use crate::{iso_week::IsoWeek, kind::RecordKind};

/// The id of the worker's `profile`.
pub fn profile_id(worker_user_id: Uuid) -> Uuid {
    Uuid::new_v5(&worker_user_id, b"profile")
}

/// The id of the worker's `availability`.
pub fn availability_id(worker_user_id: Uuid) -> Uuid {
    Uuid::new_v5(&worker_user_id, b"availability")
}

/// The id of the worker's `date_override` for `date` (name `date_override:YYYY-MM-DD`).
pub fn date_override_id(worker_user_id: Uuid, date: NaiveDate) -> Uuid {
    let name = format!("date_override:{}", crate::wire_time::date_text(date));
    Uuid::new_v5(&worker_user_id, name.as_bytes())
}

/// The id of the worker's `checkin` for `week` (name `checkin:YYYY-Www`).
pub fn checkin_id(worker_user_id: Uuid, week: IsoWeek) -> Uuid {
    Uuid::new_v5(&worker_user_id, format!("checkin:{week}").as_bytes())
}

/// How the ids of a record kind are made (domain.md, Ids).
#[derive(Debug, Clone, Copy)]
pub enum IdRule {
    /// One record per worker: the UUIDv5 of this fixed name.
    PerWorker(&'static str),
    /// One record per value of a field: the UUIDv5 of `PREFIX:VALUE`, the value written in its
    /// canonical form (`canonical` returns `None` for a value that is not one).
    PerFieldValue {
        /// The name's first part, before the `:`.
        prefix: &'static str,
        /// The field whose value names the record.
        field: &'static str,
        /// The value's canonical text, if it is a valid one.
        canonical: fn(&str) -> Option<String>,
    },
}

/// Every kind whose ids are derived from the worker's user id, and how; every other kind uses
/// random UUIDs. The server checks each written record against this table (so another worker
/// who knows a user id cannot take that worker's derived ids first): a new kind with a derived
/// id adds its row here and is checked with no other change.
pub const DERIVED_IDS: [(RecordKind, IdRule); 4] = [
    (RecordKind::Profile, IdRule::PerWorker("profile")),
    (RecordKind::Availability, IdRule::PerWorker("availability")),
    (
        RecordKind::DateOverride,
        IdRule::PerFieldValue {
            prefix: "date_override",
            field: "date",
            canonical: canonical_date,
        },
    ),
    (
        RecordKind::Checkin,
        IdRule::PerFieldValue {
            prefix: "checkin",
            field: "week",
            canonical: canonical_week,
        },
    ),
];

/// What the id of a record must be, by [`DERIVED_IDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedId {
    /// A kind with random ids: any id.
    Any,
    /// Exactly this one.
    Derived(Uuid),
    /// The field that names the record is missing or not a valid value, so the id cannot be
    /// checked (and the record cannot be accepted).
    Unnamed {
        /// That field.
        field: &'static str,
    },
}

/// The id a record of `kind` whose field `name` has the value `field(name)` must have when
/// `worker_user_id` writes it.
pub fn expected_id<'a>(
    kind: RecordKind,
    worker_user_id: Uuid,
    field: impl Fn(&str) -> Option<&'a Value>,
) -> ExpectedId {
    let Some((_, rule)) = DERIVED_IDS.iter().find(|(derived, _)| *derived == kind) else {
        return ExpectedId::Any;
    };
    match *rule {
        IdRule::PerWorker(name) => {
            ExpectedId::Derived(Uuid::new_v5(&worker_user_id, name.as_bytes()))
        }
        IdRule::PerFieldValue {
            prefix,
            field: name,
            canonical,
        } => match field(name).and_then(Value::as_str).and_then(canonical) {
            Some(value) => ExpectedId::Derived(Uuid::new_v5(
                &worker_user_id,
                format!("{prefix}:{value}").as_bytes(),
            )),
            None => ExpectedId::Unnamed { field: name },
        },
    }
}

fn canonical_date(text: &str) -> Option<String> {
    crate::wire_time::parse_date(text).map(crate::wire_time::date_text)
}

fn canonical_week(text: &str) -> Option<String> {
    text.parse::<IsoWeek>().ok().map(|week| week.to_string())
}
