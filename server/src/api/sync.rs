//! `POST /sync`: the wire format around [`crate::sync`].

use axum::{extract::State, http::StatusCode, Json};
use chrono::SecondsFormat;
use peerline_core::envelope::{self, EnvelopeError};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    api::{error::ApiError, json::ApiJson, session::WorkerUser},
    app::AppState,
    sync,
};

/// The request (documentation form; the body is read by [`envelope::parse`]).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct SyncRequestBody {
    /// The device install's id.
    client_id: Uuid,
    /// The cursor of the last response; null (or one the server does not recognise) for everything.
    cursor: Option<String>,
    /// At most 1,000 mutations, `mid` strictly increasing.
    #[schema(max_items = 1000)]
    mutations: Vec<MutationBody>,
}

/// One mutation (documentation form).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct MutationBody {
    /// Per (user, client_id) counter, 1 to 2^53 - 1, strictly increasing.
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_f64)]
    mid: u64,
    /// `profile`, `contact`, `availability`, `date_override`, `absence`, `log` or `checkin`.
    kind: String,
    /// The record id.
    id: Uuid,
    /// `MILLIS(13 digits):COUNTER(4 lowercase hex):CLIENT_ID`.
    #[schema(
        example = "1764158400000:0000:0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b",
        pattern = "^[0-9]{13}:[0-9a-f]{4}:[A-Za-z0-9_-]{1,64}$"
    )]
    hlc: String,
    /// The fields written (`null` unsets an optional field).
    #[schema(value_type = Object)]
    set: Map<String, Value>,
    /// `true` deletes, `false` undeletes; absent for ordinary edits.
    deleted: Option<bool>,
}

/// The response.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncResponse {
    /// The client's last applied mid: drop the outbox up to it.
    pub last_mid: u64,
    /// Opaque; send it with the next sync.
    pub cursor: String,
    /// The caller's records changed since the request's cursor, merged, private fields included.
    pub records: Vec<SyncedRecord>,
    /// The mutations skipped whole (they still count as applied).
    pub rejected: Vec<RejectedMutation>,
    /// The server's clock, RFC 3339 UTC.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub server_time: String,
    /// True when more changed records wait: sync again at once with `cursor`.
    pub more: bool,
}

/// A record's current merged state.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncedRecord {
    /// The record kind.
    pub kind: String,
    /// The record id.
    pub id: Uuid,
    /// The fields that have been set (no defaults filled in).
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// The tombstone.
    pub deleted: bool,
}

/// A mutation that was skipped.
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedMutation {
    /// Its mid.
    pub mid: u64,
    /// `unknown_kind`, `unknown_field`, `invalid_field`, `forbidden`, `invalid_hlc` or `clock_skew`.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// Pushes the device's mutations and pulls the caller's changed records, in one transaction.
#[utoipa::path(
    post, path = "/api/v1/sync", tag = "sync",
    security(("bearer" = [])),
    request_body = SyncRequestBody,
    responses(
        (status = 200, description = "Applied (durably) and pulled", body = SyncResponse),
        (status = 400, description = "`invalid_request`: not JSON, or the envelope has the wrong shape", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a worker", body = crate::api::error::ErrorBody),
        (status = 413, description = "`too_many_mutations` (over 1,000) or `payload_too_large` (over 1 MiB)", body = crate::api::error::ErrorBody),
    )
)]
pub async fn sync(
    State(state): State<AppState>,
    WorkerUser(user): WorkerUser,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<SyncResponse>, ApiError> {
    let request = envelope::parse(&body).map_err(|error| match error {
        EnvelopeError::Invalid(message) => ApiError::invalid_request(message),
        EnvelopeError::TooManyMutations(_) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_mutations",
            error.to_string(),
        ),
    })?;
    let now = state.clock.now();
    let outcome = sync::sync(&state.db, user.id, request, now).await?;
    Ok(Json(SyncResponse {
        last_mid: outcome.last_mid,
        cursor: outcome.cursor,
        records: outcome
            .records
            .into_iter()
            .map(|record| SyncedRecord {
                kind: record.kind.as_str().to_owned(),
                id: record.id,
                fields: record.fields,
                deleted: record.deleted,
            })
            .collect(),
        rejected: outcome
            .rejected
            .into_iter()
            .map(|rejection| RejectedMutation {
                mid: rejection.mid,
                code: rejection.code.to_owned(),
                message: rejection.message,
            })
            .collect(),
        server_time: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        more: outcome.more,
    }))
}
