//! Erasing a service user (domain.md, Data lifecycle; api.md, "Erasing"): `POST /erase/contact`
//! and [`retention`] of ended relationships.
//!
//! # What erasing does to the database
//!
//! An erased record's row keeps its id, kind, owner and a new place in the change order; its
//! fields and private fields are emptied and it is marked `erased` (see [`store::erasure`]). So:
//!
//! - every device of the worker gets it, at its next sync, as `{"kind", "id", "fields": {},
//!   "deleted": true}`: the row's `updated_seq` is the erasing request's, after every cursor handed
//!   out before, and the row stays, so a device that was offline for a year gets it too (a pruned
//!   tombstone would leave that device holding the erased data for good);
//! - nothing of the content stays to count: the coordinator's summaries read the rows as they are
//!   now, with no cache on the server, so past weeks no longer count the erased logs;
//! - a write that arrives later for an erased id (an offline device's outbox), or that names an
//!   erased contact in `contact_id` (a log made offline before the device heard of the erasure), is
//!   dropped by the sync, which stores the written id as one more fieldless tombstone
//!   ([`crate::sync::apply`]): the erased person cannot come back through an old device.
//!
//! Which records go with a contact: the contact, every record of the worker whose `contact_id`
//! field names it (logs now, agenda items and any later kind that names a contact the same way),
//! and its share link. The tombstone is written with the server's hlc (`MILLIS:0000:server`).

pub mod retention;

use chrono::{DateTime, Utc};
use peerline_core::{Hlc, RecordKind, Stamped};
use uuid::Uuid;

use crate::{
    db::Db,
    store::{self, erasure, records},
    Error, Result,
};

/// The client id of the hlcs the server writes with (erasure, retention): the one devices
/// already use for the server's clock (`peerline_core::replica`).
pub const SERVER_CLIENT_ID: &str = "server";

/// The server's hlc at `now`.
pub fn server_hlc(now: DateTime<Utc>) -> Result<Hlc> {
    let millis = u64::try_from(store::to_millis(now)).unwrap_or(0);
    Hlc::new(millis, 0, SERVER_CLIENT_ID).ok_or_else(|| Error::Corrupt(format!("no hlc for {now}")))
}

/// The tombstone field of a record erased at `now`.
pub fn erased_tombstone(now: DateTime<Utc>) -> Result<Stamped<bool>> {
    Ok(Stamped::new(true, server_hlc(now)?))
}

/// The tombstone field of a record erased at `now`, as stored (`records.deleted_stamp`).
pub fn erased_stamp(now: DateTime<Utc>) -> Result<String> {
    serde_json::to_string(&erased_tombstone(now)?)
        .map_err(|error| Error::Corrupt(error.to_string()))
}

/// Erases worker `user_id`'s contact `contact_id` with everything that names it, at `now`.
/// `Ok(None)` if the worker has no contact with this id; `Ok(Some(n))` once erased, `n` the
/// records erased by this call (0 when it was erased before: erasing twice is harmless).
pub async fn erase_contact(
    db: &Db,
    user_id: Uuid,
    contact_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<u64>> {
    let mut transaction = db.begin_write().await?;
    // Taken first: it locks the worker's row, so no sync of theirs runs between the read and the
    // write below, and the tombstones get a sequence number above every cursor given out.
    let seq = erasure::next_change_seq(&mut *transaction, user_id).await?;
    let found = records::find_many(&mut transaction, &[contact_id]).await?;
    let contact = found
        .get(&contact_id)
        .filter(|owned| owned.user_id == user_id && owned.record.kind == RecordKind::Contact);
    let Some(contact) = contact else {
        return Ok(None);
    };
    if contact.erased {
        return Ok(Some(0));
    }
    let mut ids = vec![contact_id];
    ids.extend(
        erasure::records_naming_contacts(&mut *transaction, db.backend(), user_id)
            .await?
            .into_iter()
            .filter(|(_, named)| *named == contact_id)
            .map(|(id, _)| id),
    );
    let erased =
        erasure::erase_records(&mut transaction, user_id, &ids, seq, &erased_stamp(now)?).await?;
    erasure::delete_share_link(&mut *transaction, contact_id).await?;
    transaction.commit().await?;
    tracing::info!(user = %user_id, records = erased, "erased a contact");
    Ok(Some(erased))
}
