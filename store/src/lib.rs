//! The local store: this device's copy of the worker's records and its outbox, kept in a
//! key-value storage (localStorage in the app) so the app works with no network at all.
//!
//! A [`LocalStore`] is peerline-core's [`Replica`] (api.md, Sync: `confirmed` records as the
//! server last sent them, an `outbox` of writes it has not acknowledged, and the view laid on
//! top; the write check, the request and the folding in of a response are the replica's) kept in
//! storage. It adds only what a browser needs: a compact layout in chunks (`keys`, and
//! `peerline_core::table` for each chunk's text), writing to storage before a change counts as
//! saved, keeping changes in memory when the quota is hit, reading another tab's writes, and
//! setting unreadable values aside (`load`). It reads like a `Replica` (`Deref`); every change
//! goes through the store, so it is stored. Plain Rust over a [`KeyValue`]: the app's tests and
//! the server's sync simulation drive it on the host.

mod adopt;
mod keys;
pub mod kv;
mod load;
mod sync;

pub use kv::{KeyValue, MemoryStorage, WriteFailure};
pub use load::{LoadReport, Migration, MIGRATIONS};
pub use peerline_core::{Change, Device, Entry, Replica};

use chrono::{DateTime, Utc};
// The table codec is core's so that the fuzz crate (`fuzz/`) reaches it.
use peerline_core::order;
use peerline_core::table as codec;
use peerline_core::{Error, WireRecord};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Where a change ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// In storage: it survives a reload.
    OnDevice,
    /// Only in memory (and in the outbox): storage refused it.
    InMemoryOnly(WriteFailure),
}

#[derive(Debug)]
pub struct LocalStore {
    prefix: String,
    replica: Replica,
    /// The ids of the confirmed records in each record chunk.
    chunks: HashMap<String, BTreeSet<Uuid>>,
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

/// The store reads as its replica: `entry`, `live`, `worker_data`, `request`, `device`...
impl std::ops::Deref for LocalStore {
    type Target = Replica;

    fn deref(&self) -> &Replica {
        &self.replica
    }
}

impl LocalStore {
    fn empty(prefix: &str, device: Device) -> LocalStore {
        LocalStore {
            prefix: prefix.to_owned(),
            replica: Replica::new(device),
            chunks: HashMap::new(),
            unsaved: BTreeSet::new(),
            read_only: false,
            schema_version: load::SCHEMA_VERSION,
            deferred: Vec::new(),
            late_quarantined: Vec::new(),
        }
    }

    /// Keys set aside since the last call, while reading deferred months.
    pub fn take_late_quarantined(&mut self) -> Vec<String> {
        std::mem::take(&mut self.late_quarantined)
    }

    /// Whether every change is in storage.
    pub fn all_saved(&self) -> bool {
        self.unsaved.is_empty()
    }

    /// Whether the phone holds any record (months not read yet count).
    pub fn holds_records(&self) -> bool {
        self.replica.view().next().is_some() || !self.deferred.is_empty()
    }

    /// Writes again what storage refused before, since space may have been freed: a change kept
    /// only in memory would be lost on a reload that no later write came before.
    pub fn retry_unsaved(&mut self, kv: &dyn KeyValue) -> Saved {
        match self.unsaved.is_empty() {
            true => Saved::OnDevice,
            false => self.persist(kv, []),
        }
    }

