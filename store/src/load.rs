//! Opening the store: the layout version and its migrations, then every chunk, with values that
//! cannot be read set aside under `quarantine.<key>` so the app still starts with the rest.

use super::{codec, keys, Device, KeyValue, LocalStore};
use peerline_core::order;

/// Moves storage from one layout version to the next. `MIGRATIONS[i]` takes version `i + 1` to
/// `i + 2`; the store's prefix is passed in.
pub type Migration = fn(&dyn KeyValue, &str) -> Result<(), String>;

/// Layout 1 is the first; add a migration here whenever the layout changes.
pub const MIGRATIONS: &[Migration] = &[];

/// The layout this app writes.
pub(crate) const SCHEMA_VERSION: u64 = 1 + MIGRATIONS.len() as u64;

/// What opening found that the user should hear about, once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Keys whose values could not be read (wholly or in part), now under `quarantine.<key>`.
    pub quarantined: Vec<String>,
    /// Storage holds a newer layout (an older app after a newer one): nothing is written.
    pub newer_layout: bool,
    /// A migration failed; the data is left as it was and nothing is written.
    pub migration_failed: Option<String>,
}

impl LocalStore {
    /// Opens the store under `prefix` with every record; `new_device` makes this install's ids on
    /// a first start.
    pub fn open(
        kv: &dyn KeyValue,
        prefix: &str,
        new_device: impl FnOnce() -> Device,
        migrations: &[Migration],
    ) -> (LocalStore, LoadReport) {
        LocalStore::open_recent(kv, prefix, new_device, migrations, "")
    }

    /// Opens the store, but leaves the logs of months before `logs_from` (`YYYY-MM`) in storage
    /// for [`LocalStore::load_deferred`]: the app starts on the recent weeks in a few milliseconds
    /// and reads the older months right after the first screen is up.
    pub fn open_recent(
        kv: &dyn KeyValue,
        prefix: &str,
        new_device: impl FnOnce() -> Device,
        migrations: &[Migration],
        logs_from: &str,
    ) -> (LocalStore, LoadReport) {
        let mut report = LoadReport::default();
        let mut store = LocalStore::empty(prefix, new_device());
        let keys = store.relative_keys(kv);
        let schema_version = migrations.len() as u64 + 1;
        store.schema_version = schema_version;
        let stored_version = kv
            .get(&store.key(keys::SCHEMA))
            .and_then(|text| text.trim().parse::<u64>().ok());
        match stored_version {
            Some(version) if version > schema_version => {
                report.newer_layout = true;
                store.read_only = true;
            }
            Some(version) => {
                for migration in migrations.iter().skip(version.saturating_sub(1) as usize) {
                    if let Err(why) = migration(kv, prefix) {
                        report.migration_failed = Some(why);
                        store.read_only = true;
                        break;
                    }
                }
            }
            None => {}
        }
        let fresh = !keys.iter().any(|key| key == keys::DEVICE);
        store.load_device(kv, &mut report, fresh);
        for key in keys.iter().filter(|key| key.starts_with(keys::RECORDS)) {
            match keys::log_month(key) {
                Some(month) if month < logs_from => store.deferred.push(key.clone()),
                _ => store.load_records(kv, key, &mut report),
            }
        }
        // Newest first: the weeks the worker looks back on are loaded before the oldest.
        order::sort_by(&mut store.deferred, |a, b| b.cmp(a));
        for key in keys.iter().filter(|key| key.starts_with(keys::OUTBOX)) {
            store.load_outbox(kv, key, &mut report);
        }
        let outbox = store.replica.outbox_mut();
        order::sort_by_key(outbox, |m| m.mid);
        outbox.dedup_by_key(|m| m.mid);
        // Mids must keep growing even if the device record was lost.
        let last_outbox_mid = outbox.last().map_or(0, |m| m.mid);
        let device = store.replica.device_mut();
        device.last_mid = device.last_mid.max(last_outbox_mid);
        store.replica.build_view();
        if !store.read_only && stored_version != Some(schema_version) {
            store.unsaved.insert(keys::SCHEMA.to_owned());
        }
        if !store.unsaved.is_empty() {
            store.persist(kv, []);
        }
        (store, report)
    }

