//! Tests of the local store against an in-memory storage: round trips, reopening, quarantine,
//! a full quota, two tabs, and a sync response.

use super::kv::MemoryStorage;
use super::*;
use chrono::TimeZone;
use peerline_core::{AnyRecord, RecordKind, Rejection, SyncResponse};
use serde_json::json;
use serde_json::Map;

const PREFIX: &str = "peerline.";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0)
        .single()
        .unwrap_or_default()
}

fn device(n: u128) -> Device {
    Device::new(Uuid::from_u128(n), Uuid::from_u128(1000 + n))
}

fn open(kv: &MemoryStorage) -> (LocalStore, LoadReport) {
    LocalStore::open(kv, PREFIX, || device(1), load::MIGRATIONS)
}

fn fields(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn contact(id: u128, name: &str) -> Change {
    Change {
        kind: RecordKind::Contact,
        id: Uuid::from_u128(id),
        set: fields(json!({"name": name, "role": "service_user", "max_contacts_per_day": 3})),
        deleted: None,
    }
}

fn log(id: u128, contact: u128, at: &str) -> Change {
    Change {
        kind: RecordKind::Log,
        id: Uuid::from_u128(id),
        set: fields(json!({
            "contact_id": Uuid::from_u128(contact).to_string(), "at": at,
            "channel": "call", "direction": "incoming", "answered": true,
        })),
        deleted: None,
    }
}

fn name_of(store: &LocalStore, id: u128) -> Option<String> {
    match store.entry(Uuid::from_u128(id))?.live()? {
        AnyRecord::Contact(contact) => Some(contact.name.clone()),
        _ => None,
    }
}

#[test]
fn a_write_is_in_storage_before_it_returns_and_survives_reopening() {
    let kv = MemoryStorage::default();
    let (mut store, report) = open(&kv);
    assert_eq!(report, LoadReport::default());
    assert_eq!(
        store.write(&kv, contact(1, "Ola"), now()),
        Ok(Saved::OnDevice)
    );
    assert_eq!(
        store.write(&kv, log(2, 1, "2026-11-26T15:40:00Z"), now()),
        Ok(Saved::OnDevice)
    );
    let (reopened, report) = open(&kv);
    assert_eq!(report, LoadReport::default());
    assert_eq!(name_of(&reopened, 1).as_deref(), Some("Ola"));
    assert_eq!(reopened.pending(), 2);
    assert_eq!(reopened.device(), store.device());
    assert_eq!(kv.get("peerline.schema").as_deref(), Some("1"));
}

#[test]
fn an_invalid_write_changes_nothing() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    let mut bad = contact(1, "Ola");
    bad.set.insert("role".into(), json!("boss"));
    assert_eq!(
        store.write(&kv, bad, now()).map_err(|e| e.code()),
        Err("invalid_field")
    );
    let future = log(2, 1, "2026-11-26T16:00:00Z");
    assert_eq!(
        store.write(&kv, future, now()).map_err(|e| e.code()),
        Err("invalid_field")
    );
    assert_eq!(store.pending(), 0);
    assert!(store.entry(Uuid::from_u128(1)).is_none());
}

#[test]
fn deleting_keeps_a_tombstone_and_hides_the_record() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    let delete = Change {
        kind: RecordKind::Contact,
        id: Uuid::from_u128(1),
        set: Map::new(),
        deleted: Some(true),
    };
    assert_eq!(store.write(&kv, delete, now()), Ok(Saved::OnDevice));
    assert_eq!(name_of(&store, 1), None);
    let (reopened, _) = open(&kv);
    assert!(reopened
        .entry(Uuid::from_u128(1))
        .is_some_and(|entry| entry.wire.deleted));
}

