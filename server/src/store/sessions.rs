//! Login sessions, keyed by the SHA-256 of the bearer token (see [`crate::tokens`]), and the
//! hashes of the tokens a deactivation ended (`disabled_tokens`).
//!
//! A session also has an `id` the user may see and send back (`DELETE /auth/sessions/{id}`): the
//! token hash never leaves the server.

use sqlx::{any::AnyRow, Any, Executor, Row};
use uuid::Uuid;

use crate::{accounts::User, store::users::user_from_row, Error, Result};

/// A session found by its token hash.
#[derive(Debug)]
pub struct SessionRow {
    /// Whose session it is.
    pub user: User,
    /// Whether that account is active.
    pub user_active: bool,
    /// When it started (login), milliseconds.
    pub created_at: i64,
    /// When it expires, milliseconds.
    pub expires_at: i64,
}

/// A session as its user sees it in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionListed {
    /// The session's id.
    pub id: Uuid,
    /// Its token hash (to tell the caller's own session; never sent).
    pub token_hash: String,
    /// When it started, milliseconds.
    pub created_at: i64,
    /// When it was last used, milliseconds (to the hour).
    pub last_used_at: i64,
    /// The `User-Agent` of the login, cut to 120 characters.
    pub user_agent: Option<String>,
}

/// A session to store.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// The session's id.
    pub id: Uuid,
    /// The SHA-256 (hex) of its token.
    pub token_hash: &'a str,
    /// Its user.
    pub user_id: Uuid,
    /// Login time, milliseconds (also its first use).
    pub created_at: i64,
    /// When it expires unless used, milliseconds.
    pub expires_at: i64,
    /// The `User-Agent` of the login, already cut.
    pub user_agent: Option<&'a str>,
}

/// Stores a new session.
pub async fn insert<'c>(
    executor: impl Executor<'c, Database = Any>,
    session: &NewSession<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_used_at, expires_at, \
         user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(session.id.to_string())
    .bind(session.token_hash)
    .bind(session.user_id.to_string())
    .bind(session.created_at)
    .bind(session.expires_at)
    .bind(session.user_agent)
    .execute(executor)
    .await?;
    Ok(())
}

/// The session with this token hash and its user, expired or not.
pub async fn find<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<Option<SessionRow>> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, u.team_id, u.active, s.created_at, \
         s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await?;
    row.map(|row| {
        Ok(SessionRow {
            user: user_from_row(&row)?,
            user_active: row.try_get::<i64, _>("active")? != 0,
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Records a use: the new expiry and the time of use.
pub async fn touch<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
    expires_at: i64,
    used_at: i64,
) -> Result<()> {
    sqlx::query("UPDATE sessions SET expires_at = $1, last_used_at = $2 WHERE token_hash = $3")
        .bind(expires_at)
        .bind(used_at)
        .bind(token_hash)
        .execute(executor)
        .await?;
    Ok(())
}

/// Deletes one session (logout).
pub async fn delete<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(executor)
        .await?;
    Ok(())
}

/// Deletes every session that expired before `now`.
pub async fn delete_expired<'c>(
    executor: impl Executor<'c, Database = Any>,
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await?;
    Ok(())
}

/// The user's sessions that have not expired at `now`, most recently used first.
pub async fn list_for_user<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    now: i64,
) -> Result<Vec<SessionListed>> {
    let rows = sqlx::query(
        "SELECT id, token_hash, created_at, last_used_at, user_agent FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_used_at DESC, id",
    )
    .bind(user_id.to_string())
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter().map(listed_from_row).collect()
}

fn listed_from_row(row: &AnyRow) -> Result<SessionListed> {
    let id: String = row.try_get("id")?;
    Ok(SessionListed {
        id: id
            .parse()
            .map_err(|_| Error::Corrupt(format!("bad session id {id:?}")))?,
        token_hash: row.try_get("token_hash")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        user_agent: row.try_get("user_agent")?,
    })
}

/// Deletes the user's session with this id; false if the user has none with it.
pub async fn delete_by_id<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    id: Uuid,
) -> Result<bool> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id = $2")
        .bind(user_id.to_string())
        .bind(id.to_string())
        .execute(executor)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Deletes every session of the user but the one with `keep_token_hash`; returns how many.
pub async fn delete_others<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    keep_token_hash: &str,
) -> Result<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id.to_string())
        .bind(keep_token_hash)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}

/// Deletes every session of the user; returns how many.
pub async fn delete_all<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
) -> Result<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}

/// Ends every session of the user as a deactivation does: their token hashes move to
/// `disabled_tokens`, so those tokens answer `account_disabled` from now on. Returns how many.
pub async fn disable_all(
    connection: &mut sqlx::AnyConnection,
    user_id: Uuid,
    now: i64,
) -> Result<u64> {
    sqlx::query(
        "INSERT INTO disabled_tokens (token_hash, user_id, disabled_at) \
         SELECT token_hash, user_id, $2 FROM sessions WHERE user_id = $1 \
         ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(user_id.to_string())
    .bind(now)
    .execute(&mut *connection)
    .await?;
    delete_all(&mut *connection, user_id).await
}

/// Whether this token was ended by a deactivation of its account.
pub async fn is_disabled<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
) -> Result<bool> {
    let row = sqlx::query("SELECT 1 AS found FROM disabled_tokens WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(executor)
        .await?;
    Ok(row.is_some())
}
