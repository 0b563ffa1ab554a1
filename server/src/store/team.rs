//! The coordinator's reads: a team, its workers, the records a week's summary needs, and the team
//! access log.
//!
//! The summary queries never select `records.private_fields`, so no note, `notes` or `share_token`
//! is ever in the coordinator's process memory, let alone a response. They read a team's records
//! in two statements whatever its size: the standing records (everything but logs and other weeks'
//! check-ins: some dozens per worker after two years) and the logs of one time range, an index
//! range over `records_user_kind_time`. Both come back as one row per worker (see
//! [`records_by_worker_sql`] for why).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveTime;
use peerline_core::{IsoWeek, RecordKind, WireRecord};
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::{any::AnyRow, Any, Executor, Row};
use uuid::Uuid;

use crate::{db::Backend, Error, Result};

/// A worker of a team, as the summary names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamWorker {
    /// The worker's user id.
    pub id: Uuid,
    /// The account's display name.
    pub display_name: String,
    /// The worker's last sync, milliseconds; `None` before the first.
    pub last_sync_at: Option<i64>,
}

/// The name of the team `team_id`, if it exists.
pub async fn team_name<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: Uuid,
) -> Result<Option<String>> {
    let row = sqlx::query("SELECT name FROM teams WHERE id = $1")
        .bind(team_id.to_string())
        .fetch_optional(executor)
        .await?;
    row.map(|row| Ok(row.try_get("name")?)).transpose()
}

