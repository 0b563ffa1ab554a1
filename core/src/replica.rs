//! The device side of sync (api.md, Sync): what one install of the app keeps between syncs, and how
//! it folds a server response in. It is pure so that the app (which adds localStorage and `fetch`)
//! and the server's sync simulation (which drives it against the real server) run the same code.
//!
//! A replica holds the records as the server last sent them and an outbox of mutations the server
//! has not acknowledged. What the user sees is the server's records with the outbox laid on top
//! (api.md: the client "applies `records`, then re-applies its still-pending mutations on top").
//! The server decides conflicts by hlc when the outbox arrives; the next response carries its
//! verdict.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::hlc::{Hlc, HlcClock};
use crate::kind::RecordKind;
use crate::mutation::Mutation;
use crate::stored::WireRecord;

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

/// One device's copy of one worker's records, plus its unacknowledged writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    clock: HlcClock,
    /// The last `mid` this device issued; the next write gets `last_mid + 1`.
    last_mid: u64,
    cursor: Option<String>,
    confirmed: BTreeMap<Uuid, WireRecord>,
    outbox: Vec<Mutation>,
}

impl Replica {
    /// A new install; `None` if `client_id` is not a valid client id (see [`Hlc::new`]).
    pub fn new(client_id: &str) -> Option<Replica> {
        Some(Replica {
            clock: HlcClock::new(client_id)?,
            last_mid: 0,
            cursor: None,
            confirmed: BTreeMap::new(),
            outbox: Vec::new(),
        })
    }

    pub fn client_id(&self) -> &str {
        self.clock.client_id()
    }

    /// Records a local write: stamps it, gives it the next `mid` and queues it. The write is checked
    /// first, field by field and then as the whole record it makes; an invalid write returns the
    /// error and changes nothing.
    pub fn write(
        &mut self,
        kind: RecordKind,
        id: Uuid,
        set: Map<String, Value>,
        deleted: Option<bool>,
        now_millis: u64,
    ) -> Result<&Mutation> {
        let mut mutation = Mutation {
            mid: self.last_mid + 1,
            kind,
            id,
            hlc: self.clock.current(),
            set,
            deleted,
        };
        mutation.check_fields()?;
        let mut merged = self
            .record(id)
            .unwrap_or_else(|| WireRecord::from_mutation(&mutation));
        merged.overlay(&mutation);
        if !merged.deleted {
            merged.decode()?;
        }
        mutation.hlc = self.clock.tick(now_millis);
        self.last_mid = mutation.mid;
        self.outbox.push(mutation);
        Ok(self.outbox.last().expect("pushed just above"))
    }

    /// The next request: the oldest pending mutations (at most `max_mutations`) and the cursor.
    pub fn request(&self, max_mutations: usize) -> SyncRequest {
        let count = max_mutations
            .min(MAX_MUTATIONS_PER_REQUEST)
            .min(self.outbox.len());
        SyncRequest {
            client_id: self.client_id().to_owned(),
            cursor: self.cursor.clone(),
            mutations: self.outbox[..count].to_vec(),
        }
    }

    /// Folds in a 200 response: the server applied (or rejected) every mutation up to `last_mid`,
    /// so those leave the outbox; the records it sent replace ours. Returns the rejections, for the
    /// user to see. When `response.more` is true the caller syncs again at once.
    pub fn receive(&mut self, response: SyncResponse, now_millis: u64) -> Vec<Rejection> {
        self.outbox
            .retain(|mutation| mutation.mid > response.last_mid);
        self.cursor = Some(response.cursor);
        for record in response.records {
            self.confirmed.insert(record.id, record);
        }
        // Later local writes must sort after what the server has seen; its clock is the best
        // lower bound a device with a slow clock can get.
        let server_millis = u64::try_from(response.server_time.timestamp_millis()).unwrap_or(0);
        if let Some(server) = Hlc::new(server_millis, 0, "server") {
            self.clock.receive(&server, now_millis);
        }
        response.rejected
    }

    /// Forgets the cursor, so the next sync pulls everything again (a repair after a bad sync).
    pub fn reset_cursor(&mut self) {
        self.cursor = None;
    }

    /// One record as the user sees it: the server's copy with pending writes on top.
    pub fn record(&self, id: Uuid) -> Option<WireRecord> {
        let mut record = self.confirmed.get(&id).cloned();
        for mutation in self.outbox.iter().filter(|mutation| mutation.id == id) {
            match &mut record {
                Some(record) => record.overlay(mutation),
                None => record = Some(WireRecord::from_mutation(mutation)),
            }
        }
        record
    }

