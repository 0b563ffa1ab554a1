//! `GET /team/cover` (api.md, "Team cover"): the team's open cover requests over a range of dates,
//! for the team's workers and coordinators alike. The team is the caller's, never a parameter.
//! Each entry holds only what domain.md lets colleagues see: who is away, when, the kind, the note
//! to the team, the holidays among its dates and who covers; nothing of the worker's service
//! users. A worker's own offers reach them through their own `/sync`.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::{header, HeaderValue},
    Json,
};
use chrono::NaiveDate;
use peerline_core::{wire_time::parse_date, TeamCoverEntry};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::{
    api::{error::ApiError, session::AuthUser},
    app::AppState,
    cover,
};

/// The dates to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CoverQuery {
    /// The first local date, `YYYY-MM-DD`; default: today in Europe/Oslo.
    #[param(example = "2026-12-01")]
    pub from: Option<String>,
    /// The last local date (included), at most 26 weeks after `from`; default: 8 weeks after it.
    #[param(example = "2027-01-26")]
    pub to: Option<String>,
}

/// One open cover request (documentation form of peerline-core's `TeamCoverEntry`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct TeamCoverEntryBody {
    /// The `cover_request` record's id: what a `cover_offer`'s `request_id` names.
    request_id: uuid::Uuid,
    /// Who is away.
    worker: CoverWorkerBody,
    /// The absence's start, RFC 3339 UTC.
    #[schema(example = "2026-12-22T23:00:00Z")]
    starts_at: String,
    /// The absence's end, RFC 3339 UTC.
    #[schema(example = "2026-12-27T23:00:00Z")]
    ends_at: String,
    /// The absence's kind: `day_off`, `vacation`, `sick` or `other`.
    #[schema(example = "vacation")]
    kind: String,
    /// The worker's note to the team, or null.
    note_to_team: Option<String>,
    /// Always `open` (withdrawn requests are not listed).
    #[schema(example = "open")]
    status: String,
    /// The Norwegian public holidays among the absence's local dates, `YYYY-MM-DD`.
    holiday_dates: Vec<String>,
    /// The colleague whose offer the server received first, with their profile's name and phone;
    /// null when nobody covers.
    covered_by: Option<CoveredByBody>,
}

/// The worker who is away.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct CoverWorkerBody {
    /// Their user id.
    id: uuid::Uuid,
    /// Their profile's display name, else the account's.
    display_name: String,
}

/// The colleague who covers.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct CoveredByBody {
    /// Their user id.
    worker_id: uuid::Uuid,
    /// Their profile's display name, else the account's.
    display_name: String,
    /// Their profile's phone: what service users call while the absence lasts.
    phone: Option<String>,
}

/// The team's open cover requests whose absences touch the range, by start.
#[utoipa::path(
    get, path = "/api/v1/team/cover", tag = "team",
    security(("bearer" = [])),
    params(CoverQuery),
    responses(
        (status = 200, description = "The open requests, each with who covers it", body = [TeamCoverEntryBody]),
        (status = 400, description = "`invalid_request`: a date is not `YYYY-MM-DD`, `to` is before `from`, or the range is longer than 26 weeks", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
    )
)]
pub async fn team_cover(
    State(state): State<AppState>,
    AuthUser { user, .. }: AuthUser,
    query: Result<Query<CoverQuery>, QueryRejection>,
) -> Result<
    (
        [(header::HeaderName, HeaderValue); 1],
        Json<Vec<TeamCoverEntry>>,
    ),
    ApiError,
> {
    let Query(query) = query.map_err(|_| ApiError::invalid_request("malformed query string"))?;
    let (from, to) = (date(query.from.as_deref())?, date(query.to.as_deref())?);
    let (from, to) =
        cover::cover_range(from, to, state.clock.now()).map_err(ApiError::invalid_request)?;
    let entries = cover::team_cover(&state.db, user.team_id, from, to).await?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(entries),
    ))
}

fn date(text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    text.map(|text| {
        (text.len() == 10)
            .then(|| parse_date(text))
            .flatten()
            .ok_or_else(|| ApiError::invalid_request("`from` and `to` must be dates YYYY-MM-DD"))
    })
    .transpose()
}
