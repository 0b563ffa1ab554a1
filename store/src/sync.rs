//! The store's side of `POST /sync` (api.md): the replica folds the response in
//! ([`peerline_core::Replica::receive`]); the store rewrites the chunks that changed.

use super::{keys, KeyValue, LocalStore, Saved};
use peerline_core::{Rejection, SyncResponse};
use std::collections::BTreeSet;

impl LocalStore {
    /// Folds in a 200 response and stores the result. Returns the rejections (for the user) and
    /// whether storage took it all.
    pub fn receive(
        &mut self,
        kv: &dyn KeyValue,
        response: SyncResponse,
        now_millis: u64,
    ) -> (Vec<Rejection>, Saved) {
        // A record may move between months: every month must be in memory to be rewritten whole.
        self.load_deferred(kv, usize::MAX);
        // Another tab may have queued writes since: rewriting its outbox chunk must keep them.
        self.catch_up_with_other_tabs(kv);
        let mut changed = BTreeSet::new();
        for mutation in self.outbox().iter().filter(|m| m.mid <= response.last_mid) {
            changed.insert(keys::outbox_chunk(mutation.mid));
        }
        for record in &response.records {
            self.file(record, &mut changed);
        }
        let cursor = self.device().cursor.clone();
        let rejected = self.replica.receive(response, now_millis);
        // The records first, then the device record with the cursor: storage must never hold a
        // cursor past records it does not (a reload would never pull them again). If storage
        // refused some, the cursor goes back and the next sync pulls them again.
        self.persist(kv, changed);
        if self
            .unsaved
            .iter()
            .any(|key| key.starts_with(keys::RECORDS))
        {
            self.replica.device_mut().cursor = cursor;
        }
        (rejected, self.persist(kv, [keys::DEVICE.to_owned()]))
    }
}
