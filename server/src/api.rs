//! The HTTP API under `/api/v1`: one file per endpoint group.
//!
//! - [`health`]: `GET /health`.
//! - [`auth`]: login, logout, `GET /me`; [`session`] is the bearer-token extractor and
//!   [`throttle`] the login throttling.
//! - [`sync`]: `POST /sync`, the wire form around [`crate::sync`].
//! - [`share`]: `GET /share/{token}` and its `calendar.ics`, the service user's link (no login).
//! - [`team`]: the coordinator's `GET /team/summary`, `summary.csv` and `access-log`.
//! - [`cover`]: `GET /team/cover`, the team's cover requests (workers and coordinators).
//! - [`openapi`]: `GET /openapi.json`.
//! - [`error`] and [`json`]: the contract's error body and the JSON extractor that produces it.

pub mod auth;
pub mod cover;
pub mod error;
pub mod health;
pub mod json;
pub mod openapi;
pub mod session;
pub mod share;
pub mod sync;
pub mod team;
pub mod throttle;

use axum::{
    routing::{get, post},
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