    /// Reads up to `max_chunks` of the months [`LocalStore::open_recent`] left out; returns how
    /// many are still left. Anything that must see every record calls it with `usize::MAX` first.
    pub fn load_deferred(&mut self, kv: &dyn KeyValue, max_chunks: usize) -> usize {
        let count = max_chunks.min(self.deferred.len());
        let keys: Vec<String> = self.deferred.drain(..count).collect();
        let mut report = LoadReport::default();
        for key in keys {
            let before: std::collections::BTreeSet<uuid::Uuid> =
                self.chunks.get(&key).cloned().unwrap_or_default();
            self.load_records(kv, &key, &mut report);
            let mut touched = self.chunks.get(&key).cloned().unwrap_or_default();
            touched.extend(before);
            self.replica.rebuild_view(&touched);
        }
        if !report.quarantined.is_empty() && !self.unsaved.is_empty() {
            self.persist(kv, []);
        }
        self.late_quarantined.extend(report.quarantined);
        self.deferred.len()
    }

    fn load_device(&mut self, kv: &dyn KeyValue, report: &mut LoadReport, fresh: bool) {
        let key = self.key(keys::DEVICE);
        match kv
            .get(&key)
            .map(|text| (serde_json::from_str::<Device>(&text), text))
        {
            Some((Ok(device), _)) => *self.replica.device_mut() = device,
            Some((Err(_), text)) if self.set_aside(kv, keys::DEVICE, &text, report) => {
                self.unsaved.insert(keys::DEVICE.to_owned());
            }
            Some((Err(_), _)) => {}
            None if fresh => {
                self.unsaved.insert(keys::DEVICE.to_owned());
            }
            None => {}
        }
    }

    fn load_records(&mut self, kv: &dyn KeyValue, key: &str, report: &mut LoadReport) {
        let Some(text) = kv.get(&self.key(key)) else {
            return;
        };
        let decoded = keys::chunk_kind(key)
            .ok_or(())
            .and_then(|kind| codec::decode_records(kind, &text).map_err(|_| ()));
        match decoded {
            Ok((records, bad_rows)) => {
                // A record in the wrong chunk, or in two, would be written twice: those go
                // through `confirm`, which keeps one copy where it belongs.
                let mut misplaced = Vec::new();
                let ids = self.chunks.entry(key.to_owned()).or_default();
                for record in records {
                    if keys::in_chunk(&record, key) && self.replica.confirmed(record.id).is_none() {
                        ids.insert(record.id);
                        self.replica.confirm(record);
                    } else {
                        misplaced.push(record);
                    }
                }
                if !misplaced.is_empty() {
                    let changed = self.confirm(misplaced);
                    self.unsaved.extend(changed);
                }
                if bad_rows > 0 && self.set_aside(kv, key, &text, report) {
                    self.unsaved.insert(key.to_owned());
                }
            }
            Err(()) => {
                if self.set_aside(kv, key, &text, report) {
                    kv.remove(&self.key(key));
                }
            }
        }
    }

    fn load_outbox(&mut self, kv: &dyn KeyValue, key: &str, report: &mut LoadReport) {
        let Some(text) = kv.get(&self.key(key)) else {
            return;
        };
        match (codec::decode_mutations(&text), keys::outbox_range(key)) {
            (Ok((mutations, bad_rows)), Some(range)) => {
                let outbox = self.replica.outbox_mut();
                let (all, before) = (mutations.len(), outbox.len());
                outbox.extend(mutations.into_iter().filter(|m| range.contains(&m.mid)));
                let dropped = bad_rows > 0 || outbox.len() - before < all;
                if dropped && self.set_aside(kv, key, &text, report) {
                    self.unsaved.insert(key.to_owned());
                }
            }
            _ => {
                if self.set_aside(kv, key, &text, report) {
                    kv.remove(&self.key(key));
                }
            }
        }
    }

    /// Copies an unreadable value to `quarantine.<key>` (or `.2`, `.3`...) and says whether that
    /// worked. If it did not (storage full, or read-only), the original must stay where it is,
    /// unread, to be reported again next time rather than lost.
    fn set_aside(
        &mut self,
        kv: &dyn KeyValue,
        key: &str,
        text: &str,
        report: &mut LoadReport,
    ) -> bool {
        report.quarantined.push(key.to_owned());
        if self.read_only {
            return false;
        }
        let base = self.key(&format!("{}{key}", keys::QUARANTINE));
        let free = (1..100)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}.{n}")
                }
            })
            .find(|name| kv.get(name).is_none());
        free.is_some_and(|name| kv.set(&name, text).is_ok())
    }
}
