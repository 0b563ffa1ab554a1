//! Applying the mutations of one sync request, in order, inside its transaction.
//!
//! Per mutation: peerline-core's parse result (`unknown_kind`, `invalid_hlc`, ...), the skew check
//! (`clock_skew`), ownership (`forbidden`: a record id owned by another worker, or a `profile` /
//! `availability` id other than the one derived from the caller's user id), peerline-core's
//! [`apply`](peerline_core::apply) (field checks, merge, whole-record checks), and the reference
//! check of the `contact_id` a log mutation writes. A record that the merge leaves unchanged (an old or repeated
//! write) is not written again, so it is not sent back as changed either.
//!
//! The records the request touches are read in one query up front and kept in a map that the
//! request's own writes update, so "a contact written earlier in the same request" is found.
//!
//! Erased records stay erased ([`crate::erase`]): a mutation of an erased id is dropped, and one
//! whose `contact_id` names an erased contact is dropped and its id stored as one more fieldless
//! tombstone. Both count as applied and are not reported in `rejected`: the worker erased the
//! person on purpose, and the device learns of it from the tombstones it pulls.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use peerline_core::{
    envelope::IncomingMutation, ids, AnyRecord, Mutation, RecordKind, StoredRecord,
};
use serde_json::Value;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::{
    erase,
    store::{
        self, erasure,
        records::{self, OwnedRecord},
    },
    sync::Rejection,
    tokens, Result,
};

/// Applies a request's mutations; holds the records they touch.
#[derive(Debug)]
pub struct Applier {
    user_id: Uuid,
    seq: i64,
    now: DateTime<Utc>,
    /// Records by id: `None` if known not to exist.
    known: HashMap<Uuid, Option<OwnedRecord>>,
}

type Outcome = std::result::Result<(), Rejection>;

impl Applier {
    /// Reads every record the mutations name (their ids, and the contacts their logs point to).
    pub async fn load(
        connection: &mut AnyConnection,
        user_id: Uuid,
        seq: i64,
        now: DateTime<Utc>,
        mutations: &[IncomingMutation],
    ) -> Result<Self> {
        let mut ids: Vec<Uuid> = mutations
            .iter()
            .filter_map(|mutation| mutation.parsed.as_ref().ok())
            .flat_map(|mutation| [Some(mutation.id), contact_id_named(mutation)])
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let found = records::find_many(connection, &ids).await?;
        let mut known: HashMap<Uuid, Option<OwnedRecord>> =
            ids.into_iter().map(|id| (id, None)).collect();
        for (id, owned) in found {
            known.insert(id, Some(owned));
        }
        Ok(Self {
            user_id,
            seq,
            now,
            known,
        })
    }

