//! The service user's share page (api.md, "Service-user share"), both ends of it:
//!
//! - [`share_response`]: the `GET /share/TOKEN` body, built from a worker's records at `now`. The
//!   server sends it; the worker's app renders it as the preview, so the preview is exactly what the
//!   service user sees.
//! - [`ShareResponse::card_at`]: what a *stored* response says at a later instant. The page keeps
//!   the last response on the phone and asks this every half minute, so offline it still moves from
//!   "reachable until 21:00" to "not now, next time tomorrow" as the clock passes.
//! - [`ShareResponse::days`]: the coming days' windows, grouped by the worker's local date.
//! - The absences ahead (`upcoming_absences`, each with who answers: a covering colleague first)
//!   and the next planned change of the agreement (`next_agreement_change`); [`ShareResponse::
//!   card_at`] and [`ShareResponse::fallbacks_at`] turn to an absence ahead when it begins.
//! - [`encode_share_token`]: the form of a token (base64url of device randomness).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agreement::next_agreement_change;
use crate::clock_time::ClockTime;
use crate::iso_week::IsoWeek;
use crate::local_time::{day_start, local_date};
use crate::reachability::{reachability, ShareReachability, ShareState, HORIZON_DAYS};
use crate::records::{Fallback, Status, WeeklyWindow};
use crate::spans::{intersect, MinuteSpan};
use crate::time_words::add_days;
use crate::timezones::{parse_timezone, DEFAULT_TIMEZONE};
use crate::windows::effective_windows;
use crate::worker::{AbsenceEntry, ContactEntry, WorkerData};

/// The response lists the windows of this many days ahead (api.md).
pub const SHARE_WINDOW_DAYS: i64 = 14;
/// The calendar (`calendar.ics`) lists this many days ahead.
pub const CALENDAR_DAYS: i64 = 60;
/// Random bytes in a share token: 256 bits, well over api.md's 128.
pub const SHARE_TOKEN_BYTES: usize = 32;

/// The whole `GET /share/TOKEN` body. Nothing of the worker beyond these fields is ever in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareResponse {
    pub worker: SharedWorker,
    pub contact: SharedContact,
    /// The worker's IANA zone: every wall-clock time on the page is read in it.
    pub timezone: String,
    pub reachability: ShareReachability,
    pub windows: Vec<ShareWindow>,
    pub expectations: Option<String>,
    /// `None` when the worker does not show limits to service users.
    pub limits: Option<ShareLimits>,
    pub fallbacks: Vec<Fallback>,
    pub generated_at: DateTime<Utc>,
    /// The absences that start within the next 14 days (not the current one), by start.
    /// `default`: a response stored before this key existed still reads.
    #[serde(default)]
    pub upcoming_absences: Vec<UpcomingAbsence>,
    /// The next planned change of the agreement, within 60 days.
    #[serde(default)]
    pub next_agreement_change: Option<NextAgreementChange>,
}

/// An absence ahead, as the service user sees it: when, the worker's message, and who answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingAbsence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub message: Option<String>,
    /// The covering colleague (their current profile's name and phone), else the absence's own
    /// stand-in, else null.
    pub stand_in: Option<Fallback>,
}

/// The next planned change of the agreement. Each key holds what is in force from `from` where
/// the change sets it, and null where the change leaves it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAgreementChange {
    pub from: NaiveDate,
    /// The weekly windows the service user can reach the worker in from then (the agreement's
    /// inside the worker's weekly availability, in the worker's local time; date overrides,
    /// holidays and absences aside), days with the same times together.
    pub windows: Option<Vec<WeeklyWindow>>,
    /// The limits from then (both, as in force), when the change sets one and the worker shows
    /// limits.
    pub limits: Option<ShareLimits>,
    /// The expectations from then, when the change sets them (null also when it removes them).
    pub expectations: Option<String>,
}

/// The worker as the service user sees them: a name and the phone the call button calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedWorker {
    pub display_name: String,
    pub phone: Option<String>,
}

/// The service user's own name, for the greeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    pub name: String,
}