    /// Checks and records a local write (the replica's [`Replica::write`]), then stores it. An
    /// invalid change returns core's error and changes nothing; a change storage refuses stays in
    /// memory and in the outbox.
    pub fn write(
        &mut self,
        kv: &dyn KeyValue,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Saved, Error> {
        // An edit must land on the whole record, so every month has to be in memory first.
        self.load_deferred(kv, usize::MAX);
        self.catch_up_with_other_tabs(kv);
        let mid = self.replica.write(change, now)?.mid;
        Ok(self.persist(kv, [keys::outbox_chunk(mid), keys::DEVICE.to_owned()]))
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
        let device = self.replica.device();
        if other.client_id == device.client_id && other.last_mid > device.last_mid {
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
        let device = self.replica.device();
        if key == keys::DEVICE {
            return serde_json::to_string(device).ok();
        }
        if let Some(range) = keys::outbox_range(key) {
            let outbox = self.replica.outbox();
            let start = outbox.partition_point(|m| m.mid < *range.start());
            let end = outbox.partition_point(|m| m.mid <= *range.end());
            let chunk = &outbox[start..end];
            return (!chunk.is_empty()).then(|| codec::encode_mutations(&device.client_id, chunk));
        }
        let ids = self.chunks.get(key).filter(|ids| !ids.is_empty())?;
        Some(codec::encode_records(
            ids.iter().filter_map(|id| self.replica.confirmed(*id)),
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

    /// Files `record` in the chunk it belongs in (leaving the one it was in) and adds the chunks
    /// that change to `changed`; the record itself is the replica's.
    fn file(&mut self, record: &WireRecord, changed: &mut BTreeSet<String>) {
        if let Some(old) = self.replica.confirmed(record.id) {
            let old_chunk = keys::record_chunk(old);
            if let Some(ids) = self.chunks.get_mut(&old_chunk) {
                ids.remove(&record.id);
            }
            changed.insert(old_chunk);
        }
        let chunk = keys::record_chunk(record);
        self.chunks
            .entry(chunk.clone())
            .or_default()
            .insert(record.id);
        changed.insert(chunk);
    }

    /// Puts confirmed records in place (read back, or moved), keeping the chunk index. Returns the
    /// chunk keys that changed.
    fn confirm(&mut self, records: Vec<WireRecord>) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        for record in records {
            self.file(&record, &mut changed);
            self.replica.confirm(record);
        }
        changed
    }

    /// Rereads one key another tab changed (the `storage` event).
    pub fn reload_key(&mut self, kv: &dyn KeyValue, relative: &str) {
        self.deferred.retain(|key| key != relative);
        let text = kv.get(&self.key(relative));
        if relative == keys::DEVICE {
            if let Some(other) = text.and_then(|text| serde_json::from_str::<Device>(&text).ok()) {
                let device = self.replica.device_mut();
                if other.client_id == device.client_id {
                    device.clock.receive(&other.clock.current(), 0);
                    device.last_mid = device.last_mid.max(other.last_mid);
                    device.cursor = other.cursor;
                }
            }
        } else if let Some(range) = keys::outbox_range(relative) {
            let fresh = text
                .and_then(|text| codec::decode_mutations(&text).ok())
                .map(|d| d.0)
                .unwrap_or_default();
            let outbox = self.replica.outbox_mut();
            // Extended, not collected: `collect` sorts (another compiled copy of the sort).
            let mut touched = BTreeSet::new();
            touched.extend(fresh.iter().map(|m| m.id));
            touched.extend(
                outbox
                    .iter()
                    .filter(|m| range.contains(&m.mid))
                    .map(|m| m.id),
            );
            outbox.retain(|m| !range.contains(&m.mid));
            outbox.extend(fresh.into_iter().filter(|m| range.contains(&m.mid)));
            order::sort_by_key(outbox, |m| m.mid);
            outbox.dedup_by_key(|m| m.mid);
            self.replica.rebuild_view(&touched);
        } else if let Some(kind) = keys::chunk_kind(relative) {
            let fresh = text
                .and_then(|text| codec::decode_records(kind, &text).ok())
                .map(|d| d.0)
                .unwrap_or_default();
            let mut touched: BTreeSet<Uuid> = self.chunks.remove(relative).unwrap_or_default();
            for id in &touched {
                self.replica.forget(*id);
            }
            touched.extend(fresh.iter().map(|r| r.id));
            self.confirm(fresh);
            self.replica.rebuild_view(&touched);
        }
    }

    /// Removes every key of this store and starts afresh with `device`.
    pub fn delete_all(&mut self, kv: &dyn KeyValue, device: Device) -> Saved {
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
    pub fn export(&mut self, kv: &dyn KeyValue, exported_at: DateTime<Utc>) -> Value {
        self.load_deferred(kv, usize::MAX);
        let mut records: Vec<&WireRecord> = self.replica.view().map(|entry| &entry.wire).collect();
        order::sort_by_key(&mut records, |record| (record.kind, record.id));
        let device = self.replica.device();
        serde_json::json!({
            "format": "peerline-export",
            "version": 1,
            "exported_at": exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "client_id": device.client_id,
            "worker_id": device.worker_id,
            "records": records,
            "outbox": self.replica.outbox(),
        })
    }
}

#[cfg(test)]
mod tests;