    /// Applies one mutation; the inner result is its rejection, if it is rejected.
    pub async fn apply(
        &mut self,
        connection: &mut AnyConnection,
        incoming: &IncomingMutation,
    ) -> Result<Outcome> {
        let reject = |code: &'static str, message: String| {
            Ok(Err(Rejection {
                mid: incoming.mid,
                code,
                message,
            }))
        };
        let mutation = match &incoming.parsed {
            Ok(mutation) => mutation,
            Err(error) => return reject(error.code(), error.to_string()),
        };
        let now_millis = u64::try_from(store::to_millis(self.now)).unwrap_or(0);
        if let Err(error) = mutation.hlc.check_skew(now_millis) {
            return reject(error.code(), error.to_string());
        }
        if let Some(message) = self.forbidden(mutation) {
            return reject("forbidden", message);
        }
        if self.is_erased(mutation.id) {
            return Ok(Ok(()));
        }
        if contact_id_named(mutation).is_some_and(|contact_id| self.is_erased(contact_id)) {
            self.write_erased(connection, mutation).await?;
            return Ok(Ok(()));
        }
        let stored = self.stored(mutation.id);
        let merged = match peerline_core::apply(stored.as_ref(), mutation, self.now) {
            Ok(merged) => merged,
            Err(error) => return reject(error.code(), error.to_string()),
        };
        let contact_id = contact_id_written(mutation);
        if let Some(contact_id) = contact_id {
            if !self.is_own_contact(contact_id) {
                return reject(
                    "invalid_field",
                    "`contact_id` must be one of your contacts, existing or written earlier in \
                     this request"
                        .to_owned(),
                );
            }
        }
        if stored.as_ref() == Some(&merged) {
            return Ok(Ok(()));
        }
        let occurred_at = occurred_at(&merged);
        if !records::upsert(
            &mut *connection,
            self.user_id,
            &merged,
            occurred_at,
            self.seq,
        )
        .await?
        {
            return reject("forbidden", owned_by_another().to_owned());
        }
        if merged.kind == RecordKind::Contact {
            self.update_share_link(connection, stored.as_ref(), &merged)
                .await?;
        }
        self.known.insert(
            merged.id,
            Some(OwnedRecord {
                user_id: self.user_id,
                record: merged,
                erased: false,
            }),
        );
        Ok(Ok(()))
    }

    /// Why the caller may not write this record id, if they may not.
    fn forbidden(&self, mutation: &Mutation) -> Option<String> {
        let derived = match mutation.kind {
            RecordKind::Profile => Some(ids::profile_id(self.user_id)),
            RecordKind::Availability => Some(ids::availability_id(self.user_id)),
            _ => None,
        };
        if derived.is_some_and(|derived| derived != mutation.id) {
            return Some(format!(
                "a {} id must be the one derived from your user id",
                mutation.kind
            ));
        }
        let owner = self.known.get(&mutation.id).and_then(Option::as_ref);
        owner
            .is_some_and(|owned| owned.user_id != self.user_id)
            .then(|| owned_by_another().to_owned())
    }

    /// The caller's stored record with this id (ownership is checked before).
    fn stored(&self, id: Uuid) -> Option<StoredRecord> {
        self.known
            .get(&id)
            .and_then(Option::as_ref)
            .map(|owned| owned.record.clone())
    }

    /// Whether `id` is an erased record of the caller.
    fn is_erased(&self, id: Uuid) -> bool {
        self.known
            .get(&id)
            .and_then(Option::as_ref)
            .is_some_and(|owned| owned.user_id == self.user_id && owned.erased)
    }

    /// Stores the mutation's record as an erased, fieldless tombstone (it names an erased
    /// contact), whatever it held before.
    async fn write_erased(
        &mut self,
        connection: &mut AnyConnection,
        mutation: &Mutation,
    ) -> Result<()> {
        erasure::write_erased(
            &mut *connection,
            self.user_id,
            mutation.kind.as_str(),
            mutation.id,
            self.seq,
            &erase::erased_stamp(self.now)?,
        )
        .await?;
        let mut tombstone = StoredRecord::new(mutation.kind, mutation.id);
        tombstone.deleted = Some(erase::erased_tombstone(self.now)?);
        self.known.insert(
            mutation.id,
            Some(OwnedRecord {
                user_id: self.user_id,
                record: tombstone,
                erased: true,
            }),
        );
        Ok(())
    }

    fn is_own_contact(&self, contact_id: Uuid) -> bool {
        self.known
            .get(&contact_id)
            .and_then(Option::as_ref)
            .is_some_and(|owned| {
                owned.user_id == self.user_id && owned.record.kind == RecordKind::Contact
            })
    }

    /// Keeps the share-token index in step with the contact's `share_token` (a deleted contact
    /// shares nothing). Only the hash is stored.
    async fn update_share_link(
        &self,
        connection: &mut AnyConnection,
        before: Option<&StoredRecord>,
        after: &StoredRecord,
    ) -> Result<()> {
        let live_token = |record: &StoredRecord| {
            if record.is_deleted() {
                return None;
            }
            match record
                .fields
                .get("share_token")
                .map(|stamped| &stamped.value)
            {
                Some(Value::String(token)) => Some(tokens::token_hash(token)),
                _ => None,
            }
        };
        let (old, new) = (before.and_then(live_token), live_token(after));
        if old != new {
            records::set_share_token(connection, self.user_id, after.id, new.as_deref()).await?;
        }
        Ok(())
    }
}

fn owned_by_another() -> &'static str {
    "this record id belongs to another worker"
}

/// The `contact_id` a log mutation writes: it must name a contact of the caller. (A log's stored
/// `contact_id` was checked when it was written, so edits that leave it alone need no lookup.)
fn contact_id_written(mutation: &Mutation) -> Option<Uuid> {
    if mutation.kind != RecordKind::Log {
        return None;
    }
    mutation
        .set
        .get("contact_id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// The contact a mutation of any kind names in `contact_id`, if it writes one: a log's, an agenda
/// item's. Erasure drops writes that name an erased contact.
fn contact_id_named(mutation: &Mutation) -> Option<Uuid> {
    mutation
        .set
        .get("contact_id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// What a live merged record is indexed by in `records.occurred_at`: a log's `at`, so a week of
/// logs is an index range; a check-in's week ([`store::team::checkin_occurred_at`]), so the
/// coordinator summary finds one week's check-ins without reading two years of them. Other kinds
/// and deleted records have none.
fn occurred_at(record: &StoredRecord) -> Option<i64> {
    if !matches!(record.kind, RecordKind::Log | RecordKind::Checkin) || record.is_deleted() {
        return None;
    }
    match record.decode() {
        Ok(AnyRecord::Log(log)) => Some(store::to_millis(log.at)),
        Ok(AnyRecord::Checkin(checkin)) => Some(store::team::checkin_occurred_at(checkin.week)),
        _ => None,
    }
}
