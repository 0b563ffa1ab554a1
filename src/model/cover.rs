//! Team cover on the phone (issue 19): the team's open requests as `GET /team/cover` last
//! answered, kept in localStorage for offline use ([`Kept`]), and what the worker's own records
//! say about them: their requests for their absences, their offers to colleagues ([`Board`]).
//!
//! Which offer covers a request is the server's to say (the order it received them in); the
//! phone shows the server's `covered_by` and, until the next answer, its own offer as "you
//! offered". The covering colleague as stand-in comes from core's `covers_from_team_cover`.

use chrono::{DateTime, Utc};
use peerline_core::{CoverOffer, CoverRequest, CoverStatus, RecordKind, TeamCoverEntry};
use peerline_store::KeyValue;
use serde_json::{json, Value};
use uuid::Uuid;

/// Where the last answer is kept (removed with everything else at logout).
pub(crate) const KEY: &str = "peerline.cover";

/// The last `GET /team/cover` answer and when it was fetched.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Kept {
    pub(crate) at: DateTime<Utc>,
    pub(crate) entries: Vec<TeamCoverEntry>,
}

impl Kept {
    /// A server's answer body; `None` if it is not the list api.md describes.
    pub(crate) fn from_body(body: &str, at: DateTime<Utc>) -> Option<Kept> {
        let entries = serde_json::from_str(body).ok()?;
        Some(Kept { at, entries })
    }

    /// The kept answer; `None` when there is none or it does not read (a cache: the next fetch
    /// writes it anew, and nothing of the worker's own is lost).
    pub(crate) fn load(kv: &dyn KeyValue) -> Option<Kept> {
        let value: Value = serde_json::from_str(&kv.get(KEY)?).ok()?;
        let at = DateTime::from_timestamp_millis(value.get("at")?.as_i64()?)?;
        let entries = serde_json::from_value(value.get("entries")?.clone()).ok()?;
        Some(Kept { at, entries })
    }

    /// Keeps the answer; a full storage costs only the offline copy.
    pub(crate) fn save(&self, kv: &dyn KeyValue) {
        let text = json!({ "at": self.at.timestamp_millis(), "entries": self.entries });
        let _ = kv.set(KEY, &text.to_string());
    }
}

/// Where the worker stands with one colleague's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// The server says this worker covers it.
    Covering,
    /// Another colleague covers it.
    CoveredByOther,
    /// This worker offered, and the server has not answered since (or took another first).
    Offered,
    /// Nobody covers it yet.
    Open,
}

/// The team's requests as the worker sees them: their own, and their colleagues' open ones.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Board<'a> {
    /// The worker's own open requests, by start.
    pub(crate) mine: Vec<&'a TeamCoverEntry>,
    /// The colleagues' open requests, by start, each with where the worker stands.
    pub(crate) theirs: Vec<(&'a TeamCoverEntry, Standing)>,
}

/// The board of `entries` for worker `me`, whose offers are `offers` (their own records, newer
/// than the kept answer): a request the worker offered on is `Offered` until the server names
/// them as covering (or another colleague, who came first); one they took back is open to them
/// again at once, whatever the kept answer says.
pub(crate) fn board<'a>(
    entries: &'a [TeamCoverEntry],
    me: Uuid,
    offers: &[CoverOffer],
) -> Board<'a> {
    let offered = |request: Uuid| {
        offers
            .iter()
            .any(|offer| offer.request_id == request && offer.accepted)
    };
    let mut board = Board {
        mine: Vec::new(),
        theirs: Vec::new(),
    };
    for entry in entries.iter().filter(|e| e.status == CoverStatus::Open) {
        if entry.worker.id == me {
            board.mine.push(entry);
            continue;
        }
        let standing = match &entry.covered_by {
            Some(colleague) if colleague.worker_id == me && offered(entry.request_id) => {
                Standing::Covering
            }
            Some(colleague) if colleague.worker_id != me => Standing::CoveredByOther,
            _ if offered(entry.request_id) => Standing::Offered,
            _ => Standing::Open,
        };
        board.theirs.push((entry, standing));
    }
    peerline_core::order::sort_by_key(&mut board.mine, |entry| entry.starts_at);
    peerline_core::order::sort_by_key(&mut board.theirs, |(entry, _)| entry.starts_at);
    board
}

