//! Failed logins and the lockouts they cause (the policy is in [`crate::api::throttle`]).

use sqlx::{Any, AnyPool, Executor, Row};

use crate::Result;

/// What a lockout is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockScope {
    /// A username key (see [`crate::accounts::username_key`]).
    Username,
    /// A client address.
    Address,
}

impl LockScope {
    fn as_str(self) -> &'static str {
        match self {
            Self::Username => "username",
            Self::Address => "address",
        }
    }
}

/// The latest `locked_until` (milliseconds) of the lockouts on this username or this address
/// that are still in force at `now`, if any.
pub async fn active_lockout<'c>(
    executor: impl Executor<'c, Database = Any>,
    username_key: &str,
    address: &str,
    now: i64,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT MAX(locked_until) AS until FROM login_lockouts WHERE locked_until > $1 AND \
         ((scope = 'username' AND lock_key = $2) OR (scope = 'address' AND lock_key = $3))",
    )
    .bind(now)
    .bind(username_key)
    .bind(address)
    .fetch_one(executor)
    .await?;
    Ok(row.try_get::<Option<i64>, _>("until")?)
}

/// Records one failed login.
pub async fn insert_failure<'c>(
    executor: impl Executor<'c, Database = Any>,
    username_key: &str,
    address: &str,
    failed_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_failures (username_key, address, failed_at) VALUES ($1, $2, $3)",
    )
    .bind(username_key)
    .bind(address)
    .bind(failed_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// Failures for this username and from this address after `since` (exclusive).
pub async fn count_failures<'c>(
    executor: impl Executor<'c, Database = Any>,
    username_key: &str,
    address: &str,
    since: i64,
) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE username_key = $1 AND failed_at > $3) AS by_user, \
           (SELECT COUNT(*) FROM login_failures WHERE address = $2 AND failed_at > $3) AS by_address",
    )
    .bind(username_key)
    .bind(address)
    .bind(since)
    .fetch_one(executor)
    .await?;
    Ok((row.try_get("by_user")?, row.try_get("by_address")?))
}

/// Locks `key` until `until` (milliseconds), replacing an older lockout of it.
pub async fn lock<'c>(
    executor: impl Executor<'c, Database = Any>,
    scope: LockScope,
    key: &str,
    until: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_lockouts (scope, lock_key, locked_until) VALUES ($1, $2, $3) \
         ON CONFLICT (scope, lock_key) DO UPDATE SET locked_until = excluded.locked_until",
    )
    .bind(scope.as_str())
    .bind(key)
    .bind(until)
    .execute(executor)
    .await?;
    Ok(())
}

/// Forgets failures at or before `failures_before` and lockouts that ended at or before `now`.
pub async fn prune(pool: &AnyPool, failures_before: i64, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
        .bind(failures_before)
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM login_lockouts WHERE locked_until <= $1")
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}
