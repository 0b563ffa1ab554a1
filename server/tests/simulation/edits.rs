//! Random edits a worker makes on one device: every record kind, valid by the domain's rules most
//! of the time, against the records that device can see. A few are refused locally (the replica
//! checks the merged record) or by the server (a log for a contact it has not heard of yet); both
//! are part of real life and of what the simulation checks.

use chrono::{DateTime, Datelike, Duration, Utc};
use peerline_core::{ids, IsoWeek, RecordKind, WireRecord};
use rand::{rngs::StdRng, seq::SliceRandom, Rng};
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// One write: what `Replica::write` takes.
pub(crate) struct Edit {
    pub(crate) kind: RecordKind,
    pub(crate) id: Uuid,
    pub(crate) set: Map<String, Value>,
    pub(crate) deleted: Option<bool>,
}

/// The records every device of the simulated worker may touch: a few contacts and absences, so
/// devices often write the same record and conflicts are common.
pub(crate) struct Pools {
    pub(crate) contacts: Vec<Uuid>,
    pub(crate) absences: Vec<Uuid>,
}

impl Pools {
    pub(crate) fn new(rng: &mut StdRng) -> Pools {
        let mut ids = |count: usize| (0..count).map(|_| Uuid::from_u128(rng.gen())).collect();
        Pools {
            contacts: ids(4),
            absences: ids(2),
        }
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("edits are built from json! objects"),
    }
}

fn clock_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A window of whole quarter hours, `end` > `start`, `24:00` allowed.
fn window_times(rng: &mut StdRng) -> (String, String) {
    let start = rng.gen_range(0..95) * 15;
    let end = rng.gen_range(start / 15 + 1..=96) * 15;
    (clock_time(start), clock_time(end))
}

fn weekly_windows(rng: &mut StdRng) -> Value {
    let windows: Vec<Value> = (0..rng.gen_range(0..4))
        .map(|_| {
            let mut days: Vec<u32> = (1..=7).filter(|_| rng.gen_bool(0.4)).collect();
            if days.is_empty() {
                days.push(rng.gen_range(1..=7));
            }
            let (start, end) = window_times(rng);
            json!({"days": days, "start": start, "end": end})
        })
        .collect();
    Value::Array(windows)
}

fn day_windows(rng: &mut StdRng) -> Value {
    let windows: Vec<Value> = (0..rng.gen_range(0..3))
        .map(|_| {
            let (start, end) = window_times(rng);
            json!({"start": start, "end": end})
        })
        .collect();
    Value::Array(windows)
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty choice")
}

fn profile(rng: &mut StdRng, worker: Uuid) -> Edit {
    let set = match rng.gen_range(0..5) {
        0 => json!({"display_name": pick(rng, &["Kari", "Kari N.", "Kari Nordmann"])}),
        1 => {
            json!({"away_message": pick(rng, &[Value::Null, json!("Back soon"), json!("Ring Per")])})
        }
        2 => json!({"observe_public_holidays": rng.gen_bool(0.5)}),
        3 => {
            json!({"show_limits_to_service_users": rng.gen_bool(0.5), "language": pick(rng, &["nb", "en"])})
        }
        _ => json!({"phone": format!("+47 9{:07}", rng.gen_range(0..10_000_000))}),
    };
    Edit {
        kind: RecordKind::Profile,
        id: ids::profile_id(worker),
        set: object(set),
        deleted: None,
    }
}

fn contact(rng: &mut StdRng, pools: &Pools, view: &[WireRecord]) -> Edit {
    let id = *pick(rng, &pools.contacts);
    let exists = view.iter().any(|record| record.id == id);
    let deleted = match rng.gen_range(0..10) {
        0 => Some(true),
        1 => Some(false),
        _ => None,
    };
    let mut set = object(json!({}));
    if !exists || rng.gen_bool(0.3) {
        set.insert(
            "name".into(),
            json!(pick(rng, &["Ola", "Per", "Anne", "Siv"])),
        );
    }
    match rng.gen_range(0..6) {
        0 => set.insert(
            "phone".into(),
            json!(format!("4{:07}", rng.gen_range(0..10_000_000))),
        ),
        1 => set.insert(
            "notes".into(),
            json!(format!("private note {}", rng.gen::<u16>())),
        ),
        2 => set.insert(
            "role".into(),
            json!(pick(rng, &["service_user", "colleague", "coordinator"])),
        ),
        3 => set.insert(
            "max_contacts_per_day".into(),
            pick(rng, &[Value::Null, json!(2), json!(5)]).clone(),
        ),
        4 => set.insert("agreement_windows".into(), weekly_windows(rng)),
        _ => set.insert(
            "status".into(),
            json!(pick(rng, &["active", "paused", "ended"])),
        ),
    };
    Edit {
        kind: RecordKind::Contact,
        id,
        set,
        deleted,
    }
}

fn local_date_time(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M").to_string()
}

fn absence(rng: &mut StdRng, pools: &Pools, now: DateTime<Utc>) -> Edit {
    let starts = now + Duration::minutes(rng.gen_range(-600..1440));
    let ends = starts + Duration::minutes(rng.gen_range(1..4000));
    let set = json!({
        "starts_at": local_date_time(starts),
        "ends_at": local_date_time(ends),
        "kind": pick(rng, &["day_off", "vacation", "sick", "other"]),
        "message": pick(rng, &[Value::Null, json!("Away today")]),
    });
    Edit {
        kind: RecordKind::Absence,
        id: *pick(rng, &pools.absences),
        set: object(set),
        deleted: rng.gen_bool(0.1).then_some(true),
    }
}