/// Whether Today points to the Cover screen: a colleague's request nobody covers yet, or one
/// of the worker's own requests still open.
pub(crate) fn something_open(kept: Option<&Kept>, me: Uuid, own_requests: &[CoverRequest]) -> bool {
    uncovered_count(kept, me) > 0 || own_requests.iter().any(CoverRequest::is_open)
}

/// How many of the colleagues' open requests nobody covers yet.
pub(crate) fn uncovered_count(kept: Option<&Kept>, me: Uuid) -> usize {
    kept.map_or(0, |kept| {
        kept.entries
            .iter()
            .filter(|entry| {
                entry.status == CoverStatus::Open
                    && entry.worker.id != me
                    && entry.covered_by.is_none()
            })
            .count()
    })
}

/// What "Ask the team for cover" writes: the absence's request opened again if there was one,
/// else a new one with `new_id`; the note as typed (empty: none).
pub(crate) fn ask(
    existing: Option<&CoverRequest>,
    absence: Uuid,
    note: &str,
    new_id: Uuid,
) -> peerline_store::Change {
    let id = existing.map_or(new_id, |request| request.id);
    let fields = json!({
        "absence_id": absence,
        "note_to_team": super::changes::optional_text(note),
        "status": "open",
    });
    super::changes::set(RecordKind::CoverRequest, id, object(fields))
}

/// What "Withdraw" writes.
pub(crate) fn withdraw(request: Uuid) -> peerline_store::Change {
    super::changes::set(
        RecordKind::CoverRequest,
        request,
        object(json!({ "status": "withdrawn" })),
    )
}

