//! Invites (api.md, "Accounts a coordinator runs without a terminal"): the coordinator's
//! `POST /team/invites`, `GET /team/invites` and `DELETE /team/invites/{id}`, and the invited
//! person's `POST /auth/accept-invite` (no login; the code is the capability, throttled like login).

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    accounts::{
        invites::{self, Acceptance, Inviter},
        username_key, Role,
    },
    api::{
        auth::LoginResponse, client_address::ClientAddress, error::ApiError, json::ApiJson,
        members::path_id, session, team::CoordinatorUser, throttle,
    },
    app::AppState,
    store::{self, invites::InviteRow},
    Error,
};

/// The path of accept-invite, as the access log names it.
pub const ACCEPT_PATH: &str = "/api/v1/auth/accept-invite";

/// A new invite.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewInviteRequest {
    /// The new account's role.
    pub role: Role,
    /// The name the new account is shown by (1 to 100 characters); the invited person can see it
    /// in the link's screen, so the coordinator writes it as they would greet them.
    #[schema(example = "Nora Lie", min_length = 1, max_length = 100)]
    pub display_name: String,
}

/// A new invite with its code: shown once, never stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedInviteBody {
    /// The invite's id.
    pub id: Uuid,
    /// The one-time code: 256 random bits, base64url (43 characters). The app's link is
    /// `/invite/CODE`.
    pub code: String,
    /// The new account's role.
    pub role: Role,
    /// The new account's display name.
    pub display_name: String,
    /// When the code stops working (7 days on), RFC 3339 UTC.
    #[schema(example = "2026-12-03T15:45:00Z")]
    pub expires_at: String,
}

/// A pending invite (never its code).
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingInviteBody {
    /// The invite's id.
    pub id: Uuid,
    /// The new account's role.
    pub role: Role,
    /// The new account's display name.
    pub display_name: String,
    /// When it was made, RFC 3339 UTC.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub created_at: String,
    /// When the code stops working, RFC 3339 UTC.
    #[schema(example = "2026-12-03T15:45:00Z")]
    pub expires_at: String,
}

/// Accepting an invite.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInviteRequest {
    /// The invite's one-time code.
    pub code: String,
    /// The username chosen: 1 to 64 characters once trimmed, no control characters; matched
    /// case-insensitively at login.
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    /// The password chosen: 12 to 128 characters, not the username.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

/// Makes an invite to the caller's team.
#[utoipa::path(
    post, path = "/api/v1/team/invites", operation_id = "create_invite", tag = "team",
    security(("bearer" = [])),
    request_body = NewInviteRequest,
    responses(
        (status = 201, description = "Made; the code is in this answer only. Written to the access log", body = CreatedInviteBody),
        (status = 400, description = "`invalid_request`: malformed body, unknown role, or a display name empty, over 100 characters or with control characters", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    ApiJson(request): ApiJson<NewInviteRequest>,
) -> Result<(StatusCode, Json<CreatedInviteBody>), ApiError> {
    let inviter = Inviter::Coordinator {
        user: &user,
        endpoint: "/api/v1/team/invites",
    };
    let now = state.clock.now();
    let created =
        invites::create(&state.db, inviter, request.role, &request.display_name, now).await?;
    let body = CreatedInviteBody {
        id: created.invite.id,
        code: created.code,
        role: created.invite.role,
        display_name: created.invite.display_name,
        expires_at: rfc3339(created.invite.expires_at)?,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// The caller's team's pending invites, oldest first.
#[utoipa::path(
    get, path = "/api/v1/team/invites", operation_id = "list_invites", tag = "team",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The invites neither accepted, withdrawn nor expired", body = Vec<PendingInviteBody>),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
) -> Result<Json<Vec<PendingInviteBody>>, ApiError> {
    let pending = invites::pending(&state.db, user.team_id, state.clock.now()).await?;
    let body = pending
        .into_iter()
        .map(pending_body)
        .collect::<Result<_, _>>()?;
    Ok(Json(body))
}

/// Withdraws a pending invite of the caller's team: its code stops working.
#[utoipa::path(
    delete, path = "/api/v1/team/invites/{id}", operation_id = "withdraw_invite", tag = "team",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The invite's id")),
    responses(
        (status = 204, description = "Withdrawn; written to the access log"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: no pending invite of the caller's team has this id (unknown, another team's, accepted, withdrawn or expired)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    let endpoint = format!("/api/v1/team/invites/{id}");
    if invites::withdraw(&state.db, &user, &endpoint, id, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

/// Accepts an invite: makes the account with the username and password chosen, and logs it in.
#[utoipa::path(
    post, path = "/api/v1/auth/accept-invite", operation_id = "accept_invite", tag = "auth",
    request_body = AcceptInviteRequest,
    responses(
        (status = 200, description = "The account is made and logged in (the login response); written to the team's access log", body = LoginResponse),
        (status = 400, description = "`invalid_request` (malformed body), `invalid_username` (empty, over 64 characters, control characters) or `weak_password` (under 12 or over 128 characters, or the username)", body = crate::api::error::ErrorBody),
        (status = 404, description = "`invite_not_found`: the code is unknown, used, withdrawn or expired (one answer for all four)", body = crate::api::error::ErrorBody),
        (status = 409, description = "`username_taken`: choose another username (the invite stays pending)", body = crate::api::error::ErrorBody),
        (status = 429, description = "`too_many_attempts`: throttled like login (an unknown code counts as a failed login of the username and the address)", body = crate::api::error::ErrorBody),
        (status = 503, description = "`service_unavailable`: the server is hashing as many passwords as it may at once; try again after `Retry-After` (the invite stays pending)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn accept(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<AcceptInviteRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let now = state.clock.now();
    let key = username_key(&request.username);
    let user_agent = session::user_agent(&headers);
    let acceptance = Acceptance {
        code: &request.code,
        username: &request.username,
        password: request.password,
        user_agent: user_agent.as_deref(),
        endpoint: ACCEPT_PATH,
        hashing: &state.password_hashing,
    };
    let judge = async {
        invites::accept(&state.db, acceptance, now)
            .await
            .map_err(|error| match error {
                Error::Conflict(_) => ApiError::new(
                    StatusCode::CONFLICT,
                    "username_taken",
                    "this username is taken; choose another",
                ),
                error => error.into(),
            })
    };
    match throttle::judged(&state.db, &key, &address, now, judge).await? {
        Some((user, token)) => {
            tracing::info!(user_id = %user.id, "invite accepted");
            Ok(Json(LoginResponse { token, user }))
        }
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "invite_not_found",
            "this invite is unknown, used, withdrawn or expired",
        )),
    }
}

fn pending_body(invite: InviteRow) -> crate::Result<PendingInviteBody> {
    Ok(PendingInviteBody {
        id: invite.id,
        role: invite.role,
        display_name: invite.display_name,
        created_at: rfc3339(invite.created_at)?,
        expires_at: rfc3339(invite.expires_at)?,
    })
}

/// Stored milliseconds as RFC 3339 UTC to the second (`2026-11-26T15:45:00Z`).
pub fn rfc3339(millis: i64) -> crate::Result<String> {
    Ok(store::from_millis(millis)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
