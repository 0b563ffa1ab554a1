//! The sync engine behind `POST /sync` (api.md, Sync), also used by `demo` so seeded records are
//! real synced records.
//!
//! One request is one transaction: take the user's next change sequence number (which locks the
//! user's row and so serialises the user's syncs), apply in order the mutations whose mid is above
//! the client's last applied one ([`apply`]), store the new last mid, read the changed records
//! after the client's cursor ([`cursor`]), commit.
//!
//! A request with nothing to apply writes nothing: with no mutations it is answered from one
//! read-only transaction, which on SQLite neither waits for the write lock nor syncs the disk; with
//! only mutations applied before (a retry) it finds so inside its writing transaction and commits
//! without a change. Only the user's `last_sync_at` (the coordinator's "last sync") would have
//! changed, so such a request still writes when the stored time is more than
//! [`LAST_SYNC_GRANULARITY`] old: the shown time stays true to the minute.
//!
//! The request body is read by [`peerline_core::envelope::parse`]; domain rules (field checks,
//! merge, whole-record checks, HLC parsing and skew) are peerline-core's too; this module adds what
//! needs the database:
//! ownership, the derived profile/availability ids, and a log's contact existing.

pub mod apply;
pub mod cursor;

use chrono::{DateTime, Duration, Utc};
use peerline_core::{envelope::IncomingRequest, WireRecord};
use uuid::Uuid;

use crate::{
    db::Db,
    store::{
        self, records,
        sync_clients::{self, ReadState},
    },
    sync::{apply::Applier, cursor::Position},
    Result,
};

/// At most this many records in one response; `more` then says to sync again at once.
pub const MAX_RECORDS_PER_RESPONSE: usize = 5000;

/// How stale the stored `last_sync_at` may get before a sync with nothing to apply writes anyway.
pub const LAST_SYNC_GRANULARITY: Duration = Duration::minutes(1);

/// A mutation that was skipped whole, and why (api.md codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The mutation's mid.
    pub mid: u64,
    /// `unknown_kind`, `unknown_field`, `invalid_field`, `forbidden`, `invalid_hlc` or `clock_skew`.
    pub code: &'static str,
    /// What to fix.
    pub message: String,
}

/// What a sync request produced.
#[derive(Debug, Clone)]
pub struct SyncOutcome {
    /// The client's last applied mid.
    pub last_mid: u64,
    /// The cursor to send next time.
    pub cursor: String,
    /// The caller's records changed after the request's cursor, merged, private fields included.
    pub records: Vec<WireRecord>,
    /// The mutations skipped whole.
    pub rejected: Vec<Rejection>,
    /// Whether more changed records wait (sync again at once with `cursor`).
    pub more: bool,
}

/// Runs one sync request of worker `user_id` at `now`.
pub async fn sync(
    db: &Db,
    user_id: Uuid,
    request: IncomingRequest,
    now: DateTime<Utc>,
) -> Result<SyncOutcome> {
    if request.mutations.is_empty() {
        let mut transaction = db.pool().begin().await?;
        let state = sync_clients::read_state(&mut *transaction, user_id, request.client_id).await?;
        if !needs_write(&request, &state, now) {
            let outcome = answer_unwritten(&mut transaction, user_id, &request, &state).await?;
            transaction.commit().await?;
            return Ok(outcome);
        }
        transaction.rollback().await?;
    }
    sync_writing(db, user_id, request, now).await
}

/// Whether the request has mutations to apply, or the stored `last_sync_at` is too old.
fn needs_write(request: &IncomingRequest, state: &ReadState, now: DateTime<Utc>) -> bool {
    let last_mid = u64::try_from(state.last_mid).unwrap_or(0);
    let fresh_since = store::to_millis(now - LAST_SYNC_GRANULARITY);
    request
        .mutations
        .iter()
        .any(|mutation| mutation.mid > last_mid)
        || state.last_sync_at.is_none_or(|at| at < fresh_since)
}

