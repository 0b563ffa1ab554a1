//! Synced records, stored in peerline-core's merge form ([`StoredRecord`]), and the share-token
//! index. Private fields are split into their own column on the way in and joined on the way out.

use std::collections::{BTreeMap, HashMap};

use peerline_core::{RecordKind, Stamped, StoredRecord};
use serde_json::Value;
use sqlx::{any::AnyRow, Any, Executor, Row};
use uuid::Uuid;

use crate::{Error, Result};

/// The fields `domain.md` calls private (Private fields): synced to the worker's own devices only.
///
/// peerline-core's schema does not mark them yet; this list is the domain.md sentence, verbatim.
pub const PRIVATE_FIELDS: [&str; 3] = ["notes", "note", "share_token"];

/// Whether `field` is private.
pub fn is_private(field: &str) -> bool {
    PRIVATE_FIELDS.contains(&field)
}

/// A stored record and its owner.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedRecord {
    /// The worker the record belongs to.
    pub user_id: Uuid,
    /// The record.
    pub record: StoredRecord,
    /// Whether it was erased: then `record` is a fieldless tombstone, and writes to it are dropped.
    pub erased: bool,
}

/// A record as the pull reads it, with its position in the change order.
#[derive(Debug, Clone)]
pub struct ChangedRecord {
    /// The record.
    pub record: StoredRecord,
    /// The sequence number of the request that last changed it.
    pub updated_seq: i64,
}

const COLUMNS: &str =
    "id, user_id, kind, fields, private_fields, deleted_stamp, updated_seq, erased";

/// How many ids one `IN (...)` lists (well below both backends' parameter limits).
const IDS_PER_QUERY: usize = 500;

/// The records with these ids, whoever owns them.
pub async fn find_many(
    connection: &mut sqlx::AnyConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, OwnedRecord>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM records WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(id.to_string());
        }
        for row in query.fetch_all(&mut *connection).await? {
            let (owned, _) = owned_from_row(&row)?;
            found.insert(owned.record.id, owned);
        }
    }
    Ok(found)
}

/// Inserts or replaces `record` for `user_id`. Returns false, writing nothing, if the id belongs
/// to another user (the guard holds even when two users race to create the same id).
pub async fn upsert<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    record: &StoredRecord,
    occurred_at: Option<i64>,
    updated_seq: i64,
) -> Result<bool> {
    let (public, private) = split_fields(record)?;
    let deleted_stamp = record
        .deleted
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|error| Error::Corrupt(error.to_string()))?;
    let result = sqlx::query(
        "INSERT INTO records (id, user_id, kind, fields, private_fields, deleted_stamp, deleted, \
         occurred_at, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (id) DO UPDATE SET fields = excluded.fields, \
         private_fields = excluded.private_fields, deleted_stamp = excluded.deleted_stamp, \
         deleted = excluded.deleted, occurred_at = excluded.occurred_at, \
         updated_seq = excluded.updated_seq \
         WHERE records.user_id = excluded.user_id AND records.kind = excluded.kind",
    )
    .bind(record.id.to_string())
    .bind(user_id.to_string())
    .bind(record.kind.as_str())
    .bind(public)
    .bind(private)
    .bind(deleted_stamp)
    .bind(i64::from(record.is_deleted()))
    .bind(occurred_at)
    .bind(updated_seq)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Up to `limit` records of `user_id` after position (`after_seq`, `after_id`) in
/// (updated_seq, id) order.
pub async fn changed_after<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    after_seq: i64,
    after_id: &str,
    limit: i64,
) -> Result<Vec<ChangedRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM records WHERE user_id = $1 AND (updated_seq, id) > ($2, $3) \
         ORDER BY updated_seq, id LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id.to_string())
        .bind(after_seq)
        .bind(after_id)
        .bind(limit)
        .fetch_all(executor)
        .await?;
    rows.iter()
        .map(|row| {
            let (owned, updated_seq) = owned_from_row(row)?;
            Ok(ChangedRecord {
                record: owned.record,
                updated_seq,
            })
        })
        .collect()
}

/// Every record of `kind` that is not erased, whoever owns it (for retention: contacts are some
/// dozens per worker).
pub async fn unerased_of_kind<'c>(
    executor: impl Executor<'c, Database = Any>,
    kind: RecordKind,
) -> Result<Vec<OwnedRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM records WHERE kind = $1 AND erased = 0");
    let rows = sqlx::query(&sql)
        .bind(kind.as_str())
        .fetch_all(executor)
        .await?;
    rows.iter()
        .map(|row| owned_from_row(row).map(|(owned, _)| owned))
        .collect()
}

/// Points the share link of `contact_id` at `token_hash` (or at nothing). A hash already taken by
/// another contact is left with it.
pub async fn set_share_token(
    connection: &mut sqlx::AnyConnection,
    user_id: Uuid,
    contact_id: Uuid,
    token_hash: Option<&str>,
) -> Result<()> {
    sqlx::query("DELETE FROM share_tokens WHERE contact_id = $1")
        .bind(contact_id.to_string())
        .execute(&mut *connection)
        .await?;
    if let Some(token_hash) = token_hash {
        sqlx::query(
            "INSERT INTO share_tokens (token_hash, contact_id, user_id) VALUES ($1, $2, $3) \
             ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(token_hash)
        .bind(contact_id.to_string())
        .bind(user_id.to_string())
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

/// (public fields JSON, private fields JSON) of a record.
fn split_fields(record: &StoredRecord) -> Result<(String, String)> {
    let (private, public): (BTreeMap<_, _>, BTreeMap<_, _>) =
        record.fields.iter().partition(|(name, _)| is_private(name));
    let encode = |map: &BTreeMap<&String, &Stamped<Value>>| {
        serde_json::to_string(map).map_err(|error| Error::Corrupt(error.to_string()))
    };
    Ok((encode(&public)?, encode(&private)?))
}

fn owned_from_row(row: &AnyRow) -> Result<(OwnedRecord, i64)> {
    let corrupt = |what: &str| Error::Corrupt(format!("record {what}"));
    let id: String = row.try_get("id")?;
    let user_id: String = row.try_get("user_id")?;
    let kind: String = row.try_get("kind")?;
    let decode_fields = |column: &str| -> Result<BTreeMap<String, Stamped<Value>>> {
        let text: String = row.try_get(column)?;
        serde_json::from_str(&text).map_err(|_| corrupt("fields"))
    };
    let mut fields = decode_fields("fields")?;
    fields.extend(decode_fields("private_fields")?);
    let deleted = row
        .try_get::<Option<String>, _>("deleted_stamp")?
        .map(|text| serde_json::from_str(&text).map_err(|_| corrupt("tombstone")))
        .transpose()?;
    let record = StoredRecord {
        kind: kind.parse().map_err(|_| corrupt("kind"))?,
        id: id.parse().map_err(|_| corrupt("id"))?,
        fields,
        deleted,
    };
    let owned = OwnedRecord {
        user_id: user_id.parse().map_err(|_| corrupt("owner"))?,
        record,
        erased: row.try_get::<i64, _>("erased")? != 0,
    };
    Ok((owned, row.try_get("updated_seq")?))
}