#[test]
fn an_unreadable_key_is_set_aside_reported_once_and_the_rest_loads() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    kv.set("peerline.records.checkin", "{not json").ok();
    let (reopened, report) = open(&kv);
    assert_eq!(report.quarantined, vec!["records.checkin".to_owned()]);
    assert_eq!(
        kv.get("peerline.quarantine.records.checkin").as_deref(),
        Some("{not json")
    );
    assert_eq!(kv.get("peerline.records.checkin"), None);
    assert_eq!(name_of(&reopened, 1).as_deref(), Some("Ola"));
    let (_, again) = open(&kv);
    assert_eq!(again, LoadReport::default());
}

#[test]
fn a_bad_row_is_set_aside_and_the_good_rows_stay() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    store.write(&kv, contact(2, "Kari"), now()).ok();
    let text = kv.get("peerline.outbox.0").unwrap_or_default();
    let broken = text.replacen("[1,", "[1,\"x\",", 1);
    kv.set("peerline.outbox.0", &broken).ok();
    let (reopened, report) = open(&kv);
    assert_eq!(report.quarantined, vec!["outbox.0".to_owned()]);
    assert_eq!(name_of(&reopened, 1), None);
    assert_eq!(name_of(&reopened, 2).as_deref(), Some("Kari"));
    assert_eq!(reopened.device().last_mid, 2);
}

#[test]
fn a_corrupt_device_record_is_replaced_and_mids_keep_growing() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    kv.set("peerline.device", "garbage").ok();
    let (mut reopened, report) = LocalStore::open(&kv, PREFIX, || device(2), load::MIGRATIONS);
    assert_eq!(report.quarantined, vec!["device".to_owned()]);
    assert_eq!(name_of(&reopened, 1).as_deref(), Some("Ola"));
    reopened.write(&kv, contact(3, "Per"), now()).ok();
    assert_eq!(
        reopened
            .request(10)
            .mutations
            .iter()
            .map(|m| m.mid)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn a_full_quota_keeps_the_change_in_memory_and_saves_it_later() {
    let kv = MemoryStorage::with_limit(900);
    let (mut store, _) = open(&kv);
    assert_eq!(
        store.write(&kv, contact(1, "Ola"), now()),
        Ok(Saved::OnDevice)
    );
    let long_name = "x".repeat(100);
    let mut saved = Saved::OnDevice;
    for n in 2..10 {
        saved = store
            .write(&kv, contact(n, &long_name), now())
            .unwrap_or(saved);
    }
    assert_eq!(saved, Saved::InMemoryOnly(WriteFailure::Full));
    assert!(!store.all_saved());
    assert_eq!(name_of(&store, 9).as_deref(), Some(long_name.as_str()));
    assert_eq!(store.pending(), 9);
}

/// Issue 18: a change storage refused was written only by a later write, so freeing space and
/// then reloading lost it. The shell now retries on its clock's tick.
#[test]
fn a_refused_change_is_stored_once_space_is_freed_with_no_later_write() {
    let kv = MemoryStorage::with_limit(2_000);
    let (mut store, _) = open(&kv);
    assert!(!store.holds_records());
    assert_eq!(store.retry_unsaved(&kv), Saved::OnDevice);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    assert!(store.holds_records());
    let filler = 2_000 - kv.used() - "filler".len();
    kv.set("filler", &"x".repeat(filler)).ok();
    assert_eq!(kv.used(), 2_000);
    let call = log(2, 1, "2026-11-26T15:40:00Z");
    assert_eq!(
        store.write(&kv, call, now()),
        Ok(Saved::InMemoryOnly(WriteFailure::Full))
    );
    assert_eq!(
        store.retry_unsaved(&kv),
        Saved::InMemoryOnly(WriteFailure::Full)
    );
    kv.remove("filler");
    assert_eq!(store.retry_unsaved(&kv), Saved::OnDevice);
    assert!(store.all_saved());
    let (reopened, _) = open(&kv);
    assert!(reopened
        .entry(Uuid::from_u128(2))
        .is_some_and(|e| e.live().is_some()));
    assert_eq!(reopened.pending(), 2);
}

#[test]
fn a_newer_layout_is_read_but_never_written() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    kv.set("peerline.schema", "99").ok();
    let (mut reopened, report) = open(&kv);
    assert!(report.newer_layout);
    assert_eq!(name_of(&reopened, 1).as_deref(), Some("Ola"));
    let before = kv.get("peerline.outbox.0");
    assert!(matches!(
        reopened.write(&kv, contact(2, "Kari"), now()),
        Ok(Saved::InMemoryOnly(_))
    ));
    assert_eq!(kv.get("peerline.outbox.0"), before);
}

