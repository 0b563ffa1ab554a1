//! The service user's share page (api.md, "Service-user share"), both ends of it:
//!
//! - [`share_response`]: the `GET /share/TOKEN` body, built from a worker's records at `now`. The
//!   server sends it; the worker's app renders it as the preview, so the preview is exactly what the
//!   service user sees.
//! - [`ShareResponse::card_at`]: what a *stored* response says at a later instant. The page keeps
//!   the last response on the phone and asks this every half minute, so offline it still moves from
//!   "reachable until 21:00" to "not now, next time tomorrow" as the clock passes.
//! - [`ShareResponse::days`]: the coming days' windows, grouped by the worker's local date.
//! - [`encode_share_token`]: the form of a token (base64url of device randomness).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::local_time::day_start;
use crate::reachability::{reachability, ShareReachability, ShareState, HORIZON_DAYS};
use crate::records::{Fallback, Status};
use crate::time_words::add_days;
use crate::timezones::{parse_timezone, DEFAULT_TIMEZONE};
use crate::windows::effective_windows;
use crate::worker::WorkerData;

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
        expectations: contact.expectations.clone(),
        limits: show_limits.then_some(ShareLimits {
            per_day: contact.max_contacts_per_day,
            per_week: contact.max_contacts_per_week,
        }),
        fallbacks: answer.fallbacks,
        generated_at: now,
    })
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