/// The answer to a request that needs no write, read in the caller's transaction.
///
/// Skipping the write keeps every guarantee: nothing new is acknowledged (`last_mid` is the stored
/// one, whose mutations were made durable by the request that applied them), and the pull reads
/// one consistent snapshot. The cursor check allows positions up to the stored sequence number,
/// as the writing path allows them below the number it takes.
async fn answer_unwritten(
    connection: &mut sqlx::AnyConnection,
    user_id: Uuid,
    request: &IncomingRequest,
    state: &ReadState,
) -> Result<SyncOutcome> {
    let position = Position::decode(request.cursor.as_deref(), user_id, state.change_seq + 1);
    let (records, position, more) = pull(connection, user_id, position).await?;
    Ok(SyncOutcome {
        last_mid: u64::try_from(state.last_mid).unwrap_or(0),
        cursor: position.encode(user_id),
        records,
        rejected: Vec::new(),
        more,
    })
}

/// Applies the request's new mutations and pulls, in one transaction that holds SQLite's write
/// lock from its start. A request whose mutations were all applied before (a retry) writes nothing
/// after all, and its commit then has nothing to sync to disk.
async fn sync_writing(
    db: &Db,
    user_id: Uuid,
    request: IncomingRequest,
    now: DateTime<Utc>,
) -> Result<SyncOutcome> {
    let now_millis = store::to_millis(now);
    let mut transaction = db.begin_write().await?;
    let state = sync_clients::read_state(&mut *transaction, user_id, request.client_id).await?;
    if !needs_write(&request, &state, now) {
        let outcome = answer_unwritten(&mut transaction, user_id, &request, &state).await?;
        transaction.commit().await?;
        return Ok(outcome);
    }
    let seq = sync_clients::next_change_seq(&mut *transaction, user_id, now_millis).await?;
    // Read again now that the user's row is locked: on PostgreSQL `state` was read before the lock,
    // and a concurrent request of the same client may have applied mutations since. (Answering
    // from `state` above is safe either way: what it saw applied was committed.)
    let stored_last_mid =
        sync_clients::last_mid(&mut *transaction, user_id, request.client_id).await?;
    let mut last_mid = u64::try_from(stored_last_mid).unwrap_or(0);

    let pending: Vec<_> = request
        .mutations
        .into_iter()
        .filter(|mutation| mutation.mid > last_mid)
        .collect();
    let mut applier = Applier::load(&mut transaction, user_id, seq, now, &pending).await?;
    let mut rejected = Vec::new();
    for mutation in &pending {
        if let Err(rejection) = applier.apply(&mut transaction, mutation).await? {
            rejected.push(rejection);
        }
        last_mid = mutation.mid;
    }
    if !pending.is_empty() {
        let last_mid_stored = i64::try_from(last_mid).unwrap_or(i64::MAX);
        sync_clients::save(
            &mut *transaction,
            user_id,
            request.client_id,
            last_mid_stored,
            now_millis,
        )
        .await?;
    }

    let position = Position::decode(request.cursor.as_deref(), user_id, seq);
    let (records, position, more) = pull(&mut transaction, user_id, position).await?;
    transaction.commit().await?;
    crate::metrics::sync_mutations(pending.len() - rejected.len(), rejected.len());
    Ok(SyncOutcome {
        last_mid,
        cursor: position.encode(user_id),
        records,
        rejected,
        more,
    })
}

/// The records after `position`, at most [`MAX_RECORDS_PER_RESPONSE`], the position after them,
/// and whether more remain.
async fn pull(
    connection: &mut sqlx::AnyConnection,
    user_id: Uuid,
    position: Position,
) -> Result<(Vec<WireRecord>, Position, bool)> {
    let limit = i64::try_from(MAX_RECORDS_PER_RESPONSE).unwrap_or(i64::MAX) + 1;
    let mut changed = records::changed_after(
        connection,
        user_id,
        position.after_seq,
        &position.after_id,
        limit,
    )
    .await?;
    let more = changed.len() > MAX_RECORDS_PER_RESPONSE;
    changed.truncate(MAX_RECORDS_PER_RESPONSE);
    let position = match changed.last() {
        Some(last) => Position {
            after_seq: last.updated_seq,
            after_id: last.record.id.to_string(),
        },
        None => position,
    };
    let records = changed
        .iter()
        .map(|changed| changed.record.to_wire())
        .collect();
    Ok((records, position, more))
}
