//! Tests of erasing on the phone: the waiting list, what goes with a contact, and the store taking
//! the server's fieldless tombstones until nothing of the person is left in storage.

use super::*;
use chrono::{DateTime, TimeZone, Utc};
use peerline_core::{SyncResponse, WireRecord};
use peerline_store::MemoryStorage;
use peerline_store::{Device, LocalStore, MIGRATIONS};
use serde_json::{json, Map, Value};

const OLA: Uuid = Uuid::from_u128(1);
const KARI: Uuid = Uuid::from_u128(2);
/// Text that must leave storage with Ola.
const SECRETS: [&str; 3] = ["Ola Secret", "met at the café", "talk about the move"];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0)
        .single()
        .unwrap_or_default()
}

fn fields(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn change(kind: RecordKind, id: u128, set: Value) -> Change {
    Change {
        kind,
        id: Uuid::from_u128(id),
        set: fields(set),
        deleted: None,
    }
}

/// Ola (with notes and a share link), two logs and an agenda item of Ola's, and Kari with a log.
fn people() -> Vec<Change> {
    let contact = |id, name: &str, notes: Option<&str>| {
        change(
            RecordKind::Contact,
            id,
            json!({"name": name, "role": "service_user", "notes": notes,
                   "share_token": notes.map(|_| "A".repeat(43))}),
        )
    };
    let log = |id, contact: Uuid, at: &str| {
        let note = if contact == OLA {
            "met at the café"
        } else {
            "a call"
        };
        change(
            RecordKind::Log,
            id,
            json!({"contact_id": contact.to_string(), "at": at, "channel": "call",
                   "direction": "incoming", "answered": true, "note": note}),
        )
    };
    vec![
        contact(1, "Ola Secret", Some("talk about the move")),
        contact(2, "Kari", None),
        log(11, OLA, "2026-10-02T18:00:00Z"),
        log(12, OLA, "2026-11-26T15:00:00Z"),
        log(13, KARI, "2026-11-26T15:10:00Z"),
        change(
            RecordKind::AgendaItem,
            21,
            json!({"week": "2026-W48", "topic": "ending", "contact_id": OLA.to_string(),
                   "note": "talk about the move"}),
        ),
        change(
            RecordKind::AgendaItem,
            22,
            json!({"week": "2026-W48", "topic": "my_wellbeing"}),
        ),
    ]
}

fn open(kv: &MemoryStorage) -> LocalStore {
    let device = || Device::new(Uuid::from_u128(900), Uuid::from_u128(901));
    LocalStore::open(kv, "peerline.", device, MIGRATIONS).0
}

/// The id of a contact, a log or an agenda item.
fn id_of(record: &AnyRecord) -> Uuid {
    match record {
        AnyRecord::Contact(contact) => contact.id,
        AnyRecord::Log(log) => log.id,
        AnyRecord::AgendaItem(item) => item.id,
        _ => Uuid::nil(),
    }
}

/// The live records of the store.
fn live(store: &LocalStore) -> Vec<AnyRecord> {
    [RecordKind::Contact, RecordKind::Log, RecordKind::AgendaItem]
        .into_iter()
        .flat_map(|kind| store.live(kind).cloned().collect::<Vec<_>>())
        .collect()
}

fn ids(named: &[(RecordKind, Uuid)]) -> Vec<u128> {
    let mut ids: Vec<u128> = named.iter().map(|(_, id)| id.as_u128()).collect();
    ids.sort_unstable();
    ids
}

/// A 200 from `/sync` that acknowledges mids up to `last_mid` and carries `records`.
fn response(last_mid: u64, records: Vec<WireRecord>) -> SyncResponse {
    SyncResponse {
        last_mid,
        cursor: format!("c{last_mid}"),
        records,
        rejected: Vec::new(),
        server_time: now(),
        more: false,
    }
}

/// The server's copy of every record the store shows (as a first pull would bring them).
fn confirmed(store: &LocalStore) -> Vec<WireRecord> {
    [RecordKind::Contact, RecordKind::Log, RecordKind::AgendaItem]
        .into_iter()
        .flat_map(|kind| store.live(kind).map(id_of).collect::<Vec<_>>())
        .filter_map(|id| store.entry(id).map(|entry| entry.wire.clone()))
        .collect()
}

/// What the server sends every device for an erased record.
fn tombstone(kind: RecordKind, id: Uuid) -> WireRecord {
    WireRecord {
        kind,
        id,
        fields: Map::new(),
        deleted: true,
    }
}

/// Every value in storage, as one text.
fn stored_text(kv: &MemoryStorage) -> String {
    kv.keys()
        .iter()
        .filter_map(|key| kv.get(key))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A phone holding `people()` as the server confirmed them, with an empty outbox.
fn synced_phone(kv: &MemoryStorage) -> LocalStore {
    let mut store = open(kv);
    for change in people() {
        assert!(store.write(kv, change, now()).is_ok());
    }
    let records = confirmed(&store);
    let mid = store.pending() as u64;
    store.receive(kv, response(mid, records), 0);
    assert_eq!(store.pending(), 0);
    store
}

#[test]
fn the_waiting_list_keeps_each_contact_once_until_done() {
    let kv = MemoryStorage::default();
    assert!(waiting(&kv).is_empty());
    wait_for(&kv, OLA);
    wait_for(&kv, KARI);
    wait_for(&kv, OLA);
    assert_eq!(waiting(&kv), [OLA, KARI]);
    done(&kv, OLA);
    assert_eq!(waiting(&kv), [KARI]);
    done(&kv, KARI);
    assert_eq!(kv.get("peerline.erase.waiting"), None);
    let _ = kv.set(
        "peerline.erase.waiting",
        "garbage\n00000000-0000-0000-0000-000000000002",
    );
    assert_eq!(waiting(&kv), [KARI], "an unreadable line is skipped");
}

#[test]
fn what_goes_is_every_record_naming_the_contact_and_nothing_else() {
    let kv = MemoryStorage::default();
    let store = synced_phone(&kv);
    let records = live(&store);
    let named = naming(OLA, &records);
    assert_eq!(ids(&named), [11, 12, 21]);
    assert_eq!(ids(&naming(KARI, &records)), [13]);
    let ola = match records.iter().find(|r| id_of(r) == OLA) {
        Some(AnyRecord::Contact(contact)) => contact.clone(),
        other => panic!("no Ola: {other:?}"),
    };
    let want = Going {
        logs: 2,
        agenda_items: 1,
        notes: true,
        share_link: true,
    };
    assert_eq!(going(&ola, &named), want);
    assert!(deletions(&named)
        .iter()
        .all(|change| change.deleted == Some(true) && change.set.is_empty()));
}

/// How the phone comes to hold Ola's erasure before the tombstones arrive.
enum Before {
    /// Another phone erased Ola: this one still shows everything.
    Nothing,
    /// This phone erased Ola offline: deletions wait in the outbox.
    ErasedHere,
    /// This phone edited Ola's notes offline, not knowing of the erasure.
    EditedHere,
}

#[test]
fn the_servers_fieldless_tombstones_leave_nothing_of_the_person_in_storage() {
    for before in [Before::Nothing, Before::ErasedHere, Before::EditedHere] {
        let kv = MemoryStorage::default();
        let mut store = synced_phone(&kv);
        match before {
            Before::Nothing => {}
            Before::ErasedHere => {
                let mut named = naming(OLA, &live(&store));
                named.insert(0, (RecordKind::Contact, OLA));
                for change in deletions(&named) {
                    assert!(store.write(&kv, change, now()).is_ok());
                }
            }
            Before::EditedHere => {
                let edit = change(
                    RecordKind::Contact,
                    1,
                    json!({"notes": "talk about the move"}),
                );
                assert!(store.write(&kv, edit, now()).is_ok());
            }
        }
        // The server drops the outbox's writes to erased ids and sends every erased record.
        let mut records = vec![tombstone(RecordKind::Contact, OLA)];
        records.extend([11, 12].map(|id| tombstone(RecordKind::Log, Uuid::from_u128(id))));
        records.push(tombstone(RecordKind::AgendaItem, Uuid::from_u128(21)));
        let last_mid = store.device().last_mid;
        store.receive(&kv, response(last_mid, records), 0);

        let left: Vec<u128> = live(&store).iter().map(|r| id_of(r).as_u128()).collect();
        assert_eq!(left, [2, 13, 22], "only Kari's and the unnamed item stay");
        let text = stored_text(&kv);
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret:?} still stored: {text}");
        }
        assert!(text.contains("Kari"));
        // What a reload reads is the same.
        let reopened = open(&kv);
        assert_eq!(live(&reopened).len(), 3);
        assert_eq!(reopened.pending(), 0);
    }
}

#[test]
fn the_servers_answer_decides_the_wait() {
    let cases = [
        (204, Answer::Erased),
        (404, Answer::Unknown),
        (500, Answer::Failed),
        (403, Answer::Failed),
        (400, Answer::Failed),
    ];
    for (status, want) in cases {
        assert_eq!(answer(status), want, "{status}");
    }
    assert_eq!(
        body(OLA),
        r#"{"contact_id":"00000000-0000-0000-0000-000000000001"}"#
    );
}