/// An effective window, `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The agreed contacts per local day and ISO week, where agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLimits {
    pub per_day: Option<u32>,
    pub per_week: Option<u32>,
}

/// The share page's answer for `contact` at `now`; `None` when the contact does not exist, is
/// deleted, is not a service user (any more), or the relationship has ended (a link to an ended
/// relationship shows nothing of the worker any more: the same 404 as an unknown link).
pub fn share_response(
    data: &WorkerData,
    contact: Uuid,
    now: DateTime<Utc>,
) -> Option<ShareResponse> {
    let entry = data.contacts.get(&contact).filter(|entry| !entry.deleted)?;
    // Links are for service users only: a contact whose role changed since shows nothing.
    if entry.contact.status == Status::Ended || !entry.contact.is_service_user() {
        return None;
    }
    let profile = data.profile();
    let show_limits = profile.show_limits_to_service_users;
    let today = local_date(data.timezone(), now);
    let monday = IsoWeek::of(today).monday();
    let (in_force, this_week) = (entry.agreements.on(today), entry.agreements.on(monday));
    let expectations = crate::agreement::agreement_on(&entry.contact, today).expectations;
    let answer = reachability(data, Some(contact), now);
    let windows = effective_windows(
        data,
        Some(contact),
        now,
        now + Duration::days(SHARE_WINDOW_DAYS),
    );
    let contact = &entry.contact;
    Some(ShareResponse {
        worker: SharedWorker {
            display_name: profile.display_name.clone(),
            phone: profile.phone.clone(),
        },
        contact: SharedContact {
            name: contact.name.clone(),
        },
        timezone: profile.timezone.name().to_owned(),
        reachability: answer.share_view(show_limits),
        windows: windows
            .into_iter()
            .map(|(start, end)| ShareWindow { start, end })
            .collect(),
        expectations,
        limits: show_limits.then_some(ShareLimits {
            per_day: in_force.max_contacts_per_day,
            per_week: this_week.max_contacts_per_week,
        }),
        fallbacks: answer.fallbacks,
        generated_at: now,
        upcoming_absences: upcoming_absences(data, now, now + Duration::days(SHARE_WINDOW_DAYS)),
        next_agreement_change: next_change(data, entry, today, show_limits),
    })
}

