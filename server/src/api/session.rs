//! Bearer-token authentication: the extractors that turn `Authorization: Bearer TOKEN` into a user.
//!
//! A session lives 30 days after its last use (sliding expiry). To spare a write on every request,
//! the stored expiry is pushed forward only when it is more than an hour behind "now + 30 days".

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use chrono::Duration;

use crate::{
    accounts::{Role, User},
    api::error::ApiError,
    app::AppState,
    store::{self, sessions},
    tokens,
};

/// How long a session lives after its last use.
pub const SESSION_LIFETIME: Duration = Duration::days(30);

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
        let session = sessions::find(state.db.pool(), &token_hash)
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        let now = state.clock.now();
        let now_millis = store::to_millis(now);
        if session.expires_at <= now_millis {
            let mut transaction = state.db.begin_write().await?;
            sessions::delete(&mut *transaction, &token_hash).await?;
            transaction.commit().await?;
            return Err(ApiError::unauthorized());
        }
        let renewed = store::to_millis(now + SESSION_LIFETIME);
        if renewed - session.expires_at > EXPIRY_WRITE_GRANULARITY.num_milliseconds() {
            let mut transaction = state.db.begin_write().await?;
            sessions::set_expiry(&mut *transaction, &token_hash, renewed).await?;
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

/// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive), if well formed.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
