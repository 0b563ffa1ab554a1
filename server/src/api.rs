//! The HTTP API under `/api/v1`: one file per endpoint group.
//!
//! - [`health`]: `GET /health` (whether the database answers).
//! - [`auth`]: login, logout, `GET /me`; [`session`] is the bearer-token extractor,
//!   [`throttle`] the throttling of password guesses and [`client_address`] the caller's address
//!   it counts by (behind trusted reverse proxies too).
//! - [`sync`]: `POST /sync`, the wire form around [`crate::sync`].
//! - [`share`]: `GET /share/{token}` and its `calendar.ics`, the service user's link (no login);
//!   [`conditional`] is their `ETag` / `If-None-Match`.
//! - [`team`]: the coordinator's `GET /team/summary`, `summary.csv` and `access-log`.
//! - [`cover`]: `GET /team/cover`, the team's cover requests (workers and coordinators).
//! - [`invites`], [`members`]: the coordinator's invites and team members, and accepting an
//!   invite; [`sessions`]: the caller's password and sessions; [`erase`]: `POST /erase/contact`.
//! - [`openapi`]: `GET /openapi.json`.
//! - [`error`] and [`json`]: the contract's error body and the JSON extractor that produces it.

pub mod auth;
pub mod client_address;
pub mod conditional;
pub mod cover;
pub mod erase;
pub mod error;
pub mod health;
pub mod invites;
pub mod json;
pub mod members;
pub mod openapi;
pub mod session;
pub mod sessions;
pub mod share;
pub mod sync;
pub mod team;
pub mod throttle;

use axum::{
    routing::{delete, get, post},
    Router,
};

use crate::{api::error::ApiError, app::AppState};

/// The routes under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/sync", post(sync::sync))
        .route("/share/{token}", get(share::share))
        .route("/share/{token}/calendar.ics", get(share::calendar))
        .route("/team/summary", get(team::summary))
        .route("/team/summary.csv", get(team::summary_csv))
        .route("/team/access-log", get(team::access_log))
        .route("/team/cover", get(cover::team_cover))
        .route("/auth/accept-invite", post(invites::accept))
        .route("/auth/password", post(sessions::change_password))
        .route("/auth/sessions", get(sessions::list))
        .route("/auth/sessions/{id}", delete(sessions::end))
        .route(
            "/auth/sessions/revoke-others",
            post(sessions::revoke_others),
        )
        .route("/team/invites", post(invites::create).get(invites::list))
        .route("/team/invites/{id}", delete(invites::withdraw))
        .route("/team/members", get(members::list))
        .route("/team/members/{id}/deactivate", post(members::deactivate))
        .route("/team/members/{id}/reactivate", post(members::reactivate))
        .route("/team/members/{id}/data", delete(members::erase_data))
        .route("/erase/contact", post(erase::erase_contact))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// 404 `not_found` for any unknown path under `/api`.
pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

/// 405 `method_not_allowed` for a known path with the wrong method.
async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
