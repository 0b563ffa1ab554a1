//! The device side of sync (api.md, Sync): what one install of the app keeps between syncs, and how
//! it folds a server response in. It is pure so that the app (whose store, `peerline-store`, keeps
//! a replica in localStorage and adds `fetch`) and the server's sync simulation (which drives that
//! store against the real server) run the same code.
//!
//! A replica holds the records as the server last sent them (`confirmed`) and an outbox of
//! mutations the server has not acknowledged. What the user sees (the view, each record with its
//! typed form) is the server's records with the outbox laid on top (api.md: the client "applies
//! `records`, then re-applies its still-pending mutations on top"). A write is checked against the
//! view by [`check_write`], the server's own check. The server decides conflicts by hlc when the
//! outbox arrives; the next response carries its verdict.
//!
//! The representation is the one the app stores in pieces (hash maps, the outbox sorted by mid),
//! so a store that keeps the replica in chunks changes the parts it reads back
//! ([`Replica::confirm`], [`Replica::forget`], [`Replica::outbox_mut`], [`Replica::device_mut`])
//! and then rebuilds the view of what it touched ([`Replica::rebuild_view`]).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::hlc::{Hlc, HlcClock};
use crate::kind::RecordKind;
use crate::mutation::{check_write, Mutation};
use crate::records::AnyRecord;
use crate::stored::WireRecord;
use crate::worker::WorkerData;

/// The most mutations one request may carry (api.md).
pub const MAX_MUTATIONS_PER_REQUEST: usize = 1_000;

/// The body of `POST /sync`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncRequest {
    pub client_id: String,
    pub cursor: Option<String>,
    pub mutations: Vec<Mutation>,
}

/// The body of a 200 from `POST /sync`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub last_mid: u64,
    pub cursor: String,
    pub records: Vec<WireRecord>,
    #[serde(default)]
    pub rejected: Vec<Rejection>,
    pub server_time: DateTime<Utc>,
    #[serde(default)]
    pub more: bool,
}

/// A mutation the server skipped as invalid; it counts as applied and leaves the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub mid: u64,
    pub code: String,
    pub message: String,
}

/// What an install keeps about itself (the app stores it as JSON under `device`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub client_id: String,
    /// The namespace of the ids of per-worker records (domain.md, Ids). Until the first login the
    /// app uses a random id of the install; the first login as a worker moves those records to
    /// the user's id.
    pub worker_id: Uuid,
    pub clock: HlcClock,
    /// The last mid issued; the next write gets `last_mid + 1`.
    pub last_mid: u64,
    pub cursor: Option<String>,
}

impl Device {
    /// A new install. `client_id` is a UUID, which is always a valid client id.
    pub fn new(client_id: Uuid, worker_id: Uuid) -> Device {
        let client_id = client_id.to_string();
        let clock = HlcClock::new(&client_id).unwrap_or_else(unreachable_clock);
        Device {
            client_id,
            worker_id,
            clock,
            last_mid: 0,
            cursor: None,
        }
    }
}

/// A UUID's text is always a valid client id; this is the fallback the type system asks for.
fn unreachable_clock() -> HlcClock {
    HlcClock::new("device").expect("a fixed valid client id")
}

/// A record as the user sees it, and its typed form (`None` if it does not decode).
#[derive(Debug, Clone)]
pub struct Entry {
    pub wire: WireRecord,
    pub typed: Option<AnyRecord>,
}

impl Entry {
    fn new(wire: WireRecord) -> Entry {
        let typed = wire.decode().ok();
        Entry { wire, typed }
    }

    /// The typed record, unless deleted.
    pub fn live(&self) -> Option<&AnyRecord> {
        self.typed.as_ref().filter(|_| !self.wire.deleted)
    }
}

/// A local write: the fields to set and, optionally, the tombstone.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: RecordKind,
    pub id: Uuid,
    pub set: Map<String, Value>,
    pub deleted: Option<bool>,
}

/// One device's copy of one worker's records, plus its unacknowledged writes.
#[derive(Debug)]
pub struct Replica {
    device: Device,
    confirmed: HashMap<Uuid, WireRecord>,
    /// Sorted by mid.
    outbox: Vec<Mutation>,
    view: HashMap<Uuid, Entry>,
}

