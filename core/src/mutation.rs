//! Mutations (api.md, Sync): the unit a device writes and the server applies. Applying one is: check
//! each field on its own, merge it into the stored record (per-field last-writer-wins), then check
//! the merged record as a whole.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{excerpt, Error, Result, MAX_CLOCK_SKEW_MS};
use crate::hlc::Hlc;
use crate::kind::RecordKind;
use crate::records::AnyRecord;
use crate::schema::check_field;
use crate::stored::{merge, StoredRecord, WireRecord};

/// One write of a device: the fields it sets and, optionally, the tombstone, all stamped with `hlc`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    /// The device's counter, strictly increasing per (user, client_id); the server skips mids it
    /// has applied.
    pub mid: u64,
    pub kind: RecordKind,
    pub id: Uuid,
    pub hlc: Hlc,
    #[serde(default)]
    pub set: Map<String, Value>,
    /// `true` deletes, a later `false` undeletes; ordinary edits leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl Mutation {
    /// Reads one mutation of a sync request, with the api.md code for what is wrong: `unknown_kind`,
    /// `invalid_hlc`, `invalid_field` (a bad `id` or `deleted`), `invalid_request` (no `mid`, `set`
    /// not an object). Field values are not checked here; see [`Mutation::check_fields`].
    pub fn from_json(value: &Value) -> Result<Mutation> {
        let object = value
            .as_object()
            .ok_or_else(|| Error::InvalidRequest("a mutation must be an object".into()))?;
        let mid = object
            .get("mid")
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::InvalidRequest("`mid` must be a whole number >= 0".into()))?;
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        let kind = text("kind")
            .ok_or_else(|| Error::UnknownKind(String::new()))?
            .parse()?;
        let id = text("id")
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or_else(|| Error::invalid("id", "must be a UUID"))?;
        let hlc = match object.get("hlc") {
            Some(Value::String(hlc)) => hlc.parse()?,
            other => {
                return Err(Error::InvalidHlc(excerpt(
                    &other.map(Value::to_string).unwrap_or_default(),
                )))
            }
        };
        let set = match object.get("set") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(set)) => set.clone(),
            Some(_) => return Err(Error::InvalidRequest("`set` must be an object".into())),
        };
        let deleted = match object.get("deleted") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(deleted)) => Some(*deleted),
            Some(_) => return Err(Error::invalid("deleted", "must be true or false")),
        };
        Ok(Mutation {
            mid,
            kind,
            id,
            hlc,
            set,
            deleted,
        })
    }

    /// Checks every field of `set` on its own (`unknown_field`, `invalid_field`).
    pub fn check_fields(&self) -> Result<()> {
        self.set
            .iter()
            .try_for_each(|(name, value)| check_field(self.kind, name, value))
    }

    /// The writes of this mutation as a record of their own, ready to merge.
    pub fn to_record(&self) -> StoredRecord {
        let mut record = StoredRecord::new(self.kind, self.id);
        for (name, value) in &self.set {
            record.write_field(name, value.clone(), &self.hlc);
        }
        if let Some(deleted) = self.deleted {
            record.write_deleted(deleted, &self.hlc);
        }
        record
    }
}

/// Applies `mutation` to the stored record (`None`: not stored yet) and returns the merged record,
/// or the reason to reject the mutation whole ([`check_write`], with the server's clock as `now`).
/// Applying the same mutation twice gives the same record.
pub fn apply(
    stored: Option<&StoredRecord>,
    mutation: &Mutation,
    now: DateTime<Utc>,
) -> Result<StoredRecord> {
    let writes = mutation.to_record();
    let merged = match stored.filter(|stored| stored.kind == mutation.kind) {
        Some(stored) => merge(stored, &writes)?,
        None => writes,
    };
    check_write(
        stored.map(|stored| stored.kind),
        mutation,
        &merged.to_wire(),
        now,
    )?;
    Ok(merged)
}

/// The one check of a write, wherever it is made: the server's [`apply`] and a device's
/// [`crate::Replica::write`] (so the app) both call it, so a phone refuses exactly what the server
/// would. `before` is the kind of the record the write lands on (`None`: a new record), `merged`
/// the record with the write laid on it, `now` the checker's clock. The rules, in order:
///
/// - a record keeps its kind;
/// - each field of `set` on its own (`unknown_field`, `invalid_field`);
/// - the merged record as a whole, unless it is a tombstone (a tombstone needs no valid content,
///   and checking it would make deleting a record that was never complete impossible), and a
///   log's `at` at most 10 minutes after `now` (api.md's clock skew);
/// - share links are for service users only: a write that sets a `share_token` on a contact whose
///   role, once merged, is another (a colleague, the coordinator) is refused. A later change of
///   role is accepted, and the link then stops working ([`crate::share_response`] answers only
///   for service users): refusing it would leave the worker unable to correct a contact's role.
pub fn check_write(
    before: Option<RecordKind>,
    mutation: &Mutation,
    merged: &WireRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(kind) = before.filter(|kind| *kind != mutation.kind) {
        return Err(Error::invalid(
            "kind",
            format!(
                "record {} is a {kind}, not a {}",
                mutation.id, mutation.kind
            ),
        ));
    }
    mutation.check_fields()?;
    if !merged.deleted {
        if let AnyRecord::Log(log) = merged.decode()? {
            let latest = now + Duration::milliseconds(MAX_CLOCK_SKEW_MS as i64);
            if log.at > latest {
                return Err(Error::invalid(
                    "at",
                    "must not be more than 10 minutes in the future",
                ));
            }
        }
    }
    let sets_token = matches!(mutation.set.get("share_token"), Some(Value::String(_)));
    let service_user = match merged.fields.get("role") {
        None | Some(Value::Null) => true,
        Some(role) => role == "service_user",
    };
    if mutation.kind == RecordKind::Contact && sets_token && !service_user {
        return Err(Error::invalid(
            "share_token",
            "only a service user's contact can have a share link",
        ));
    }
    Ok(())
}

impl WireRecord {
    /// Lays a device's pending mutation over a record received from the server (api.md: the client
    /// "re-applies its still-pending mutations on top"). Pending writes win here because the server
    /// has not seen them yet; the server decides by hlc when they arrive.
    pub fn overlay(&mut self, mutation: &Mutation) {
        if mutation.kind != self.kind || mutation.id != self.id {
            return;
        }
        for (name, value) in &mutation.set {
            self.fields.insert(name.clone(), value.clone());
        }
        if let Some(deleted) = mutation.deleted {
            self.deleted = deleted;
        }
    }

    /// A record that exists only as pending mutations on this device.
    pub fn from_mutation(mutation: &Mutation) -> WireRecord {
        let mut record = WireRecord {
            kind: mutation.kind,
            id: mutation.id,
            fields: Map::new(),
            deleted: false,
        };
        record.overlay(mutation);
        record
    }
}
