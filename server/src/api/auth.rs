//! `POST /auth/login`, `POST /auth/logout` and `GET /me`.

use axum::{extract::State, http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    accounts::{username_key, User},
    api::{
        client_address::ClientAddress, error::ApiError, json::ApiJson, session::AuthUser,
        session::SESSION_LIFETIME, throttle,
    },
    app::AppState,
    store::{self, sessions, users},
    tokens,
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
    /// The bearer token: 256 random bits, base64url. Valid 30 days after its last use.
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
        (status = 401, description = "`invalid_credentials`: wrong username or password", body = crate::api::error::ErrorBody),
        (status = 429, description = "`too_many_attempts`: 5 failures for the username or 20 from the address within 15 minutes (attempts still being judged count too); `Retry-After` says when to try again", body = crate::api::error::ErrorBody),
        (status = 503, description = "`service_unavailable`: the server is checking as many passwords as it may at once; try again after `Retry-After`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let now = state.clock.now();
    let key = username_key(&request.username);
    let judge = async {
        let found = users::user_for_login(state.db.pool(), &key).await?;
        let (user, stored) = found.map(|found| (found.user, found.password_hash)).unzip();
        let matches = state
            .password_hashing
            .verify(request.password, stored)
            .await?;
        Ok::<_, ApiError>(user.filter(|_| matches))
    };
    let Some(user) = throttle::judged(&state.db, &key, &address, now, judge).await? else {
        return Err(ApiError::invalid_credentials());
    };
    let token = tokens::new_token();
    let now_millis = store::to_millis(now);
    let mut transaction = state.db.begin_write().await?;
    sessions::delete_expired(&mut *transaction, now_millis).await?;
    sessions::insert(
        &mut *transaction,
        &tokens::token_hash(&token),
        &user.id.to_string(),
        now_millis,
        store::to_millis(now + SESSION_LIFETIME),
    )
    .await?;
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
    sessions::delete(&mut *transaction, &caller.token_hash).await?;
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
