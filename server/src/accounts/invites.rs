//! Invites (api.md, "Accounts a coordinator runs without a terminal"): a coordinator, or the
//! command line, makes one for a role and a display name; the invited person chooses a username
//! and a password with its one-time code and is logged in.
//!
//! The code is 256 random bits, base64url (43 characters), like a bearer token; only its SHA-256 is
//! stored. It works once (accepting deletes the invite in the transaction that creates the account)
//! and for 7 days. An unknown, used, withdrawn or expired code is one answer: not found.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::{
    accounts::{self, members, sessions, NewUser, Role, User},
    db::Db,
    password::PasswordHashing,
    store::{
        self,
        invites::{self, InviteRow, NewInvite},
    },
    tokens, Error, Result,
};

/// How long an invite's code works.
pub const INVITE_LIFETIME: Duration = Duration::days(7);

/// The access log's endpoint for an invite made on the command line (there is no request).
pub const COMMAND_LINE: &str = "peerline-server invite";

/// A new invite and its code (shown once, never stored).
#[derive(Debug, Clone)]
pub struct CreatedInvite {
    /// The invite.
    pub invite: InviteRow,
    /// The one-time code.
    pub code: String,
}

/// Who makes an invite.
#[derive(Debug, Clone, Copy)]
pub enum Inviter<'a> {
    /// A coordinator, through `endpoint` (the action goes to the team's access log).
    Coordinator {
        /// The coordinator.
        user: &'a User,
        /// The path of the request.
        endpoint: &'a str,
    },
    /// The command line (`peerline-server invite`), for a team by id.
    CommandLine {
        /// The team the invite is for.
        team_id: Uuid,
    },
}

/// Makes an invite to join the inviter's team as `role`, shown as `display_name`.
pub async fn create(
    db: &Db,
    inviter: Inviter<'_>,
    role: Role,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<CreatedInvite> {
    let display_name = accounts::checked_display_name(display_name)?;
    let team_id = match inviter {
        Inviter::Coordinator { user, .. } => user.team_id,
        Inviter::CommandLine { team_id } => team_id,
    };
    if !store::users::team_exists(db.pool(), &team_id.to_string()).await? {
        return Err(Error::InvalidInput(format!("there is no team {team_id}")));
    }
    let code = tokens::new_token();
    let now_millis = store::to_millis(now);
    let invite = InviteRow {
        id: Uuid::new_v4(),
        team_id,
        role,
        display_name: display_name.to_owned(),
        created_at: now_millis,
        expires_at: store::to_millis(now + INVITE_LIFETIME),
    };
    let created_by = match inviter {
        Inviter::Coordinator { user, .. } => Some(user.id),
        Inviter::CommandLine { .. } => None,
    };
    let mut transaction = db.begin_write().await?;
    invites::prune_expired(&mut *transaction, now_millis).await?;
    invites::insert(
        &mut *transaction,
        &NewInvite {
            invite: &invite,
            code_hash: &tokens::token_hash(&code),
            created_by,
        },
    )
    .await?;
    if let Inviter::Coordinator { user, endpoint } = inviter {
        let subject = (invite.id, invite.display_name.as_str());
        members::log_action(
            &mut transaction,
            user,
            endpoint,
            "invite_created",
            subject,
            now,
        )
        .await?;
    }
    transaction.commit().await?;
    Ok(CreatedInvite { invite, code })
}

/// The team's pending invites at `now`, oldest first.
pub async fn pending(db: &Db, team_id: Uuid, now: DateTime<Utc>) -> Result<Vec<InviteRow>> {
    invites::pending(db.pool(), team_id, store::to_millis(now)).await
}

/// Withdraws the coordinator's team's pending invite `id`; false if the team has no such pending
/// invite (unknown, another team's, used, withdrawn or expired).
pub async fn withdraw(
    db: &Db,
    coordinator: &User,
    endpoint: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut transaction = db.begin_write().await?;
    let withdrawn = invites::withdraw(
        &mut *transaction,
        coordinator.team_id,
        id,
        store::to_millis(now),
    )
    .await?;
    let Some(invite) = withdrawn else {
        return Ok(false);
    };
    let subject = (invite.id, invite.display_name.as_str());
    members::log_action(
        &mut transaction,
        coordinator,
        endpoint,
        "invite_withdrawn",
        subject,
        now,
    )
    .await?;
    transaction.commit().await?;
    Ok(true)
}

/// What accepting an invite needs.
#[derive(Debug)]
pub struct Acceptance<'a> {
    /// The one-time code.
    pub code: &'a str,
    /// The username chosen.
    pub username: &'a str,
    /// The password chosen.
    pub password: String,
    /// The `User-Agent` of the request, for the new session.
    pub user_agent: Option<&'a str>,
    /// The path of the request, for the access log.
    pub endpoint: &'a str,
    /// The server's bound on password hashes at once, which the new password is hashed within.
    pub hashing: &'a PasswordHashing,
}

/// Accepts an invite: creates the account and its first session. `Ok(None)` when the code is
/// not a pending invite's. Errors: [`Error::InvalidUsername`], [`Error::WeakPassword`],
/// [`Error::Conflict`] for a taken username and [`Error::HashingBusy`] (the invite then stays
/// pending). The username and
/// password are judged only for a pending code, so a caller without one learns nothing of which
/// usernames exist.
pub async fn accept(
    db: &Db,
    acceptance: Acceptance<'_>,
    now: DateTime<Utc>,
) -> Result<Option<(User, String)>> {
    let code_hash = tokens::token_hash(acceptance.code);
    let now_millis = store::to_millis(now);
    let Some(invite) = invites::find_pending(db.pool(), &code_hash, now_millis).await? else {
        return Ok(None);
    };
    // Hashing takes tens of milliseconds: done before the writing transaction, not inside it.
    let prepared = accounts::prepare_user(
        NewUser {
            team_id: invite.team_id,
            role: invite.role,
            username: acceptance.username.to_owned(),
            display_name: invite.display_name.clone(),
            password: acceptance.password,
        },
        acceptance.hashing,
    )
    .await?;
    let mut transaction = db.begin_write().await?;
    // Taken, not just read: of two acceptances of one code, only one finds it here.
    let Some(invite) = invites::take(&mut *transaction, &code_hash, now_millis).await? else {
        return Ok(None);
    };
    accounts::insert_user(&mut *transaction, &prepared, now).await?;
    let token = sessions::start(&mut transaction, prepared.id, now, acceptance.user_agent).await?;
    let user = prepared.user();
    let subject = (invite.id, invite.display_name.as_str());
    members::log_action(
        &mut transaction,
        &user,
        acceptance.endpoint,
        "invite_accepted",
        subject,
        now,
    )
    .await?;
    transaction.commit().await?;
    Ok(Some((user, token)))
}