/// The absences that start after `now` and before `until`, with who answers.
pub fn upcoming_absences(
    data: &WorkerData,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<UpcomingAbsence> {
    data.absences
        .iter()
        .filter(|entry| now < entry.span.0 && entry.span.0 < until)
        .map(|entry| upcoming(data, entry))
        .collect()
}

fn next_change(
    data: &WorkerData,
    entry: &ContactEntry,
    today: NaiveDate,
    show_limits: bool,
) -> Option<NextAgreementChange> {
    let (change, agreement) = next_agreement_change(&entry.contact, today)?;
    let sets_limit =
        change.max_contacts_per_day.is_some() || change.max_contacts_per_week.is_some();
    Some(NextAgreementChange {
        from: change.from,
        windows: change.agreement_windows.as_ref().map(|_| {
            let agreement = entry.agreements.on(change.from).windows.as_ref();
            weekly_windows_from(std::array::from_fn(|day| match agreement {
                Some(agreement) => intersect(&data.weekly[day], &agreement[day]),
                None => data.weekly[day].clone(),
            }))
        }),
        limits: (sets_limit && show_limits).then_some(ShareLimits {
            per_day: agreement.max_contacts_per_day,
            per_week: agreement.max_contacts_per_week,
        }),
        expectations: change.expectations.as_ref().and(agreement.expectations),
    })
}

/// Minute spans per weekday as weekly windows, the days that share a span in one window.
fn weekly_windows_from(week: [Vec<MinuteSpan>; 7]) -> Vec<WeeklyWindow> {
    let mut windows: Vec<WeeklyWindow> = Vec::new();
    for (index, spans) in week.iter().enumerate() {
        for &(start, end) in spans {
            let (Some(start), Some(end)) =
                (ClockTime::from_minutes(start), ClockTime::from_minutes(end))
            else {
                continue;
            };
            let day = index as u8 + 1;
            match windows
                .iter_mut()
                .find(|window| window.start == start && window.end == end)
            {
                Some(window) => window.days.push(day),
                None => windows.push(WeeklyWindow {
                    days: vec![day],
                    start,
                    end,
                }),
            }
        }
    }
    crate::order::sort_by_key(&mut windows, |window| {
        (window.days.first().copied(), window.start)
    });
    windows
}

/// The windows of `contact` for the calendar: the next [`CALENDAR_DAYS`] from `now`.
pub fn calendar_windows(data: &WorkerData, contact: Uuid, now: DateTime<Utc>) -> Vec<ShareWindow> {
    effective_windows(
        data,
        Some(contact),
        now,
        now + Duration::days(CALENDAR_DAYS),
    )
    .into_iter()
    .map(|(start, end)| ShareWindow { start, end })
    .collect()
}

/// The absences for the calendar: those under way or starting within [`CALENDAR_DAYS`].
pub fn calendar_absences(data: &WorkerData, now: DateTime<Utc>) -> Vec<UpcomingAbsence> {
    let until = now + Duration::days(CALENDAR_DAYS);
    data.absences
        .iter()
        .filter(|entry| now < entry.span.1 && entry.span.0 < until)
        .map(|entry| upcoming(data, entry))
        .collect()
}

fn upcoming(data: &WorkerData, entry: &AbsenceEntry) -> UpcomingAbsence {
    UpcomingAbsence {
        starts_at: entry.span.0,
        ends_at: entry.span.1,
        message: entry.absence.message.clone(),
        stand_in: data.stand_in_of(&entry.absence),
    }
}

/// What the card says at an instant. Like [`ShareState`], plus `Unknown` for a stored response
/// too old to tell (offline past its 14 days of windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardState {
    Reachable { until: DateTime<Utc> },
    NotNow { next_start: DateTime<Utc> },
    LimitReached { next_start: DateTime<Utc> },
    Away { until: DateTime<Utc> },
    NoUpcoming,
    Unknown,
}

/// The card at an instant: the state and the message that goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card<'a> {
    pub state: CardState,
    pub message: Option<&'a str>,
}

/// One local date of the coming days' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareDay {
    pub date: NaiveDate,
    /// The windows starting that date (a window under way at `now` counts for today).
    pub windows: Vec<ShareWindow>,
    /// False when the date reaches past what the stored response covers.
    pub known: bool,
}

impl ShareResponse {
    /// The worker's zone; Oslo if the name is not one Peerline offers (an older or newer server).
    pub fn zone(&self) -> Tz {
        parse_timezone("timezone", &self.timezone).unwrap_or(DEFAULT_TIMEZONE)
    }

