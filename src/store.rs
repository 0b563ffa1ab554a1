//! The local store: this device's copy of the worker's records and its outbox, kept in
//! localStorage so the app works with no network at all.
//!
//! It follows the model of `peerline_core::replica` (api.md, Sync): `confirmed` holds the records as
//! the server last sent them, `outbox` the local writes it has not acknowledged, and what the user
//! sees (`view`) is the confirmed records with the outbox laid on top. The store adds what a browser
//! needs: a compact layout in chunks (`keys`, and `peerline_core::table` for each chunk's text), writing to storage before a change counts as
//! saved, keeping changes in memory when the quota is hit, reading another tab's writes, and setting
//! unreadable values aside (`load`). It is plain Rust over a [`KeyValue`], tested on the host.

mod adopt;
mod keys;
pub(crate) mod kv;
mod load;
mod sync;

pub(crate) use kv::{KeyValue, WriteFailure};
pub(crate) use load::{LoadReport, MIGRATIONS};

use chrono::{DateTime, Utc};
// The table codec is core's so that the fuzz crate (`fuzz/`) reaches it.
use peerline_core::order;
use peerline_core::table as codec;
use peerline_core::{AnyRecord, Error, HlcClock, Mutation, RecordKind, WireRecord, WorkerData};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// What this install keeps about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Device {
    pub(crate) client_id: String,
    /// The namespace of the ids of per-worker records (domain.md, Ids). Until the first login this
    /// is a random id of the install; the first login as a worker moves those records to the
    /// user's id (`LocalStore::adopt_worker`).
    pub(crate) worker_id: Uuid,
    pub(crate) clock: HlcClock,
    /// The last mid issued; the next write gets `last_mid + 1`.
    pub(crate) last_mid: u64,
    pub(crate) cursor: Option<String>,
}

impl Device {
    /// A new install. `client_id` is a UUID, which is always a valid client id.
    pub(crate) fn new(client_id: Uuid, worker_id: Uuid) -> Device {
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
pub(crate) struct Entry {
    pub(crate) wire: WireRecord,
    pub(crate) typed: Option<AnyRecord>,
}

impl Entry {
    fn new(wire: WireRecord) -> Entry {
        let typed = wire.decode().ok();
        Entry { wire, typed }
    }

    /// The typed record, unless deleted.
    pub(crate) fn live(&self) -> Option<&AnyRecord> {
        self.typed.as_ref().filter(|_| !self.wire.deleted)
    }
}

/// A local write: the fields to set and, optionally, the tombstone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub(crate) kind: RecordKind,
    pub(crate) id: Uuid,
    pub(crate) set: Map<String, Value>,
    pub(crate) deleted: Option<bool>,
}

/// Where a change ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Saved {
    /// In storage: it survives a reload.
    OnDevice,
    /// Only in memory (and in the outbox): storage refused it.
    InMemoryOnly(WriteFailure),
}

/// A log may be stamped at most this far ahead of the device clock (api.md's skew rule).
const MAX_FUTURE_MS: i64 = 10 * 60 * 1000;

#[derive(Debug)]
pub(crate) struct LocalStore {
    prefix: String,
    device: Device,
    confirmed: HashMap<Uuid, WireRecord>,
    /// The ids of the confirmed records in each record chunk.
    chunks: HashMap<String, BTreeSet<Uuid>>,
    /// Sorted by mid.
    outbox: Vec<Mutation>,
    view: HashMap<Uuid, Entry>,
    /// Keys whose current content storage has not taken yet.
    unsaved: BTreeSet<String>,
    /// Set when storage holds a newer layout than this app knows: nothing is written then.
    read_only: bool,
    /// The layout version written under `schema`.
    schema_version: u64,
    /// Log chunks still only in storage, newest first (see `LocalStore::open_recent`).
    deferred: Vec<String>,
    /// Keys set aside while reading deferred months, for the shell to report.
    late_quarantined: Vec<String>,
}

