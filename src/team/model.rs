//! The coordinator's figures in plain Rust: the summary as api.md sends it, the order of the cards,
//! "stale", the eight-week series, and the copy kept in localStorage for offline use.

use chrono::{DateTime, Utc};
use peerline_core::IsoWeek;
use peerline_store::KeyValue;
use serde_json::Value;
use uuid::Uuid;

/// The body of `GET /team/summary` (api.md, Coordinator summaries), as far as the screens use it.
///
/// Read from a `serde_json::Value` by hand rather than derived: a derived `Deserialize` per type
/// costs kilobytes of WASM, these getters a few bytes each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TeamSummary {
    pub(crate) week: String,
    pub(crate) workers: Vec<WorkerWeek>,
}

/// One worker's week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorkerWeek {
    pub(crate) worker_id: Uuid,
    pub(crate) display_name: String,
    pub(crate) last_sync_at: Option<DateTime<Utc>>,
    pub(crate) active_service_users: u32,
    pub(crate) counts: Counts,
    /// Service users over their weekly agreement.
    pub(crate) weekly_limit_exceeded: u32,
    pub(crate) relationships_ending_soon: u32,
    pub(crate) checkin: Option<SharedCheckin>,
    pub(crate) service_users: Vec<ServiceUserWeek>,
    /// What the worker shared for the coordinator talk, not discussed yet (issue 14).
    pub(crate) agenda: Vec<SharedAgendaItem>,
}

/// An item the worker shared for the talk: its week, its topic's wire name, the contact's name
/// if it names one. Never the note (the server does not send it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SharedAgendaItem {
    pub(crate) week: String,
    pub(crate) topic: String,
    pub(crate) contact_name: Option<String>,
}

/// The counts a worker and each service user have alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) contacts: u32,
    pub(crate) after_hours_contacts: u32,
    pub(crate) outside_agreement_contacts: u32,
    pub(crate) limit_exceeded_days: u32,
    pub(crate) unanswered_incoming: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SharedCheckin {
    pub(crate) energy: u8,
    pub(crate) strain: u8,
    pub(crate) burnout: u8,
    pub(crate) needs_guidance: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceUserWeek {
    pub(crate) name: String,
    pub(crate) counts: Counts,
    pub(crate) weekly_limit_exceeded: bool,
}

/// A page of `GET /team/access-log`: who read what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccessEntry {
    pub(crate) at: Option<DateTime<Utc>>,
    pub(crate) user_id: Option<Uuid>,
    pub(crate) display_name: String,
    pub(crate) endpoint: String,
    pub(crate) week: Option<String>,
}

