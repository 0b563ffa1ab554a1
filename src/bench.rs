//! The storage budget check: two years of a busy worker (3 service users, 15 log entries a day,
//! 11,000 logs) written to localStorage as a sync would leave it, then opened again and timed.
//!
//! Open the app as `/?bench`; when done, `window.peerlineBench` holds
//! `{logs, records, keys, bytes, load_ms, today_ms, rest_ms, open_all_ms}`: bytes are characters of
//! keys and values, as browsers count the quota; `load_ms` opens the store the way the app starts
//! (this week's months), `today_ms` computes Today from it, `rest_ms` reads the older months (the
//! app does that after the first screen), `open_all_ms` opens everything in one go. It uses its own key prefix and removes its keys afterwards, so the
//! worker's data is never touched.

use crate::io::{browser, storage};
use crate::model::{changes, today};
use chrono::{DateTime, Duration, Utc};
use peerline_core::{ids, RecordKind, SyncResponse, WireRecord};
use peerline_store::{Device, KeyValue, LocalStore};
use serde_json::{json, Map, Value};
use uuid::Uuid;

const PREFIX: &str = "peerline-bench.";
pub(crate) const LOGS: u32 = 11_000;
const SERVICE_USERS: u128 = 3;

fn fields(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn record(kind: RecordKind, id: Uuid, value: Value) -> WireRecord {
    WireRecord {
        kind,
        id,
        fields: fields(value),
        deleted: false,
    }
}

/// Two years of records ending at `now`, as the server would send them.
pub(crate) fn two_busy_years(worker: Uuid, now: DateTime<Utc>) -> Vec<WireRecord> {
    let start = now - Duration::days(i64::from(LOGS / 15) + 1);
    let mut records = vec![
        record(
            RecordKind::Profile,
            ids::profile_id(worker),
            json!({"display_name": "Kari", "language": "nb"}),
        ),
        record(
            RecordKind::Availability,
            ids::availability_id(worker),
            json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"},
                               {"days": [6, 7], "start": "12:00", "end": "16:00"}]}),
        ),
    ];
    let names = ["Ola", "Per", "Aisha", "Koordinator Kim", "Kollega Siv"];
    for (n, name) in names.iter().enumerate() {
        let role = match n {
            0..=2 => "service_user",
            3 => "coordinator",
            _ => "colleague",
        };
        records.push(record(
            RecordKind::Contact,
            Uuid::from_u128(n as u128 + 1),
            json!({"name": name, "role": role, "phone": "+47 912 34 567", "started_on": "2025-01-06",
                   "planned_end_on": "2027-01-06", "max_contacts_per_day": 3, "max_contacts_per_week": 12,
                   "notes": "Liker å gå tur. Snakker helst om kvelden."}),
        ));
    }
    for i in 0..LOGS {
        let channel = ["call", "sms", "call", "message", "meeting"][(i % 5) as usize];
        let at = start
            + Duration::days(i64::from(i / 15))
            + Duration::minutes(8 * 60 + i64::from(i % 15) * 50);
        let mut log = json!({
            "contact_id": Uuid::from_u128(u128::from(i) % SERVICE_USERS + 1).to_string(),
            "at": changes::instant_text(at),
            "channel": channel,
            "direction": if i % 3 == 0 { "outgoing" } else { "incoming" },
            "answered": i % 7 != 0,
        });
        if i % 4 == 0 {
            log["minutes"] = json!(i % 30 + 1);
        }
        if i % 10 == 0 {
            log["note"] = json!("Snakket om uka som var.");
        }
        records.push(record(
            RecordKind::Log,
            Uuid::from_u128(1_000_000 + u128::from(i)),
            log,
        ));
    }
    records
}

fn bench_keys(kv: &dyn KeyValue) -> Vec<String> {
    kv.keys()
        .into_iter()
        .filter(|key| key.starts_with(PREFIX))
        .collect()
}

/// Seeds, measures, cleans up, and publishes the figures on `window.peerlineBench`.
pub(crate) fn run() {
    let figures = storage::with_storage(|kv| {
        for key in bench_keys(kv) {
            kv.remove(&key);
        }
        let now = browser::now();
        let device = || Device::new(Uuid::from_u128(77), Uuid::from_u128(78));
        let (mut store, _) = LocalStore::open(kv, PREFIX, device, peerline_store::MIGRATIONS);
        let records = two_busy_years(store.device().worker_id, now);
        let count = records.len();
        let response = SyncResponse {
            last_mid: 0,
            cursor: "bench".into(),
            records,
            rejected: Vec::new(),
            server_time: now,
            more: false,
        };
        let (_, saved) = store.receive(kv, response, 0);
        drop(store);
        let keys = bench_keys(kv);
        let bytes: usize = keys
            .iter()
            .map(|key| key.len() + kv.get(key).map_or(0, |value| value.len()))
            .sum();
        let month = (now - Duration::days(8)).date_naive();
        let logs_from = format!(
            "{:04}-{:02}",
            chrono::Datelike::year(&month),
            chrono::Datelike::month(&month)
        );
        let started = browser::performance_now();
        let (mut store, report) =
            LocalStore::open_recent(kv, PREFIX, device, peerline_store::MIGRATIONS, &logs_from);
        let loaded = browser::performance_now();
        let zone = store.worker_data(now, now).timezone();
        let (from, to) = today::log_range(zone, now);
        let data = store.worker_data(from, to);
        let view = today::today(&store, &data, now);
        let today_done = browser::performance_now();
        store.load_deferred(kv, usize::MAX);
        let all_loaded = browser::performance_now();
        let (_, _) = LocalStore::open(kv, PREFIX, device, peerline_store::MIGRATIONS);
        let open_all = browser::performance_now();
        for key in bench_keys(kv) {
            kv.remove(&key);
        }
        json!({
            "logs": LOGS,
            "records": count,
            "keys": keys.len(),
            "bytes": bytes,
            "saved": matches!(saved, peerline_store::Saved::OnDevice),
            "quarantined": report.quarantined.len(),
            "load_ms": loaded - started,
            "today_ms": today_done - loaded,
            "rest_ms": all_loaded - today_done,
            "open_all_ms": open_all - all_loaded,
            "people": view.people.len(),
        })
    });
    leptos::logging::log!("peerline bench: {figures}");
    browser::expose("peerlineBench", &figures);
}
