//! The names of the store's keys, all below one prefix (`peerline.`; the benchmark uses another so
//! it never touches real data):
//!
//! - `schema`: the layout version (see `load`);
//! - `device`: this install's client id, worker id, clock, last mid and sync cursor;
//! - `records.<kind>`: the records of a kind as the server last confirmed them, one table;
//! - `records.log.<YYYY-MM>`: logs by the UTC month of `at`, so a new log rewrites one month;
//! - `outbox.<n>`: pending mutations with mids `n*500+1 ..= (n+1)*500`;
//! - `quarantine.<key>`: a stored value that could not be read, kept aside for a human to look at.

use peerline_core::{RecordKind, WireRecord};

pub(crate) const SCHEMA: &str = "schema";
pub(crate) const DEVICE: &str = "device";
pub(crate) const RECORDS: &str = "records.";
pub(crate) const OUTBOX: &str = "outbox.";
pub(crate) const QUARANTINE: &str = "quarantine.";

/// Mutations per outbox chunk: a write rewrites at most this many.
pub(crate) const OUTBOX_CHUNK: u64 = 500;

/// The chunk a confirmed record is kept in.
pub(crate) fn record_chunk(record: &WireRecord) -> String {
    if record.kind != RecordKind::Log {
        return format!("{RECORDS}{}", record.kind);
    }
    format!("{RECORDS}log.{}", log_month_of(record).unwrap_or("other"))
}

/// The UTC month of a log's `at`, if it has a readable one.
fn log_month_of(record: &WireRecord) -> Option<&str> {
    let at = record.fields.get("at")?.as_str()?;
    at.get(..7).filter(|month| is_month(month))
}

/// Whether `record` belongs in chunk `key`; [`record_chunk`] without building the key, for the
/// thousands of records read at start-up.
pub(crate) fn in_chunk(record: &WireRecord, key: &str) -> bool {
    let Some(rest) = key.strip_prefix(RECORDS) else {
        return false;
    };
    if record.kind != RecordKind::Log {
        return rest == record.kind.as_str();
    }
    let Some(month) = rest.strip_prefix("log.") else {
        return false;
    };
    month == log_month_of(record).unwrap_or("other")
}

fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit())
}

/// The month of a log chunk key (`records.log.2026-11` is `2026-11`); `None` for other keys and
/// for `records.log.other`.
pub(crate) fn log_month(key: &str) -> Option<&str> {
    key.strip_prefix(RECORDS)?
        .strip_prefix("log.")
        .filter(|month| is_month(month))
}

/// The kind of the records a chunk key holds.
pub(crate) fn chunk_kind(key: &str) -> Option<RecordKind> {
    let rest = key.strip_prefix(RECORDS)?;
    if rest.starts_with("log.") {
        return Some(RecordKind::Log);
    }
    rest.parse().ok()
}

/// The outbox chunk of a mid.
pub(crate) fn outbox_chunk(mid: u64) -> String {
    format!("{OUTBOX}{}", mid.saturating_sub(1) / OUTBOX_CHUNK)
}

/// The mids an outbox chunk key holds.
pub(crate) fn outbox_range(key: &str) -> Option<std::ops::RangeInclusive<u64>> {
    let n: u64 = key.strip_prefix(OUTBOX)?.parse().ok()?;
    Some(n * OUTBOX_CHUNK + 1..=(n + 1) * OUTBOX_CHUNK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use uuid::Uuid;

    fn log_at(at: serde_json::Value) -> WireRecord {
        let fields = json!({ "at": at }).as_object().cloned().unwrap_or_default();
        WireRecord {
            kind: RecordKind::Log,
            id: Uuid::nil(),
            fields,
            deleted: false,
        }
    }

    #[test]
    fn logs_go_to_their_month() {
        assert_eq!(
            record_chunk(&log_at(json!("2026-11-23T18:00:00Z"))),
            "records.log.2026-11"
        );
        assert_eq!(record_chunk(&log_at(json!("garbage"))), "records.log.other");
        assert_eq!(record_chunk(&log_at(json!(5))), "records.log.other");
        assert!(in_chunk(
            &log_at(json!("2026-11-23T18:00:00Z")),
            "records.log.2026-11"
        ));
        assert!(!in_chunk(
            &log_at(json!("2026-11-23T18:00:00Z")),
            "records.log.2026-10"
        ));
        assert!(in_chunk(&log_at(json!("garbage")), "records.log.other"));
        assert_eq!(chunk_kind("records.log.2026-11"), Some(RecordKind::Log));
        assert_eq!(
            chunk_kind("records.date_override"),
            Some(RecordKind::DateOverride)
        );
        assert_eq!(chunk_kind("records.nonsense"), None);
    }

    #[test]
    fn outbox_chunks_hold_500_mids() {
        assert_eq!(outbox_chunk(1), "outbox.0");
        assert_eq!(outbox_chunk(500), "outbox.0");
        assert_eq!(outbox_chunk(501), "outbox.1");
        assert_eq!(outbox_range("outbox.1"), Some(501..=1000));
    }
}
