//! Bearer-token authentication: the extractors that turn `Authorization: Bearer TOKEN` into a user.
//!
//! A session lives 30 days after its last use (sliding expiry) and at most 90 days after its login
//! (see [`crate::accounts::sessions`]). To spare a write on every request, the stored expiry (and
//! with it the session's `last_used_at`) is pushed forward only when it is more than an hour behind
//! the new one.
//!
//! Two 401s tell a device what to do with its data: `unauthorized` (no session: expired, logged
//! out, ended by the user; keep the data and ask for a login) and `account_disabled` (a coordinator
//! deactivated the account: clear everything of it).

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use chrono::Duration;

pub use crate::accounts::sessions::SESSION_LIFETIME;
use crate::{
    accounts::{sessions::expiry_after_use, Role, User},
    api::error::ApiError,
    app::AppState,
    store::{self, sessions},
    tokens,
};

/// How stale a stored expiry may get before a request writes the new one.
const EXPIRY_WRITE_GRANULARITY: Duration = Duration::hours(1);

/// The authenticated caller, any role.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The account.
    pub user: User,
    /// The SHA-256 of the presented token (for logout).
    pub token_hash: String,
}

/// The authenticated caller, who must be a worker (403 `forbidden` otherwise).
#[derive(Debug, Clone)]
pub struct WorkerUser(pub User);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(parts).ok_or_else(ApiError::unauthorized)?;
        let token_hash = tokens::token_hash(token);
        let Some(session) = sessions::find(state.db.pool(), &token_hash).await? else {
            return Err(
                if sessions::is_disabled(state.db.pool(), &token_hash).await? {
                    ApiError::account_disabled()
                } else {
                    ApiError::unauthorized()
                },
            );
        };
        if !session.user_active {
            // Deactivation ends every session in the same transaction; a session that a login
            // made while the deactivation committed is refused all the same.
            return Err(ApiError::account_disabled());
        }
        let now = state.clock.now();
        let now_millis = store::to_millis(now);
        if session.expires_at <= now_millis {
            let mut transaction = state.db.begin_write().await?;
            sessions::delete(&mut *transaction, &token_hash).await?;
            transaction.commit().await?;
            return Err(ApiError::unauthorized());
        }
        let renewed = expiry_after_use(session.created_at, now);
        if renewed - session.expires_at > EXPIRY_WRITE_GRANULARITY.num_milliseconds() {
            let mut transaction = state.db.begin_write().await?;
            sessions::touch(&mut *transaction, &token_hash, renewed, now_millis).await?;
            transaction.commit().await?;
        }
        Ok(Self {
            user: session.user,
            token_hash,
        })
    }
}

impl FromRequestParts<AppState> for WorkerUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let AuthUser { user, .. } = AuthUser::from_request_parts(parts, state).await?;
        if user.role != Role::Worker {
            return Err(ApiError::forbidden("only workers may do this"));
        }
        Ok(Self(user))
    }
}

/// The `User-Agent` of a request, for the session list: read as UTF-8 with anything else replaced
/// (a header may carry bytes that are not ASCII), cut later.
pub fn user_agent(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive), if well formed.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
