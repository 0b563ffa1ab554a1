//! `POST /auth/login`, `POST /auth/logout` and `GET /me`.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{Extensions, HeaderMap, StatusCode},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    accounts::{sessions, username_key, User},
    api::{
        error::ApiError,
        json::ApiJson,
        session::{self, AuthUser},
        throttle,
    },
    app::AppState,
    password,
    store::{self, users},
};

/// The login request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The username (matched case-insensitively, surrounding spaces ignored).
    pub username: String,
    /// The password.
    pub password: String,
}

/// The login response.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// The bearer token: 256 random bits, base64url. Valid 30 days after its last use, and at
    /// most 90 days after the login.
    pub token: String,
    /// The account.
    pub user: User,
}

/// Logs in and returns a bearer token.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = crate::api::error::ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong username or password, or a deactivated account", body = crate::api::error::ErrorBody),
        (status = 429, description = "`too_many_attempts`: 5 failures for the username or 20 from the address within 15 minutes", body = crate::api::error::ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let now = state.clock.now();
    let key = username_key(&request.username);
    let address = client_address(&extensions);
    throttle::ensure_not_locked(&state.db, &key, &address, now).await?;

    let found = users::user_for_login(state.db.pool(), &key).await?;
    let password = request.password;
    let verified = tokio::task::spawn_blocking(move || match found {
        // A deactivated account's right password fails like a wrong one (api.md), after the
        // same work.
        Some(found) if password::verify_password(&password, &found.password_hash) => {
            found.active.then_some(found.user)
        }
        Some(_) => None,
        None => {
            password::verify_against_dummy(&password);
            None
        }
    })
    .await
    .map_err(|_| ApiError::internal())?;

    let Some(user) = verified else {
        throttle::record_failure(&state.db, &key, &address, now).await?;
        return Err(ApiError::invalid_credentials());
    };
    let user_agent = session::user_agent(&headers);
    let mut transaction = state.db.begin_write().await?;
    let token = sessions::start(&mut transaction, user.id, now, user_agent.as_deref()).await?;
    transaction.commit().await?;
    tracing::info!(user_id = %user.id, "login");
    Ok(Json(LoginResponse { token, user }))
}

/// Ends the session of the presented token.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out; the token no longer works"),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    caller: AuthUser,
) -> Result<StatusCode, ApiError> {
    let mut transaction = state.db.begin_write().await?;
    store::sessions::delete(&mut *transaction, &caller.token_hash).await?;
    transaction.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's account.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = User),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn me(caller: AuthUser) -> Json<User> {
    Json(caller.user)
}

/// The client's IP address, the key of per-address throttling. The server does not trust
/// `X-Forwarded-For`: behind a reverse proxy every client shares the proxy's address, which then
/// only makes the per-address limit stricter. Requests without a peer address (in-process tests)
/// share the key `unknown`.
pub(crate) fn client_address(extensions: &Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string())
}
