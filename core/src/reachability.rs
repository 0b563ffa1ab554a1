//! `reachability`: what a service user's card says now (domain.md, rules 1-5), with the fallback
//! chain, and the share page's view of it.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::iso_week::IsoWeek;
use crate::local_time::{day_start, local_date};
use crate::records::{default_fallbacks, Fallback, Role, Status};
use crate::spans::containing;
use crate::worker::{AbsenceEntry, ContactEntry, WorkerData};

/// How far ahead a next start is looked for: beyond it the answer is `NoUpcoming`.
pub const HORIZON_DAYS: i64 = 60;

/// The state of rules 2-5. Instants are UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Inside a window until `until` (adjacent windows joined).
    Reachable { until: DateTime<Utc> },
    /// Outside the windows; the next starts at `next_start` (within 60 days).
    NotNow { next_start: DateTime<Utc> },
    /// The contact's daily or weekly limit is reached; open again at `next_start`.
    LimitReached { next_start: DateTime<Utc> },
    /// An absence covers now; `until` is the end of it (and of absences joined to it).
    Away {
        until: DateTime<Utc>,
        message: Option<String>,
        stand_in: Option<Fallback>,
    },
    /// No window in the next 60 days.
    NoUpcoming,
}

/// The answer of [`reachability`]: the state, the share page's message, and who to call instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reachability {
    pub state: State,
    /// The absence's message while away, else the profile's `away_message` when not reachable.
    pub message: Option<String>,
    /// The stand-in of a current absence first, then the profile's fallbacks or the default list.
    pub fallbacks: Vec<Fallback>,
}

/// The `reachability.state` of the share page (api.md), serialized in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    Reachable,
    NotNow,
    LimitReached,
    Away,
    NoUpcoming,
}

impl ShareState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareState::Reachable => "reachable",
            ShareState::NotNow => "not_now",
            ShareState::LimitReached => "limit_reached",
            ShareState::Away => "away",
            ShareState::NoUpcoming => "no_upcoming",
        }
    }
}

impl std::fmt::Display for ShareState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `reachability` object of the share page (api.md). `until` is set when reachable or away,
/// `next_start` when not now or limit reached; absent values serialize as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareReachability {
    pub state: ShareState,
    pub until: Option<DateTime<Utc>>,
    pub next_start: Option<DateTime<Utc>>,
    pub message: Option<String>,
}

impl Reachability {
    /// The share page's view; with `show_limits` false a reached limit reads as `not_now`.
    pub fn share_view(&self, show_limits: bool) -> ShareReachability {
        let (state, until, next_start) = match &self.state {
            State::Reachable { until } => (ShareState::Reachable, Some(*until), None),
            State::NotNow { next_start } => (ShareState::NotNow, None, Some(*next_start)),
            State::LimitReached { next_start } if show_limits => {
                (ShareState::LimitReached, None, Some(*next_start))
            }
            State::LimitReached { next_start } => (ShareState::NotNow, None, Some(*next_start)),
            State::Away { until, .. } => (ShareState::Away, Some(*until), None),
            State::NoUpcoming => (ShareState::NoUpcoming, None, None),
        };
        ShareReachability {
            state,
            until,
            next_start,
            message: self.message.clone(),
        }
    }
}

/// Whether `contact` (`None`: anyone, by the worker's own windows) can reach the worker at `now`.
/// An unknown contact id reads as `None`.
pub fn reachability(data: &WorkerData, contact: Option<Uuid>, now: DateTime<Utc>) -> Reachability {
    if let Some(absence) = current_absence(data, now) {
        let until = containing(&data.away, now).map_or(absence.span.1, |joined| joined.1);
        let stand_in = data.stand_in_of(&absence.absence);
        let message = absence.absence.message.clone();
        let fallbacks = fallbacks(data, stand_in.clone());
        return Reachability {
            state: State::Away {
                until,
                message: message.clone(),
                stand_in,
            },
            message,
            fallbacks,
        };
    }
    let entry = data.entry(contact);
    let state = open_state(data, entry, now);
    let message = match state {
        State::Reachable { .. } => None,
        _ => data.profile.away_message.clone(),
    };
    Reachability {
        state,
        message,
        fallbacks: fallbacks(data, None),
    }
}

