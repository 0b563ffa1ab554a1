//! Teams and user accounts: the rules for creating them, shared by the command line, the demo and
//! invites; [`invites`], [`members`] and [`sessions`] are the account lifecycle of api.md
//! ("Accounts a coordinator runs without a terminal").

pub mod invites;
pub mod members;
pub mod sessions;

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    db::Db,
    password::{self, PasswordHashing},
    store::{self, users::NewUserRow},
    Error, Result,
};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A peer recovery worker: syncs their own records.
    Worker,
    /// A program coordinator: reads the team's summaries.
    Coordinator,
}

impl Role {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Worker => "worker",
            Self::Coordinator => "coordinator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        match text {
            "worker" => Ok(Self::Worker),
            "coordinator" => Ok(Self::Coordinator),
            _ => Err(Error::InvalidInput(format!(
                "the role must be worker or coordinator, not {text:?}"
            ))),
        }
    }
}

/// An account as the API shows it (`api.md`: the `user` object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct User {
    /// The user id.
    pub id: Uuid,
    /// The login name, as typed when the account was made.
    pub username: String,
    /// The name shown to others.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// The user's team.
    pub team_id: Uuid,
}

/// What login matches a username by: trimmed and lowercased, so `Ola` and ` ola` are one account
/// (and one throttling key).
pub fn username_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// A new account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The team it belongs to (must exist).
    pub team_id: Uuid,
    /// Its role.
    pub role: Role,
    /// The login name (not empty, not taken).
    pub username: String,
    /// The name shown to others (not empty).
    pub display_name: String,
    /// The password (12 to 128 characters, not the username: [`password::check_rule`]).
    pub password: String,
}

/// Creates a team called `name` and returns its id.
pub async fn create_team(db: &Db, name: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Uuid> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("the team name is empty".into()));
    }
    let id = Uuid::new_v4();
    store::users::insert_team(db.pool(), &id.to_string(), name, store::to_millis(now)).await?;
    Ok(id)
}

/// The longest username accepted (characters).
pub const MAX_USERNAME_CHARS: usize = 64;
/// The longest display name accepted (characters).
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// A username as typed, checked: not empty once trimmed, at most 64 characters, no control
/// characters. Returns it trimmed; else [`Error::InvalidUsername`].
pub fn checked_username(username: &str) -> Result<&str> {
    checked_name(
        username,
        "username",
        MAX_USERNAME_CHARS,
        Error::InvalidUsername,
    )
}

/// A display name, checked: not empty once trimmed, at most 100 characters, no control
/// characters. Returns it trimmed; else [`Error::InvalidInput`].
pub fn checked_display_name(display_name: &str) -> Result<&str> {
    checked_name(
        display_name,
        "display name",
        MAX_DISPLAY_NAME_CHARS,
        Error::InvalidInput,
    )
}

fn checked_name<'a>(
    text: &'a str,
    what: &str,
    max_chars: usize,
    error: fn(String) -> Error,
) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(error(format!("the {what} is empty")));
    }
    if text.chars().count() > max_chars {
        return Err(error(format!(
            "the {what} must have at most {max_chars} characters"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(error(format!(
            "the {what} must not hold control characters"
        )));
    }
    Ok(text)
}

/// An account checked and its password hashed, ready to insert.
#[derive(Debug, Clone)]
pub struct PreparedUser {
    /// The new account's id.
    pub id: Uuid,
    /// Its team.
    pub team_id: Uuid,
    /// Its role.
    pub role: Role,
    /// The username, trimmed.
    pub username: String,
    /// The display name, trimmed.
    pub display_name: String,
    /// The argon2id PHC string.
    pub password_hash: String,
}

impl PreparedUser {
    /// The account as the API shows it.
    pub fn user(&self) -> User {
        User {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            team_id: self.team_id,
        }
    }
}

/// Checks a new account (username, display name, the password rule) and hashes its password
/// within `hashing`'s bound, without touching the database. Errors: [`Error::InvalidUsername`],
/// [`Error::InvalidInput`], [`Error::WeakPassword`], [`Error::HashingBusy`].
pub async fn prepare_user(new_user: NewUser, hashing: &PasswordHashing) -> Result<PreparedUser> {
    let username = checked_username(&new_user.username)?.to_owned();
    let display_name = checked_display_name(&new_user.display_name)?.to_owned();
    password::check_rule(&new_user.password, &username)?;
    let password_hash = hashing.hash(new_user.password).await??;
    Ok(PreparedUser {
        id: Uuid::new_v4(),
        team_id: new_user.team_id,
        role: new_user.role,
        username,
        display_name,
        password_hash,
    })
}

/// Inserts a prepared account; a taken username gives [`Error::Conflict`].
pub async fn insert_user<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    user: &PreparedUser,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let row = NewUserRow {
        id: &user.id.to_string(),
        team_id: &user.team_id.to_string(),
        username: &user.username,
        username_key: &username_key(&user.username),
        display_name: &user.display_name,
        role: user.role,
        password_hash: &user.password_hash,
        created_at: store::to_millis(now),
    };
    store::users::insert_user(executor, &row).await
}

/// Creates an account and returns its id. Fails on an unknown team, a taken username, a username
/// or display name that is empty or too long, and a password that breaks the password rule.
pub async fn create_user(
    db: &Db,
    new_user: NewUser,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Uuid> {
    let team_id = new_user.team_id.to_string();
    // From the command line and the demo, where no request waits: a bound of their own.
    let prepared = prepare_user(new_user, &PasswordHashing::for_this_machine()).await?;
    if !store::users::team_exists(db.pool(), &team_id).await? {
        return Err(Error::InvalidInput(format!("there is no team {team_id}")));
    }
    insert_user(db.pool(), &prepared, now).await?;
    Ok(prepared.id)
}
