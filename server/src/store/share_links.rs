//! The share page's reads: which contact a share-token hash points at, and the records of its
//! worker that reachability needs.
//!
//! These queries never read `records.private_fields`: the share endpoints cannot leak a note or a
//! token because they never hold one. Logs are read only from `logs_from` on (rule 4 counts the
//! current local day and ISO week), so a link stays cheap after two years of logs.

use std::collections::BTreeMap;

use peerline_core::{RecordKind, Stamped, WireRecord};
use serde_json::{Map, Value};
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

use crate::{Error, Result};

/// The contact a live share link shows, and its worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareTarget {
    /// The worker.
    pub user_id: Uuid,
    /// The service user's contact record.
    pub contact_id: Uuid,
}

/// The target of the link whose token hashes to `token_hash`, if the link is live.
pub async fn find_target<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<Option<ShareTarget>> {
    let row = sqlx::query("SELECT user_id, contact_id FROM share_tokens WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(executor)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = |column: &str| -> Result<Uuid> {
        let text: String = row.try_get(column)?;
        text.parse()
            .map_err(|_| Error::Corrupt(format!("share link {column}")))
    };
    Ok(Some(ShareTarget {
        user_id: id("user_id")?,
        contact_id: id("contact_id")?,
    }))
}

/// The worker's records in wire form, public fields only, with only the logs at or after
/// `logs_from` (milliseconds).
pub async fn worker_records<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    logs_from: i64,
) -> Result<Vec<WireRecord>> {
    let rows = sqlx::query(
        "SELECT id, kind, fields, CAST(deleted AS BIGINT) AS deleted FROM records \
         WHERE user_id = $1 AND (kind <> 'log' OR occurred_at >= $2)",
    )
    .bind(user_id.to_string())
    .bind(logs_from)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let corrupt = |what: &str| Error::Corrupt(format!("record {what}"));
            let id: String = row.try_get("id")?;
            let kind: String = row.try_get("kind")?;
            let fields: String = row.try_get("fields")?;
            let stamped: BTreeMap<String, Stamped<Value>> =
                serde_json::from_str(&fields).map_err(|_| corrupt("fields"))?;
            let fields: Map<String, Value> = stamped
                .into_iter()
                .map(|(name, stamped)| (name, stamped.value))
                .collect();
            Ok(WireRecord {
                kind: kind.parse::<RecordKind>().map_err(|_| corrupt("kind"))?,
                id: id.parse().map_err(|_| corrupt("id"))?,
                fields,
                deleted: row.try_get::<i64, _>("deleted")? != 0,
            })
        })
        .collect()
}
