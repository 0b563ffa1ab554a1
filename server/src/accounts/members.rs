//! A team's members as its coordinators manage them (api.md, "Accounts a coordinator runs without
//! a terminal"; domain.md, "A worker leaves"): list, deactivate, reactivate, erase a deactivated
//! worker's data; and the command line's `deactivate-user` and `revoke-sessions`.
//!
//! Deactivation ends every session of the account in its transaction, and keeps the ended tokens'
//! hashes so that those tokens answer `account_disabled` (the device clears itself) instead of
//! `unauthorized` (the device keeps its data and asks for a login), even after a reactivation. A
//! deactivated worker's records stay, for hand-over, until a coordinator erases them: all of them,
//! deleted from the database with their share links and sync state, in one action.
//!
//! Every coordinator action on members (and on invites, and an invite's acceptance) is written to
//! the team's access log in the transaction that does it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    accounts::{username_key, Role, User},
    db::Db,
    store::{
        self, erasure, sessions,
        team::{AccessAction, NewAccess},
        users::{self, Member},
    },
    Error, Result,
};

/// Why a coordinator's action on a member was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No member of the coordinator's team has this id.
    NotFound,
    /// A coordinator cannot deactivate or reactivate themselves.
    Oneself,
    /// Only a deactivated member's data can be erased.
    StillActive,
    /// Only a worker has data to erase.
    NotAWorker,
}

/// The team's members, coordinators included, by display name.
pub async fn list(db: &Db, team_id: Uuid) -> Result<Vec<Member>> {
    users::team_members(db.pool(), team_id).await
}

/// Deactivates (`active` false) or reactivates member `member_id` of the coordinator's team.
/// Deactivating ends every session of theirs (already deactivated: nothing changes but the log
/// entry). A reactivated member's old tokens stay refused with `account_disabled`: they log in
/// again.
pub async fn set_active(
    db: &Db,
    coordinator: &User,
    endpoint: &str,
    member_id: Uuid,
    active: bool,
    now: DateTime<Utc>,
) -> Result<Result<(), Refusal>> {
    if member_id == coordinator.id {
        return Ok(Err(Refusal::Oneself));
    }
    let mut transaction = db.begin_write().await?;
    let Some(member) =
        users::team_member(&mut *transaction, coordinator.team_id, member_id).await?
    else {
        return Ok(Err(Refusal::NotFound));
    };
    let now_millis = store::to_millis(now);
    if member.active != active {
        users::set_active(&mut *transaction, member_id, active, now_millis).await?;
    }
    if !active {
        sessions::disable_all(&mut transaction, member_id, now_millis).await?;
    }
    let action = if active {
        "member_reactivated"
    } else {
        "member_deactivated"
    };
    let subject = (member_id, member.user.display_name.as_str());
    log_action(
        &mut transaction,
        coordinator,
        endpoint,
        action,
        subject,
        now,
    )
    .await?;
    transaction.commit().await?;
    Ok(Ok(()))
}

/// Erases every record of the deactivated worker `member_id` of the coordinator's team (with
/// their share links and their devices' sync state). Returns how many records went.
pub async fn erase_data(
    db: &Db,
    coordinator: &User,
    endpoint: &str,
    member_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Result<u64, Refusal>> {
    let mut transaction = db.begin_write().await?;
    let Some(member) =
        users::team_member(&mut *transaction, coordinator.team_id, member_id).await?
    else {
        return Ok(Err(Refusal::NotFound));
    };
    if member.user.role != Role::Worker {
        return Ok(Err(Refusal::NotAWorker));
    }
    if member.active {
        return Ok(Err(Refusal::StillActive));
    }
    let erased = erasure::delete_all_records(&mut transaction, member_id).await?;
    let subject = (member_id, member.user.display_name.as_str());
    log_action(
        &mut transaction,
        coordinator,
        endpoint,
        "member_data_erased",
        subject,
        now,
    )
    .await?;
    transaction.commit().await?;
    tracing::info!(member = %member_id, records = erased, "erased a deactivated worker's data");
    Ok(Ok(erased))
}

/// `peerline-server deactivate-user --username U`: deactivates the account and ends its sessions
/// (as a coordinator's deactivation does, without an access-log entry: there is no coordinator).
/// Returns the account and how many sessions ended.
pub async fn deactivate_by_username(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
) -> Result<(User, u64)> {
    let user = find_by_username(db, username).await?;
    let now_millis = store::to_millis(now);
    let mut transaction = db.begin_write().await?;
    users::set_active(&mut *transaction, user.id, false, now_millis).await?;
    let ended = sessions::disable_all(&mut transaction, user.id, now_millis).await?;
    transaction.commit().await?;
    Ok((user, ended))
}

/// `peerline-server revoke-sessions --username U`: ends every session of the account (its devices
/// keep their data and ask for a login). Returns the account and how many sessions ended.
pub async fn revoke_sessions_by_username(db: &Db, username: &str) -> Result<(User, u64)> {
    let user = find_by_username(db, username).await?;
    let mut transaction = db.begin_write().await?;
    let ended = sessions::delete_all(&mut *transaction, user.id).await?;
    transaction.commit().await?;
    Ok((user, ended))
}

async fn find_by_username(db: &Db, username: &str) -> Result<User> {
    users::user_for_login(db.pool(), &username_key(username))
        .await?
        .map(|found| found.user)
        .ok_or_else(|| Error::InvalidInput(format!("there is no user {username:?}")))
}

/// Writes an action on a member or an invite to the actor's team's access log: `subject` is the
/// member's or the invite's (id, display name).
pub async fn log_action(
    connection: &mut sqlx::AnyConnection,
    actor: &User,
    endpoint: &str,
    action: &str,
    subject: (Uuid, &str),
    now: DateTime<Utc>,
) -> Result<()> {
    let (subject_id, subject_name) = subject;
    store::team::record_access(
        connection,
        &NewAccess {
            id: Uuid::new_v4(),
            team_id: actor.team_id,
            user_id: actor.id,
            at: store::to_millis(now),
            endpoint,
            week: None,
            action: Some(AccessAction {
                action,
                subject_id,
                subject_name,
            }),
        },
    )
    .await
}
