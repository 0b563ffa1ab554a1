//! The sync engine's decisions in plain Rust, tested on the host: what the header says, how long to
//! wait after a failure, when a round is done, what is kept between page loads, and how a rejected
//! change is named for the user.

use chrono::{DateTime, Utc};
use peerline_core::{Mutation, RecordKind, Rejection, SyncResponse, WireRecord};
use peerline_store::LocalStore;
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

/// The first retry after a failure; each further failure doubles it, up to [`LONGEST_WAIT`].
pub(crate) const FIRST_RETRY: Duration = Duration::from_secs(5);
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(5 * 60);
/// How long after a local change the engine waits for more before it syncs.
pub(crate) const DEBOUNCE: Duration = Duration::from_secs(2);
/// How often an open app syncs when nothing else made it (to pull other devices' changes).
pub(crate) const EVERY: Duration = Duration::from_secs(4 * 60);
/// Mutations per request: well under api.md's 1,000 and its 1 MiB body limit with long notes.
pub(crate) const MUTATIONS_PER_REQUEST: usize = 500;
/// Requests in one round at most (`more: true` pages of 5,000 records, or a long outbox).
pub(crate) const MAX_REQUESTS_PER_ROUND: usize = 50;
/// Rejected changes kept for the user to read.
const KEEP_REJECTED: usize = 50;

/// The wait before retry number `failures` (1 for the first): exponential with "equal jitter",
/// between half and all of the doubled delay, so tabs and phones that failed together do not come
/// back together. `jitter` is a random number in `[0, 1)`.
pub(crate) fn retry_delay(failures: u32, jitter: f64) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let full = FIRST_RETRY.saturating_mul(1 << doublings).min(LONGEST_WAIT);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Whether to send another request at once after a 200: the server has more records for us, or
/// the outbox still holds mutations and the last request made progress on it.
pub(crate) fn go_on(
    more: bool,
    first_sent_mid: Option<u64>,
    last_mid: u64,
    pending: usize,
) -> bool {
    let progressed = first_sent_mid.is_some_and(|mid| last_mid >= mid);
    more || (progressed && pending > 0)
}

/// Reads a 200 from `POST /sync` (api.md) by hand: serde's derived readers for the response and its
/// records cost more WASM than this. `None` when the body is not a sync response; a record that
/// does not read is skipped (the next full pull brings it again).
pub(crate) fn read_response(body: &str) -> Option<SyncResponse> {
    let mut value: Value = serde_json::from_str(body).ok()?;
    let server_time = DateTime::parse_from_rfc3339(&text(&value, "server_time")?)
        .ok()?
        .with_timezone(&Utc);
    let records = match value.get_mut("records")?.take() {
        Value::Array(records) => records.into_iter().filter_map(read_record).collect(),
        _ => return None,
    };
    let rejected = items(&value, "rejected")
        .filter_map(|r| {
            Some(Rejection {
                mid: r.get("mid")?.as_u64()?,
                code: text(r, "code")?,
                message: text(r, "message").unwrap_or_default(),
            })
        })
        .collect();
    Some(SyncResponse {
        last_mid: value.get("last_mid")?.as_u64()?,
        cursor: text(&value, "cursor")?,
        records,
        rejected,
        server_time,
        more: value.get("more").and_then(Value::as_bool) == Some(true),
    })
}

fn read_record(mut record: Value) -> Option<WireRecord> {
    let fields = match record.get_mut("fields").map(Value::take) {
        Some(Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    Some(WireRecord {
        kind: text(&record, "kind")?.parse().ok()?,
        id: text(&record, "id")?.parse().ok()?,
        fields,
        deleted: record.get("deleted").and_then(Value::as_bool) == Some(true),
    })
}

/// What the header's badge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indicator {
    /// Nobody has logged in on this phone: everything stays here.
    SignedOut,
    /// The server ended the session (401): the outbox waits for a new login.
    LogInAgain {
        pending: usize,
    },
    Offline {
        pending: usize,
    },
    Syncing,
    /// The last round failed; the panel says why and when the next try is.
    Problem {
        pending: usize,
    },
    Waiting {
        pending: usize,
    },
    Synced {
        at: DateTime<Utc>,
    },
    NotYet,
}

/// What the badge is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    /// `None` before any login; `Some(false)` after a 401.
    pub(crate) signed_in: Option<bool>,
    pub(crate) online: bool,
    pub(crate) running: bool,
    pub(crate) problem: bool,
    pub(crate) pending: usize,
    pub(crate) last_synced: Option<DateTime<Utc>>,
}

