//! Login attempts and the lockouts they cause (the policy is in [`crate::api::throttle`]).
//!
//! Every function here runs inside the caller's writing transaction, after
//! [`crate::db::Db::lock_keys`] has serialised the transactions of the same username and address:
//! the counts read are then the counts the insert or update that follows is judged by.

use sqlx::{Any, Executor, Row};

use crate::Result;

/// What the throttle needs to know before admitting an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The latest end (milliseconds) of a lockout of the username or of the address, if any row
    /// holds one (it may be over).
    pub locked_until: Option<i64>,
    /// Attempts counted for the username (failed or still being judged) after the window start.
    pub by_username: i64,
    /// The same for the address.
    pub by_address: i64,
}

/// The lockouts and counts of `username_key` and `address`; attempts count after `since`.
/// `failed_only` counts failures alone (when a failure is judged against the limits), else the
/// attempts still being judged too (when a new one is admitted).
pub async fn standing<'c>(
    executor: impl Executor<'c, Database = Any>,
    username_key: &str,
    address: &str,
    since: i64,
    failed_only: bool,
) -> Result<Standing> {
    let row = sqlx::query(
        "SELECT \
           (SELECT MAX(username_locked_until) FROM login_attempts WHERE username_key = $1) \
             AS username_until, \
           (SELECT MAX(address_locked_until) FROM login_attempts WHERE address = $2) \
             AS address_until, \
           (SELECT COUNT(*) FROM login_attempts \
             WHERE username_key = $1 AND attempted_at > $3 AND failed >= $4) AS by_username, \
           (SELECT COUNT(*) FROM login_attempts \
             WHERE address = $2 AND attempted_at > $3 AND failed >= $4) AS by_address",
    )
    .bind(username_key)
    .bind(address)
    .bind(since)
    .bind(i64::from(failed_only))
    .fetch_one(executor)
    .await?;
    let username_until: Option<i64> = row.try_get("username_until")?;
    let address_until: Option<i64> = row.try_get("address_until")?;
    Ok(Standing {
        locked_until: username_until.max(address_until),
        by_username: row.try_get("by_username")?,
        by_address: row.try_get("by_address")?,
    })
}

/// Records an attempt that is about to be judged.
pub async fn insert_pending<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: &str,
    username_key: &str,
    address: &str,
    attempted_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (id, username_key, address, attempted_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(username_key)
    .bind(address)
    .bind(attempted_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// Marks the attempt `id` as failed.
pub async fn mark_failed<'c>(executor: impl Executor<'c, Database = Any>, id: &str) -> Result<()> {
    sqlx::query("UPDATE login_attempts SET failed = 1 WHERE id = $1")
        .bind(id)
        .execute(executor)
        .await?;
    Ok(())
}

/// Makes the failure `id` lock its username and/or its address until `until` (milliseconds).
pub async fn lock<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: &str,
    username_until: i64,
    address_until: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE login_attempts SET username_locked_until = $2, address_locked_until = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(username_until)
    .bind(address_until)
    .execute(executor)
    .await?;
    Ok(())
}

/// Forgets the attempt `id` (it succeeded, or it was never judged).
pub async fn delete<'c>(executor: impl Executor<'c, Database = Any>, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE id = $1")
        .bind(id)
        .execute(executor)
        .await?;
    Ok(())
}

/// Forgets the attempts at or before `before` whose lockouts (if any) ended at or before `now`.
pub async fn prune<'c>(
    executor: impl Executor<'c, Database = Any>,
    before: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM login_attempts WHERE attempted_at <= $1 \
         AND username_locked_until <= $2 AND address_locked_until <= $2",
    )
    .bind(before)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}
