//! The coordinator's endpoints (api.md, Coordinator summaries): `GET /team/summary`,
//! `GET /team/summary.csv` and `GET /team/access-log`.
//!
//! Coordinators only ([`CoordinatorUser`]: a worker gets 403 `forbidden`), and only of their own
//! team: the team is the caller's, never a parameter, so another team's workers cannot be named,
//! let alone shown. Every successful read is first written to the team's access log (who, when,
//! which endpoint, which week), before anything is read, so no read goes unlogged; a request
//! refused for its parameters reads nothing and is not logged.

use axum::{
    extract::{rejection::QueryRejection, FromRequestParts, Query, State},
    http::{header, request::Parts, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, SecondsFormat, Utc};
use peerline_core::{IsoWeek, ServiceUserPressure, SharedAgendaItem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    accounts::{Role, User},
    api::{error::ApiError, session::AuthUser},
    app::AppState,
    store::{
        self,
        team::{AccessEntry, NewAccess},
    },
    summary::{self, csv, SharedCheckin, TeamSummary, WorkerSummary},
};

/// The summary's path, as the access log names it.
pub const SUMMARY_PATH: &str = "/api/v1/team/summary";
/// The CSV's path, as the access log names it.
pub const SUMMARY_CSV_PATH: &str = "/api/v1/team/summary.csv";
/// The access log's path, as the access log names it.
pub const ACCESS_LOG_PATH: &str = "/api/v1/team/access-log";

/// Entries per access-log page when the request names no `limit`.
pub const DEFAULT_ACCESS_LOG_LIMIT: u32 = 50;
/// The most entries one access-log page holds.
pub const MAX_ACCESS_LOG_LIMIT: u32 = 500;

/// `Cache-Control: no-store` for every answer here: named service users' figures and who read
/// them should not stay in a browser's or proxy's cache.
type NoStore = [(header::HeaderName, HeaderValue); 1];
const NO_STORE: NoStore = [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))];

/// The authenticated caller, who must be a coordinator (403 `forbidden` otherwise).
#[derive(Debug, Clone)]
pub struct CoordinatorUser(pub User);

impl FromRequestParts<AppState> for CoordinatorUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let AuthUser { user, .. } = AuthUser::from_request_parts(parts, state).await?;
        if user.role != Role::Coordinator {
            return Err(ApiError::forbidden(
                "only coordinators may use the team's summaries, members, invites and access log",
            ));
        }
        Ok(Self(user))
    }
}

// `parameter_in = Query` on every query struct: utoipa infers it only from a bare `Query<T>`
// argument, and these handlers take `Result<Query<T>, _>` (to answer a bad query themselves), so
// without it the document declared them required path parameters (issue 17).

/// The week to summarise.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    /// An ISO week, `YYYY-Www`; default: the current ISO week in Europe/Oslo.
    #[param(example = "2026-W48")]
    pub week: Option<String>,
}

/// The week to summarise as CSV, and how.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CsvQuery {
    /// An ISO week, `YYYY-Www`; default: the current ISO week in Europe/Oslo.
    #[param(example = "2026-W48")]
    pub week: Option<String>,
    /// `comma` (the default: RFC 4180) or `semicolon` (`;` between cells and a UTF-8 byte order
    /// mark: what a spreadsheet set to Norwegian opens as columns, with æ, ø and å intact).
    #[param(inline)]
    pub separator: Option<SeparatorParam>,
}

/// The CSV's separator.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeparatorParam {
    /// `,`.
    Comma,
    /// `;`, with a byte order mark.
    Semicolon,
}

/// A page of the access log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessLogQuery {
    /// Entries per page, 1 to 500; default 50.
    pub limit: Option<String>,
    /// The `next` of the previous page: the entries older than its last.
    pub before: Option<String>,
}

/// The team summary of one ISO week.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamSummaryBody {
    /// The caller's team.
    pub team: TeamBody,
    /// The ISO week summarised.
    #[schema(example = "2026-W48")]
    pub week: String,
    /// The team's workers, by display name.
    pub workers: Vec<WorkerSummaryBody>,
}

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamBody {
    /// The team id.
    pub id: Uuid,
    /// The team's name.
    pub name: String,
}