pub(crate) fn indicator(facts: &Facts) -> Indicator {
    let pending = facts.pending;
    match facts.signed_in {
        None => Indicator::SignedOut,
        Some(false) => Indicator::LogInAgain { pending },
        Some(true) if !facts.online => Indicator::Offline { pending },
        Some(true) if facts.running => Indicator::Syncing,
        Some(true) if facts.problem => Indicator::Problem { pending },
        Some(true) if pending > 0 => Indicator::Waiting { pending },
        Some(true) => facts
            .last_synced
            .map_or(Indicator::NotYet, |at| Indicator::Synced { at }),
    }
}

impl Indicator {
    /// A stable name for tests and styles (`data-state`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Indicator::SignedOut => "signed-out",
            Indicator::LogInAgain { .. } => "log-in-again",
            Indicator::Offline { .. } => "offline",
            Indicator::Syncing => "syncing",
            Indicator::Problem { .. } => "problem",
            Indicator::Waiting { .. } => "waiting",
            Indicator::Synced { .. } => "synced",
            Indicator::NotYet => "not-yet",
        }
    }
}

/// Why the last round failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The HTTP status; `None` when the server could not be reached.
    pub(crate) status: Option<u16>,
    /// The server's error message, when it sent one.
    pub(crate) message: Option<String>,
    pub(crate) next_try: Option<DateTime<Utc>>,
}

/// A change the server would not take (api.md: skipped, reported once, counted as applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RejectedChange {
    pub(crate) kind: RecordKind,
    pub(crate) id: Uuid,
    /// The record in a few words ("Ola", "2026-W48"), when it has any.
    pub(crate) label: Option<String>,
    pub(crate) code: String,
    pub(crate) message: String,
}

/// What sync keeps in localStorage (`peerline.sync.state`), so every tab and the next page load
/// show the same status. Written as JSON by hand (instants as milliseconds): derived serde code
/// would cost more WASM than the whole engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SyncState {
    pub(crate) last_synced_at: Option<DateTime<Utc>>,
    pub(crate) problem: Option<Problem>,
    pub(crate) rejected: Vec<RejectedChange>,
}

fn millis(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, |at| at.timestamp_millis().into())
}

fn instant(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(value.get(key)?.as_i64()?)
}

/// The elements of the array under `key`; none when it is missing or not an array.
fn items<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

impl SyncState {
    /// Reads what [`SyncState::to_json`] wrote; anything unreadable reads as nothing.
    pub(crate) fn from_json(stored: &str) -> SyncState {
        let Ok(value) = serde_json::from_str::<Value>(stored) else {
            return SyncState::default();
        };
        let problem = value
            .get("problem")
            .filter(|p| p.is_object())
            .map(|p| Problem {
                status: p
                    .get("status")
                    .and_then(Value::as_u64)
                    .and_then(|s| u16::try_from(s).ok()),
                message: text(p, "message"),
                next_try: instant(p, "next_try"),
            });
        let rejected = items(&value, "rejected")
            .filter_map(|r| {
                Some(RejectedChange {
                    kind: text(r, "kind")?.parse().ok()?,
                    id: text(r, "id")?.parse().ok()?,
                    label: text(r, "label"),
                    code: text(r, "code")?,
                    message: text(r, "message").unwrap_or_default(),
                })
            })
            .collect();
        SyncState {
            last_synced_at: instant(&value, "last_synced_at"),
            problem,
            rejected,
        }
    }

    pub(crate) fn to_json(&self) -> String {
        let problem = self.problem.as_ref().map(
            |p| json!({"status": p.status, "message": p.message, "next_try": millis(p.next_try)}),
        );
        let rejected: Vec<Value> = self
            .rejected
            .iter()
            .map(|r| {
                json!({"kind": r.kind.to_string(), "id": r.id, "label": r.label, "code": r.code,
                       "message": r.message})
            })
            .collect();
        json!({
            "last_synced_at": millis(self.last_synced_at),
            "problem": problem,
            "rejected": rejected,
        })
        .to_string()
    }

    /// Adds rejections, newest last, keeping the last [`KEEP_REJECTED`].
    pub(crate) fn add_rejected(&mut self, rejected: Vec<RejectedChange>) {
        self.rejected.extend(rejected);
        let extra = self.rejected.len().saturating_sub(KEEP_REJECTED);
        self.rejected.drain(..extra);
    }
}

