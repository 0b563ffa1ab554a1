//! Invites: a row per pending (or expired, not yet pruned) invite, found by the SHA-256 of its
//! code. Accepting or withdrawing an invite deletes its row, so a code works once.

use sqlx::{any::AnyRow, Any, Executor, Row};
use uuid::Uuid;

use crate::{accounts::Role, Error, Result};

/// An invite as stored (never its code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRow {
    /// The invite's id.
    pub id: Uuid,
    /// The team the new account joins.
    pub team_id: Uuid,
    /// The new account's role.
    pub role: Role,
    /// The new account's display name.
    pub display_name: String,
    /// When it was made, milliseconds.
    pub created_at: i64,
    /// When its code stops working, milliseconds.
    pub expires_at: i64,
}

/// An invite to store.
#[derive(Debug)]
pub struct NewInvite<'a> {
    /// The stored fields.
    pub invite: &'a InviteRow,
    /// The SHA-256 (hex) of its code.
    pub code_hash: &'a str,
    /// The coordinator who made it; `None` on the command line.
    pub created_by: Option<Uuid>,
}

const COLUMNS: &str = "id, team_id, role, display_name, created_at, expires_at";

/// Stores a new invite.
pub async fn insert<'c>(
    executor: impl Executor<'c, Database = Any>,
    new: &NewInvite<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO invites (id, team_id, code_hash, role, display_name, created_by, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new.invite.id.to_string())
    .bind(new.invite.team_id.to_string())
    .bind(new.code_hash)
    .bind(new.invite.role.as_str())
    .bind(new.invite.display_name.as_str())
    .bind(new.created_by.map(|id| id.to_string()))
    .bind(new.invite.created_at)
    .bind(new.invite.expires_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// The team's invites still pending at `now`, oldest first.
pub async fn pending<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: Uuid,
    now: i64,
) -> Result<Vec<InviteRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invites WHERE team_id = $1 AND expires_at > $2 \
         ORDER BY created_at, id"
    );
    let rows = sqlx::query(&sql)
        .bind(team_id.to_string())
        .bind(now)
        .fetch_all(executor)
        .await?;
    rows.iter().map(invite_from_row).collect()
}

/// The invite whose code hashes to `code_hash`, if still pending at `now`.
pub async fn find_pending<'c>(
    executor: impl Executor<'c, Database = Any>,
    code_hash: &str,
    now: i64,
) -> Result<Option<InviteRow>> {
    let select = format!("SELECT {COLUMNS} FROM invites");
    by_code(executor, &select, "", code_hash, now).await
}

/// Deletes and returns the invite whose code hashes to `code_hash` if it is pending at `now`: of
/// two transactions accepting one code, only one gets it.
pub async fn take<'c>(
    executor: impl Executor<'c, Database = Any>,
    code_hash: &str,
    now: i64,
) -> Result<Option<InviteRow>> {
    let returning = format!("RETURNING {COLUMNS}");
    by_code(executor, "DELETE FROM invites", &returning, code_hash, now).await
}

/// `{head} WHERE` (the invite of this code, pending at `now`) `{tail}`: the one invite read, or
/// deleted and returned.
async fn by_code<'c>(
    executor: impl Executor<'c, Database = Any>,
    head: &str,
    tail: &str,
    code_hash: &str,
    now: i64,
) -> Result<Option<InviteRow>> {
    let sql = format!("{head} WHERE code_hash = $1 AND expires_at > $2 {tail}");
    let row = sqlx::query(&sql)
        .bind(code_hash)
        .bind(now)
        .fetch_optional(executor)
        .await?;
    row.map(|row| invite_from_row(&row)).transpose()
}

/// Deletes the team's pending invite `id` (a withdrawal) and returns it; `None` if the team has
/// no such pending invite.
pub async fn withdraw<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: Uuid,
    id: Uuid,
    now: i64,
) -> Result<Option<InviteRow>> {
    let sql = format!(
        "DELETE FROM invites WHERE team_id = $1 AND id = $2 AND expires_at > $3 \
         RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(team_id.to_string())
        .bind(id.to_string())
        .bind(now)
        .fetch_optional(executor)
        .await?;
    row.map(|row| invite_from_row(&row)).transpose()
}

/// Forgets invites that expired at or before `now` (their codes could not be used anyway).
pub async fn prune_expired<'c>(
    executor: impl Executor<'c, Database = Any>,
    now: i64,
) -> Result<u64> {
    let result = sqlx::query("DELETE FROM invites WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}

fn invite_from_row(row: &AnyRow) -> Result<InviteRow> {
    let corrupt = |what: &str| Error::Corrupt(format!("invite {what}"));
    let id: String = row.try_get("id")?;
    let team_id: String = row.try_get("team_id")?;
    let role: String = row.try_get("role")?;
    Ok(InviteRow {
        id: id.parse().map_err(|_| corrupt("id"))?,
        team_id: team_id.parse().map_err(|_| corrupt("team"))?,
        role: role.parse().map_err(|_| corrupt("role"))?,
        display_name: row.try_get("display_name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
    })
}
