//! Teams and user accounts.

use sqlx::{any::AnyRow, Any, Executor, Row};

use crate::{
    accounts::{Role, User},
    Error, Result,
};

/// A user row together with the password hash, for login.
#[derive(Debug)]
pub struct UserWithPassword {
    /// The account.
    pub user: User,
    /// Its argon2id PHC string.
    pub password_hash: String,
    /// False once a coordinator (or the command line) deactivated it.
    pub active: bool,
}

/// A member of a team as the coordinator's member list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account.
    pub user: User,
    /// False once deactivated.
    pub active: bool,
    /// The last sync, milliseconds; `None` before the first.
    pub last_sync_at: Option<i64>,
    /// When the account was made, milliseconds.
    pub created_at: i64,
}

/// Inserts a team.
pub async fn insert_team<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: &str,
    name: &str,
    created_at: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(name)
        .bind(created_at)
        .execute(executor)
        .await?;
    Ok(())
}

/// The id of the first team called `name`, if any.
pub async fn team_id_by_name<'c>(
    executor: impl Executor<'c, Database = Any>,
    name: &str,
) -> Result<Option<String>> {
    let row = sqlx::query("SELECT id FROM teams WHERE name = $1 ORDER BY created_at LIMIT 1")
        .bind(name)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|row| row.get::<String, _>("id")))
}

/// The names of the teams not called `name`, in order of creation (at most `limit`).
pub async fn team_names_other_than<'c>(
    executor: impl Executor<'c, Database = Any>,
    name: &str,
    limit: i64,
) -> Result<Vec<String>> {
    let rows =
        sqlx::query("SELECT name FROM teams WHERE name <> $1 ORDER BY created_at, id LIMIT $2")
            .bind(name)
            .bind(limit)
            .fetch_all(executor)
            .await?;
    Ok(rows
        .iter()
        .map(|row| row.get::<String, _>("name"))
        .collect())
}

/// Whether a team with this id exists.
pub async fn team_exists<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<bool> {
    let row = sqlx::query("SELECT 1 AS found FROM teams WHERE id = $1")
        .bind(id)
        .fetch_optional(executor)
        .await?;
    Ok(row.is_some())
}

/// The fields of a new account row.
#[derive(Debug)]
pub struct NewUserRow<'a> {
    /// The new user's id.
    pub id: &'a str,
    /// The team.
    pub team_id: &'a str,
    /// The username as typed.
    pub username: &'a str,
    /// The username as matched (see [`crate::accounts::username_key`]).
    pub username_key: &'a str,
    /// The display name.
    pub display_name: &'a str,
    /// The role.
    pub role: Role,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// Creation time, milliseconds.
    pub created_at: i64,
}

/// Inserts a user; a taken username gives [`Error::Conflict`].
pub async fn insert_user<'c>(
    executor: impl Executor<'c, Database = Any>,
    row: &NewUserRow<'_>,
) -> Result<()> {
    let inserted = sqlx::query(
        "INSERT INTO users (id, team_id, username, username_key, display_name, role, password_hash, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username_key) DO NOTHING",
    )
    .bind(row.id)
    .bind(row.team_id)
    .bind(row.username)
    .bind(row.username_key)
    .bind(row.display_name)
    .bind(row.role.as_str())
    .bind(row.password_hash)
    .bind(row.created_at)
    .execute(executor)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(Error::Conflict(format!(
            "the username {:?} is taken",
            row.username
        )));
    }
    Ok(())
}

const USER_COLUMNS: &str = "id, username, display_name, role, team_id";

/// The account whose username matches `username_key`, with its password hash.
pub async fn user_for_login<'c>(
    executor: impl Executor<'c, Database = Any>,
    username_key: &str,
) -> Result<Option<UserWithPassword>> {
    let sql =
        format!("SELECT {USER_COLUMNS}, password_hash, active FROM users WHERE username_key = $1");
    let row = sqlx::query(&sql)
        .bind(username_key)
        .fetch_optional(executor)
        .await?;
    row.map(|row| with_password_from_row(&row)).transpose()
}

/// The account with this id, with its password hash.
pub async fn user_with_password<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: uuid::Uuid,
) -> Result<Option<UserWithPassword>> {
    let sql = format!("SELECT {USER_COLUMNS}, password_hash, active FROM users WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(executor)
        .await?;
    row.map(|row| with_password_from_row(&row)).transpose()
}

fn with_password_from_row(row: &AnyRow) -> Result<UserWithPassword> {
    Ok(UserWithPassword {
        user: user_from_row(row)?,
        password_hash: row.try_get("password_hash")?,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

/// Replaces the user's password hash.
pub async fn set_password_hash<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: uuid::Uuid,
    password_hash: &str,
) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

const MEMBER_COLUMNS: &str =
    "id, username, display_name, role, team_id, active, last_sync_at, created_at";

/// Every account of the team, by display name (then id) in code-point order.
pub async fn team_members<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: uuid::Uuid,
) -> Result<Vec<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM users WHERE team_id = $1");
    let rows = sqlx::query(&sql)
        .bind(team_id.to_string())
        .fetch_all(executor)
        .await?;
    let mut members = rows
        .iter()
        .map(member_from_row)
        .collect::<Result<Vec<_>>>()?;
    // Sorted here, not by ORDER BY: PostgreSQL's collation would order names unlike SQLite's.
    members
        .sort_by(|a, b| (&a.user.display_name, a.user.id).cmp(&(&b.user.display_name, b.user.id)));
    Ok(members)
}

/// The account `id` if it belongs to team `team_id`.
pub async fn team_member<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: uuid::Uuid,
    id: uuid::Uuid,
) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM users WHERE team_id = $1 AND id = $2");
    let row = sqlx::query(&sql)
        .bind(team_id.to_string())
        .bind(id.to_string())
        .fetch_optional(executor)
        .await?;
    row.map(|row| member_from_row(&row)).transpose()
}

fn member_from_row(row: &AnyRow) -> Result<Member> {
    Ok(Member {
        user: user_from_row(row)?,
        active: row.try_get::<i64, _>("active")? != 0,
        last_sync_at: row.try_get("last_sync_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Deactivates (`active` false, at `now`) or reactivates the account.
pub async fn set_active<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: uuid::Uuid,
    active: bool,
    now: i64,
) -> Result<()> {
    sqlx::query("UPDATE users SET active = $1, deactivated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind((!active).then_some(now))
        .bind(id.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

/// The account with this id.
pub async fn user_by_id<'c>(
    executor: impl Executor<'c, Database = Any>,
    id: &str,
) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(executor).await?;
    row.map(|row| user_from_row(&row)).transpose()
}

/// Reads a user from a row with the columns id, username, display_name, role and team_id.
pub fn user_from_row(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: parse_uuid(&row.try_get::<String, _>("id")?)?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: role
            .parse()
            .map_err(|_| Error::Corrupt(format!("unknown role {role:?}")))?,
        team_id: parse_uuid(&row.try_get::<String, _>("team_id")?)?,
    })
}

fn parse_uuid(text: &str) -> Result<uuid::Uuid> {
    text.parse()
        .map_err(|_| Error::Corrupt(format!("bad uuid {text:?}")))
}