fn number(value: &Value, key: &str) -> u32 {
    value
        .get(key)
        .and_then(Value::as_u64)
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

fn instant(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    // The parser core uses for instants: one copy of it in the WASM.
    let at = DateTime::parse_from_rfc3339(&text(value, key)?).ok()?;
    Some(at.with_timezone(&Utc))
}

fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

impl Counts {
    fn from_value(value: &Value) -> Counts {
        Counts {
            contacts: number(value, "contacts"),
            after_hours_contacts: number(value, "after_hours_contacts"),
            outside_agreement_contacts: number(value, "outside_agreement_contacts"),
            limit_exceeded_days: number(value, "limit_exceeded_days"),
            unanswered_incoming: number(value, "unanswered_incoming"),
        }
    }
}

impl TeamSummary {
    /// `None` unless it has a week and a list of workers; a worker without an id is left out.
    pub(crate) fn from_value(value: &Value) -> Option<TeamSummary> {
        value.get("workers")?.as_array()?;
        Some(TeamSummary {
            week: text(value, "week")?,
            workers: list(value, "workers")
                .filter_map(WorkerWeek::from_value)
                .collect(),
        })
    }
}

impl WorkerWeek {
    fn from_value(value: &Value) -> Option<WorkerWeek> {
        let checkin = value.get("checkin").filter(|c| c.is_object()).map(|c| {
            let score = |key| u8::try_from(number(c, key)).unwrap_or(0);
            SharedCheckin {
                energy: score("energy"),
                strain: score("strain"),
                burnout: score("burnout"),
                needs_guidance: c.get("needs_guidance").and_then(Value::as_bool) == Some(true),
            }
        });
        let service_users = list(value, "service_users")
            .map(|su| ServiceUserWeek {
                name: text(su, "name").unwrap_or_default(),
                counts: Counts::from_value(su),
                weekly_limit_exceeded: su.get("weekly_limit_exceeded").and_then(Value::as_bool)
                    == Some(true),
            })
            .collect();
        Some(WorkerWeek {
            worker_id: text(value, "worker_id")?.parse().ok()?,
            display_name: text(value, "display_name").unwrap_or_default(),
            last_sync_at: instant(value, "last_sync_at"),
            active_service_users: number(value, "active_service_users"),
            counts: Counts::from_value(value),
            weekly_limit_exceeded: number(value, "weekly_limit_exceeded"),
            relationships_ending_soon: number(value, "relationships_ending_soon"),
            checkin,
            service_users,
            agenda: list(value, "agenda")
                .map(|item| SharedAgendaItem {
                    week: text(item, "week").unwrap_or_default(),
                    topic: text(item, "topic").unwrap_or_default(),
                    contact_name: text(item, "contact_name"),
                })
                .collect(),
        })
    }
}

/// The entries of an access-log page, newest first.
pub(crate) fn access_entries(value: &Value) -> Vec<AccessEntry> {
    list(value, "entries")
        .map(|entry| AccessEntry {
            at: instant(entry, "at"),
            user_id: text(entry, "user_id").and_then(|id| id.parse().ok()),
            display_name: text(entry, "display_name").unwrap_or_default(),
            endpoint: text(entry, "endpoint").unwrap_or_default(),
            week: text(entry, "week"),
        })
        .collect()
}

/// A last sync older than this is marked stale.
const STALE_AFTER_DAYS: i64 = 7;

impl WorkerWeek {
    /// One number to sort the cards by: every contact that pressed on a boundary (outside the
    /// agreement, after hours, unanswered), every day over a daily agreement and every service user
    /// over a weekly one. Plain sums, so the order is easy to explain.
    pub(crate) fn pressure(&self) -> u32 {
        let c = self.counts;
        c.outside_agreement_contacts
            + c.after_hours_contacts
            + c.unanswered_incoming
            + c.limit_exceeded_days
            + self.weekly_limit_exceeded
    }

    /// Whether the figures may be out of date: no sync in the last seven days, or never.
    pub(crate) fn stale(&self, now: DateTime<Utc>) -> bool {
        self.last_sync_at
            .is_none_or(|at| now - at > chrono::Duration::days(STALE_AFTER_DAYS))
    }

    pub(crate) fn needs_guidance(&self) -> bool {
        self.checkin.is_some_and(|c| c.needs_guidance)
    }
}

/// The cards in order: most pressure first, then by name.
pub(crate) fn by_pressure(mut workers: Vec<WorkerWeek>) -> Vec<WorkerWeek> {
    // Unstable sort (already in the WASM); the id makes the order total.
    workers.sort_unstable_by(|a, b| {
        b.pressure()
            .cmp(&a.pressure())
            .then_with(|| a.display_name.cmp(&b.display_name))
            .then_with(|| a.worker_id.cmp(&b.worker_id))
    });
    workers
}

/// One point of the trend: a week's contacts, after-hours and outside-agreement contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TrendPoint {
    pub(crate) week: IsoWeek,
    /// `None` when that week's figures are neither fetched nor saved.
    pub(crate) counts: Option<Counts>,
}

