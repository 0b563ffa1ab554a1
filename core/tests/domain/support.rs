//! Builders for a worker's records, written as the app writes them (wire JSON), and readable
//! formats for instants, so cases read like the product's own words.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Oslo;
use peerline_core::{RecordKind, WireRecord, WorkerData};
use serde_json::{json, Value};
use uuid::Uuid;

/// A worker's records under construction.
#[derive(Clone, Default)]
pub(crate) struct World {
    records: Vec<WireRecord>,
}

pub(crate) fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) const OLA: Uuid = Uuid::from_u128(0x01a);
pub(crate) const PER: Uuid = Uuid::from_u128(0x9e2);
pub(crate) const EVA: Uuid = Uuid::from_u128(0xe7a);
pub(crate) const KARI: Uuid = Uuid::from_u128(0x4a21);
pub(crate) const NILS: Uuid = Uuid::from_u128(0x4115);

fn record(kind: RecordKind, id: Uuid, fields: Value) -> WireRecord {
    let Value::Object(fields) = fields else {
        panic!("fields must be an object")
    };
    WireRecord {
        kind,
        id,
        fields,
        deleted: false,
    }
}

impl World {
    pub(crate) fn new() -> World {
        World::default()
    }

    pub(crate) fn with(mut self, kind: RecordKind, id: Uuid, fields: Value) -> World {
        self.records.push(record(kind, id, fields));
        self
    }

    pub(crate) fn profile(self, fields: Value) -> World {
        self.with(RecordKind::Profile, uuid(1), fields)
    }

    /// Weekly windows as `(days, start, end)`.
    pub(crate) fn weekly(self, windows: &[(&[u8], &str, &str)]) -> World {
        let windows: Vec<Value> = windows
            .iter()
            .map(|(days, start, end)| json!({"days": days, "start": start, "end": end}))
            .collect();
        self.with(
            RecordKind::Availability,
            uuid(2),
            json!({ "windows": windows }),
        )
    }

    /// Mon-Fri 17:00-21:00 and Saturday 12:00-16:00, nothing on Sunday.
    pub(crate) fn evenings(self) -> World {
        self.weekly(&[
            (&[1, 2, 3, 4, 5], "17:00", "21:00"),
            (&[6], "12:00", "16:00"),
        ])
    }

    pub(crate) fn date_override(self, date: &str, windows: &[(&str, &str)]) -> World {
        let windows: Vec<Value> = windows
            .iter()
            .map(|(start, end)| json!({"start": start, "end": end}))
            .collect();
        let id = Uuid::new_v5(&Uuid::nil(), date.as_bytes());
        self.with(
            RecordKind::DateOverride,
            id,
            json!({"date": date, "windows": windows}),
        )
    }

    pub(crate) fn absence(self, starts_at: &str, ends_at: &str, extra: Value) -> World {
        let mut fields = json!({"starts_at": starts_at, "ends_at": ends_at});
        merge_objects(&mut fields, extra);
        let id = Uuid::new_v5(&Uuid::nil(), format!("absence {starts_at}").as_bytes());
        self.with(RecordKind::Absence, id, fields)
    }

    pub(crate) fn contact(self, id: Uuid, fields: Value) -> World {
        self.with(RecordKind::Contact, id, fields)
    }

    pub(crate) fn deleted_contact(mut self, id: Uuid, fields: Value) -> World {
        let mut deleted = record(RecordKind::Contact, id, fields);
        deleted.deleted = true;
        self.records.push(deleted);
        self
    }

    /// Logs with `contact`, at Oslo wall times `YYYY-MM-DD HH:MM`, each `"in"`, `"in?"`
    /// (incoming, not answered) or `"out"`.
    pub(crate) fn logs(self, contact: Uuid, logs: &[(&str, &str)]) -> World {
        logs.iter()
            .fold(self, |world, (at, how)| world.log(contact, oslo(at), how))
    }

    /// One log with `contact` at `at`, shaped as in [`World::logs`].
    pub(crate) fn log(self, contact: Uuid, at: DateTime<Utc>, how: &str) -> World {
        let (direction, answered) = match how {
            "in" => ("incoming", true),
            "in?" => ("incoming", false),
            "out" => ("outgoing", true),
            other => panic!("unknown log shape {other}"),
        };
        let id = Uuid::new_v5(&contact, format!("{at} {}", self.records.len()).as_bytes());
        let fields = json!({"contact_id": contact, "at": at.to_rfc3339(), "channel": "call",
                            "direction": direction, "answered": answered});
        self.with(RecordKind::Log, id, fields)
    }

    /// Incoming answered calls with `contact` at Oslo wall times, each with its `minutes` (or none).
    pub(crate) fn timed_logs(self, contact: Uuid, logs: &[(&str, Option<u32>)]) -> World {
        logs.iter().fold(self, |world, (at, minutes)| {
            let id = Uuid::new_v5(&contact, format!("{at} timed {}", world.records.len()).as_bytes());
            let fields = json!({"contact_id": contact, "at": oslo(at).to_rfc3339(), "channel": "call",
                                "direction": "incoming", "answered": true, "minutes": minutes});
            world.with(RecordKind::Log, id, fields)
        })
    }

    /// The indexed worker; every record must decode.
    pub(crate) fn build(&self) -> WorkerData {
        let data = WorkerData::from_wire(&self.records);
        assert!(
            data.skipped().is_empty(),
            "records failed to decode: {:?}",
            data.skipped()
        );
        data
    }
}

fn merge_objects(target: &mut Value, extra: Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        target.extend(extra);
    }
}

/// The instant of Oslo wall time `YYYY-MM-DD HH:MM` (optionally with `+01`/`+02` to pick one of a
/// repeated hour).
pub(crate) fn oslo(text: &str) -> DateTime<Utc> {
    if let Some((wall, offset)) = text.split_once('+') {
        let full = format!("{wall}:00+{offset}:00");
        return DateTime::parse_from_str(&full, "%Y-%m-%d %H:%M:%S%z")
            .expect("instant")
            .with_timezone(&Utc);
    }
    let wall = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("wall time");
    Oslo.from_local_datetime(&wall)
        .single()
        .expect("unambiguous wall time")
        .with_timezone(&Utc)
}

/// An instant as Oslo wall time with its offset: `2024-11-04 17:00+01`.
pub(crate) fn show(instant: DateTime<Utc>) -> String {
    let local = instant.with_timezone(&Oslo);
    format!(
        "{}{}",
        local.format("%Y-%m-%d %H:%M"),
        &local.format("%:z").to_string()[..3]
    )
}
