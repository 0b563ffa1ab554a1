//! The coordinator summary of a team for one ISO week (api.md, Coordinator summaries; domain.md,
//! Boundary pressure). Every figure is peerline-core's: [`week_pressure`],
//! [`pressure::active_service_users`], [`pressure::relationships_ending_soon`] and
//! [`pressure::shared_checkin`], [`pressure::shared_agenda`] over a [`WorkerData`] of the worker's synced records. This module
//! only decides which records to load and puts the answers together; [`csv`] writes them as CSV.
//!
//! # Why it is fast, and why that changes no figure
//!
//! After two years a worker has thousands of logs and a hundred weekly check-ins but only some
//! dozens of other records. The summary loads, for the whole team in two statements, the workers'
//! other records, the check-ins of the week, and only the logs whose `at` falls within
//! [`log_range`] of the week (an index range on `records(user_id, kind, occurred_at)`). That is
//! enough for the same answers as all the records: check-ins are read by nothing but
//! `shared_checkin` of the week, and logs by nothing but `week_pressure`, which counts only the
//! logs inside the week's local days (and the service users with such logs); the range covers
//! those days in any time zone.
//! `tests/api/team.rs` checks the figures against core over every record of each worker.

pub mod csv;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use peerline_core::{
    pressure, timezones::DEFAULT_TIMEZONE, week_pressure, IsoWeek, SharedAgendaItem, WeekPressure,
    WorkerData,
};
use uuid::Uuid;

use crate::{
    db::Db,
    store::{self, team::TeamWorker},
    Error, Result,
};

/// One team's summary for one week.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSummary {
    /// The team.
    pub team_id: Uuid,
    /// Its name.
    pub team_name: String,
    /// The ISO week summarised.
    pub week: IsoWeek,
    /// The team's workers, by display name.
    pub workers: Vec<WorkerSummary>,
}

/// One worker's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerSummary {
    /// The worker's user id.
    pub worker_id: Uuid,
    /// The account's display name.
    pub display_name: String,
    /// The worker's last sync.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Active service-user relationships.
    pub active_service_users: usize,
    /// Active service-user relationships whose planned end or review date falls within 60 days.
    pub relationships_ending_soon: usize,
    /// The week's check-in, if the worker shared it.
    pub checkin: Option<SharedCheckin>,
    /// The week's boundary pressure, per service user and in total.
    pub pressure: WeekPressure,
    /// The agenda items shared with the coordinator and not yet discussed (never a note).
    pub agenda: Vec<SharedAgendaItem>,
}

/// What a coordinator sees of a shared check-in (never its note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedCheckin {
    /// 1-5.
    pub energy: u8,
    /// 1-5.
    pub strain: u8,
    /// 1-5, the single-item burnout measure.
    pub burnout: u8,
    /// Whether the worker asks for guidance.
    pub needs_guidance: bool,
}

/// The ISO week of `now` in Europe/Oslo: the summary's default.
pub fn current_week(now: DateTime<Utc>) -> IsoWeek {
    IsoWeek::of(now.with_timezone(&DEFAULT_TIMEZONE).date_naive())
}

/// The instants whose logs the summary of `week` loads: from a day before the week's Monday
/// 00:00 UTC to a day after the next Monday's. Every time zone is less than a day from UTC, so
/// this covers the week's local days wherever the worker lives.
pub fn log_range(week: IsoWeek) -> (DateTime<Utc>, DateTime<Utc>) {
    let monday = week.monday().and_time(NaiveTime::MIN).and_utc();
    (monday - Duration::days(1), monday + Duration::days(8))
}

/// The summary of team `team_id` for `week`, as of `now`.
pub async fn team_summary(
    db: &Db,
    team_id: Uuid,
    week: IsoWeek,
    now: DateTime<Utc>,
) -> Result<TeamSummary> {
    let pool = db.pool();
    let team_name = store::team::team_name(pool, team_id)
        .await?
        .ok_or_else(|| Error::Corrupt(format!("team {team_id} of a session is missing")))?;
    let workers = store::team::team_workers(pool, team_id).await?;
    let mut standing = store::team::standing_records(pool, db.backend(), team_id, week).await?;
    let (from, to) = log_range(week);
    let mut logs = store::team::logs_between(
        pool,
        db.backend(),
        team_id,
        store::to_millis(from),
        store::to_millis(to),
    )
    .await?;
    let inputs: Vec<_> = workers
        .into_iter()
        .map(|worker| {
            let mut records = standing.remove(&worker.id).unwrap_or_default();
            records.extend(logs.remove(&worker.id).unwrap_or_default());
            (worker, records)
        })
        .collect();
    // Indexing and counting is CPU work of some milliseconds for a big team: done on the blocking
    // pool so it does not hold up the runtime's other requests.
    let workers = tokio::task::spawn_blocking(move || {
        inputs
            .into_iter()
            .map(|(worker, records)| {
                worker_summary(worker, &WorkerData::from_wire(&records), week, now)
            })
            .collect::<Result<Vec<_>>>()
    })
    .await
    .map_err(|error| match error.try_into_panic() {
        // A panic is the request's panic, for the app's panic layer to answer.
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(_) => Error::Io(std::io::Error::other("the summary task was cancelled")),
    })??;
    Ok(TeamSummary {
        team_id,
        team_name,
        week,
        workers,
    })
}

/// One worker's figures from their indexed records. "Within 60 days of the request" counts from
/// the worker's local date at `now`, like every other date of theirs.
pub fn worker_summary(
    worker: TeamWorker,
    data: &WorkerData,
    week: IsoWeek,
    now: DateTime<Utc>,
) -> Result<WorkerSummary> {
    let today = now.with_timezone(&data.timezone()).date_naive();
    let checkin = pressure::shared_checkin(data, week).map(|checkin| SharedCheckin {
        energy: checkin.energy,
        strain: checkin.strain,
        burnout: checkin.burnout,
        needs_guidance: checkin.needs_guidance,
    });
    Ok(WorkerSummary {
        worker_id: worker.id,
        display_name: worker.display_name,
        last_sync_at: worker.last_sync_at.map(store::from_millis).transpose()?,
        active_service_users: pressure::active_service_users(data),
        relationships_ending_soon: pressure::relationships_ending_soon(data, today),
        checkin,
        pressure: week_pressure(data, week),
        agenda: pressure::shared_agenda(data),
    })
}
