//! Sessions: how long they live, how one starts, and how they end (api.md, "Accounts a
//! coordinator runs without a terminal").
//!
//! A session lives 30 days after its last use ([`SESSION_LIFETIME`], sliding) and never more than
//! 90 days after its login ([`MAX_SESSION_AGE`]), however much it is used: a phone that was lost
//! while logged in stops working within 90 days even if someone keeps using it.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::{
    accounts::User,
    db::Db,
    password,
    store::{self, sessions},
    tokens, Error, Result,
};

/// How long a session lives after its last use.
pub const SESSION_LIFETIME: Duration = Duration::days(30);

/// How long a session lives after its login, whatever its use.
pub const MAX_SESSION_AGE: Duration = Duration::days(90);

/// The most characters of a login's `User-Agent` kept (api.md: cut to 120).
pub const USER_AGENT_CHARS: usize = 120;

/// The expiry of a session that started at `created_at` (milliseconds) and is used at `now`.
pub fn expiry_after_use(created_at: i64, now: DateTime<Utc>) -> i64 {
    let sliding = store::to_millis(now + SESSION_LIFETIME);
    let hard_end = created_at.saturating_add(MAX_SESSION_AGE.num_milliseconds());
    sliding.min(hard_end)
}

/// A `User-Agent` as kept: its first 120 characters; `None` when absent or empty.
pub fn kept_user_agent(user_agent: Option<&str>) -> Option<String> {
    let user_agent = user_agent?.trim();
    (!user_agent.is_empty()).then(|| user_agent.chars().take(USER_AGENT_CHARS).collect())
}

/// Starts a session of `user_id` at `now` inside the caller's transaction and returns its bearer
/// token (only its hash is stored). Expired sessions of everyone are swept on the way.
pub async fn start(
    connection: &mut sqlx::AnyConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
    user_agent: Option<&str>,
) -> Result<String> {
    let token = tokens::new_token();
    let now_millis = store::to_millis(now);
    sessions::delete_expired(&mut *connection, now_millis).await?;
    let user_agent = kept_user_agent(user_agent);
    sessions::insert(
        &mut *connection,
        &sessions::NewSession {
            id: Uuid::new_v4(),
            token_hash: &tokens::token_hash(&token),
            user_id,
            created_at: now_millis,
            expires_at: expiry_after_use(now_millis, now),
            user_agent: user_agent.as_deref(),
        },
    )
    .await?;
    Ok(token)
}

/// The user's live sessions at `now`, most recently used first.
pub async fn list(
    db: &Db,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<sessions::SessionListed>> {
    sessions::list_for_user(db.pool(), user_id, store::to_millis(now)).await
}

/// Ends the user's session `id` (their current one too, which is a logout); false if they have
/// none with that id.
pub async fn end(db: &Db, user_id: Uuid, id: Uuid) -> Result<bool> {
    let mut transaction = db.begin_write().await?;
    let ended = sessions::delete_by_id(&mut *transaction, user_id, id).await?;
    transaction.commit().await?;
    Ok(ended)
}

/// Ends every session of the user but the one with `current_token_hash`; returns how many.
pub async fn end_others(db: &Db, user_id: Uuid, current_token_hash: &str) -> Result<u64> {
    let mut transaction = db.begin_write().await?;
    let ended = sessions::delete_others(&mut *transaction, user_id, current_token_hash).await?;
    transaction.commit().await?;
    Ok(ended)
}

/// Whether `password` is the user's current password (argon2 on the blocking pool). A
/// deactivated or missing account has none.
pub async fn is_current_password(db: &Db, user_id: Uuid, password: String) -> Result<bool> {
    let found = store::users::user_with_password(db.pool(), user_id).await?;
    let Some(found) = found.filter(|found| found.active) else {
        return Ok(false);
    };
    tokio::task::spawn_blocking(move || password::verify_password(&password, &found.password_hash))
        .await
        .map_err(|_| Error::PasswordHash)
}

/// Sets a new password (the caller checked the current one and [`password::check_rule`]) and ends
/// every other session of the user. Returns how many sessions ended.
pub async fn replace_password(
    db: &Db,
    user: &User,
    current_token_hash: &str,
    new_password: String,
) -> Result<u64> {
    let password_hash = password::hash_password_blocking(new_password).await?;
    let mut transaction = db.begin_write().await?;
    store::users::set_password_hash(&mut *transaction, user.id, &password_hash).await?;
    let ended = sessions::delete_others(&mut *transaction, user.id, current_token_hash).await?;
    transaction.commit().await?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn sessions_slide_30_days_and_end_90_days_after_login() {
        let login = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        let created = store::to_millis(login);
        // (days after login of a use, days after login the session then ends)
        for (used_after, ends_after) in [(0, 30), (10, 40), (59, 89), (60, 90), (89, 90)] {
            let used = login + Duration::days(used_after);
            assert_eq!(
                expiry_after_use(created, used),
                store::to_millis(login + Duration::days(ends_after)),
                "used on day {used_after}"
            );
        }
    }

    #[test]
    fn user_agents_are_cut_to_120_characters() {
        let long = "å".repeat(200);
        let cases = [
            (None, None),
            (Some("  "), None),
            (Some("Firefox"), Some("Firefox".to_owned())),
            (Some(long.as_str()), Some("å".repeat(120))),
        ];
        for (given, kept) in cases {
            assert_eq!(kept_user_agent(given), kept, "{given:?}");
        }
    }
}
