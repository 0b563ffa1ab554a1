//! Retention (domain.md, Data lifecycle): the logs, agenda items and notes of a relationship whose
//! contact has been ended for longer than `serve --retain-ended-days` (default 365) are erased the
//! same way as an erased contact's, by the server, at start and then once a day.
//!
//! # Since when a contact is ended
//!
//! The time the worker ended it: the hlc of the write that set `status` to `ended` (its millis are
//! the writing device's clock, which the sync keeps within 10 minutes ahead of the server's). A
//! later edit of other fields does not move it; ending it again after a reopening starts anew. A
//! deleted contact counts as ended since its deletion (the hlc of its tombstone), whatever its
//! status: a relationship deleted from the phone is over too, and its logs should not outlive an
//! ended one's. Of the two, the earlier applies.
//!
//! What goes: every record naming the contact in `contact_id` (logs, agenda items) becomes a
//! fieldless tombstone, and the contact's own `notes` is unset with the server's hlc (so an older
//! note still in an offline device's outbox loses to it). The contact itself stays, with its name,
//! agreement and status: ending a relationship keeps who it was with, erasing it does not.
//! A worker who later logs with an ended contact sees that log go at the next daily pass.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
};

use chrono::{DateTime, Duration, Utc};
use peerline_core::{RecordKind, StoredRecord};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    clock::Clock,
    db::Db,
    erase::{erased_stamp, server_hlc},
    store::{self, erasure, invites, records},
    Result,
};

/// The default of `serve --retain-ended-days`.
pub const DEFAULT_RETAIN_ENDED_DAYS: u32 = 365;

/// How often the server runs a pass after the one at start.
pub const PASS_INTERVAL: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// What one pass erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Records (logs, agenda items) made fieldless tombstones.
    pub records_erased: u64,
    /// Contacts whose `notes` were unset.
    pub notes_cleared: u64,
}

/// Since when `contact` counts as ended, if it does (see the module documentation).
pub fn ended_since(contact: &StoredRecord) -> Option<DateTime<Utc>> {
    let by_status = contact
        .fields
        .get("status")
        .filter(|status| status.value == "ended")
        .map(|status| status.hlc.millis());
    let by_deletion = contact
        .deleted
        .as_ref()
        .filter(|deleted| deleted.value)
        .map(|deleted| deleted.hlc.millis());
    let since = by_status.into_iter().chain(by_deletion).min()?;
    DateTime::from_timestamp_millis(i64::try_from(since).ok()?)
}

/// One pass at `now`: erases what retention `retain` (ended longer ago than that) no longer
/// allows, one worker per transaction.
pub async fn run_pass(db: &Db, now: DateTime<Utc>, retain: Duration) -> Result<RetentionReport> {
    let cutoff = now - retain;
    let mut due: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    for owned in records::unerased_of_kind(db.pool(), RecordKind::Contact).await? {
        if ended_since(&owned.record).is_some_and(|since| since < cutoff) {
            due.entry(owned.user_id)
                .or_default()
                .insert(owned.record.id);
        }
    }
    let mut report = RetentionReport::default();
    for (user_id, contacts) in due {
        let (erased, cleared) = run_for_worker(db, user_id, &contacts, now, cutoff).await?;
        report.records_erased += erased;
        report.notes_cleared += cleared;
    }
    let mut transaction = db.begin_write().await?;
    invites::prune_expired(&mut *transaction, store::to_millis(now)).await?;
    transaction.commit().await?;
    Ok(report)
}

/// Retention of one worker's `contacts` (ended before `cutoff` when listed), in one transaction
/// that re-reads them under the worker's lock: a sync may have reopened one since.
async fn run_for_worker(
    db: &Db,
    user_id: Uuid,
    contacts: &BTreeSet<Uuid>,
    now: DateTime<Utc>,
    cutoff: DateTime<Utc>,
) -> Result<(u64, u64)> {
    let mut transaction = db.begin_write().await?;
    let seq = erasure::next_change_seq(&mut *transaction, user_id).await?;
    let ids: Vec<Uuid> = contacts.iter().copied().collect();
    let current = records::find_many(&mut transaction, &ids).await?;
    let still_due: BTreeMap<Uuid, &StoredRecord> = current
        .values()
        .filter(|owned| owned.user_id == user_id && !owned.erased)
        .filter(|owned| ended_since(&owned.record).is_some_and(|since| since < cutoff))
        .map(|owned| (owned.record.id, &owned.record))
        .collect();
    let naming: Vec<Uuid> =
        erasure::records_naming_contacts(&mut *transaction, db.backend(), user_id)
            .await?
            .into_iter()
            .filter(|(_, contact)| still_due.contains_key(contact))
            .map(|(id, _)| id)
            .collect();
    let erased =
        erasure::erase_records(&mut transaction, user_id, &naming, seq, &erased_stamp(now)?)
            .await?;
    let mut cleared = 0;
    let hlc = server_hlc(now)?;
    for contact in still_due.values() {
        let has_notes = contact
            .fields
            .get("notes")
            .is_some_and(|notes| !notes.value.is_null());
        if !has_notes {
            continue;
        }
        let mut without_notes = (*contact).clone();
        without_notes.write_field("notes", Value::Null, &hlc);
        if without_notes != **contact {
            records::upsert(&mut *transaction, user_id, &without_notes, None, seq).await?;
            cleared += 1;
        }
    }
    if erased == 0 && cleared == 0 {
        // Nothing changed: the sequence number taken above is given back.
        transaction.rollback().await?;
    } else {
        transaction.commit().await?;
        tracing::info!(user = %user_id, records = erased, notes = cleared, "retention erased");
    }
    Ok((erased, cleared))
}

/// Runs a pass at start and then every [`PASS_INTERVAL`] until the process ends. A failed pass is
/// logged and tried again at the next interval.
pub fn spawn(db: Db, clock: Arc<dyn Clock>, retain_days: u32) -> tokio::task::JoinHandle<()> {
    let retain = Duration::days(i64::from(retain_days));
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(PASS_INTERVAL);
        loop {
            interval.tick().await;
            match run_pass(&db, clock.now(), retain).await {
                Ok(report) => tracing::info!(
                    records = report.records_erased,
                    notes = report.notes_cleared,
                    retain_days,
                    "retention pass done"
                ),
                Err(error) => tracing::error!(%error, "retention pass failed"),
            }
        }
    })
}
