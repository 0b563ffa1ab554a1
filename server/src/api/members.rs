//! The team's members, for its coordinators (api.md, "Accounts a coordinator runs without a
//! terminal"): `GET /team/members`, `POST /team/members/{id}/deactivate` and `/reactivate`,
//! `DELETE /team/members/{id}/data`. The team is always the caller's: another team's member is
//! 404, the same as no member. Every action is written to the team's access log
//! ([`crate::accounts::members`]).

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::StatusCode,
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    accounts::{
        members::{self, Refusal},
        Role, User,
    },
    api::{error::ApiError, invites::rfc3339, team::CoordinatorUser},
    app::AppState,
    store::users::Member,
};

/// A member of the caller's team.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberBody {
    /// The user id.
    pub id: Uuid,
    /// The login name.
    pub username: String,
    /// The name shown to others.
    pub display_name: String,
    /// `worker` or `coordinator`.
    pub role: Role,
    /// False once deactivated.
    pub active: bool,
    /// The last sync, RFC 3339 UTC; null before the first (and for coordinators, who do not sync).
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub last_sync_at: Option<String>,
    /// When the account was made, RFC 3339 UTC.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub created_at: String,
}

/// The caller's team's members, coordinators and deactivated accounts included, by display name.
#[utoipa::path(
    get, path = "/api/v1/team/members", operation_id = "list_members", tag = "team",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The members", body = Vec<MemberBody>),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
) -> Result<Json<Vec<MemberBody>>, ApiError> {
    let members = members::list(&state.db, user.team_id).await?;
    let body = members
        .into_iter()
        .map(member_body)
        .collect::<Result<_, _>>()?;
    Ok(Json(body))
}

/// Deactivates a member: their sessions end at once, their tokens then get 401
/// `account_disabled` and their login 401 `invalid_credentials`. Their records stay.
#[utoipa::path(
    post, path = "/api/v1/team/members/{id}/deactivate", operation_id = "deactivate_member", tag = "team",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Deactivated (also when already deactivated); written to the access log"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator, or names themselves", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: no member of the caller's team has this id", body = crate::api::error::ErrorBody),
    )
)]
pub async fn deactivate(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    set_active(&state, &user, id, false).await
}

/// Reactivates a member: they can log in again (their old sessions stay ended).
#[utoipa::path(
    post, path = "/api/v1/team/members/{id}/reactivate", operation_id = "reactivate_member", tag = "team",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Active (also when already active); written to the access log"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator, or names themselves", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: no member of the caller's team has this id", body = crate::api::error::ErrorBody),
    )
)]
pub async fn reactivate(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    set_active(&state, &user, id, true).await
}

async fn set_active(
    state: &AppState,
    user: &User,
    id: Result<Path<String>, PathRejection>,
    active: bool,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    let action = if active { "reactivate" } else { "deactivate" };
    let endpoint = format!("/api/v1/team/members/{id}/{action}");
    let now = state.clock.now();
    let outcome = members::set_active(&state.db, user, &endpoint, id, active, now).await?;
    outcome.map_err(refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Erases every record of a deactivated worker, with their share links. Not undoable.
#[utoipa::path(
    delete, path = "/api/v1/team/members/{id}/data", operation_id = "erase_member_data", tag = "team",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The deactivated worker's user id")),
    responses(
        (status = 204, description = "Erased (deleted from the database); written to the access log"),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: no member of the caller's team has this id", body = crate::api::error::ErrorBody),
        (status = 409, description = "`member_active` (deactivate them first) or `not_a_worker` (a coordinator has no records)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn erase_data(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    let endpoint = format!("/api/v1/team/members/{id}/data");
    let outcome = members::erase_data(&state.db, &user, &endpoint, id, state.clock.now()).await?;
    outcome.map_err(refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The id of a path like `/team/members/{id}/...`: a path segment that is not a UUID names
/// nothing, so it is 404 `not_found` like an unknown id.
pub fn path_id(id: Result<Path<String>, PathRejection>) -> Result<Uuid, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::not_found())?;
    id.parse().map_err(|_| ApiError::not_found())
}

fn refusal(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::NotFound => ApiError::not_found(),
        Refusal::Oneself => {
            ApiError::forbidden("you cannot deactivate or reactivate your own account")
        }
        Refusal::StillActive => ApiError::new(
            StatusCode::CONFLICT,
            "member_active",
            "only a deactivated member's data can be erased; deactivate them first",
        ),
        Refusal::NotAWorker => ApiError::new(
            StatusCode::CONFLICT,
            "not_a_worker",
            "only a worker has records to erase",
        ),
    }
}

fn member_body(member: Member) -> crate::Result<MemberBody> {
    Ok(MemberBody {
        id: member.user.id,
        username: member.user.username,
        display_name: member.user.display_name,
        role: member.user.role,
        active: member.active,
        last_sync_at: member.last_sync_at.map(rfc3339).transpose()?,
        created_at: rfc3339(member.created_at)?,
    })
}
