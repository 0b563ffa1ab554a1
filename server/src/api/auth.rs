//! `POST /auth/login`, `POST /auth/logout` and `GET /me`.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    accounts::{sessions, username_key, User},
    api::{
        client_address::ClientAddress,
        error::ApiError,
        json::ApiJson,
        session::{self, AuthUser},
        throttle,
    },
    app::AppState,
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
        (status = 429, description = "`too_many_attempts`: 5 failures for the username or 20 from the address within 15 minutes (attempts still being judged count too); `Retry-After` says when to try again", body = crate::api::error::ErrorBody),
        (status = 503, description = "`service_unavailable`: the server is checking as many passwords as it may at once; try again after `Retry-After`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let now = state.clock.now();
    let key = username_key(&request.username);
    let judge = async {
        let found = users::user_for_login(state.db.pool(), &key).await?;
        // A deactivated account's right password fails like a wrong one (api.md), after the
        // same work.
        let (user, stored) = found
            .map(|found| (found.active.then_some(found.user), found.password_hash))
            .unzip();
        let matches = state
            .password_hashing
            .verify(request.password, stored)
            .await?;
        Ok::<_, ApiError>(user.flatten().filter(|_| matches))
    };
    let Some(user) = throttle::judged(&state.db, &key, &address, now, judge).await? else {
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