#[test]
fn migrations_run_in_order_from_the_stored_version() {
    fn to_two(kv: &dyn KeyValue, prefix: &str) -> Result<(), String> {
        kv.set(&format!("{prefix}step"), "2")
            .map_err(|_| "full".to_owned())
    }
    fn to_three(kv: &dyn KeyValue, prefix: &str) -> Result<(), String> {
        let step = kv
            .get(&format!("{prefix}step"))
            .ok_or("step 2 did not run")?;
        kv.set(&format!("{prefix}step"), &format!("{step}3"))
            .map_err(|_| "full".to_owned())
    }
    let kv = MemoryStorage::default();
    kv.set("peerline.schema", "1").ok();
    kv.set(
        "peerline.device",
        &serde_json::to_string(&device(1)).unwrap_or_default(),
    )
    .ok();
    let (_, report) = LocalStore::open(&kv, PREFIX, || device(1), &[to_two, to_three]);
    assert_eq!(report, LoadReport::default());
    assert_eq!(kv.get("peerline.step").as_deref(), Some("23"));
    assert_eq!(kv.get("peerline.schema").as_deref(), Some("3"));
}

#[test]
fn another_tab_s_writes_are_picked_up_and_mids_never_repeat() {
    let kv = MemoryStorage::default();
    let (mut first, _) = open(&kv);
    let (mut second, _) = open(&kv);
    first.write(&kv, contact(1, "Ola"), now()).ok();
    // The second tab writes before the storage event arrived: it must still not reuse mid 1.
    second.write(&kv, contact(2, "Kari"), now()).ok();
    assert_eq!(name_of(&second, 1).as_deref(), Some("Ola"));
    // The event for the second tab's write reaches the first.
    first.reload_key(&kv, "device");
    first.reload_key(&kv, "outbox.0");
    assert_eq!(name_of(&first, 2).as_deref(), Some("Kari"));
    let mids: Vec<u64> = first.request(10).mutations.iter().map(|m| m.mid).collect();
    assert_eq!(mids, vec![1, 2]);
}

#[test]
fn a_sync_response_confirms_records_and_keeps_later_writes_on_top() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    let request = store.request(100);
    store.write(&kv, contact(1, "Ola N."), now()).ok();
    let server_copy = WireRecord::from_mutation(&request.mutations[0]);
    let response = SyncResponse {
        last_mid: 1,
        cursor: "c1".into(),
        records: vec![server_copy],
        rejected: vec![Rejection {
            mid: 9,
            code: "invalid_field".into(),
            message: "x".into(),
        }],
        server_time: now(),
        more: false,
    };
    let (rejected, saved) = store.receive(&kv, response, 0);
    assert_eq!((rejected.len(), saved), (1, Saved::OnDevice));
    assert_eq!(store.pending(), 1);
    assert_eq!(name_of(&store, 1).as_deref(), Some("Ola N."));
    let (reopened, _) = open(&kv);
    assert_eq!(name_of(&reopened, 1).as_deref(), Some("Ola N."));
    assert_eq!(reopened.device().cursor.as_deref(), Some("c1"));
    assert!(kv.get("peerline.records.contact").is_some());
}

