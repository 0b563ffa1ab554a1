//! `GET /health`.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The health response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Whether the server is up.
#[utoipa::path(
    get, path = "/api/v1/health", tag = "meta",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}