/// The workers (role `worker`) of the team, by display name (then id) in code-point order.
pub async fn team_workers<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: Uuid,
) -> Result<Vec<TeamWorker>> {
    let rows = sqlx::query(
        "SELECT id, display_name, last_sync_at FROM users WHERE team_id = $1 AND role = 'worker'",
    )
    .bind(team_id.to_string())
    .fetch_all(executor)
    .await?;
    let mut workers = rows
        .iter()
        .map(|row| {
            Ok(TeamWorker {
                id: parse_id(&row.try_get::<String, _>("id")?)?,
                display_name: row.try_get("display_name")?,
                last_sync_at: row.try_get("last_sync_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Sorted here, not by ORDER BY: PostgreSQL's collation would order names unlike SQLite's.
    workers.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(workers)
}

/// The `records.occurred_at` of a check-in of `week`: its Monday 00:00 UTC, in milliseconds.
pub fn checkin_occurred_at(week: IsoWeek) -> i64 {
    week.monday()
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp_millis()
}

/// Every kind the summary reads but `log`. Listed rather than written `kind <> 'log'` so both databases seek each
/// kind in the `(user_id, kind, occurred_at)` index instead of walking a worker's two years of
/// logs to skip them.
const STANDING_KINDS: &str =
    "'profile', 'contact', 'availability', 'date_override', 'absence', 'checkin', 'agenda_item'";

/// The records of the team's workers other than logs (and cover requests and offers, which no
/// figure reads), with only the check-ins of `week`, in wire
/// form with public fields only, grouped by worker. Deleted records are left out except contacts,
/// whose logs still count (domain.md, Boundary pressure) and which
/// [`peerline_core::WorkerData::from_wire`] keeps.
pub async fn standing_records<'c>(
    executor: impl Executor<'c, Database = Any>,
    backend: Backend,
    team_id: Uuid,
    week: IsoWeek,
) -> Result<HashMap<Uuid, Vec<WireRecord>>> {
    // Two years of weekly check-ins would be most of these records: only the week's are read, by
    // the week the sync indexes them under (not by id: a check-in need not have the derived id,
    // domain.md, Ids). A check-in stored before that index existed has none and is read whatever
    // its week; WorkerData then picks the week's from what it is given, so the answer is the same.
    let condition = format!(
        "r.kind IN ({STANDING_KINDS}) AND (r.deleted = 0 OR r.kind = 'contact') \
         AND (r.kind <> 'checkin' OR r.occurred_at = $2 OR r.occurred_at IS NULL)"
    );
    let query = records_by_worker_sql(backend, &condition);
    let rows = sqlx::query(&query)
        .bind(team_id.to_string())
        .bind(checkin_occurred_at(week))
        .fetch_all(executor)
        .await?;
    group_by_worker(&rows)
}

/// The live profiles, absences and cover requests of the team's workers, in wire form with public
/// fields only, grouped by worker: what `GET /team/cover` shows the team.
pub async fn cover_records<'c>(
    executor: impl Executor<'c, Database = Any>,
    backend: Backend,
    team_id: Uuid,
) -> Result<HashMap<Uuid, Vec<WireRecord>>> {
    let condition = "r.kind IN ('profile', 'absence', 'cover_request') AND r.deleted = 0";
    let query = records_by_worker_sql(backend, condition);
    let rows = sqlx::query(&query)
        .bind(team_id.to_string())
        .fetch_all(executor)
        .await?;
    group_by_worker(&rows)
}

/// The live logs of the team's workers whose `at` lies in `[from, to)` (milliseconds), in wire
/// form with public fields only, grouped by worker.
pub async fn logs_between<'c>(
    executor: impl Executor<'c, Database = Any>,
    backend: Backend,
    team_id: Uuid,
    from: i64,
    to: i64,
) -> Result<HashMap<Uuid, Vec<WireRecord>>> {
    // A deleted log has no occurred_at (see sync::apply), so the range holds live logs only.
    let condition = "r.kind = 'log' AND r.occurred_at >= $2 AND r.occurred_at < $3";
    let query = records_by_worker_sql(backend, condition);
    let rows = sqlx::query(&query)
        .bind(team_id.to_string())
        .bind(from)
        .bind(to)
        .fetch_all(executor)
        .await?;
    group_by_worker(&rows)
}

/// The records of the team's workers matching `condition`, one row per worker: `user_id` and
/// `records`, a JSON array of `{"id", "kind", "deleted", "fields"}` (fields as stored, with hlcs),
/// or NULL when no record matches.
///
/// # Why one row per worker
///
/// sqlx hands each result row from SQLite's thread to the caller one by one, which costs some
/// microseconds a row; a big team's week is thousands of rows, and that cost alone was most of the
/// summary's time. Built into one JSON text per worker in SQL, the same data is fifty rows. A
/// subquery per worker rather than a `GROUP BY` spares SQLite sorting (and spilling) the texts.
/// The aggregate is spelled differently by the two databases (`group_concat` in SQLite,
/// `string_agg` in PostgreSQL), like reading a JSON field in [`standing_records`]; ids are UUIDs
/// and kinds fixed names, so they need no escaping, and `fields` is JSON already.
fn records_by_worker_sql(backend: Backend, condition: &str) -> String {
    let aggregate = match backend {
        Backend::Sqlite => "group_concat",
        Backend::Postgres => "string_agg",
    };
    format!(
        "SELECT u.id AS user_id, (SELECT '[' || {aggregate}('{{\"id\":\"' || r.id \
         || '\",\"kind\":\"' || r.kind || '\",\"deleted\":' \
         || CASE WHEN r.deleted = 0 THEN 'false' ELSE 'true' END \
         || ',\"fields\":' || r.fields || '}}', ',') || ']' \
         FROM records r WHERE r.user_id = u.id AND {condition}) AS records \
         FROM users u WHERE u.team_id = $1 AND u.role = 'worker'"
    )
}

/// A record as [`records_by_worker_sql`] builds it.
#[derive(Deserialize)]
struct AggregatedRecord {
    id: Uuid,
    kind: RecordKind,
    deleted: bool,
    fields: BTreeMap<String, FieldValue>,
}

/// A stored field as the summary needs it: the value; its hlc is skipped unparsed.
#[derive(Deserialize)]
struct FieldValue {
    value: Value,
}

fn group_by_worker(rows: &[AnyRow]) -> Result<HashMap<Uuid, Vec<WireRecord>>> {
    let mut grouped = HashMap::new();
    for row in rows {
        let user_id = parse_id(&row.try_get::<String, _>("user_id")?)?;
        let Some(text) = row.try_get::<Option<String>, _>("records")? else {
            continue;
        };
        let records: Vec<AggregatedRecord> = serde_json::from_str(&text)
            .map_err(|error| Error::Corrupt(format!("records of {user_id}: {error}")))?;
        let records = records
            .into_iter()
            .map(|record| WireRecord {
                kind: record.kind,
                id: record.id,
                deleted: record.deleted,
                fields: record
                    .fields
                    .into_iter()
                    .map(|(name, field)| (name, field.value))
                    .collect::<Map<String, Value>>(),
            })
            .collect();
        grouped.insert(user_id, records);
    }
    Ok(grouped)
}

/// One read to write to the access log.
#[derive(Debug, Clone)]
pub struct NewAccess<'a> {
    /// The entry's id.
    pub id: Uuid,
    /// The reader's team.
    pub team_id: Uuid,
    /// The reader.
    pub user_id: Uuid,
    /// When, milliseconds.
    pub at: i64,
    /// The path read.
    pub endpoint: &'a str,
    /// The ISO week read, if any.
    pub week: Option<&'a str>,
    /// For an action on members (not a read): what was done, and to whom.
    pub action: Option<AccessAction<'a>>,
}

/// A coordinator's action on a member or an invite, as the access log keeps it.
#[derive(Debug, Clone, Copy)]
pub struct AccessAction<'a> {
    /// What was done: `invite_created`, `member_deactivated`, ... (see `crate::accounts::members`).
    pub action: &'a str,
    /// The member's or the invite's id.
    pub subject_id: Uuid,
    /// Their display name at the time.
    pub subject_name: &'a str,
}