#[test]
fn the_codec_round_trips_odd_values() {
    let odd = WireRecord {
        kind: RecordKind::Log,
        id: Uuid::from_u128(7),
        fields: fields(json!({
            "contact_id": 12, "at": "2026-11-23T18:00:00.5+01:00", "channel": "pigeon",
            "direction": null, "answered": "yes", "minutes": [1, 2], "note": {"a": 1}, "future_field": true,
        })),
        deleted: true,
    };
    let plain = WireRecord {
        kind: RecordKind::Log,
        id: Uuid::from_u128(8),
        fields: fields(json!({
            "contact_id": Uuid::from_u128(1).to_string(), "at": "2026-11-23T18:00:00Z", "channel": "sms",
            "direction": "outgoing", "answered": false, "minutes": 5, "note": "hei",
        })),
        deleted: false,
    };
    let text = codec::encode_records([&odd, &plain]);
    assert_eq!(
        codec::decode_records(RecordKind::Log, &text),
        Ok((vec![odd, plain], 0))
    );
}

#[test]
fn a_log_row_is_small() {
    let plain = WireRecord {
        kind: RecordKind::Log,
        id: Uuid::from_u128(u128::MAX),
        fields: log(0, 1, "2026-11-23T18:00:00Z").set,
        deleted: false,
    };
    let hundred: Vec<WireRecord> = (0..100).map(|_| plain.clone()).collect();
    let text = codec::encode_records(&hundred);
    assert!(text.len() / 100 < 70, "{} bytes per row", text.len() / 100);
}

#[test]
fn worker_data_keeps_only_logs_in_range_but_all_contacts() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    store
        .write(&kv, log(2, 1, "2026-11-26T15:40:00Z"), now())
        .ok();
    store
        .write(&kv, log(3, 1, "2026-11-01T15:40:00Z"), now())
        .ok();
    let day_start = Utc
        .with_ymd_and_hms(2026, 11, 26, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let data = store.worker_data(day_start, now());
    assert_eq!(data.count_logs(Uuid::from_u128(1), day_start, now()), 1);
    assert_eq!(data.contacts().count(), 1);
}

#[test]
fn instants_are_written_like_chrono_writes_them() {
    for seconds in [
        0,
        59,
        951_782_400,
        1_764_158_400,
        1_709_164_800,
        4_102_444_799,
        253_402_300_799,
        -86_400,
    ] {
        let chrono_text = chrono::DateTime::from_timestamp(seconds, 0)
            .map(|moment| moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        assert_eq!(codec::instant_text(seconds), chrono_text, "{seconds}");
    }
    assert_eq!(codec::instant_text(253_402_300_800), None);
}

#[test]
fn older_months_wait_until_asked_for_and_are_never_lost() {
    let kv = MemoryStorage::default();
    let (mut store, _) = open(&kv);
    store.write(&kv, contact(1, "Ola"), now()).ok();
    let old = WireRecord {
        kind: RecordKind::Log,
        id: Uuid::from_u128(2),
        fields: log(2, 1, "2026-09-01T10:00:00Z").set,
        deleted: false,
    };
    let recent = WireRecord {
        id: Uuid::from_u128(3),
        fields: log(3, 1, "2026-11-26T10:00:00Z").set,
        ..old.clone()
    };
    let response = SyncResponse {
        last_mid: 1,
        cursor: "c".into(),
        records: vec![old, recent],
        rejected: vec![],
        server_time: now(),
        more: false,
    };
    store.receive(&kv, response, 0);
    let (mut partial, _) =
        LocalStore::open_recent(&kv, PREFIX, || device(1), load::MIGRATIONS, "2026-11");
    assert!(partial.entry(Uuid::from_u128(2)).is_none());
    assert!(partial.entry(Uuid::from_u128(3)).is_some());
    assert_eq!(partial.load_deferred(&kv, 1), 0);
    assert!(partial.entry(Uuid::from_u128(2)).is_some());
    // A write before the older months were read reads them first, so nothing is written over.
    let (mut early, _) =
        LocalStore::open_recent(&kv, PREFIX, || device(1), load::MIGRATIONS, "2026-11");
    early
        .write(&kv, log(4, 1, "2026-11-26T15:00:00Z"), now())
        .ok();
    assert!(early.entry(Uuid::from_u128(2)).is_some());
    assert!(kv.get("peerline.records.log.2026-09").is_some());
}
