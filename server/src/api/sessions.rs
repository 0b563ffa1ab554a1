//! The caller's own sessions and password (api.md, "Accounts a coordinator runs without a
//! terminal"): `POST /auth/password`, `GET /auth/sessions`, `DELETE /auth/sessions/{id}` and
//! `POST /auth/sessions/revoke-others`. Any role; always the caller's own account.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    accounts::{sessions, username_key},
    api::{
        client_address::ClientAddress, error::ApiError, invites::rfc3339, json::ApiJson,
        members::path_id, session::AuthUser, throttle,
    },
    app::AppState,
    password,
    store::sessions::SessionListed,
};

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChangeRequest {
    /// The password now.
    pub current_password: String,
    /// The new password: 12 to 128 characters, not the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// One of the caller's sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionBody {
    /// The session's id (for `DELETE /auth/sessions/{id}`; not its token).
    pub id: Uuid,
    /// When it logged in, RFC 3339 UTC.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub created_at: String,
    /// When it was last used, RFC 3339 UTC, accurate to the hour.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub last_used_at: String,
    /// The browser that logged in (its `User-Agent`, cut to 120 characters), or null.
    pub user_agent: Option<String>,
    /// Whether this is the session of the request's own token.
    pub current: bool,
}

/// Changes the caller's password; every other session of theirs ends.
#[utoipa::path(
    post, path = "/api/v1/auth/password", operation_id = "change_password", tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "Changed; every other session ended"),
        (status = 400, description = "`invalid_request` (malformed body) or `weak_password` (under 12 or over 128 characters, or the username)", body = crate::api::error::ErrorBody),
        (status = 401, description = "`invalid_credentials` (the current password is wrong), `unauthorized` or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 429, description = "`too_many_attempts`: throttled like login (a wrong current password counts as a failed login)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    caller: AuthUser,
    address: ClientAddress,
    ApiJson(request): ApiJson<PasswordChangeRequest>,
) -> Result<StatusCode, ApiError> {
    let user = &caller.user;
    password::check_rule(&request.new_password, &user.username)?;
    let now = state.clock.now();
    let key = username_key(&user.username);
    let current_password = request.current_password;
    let judge = async {
        let right = sessions::is_current_password(&state.db, user.id, current_password).await?;
        Ok(right.then_some(()))
    };
    if throttle::judged(&state.db, &key, &address, now, judge)
        .await?
        .is_none()
    {
        return Err(ApiError::invalid_credentials());
    }
    let ended =
        sessions::replace_password(&state.db, user, &caller.token_hash, request.new_password)
            .await?;
    tracing::info!(user_id = %user.id, sessions_ended = ended, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's live sessions, most recently used first.
#[utoipa::path(
    get, path = "/api/v1/auth/sessions", operation_id = "list_sessions", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The sessions, the caller's own marked `current`", body = Vec<SessionBody>),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: AuthUser,
) -> Result<Json<Vec<SessionBody>>, ApiError> {
    let listed = sessions::list(&state.db, caller.user.id, state.clock.now()).await?;
    let body = listed
        .into_iter()
        .map(|session| session_body(session, &caller.token_hash))
        .collect::<Result<_, _>>()?;
    Ok(Json(body))
}

/// Ends one of the caller's sessions ("sign out this one"); its device gets 401 `unauthorized`.
#[utoipa::path(
    delete, path = "/api/v1/auth/sessions/{id}", operation_id = "end_session", tag = "auth",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id")),
    responses(
        (status = 204, description = "Ended (the caller's own current session too: that is a logout)"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: the caller has no live session with this id", body = crate::api::error::ErrorBody),
    )
)]
pub async fn end(
    State(state): State<AppState>,
    caller: AuthUser,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    if sessions::end(&state.db, caller.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

/// Ends every session of the caller but this one ("sign out everywhere else").
#[utoipa::path(
    post, path = "/api/v1/auth/sessions/revoke-others", operation_id = "revoke_other_sessions", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every other session ended"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn revoke_others(
    State(state): State<AppState>,
    caller: AuthUser,
) -> Result<StatusCode, ApiError> {
    sessions::end_others(&state.db, caller.user.id, &caller.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn session_body(session: SessionListed, current_hash: &str) -> crate::Result<SessionBody> {
    Ok(SessionBody {
        id: session.id,
        created_at: rfc3339(session.created_at)?,
        last_used_at: rfc3339(session.last_used_at)?,
        user_agent: session.user_agent,
        current: session.token_hash == current_hash,
    })
}
