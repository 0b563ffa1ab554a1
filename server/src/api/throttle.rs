//! Login throttling, exactly as `api.md` puts it: after 5 failures for one username, or 20 from one
//! address, within 15 minutes, further attempts get 429 `too_many_attempts` for 15 minutes.
//!
//! The failures and lockouts live in the database, not in memory: they then survive a restart (a
//! crash or redeploy does not hand an attacker a fresh budget), and several server processes on one
//! PostgreSQL share them. The cost is a few small writes per *failed* login, which is nothing.
//! A lockout starts at the failure that reaches the threshold and lasts 15 minutes; attempts during
//! it are refused without checking the password and are not counted. A successful login does not
//! clear earlier failures (the contract counts failures, not streaks).

use chrono::{DateTime, Duration, Utc};

use crate::{
    api::error::ApiError,
    db::Db,
    store::{
        self,
        login_attempts::{self, LockScope},
    },
};

/// Failures for one username that lock it.
pub const MAX_FAILURES_PER_USERNAME: i64 = 5;
/// Failures from one address that lock it.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::minutes(15);
/// How long a lockout lasts.
pub const LOCKOUT: Duration = Duration::minutes(15);

/// 429 if this username or this address is locked out at `now`.
pub async fn ensure_not_locked(
    db: &Db,
    username_key: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let now_millis = store::to_millis(now);
    let until =
        login_attempts::active_lockout(db.pool(), username_key, address, now_millis).await?;
    match until {
        Some(until) => {
            let remaining_millis = u64::try_from(until - now_millis).unwrap_or(0);
            Err(ApiError::too_many_attempts(remaining_millis.div_ceil(1000)))
        }
        None => Ok(()),
    }
}

/// Records a failed login and locks the username or the address when it reaches its threshold.
pub async fn record_failure(
    db: &Db,
    username_key: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let now_millis = store::to_millis(now);
    let window_start = store::to_millis(now - WINDOW);
    login_attempts::prune(db.pool(), window_start, now_millis).await?;
    login_attempts::insert_failure(db.pool(), username_key, address, now_millis).await?;
    let (by_username, by_address) =
        login_attempts::count_failures(db.pool(), username_key, address, window_start).await?;
    let locked_until = store::to_millis(now + LOCKOUT);
    if by_username >= MAX_FAILURES_PER_USERNAME {
        login_attempts::lock(db.pool(), LockScope::Username, username_key, locked_until).await?;
    }
    if by_address >= MAX_FAILURES_PER_ADDRESS {
        login_attempts::lock(db.pool(), LockScope::Address, address, locked_until).await?;
    }
    Ok(())
}

/// Login throttling around one judgement of a secret other than a login's (an invite code, the
/// current password): 429 while `username_key` or `address` is locked out; a `None` verdict is
/// counted as one failed login. Errors of `judge` pass through uncounted.
pub async fn judged<T>(
    db: &Db,
    username_key: &str,
    address: &str,
    now: DateTime<Utc>,
    judge: impl std::future::Future<Output = Result<Option<T>, ApiError>>,
) -> Result<Option<T>, ApiError> {
    ensure_not_locked(db, username_key, address, now).await?;
    let verdict = judge.await?;
    if verdict.is_none() {
        record_failure(db, username_key, address, now).await?;
    }
    Ok(verdict)
}