/// An access log entry with the reader's current display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// The entry's id.
    pub id: Uuid,
    /// When, milliseconds.
    pub at: i64,
    /// The reader.
    pub user_id: Uuid,
    /// The reader's display name.
    pub display_name: String,
    /// The path read.
    pub endpoint: String,
    /// The ISO week read, if any.
    pub week: Option<String>,
    /// For an action on members: (action, subject id, subject's name then).
    pub action: Option<(String, Uuid, String)>,
}

/// Writes one entry to the access log.
pub async fn record_access<'c>(
    executor: impl Executor<'c, Database = Any>,
    access: &NewAccess<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO team_access_log (id, team_id, user_id, at, endpoint, week, action, \
         subject_id, subject_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(access.id.to_string())
    .bind(access.team_id.to_string())
    .bind(access.user_id.to_string())
    .bind(access.at)
    .bind(access.endpoint)
    .bind(access.week)
    .bind(access.action.map(|action| action.action))
    .bind(access.action.map(|action| action.subject_id.to_string()))
    .bind(access.action.map(|action| action.subject_name))
    .execute(executor)
    .await?;
    Ok(())
}

/// Up to `limit` entries of the team's access log, newest first, after position `before`
/// ((at, id) of the last entry of the previous page) if given.
pub async fn access_log_page<'c>(
    executor: impl Executor<'c, Database = Any>,
    team_id: Uuid,
    before: Option<(i64, Uuid)>,
    limit: i64,
) -> Result<Vec<AccessEntry>> {
    let after = if before.is_some() {
        "AND (l.at, l.id) < ($3, $4)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT l.id, l.at, l.user_id, u.display_name, l.endpoint, l.week, l.action, \
         l.subject_id, l.subject_name \
         FROM team_access_log l JOIN users u ON u.id = l.user_id \
         WHERE l.team_id = $1 {after} ORDER BY l.at DESC, l.id DESC LIMIT $2"
    );
    let mut query = sqlx::query(&sql).bind(team_id.to_string()).bind(limit);
    if let Some((at, id)) = before {
        query = query.bind(at).bind(id.to_string());
    }
    let rows = query.fetch_all(executor).await?;
    rows.iter()
        .map(|row| {
            Ok(AccessEntry {
                id: parse_id(&row.try_get::<String, _>("id")?)?,
                at: row.try_get("at")?,
                user_id: parse_id(&row.try_get::<String, _>("user_id")?)?,
                display_name: row.try_get("display_name")?,
                endpoint: row.try_get("endpoint")?,
                week: row.try_get("week")?,
                action: action_from_row(row)?,
            })
        })
        .collect()
}

fn action_from_row(row: &AnyRow) -> Result<Option<(String, Uuid, String)>> {
    let action: Option<String> = row.try_get("action")?;
    let Some(action) = action else {
        return Ok(None);
    };
    let subject_id = parse_id(&row.try_get::<String, _>("subject_id")?)?;
    Ok(Some((action, subject_id, row.try_get("subject_name")?)))
}

fn parse_id(text: &str) -> Result<Uuid> {
    text.parse()
        .map_err(|_| Error::Corrupt(format!("bad uuid {text:?}")))
}