    /// Every record as the user sees it, tombstones included, in id order.
    pub fn records(&self) -> Vec<WireRecord> {
        let mut view = self.confirmed.clone();
        for mutation in &self.outbox {
            view.entry(mutation.id)
                .and_modify(|record| record.overlay(mutation))
                .or_insert_with(|| WireRecord::from_mutation(mutation));
        }
        view.into_values().collect()
    }

    /// The mutations not yet acknowledged, oldest first.
    pub fn outbox(&self) -> &[Mutation] {
        &self.outbox
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: u64 = 1_764_158_400_000;

    fn set(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn contact(replica: &mut Replica, id: Uuid, fields: Value) -> Mutation {
        replica
            .write(RecordKind::Contact, id, set(fields), None, NOW)
            .unwrap()
            .clone()
    }

    fn response(last_mid: u64, records: Vec<WireRecord>) -> SyncResponse {
        SyncResponse {
            last_mid,
            cursor: format!("c{last_mid}"),
            records,
            rejected: Vec::new(),
            server_time: DateTime::from_timestamp_millis(NOW as i64).unwrap(),
            more: false,
        }
    }

    #[test]
    fn writes_get_increasing_mids_and_hlcs_and_show_at_once() {
        let mut replica = Replica::new("device-a").unwrap();
        let id = Uuid::from_u128(1);
        let first = contact(&mut replica, id, json!({"name": "Ola"}));
        let second = contact(&mut replica, id, json!({"phone": "+4791234567"}));
        assert_eq!((first.mid, second.mid), (1, 2));
        assert!(second.hlc > first.hlc);
        let record = replica.record(id).unwrap();
        assert_eq!(record.fields["name"], "Ola");
        assert_eq!(record.fields["phone"], "+4791234567");
        assert_eq!(replica.request(10).mutations.len(), 2);
    }

    #[test]
    fn an_invalid_write_changes_nothing() {
        let mut replica = Replica::new("device-a").unwrap();
        let id = Uuid::from_u128(1);
        contact(&mut replica, id, json!({"name": "Ola"}));
        let before = replica.clone();
        let unknown = replica.write(
            RecordKind::Contact,
            id,
            set(json!({"colour": "red"})),
            None,
            NOW,
        );
        assert_eq!(unknown.unwrap_err().code(), "unknown_field");
        let bad_role = replica.write(
            RecordKind::Contact,
            id,
            set(json!({"role": "boss"})),
            None,
            NOW,
        );
        assert_eq!(bad_role.unwrap_err().code(), "invalid_field");
        assert_eq!(replica, before);
    }

    #[test]
    fn an_acknowledged_write_leaves_the_outbox_and_a_later_one_stays_on_top() {
        let mut replica = Replica::new("device-a").unwrap();
        let id = Uuid::from_u128(1);
        contact(&mut replica, id, json!({"name": "Ola"}));
        let request = replica.request(10);
        contact(&mut replica, id, json!({"name": "Ola N."}));
        let server_copy = WireRecord::from_mutation(&request.mutations[0]);
        let rejected = replica.receive(response(1, vec![server_copy]), NOW);
        assert!(rejected.is_empty());
        assert_eq!(replica.outbox().len(), 1);
        assert_eq!(replica.cursor(), Some("c1"));
        assert_eq!(replica.record(id).unwrap().fields["name"], "Ola N.");
    }

    #[test]
    fn a_rejected_write_leaves_the_outbox_and_the_view() {
        let mut replica = Replica::new("device-a").unwrap();
        let id = Uuid::from_u128(1);
        contact(&mut replica, id, json!({"name": "Ola"}));
        let mut answer = response(1, Vec::new());
        answer.rejected.push(Rejection {
            mid: 1,
            code: "forbidden".into(),
            message: "not yours".into(),
        });
        let rejected = replica.receive(answer, NOW);
        assert_eq!(rejected.len(), 1);
        assert!(replica.outbox().is_empty());
        assert_eq!(replica.record(id), None);
    }

    #[test]
    fn the_server_clock_moves_a_slow_device_forward() {
        let mut replica = Replica::new("device-a").unwrap();
        let mut answer = response(0, Vec::new());
        answer.server_time = DateTime::from_timestamp_millis(NOW as i64 + 300_000).unwrap();
        replica.receive(answer, NOW);
        let written = contact(&mut replica, Uuid::from_u128(1), json!({"name": "Ola"}));
        assert!(written.hlc.millis() >= NOW + 300_000);
    }

    #[test]
    fn a_replica_survives_a_round_trip_through_json() {
        let mut replica = Replica::new("device-a").unwrap();
        contact(&mut replica, Uuid::from_u128(1), json!({"name": "Ola"}));
        let stored = serde_json::to_string(&replica).unwrap();
        let loaded: Replica = serde_json::from_str(&stored).unwrap();
        assert_eq!(loaded, replica);
    }
}