    /// The card at `now`, recomputed from the stored state and windows as time passes:
    /// the server's state holds until its own end (`until` or `next_start`); after that, `now`
    /// inside a stored window is reachable, before one is not now; past the stored windows the
    /// card says `Unknown` (or still `NoUpcoming`, within the 60 days the server looked ahead).
    /// Before `generated_at` (a phone clock behind the server's) the server's answer stands.
    pub fn card_at(&self, now: DateTime<Utc>) -> Card<'_> {
        let server = &self.reachability;
        let message = server.message.as_deref();
        let server_state = self.server_state();
        if now < self.generated_at {
            return Card {
                state: server_state,
                message,
            };
        }
        if let Some(absence) = self.absence_at(now) {
            return Card {
                state: CardState::Away {
                    until: absence.ends_at,
                },
                message: absence.message.as_deref(),
            };
        }
        let holds = match server_state {
            CardState::Reachable { until } | CardState::Away { until } => now < until,
            CardState::NotNow { next_start } | CardState::LimitReached { next_start } => {
                now < next_start
            }
            CardState::NoUpcoming | CardState::Unknown => false,
        };
        if holds {
            return Card {
                state: server_state,
                message,
            };
        }
        // The server's message is the profile's away message unless it was an absence's.
        let away_message = match server.state {
            ShareState::NotNow | ShareState::LimitReached | ShareState::NoUpcoming => message,
            ShareState::Reachable | ShareState::Away => None,
        };
        let state = self.state_from_windows(now);
        Card {
            state,
            message: match state {
                CardState::Reachable { .. } => None,
                _ => away_message,
            },
        }
    }

    /// The absence ahead (when the response was made) that is under way at `now`; of several, the
    /// one ending last.
    pub fn absence_at(&self, now: DateTime<Utc>) -> Option<&UpcomingAbsence> {
        self.upcoming_absences
            .iter()
            .filter(|absence| absence.starts_at <= now && now < absence.ends_at)
            .max_by_key(|absence| absence.ends_at)
    }

    /// Who to call at `now`: while an absence ahead is under way, its stand-in first; then the
    /// response's list (a number listed once).
    pub fn fallbacks_at(&self, now: DateTime<Utc>) -> Vec<Fallback> {
        let stand_in = self
            .absence_at(now)
            .filter(|_| now >= self.generated_at)
            .and_then(|absence| absence.stand_in.clone());
        let mut list: Vec<Fallback> = stand_in.into_iter().collect();
        let digits =
            |phone: &str| -> String { phone.chars().filter(char::is_ascii_digit).collect() };
        for fallback in &self.fallbacks {
            if !list
                .iter()
                .any(|known| digits(&known.phone) == digits(&fallback.phone))
            {
                list.push(fallback.clone());
            }
        }
        list
    }

    /// The server's answer as a card state (a state without its instant reads as `Unknown`).
    fn server_state(&self) -> CardState {
        let server = &self.reachability;
        let state = match server.state {
            ShareState::Reachable => server.until.map(|until| CardState::Reachable { until }),
            ShareState::Away => server.until.map(|until| CardState::Away { until }),
            ShareState::NotNow => server
                .next_start
                .map(|next_start| CardState::NotNow { next_start }),
            ShareState::LimitReached => server
                .next_start
                .map(|next_start| CardState::LimitReached { next_start }),
            ShareState::NoUpcoming => Some(CardState::NoUpcoming),
        };
        state.unwrap_or(CardState::Unknown)
    }

    fn state_from_windows(&self, now: DateTime<Utc>) -> CardState {
        if let Some(next) = self.windows.iter().find(|window| now < window.end) {
            return if next.start <= now {
                CardState::Reachable { until: next.end }
            } else {
                CardState::NotNow {
                    next_start: next.start,
                }
            };
        }
        let looked_until = self.generated_at + Duration::days(HORIZON_DAYS);
        if self.reachability.state == ShareState::NoUpcoming && now < looked_until {
            CardState::NoUpcoming
        } else {
            CardState::Unknown
        }
    }

    /// The `count` local dates from `now`'s, each with the stored windows starting that date.
    pub fn days(&self, now: DateTime<Utc>, count: u64) -> Vec<ShareDay> {
        let zone = self.zone();
        let today = now.with_timezone(&zone).date_naive();
        let covered_until = self.generated_at + Duration::days(SHARE_WINDOW_DAYS);
        (0..count)
            .map(|offset| {
                let date = add_days(today, offset);
                let windows = self
                    .windows
                    .iter()
                    .filter(|window| now < window.end)
                    .filter(|window| {
                        window.start.with_timezone(&zone).date_naive().max(today) == date
                    })
                    .copied()
                    .collect();
                let known = day_start(zone, add_days(date, 1)) <= covered_until;
                ShareDay {
                    date,
                    windows,
                    known,
                }
            })
            .collect()
    }
}

/// A share token from [`SHARE_TOKEN_BYTES`] random bytes: base64url without padding (43 characters).
pub fn encode_share_token(random: &[u8; SHARE_TOKEN_BYTES]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut token = String::with_capacity(random.len() * 4 / 3 + 1);
    for chunk in random.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| {
            bits | u32::from(*byte) << (16 - 8 * i)
        });
        for sextet in 0..=chunk.len() {
            let index = (bits >> (18 - 6 * sextet)) & 0x3f;
            token.push(char::from(ALPHABET[index as usize]));
        }
    }
    token
}