/// One worker's week. The counts are sums over `service_users` (domain.md, Boundary pressure).
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerSummaryBody {
    /// The worker's user id.
    pub worker_id: Uuid,
    /// The account's display name.
    pub display_name: String,
    /// The worker's last sync, RFC 3339 UTC; null before the first.
    #[schema(example = "2026-11-26T15:45:00Z")]
    pub last_sync_at: Option<String>,
    /// Active service-user relationships.
    pub active_service_users: u64,
    /// Contacts logged with service users in the week.
    pub contacts: u32,
    /// Of those, outside the worker's own windows (days off, absences and holidays included).
    pub after_hours_contacts: u32,
    /// Of those, outside the service user's effective windows.
    pub outside_agreement_contacts: u32,
    /// Days on which a service user's daily limit was exceeded, summed over service users.
    pub limit_exceeded_days: u32,
    /// Incoming contacts not answered, any channel.
    pub unanswered_incoming: u32,
    /// How many service users went over their weekly limit.
    pub weekly_limit_exceeded: u32,
    /// Minutes of the contacts outside the worker's own windows (a log without minutes counts 0).
    pub after_hours_minutes: u32,
    /// How many of those contacts have no minutes.
    pub after_hours_untimed: u32,
    /// Active service-user relationships whose planned end or review date falls within 60 days
    /// of the request (from the worker's local date).
    pub relationships_ending_soon: u64,
    /// The week's check-in if the worker shared it with the coordinator, else null.
    pub checkin: Option<CheckinBody>,
    /// The active service users plus any with logs that week (deleted ones included), by name.
    pub service_users: Vec<ServiceUserBody>,
    /// What the worker wants to bring up: the items shared with the coordinator and not yet
    /// discussed, by week. Never a note.
    pub agenda: Vec<AgendaItemBody>,
}

/// An agenda item shared with the coordinator.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemBody {
    /// The item's record id.
    pub id: Uuid,
    /// The ISO week it is for.
    #[schema(example = "2026-W48")]
    pub week: String,
    /// `boundaries`, `after_hours`, `ending`, `my_wellbeing` or `other`.
    #[schema(example = "boundaries")]
    pub topic: String,
    /// The name of the contact it is about, if any.
    pub contact_name: Option<String>,
}

/// A shared check-in: the scores and the flag, never the note.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinBody {
    /// 1-5.
    pub energy: u8,
    /// 1-5.
    pub strain: u8,
    /// 1-5, the single-item burnout measure (1: no burnout, 5: completely burned out).
    pub burnout: u8,
    /// Whether the worker asks for guidance.
    pub needs_guidance: bool,
}

/// One service user's week.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceUserBody {
    /// The contact record's id.
    pub contact_id: Uuid,
    /// The contact's name.
    pub name: String,
    /// Contacts logged.
    pub contacts: u32,
    /// Of those, outside the worker's own windows.
    pub after_hours_contacts: u32,
    /// Of those, outside the service user's effective windows.
    pub outside_agreement_contacts: u32,
    /// Local days with more contacts than the daily limit.
    pub limit_exceeded_days: u32,
    /// Whether the week had more contacts than the weekly limit.
    pub weekly_limit_exceeded: bool,
    /// Incoming contacts not answered.
    pub unanswered_incoming: u32,
    /// Minutes of the contacts outside the worker's own windows (a log without minutes counts 0).
    pub after_hours_minutes: u32,
    /// How many of those contacts have no minutes.
    pub after_hours_untimed: u32,
}

/// A page of the team's access log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogBody {
    /// The entries.
    pub entries: Vec<AccessEntryBody>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next: Option<String>,
}

/// One read of a summary, its CSV or the access log, or one action on members or invites.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessEntryBody {
    /// The entry's id.
    pub id: Uuid,
    /// When, RFC 3339 UTC with milliseconds.
    #[schema(example = "2026-11-26T15:45:00.000Z")]
    pub at: String,
    /// Who read: their user id.
    pub user_id: Uuid,
    /// Who read: their display name.
    pub display_name: String,
    /// The path read.
    #[schema(example = "/api/v1/team/summary.csv")]
    pub endpoint: String,
    /// The ISO week read; null for reads of the access log and for actions.
    #[schema(example = "2026-W48")]
    pub week: Option<String>,
    /// Null for a read; for an action: `invite_created`, `invite_withdrawn`, `invite_accepted`
    /// (by the new member), `member_deactivated`, `member_reactivated` or `member_data_erased`.
    #[schema(example = "member_deactivated")]
    pub action: Option<String>,
    /// Null for a read; for an action, the member or invite it was done to.
    pub subject: Option<AccessSubjectBody>,
}

/// Whom an action in the access log was done to.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessSubjectBody {
    /// The member's user id, or the invite's id.
    pub id: Uuid,
    /// Their display name when the action was done.
    pub display_name: String,
}