/// What "I'll cover" (`accepted`) and "Take back" (not) write: the worker's offer for
/// `request` if there is one, else a new one with `new_id`.
pub(crate) fn offer(
    offers: &[CoverOffer],
    request: Uuid,
    accepted: bool,
    new_id: Uuid,
) -> peerline_store::Change {
    let id = offers
        .iter()
        .find(|offer| offer.request_id == request)
        .map_or(new_id, |offer| offer.id);
    let fields = json!({ "request_id": request, "accepted": accepted });
    super::changes::set(RecordKind::CoverOffer, id, object(fields))
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerline_core::{AbsenceKind, Colleague, CoverWorker};
    use peerline_store::MemoryStorage;

    const ME: Uuid = Uuid::from_u128(1);
    const JONAS: Uuid = Uuid::from_u128(2);
    const KARI: Uuid = Uuid::from_u128(3);

    fn entry(request: u128, worker: Uuid, covered_by: Option<Uuid>) -> TeamCoverEntry {
        let day = |d: u32| {
            format!("2026-12-{d:02}T23:00:00Z")
                .parse()
                .unwrap_or_default()
        };
        TeamCoverEntry {
            request_id: Uuid::from_u128(request),
            worker: CoverWorker {
                id: worker,
                display_name: format!("Worker {worker}"),
            },
            starts_at: day(30 - request as u32),
            ends_at: day(31 - request as u32),
            kind: AbsenceKind::Vacation,
            note_to_team: None,
            status: CoverStatus::Open,
            holiday_dates: Vec::new(),
            covered_by: covered_by.map(|worker_id| Colleague {
                worker_id,
                display_name: "Someone".into(),
                phone: None,
            }),
        }
    }

    fn offer_of(request: u128, accepted: bool) -> CoverOffer {
        CoverOffer {
            id: Uuid::from_u128(100 + request),
            request_id: Uuid::from_u128(request),
            accepted,
        }
    }

    #[test]
    fn each_request_shows_where_the_worker_stands() {
        let entries = [
            entry(10, JONAS, None),
            entry(11, JONAS, Some(ME)),
            entry(12, KARI, Some(JONAS)),
            entry(13, KARI, None),
            entry(14, ME, Some(JONAS)),
            entry(15, JONAS, Some(ME)),
            TeamCoverEntry {
                status: CoverStatus::Withdrawn,
                ..entry(16, JONAS, None)
            },
        ];
        // 13: offered, not answered yet; 15: the server's copy is older than the take-back.
        let offers = [offer_of(11, true), offer_of(13, true), offer_of(15, false)];
        let board = board(&entries, ME, &offers);
        let standings: Vec<(u128, Standing)> = board
            .theirs
            .iter()
            .map(|(entry, standing)| (entry.request_id.as_u128(), *standing))
            .collect();
        // By start: a higher request number starts earlier here.
        assert_eq!(
            standings,
            [
                (15, Standing::Open),
                (13, Standing::Offered),
                (12, Standing::CoveredByOther),
                (11, Standing::Covering),
                (10, Standing::Open),
            ]
        );
        let mine: Vec<u128> = board.mine.iter().map(|e| e.request_id.as_u128()).collect();
        assert_eq!(mine, [14]);
    }

    #[test]
    fn today_points_to_cover_when_something_is_open() {
        let kept = |entries| Kept {
            at: DateTime::default(),
            entries,
        };
        let open_request = CoverRequest {
            id: Uuid::from_u128(20),
            absence_id: Uuid::from_u128(21),
            note_to_team: None,
            status: CoverStatus::Open,
        };
        let withdrawn = CoverRequest {
            status: CoverStatus::Withdrawn,
            ..open_request.clone()
        };
        for (kept, own, want) in [
            (None, vec![], false),
            (Some(kept(vec![entry(10, JONAS, None)])), vec![], true),
            (
                Some(kept(vec![entry(10, JONAS, Some(KARI))])),
                vec![],
                false,
            ),
            (Some(kept(vec![entry(10, ME, None)])), vec![], false),
            (None, vec![open_request.clone()], true),
            (None, vec![withdrawn], false),
        ] {
            assert_eq!(
                something_open(kept.as_ref(), ME, &own),
                want,
                "{kept:?} {own:?}"
            );
        }
    }

    #[test]
    fn the_answer_is_kept_and_a_broken_copy_reads_as_none() {
        let kv = MemoryStorage::default();
        assert_eq!(Kept::load(&kv), None);
        let at = "2026-12-02T06:00:00Z".parse().unwrap_or_default();
        let body = serde_json::to_string(&[entry(10, JONAS, Some(KARI))]).unwrap_or_default();
        let kept = Kept::from_body(&body, at);
        assert!(kept.is_some());
        if let Some(kept) = &kept {
            kept.save(&kv);
        }
        assert_eq!(Kept::load(&kv), kept);
        assert_eq!(Kept::from_body("{\"error\": 1}", at), None);
        let _ = kv.set(KEY, "{not json");
        assert_eq!(Kept::load(&kv), None);
    }

    #[test]
    fn asking_offering_and_taking_back_write_one_record_each() {
        let absence = Uuid::from_u128(5);
        let new = Uuid::from_u128(6);
        let fresh = ask(None, absence, "  Christmas week ", new);
        assert_eq!((fresh.kind, fresh.id), (RecordKind::CoverRequest, new));
        assert_eq!(
            Value::Object(fresh.set).to_string(),
            r#"{"absence_id":"00000000-0000-0000-0000-000000000005","note_to_team":"Christmas week","status":"open"}"#
        );
        let old = CoverRequest {
            id: Uuid::from_u128(7),
            absence_id: absence,
            note_to_team: None,
            status: CoverStatus::Withdrawn,
        };
        assert_eq!(ask(Some(&old), absence, "", new).id, old.id);
        assert_eq!(
            Value::Object(withdraw(old.id).set).to_string(),
            r#"{"status":"withdrawn"}"#
        );
        let offers = [offer_of(10, true)];
        let back = offer(&offers, Uuid::from_u128(10), false, new);
        assert_eq!((back.kind, back.id), (RecordKind::CoverOffer, offers[0].id));
        assert_eq!(
            Value::Object(back.set).to_string(),
            r#"{"accepted":false,"request_id":"00000000-0000-0000-0000-00000000000a"}"#
        );
        assert_eq!(offer(&offers, Uuid::from_u128(11), true, new).id, new);
    }
}