/// A worker's point in each week's summary (zero when the summary does not list them).
pub(crate) fn trend(worker: Uuid, weeks: &[(IsoWeek, Option<TeamSummary>)]) -> Vec<TrendPoint> {
    weeks
        .iter()
        .map(|(week, summary)| TrendPoint {
            week: *week,
            counts: summary.as_ref().map(|summary| {
                summary
                    .workers
                    .iter()
                    .find(|w| w.worker_id == worker)
                    .map(|w| w.counts)
                    .unwrap_or_default()
            }),
        })
        .collect()
}

/// What is kept at `peerline.team` for offline use: the summaries of the last weeks fetched and
/// the access log, as the server sent them, each with the time it was fetched:
/// `{"weeks": [{"week": "2026-W48", "at": MILLIS, "body": {...}}, ...], "access_log": {"at", "body"}}`,
/// weeks most recently fetched first.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cache {
    weeks: Vec<Value>,
    access_log: Option<Value>,
    /// The cover calendars last fetched, by their first week, the same shape as `weeks`.
    cover: Vec<Value>,
}

/// Weeks kept: the eight of a trend and a few more to look back on.
const KEEP_WEEKS: usize = 12;
/// Cover calendars kept: this week's and a few the coordinator paged to.
const KEEP_CALENDARS: usize = 4;
pub(crate) const CACHE_KEY: &str = crate::session::TEAM_CACHE_KEY;

fn kept(at: DateTime<Utc>, body: Value) -> Value {
    serde_json::json!({ "at": at.timestamp_millis(), "body": body })
}

fn unkept(value: &Value) -> Option<(DateTime<Utc>, &Value)> {
    let at = DateTime::from_timestamp_millis(value.get("at")?.as_i64()?)?;
    Some((at, value.get("body")?))
}

fn position(list: &[Value], week: &str) -> Option<usize> {
    list.iter()
        .position(|kept| kept.get("week").and_then(Value::as_str) == Some(week))
}

/// Puts `entry` (made by `kept`) first in `list` as `week`'s, replacing the one it had; the
/// least recently fetched go beyond `limit`.
fn keep_by_week(list: &mut Vec<Value>, limit: usize, week: IsoWeek, mut entry: Value) {
    let week = week.to_string();
    if let Some(old) = position(list, &week) {
        list.remove(old);
    }
    entry["week"] = Value::String(week);
    list.insert(0, entry);
    list.truncate(limit);
}

fn by_week(list: &[Value], week: IsoWeek) -> Option<(DateTime<Utc>, Value)> {
    let (at, body) = unkept(&list[position(list, &week.to_string())?])?;
    Some((at, body.clone()))
}

