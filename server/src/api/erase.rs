//! `POST /erase/contact` (api.md, "Erasing"; domain.md, Data lifecycle): a worker erases one of
//! their contacts with its logs, agenda items and share link ([`crate::erase`]).

use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    api::{error::ApiError, json::ApiJson, session::WorkerUser},
    app::AppState,
    erase,
};

/// Which contact to erase.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EraseContactRequest {
    /// The contact record's id.
    pub contact_id: Uuid,
}

/// Erases a contact of the caller and every record naming it, from the database (not only
/// hidden). Not undoable. The caller's devices get each erased record at their next sync as
/// `{"kind", "id", "fields": {}, "deleted": true}`; later writes to them are dropped.
#[utoipa::path(
    post, path = "/api/v1/erase/contact", operation_id = "erase_contact", tag = "sync",
    security(("bearer" = [])),
    request_body = EraseContactRequest,
    responses(
        (status = 204, description = "Erased (also when it was erased before)"),
        (status = 400, description = "`invalid_request`: malformed body or `contact_id` not a UUID", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`, or `account_disabled`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a worker", body = crate::api::error::ErrorBody),
        (status = 404, description = "`not_found`: the caller has no contact with this id (the server never got it, or it is another worker's)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn erase_contact(
    State(state): State<AppState>,
    WorkerUser(user): WorkerUser,
    ApiJson(request): ApiJson<EraseContactRequest>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    match erase::erase_contact(&state.db, user.id, request.contact_id, now).await? {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::not_found()),
    }
}
