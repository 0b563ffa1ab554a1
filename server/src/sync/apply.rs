//! Applying the mutations of one sync request, in order, inside its transaction.
//!
//! Per mutation: peerline-core's parse result (`unknown_kind`, `invalid_hlc`, ...), the skew check
//! (`clock_skew`), ownership (`forbidden`: a record id owned by another worker), peerline-core's
//! [`apply`](peerline_core::apply) (field checks, merge, whole-record checks, a share link only on
//! a service user), the derived ids (`forbidden`: a `profile`, `availability`, `date_override` or
//! `checkin` whose id is not the one peerline-core's [`ids::DERIVED_IDS`] derives from the
//! caller's user id and the record), and the check of the reference a mutation writes: a log's or
//! agenda item's `contact_id` (a contact of the caller), a cover request's `absence_id` (an
//! absence of the caller) and a cover offer's `request_id` (a colleague's request in the caller's
//! team; the rules are peerline-core's [`cover`](peerline_core::cover)), all `invalid_field` when
//! broken. A record that the merge leaves unchanged (an old or repeated write) is not written
//! again, so it is not sent back as changed either. A cover offer that comes to stand (accepted,
//! not deleted) gets its number in the order of receipt ([`store::cover`]).
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
    cover::{check_offer_request, check_request_absence, Referenced},
    envelope::IncomingMutation,
    ids, AnyRecord, Mutation, RecordKind, StoredRecord,
};
use serde_json::Value;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::{
    erase,
    store::{
        self,
        cover::OfferRow,
        erasure,
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
    /// The team of the caller and of the owners of the records named by `request_id`s.
    teams: HashMap<Uuid, Uuid>,
}

type Outcome = std::result::Result<(), Rejection>;

impl Applier {
    /// Reads every record the mutations name (their ids, and the records they refer to), and the
    /// teams a cover offer's check needs.
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
            .flat_map(|mutation| {
                [
                    Some(mutation.id),
                    reference_written(mutation).map(|(_, id)| id),
                    contact_id_named(mutation),
                ]
            })
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let found = records::find_many(connection, &ids).await?;
        let mut known: HashMap<Uuid, Option<OwnedRecord>> =
            ids.into_iter().map(|id| (id, None)).collect();
        // Only an offer's check needs teams: other syncs spend no query on them.
        let offers = mutations
            .iter()
            .filter_map(|mutation| mutation.parsed.as_ref().ok())
            .any(|mutation| mutation.kind == RecordKind::CoverOffer);
        let teams = if offers {
            let mut owners = vec![user_id];
            owners.extend(
                found
                    .values()
                    .filter(|owned| owned.record.kind == RecordKind::CoverRequest)
                    .map(|owned| owned.user_id),
            );
            owners.sort_unstable();
            owners.dedup();
            store::cover::teams_of(connection, &owners).await?
        } else {
            HashMap::new()
        };
        for (id, owned) in found {
            known.insert(id, Some(owned));
        }
        Ok(Self {
            user_id,
            seq,
            now,
            known,
            teams,
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
        if let Some(message) = self.not_derived(&merged) {
            return reject("forbidden", message);
        }
        if let Some((kind, target)) = reference_written(mutation) {
            if let Err(message) = self.check_reference(kind, target) {
                return reject("invalid_field", message);
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
        if merged.kind == RecordKind::CoverOffer {
            self.update_offer_receipt(connection, stored.as_ref(), &merged)
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

    /// Why the caller may not write this record id, if they may not: it is another worker's.
    fn forbidden(&self, mutation: &Mutation) -> Option<String> {
        let owner = self.known.get(&mutation.id).and_then(Option::as_ref);
        owner
            .is_some_and(|owned| owned.user_id != self.user_id)
            .then(|| owned_by_another().to_owned())
    }

    /// Why the merged record may not have its id, if its kind's ids are derived
    /// ([`ids::DERIVED_IDS`]) and this is not the one derived from the caller's user id and the
    /// record's own fields. Checked on the merged record, so an edit that leaves the naming field
    /// alone is checked too, and no worker can take the ids another worker will need.
    fn not_derived(&self, merged: &StoredRecord) -> Option<String> {
        let field = |name: &str| merged.fields.get(name).map(|stamped| &stamped.value);
        match ids::expected_id(merged.kind, self.user_id, field) {
            ids::ExpectedId::Any => None,
            ids::ExpectedId::Derived(id) if id == merged.id => None,
            ids::ExpectedId::Derived(_) => Some(format!(
                "a {} id must be the one derived from your user id",
                merged.kind
            )),
            ids::ExpectedId::Unnamed { field } => Some(format!(
                "a {} must have a valid `{field}`: its id is derived from it",
                merged.kind
            )),
        }
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

    /// The check of the reference a mutation of `kind` writes to `target`: the message of its
    /// rejection, if it breaks the rule.
    fn check_reference(&self, kind: RecordKind, target: Uuid) -> std::result::Result<(), String> {
        let referenced = self
            .known
            .get(&target)
            .and_then(Option::as_ref)
            .map(|owned| Referenced {
                kind: owned.record.kind,
                owner: owned.user_id,
                // A record of a user without a team cannot be: Uuid::nil() matches no team.
                team: self.teams.get(&owned.user_id).copied().unwrap_or_default(),
            });
        let team = self.teams.get(&self.user_id).copied().unwrap_or_default();
        let checked = match kind {
            RecordKind::CoverRequest => check_request_absence(self.user_id, referenced.as_ref()),
            RecordKind::CoverOffer => check_offer_request(self.user_id, team, referenced.as_ref()),
            _ => {
                let own_contact = referenced.is_some_and(|target| {
                    target.owner == self.user_id && target.kind == RecordKind::Contact
                });
                if own_contact {
                    Ok(())
                } else {
                    return Err(
                        "`contact_id` must be one of your contacts, existing or written \
                                earlier in this request"
                            .to_owned(),
                    );
                }
            }
        };
        checked.map_err(|error| error.to_string())
    }

    /// Keeps the offer's place in the order of receipt: a number taken when it comes to stand
    /// (or moves to another request), none while it does not stand.
    async fn update_offer_receipt(
        &self,
        connection: &mut AnyConnection,
        before: Option<&StoredRecord>,
        after: &StoredRecord,
    ) -> Result<()> {
        let (was, is) = (before.and_then(standing_request), standing_request(after));
        if was == is {
            return Ok(());
        }
        let row = match is {
            Some(request_id) => OfferRow {
                request_id,
                received_seq: Some(store::cover::take_receipt(&mut *connection).await?),
            },
            None => match was {
                Some(request_id) => OfferRow {
                    request_id,
                    received_seq: None,
                },
                None => return Ok(()),
            },
        };
        store::cover::save_offer(connection, after.id, self.user_id, row).await
    }

    /// Keeps the share-token index in step with the contact's `share_token` (a deleted contact,
    /// or one that is no longer a service user's, shares nothing). Only the hash is stored.
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
            match record.decode() {
                Ok(AnyRecord::Contact(contact)) if contact.is_service_user() => {
                    contact.share_token.as_deref().map(tokens::token_hash)
                }
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

/// The reference a mutation writes, with the mutation's kind: a log's or agenda item's
/// `contact_id`, a cover request's `absence_id`, a cover offer's `request_id`. (A stored reference
/// was checked when it was written, so edits that leave it alone need no lookup.)
fn reference_written(mutation: &Mutation) -> Option<(RecordKind, Uuid)> {
    let field = match mutation.kind {
        RecordKind::Log | RecordKind::AgendaItem => "contact_id",
        RecordKind::CoverRequest => "absence_id",
        RecordKind::CoverOffer => "request_id",
        _ => return None,
    };
    mutation
        .set
        .get(field)
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
        .map(|id| (mutation.kind, id))
}

/// The request a cover offer stands for: accepted, not deleted.
fn standing_request(record: &StoredRecord) -> Option<Uuid> {
    if record.is_deleted() {
        return None;
    }
    let value = |name: &str| record.fields.get(name).map(|stamped| &stamped.value);
    if value("accepted") != Some(&Value::Bool(true)) {
        return None;
    }
    value("request_id")
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