impl Cache {
    pub(crate) fn load(kv: &dyn KeyValue) -> Cache {
        let Some(mut stored) = kv
            .get(CACHE_KEY)
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        else {
            return Cache::default();
        };
        let mut list = |key| match stored.get_mut(key).map(Value::take) {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        Cache {
            weeks: list("weeks"),
            cover: list("cover"),
            access_log: stored.get_mut("access_log").map(Value::take),
        }
    }

    pub(crate) fn save(&self, kv: &dyn KeyValue) {
        let text = serde_json::json!({"weeks": self.weeks, "access_log": self.access_log, "cover": self.cover});
        // Full storage only costs the offline copy; the figures on screen are fresh.
        let _ = kv.set(CACHE_KEY, &text.to_string());
    }

    /// Keeps `body` as `week`'s summary; the least recently fetched go beyond the limit.
    pub(crate) fn keep_week(&mut self, week: IsoWeek, at: DateTime<Utc>, body: Value) {
        keep_by_week(&mut self.weeks, KEEP_WEEKS, week, kept(at, body));
    }

    /// The saved summary of `week` (as the server sent it) and when it was fetched.
    pub(crate) fn week(&self, week: IsoWeek) -> Option<(DateTime<Utc>, Value)> {
        by_week(&self.weeks, week)
    }

    /// Keeps `body` as the cover calendar from `week`.
    pub(crate) fn keep_cover(&mut self, week: IsoWeek, at: DateTime<Utc>, body: Value) {
        keep_by_week(&mut self.cover, KEEP_CALENDARS, week, kept(at, body));
    }

    /// The saved cover calendar from `week` and when it was fetched.
    pub(crate) fn cover(&self, week: IsoWeek) -> Option<(DateTime<Utc>, Value)> {
        by_week(&self.cover, week)
    }

    pub(crate) fn keep_access_log(&mut self, at: DateTime<Utc>, body: Value) {
        self.access_log = Some(kept(at, body));
    }

    pub(crate) fn access_log(&self) -> Option<(DateTime<Utc>, Value)> {
        let (at, body) = unkept(self.access_log.as_ref()?)?;
        Some((at, body.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use peerline_store::MemoryStorage;
    use serde_json::json;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn worker(name: &str, counts: [u32; 5], weekly: u32, guidance: bool) -> Value {
        let [contacts, after, outside, days, unanswered] = counts;
        json!({
            "worker_id": Uuid::new_v5(&Uuid::nil(), name.as_bytes()), "display_name": name,
            "last_sync_at": "2026-11-20T12:00:00Z", "active_service_users": 2,
            "contacts": contacts, "after_hours_contacts": after,
            "outside_agreement_contacts": outside, "limit_exceeded_days": days,
            "unanswered_incoming": unanswered, "weekly_limit_exceeded": weekly,
            "relationships_ending_soon": 1,
            "checkin": {"energy": 2, "strain": 4, "burnout": 3, "needs_guidance": guidance},
            "service_users": [{"contact_id": Uuid::nil(), "name": "Ola", "contacts": contacts,
                "after_hours_contacts": after, "outside_agreement_contacts": outside,
                "limit_exceeded_days": days, "weekly_limit_exceeded": weekly > 0,
                "unanswered_incoming": unanswered}],
        })
    }

    fn summary(workers: Vec<Value>) -> Value {
        json!({"team": {"id": Uuid::nil(), "name": "T"}, "week": "2026-W48", "workers": workers})
    }

    fn parse(value: Value) -> TeamSummary {
        TeamSummary::from_value(&value).unwrap_or(TeamSummary {
            week: "unreadable".into(),
            workers: vec![],
        })
    }

    #[test]
    fn cards_are_sorted_by_pressure_then_name() {
        let team = parse(summary(vec![
            worker("Anne", [20, 0, 0, 0, 0], 0, false),
            worker("Cato", [5, 1, 1, 0, 1], 0, true),
            worker("Bo", [9, 2, 3, 1, 0], 1, false),
            worker("Ada", [5, 1, 1, 1, 0], 0, false),
        ]));
        assert_eq!(team.week, "2026-W48");
        let order: Vec<(String, u32)> = by_pressure(team.workers)
            .into_iter()
            .map(|w| (w.display_name.clone(), w.pressure()))
            .collect();
        let want = [("Bo", 7), ("Ada", 3), ("Cato", 3), ("Anne", 0)];
        assert_eq!(order, want.map(|(name, p)| (name.to_owned(), p)).to_vec());
    }

    #[test]
    fn a_sync_older_than_seven_days_is_stale() {
        let team = parse(summary(vec![worker("Anne", [0; 5], 0, true)]));
        let mut anne = team.workers[0].clone();
        assert!(anne.needs_guidance());
        assert!(!anne.stale(at(27)), "7 days ago to the hour");
        assert!(anne.stale(at(28)));
        anne.last_sync_at = None;
        assert!(anne.stale(at(20)), "never synced");
    }

    #[test]
    fn the_trend_has_a_point_per_week_and_gaps_where_nothing_is_known() {
        let team = parse(summary(vec![worker("Anne", [4, 1, 2, 0, 0], 0, false)]));
        let anne = team.workers[0].worker_id;
        let weeks: Vec<IsoWeek> = ["2026-W46", "2026-W47", "2026-W48"]
            .iter()
            .filter_map(|w| w.parse().ok())
            .collect();
        let empty = TeamSummary {
            week: "2026-W47".into(),
            workers: vec![],
        };
        let points = trend(
            anne,
            &[
                (weeks[0], None),
                (weeks[1], Some(empty)),
                (weeks[2], Some(team)),
            ],
        );
        let counts: Vec<Option<(u32, u32, u32)>> = points
            .iter()
            .map(|p| {
                p.counts.map(|c| {
                    (
                        c.contacts,
                        c.after_hours_contacts,
                        c.outside_agreement_contacts,
                    )
                })
            })
            .collect();
        assert_eq!(counts, vec![None, Some((0, 0, 0)), Some((4, 1, 2))]);
    }

    #[test]
    fn the_cache_keeps_the_twelve_latest_fetches_and_survives_storage() {
        let kv = MemoryStorage::default();
        let mut cache = Cache::load(&kv);
        for n in 1..=14u32 {
            let week = IsoWeek::new(2026, n).unwrap_or(IsoWeek::of(at(1).date_naive()));
            cache.keep_week(week, at(n), summary(vec![]));
        }
        cache.save(&kv);
        let cache = Cache::load(&kv);
        let kept: Vec<&str> = cache
            .weeks
            .iter()
            .filter_map(|kept| kept.get("week")?.as_str())
            .collect();
        assert_eq!(kept.len(), 12);
        assert_eq!(kept[0], "2026-W14", "the latest fetch first");
        assert!(!kept
            .iter()
            .any(|week| *week == "2026-W01" || *week == "2026-W02"));
        let mut again = cache.clone();
        let w13 = IsoWeek::new(2026, 13).unwrap_or(IsoWeek::of(at(1).date_naive()));
        again.keep_week(w13, at(20), summary(vec![]));
        assert_eq!(
            again.weeks.len(),
            12,
            "a week fetched again is not kept twice"
        );
        assert_eq!(again.week(w13).map(|(at, _)| at), Some(at(20)));
        assert_eq!(
            again.weeks[0].get("week").and_then(Value::as_str),
            Some("2026-W13")
        );
        let week = IsoWeek::new(2026, 14).unwrap_or(IsoWeek::of(at(1).date_naive()));
        assert_eq!(
            cache
                .week(week)
                .and_then(|(at, s)| Some((at, TeamSummary::from_value(&s)?.week))),
            Some((at(14), "2026-W48".into()))
        );
    }

    #[test]
    fn odd_answers_read_as_little_as_they_say() {
        assert_eq!(TeamSummary::from_value(&json!({"week": "2026-W48"})), None);
        let team = parse(json!({"week": "2026-W48", "workers": [
            {"display_name": "no id"},
            {"worker_id": Uuid::nil(), "display_name": "Per", "checkin": null,
             "last_sync_at": null, "contacts": 3, "service_users": "not a list"},
        ]}));
        assert_eq!(team.workers.len(), 1);
        let per = &team.workers[0];
        assert_eq!(
            (per.counts.contacts, per.checkin, per.last_sync_at),
            (3, None, None)
        );
        assert!(per.service_users.is_empty());

        let entries = access_entries(&json!({"entries": [
            {"at": "2026-11-26T15:45:00.000Z", "user_id": Uuid::nil(), "display_name": "Kari",
             "endpoint": "/api/v1/team/summary.csv", "week": "2026-W48"},
            {"at": "2026-11-26T15:46:00.000Z", "user_id": Uuid::nil(), "display_name": "Kari",
             "endpoint": "/api/v1/team/access-log", "week": null},
        ]}));
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[0].at,
            Some(Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0).unwrap())
        );
        assert_eq!(entries[1].week, None);
    }
}