/// The team's boundary pressure and load in one ISO week, per worker and per service user.
#[utoipa::path(
    get, path = "/api/v1/team/summary", tag = "team",
    security(("bearer" = [])),
    params(WeekQuery),
    responses(
        (status = 200, description = "The summary; the read is written to the access log", body = TeamSummaryBody),
        (status = 400, description = "`invalid_request`: `week` is not an ISO week like 2026-W48", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    query: Result<Query<WeekQuery>, QueryRejection>,
) -> Result<(NoStore, Json<TeamSummaryBody>), ApiError> {
    let summary = read_summary(&state, &user, query, SUMMARY_PATH).await?;
    Ok((NO_STORE, Json(summary_body(summary))))
}

/// The same summary as CSV: a header row, then per worker one row per service user and a total
/// row. Service-user rows leave the worker-level columns empty; `weekly_limit_exceeded` is 1/0
/// per service user and the count on the total row. Every cell that is not a number is quoted;
/// a cell whose first character after any white space is `=`, `+`, `-` or `@` (full-width forms
/// too), or that starts with a tab or line break, gets a leading `'`.
#[utoipa::path(
    get, path = "/api/v1/team/summary.csv", tag = "team",
    security(("bearer" = [])),
    params(CsvQuery),
    responses(
        (status = 200, description = "CSV with CRLF line ends, as an attachment (RFC 4180 with the default separator); the read is written to the access log", content_type = "text/csv", body = String),
        (status = 400, description = "`invalid_request`: `week` is not an ISO week like 2026-W48, or `separator` is neither `comma` nor `semicolon`", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn summary_csv(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    query: Result<Query<CsvQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(CsvQuery { week, separator }) = query.map_err(|_| {
        ApiError::invalid_request("malformed query string (`separator`: `comma` or `semicolon`)")
    })?;
    let separator = match separator {
        None | Some(SeparatorParam::Comma) => csv::Separator::Comma,
        Some(SeparatorParam::Semicolon) => csv::Separator::Semicolon,
    };
    let week_query = Ok(Query(WeekQuery { week }));
    let summary = read_summary(&state, &user, week_query, SUMMARY_CSV_PATH).await?;
    let filename = format!("peerline-summary-{}.csv", summary.week);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|_| ApiError::internal())?;
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8; header=present"),
        ),
        (header::CONTENT_DISPOSITION, disposition),
        NO_STORE[0].clone(),
    ];
    Ok((headers, csv::summary_csv(&summary, separator)).into_response())
}

/// The team's access log: every read of a summary, its CSV or this log, and every action on
/// members and invites, newest first.
#[utoipa::path(
    get, path = "/api/v1/team/access-log", tag = "team",
    security(("bearer" = [])),
    params(AccessLogQuery),
    responses(
        (status = 200, description = "A page of entries, this read included; the read is itself written to the log", body = AccessLogBody),
        (status = 400, description = "`invalid_request`: a bad `limit` or `before`", body = crate::api::error::ErrorBody),
        (status = 401, description = "`unauthorized`", body = crate::api::error::ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not a coordinator", body = crate::api::error::ErrorBody),
    )
)]
pub async fn access_log(
    State(state): State<AppState>,
    CoordinatorUser(user): CoordinatorUser,
    query: Result<Query<AccessLogQuery>, QueryRejection>,
) -> Result<(NoStore, Json<AccessLogBody>), ApiError> {
    let Query(query) = query.map_err(|_| ApiError::invalid_request("malformed query string"))?;
    let limit = parse_limit(query.limit.as_deref())?;
    let before = query.before.as_deref().map(decode_position).transpose()?;
    let now = state.clock.now();
    log_access(&state, &user, now, ACCESS_LOG_PATH, None).await?;
    let mut entries =
        store::team::access_log_page(state.db.pool(), user.team_id, before, i64::from(limit) + 1)
            .await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let next = more.then(|| entries.last().map(encode_position)).flatten();
    Ok((
        NO_STORE,
        Json(AccessLogBody {
            entries: entries
                .into_iter()
                .map(access_entry_body)
                .collect::<crate::Result<_>>()?,
            next,
        }),
    ))
}

/// Checks the week, logs the read, computes the summary.
async fn read_summary(
    state: &AppState,
    user: &User,
    query: Result<Query<WeekQuery>, QueryRejection>,
    endpoint: &str,
) -> Result<TeamSummary, ApiError> {
    let Query(query) = query.map_err(|_| ApiError::invalid_request("malformed query string"))?;
    let now = state.clock.now();
    let week = match query.week.as_deref() {
        None => summary::current_week(now),
        Some(text) => text
            .parse::<IsoWeek>()
            .map_err(|_| ApiError::invalid_request("`week` must be an ISO week like 2026-W48"))?,
    };
    log_access(state, user, now, endpoint, Some(week)).await?;
    Ok(summary::team_summary(&state.db, user.team_id, week, now).await?)
}

async fn log_access(
    state: &AppState,
    user: &User,
    now: DateTime<Utc>,
    endpoint: &str,
    week: Option<IsoWeek>,
) -> Result<(), ApiError> {
    let week = week.map(|week| week.to_string());
    let access = NewAccess {
        id: Uuid::new_v4(),
        team_id: user.team_id,
        user_id: user.id,
        at: store::to_millis(now),
        endpoint,
        week: week.as_deref(),
        action: None,
    };
    let mut transaction = state.db.begin_write().await?;
    store::team::record_access(&mut *transaction, &access).await?;
    Ok(transaction.commit().await?)
}

