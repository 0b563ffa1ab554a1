//! Per-user change sequence and per-(user, client) sync state.

use sqlx::{Any, Executor, Row};
use uuid::Uuid;

use crate::Result;

/// Takes the user's next change sequence number and records the sync time. Being an UPDATE of
/// the user's row, it also locks that row until the transaction ends, so two syncs of one user
/// (from two devices) run one after the other; on SQLite it takes the write lock up front, so the
/// transaction never has to upgrade a read lock (which could fail under contention).
pub async fn next_change_seq<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    now: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE users SET change_seq = change_seq + 1, last_sync_at = $1 WHERE id = $2 \
         RETURNING change_seq",
    )
    .bind(now)
    .bind(user_id.to_string())
    .fetch_one(executor)
    .await?;
    Ok(row.try_get("change_seq")?)
}

/// The last mid applied for this client (0 for a new client).
pub async fn last_mid<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    client_id: Uuid,
) -> Result<i64> {
    let row =
        sqlx::query("SELECT last_mid FROM sync_clients WHERE user_id = $1 AND client_id = $2")
            .bind(user_id.to_string())
            .bind(client_id.to_string())
            .fetch_optional(executor)
            .await?;
    Ok(match row {
        Some(row) => row.try_get("last_mid")?,
        None => 0,
    })
}

/// Stores the client's last applied mid and sync time.
pub async fn save<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    client_id: Uuid,
    last_mid: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_clients (user_id, client_id, last_mid, last_sync_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, client_id) \
         DO UPDATE SET last_mid = excluded.last_mid, last_sync_at = excluded.last_sync_at",
    )
    .bind(user_id.to_string())
    .bind(client_id.to_string())
    .bind(last_mid)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}