/// Rules 4 and 5, for a moment no absence covers.
fn open_state(data: &WorkerData, entry: Option<&ContactEntry>, now: DateTime<Utc>) -> State {
    let zone = data.timezone();
    let horizon = now + Duration::days(HORIZON_DAYS);
    let today = local_date(zone, now);
    // Today's start bounds the daily limit and begins the walk over windows: looked up once.
    let today_start = day_start(zone, today);
    let closed_until = closed_until(data, entry, today, today_start);
    let open_from = closed_until.map_or(now, |closed| closed.max(now));
    let mut windows = data
        .windows(entry, today, local_date(zone, horizon))
        .starting_at(today_start)
        .skip_while(|span| span.1 <= open_from);
    let Some((start, end)) = windows.next() else {
        return State::NoUpcoming;
    };
    let next_start = start.max(open_from);
    match closed_until {
        None if start <= now => State::Reachable { until: end },
        _ if next_start >= horizon => State::NoUpcoming,
        None => State::NotNow { next_start },
        Some(_) => State::LimitReached { next_start },
    }
}

/// Rule 4: the instant a reached daily or weekly limit stops closing the windows, if one is reached.
/// Limits are agreement fields, so they apply to service users only: the daily limit in force
/// today, the weekly limit in force on the week's Monday (a weekly limit is counted over a whole
/// ISO week, so the week keeps the one it began with; see `pressure`).
fn closed_until(
    data: &WorkerData,
    entry: Option<&ContactEntry>,
    today: NaiveDate,
    today_start: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let entry = entry.filter(|entry| entry.contact.is_service_user())?;
    let contact = &entry.contact;
    let zone = data.timezone();
    let start = |date| match date == today {
        true => today_start,
        false => day_start(zone, date),
    };
    let reached = |limit: Option<u32>, first_day, end_day| {
        let limit = usize::try_from(limit?).ok()?;
        let (from, to) = (start(first_day), start(end_day));
        (data.count_logs(contact.id, from, to) >= limit).then_some(to)
    };
    let tomorrow = today.checked_add_days(Days::new(1))?;
    let monday = IsoWeek::of(today).monday();
    let next_monday = monday.checked_add_days(Days::new(7))?;
    let day_limit = entry.agreements.on(today).max_contacts_per_day;
    let week_limit = entry.agreements.on(monday).max_contacts_per_week;
    let day = reached(day_limit, today, tomorrow);
    let week = reached(week_limit, monday, next_monday);
    day.max(week)
}

/// The absence covering `now`; of several, the one ending last (then the greater id).
fn current_absence(data: &WorkerData, now: DateTime<Utc>) -> Option<&AbsenceEntry> {
    containing(&data.away, now)?;
    let started = data.absences.partition_point(|entry| entry.span.0 <= now);
    data.absences[..started]
        .iter()
        .filter(|entry| now < entry.span.1)
        .max_by_key(|entry| (entry.span.1, entry.absence.id))
}

/// The stand-in (a covering colleague, else the absence's own), then the profile's list if set and not empty, else the default list (the first
/// active coordinator with a phone, by name, then the public numbers); a number is listed once.
pub(crate) fn fallbacks(data: &WorkerData, stand_in: Option<Fallback>) -> Vec<Fallback> {
    let mut list: Vec<Fallback> = stand_in.into_iter().collect();
    if data.profile.fallbacks.is_empty() {
        let coordinator = data
            .contacts()
            .filter(|c| c.role == Role::Coordinator && c.status == Status::Active)
            .filter_map(|c| Some((c.name.as_str(), c.id, c.phone.as_deref()?)))
            .min();
        list.extend(coordinator.map(|(name, _, phone)| Fallback::new(name, phone)));
        list.extend(default_fallbacks());
    } else {
        list.extend(data.profile.fallbacks.iter().cloned());
    }
    // Numbers compared by their digits, byte by byte: a digit is ASCII, and no byte of another
    // character is one. (No copy of each number's digits: this runs on every reachability.)
    fn digits(phone: &str) -> impl Iterator<Item = u8> + '_ {
        phone.bytes().filter(u8::is_ascii_digit)
    }
    let mut kept: Vec<Fallback> = Vec::with_capacity(list.len());
    for fallback in list {
        if !kept
            .iter()
            .any(|seen| digits(&seen.phone).eq(digits(&fallback.phone)))
        {
            kept.push(fallback);
        }
    }
    kept
}
