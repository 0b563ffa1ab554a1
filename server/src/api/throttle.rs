//! Throttling of password guesses, exactly as `api.md` puts it for login: after 5 failures for one
//! username, or 20 from one address, within 15 minutes, further attempts get 429
//! `too_many_attempts` for 15 minutes. Everything that judges a secret someone could guess
//! (login; a password change's current password; an invite code) goes through the one call
//! [`judged`].
//!
//! **Counted before judged.** An attempt is written down, in one transaction with the check that
//! there is room for it, *before* its password is checked; judging it then decides what the row
//! becomes (a failure stays, a success or an attempt that was never judged is deleted). So 40
//! wrong passwords sent at once get 5 judgements and 35 refusals, not 40 judgements: the
//! transaction is serialised with every other one about the same username or address by
//! [`Db::lock_keys`], in this process and in any other server on the same database, SQLite or
//! PostgreSQL. Attempts still being judged count against the limits like failures (a success then
//! frees its place); only failures start a lockout.
//!
//! The attempts live in the database, not in memory: they survive a restart (a crash or redeploy
//! does not hand an attacker a fresh budget) and several servers share them. The cost is a few
//! small writes per attempt. A lockout starts at the failure that reaches a limit and lasts 15
//! minutes; attempts during it are refused without judging and are not counted. A successful
//! login does not clear earlier failures (the contract counts failures, not streaks).

use std::future::Future;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::{
    api::{client_address::ClientAddress, error::ApiError},
    db::Db,
    store::{self, login_attempts},
};

/// Failures for one username that lock it.
pub const MAX_FAILURES_PER_USERNAME: i64 = 5;
/// Failures from one address that lock it.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::minutes(15);
/// How long a lockout lasts.
pub const LOCKOUT: Duration = Duration::minutes(15);
/// What `Retry-After` says when the limits are full of attempts still being judged (they are
/// settled within a second or two).
const RETRY_WHILE_JUDGING_SECONDS: u64 = 2;

/// Counts an attempt on `username_key` from `address`, then runs `judge` if there was room for it
/// and settles the attempt by what `judge` says:
///
/// - `Ok(Some(value))`: a success; the attempt is forgotten and `Ok(Some(value))` returned.
/// - `Ok(None)`: a failure; it stays counted (and may start a lockout), `Ok(None)` is returned
///   for the caller to answer with its own error (`invalid_credentials`, `invite_not_found`...).
/// - `Err(error)`: not judged (the database failed, or password hashing was busy); the attempt is
///   forgotten and the error returned.
///
/// With no room (a lockout, or the limits full) `judge` is never run and the answer is 429
/// `too_many_attempts` with `Retry-After`. Use a username key ([`crate::accounts::username_key`])
/// as `username_key` for logins and password changes, so they share one budget.
pub async fn judged<T>(
    db: &Db,
    username_key: &str,
    address: &ClientAddress,
    now: DateTime<Utc>,
    judge: impl Future<Output = Result<Option<T>, ApiError>>,
) -> Result<Option<T>, ApiError> {
    let attempt = admit(db, username_key, address.as_str(), now).await?;
    match judge.await {
        Ok(Some(value)) => {
            forget(db, &attempt).await?;
            Ok(Some(value))
        }
        Ok(None) => {
            record_failure(db, &attempt, now).await?;
            Ok(None)
        }
        Err(error) => {
            forget(db, &attempt).await?;
            Err(error)
        }
    }
}

/// An attempt that was counted and waits to be judged.
#[derive(Debug)]
struct Attempt {
    id: String,
    username_key: String,
    address: String,
}

/// Counts the attempt if there is room for it; 429 otherwise.
async fn admit(
    db: &Db,
    username_key: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, ApiError> {
    let now_millis = store::to_millis(now);
    let window_start = store::to_millis(now - WINDOW);
    let mut transaction = db.begin_write().await?;
    db.lock_keys(&mut transaction, &lock_keys(username_key, address))
        .await?;
    login_attempts::prune(&mut *transaction, window_start, now_millis).await?;
    let standing = login_attempts::standing(
        &mut *transaction,
        username_key,
        address,
        window_start,
        false,
    )
    .await?;
    if let Some(until) = standing.locked_until.filter(|until| *until > now_millis) {
        transaction.commit().await?;
        let remaining_millis = u64::try_from(until - now_millis).unwrap_or(0);
        return Err(ApiError::too_many_attempts(remaining_millis.div_ceil(1000)));
    }
    if standing.by_username >= MAX_FAILURES_PER_USERNAME
        || standing.by_address >= MAX_FAILURES_PER_ADDRESS
    {
        transaction.commit().await?;
        return Err(ApiError::too_many_attempts(RETRY_WHILE_JUDGING_SECONDS));
    }
    let attempt = Attempt {
        id: Uuid::new_v4().to_string(),
        username_key: username_key.to_owned(),
        address: address.to_owned(),
    };
    login_attempts::insert_pending(
        &mut *transaction,
        &attempt.id,
        username_key,
        address,
        now_millis,
    )
    .await?;
    transaction.commit().await?;
    Ok(attempt)
}

/// Keeps the attempt as a failure and locks the username or the address when it reaches its limit.
async fn record_failure(db: &Db, attempt: &Attempt, now: DateTime<Utc>) -> Result<(), ApiError> {
    let window_start = store::to_millis(now - WINDOW);
    let mut transaction = db.begin_write().await?;
    db.lock_keys(
        &mut transaction,
        &lock_keys(&attempt.username_key, &attempt.address),
    )
    .await?;
    login_attempts::mark_failed(&mut *transaction, &attempt.id).await?;
    let failures = login_attempts::standing(
        &mut *transaction,
        &attempt.username_key,
        &attempt.address,
        window_start,
        true,
    )
    .await?;
    let locked_until = store::to_millis(now + LOCKOUT);
    let until_if = |reached: bool| if reached { locked_until } else { 0 };
    let username_until = until_if(failures.by_username >= MAX_FAILURES_PER_USERNAME);
    let address_until = until_if(failures.by_address >= MAX_FAILURES_PER_ADDRESS);
    if username_until > 0 || address_until > 0 {
        login_attempts::lock(
            &mut *transaction,
            &attempt.id,
            username_until,
            address_until,
        )
        .await?;
    }
    Ok(transaction.commit().await?)
}

/// Forgets an attempt that succeeded or was not judged.
async fn forget(db: &Db, attempt: &Attempt) -> Result<(), ApiError> {
    let mut transaction = db.begin_write().await?;
    login_attempts::delete(&mut *transaction, &attempt.id).await?;
    Ok(transaction.commit().await?)
}

/// The keys that serialise the throttle's transactions: the username's and the address's.
fn lock_keys(username_key: &str, address: &str) -> [String; 2] {
    [
        format!("login-throttle:username:{username_key}"),
        format!("login-throttle:address:{address}"),
    ]
}
