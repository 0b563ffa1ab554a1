//! The service-user share link (api.md, "Service-user share"): `GET /share/{token}` and
//! `GET /share/{token}/calendar.ics`. No login: the token is the capability.
//!
//! The token is hashed and looked up in the share-token index the sync keeps; an unknown token, a
//! replaced or unset one, and one whose contact is deleted or ended all get the same 404 (the same
//! body, the same work: one indexed lookup). The answer is computed by peerline-core from the
//! worker's public fields only (see [`crate::store::share_links`]), so no private field can reach
//! it. The worker's absences name their stand-in: a covering colleague (the team's standing offers,
//! `crate::cover`) before the absence's own. Responses are `no-store`: a shared phone's browser
//! cache should not keep them (the page keeps its own copy, on purpose, for offline use). Both
//! answers carry a weak `ETag` over everything but their generation time, and a request whose
//! `If-None-Match` names it gets a 304 (see [`crate::api::conditional`]): the page polls with it.

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, Duration, Utc};
use peerline_core::{
    calendar_absences, calendar_windows, share_calendar, share_response, CalendarInfo, Language,
    ShareResponse, WorkerData,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::{
    api::{conditional::WeakTag, error::ApiError},
    app::AppState,
    cover,
    store::{self, share_links},
    tokens,
};

/// Logs older than this cannot count towards today's or this ISO week's limit (a week is at most
/// seven local days; one more covers any zone offset).
const LOG_LOOKBACK_DAYS: i64 = 8;

/// The share page's data (documentation form of peerline-core's `ShareResponse`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ShareBody {
    worker: SharedWorkerBody,
    contact: SharedContactBody,
    /// The worker's IANA time zone: the page reads every wall-clock time in it.
    #[schema(example = "Europe/Oslo")]
    timezone: String,
    reachability: ShareReachabilityBody,
    /// The effective windows (absences removed, limits not applied) that end after now and start
    /// before now + 14 days, adjacent ones joined, not clipped.
    windows: Vec<ShareWindowBody>,
    /// What both sides agreed on, or null.
    expectations: Option<String>,
    /// Null when the worker does not show limits to service users.
    limits: Option<ShareLimitsBody>,
    /// Who to call instead, in order: a current absence's stand-in first.
    fallbacks: Vec<FallbackBody>,
    /// When this answer was computed, RFC 3339 UTC.
    #[schema(example = "2026-11-26T15:45:00Z")]
    generated_at: String,
    /// The absences that start within the next 14 days (not the current one), by start.
    upcoming_absences: Vec<UpcomingAbsenceBody>,
    /// The next planned change of the agreement within 60 days, or null.
    next_agreement_change: Option<NextAgreementChangeBody>,
}

/// An absence ahead.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct UpcomingAbsenceBody {
    /// RFC 3339 UTC.
    #[schema(example = "2026-12-22T23:00:00Z")]
    starts_at: String,
    /// RFC 3339 UTC.
    #[schema(example = "2026-12-27T23:00:00Z")]
    ends_at: String,
    /// The worker's message for it, or null.
    message: Option<String>,
    /// Who answers meanwhile: the colleague who covers it (their current name and phone), else
    /// the absence's own stand-in; null when nobody.
    stand_in: Option<FallbackBody>,
}

/// The next planned change of the agreement. Each key holds what is in force from `from` where
/// the change sets it, and null where the change leaves it as it is.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct NextAgreementChangeBody {
    /// The local date it takes effect, `YYYY-MM-DD`.
    #[schema(example = "2027-01-04")]
    from: String,
    /// The weekly windows from then (the agreement's inside the worker's availability, local
    /// time), days with the same times together; null when the change keeps the windows.
    windows: Option<Vec<WeeklyWindowBody>>,
    /// The limits from then, when the change sets one and the worker shows limits; else null.
    limits: Option<ShareLimitsBody>,
    /// The expectations from then, when the change sets them; else null.
    expectations: Option<String>,
}

/// A weekly window in the worker's local time.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct WeeklyWindowBody {
    /// ISO weekdays, 1 = Monday .. 7 = Sunday.
    days: Vec<u8>,
    /// `HH:MM`.
    #[schema(example = "18:00")]
    start: String,
    /// `HH:MM`, `24:00` allowed.
    #[schema(example = "20:00")]
    end: String,
}

/// The worker, as the service user sees them.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct SharedWorkerBody {
    /// The profile's display name.
    display_name: String,
    /// The profile's phone: what the call and SMS buttons call.
    phone: Option<String>,
}

/// The service user.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct SharedContactBody {
    /// Their name, for the greeting.
    name: String,
}

