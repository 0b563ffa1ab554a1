//! The rules of team cover (domain.md, "Team cover"), as pure functions of what the server knows
//! (its stored requests, offers and their order of receipt, the colleagues' profiles) or what the
//! app knows (its own records and a cached `GET /team/cover` answer):
//!
//! - [`check_request_absence`], [`check_offer_request`]: what a `cover_request`'s `absence_id`
//!   and a `cover_offer`'s `request_id` may name (the server's sync asks them).
//! - [`covering_offer`]: of the accepted offers for a request, the one the server received first
//!   covers it; a taken-back (or deleted) offer frees the request; a withdrawn request, or one
//!   whose absence is gone, covers nothing.
//! - [`resolve_covers`] (server) and [`covers_from_team_cover`] (app): the [`Cover`]s of a
//!   worker's absences, for [`WorkerData::with_covers`], after which reachability, the share page
//!   and the calendar name the covering colleague, with the name and phone of their current
//!   profile, before the absence's own stand-in and the profile's fallbacks.
//! - [`team_cover_entry`] and [`TeamCoverEntry`]: one request as `GET /team/cover` shows it to the
//!   team: who is away, when, the kind, the note to the team and who covers; nothing of the
//!   worker's service users.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::holidays::is_holiday;
use crate::kind::RecordKind;
use crate::local_time::{local_instant, Edge};
use crate::records::{Absence, AbsenceKind, CoverRequest, CoverStatus, Fallback, Profile};
use crate::wire_time;
use crate::worker::WorkerData;

/// What the server knows of the record a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referenced {
    pub kind: RecordKind,
    /// The worker who owns it.
    pub owner: Uuid,
    /// The owner's team.
    pub team: Uuid,
}

/// A `cover_request`'s `absence_id` must name an absence of the requesting worker (existing, or
/// written earlier in the same sync request). `target` is the record it names, if any exists.
pub fn check_request_absence(requester: Uuid, target: Option<&Referenced>) -> Result<()> {
    match target {
        Some(target) if target.kind == RecordKind::Absence && target.owner == requester => Ok(()),
        _ => Err(Error::invalid(
            "absence_id",
            "must be one of your absences, existing or written earlier in this request",
        )),
    }
}

/// A `cover_offer`'s `request_id` must name a `cover_request` of another worker of the offering
/// worker's team. One message for an unknown id, another team's request and a record that is not
/// a request, so an offer learns nothing of records outside its team; one's own request is named,
/// since that leaks nothing.
pub fn check_offer_request(
    offerer: Uuid,
    offerer_team: Uuid,
    target: Option<&Referenced>,
) -> Result<()> {
    match target {
        Some(target) if target.kind == RecordKind::CoverRequest && target.team == offerer_team => {
            if target.owner == offerer {
                Err(Error::invalid(
                    "request_id",
                    "is your own request: a colleague covers it, not you",
                ))
            } else {
                Ok(())
            }
        }
        _ => Err(Error::invalid(
            "request_id",
            "must be a cover request of a colleague in your team",
        )),
    }
}

/// An offer as the server recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedOffer {
    pub offer_id: Uuid,
    pub request_id: Uuid,
    /// The worker who offered.
    pub colleague: Uuid,
    /// Whether the offer stands: `accepted` and not deleted.
    pub accepted: bool,
    /// Its place in the order in which the server received the offers standing (smaller is
    /// earlier). An offer taken back and made again is received again, at the back.
    pub received: i64,
}

/// The offer covering `request`: of its standing offers, the one received first (then the
/// smaller offer id, so a tie, which the server never records, still has one answer). None when
/// the request is withdrawn or its absence is gone (`absence`: the live absence, if any).
pub fn covering_offer<'a>(
    request: &CoverRequest,
    absence: Option<&Absence>,
    offers: &'a [ReceivedOffer],
) -> Option<&'a ReceivedOffer> {
    absence.filter(|absence| absence.id == request.absence_id)?;
    if !request.is_open() {
        return None;
    }
    offers
        .iter()
        .filter(|offer| offer.request_id == request.id && offer.accepted)
        .min_by_key(|offer| (offer.received, offer.offer_id))
}

/// A worker of the team as a stand-in: the name and phone of their own current profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub worker_id: Uuid,
    pub display_name: String,
    pub phone: Option<String>,
}

impl Colleague {
    /// From the colleague's profile; its display name if set, else the account's.
    pub fn from_profile(worker_id: Uuid, profile: &Profile, account_name: &str) -> Colleague {
        let name = profile.display_name.trim();
        Colleague {
            worker_id,
            display_name: if name.is_empty() {
                account_name.to_owned()
            } else {
                profile.display_name.clone()
            },
            phone: profile.phone.clone(),
        }
    }
}

