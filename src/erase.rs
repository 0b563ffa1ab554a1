//! Erasing a contact (domain.md, Data lifecycle; api.md, "Erasing"): the phone's side.
//!
//! Erasing is not a sync mutation but `POST /api/v1/erase/contact`. The server empties the contact
//! and every record naming it and hands every device of the worker fieldless tombstones
//! (`{"kind", "id", "fields": {}, "deleted": true}`), which the store takes like any record: the
//! confirmed copy with its fields is replaced and its chunk rewritten without them, so the
//! person's name, notes and logs leave this phone's storage with the sync that brings them.
//!
//! What "Erase" does, online or offline alike:
//!
//! 1. the contact's id joins a waiting list in localStorage (`peerline.erase.waiting`) first, so
//!    the request survives a killed tab or a phone that stays offline for a week;
//! 2. the contact and every record naming it (logs, agenda items) are deleted on the phone, so
//!    they leave every screen and every figure at once, offline too;
//! 3. the sync engine sends the waiting erasures after a round that pushed the outbox (then the
//!    server knows every contact this phone made), and pulls again for the tombstones
//!    (`sync::Sync::erase_waiting`). A 404 (the server never had the contact) ends the wait once
//!    the outbox is empty; a phone that never logged in keeps the wait for its first login.

use crate::model::changes;
use crate::state::{App, STORAGE_PREFIX};
use peerline_core::{AnyRecord, Contact, RecordKind};
use peerline_store::{Change, KeyValue};
use uuid::Uuid;

/// The waiting erasures, below the store's prefix (so logging out and "delete everything" take
/// them too): one contact id a line.
const WAITING_KEY: &str = "erase.waiting";

fn key() -> String {
    format!("{STORAGE_PREFIX}{WAITING_KEY}")
}

/// The contacts whose erasure the server has not confirmed yet, oldest first. A line that is not
/// an id is skipped.
pub(crate) fn waiting(kv: &dyn KeyValue) -> Vec<Uuid> {
    kv.get(&key())
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Uuid::try_parse(line.trim()).ok())
        .collect()
}

fn keep_waiting(kv: &dyn KeyValue, ids: &[Uuid]) {
    if ids.is_empty() {
        kv.remove(&key());
    } else {
        let lines: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        // A refused write leaves the erasure unsent: the storage notice says the phone is full.
        let _ = kv.set(&key(), &lines.join("\n"));
    }
}

/// Adds `contact` to the waiting list (once).
pub(crate) fn wait_for(kv: &dyn KeyValue, contact: Uuid) {
    let mut ids = waiting(kv);
    if !ids.contains(&contact) {
        ids.push(contact);
        keep_waiting(kv, &ids);
    }
}

/// Takes `contact` off the waiting list.
pub(crate) fn done(kv: &dyn KeyValue, contact: Uuid) {
    let mut ids = waiting(kv);
    ids.retain(|id| *id != contact);
    keep_waiting(kv, &ids);
}

/// The records among `records` that go with contact `contact`: those whose `contact_id` names it
/// (as the server finds them, whatever the kind).
pub(crate) fn naming<'a>(
    contact: Uuid,
    records: impl IntoIterator<Item = &'a AnyRecord>,
) -> Vec<(RecordKind, Uuid)> {
    records
        .into_iter()
        .filter_map(|record| match record {
            AnyRecord::Log(log) if log.contact_id == contact => Some((RecordKind::Log, log.id)),
            AnyRecord::AgendaItem(item) if item.contact_id == Some(contact) => {
                Some((RecordKind::AgendaItem, item.id))
            }
            _ => None,
        })
        .collect()
}

/// The live records of the store that go with `contact`.
fn named_in_store(app: App, contact: Uuid) -> Vec<(RecordKind, Uuid)> {
    app.with_store(|store| {
        naming(
            contact,
            store
                .live(RecordKind::Log)
                .chain(store.live(RecordKind::AgendaItem)),
        )
    })
}

/// What erasing a contact takes with it, for the question that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Going {
    pub(crate) logs: usize,
    pub(crate) agenda_items: usize,
    pub(crate) notes: bool,
    pub(crate) share_link: bool,
}

pub(crate) fn going(contact: &Contact, named: &[(RecordKind, Uuid)]) -> Going {
    let count = |kind| named.iter().filter(|(k, _)| *k == kind).count();
    Going {
        logs: count(RecordKind::Log),
        agenda_items: count(RecordKind::AgendaItem),
        notes: contact
            .notes
            .as_deref()
            .is_some_and(|notes| !notes.trim().is_empty()),
        share_link: contact.share_token.is_some(),
    }
}

/// What erasing `contact` takes with it on this phone (tracked).
pub(crate) fn going_in_store(app: App, contact: &Contact) -> Going {
    going(contact, &named_in_store(app, contact.id))
}

/// The local deletions that hide `named` at once (the contact's own is written first).
pub(crate) fn deletions(named: &[(RecordKind, Uuid)]) -> Vec<Change> {
    named
        .iter()
        .map(|&(kind, id)| changes::delete(kind, id))
        .collect()
}

/// "Erase": queues the server's erasure, then hides the contact and what names it on this phone.
/// The contact's deletion goes first: writing reads every stored month, so the records found next
/// are all of them.
pub(crate) fn erase(app: App, contact: Uuid) {
    crate::io::storage::with_storage(|kv| wait_for(kv, contact));
    let _ = app.write(changes::delete(RecordKind::Contact, contact));
    for change in deletions(&named_in_store(app, contact)) {
        let _ = app.write(change);
    }
}

/// What the server's answer to `POST /erase/contact` means for the waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// 204: erased (also when it was before); the tombstones wait for the next pull.
    Erased,
    /// 404: the server has no such contact of this worker.
    Unknown,
    /// Anything else: try again with the next round.
    Failed,
}

pub(crate) fn answer(status: u16) -> Answer {
    match status {
        204 => Answer::Erased,
        404 => Answer::Unknown,
        _ => Answer::Failed,
    }
}

/// The request's body.
pub(crate) fn body(contact: Uuid) -> String {
    serde_json::json!({ "contact_id": contact }).to_string()
}

#[cfg(test)]
mod tests;