/// Names the rejected mutations of a request for the user, from the records as the phone shows
/// them (before the response removes the rejected writes).
pub(crate) fn name_rejections(
    store: &LocalStore,
    sent: &[Mutation],
    rejected: &[Rejection],
) -> Vec<RejectedChange> {
    rejected
        .iter()
        .map(|rejection| {
            let mutation = sent.iter().find(|m| m.mid == rejection.mid);
            RejectedChange {
                kind: mutation.map_or(RecordKind::Contact, |m| m.kind),
                id: mutation.map_or(Uuid::nil(), |m| m.id),
                label: mutation.and_then(|m| label(store, m)),
                code: rejection.code.clone(),
                message: rejection.message.clone(),
            }
        })
        .collect()
}

/// A few words that tell the user which record it is.
fn label(store: &LocalStore, mutation: &Mutation) -> Option<String> {
    let field = |id: Uuid, name: &str| -> Option<String> {
        let from_store = store
            .entry(id)
            .and_then(|entry| entry.wire.fields.get(name).cloned());
        let value = from_store.or_else(|| {
            (id == mutation.id)
                .then(|| mutation.set.get(name).cloned())
                .flatten()
        })?;
        value.as_str().map(str::to_owned)
    };
    match mutation.kind {
        RecordKind::Contact => field(mutation.id, "name"),
        RecordKind::Log => {
            let at = field(mutation.id, "at").map(|at| at.replace('T', " ").replace('Z', " UTC"));
            let who = field(mutation.id, "contact_id")
                .and_then(|id| id.parse().ok())
                .and_then(|id| field(id, "name"));
            match (who, at) {
                (Some(who), Some(at)) => Some(format!("{who}, {at}")),
                (who, at) => who.or(at),
            }
        }
        RecordKind::DateOverride => field(mutation.id, "date"),
        RecordKind::Checkin => field(mutation.id, "week"),
        RecordKind::Absence => field(mutation.id, "starts_at").map(|at| at.replace('T', " ")),
        RecordKind::AgendaItem => field(mutation.id, "week"),
        RecordKind::Profile
        | RecordKind::Availability
        | RecordKind::CoverRequest
        | RecordKind::CoverOffer => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use peerline_store::MemoryStorage;
    use peerline_store::{Change, Device};
    use serde_json::json;

    #[test]
    fn retries_double_with_jitter_and_stop_growing() {
        let secs = |failures, jitter| retry_delay(failures, jitter).as_secs_f64();
        assert_eq!(secs(1, 1.0), 5.0);
        assert_eq!(secs(1, 0.0), 2.5);
        assert_eq!(secs(2, 1.0), 10.0);
        assert_eq!(secs(4, 1.0), 40.0);
        assert_eq!(secs(7, 1.0), 300.0, "capped at five minutes");
        assert_eq!(secs(40, 1.0), 300.0);
        assert_eq!(secs(40, 0.0), 150.0);
        for failures in 1..20 {
            let low = secs(failures, 0.0);
            let high = secs(failures, 0.999);
            assert!(low <= high && high <= 300.0 && low >= 2.5);
        }
    }

    #[test]
    fn a_round_goes_on_while_there_is_more_or_progress() {
        assert!(go_on(true, None, 0, 0), "the server has more records");
        assert!(go_on(false, Some(1), 500, 3), "500 sent and taken, 3 left");
        assert!(!go_on(false, Some(1), 500, 0), "all done");
        assert!(
            !go_on(false, Some(7), 6, 3),
            "no progress: stop instead of spinning"
        );
        assert!(
            !go_on(false, None, 0, 2),
            "written during the request: next round"
        );
    }

    fn facts() -> Facts {
        Facts {
            signed_in: Some(true),
            online: true,
            running: false,
            problem: false,
            pending: 0,
            last_synced: None,
        }
    }

    #[test]
    fn the_badge_says_the_most_useful_thing() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 2, 0).single();
        let cases = [
            (
                Facts {
                    signed_in: None,
                    pending: 3,
                    ..facts()
                },
                Indicator::SignedOut,
            ),
            (
                Facts {
                    signed_in: Some(false),
                    online: false,
                    pending: 2,
                    ..facts()
                },
                Indicator::LogInAgain { pending: 2 },
            ),
            (
                Facts {
                    online: false,
                    pending: 2,
                    problem: true,
                    ..facts()
                },
                Indicator::Offline { pending: 2 },
            ),
            (
                Facts {
                    running: true,
                    pending: 2,
                    ..facts()
                },
                Indicator::Syncing,
            ),
            (
                Facts {
                    problem: true,
                    pending: 1,
                    ..facts()
                },
                Indicator::Problem { pending: 1 },
            ),
            (
                Facts {
                    pending: 4,
                    last_synced: at,
                    ..facts()
                },
                Indicator::Waiting { pending: 4 },
            ),
            (
                Facts {
                    last_synced: at,
                    ..facts()
                },
                Indicator::Synced {
                    at: at.unwrap_or_default(),
                },
            ),
            (facts(), Indicator::NotYet),
        ];
        for (facts, want) in cases {
            assert_eq!(indicator(&facts), want, "{facts:?}");
        }
    }

    #[test]
    fn rejected_changes_are_named_and_only_the_last_fifty_kept() {
        let kv = MemoryStorage::default();
        let device = || Device::new(Uuid::from_u128(1), Uuid::from_u128(2));
        let mut store = LocalStore::open(&kv, "t.", device, &[]).0;
        let now = Utc
            .with_ymd_and_hms(2026, 11, 26, 15, 0, 0)
            .single()
            .unwrap_or_default();
        let ola = Uuid::from_u128(10);
        let writes = [
            (RecordKind::Contact, ola, json!({"name": "Ola"})),
            (
                RecordKind::Log,
                Uuid::from_u128(11),
                json!({"contact_id": ola.to_string(), "at": "2026-11-26T14:00:00Z",
                       "channel": "call", "direction": "incoming", "answered": true}),
            ),
        ];
        for (kind, id, set) in writes {
            let set = set.as_object().cloned().unwrap_or_default();
            assert!(store
                .write(
                    &kv,
                    Change {
                        kind,
                        id,
                        set,
                        deleted: None
                    },
                    now
                )
                .is_ok());
        }
        let sent = store.request(10).mutations;
        let rejections = [1, 2].map(|mid| Rejection {
            mid,
            code: "forbidden".into(),
            message: format!("m{mid}"),
        });
        let named = name_rejections(&store, &sent, &rejections);
        let labels: Vec<_> = named.iter().map(|r| (r.kind, r.label.clone())).collect();
        assert_eq!(
            labels,
            vec![
                (RecordKind::Contact, Some("Ola".into())),
                (RecordKind::Log, Some("Ola, 2026-11-26 14:00:00 UTC".into())),
            ]
        );

        let mut state = SyncState::default();
        for _ in 0..30 {
            state.add_rejected(named.clone());
        }
        assert_eq!(state.rejected.len(), 50);
        state.last_synced_at = Some(now);
        state.problem = Some(Problem {
            status: Some(502),
            message: Some("bad gateway".into()),
            next_try: Some(now),
        });
        assert_eq!(SyncState::from_json(&state.to_json()), state);
        assert_eq!(SyncState::from_json("{}"), SyncState::default());
        assert_eq!(SyncState::from_json("garbage"), SyncState::default());
    }

    #[test]
    fn a_sync_response_reads_like_serde_would_read_it() {
        let body = json!({
            "last_mid": 7, "cursor": "c9", "more": true, "server_time": "2026-11-26T15:45:00Z",
            "records": [
                {"kind": "contact", "id": Uuid::from_u128(1), "fields": {"name": "Ola", "notes": "x"}, "deleted": false},
                {"kind": "log", "id": Uuid::from_u128(2), "fields": {}, "deleted": true},
                {"kind": "nonsense", "id": Uuid::from_u128(3), "fields": {}},
            ],
            "rejected": [{"mid": 5, "code": "invalid_field", "message": "phone: too long"}],
        })
        .to_string();
        let ours = read_response(&body);
        let mut theirs: Option<SyncResponse> =
            serde_json::from_str(&body.replace("nonsense", "contact")).ok();
        if let Some(theirs) = &mut theirs {
            theirs.records.pop();
        }
        assert_eq!(ours, theirs);
        assert_eq!(
            ours.map(|r| (r.records.len(), r.more, r.rejected.len())),
            Some((2, true, 1))
        );
        let minimal = json!({"last_mid": 0, "cursor": "c", "records": [], "server_time": "2026-11-26T15:45:00Z"});
        assert_eq!(
            read_response(&minimal.to_string()).map(|r| (r.more, r.rejected.len())),
            Some((false, 0))
        );
        assert_eq!(read_response("{\"error\": {}}"), None);
    }
}
