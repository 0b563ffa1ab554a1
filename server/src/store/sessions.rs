//! Login sessions, keyed by the SHA-256 of the bearer token (see [`crate::tokens`]).

use sqlx::{Any, Executor, Row};

use crate::{accounts::User, store::users::user_from_row, Result};

/// A session found by its token hash.
#[derive(Debug)]
pub struct SessionRow {
    /// Whose session it is.
    pub user: User,
    /// When it expires, milliseconds.
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn insert<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
    user_id: &str,
    created_at: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(created_at)
    .bind(expires_at)
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
        "SELECT u.id, u.username, u.display_name, u.role, u.team_id, s.expires_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await?;
    row.map(|row| {
        Ok(SessionRow {
            user: user_from_row(&row)?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Moves a session's expiry.
pub async fn set_expiry<'c>(
    executor: impl Executor<'c, Database = Any>,
    token_hash: &str,
    expires_at: i64,
) -> Result<()> {
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(expires_at)
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