/// A covered absence and who covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub request_id: Uuid,
    pub absence_id: Uuid,
    pub colleague: Colleague,
}

impl Cover {
    /// The colleague as someone to call; none without a phone (then the absence's own stand-in
    /// stays first: a stand-in nobody can call helps no one).
    pub fn stand_in(&self) -> Option<Fallback> {
        let phone = self.colleague.phone.as_deref()?;
        Some(Fallback::new(&self.colleague.display_name, phone))
    }
}

/// The covers of the worker of `data`, from the offers on their requests and the offering
/// colleagues' profiles (an offer whose colleague is not among `colleagues` covers nothing: a
/// colleague who left cannot stand in).
pub fn resolve_covers(
    data: &WorkerData,
    offers: &[ReceivedOffer],
    colleagues: &[Colleague],
) -> Vec<Cover> {
    let mut covers = Vec::new();
    for request in data.cover_requests() {
        let covering = covering_offer(request, data.absence(request.absence_id), offers);
        let colleague = covering.and_then(|offer| {
            colleagues
                .iter()
                .find(|colleague| colleague.worker_id == offer.colleague)
        });
        if let Some(colleague) = colleague {
            covers.push(Cover {
                request_id: request.id,
                absence_id: request.absence_id,
                colleague: colleague.clone(),
            });
        }
    }
    covers
}

/// The covers of the worker of `data` from a `GET /team/cover` answer (the app's cached copy):
/// the entries of the worker's own open requests, for absences the worker still has.
pub fn covers_from_team_cover(data: &WorkerData, entries: &[TeamCoverEntry]) -> Vec<Cover> {
    entries
        .iter()
        .filter_map(|entry| {
            let request = data
                .cover_requests()
                .iter()
                .find(|request| request.id == entry.request_id)
                .filter(|request| request.is_open())?;
            data.absence(request.absence_id)?;
            let covered_by = entry.covered_by.as_ref()?;
            Some(Cover {
                request_id: request.id,
                absence_id: request.absence_id,
                colleague: Colleague {
                    worker_id: covered_by.worker_id,
                    display_name: covered_by.display_name.clone(),
                    phone: covered_by.phone.clone(),
                },
            })
        })
        .collect()
}

/// One request as `GET /team/cover` lists it (api.md, "Team cover").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCoverEntry {
    pub request_id: Uuid,
    pub worker: CoverWorker,
    #[serde(deserialize_with = "wire_time::read::instant")]
    pub starts_at: DateTime<Utc>,
    #[serde(deserialize_with = "wire_time::read::instant")]
    pub ends_at: DateTime<Utc>,
    pub kind: AbsenceKind,
    pub note_to_team: Option<String>,
    pub status: CoverStatus,
    /// The Norwegian public holidays among the absence's local dates.
    #[serde(deserialize_with = "wire_time::read::dates")]
    pub holiday_dates: Vec<NaiveDate>,
    pub covered_by: Option<Colleague>,
}

/// Who is away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverWorker {
    pub id: Uuid,
    pub display_name: String,
}

/// The `GET /team/cover` entry of `request` of the worker `worker` (of `data`), if its absence
/// exists; `covered_by` from [`covering_offer`] and the colleague's profile.
pub fn team_cover_entry(
    worker: CoverWorker,
    data: &WorkerData,
    request: &CoverRequest,
    covered_by: Option<Colleague>,
) -> Option<TeamCoverEntry> {
    let absence = data.absence(request.absence_id)?;
    let zone = data.timezone();
    let (first, last) = absence_dates(absence);
    Some(TeamCoverEntry {
        request_id: request.id,
        worker,
        starts_at: local_instant(zone, absence.starts_at, Edge::Start),
        ends_at: local_instant(zone, absence.ends_at, Edge::End),
        kind: absence.kind,
        note_to_team: request.note_to_team.clone(),
        status: request.status,
        holiday_dates: first
            .iter_days()
            .take_while(|date| *date <= last)
            .filter(|date| is_holiday(*date))
            .collect(),
        covered_by,
    })
}

/// The local dates an absence touches: from its start's date to its end's, where an end at
/// midnight leaves the day it begins (`2026-12-23T00:00` to `2026-12-28T00:00` is the 23rd to the
/// 27th).
pub fn absence_dates(absence: &Absence) -> (NaiveDate, NaiveDate) {
    let first = absence.starts_at.date();
    let end = absence.ends_at;
    let last = if end.hour() == 0 && end.minute() == 0 {
        end.date().pred_opt().unwrap_or(end.date())
    } else {
        end.date()
    };
    (first, last.max(first))
}
