//! The store's side of `POST /sync` (api.md), as `peerline_core::replica` defines it: the request
//! carries the oldest pending mutations and the cursor; a response drops the acknowledged
//! mutations, replaces confirmed records, and moves the clock past the server's.

use super::{keys, LocalStore, Saved};
use peerline_core::{Hlc, Rejection, SyncRequest, SyncResponse, MAX_MUTATIONS_PER_REQUEST};
use std::collections::BTreeSet;

impl LocalStore {
    /// The next request: at most `max_mutations` of the oldest pending mutations.
    pub(crate) fn sync_request(&self, max_mutations: usize) -> SyncRequest {
        let count = max_mutations
            .min(MAX_MUTATIONS_PER_REQUEST)
            .min(self.outbox.len());
        SyncRequest {
            client_id: self.device.client_id.clone(),
            cursor: self.device.cursor.clone(),
            mutations: self.outbox[..count].to_vec(),
        }
    }

    /// Folds in a 200 response and stores the result. Returns the rejections (for the user) and
    /// whether storage took it all.
    pub(crate) fn receive(
        &mut self,
        kv: &dyn super::KeyValue,
        response: SyncResponse,
        now_millis: u64,
    ) -> (Vec<Rejection>, Saved) {
        // A record may move between months: every month must be in memory to be rewritten whole.
        self.load_deferred(kv, usize::MAX);
        // Another tab may have queued writes since: rewriting its outbox chunk must keep them.
        self.catch_up_with_other_tabs(kv);
        let mut changed: BTreeSet<String> = BTreeSet::new();
        let mut touched = BTreeSet::new();
        for mutation in self.outbox.iter().filter(|m| m.mid <= response.last_mid) {
            changed.insert(keys::outbox_chunk(mutation.mid));
            touched.insert(mutation.id);
        }
        self.outbox
            .retain(|mutation| mutation.mid > response.last_mid);
        touched.extend(response.records.iter().map(|record| record.id));
        changed.extend(self.confirm(response.records));
        self.device.cursor = Some(response.cursor);
        let server_millis = u64::try_from(response.server_time.timestamp_millis()).unwrap_or(0);
        if let Some(server) = Hlc::new(server_millis, 0, "server") {
            self.device.clock.receive(&server, now_millis);
        }
        changed.insert(keys::DEVICE.to_owned());
        self.rebuild_view(&touched);
        let saved = self.persist(kv, changed);
        (response.rejected, saved)
    }
}