/// Reachability now.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ShareReachabilityBody {
    /// `reachable`, `not_now`, `limit_reached` (only when the worker shows limits), `away` or
    /// `no_upcoming`.
    #[schema(example = "reachable")]
    state: String,
    /// RFC 3339 UTC: the window's end when reachable, the absence's end when away; else null.
    until: Option<String>,
    /// RFC 3339 UTC: the next window start when not now or limit reached; else null.
    next_start: Option<String>,
    /// The absence's message while away, else the profile's away message when not reachable.
    message: Option<String>,
}

/// A window, `[start, end)`, RFC 3339 UTC.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ShareWindowBody {
    start: String,
    end: String,
}

/// The agreed contacts per day and per ISO week (each null when not agreed).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ShareLimitsBody {
    per_day: Option<u32>,
    per_week: Option<u32>,
}

/// Someone to call.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct FallbackBody {
    label: String,
    phone: String,
}

/// The calendar's optional language (default: the worker's profile language).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// `nb` or `en`: the language of the event titles.
    lang: Option<String>,
}

/// Whether the worker can be reached now, when next, and whom to call otherwise.
#[utoipa::path(
    get, path = "/api/v1/share/{token}", tag = "share",
    params(("token" = String, Path, description = "The share token from the link `/s/TOKEN`")),
    responses(
        (status = 200, description = "The share page's data", body = ShareBody,
         headers(("ETag" = String, description = "Weak tag of the answer without `generated_at`"))),
        (status = 304, description = "`If-None-Match` names the current tag: the answer is the \
         client's stored one but for `generated_at` (the `Date` header's instant)",
         headers(("ETag" = String, description = "The same tag"))),
        (status = 404, description = "Unknown, replaced or unset token (always the same body)",
         body = crate::api::error::ErrorBody),
    )
)]
pub async fn share(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let (data, contact_id) = shared_worker(&state, &token, now).await?;
    let body = share_response(&data, contact_id, now).ok_or_else(ApiError::not_found)?;
    let unstamped = ShareResponse {
        generated_at: DateTime::UNIX_EPOCH,
        ..body.clone()
    };
    let tag = WeakTag::of([serde_json::to_vec(&unstamped)
        .unwrap_or_default()
        .as_slice()]);
    Ok(tag.respond(&request_headers, no_store_value(), || {
        Json::<ShareResponse>(body).into_response()
    }))
}

/// The next 60 days of windows, and the absences under way or within them (each naming who
/// answers), as an iCalendar file (RFC 5545, times in UTC).
#[utoipa::path(
    get, path = "/api/v1/share/{token}/calendar.ics", tag = "share",
    params(
        ("token" = String, Path, description = "The share token from the link `/s/TOKEN`"),
        CalendarQuery,
    ),
    responses(
        (status = 200, description = "text/calendar: one event per window and per absence", content_type = "text/calendar",
         headers(("ETag" = String, description = "Weak tag of the file without its `DTSTAMP` lines"))),
        (status = 304, description = "`If-None-Match` names the current tag: only the `DTSTAMP`s would differ",
         headers(("ETag" = String, description = "The same tag"))),
        (status = 404, description = "Unknown, replaced or unset token (always the same body)",
         body = crate::api::error::ErrorBody),
    )
)]
pub async fn calendar(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<CalendarQuery>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let (data, contact_id) = shared_worker(&state, &token, now).await?;
    let shared = share_response(&data, contact_id, now).ok_or_else(ApiError::not_found)?;
    let language = match query.lang.as_deref() {
        Some("nb") => Language::Nb,
        Some("en") => Language::En,
        _ => data.profile().language,
    };
    let info = CalendarInfo {
        worker_name: &shared.worker.display_name,
        language,
        uid_namespace: contact_id,
        generated_at: now,
    };
    let text = share_calendar(
        &info,
        &calendar_windows(&data, contact_id, now),
        &calendar_absences(&data, now),
    );
    // DTSTAMP (when the file was made) is the calendar's only line that changes by itself.
    let tag = WeakTag::of(
        text.split_inclusive('\n')
            .filter(|line| !line.starts_with("DTSTAMP:"))
            .map(str::as_bytes),
    );
    Ok(tag.respond(&request_headers, no_store_value(), || {
        let mut response = text.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        );
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"peerline.ics\""),
        );
        response
    }))
}

/// The worker's records and the contact a live `token` shows; the one 404 otherwise.
async fn shared_worker(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(WorkerData, uuid::Uuid), ApiError> {
    let mut transaction = state.db.pool().begin().await?;
    let target = share_links::find_target(&mut *transaction, &tokens::token_hash(token))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let logs_from = store::to_millis(now - Duration::days(LOG_LOOKBACK_DAYS));
    let records = share_links::worker_records(&mut *transaction, target.user_id, logs_from).await?;
    let data = WorkerData::from_wire(&records);
    let covers = cover::covers_of(&mut transaction, &data).await?;
    transaction.commit().await?;
    Ok((data.with_covers(covers), target.contact_id))
}

fn no_store_value() -> HeaderValue {
    HeaderValue::from_static("no-store")
}
