//! Team cover on the server (domain.md, "Team cover"; api.md, "Team cover"): the covers of one
//! worker's absences (for the share page and its calendar) and the team's cover list
//! (`GET /team/cover`). Every rule is peerline-core's ([`peerline_core::cover`]); this module
//! reads what the rules need: the workers' requests, absences and profiles, and the standing
//! offers in the order the server received them.
//!
//! What leaves here about a worker is only what domain.md lets colleagues see: who is away, from
//! when to when, the kind, the note to the team and who covers. Only the kinds `profile`,
//! `absence` and `cover_request` are read, and of those only public fields.

use chrono::{DateTime, Days, NaiveDate, Utc};
use peerline_core::{
    cover::absence_dates, covering_offer, resolve_covers, team_cover_entry,
    timezones::DEFAULT_TIMEZONE, Colleague, Cover, CoverWorker, TeamCoverEntry, WorkerData,
};
use uuid::Uuid;

use crate::{db::Db, store, Result};

/// `GET /team/cover` without `from`: today (Europe/Oslo) ...
pub const DEFAULT_DAYS: u64 = 8 * 7;
/// ... and at most this many days from `from` to `to`.
pub const MAX_DAYS: u64 = 26 * 7;

/// The covers of the worker of `data`: the standing offers on their requests, and the offering
/// colleagues' current profiles.
pub async fn covers_of(
    connection: &mut sqlx::AnyConnection,
    data: &WorkerData,
) -> Result<Vec<Cover>> {
    let requests: Vec<Uuid> = data
        .cover_requests()
        .iter()
        .filter(|request| request.is_open())
        .map(|request| request.id)
        .collect();
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let offers = store::cover::standing_offers(connection, &requests).await?;
    let mut offering: Vec<Uuid> = offers.iter().map(|offer| offer.colleague).collect();
    offering.sort_unstable();
    offering.dedup();
    let colleagues = store::cover::colleagues(connection, &offering).await?;
    Ok(resolve_covers(data, &offers, &colleagues))
}

/// The range of `GET /team/cover`: `from` and `to` (inclusive local dates), checked.
pub fn cover_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> std::result::Result<(NaiveDate, NaiveDate), &'static str> {
    let today = now.with_timezone(&DEFAULT_TIMEZONE).date_naive();
    let from = from.unwrap_or(today);
    let to = match to {
        Some(to) => to,
        None => from
            .checked_add_days(Days::new(DEFAULT_DAYS))
            .ok_or("`from` is too far ahead")?,
    };
    if to < from {
        return Err("`to` must not be before `from`");
    }
    let longest = from.checked_add_days(Days::new(MAX_DAYS)).unwrap_or(to);
    if to > longest {
        return Err("`from` to `to` must be at most 26 weeks (182 days)");
    }
    Ok((from, to))
}

/// The open requests of the team's workers whose absences touch the local dates `from..=to`, by
/// start (then request id), each with who covers it.
pub async fn team_cover(
    db: &Db,
    team_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TeamCoverEntry>> {
    // One read transaction: the requests, absences, profiles and offers of one moment.
    let mut connection = db.pool().begin().await?;
    let workers = store::team::team_workers(&mut *connection, team_id).await?;
    let mut records = store::team::cover_records(&mut *connection, db.backend(), team_id).await?;
    let team: Vec<(CoverWorker, WorkerData)> = workers
        .into_iter()
        .map(|worker| {
            let data = WorkerData::from_wire(&records.remove(&worker.id).unwrap_or_default());
            let profile_name = data.profile().display_name.trim();
            let display_name = if profile_name.is_empty() {
                worker.display_name
            } else {
                data.profile().display_name.clone()
            };
            let who = CoverWorker {
                id: worker.id,
                display_name,
            };
            (who, data)
        })
        .collect();
    let colleagues: Vec<Colleague> = team
        .iter()
        .map(|(who, data)| Colleague {
            worker_id: who.id,
            display_name: who.display_name.clone(),
            phone: data.profile().phone.clone(),
        })
        .collect();
    let requests: Vec<Uuid> = team
        .iter()
        .flat_map(|(_, data)| data.cover_requests().iter().map(|request| request.id))
        .collect();
    let offers = store::cover::standing_offers(&mut connection, &requests).await?;
    connection.commit().await?;
    let mut entries = Vec::new();
    for (who, data) in &team {
        for request in data.cover_requests().iter().filter(|r| r.is_open()) {
            let Some(absence) = data.absence(request.absence_id) else {
                continue;
            };
            let (first, last) = absence_dates(absence);
            if last < from || to < first {
                continue;
            }
            let covered_by = covering_offer(request, Some(absence), &offers).and_then(|offer| {
                colleagues
                    .iter()
                    .find(|colleague| colleague.worker_id == offer.colleague)
                    .cloned()
            });
            entries.extend(team_cover_entry(who.clone(), data, request, covered_by));
        }
    }
    entries.sort_by_key(|entry| (entry.starts_at, entry.request_id));
    Ok(entries)
}
