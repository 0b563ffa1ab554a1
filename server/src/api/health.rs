//! `GET /health`: whether this instance can serve, for a load balancer or an orchestrator.
//!
//! "Up" means the database answers: an instance whose database is gone (or whose pool has no
//! connection to spare for [`DATABASE_TIMEOUT`]) can serve nothing but static files, so it says 503
//! and the balancer sends its users to another instance. The 200 body stays api.md's
//! `{"status": "ok"}`; the 503 is the contract's error body, code `database_unavailable`.

use std::time::Duration;

use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{api::error::ApiError, app::AppState};

/// How long the database may take to answer a health check.
pub const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// The health response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`: the server answers and so does its database.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Whether the server and its database are up.
#[utoipa::path(
    get, path = "/api/v1/health", tag = "meta",
    responses(
        (status = 200, description = "The server is up and its database answers", body = Health),
        (status = 503, description = "The database did not answer within 2 s (`database_unavailable`)",
         body = crate::api::error::ErrorBody),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    match tokio::time::timeout(DATABASE_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => Ok(Json(Health { status: "ok" })),
        Ok(Err(error)) => {
            tracing::warn!("health check: the database does not answer: {error}");
            Err(database_unavailable())
        }
        Err(_elapsed) => {
            tracing::warn!("health check: the database did not answer within {DATABASE_TIMEOUT:?}");
            Err(database_unavailable())
        }
    }
}

fn database_unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "database_unavailable",
        "the database does not answer",
    )
}
