//! Teams and user accounts: the rules for creating them, shared by the command line and the demo.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    db::Db,
    password,
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
    /// The password (not empty).
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

/// Creates an account and returns its id. Fails on an unknown team, an empty or taken username,
/// an empty display name or an empty password.
pub async fn create_user(
    db: &Db,
    new_user: NewUser,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Uuid> {
    let username = new_user.username.trim();
    let display_name = new_user.display_name.trim();
    if username.is_empty() {
        return Err(Error::InvalidInput("the username is empty".into()));
    }
    if display_name.is_empty() {
        return Err(Error::InvalidInput("the display name is empty".into()));
    }
    if new_user.password.is_empty() {
        return Err(Error::InvalidInput("the password is empty".into()));
    }
    let team_id = new_user.team_id.to_string();
    if !store::users::team_exists(db.pool(), &team_id).await? {
        return Err(Error::InvalidInput(format!("there is no team {team_id}")));
    }
    let password_hash = password::hash_password_blocking(new_user.password).await?;
    let id = Uuid::new_v4();
    let row = NewUserRow {
        id: &id.to_string(),
        team_id: &team_id,
        username,
        username_key: &username_key(username),
        display_name,
        role: new_user.role,
        password_hash: &password_hash,
        created_at: store::to_millis(now),
    };
    store::users::insert_user(db.pool(), &row).await?;
    Ok(id)
}
