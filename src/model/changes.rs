//! What each action writes: small functions from the user's intent to a [`Change`] (a mutation's
//! `set`). Validation is core's, when the store applies the change.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Timelike, Utc};
use peerline_core::{wire_time, Absence, Channel, Direction, RecordKind};
use peerline_store::Change;
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// The `YYYY-MM-DDTHH:MM` form of domain.md's local date-times.
pub(crate) fn local_text(moment: NaiveDateTime) -> String {
    wire_time::local_text(moment)
}

/// The `YYYY-MM-DD` form of dates.
pub(crate) fn date_text(date: NaiveDate) -> String {
    wire_time::date_text(date)
}

/// An instant as stored: whole seconds, UTC, `Z`.
pub(crate) fn instant_text(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A text field: empty means unset (`null`).
pub(crate) fn optional_text(text: &str) -> Value {
    match text.trim() {
        "" => Value::Null,
        trimmed => Value::String(trimmed.to_owned()),
    }
}

/// Sets fields of a record.
pub(crate) fn set(kind: RecordKind, id: Uuid, fields: Map<String, Value>) -> Change {
    Change {
        kind,
        id,
        set: fields,
        deleted: None,
    }
}

/// Deletes a record (a tombstone; a later write may undelete it).
pub(crate) fn delete(kind: RecordKind, id: Uuid) -> Change {
    Change {
        kind,
        id,
        set: Map::new(),
        deleted: Some(true),
    }
}

/// One contact event.
pub(crate) struct LogInput {
    pub(crate) contact_id: Uuid,
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) direction: Direction,
    pub(crate) answered: bool,
    pub(crate) minutes: Option<u32>,
    pub(crate) note: String,
}

pub(crate) fn log(id: Uuid, input: &LogInput) -> Change {
    set(
        RecordKind::Log,
        id,
        object(json!({
            "contact_id": input.contact_id.to_string(),
            "at": instant_text(input.at),
            "channel": input.channel,
            "direction": input.direction,
            "answered": input.answered,
            "minutes": input.minutes,
            "note": optional_text(&input.note),
        })),
    )
}

/// The two-tap case: an incoming call, answered, now.
pub(crate) fn incoming_call(id: Uuid, contact_id: Uuid, now: DateTime<Utc>) -> Change {
    let input = LogInput {
        contact_id,
        at: now,
        channel: Channel::Call,
        direction: Direction::Incoming,
        answered: true,
        minutes: None,
        note: String::new(),
    };
    log(id, &input)
}

/// The kind reply, sent from the phone's SMS app: an outgoing SMS, now.
pub(crate) fn outgoing_sms(id: Uuid, contact_id: Uuid, now: DateTime<Utc>) -> Change {
    let input = LogInput {
        contact_id,
        at: now,
        channel: Channel::Sms,
        direction: Direction::Outgoing,
        answered: true,
        minutes: None,
        note: String::new(),
    };
    log(id, &input)
}

/// "Day off today": an absence of kind `day_off` from now (to the minute) to the end of today.
pub(crate) fn day_off_today(id: Uuid, local_now: NaiveDateTime) -> Change {
    let start = local_now
        .date()
        .and_hms_opt(local_now.hour(), local_now.minute(), 0);
    let start = start.unwrap_or(local_now);
    let tomorrow = local_now
        .date()
        .checked_add_days(Days::new(1))
        .unwrap_or(local_now.date());
    set(
        RecordKind::Absence,
        id,
        object(json!({
            "kind": "day_off",
            "starts_at": local_text(start),
            "ends_at": local_text(tomorrow.and_time(chrono::NaiveTime::MIN)),
        })),
    )
}

/// "Back on": ends an absence now; one that has not really begun (same minute) is deleted.
pub(crate) fn end_absence(absence: &Absence, local_now: NaiveDateTime) -> Change {
    let now = local_text(local_now);
    if now <= local_text(absence.starts_at) {
        return delete(RecordKind::Absence, absence.id);
    }
    set(
        RecordKind::Absence,
        absence.id,
        object(json!({ "ends_at": now })),
    )
}

/// The planned end of a relationship that starts on `started_on`: two years on (domain.md).
pub(crate) fn default_planned_end(started_on: NaiveDate) -> NaiveDate {
    started_on
        .checked_add_months(chrono::Months::new(24))
        .unwrap_or(started_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerline_core::AnyRecord;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap_or_default()
    }

    fn decode(change: &Change) -> AnyRecord {
        let wire = peerline_core::WireRecord {
            kind: change.kind,
            id: change.id,
            fields: change.set.clone(),
            deleted: false,
        };
        match wire.decode() {
            Ok(record) => record,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn a_day_off_runs_from_now_to_midnight() {
        let change = day_off_today(Uuid::from_u128(1), local("2026-11-26T14:37:42"));
        let AnyRecord::Absence(absence) = decode(&change) else {
            panic!("not an absence")
        };
        assert_eq!(local_text(absence.starts_at), "2026-11-26T14:37");
        assert_eq!(local_text(absence.ends_at), "2026-11-27T00:00");
        let back = end_absence(&absence, local("2026-11-26T16:00:00"));
        assert_eq!(back.set.get("ends_at"), Some(&json!("2026-11-26T16:00")));
        let at_once = end_absence(&absence, local("2026-11-26T14:37:59"));
        assert_eq!(at_once.deleted, Some(true));
    }

    #[test]
    fn an_incoming_call_is_a_valid_log() {
        let now: DateTime<Utc> = "2026-11-26T15:45:12Z".parse().unwrap_or_default();
        let change = incoming_call(Uuid::from_u128(1), Uuid::from_u128(2), now);
        let AnyRecord::Log(log) = decode(&change) else {
            panic!("not a log")
        };
        assert_eq!(
            (log.channel, log.direction, log.answered),
            (Channel::Call, Direction::Incoming, true)
        );
        assert_eq!(change.set.get("at"), Some(&json!("2026-11-26T15:45:12Z")));
        assert_eq!(change.set.get("note"), Some(&Value::Null));
        let AnyRecord::Log(sms) =
            decode(&outgoing_sms(Uuid::from_u128(3), Uuid::from_u128(2), now))
        else {
            panic!("not a log")
        };
        assert_eq!(
            (sms.channel, sms.direction, sms.contact_id, sms.at),
            (Channel::Sms, Direction::Outgoing, Uuid::from_u128(2), now)
        );
    }

    #[test]
    fn relationships_are_planned_for_two_years() {
        let start = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap_or_default();
        assert_eq!(date_text(default_planned_end(start)), "2026-02-28");
    }
}