impl LocalStore {
    fn empty(prefix: &str, device: Device) -> LocalStore {
        LocalStore {
            prefix: prefix.to_owned(),
            device,
            confirmed: HashMap::new(),
            chunks: HashMap::new(),
            outbox: Vec::new(),
            view: HashMap::new(),
            unsaved: BTreeSet::new(),
            read_only: false,
            schema_version: load::SCHEMA_VERSION,
            deferred: Vec::new(),
            late_quarantined: Vec::new(),
        }
    }

    pub(crate) fn device(&self) -> &Device {
        &self.device
    }

    pub(crate) fn entry(&self, id: Uuid) -> Option<&Entry> {
        self.view.get(&id)
    }

    /// The record as the server last confirmed it, without this device's pending writes (the
    /// share link is live once the server has its token).
    pub(crate) fn confirmed(&self, id: Uuid) -> Option<&WireRecord> {
        self.confirmed.get(&id)
    }

    /// The live typed records of one kind.
    pub(crate) fn live(&self, kind: RecordKind) -> impl Iterator<Item = &AnyRecord> {
        self.view
            .values()
            .filter(move |entry| entry.wire.kind == kind)
            .filter_map(Entry::live)
    }

    /// Mutations waiting for the server.
    pub(crate) fn pending(&self) -> usize {
        self.outbox.len()
    }

    /// Whether the phone holds any record (months not read yet count).
    pub(crate) fn holds_records(&self) -> bool {
        !self.view.is_empty() || !self.deferred.is_empty()
    }

    /// Writes again what storage refused before, since space may have been freed: a change kept
    /// only in memory would be lost on a reload that no later write came before.
    pub(crate) fn retry_unsaved(&mut self, kv: &dyn KeyValue) -> Saved {
        match self.unsaved.is_empty() {
            true => Saved::OnDevice,
            false => self.persist(kv, []),
        }
    }

    /// Keys set aside since the last call, while reading deferred months.
    pub(crate) fn take_late_quarantined(&mut self) -> Vec<String> {
        std::mem::take(&mut self.late_quarantined)
    }

    /// Whether every change is in storage.
    #[cfg(test)]
    pub(crate) fn all_saved(&self) -> bool {
        self.unsaved.is_empty()
    }