fn date_override(rng: &mut StdRng, worker: Uuid, now: DateTime<Utc>) -> Edit {
    let date = (now + Duration::days(rng.gen_range(0..4))).date_naive();
    Edit {
        kind: RecordKind::DateOverride,
        id: ids::date_override_id(worker, date),
        set: object(
            json!({"date": date.format("%Y-%m-%d").to_string(), "windows": day_windows(rng)}),
        ),
        deleted: None,
    }
}

fn log(rng: &mut StdRng, view: &[WireRecord], now: DateTime<Utc>) -> Option<Edit> {
    let contacts: Vec<Uuid> = view
        .iter()
        .filter(|record| record.kind == RecordKind::Contact)
        .map(|record| record.id)
        .collect();
    let contact_id = *contacts.choose(rng)?;
    let at = now - Duration::minutes(rng.gen_range(0..300));
    let mut set = json!({
        "contact_id": contact_id,
        "at": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "channel": pick(rng, &["call", "sms", "meeting", "message"]),
        "direction": pick(rng, &["incoming", "outgoing"]),
        "answered": rng.gen_bool(0.7),
    });
    if rng.gen_bool(0.3) {
        set["minutes"] = json!(rng.gen_range(0..90));
        set["note"] = json!("talked a while");
    }
    Some(Edit {
        kind: RecordKind::Log,
        id: Uuid::from_u128(rng.gen()),
        set: object(set),
        deleted: rng.gen_bool(0.05).then_some(true),
    })
}

fn checkin(rng: &mut StdRng, worker: Uuid, now: DateTime<Utc>) -> Edit {
    let date = now.date_naive();
    let iso = date.iso_week();
    let week: IsoWeek = format!("{}-W{:02}", iso.year(), iso.week())
        .parse()
        .expect("a real ISO week");
    let set = json!({
        "week": week.to_string(),
        "energy": rng.gen_range(1..=5),
        "strain": rng.gen_range(1..=5),
        "burnout": rng.gen_range(1..=5),
        "needs_guidance": rng.gen_bool(0.2),
        "share_with_coordinator": rng.gen_bool(0.5),
    });
    Edit {
        kind: RecordKind::Checkin,
        id: ids::checkin_id(worker, week),
        set: object(set),
        deleted: None,
    }
}

/// Team cover and the agenda: a request for one of the pool's absences (refused by the server
/// while that absence is unknown to it), an offer for it (always refused: one's own request),
/// an agenda item about a contact the device knows.
fn guidance(rng: &mut StdRng, pools: &Pools, view: &[WireRecord], now: DateTime<Utc>) -> Edit {
    let absence = *pick(rng, &pools.absences);
    let request = Uuid::new_v5(&absence, b"request");
    let (kind, id, set) = match rng.gen_range(0..4) {
        0 => (
            RecordKind::CoverRequest,
            request,
            json!({"absence_id": absence, "status": pick(rng, &["open", "withdrawn"]),
                   "note_to_team": pick(rng, &[Value::Null, json!("Who can take it?")])}),
        ),
        1 => (
            RecordKind::CoverOffer,
            Uuid::new_v5(&request, b"offer"),
            json!({"request_id": request, "accepted": rng.gen_bool(0.7)}),
        ),
        _ => {
            let contact = view
                .iter()
                .find(|record| record.kind == RecordKind::Contact)
                .map_or(Value::Null, |record| json!(record.id));
            let week = now.date_naive().iso_week();
            (
                RecordKind::AgendaItem,
                Uuid::from_u128(rng.gen_range(0..3)),
                json!({"week": format!("{}-W{:02}", week.year(), week.week()),
                       "topic": pick(rng, &["boundaries", "after_hours", "other"]),
                       "contact_id": contact, "share_with_coordinator": rng.gen_bool(0.5),
                       "note": "private words"}),
            )
        }
    };
    Edit {
        kind,
        id,
        set: object(set),
        deleted: rng.gen_bool(0.05).then_some(true),
    }
}

/// One random edit at the device's local `now`; `None` when the pick needs something the device
/// does not have yet (a log with no contact to log against).
pub(crate) fn random_edit(
    rng: &mut StdRng,
    pools: &Pools,
    worker: Uuid,
    view: &[WireRecord],
    now: DateTime<Utc>,
) -> Option<Edit> {
    match rng.gen_range(0..21) {
        0..=1 => Some(profile(rng, worker)),
        2..=3 => Some(Edit {
            kind: RecordKind::Availability,
            id: ids::availability_id(worker),
            set: object(json!({"windows": weekly_windows(rng)})),
            deleted: None,
        }),
        4..=7 => Some(contact(rng, pools, view)),
        8..=9 => Some(absence(rng, pools, now)),
        10..=11 => Some(date_override(rng, worker, now)),
        12 => Some(checkin(rng, worker, now)),
        13 => Some(guidance(rng, pools, view, now)),
        _ => log(rng, view, now),
    }
}