fn parse_limit(text: Option<&str>) -> Result<u32, ApiError> {
    let Some(text) = text else {
        return Ok(DEFAULT_ACCESS_LOG_LIMIT);
    };
    text.parse::<u32>()
        .ok()
        .filter(|limit| (1..=MAX_ACCESS_LOG_LIMIT).contains(limit))
        .ok_or_else(|| {
            ApiError::invalid_request(format!(
                "`limit` must be a whole number from 1 to {MAX_ACCESS_LOG_LIMIT}"
            ))
        })
}

/// The `next` of a page: base64url of `v1:AT_MILLIS:ID` of its last entry.
fn encode_position(entry: &AccessEntry) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{}:{}", entry.at, entry.id))
}

fn decode_position(cursor: &str) -> Result<(i64, Uuid), ApiError> {
    let invalid = || ApiError::invalid_request("`before` must be the `next` of an earlier page");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.splitn(3, ':');
    let (version, at, id) = (parts.next(), parts.next(), parts.next());
    match (version, at, id) {
        (Some("v1"), Some(at), Some(id)) => Ok((
            at.parse().map_err(|_| invalid())?,
            id.parse().map_err(|_| invalid())?,
        )),
        _ => Err(invalid()),
    }
}

fn access_entry_body(entry: AccessEntry) -> crate::Result<AccessEntryBody> {
    let at = store::from_millis(entry.at)?;
    Ok(AccessEntryBody {
        id: entry.id,
        at: at.to_rfc3339_opts(SecondsFormat::Millis, true),
        user_id: entry.user_id,
        display_name: entry.display_name,
        endpoint: entry.endpoint,
        week: entry.week,
        action: entry.action.as_ref().map(|(action, _, _)| action.clone()),
        subject: entry
            .action
            .map(|(_, id, display_name)| AccessSubjectBody { id, display_name }),
    })
}

fn summary_body(summary: TeamSummary) -> TeamSummaryBody {
    TeamSummaryBody {
        team: TeamBody {
            id: summary.team_id,
            name: summary.team_name,
        },
        week: summary.week.to_string(),
        workers: summary.workers.into_iter().map(worker_body).collect(),
    }
}

fn worker_body(worker: WorkerSummary) -> WorkerSummaryBody {
    let totals = worker.pressure.totals;
    WorkerSummaryBody {
        worker_id: worker.worker_id,
        display_name: worker.display_name,
        last_sync_at: worker
            .last_sync_at
            .map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        active_service_users: worker.active_service_users as u64,
        contacts: totals.counts.contacts,
        after_hours_contacts: totals.counts.after_hours_contacts,
        outside_agreement_contacts: totals.counts.outside_agreement_contacts,
        limit_exceeded_days: totals.counts.limit_exceeded_days,
        unanswered_incoming: totals.counts.unanswered_incoming,
        weekly_limit_exceeded: totals.weekly_limit_exceeded,
        after_hours_minutes: totals.counts.after_hours_minutes,
        after_hours_untimed: totals.counts.after_hours_untimed,
        relationships_ending_soon: worker.relationships_ending_soon as u64,
        checkin: worker.checkin.map(checkin_body),
        service_users: worker
            .pressure
            .service_users
            .into_iter()
            .map(service_user_body)
            .collect(),
        agenda: worker.agenda.into_iter().map(agenda_item_body).collect(),
    }
}

fn agenda_item_body(item: SharedAgendaItem) -> AgendaItemBody {
    AgendaItemBody {
        id: item.id,
        week: item.week.to_string(),
        topic: item.topic.as_str().to_owned(),
        contact_name: item.contact_name,
    }
}

fn checkin_body(checkin: SharedCheckin) -> CheckinBody {
    CheckinBody {
        energy: checkin.energy,
        strain: checkin.strain,
        burnout: checkin.burnout,
        needs_guidance: checkin.needs_guidance,
    }
}

fn service_user_body(row: ServiceUserPressure) -> ServiceUserBody {
    ServiceUserBody {
        contact_id: row.contact_id,
        name: row.name,
        contacts: row.counts.contacts,
        after_hours_contacts: row.counts.after_hours_contacts,
        outside_agreement_contacts: row.counts.outside_agreement_contacts,
        limit_exceeded_days: row.counts.limit_exceeded_days,
        weekly_limit_exceeded: row.weekly_limit_exceeded,
        unanswered_incoming: row.counts.unanswered_incoming,
        after_hours_minutes: row.counts.after_hours_minutes,
        after_hours_untimed: row.counts.after_hours_untimed,
    }
}