impl Replica {
    /// A replica with nothing in it yet.
    pub fn new(device: Device) -> Replica {
        Replica {
            device,
            confirmed: HashMap::new(),
            outbox: Vec::new(),
            view: HashMap::new(),
        }
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    pub fn client_id(&self) -> &str {
        &self.device.client_id
    }

    /// One record as the user sees it: the server's copy with pending writes on top.
    pub fn entry(&self, id: Uuid) -> Option<&Entry> {
        self.view.get(&id)
    }

    /// Every record as the user sees it, tombstones included, in no order.
    pub fn view(&self) -> impl Iterator<Item = &Entry> {
        self.view.values()
    }

    /// Every record as the user sees it, tombstones included, in id order.
    pub fn records(&self) -> Vec<WireRecord> {
        let mut records: Vec<WireRecord> = self.view().map(|entry| entry.wire.clone()).collect();
        crate::order::sort_by_key(&mut records, |record| record.id);
        records
    }

    /// The record as the server last confirmed it, without this device's pending writes.
    pub fn confirmed(&self, id: Uuid) -> Option<&WireRecord> {
        self.confirmed.get(&id)
    }

    /// The live typed records of one kind.
    pub fn live(&self, kind: RecordKind) -> impl Iterator<Item = &AnyRecord> {
        self.view
            .values()
            .filter(move |entry| entry.wire.kind == kind)
            .filter_map(Entry::live)
    }

    /// The mutations not yet acknowledged, oldest first.
    pub fn outbox(&self) -> &[Mutation] {
        &self.outbox
    }

    /// Mutations waiting for the server.
    pub fn pending(&self) -> usize {
        self.outbox.len()
    }

    /// The indexed records reachability and boundary pressure need, with only the logs in
    /// `[from, to)`: the figures of a day or a week never need two years of logs.
    pub fn worker_data(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> WorkerData {
        let mut records = Vec::new();
        let mut deleted_contacts = Vec::new();
        for entry in self.view.values() {
            match (&entry.typed, entry.wire.deleted) {
                (Some(AnyRecord::Contact(contact)), true) => deleted_contacts.push(contact.clone()),
                (Some(AnyRecord::Log(log)), false) if log.at < from || log.at >= to => {}
                (Some(record), false) => records.push(record.clone()),
                _ => {}
            }
        }
        WorkerData::new(records, deleted_contacts)
    }

    /// Checks and records a local write: [`check_write`] against the record as the user sees it,
    /// with the device's `now`; then the write is stamped, gets the next `mid`, is queued and
    /// shows at once. An invalid write returns the error and changes nothing.
    pub fn write(&mut self, change: Change, now: DateTime<Utc>) -> Result<&Mutation> {
        let mut mutation = Mutation {
            mid: self.device.last_mid + 1,
            kind: change.kind,
            id: change.id,
            hlc: self.device.clock.current(),
            set: change.set,
            deleted: change.deleted,
        };
        let before = self.view.get(&mutation.id);
        let mut wire = match before {
            Some(entry) if entry.wire.kind == mutation.kind => entry.wire.clone(),
            _ => WireRecord::from_mutation(&mutation),
        };
        wire.overlay(&mutation);
        check_write(before.map(|entry| entry.wire.kind), &mutation, &wire, now)?;
        mutation.hlc = self
            .device
            .clock
            .tick(u64::try_from(now.timestamp_millis()).unwrap_or(0));
        self.device.last_mid = mutation.mid;
        self.view.insert(wire.id, Entry::new(wire));
        self.outbox.push(mutation);
        Ok(self.outbox.last().expect("pushed just above"))
    }

    /// The next request: the oldest pending mutations (at most `max_mutations`) and the cursor.
    pub fn request(&self, max_mutations: usize) -> SyncRequest {
        let count = max_mutations
            .min(MAX_MUTATIONS_PER_REQUEST)
            .min(self.outbox.len());
        SyncRequest {
            client_id: self.device.client_id.clone(),
            cursor: self.device.cursor.clone(),
            mutations: self.outbox[..count].to_vec(),
        }
    }

    /// Folds in a 200 response: the server applied (or rejected) every mutation up to `last_mid`,
    /// so those leave the outbox; the records it sent replace ours; the clock moves past the
    /// server's. Returns the rejections, for the user to see. When `response.more` is true the
    /// caller syncs again at once.
    pub fn receive(&mut self, response: SyncResponse, now_millis: u64) -> Vec<Rejection> {
        let mut touched = BTreeSet::new();
        touched.extend(
            self.outbox
                .iter()
                .filter(|m| m.mid <= response.last_mid)
                .map(|m| m.id),
        );
        self.outbox
            .retain(|mutation| mutation.mid > response.last_mid);
        touched.extend(response.records.iter().map(|record| record.id));
        for record in response.records {
            self.confirm(record);
        }
        self.device.cursor = Some(response.cursor);
        // Later local writes must sort after what the server has seen; its clock is the best
        // lower bound a device with a slow clock can get.
        let server_millis = u64::try_from(response.server_time.timestamp_millis()).unwrap_or(0);
        if let Some(server) = Hlc::new(server_millis, 0, "server") {
            self.device.clock.receive(&server, now_millis);
        }
        self.rebuild_view(&touched);
        response.rejected
    }

    /// Puts a confirmed record in place (read back from storage, or moved), replacing any copy
    /// of it. The view is the caller's to rebuild.
    pub fn confirm(&mut self, record: WireRecord) {
        self.confirmed.insert(record.id, record);
    }

    /// Removes a confirmed record; the view is the caller's to rebuild.
    pub fn forget(&mut self, id: Uuid) -> Option<WireRecord> {
        self.confirmed.remove(&id)
    }

    /// The outbox, for a store reading it back in pieces: keep it sorted by mid and rebuild the
    /// view of what changed.
    pub fn outbox_mut(&mut self) -> &mut Vec<Mutation> {
        &mut self.outbox
    }

    /// The device record, for a store reading it back (or another tab's) and for a login.
    pub fn device_mut(&mut self) -> &mut Device {
        &mut self.device
    }

    /// Recomputes what the user sees of the given records: confirmed, then pending writes.
    pub fn rebuild_view(&mut self, ids: &BTreeSet<Uuid>) {
        let mut pending: HashMap<Uuid, Vec<&Mutation>> = HashMap::new();
        for mutation in self.outbox.iter().filter(|m| ids.contains(&m.id)) {
            pending.entry(mutation.id).or_default().push(mutation);
        }
        for id in ids {
            let mut wire = self.confirmed.get(id).cloned();
            for mutation in pending.get(id).into_iter().flatten() {
                match &mut wire {
                    Some(wire) => wire.overlay(mutation),
                    None => wire = Some(WireRecord::from_mutation(mutation)),
                }
            }
            match wire {
                Some(wire) => self.view.insert(*id, Entry::new(wire)),
                None => self.view.remove(id),
            };
        }
    }

    /// Recomputes the whole view (after reading everything back). One pass over the maps rather
    /// than [`Replica::rebuild_view`] of every id: that was measured 0.4-1.2 ms slower at the app's
    /// start (`scripts/bench store`, `load_ms`, 4.4-6.1 -> 4.8-7.3 ms).
    pub fn build_view(&mut self) {
        self.view = self
            .confirmed
            .iter()
            .map(|(id, wire)| {
                (
                    *id,
                    Entry {
                        wire: wire.clone(),
                        typed: None,
                    },
                )
            })
            .collect();
        for mutation in &self.outbox {
            match self.view.get_mut(&mutation.id) {
                Some(entry) => entry.wire.overlay(mutation),
                None => {
                    self.view.insert(
                        mutation.id,
                        Entry {
                            wire: WireRecord::from_mutation(mutation),
                            typed: None,
                        },
                    );
                }
            }
        }
        for entry in self.view.values_mut() {
            entry.typed = entry.wire.decode().ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 26, 12, 0, 0).unwrap()
    }

    fn millis(instant: DateTime<Utc>) -> u64 {
        u64::try_from(instant.timestamp_millis()).unwrap()
    }

    fn replica() -> Replica {
        Replica::new(Device::new(Uuid::from_u128(7), Uuid::from_u128(8)))
    }

    fn change(kind: RecordKind, id: Uuid, fields: Value, deleted: Option<bool>) -> Change {
        Change {
            kind,
            id,
            set: fields.as_object().cloned().unwrap(),
            deleted,
        }
    }

    fn contact(replica: &mut Replica, id: Uuid, fields: Value) -> Mutation {
        replica
            .write(change(RecordKind::Contact, id, fields, None), now())
            .unwrap()
            .clone()
    }

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

    #[test]
    fn writes_get_increasing_mids_and_hlcs_and_show_at_once() {
        let mut replica = replica();
        let id = Uuid::from_u128(1);
        let first = contact(&mut replica, id, json!({"name": "Ola"}));
        let second = contact(&mut replica, id, json!({"phone": "+4791234567"}));
        assert_eq!((first.mid, second.mid), (1, 2));
        assert!(second.hlc > first.hlc);
        let record = &replica.entry(id).unwrap().wire;
        assert_eq!(record.fields["name"], "Ola");
        assert_eq!(record.fields["phone"], "+4791234567");
        assert_eq!(replica.request(10).mutations.len(), 2);
    }

    /// The same refusals as the server's `apply`, each with its code, and nothing changed.
    #[test]
    fn an_invalid_write_changes_nothing() {
        let mut replica = replica();
        let id = Uuid::from_u128(1);
        contact(
            &mut replica,
            id,
            json!({"name": "Ola", "role": "colleague"}),
        );
        let log = Uuid::from_u128(2);
        let ahead = now() + chrono::Duration::minutes(11);
        let cases = [
            (
                change(RecordKind::Contact, id, json!({"colour": "red"}), None),
                "unknown_field",
            ),
            (
                change(RecordKind::Contact, id, json!({"role": "boss"}), None),
                "invalid_field",
            ),
            // A record keeps its kind.
            (
                change(RecordKind::Absence, id, json!({}), None),
                "invalid_field",
            ),
            // A share link only for a service user.
            (
                change(RecordKind::Contact, id, json!({"share_token": "t"}), None),
                "invalid_field",
            ),
            // A log at most 10 minutes ahead of the device's clock.
            (
                change(
                    RecordKind::Log,
                    log,
                    json!({"contact_id": id, "at": ahead.to_rfc3339(), "channel": "call",
                           "direction": "incoming", "answered": true}),
                    None,
                ),
                "invalid_field",
            ),
        ];
        let before = (
            replica.records(),
            replica.outbox().to_vec(),
            replica.device().clone(),
        );
        for (write, code) in cases {
            let field = write.set.keys().next().cloned();
            let error = replica.write(write, now()).unwrap_err();
            assert_eq!(error.code(), code, "{field:?}: {error}");
        }
        let after = (
            replica.records(),
            replica.outbox().to_vec(),
            replica.device().clone(),
        );
        assert_eq!(after, before);
        // A tombstone needs no valid content.
        let delete = change(RecordKind::Log, log, json!({}), Some(true));
        assert!(replica.write(delete, now()).is_ok());
    }

    #[test]
    fn an_acknowledged_write_leaves_the_outbox_and_a_later_one_stays_on_top() {
        let mut replica = replica();
        let id = Uuid::from_u128(1);
        contact(&mut replica, id, json!({"name": "Ola"}));
        let request = replica.request(10);
        contact(&mut replica, id, json!({"name": "Ola N."}));
        let server_copy = WireRecord::from_mutation(&request.mutations[0]);
        let rejected = replica.receive(response(1, vec![server_copy]), millis(now()));
        assert!(rejected.is_empty());
        assert_eq!(replica.outbox().len(), 1);
        assert_eq!(replica.device().cursor.as_deref(), Some("c1"));
        assert_eq!(replica.entry(id).unwrap().wire.fields["name"], "Ola N.");
        assert_eq!(replica.confirmed(id).unwrap().fields["name"], "Ola");
    }

    #[test]
    fn a_rejected_write_leaves_the_outbox_and_the_view() {
        let mut replica = replica();
        let id = Uuid::from_u128(1);
        contact(&mut replica, id, json!({"name": "Ola"}));
        let mut answer = response(1, Vec::new());
        answer.rejected.push(Rejection {
            mid: 1,
            code: "forbidden".into(),
            message: "not yours".into(),
        });
        let rejected = replica.receive(answer, millis(now()));
        assert_eq!(rejected.len(), 1);
        assert!(replica.outbox().is_empty());
        assert!(replica.entry(id).is_none());
    }

    #[test]
    fn the_server_clock_moves_a_slow_device_forward() {
        let mut replica = replica();
        let mut answer = response(0, Vec::new());
        answer.server_time = now() + chrono::Duration::minutes(5);
        replica.receive(answer, millis(now()));
        let written = contact(&mut replica, Uuid::from_u128(1), json!({"name": "Ola"}));
        assert!(written.hlc.millis() >= millis(now()) + 300_000);
    }

    #[test]
    fn the_whole_view_and_a_partial_rebuild_agree() {
        let mut replica = replica();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        contact(&mut replica, a, json!({"name": "Ola"}));
        let request = replica.request(10);
        replica.receive(
            response(1, vec![WireRecord::from_mutation(&request.mutations[0])]),
            millis(now()),
        );
        contact(&mut replica, a, json!({"phone": "+4791234567"}));
        contact(&mut replica, b, json!({"name": "Per"}));
        let partial = replica.records();
        replica.build_view();
        assert_eq!(replica.records(), partial);
        assert_eq!(partial.len(), 2);
    }
}