    /// The indexed records reachability and boundary pressure need, with only the logs in
    /// `[from, to)`: the figures of a day or a week never need two years of logs.
    pub(crate) fn worker_data(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> WorkerData {
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

    /// Checks and records a local write, then stores it. An invalid change returns core's error
    /// and changes nothing; a change storage refuses stays in memory and in the outbox.
    pub(crate) fn write(
        &mut self,
        kv: &dyn KeyValue,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Saved, Error> {
        // An edit must land on the whole record, so every month has to be in memory first.
        self.load_deferred(kv, usize::MAX);
        self.catch_up_with_other_tabs(kv);
        let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let mut mutation = Mutation {
            mid: self.device.last_mid + 1,
            kind: change.kind,
            id: change.id,
            hlc: self.device.clock.current(),
            set: change.set,
            deleted: change.deleted,
        };
        mutation.check_fields()?;
        let mut wire = match self.view.get(&mutation.id) {
            Some(entry) if entry.wire.kind != mutation.kind => {
                return Err(Error::invalid(
                    "kind",
                    format!("record {} is a {}", mutation.id, entry.wire.kind),
                ));
            }
            Some(entry) => entry.wire.clone(),
            None => WireRecord::from_mutation(&mutation),
        };
        wire.overlay(&mutation);
        let typed = wire.decode();
        if !wire.deleted {
            check_whole(typed.as_ref(), now)?;
        }
        mutation.hlc = self.device.clock.tick(now_ms);
        self.device.last_mid = mutation.mid;
        let chunk = keys::outbox_chunk(mutation.mid);
        self.outbox.push(mutation);
        self.view.insert(
            wire.id,
            Entry {
                wire,
                typed: typed.ok(),
            },
        );
        Ok(self.persist(kv, [chunk, keys::DEVICE.to_owned()]))
    }

    /// Another tab of this install may have written since we last looked: take its mids and
    /// outbox first, so two tabs never issue the same mid.
    fn catch_up_with_other_tabs(&mut self, kv: &dyn KeyValue) {
        let Some(stored) = kv.get(&self.key(keys::DEVICE)) else {
            return;
        };
        let Ok(other) = serde_json::from_str::<Device>(&stored) else {
            return;
        };
        if other.client_id == self.device.client_id && other.last_mid > self.device.last_mid {
            self.reload_key(kv, keys::DEVICE);
            let outbox_keys: Vec<String> = self
                .relative_keys(kv)
                .into_iter()
                .filter(|key| key.starts_with(keys::OUTBOX))
                .collect();
            for key in outbox_keys {
                self.reload_key(kv, &key);
            }
        }
    }

    /// Writes the given keys (and any left unsaved before) to storage.
    fn persist<I: IntoIterator<Item = String>>(&mut self, kv: &dyn KeyValue, changed: I) -> Saved {
        self.unsaved.extend(changed);
        if self.read_only {
            return Saved::InMemoryOnly(WriteFailure::Unavailable);
        }
        let mut failure = None;
        for key in std::mem::take(&mut self.unsaved) {
            let result = match self.render(&key) {
                Some(text) => kv.set(&self.key(&key), &text),
                None => {
                    kv.remove(&self.key(&key));
                    Ok(())
                }
            };
            if let Err(error) = result {
                failure.get_or_insert(error);
                self.unsaved.insert(key);
            }
        }
        failure.map_or(Saved::OnDevice, Saved::InMemoryOnly)
    }

    /// The text a relative key should hold now; `None` when it should not exist.
    fn render(&self, key: &str) -> Option<String> {
        if key == keys::SCHEMA {
            return Some(self.schema_version.to_string());
        }
        if key == keys::DEVICE {
            return serde_json::to_string(&self.device).ok();
        }
        if let Some(range) = keys::outbox_range(key) {
            let start = self.outbox.partition_point(|m| m.mid < *range.start());
            let end = self.outbox.partition_point(|m| m.mid <= *range.end());
            let chunk = &self.outbox[start..end];
            return (!chunk.is_empty())
                .then(|| codec::encode_mutations(&self.device.client_id, chunk));
        }
        let ids = self.chunks.get(key).filter(|ids| !ids.is_empty())?;
        Some(codec::encode_records(
            ids.iter().filter_map(|id| self.confirmed.get(id)),
        ))
    }

    fn key(&self, relative: &str) -> String {
        format!("{}{relative}", self.prefix)
    }

    /// This store's keys in storage, without the prefix.
    fn relative_keys(&self, kv: &dyn KeyValue) -> Vec<String> {
        kv.keys()
            .into_iter()
            .filter_map(|key| key.strip_prefix(&self.prefix).map(str::to_owned))
            .collect()
    }

    /// Puts confirmed records in place (from the server, or seeded), keeping the chunk index.
    /// Returns the chunk keys that changed.
    fn confirm(&mut self, records: Vec<WireRecord>) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        for record in records {
            if let Some(old) = self.confirmed.get(&record.id) {
                let old_chunk = keys::record_chunk(old);
                if let Some(ids) = self.chunks.get_mut(&old_chunk) {
                    ids.remove(&record.id);
                }
                changed.insert(old_chunk);
            }
            let chunk = keys::record_chunk(&record);
            self.chunks
                .entry(chunk.clone())
                .or_default()
                .insert(record.id);
            changed.insert(chunk);
            self.confirmed.insert(record.id, record);
        }
        changed
    }

    /// Recomputes what the user sees of the given records: confirmed, then pending writes.
    fn rebuild_view(&mut self, ids: &BTreeSet<Uuid>) {
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

    /// Rereads one key another tab changed (the `storage` event), or everything when `key` is
    /// `None` (storage was cleared).
    pub(crate) fn reload_key(&mut self, kv: &dyn KeyValue, relative: &str) {
        self.deferred.retain(|key| key != relative);
        let text = kv.get(&self.key(relative));
        if relative == keys::DEVICE {
            if let Some(other) = text.and_then(|text| serde_json::from_str::<Device>(&text).ok()) {
                if other.client_id == self.device.client_id {
                    self.device.clock.receive(&other.clock.current(), 0);
                    self.device.last_mid = self.device.last_mid.max(other.last_mid);
                    self.device.cursor = other.cursor;
                }
            }
        } else if let Some(range) = keys::outbox_range(relative) {
            let fresh = text
                .and_then(|text| codec::decode_mutations(&text).ok())
                .map(|d| d.0)
                .unwrap_or_default();
            // Extended, not collected: `collect` sorts (another compiled copy of the sort).
            let mut touched = BTreeSet::new();
            touched.extend(fresh.iter().map(|m| m.id));
            touched.extend(
                self.outbox
                    .iter()
                    .filter(|m| range.contains(&m.mid))
                    .map(|m| m.id),
            );
            self.outbox.retain(|m| !range.contains(&m.mid));
            self.outbox
                .extend(fresh.into_iter().filter(|m| range.contains(&m.mid)));
            order::sort_by_key(&mut self.outbox, |m| m.mid);
            self.outbox.dedup_by_key(|m| m.mid);
            self.rebuild_view(&touched);
        } else if let Some(kind) = keys::chunk_kind(relative) {
            let fresh = text
                .and_then(|text| codec::decode_records(kind, &text).ok())
                .map(|d| d.0)
                .unwrap_or_default();
            let mut touched: BTreeSet<Uuid> = self.chunks.remove(relative).unwrap_or_default();
            for id in &touched {
                self.confirmed.remove(id);
            }
            touched.extend(fresh.iter().map(|r| r.id));
            self.confirm(fresh);
            self.rebuild_view(&touched);
        }
    }

    /// Removes every key of this store and starts afresh with `device`.
    pub(crate) fn delete_all(&mut self, kv: &dyn KeyValue, device: Device) -> Saved {
        for key in self.relative_keys(kv) {
            kv.remove(&self.key(&key));
        }
        let (prefix, version) = (std::mem::take(&mut self.prefix), self.schema_version);
        *self = LocalStore::empty(&prefix, device);
        self.schema_version = version;
        self.persist(kv, [keys::SCHEMA.to_owned(), keys::DEVICE.to_owned()])
    }

    /// Everything of the worker's as one JSON document (the Settings export): the records as the
    /// user sees them, the pending outbox, and this install's ids.
    pub(crate) fn export(&mut self, kv: &dyn KeyValue, exported_at: DateTime<Utc>) -> Value {
        self.load_deferred(kv, usize::MAX);
        let mut records: Vec<&WireRecord> = self.view.values().map(|entry| &entry.wire).collect();
        order::sort_by_key(&mut records, |record| (record.kind, record.id));
        serde_json::json!({
            "format": "peerline-export",
            "version": 1,
            "exported_at": exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "client_id": self.device.client_id,
            "worker_id": self.device.worker_id,
            "records": records,
            "outbox": self.outbox,
        })
    }
}

/// The whole-record rules a server applies to a merged record; the one that needs a clock is a
/// log's `at` at most 10 minutes ahead.
fn check_whole(typed: Result<&AnyRecord, &Error>, now: DateTime<Utc>) -> Result<(), Error> {
    match typed {
        Err(error) => Err(error.clone()),
        Ok(AnyRecord::Log(log)) if log.at > now + chrono::Duration::milliseconds(MAX_FUTURE_MS) => {
            Err(Error::invalid(
                "at",
                "must not be more than 10 minutes in the future",
            ))
        }
        Ok(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
