//! The key-value storage the store writes to: localStorage in the browser (`io::storage`), a map
//! in tests. Keeping the store behind this trait lets its tests run on the host.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// Why a write did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteFailure {
    /// The browser's storage quota is used up.
    Full,
    /// Storage is switched off or refused the write for another reason.
    Unavailable,
}

pub trait KeyValue {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str) -> Result<(), WriteFailure>;
    fn remove(&self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// An in-memory storage with an optional size limit (in characters of keys and values, as
/// browsers count): a write past it fails as `Full`, as localStorage's does. For tests, the size
/// benchmark and the server's sync simulation (a phone whose storage fills up, then is freed).
#[derive(Debug, Default)]
pub struct MemoryStorage {
    entries: RefCell<BTreeMap<String, String>>,
    limit: Cell<Option<usize>>,
}

impl MemoryStorage {
    pub fn with_limit(limit: usize) -> MemoryStorage {
        MemoryStorage {
            entries: RefCell::default(),
            limit: Cell::new(Some(limit)),
        }
    }

    /// Changes the limit (`None`: no limit); what is stored stays.
    pub fn set_limit(&self, limit: Option<usize>) {
        self.limit.set(limit);
    }

    /// Characters used by keys and values together.
    pub fn used(&self) -> usize {
        self.entries
            .borrow()
            .iter()
            .map(|(key, value)| key.len() + value.len())
            .sum()
    }
}

impl KeyValue for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.entries.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), WriteFailure> {
        if let Some(limit) = self.limit.get() {
            let old = self
                .entries
                .borrow()
                .get(key)
                .map_or(0, |old| key.len() + old.len());
            if self.used() - old + key.len() + value.len() > limit {
                return Err(WriteFailure::Full);
            }
        }
        self.entries
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.entries.borrow_mut().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.entries.borrow().keys().cloned().collect()
    }
}
