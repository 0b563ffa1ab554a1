//! Boundary pressure for an ISO week (domain.md, last section; api.md, Coordinator summaries): per
//! service user and in total, the counts a worker and their coordinator see, and the time given
//! after hours. Never notes or text. Each figure uses the agreement in force on the day in
//! question (`crate::agreement`): a day's windows and daily limit that day's, the weekly limit the
//! one in force on the week's Monday (a weekly limit is counted over the whole ISO week, so the
//! week keeps the limit it began with; rule 4 of reachability reads it the same way).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::iso_week::IsoWeek;
use crate::local_time::day_start;
use crate::records::{AgendaTopic, Checkin, Status};
use crate::spans::{containing, Span};
use crate::worker::{ContactEntry, LogEntry, WorkerData};

/// The figures of one service user, or their sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PressureCounts {
    /// Logs with the person (both directions, answered or not).
    pub contacts: u32,
    /// Logs outside the person's effective windows (their agreement, absences removed).
    pub outside_agreement_contacts: u32,
    /// Logs outside the worker's own windows (days off, absences and holidays included).
    pub after_hours_contacts: u32,
    /// Local days with more logs than the daily limit.
    pub limit_exceeded_days: u32,
    /// Incoming logs not answered, any channel.
    pub unanswered_incoming: u32,
    /// The `minutes` of the after-hours logs, summed (a log without minutes counts 0).
    pub after_hours_minutes: u32,
    /// How many after-hours logs have no `minutes`.
    pub after_hours_untimed: u32,
}

impl PressureCounts {
    fn add(&mut self, other: &PressureCounts) {
        self.contacts += other.contacts;
        self.outside_agreement_contacts += other.outside_agreement_contacts;
        self.after_hours_contacts += other.after_hours_contacts;
        self.limit_exceeded_days += other.limit_exceeded_days;
        self.unanswered_incoming += other.unanswered_incoming;
        self.after_hours_minutes += other.after_hours_minutes;
        self.after_hours_untimed += other.after_hours_untimed;
    }
}

/// One service user's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceUserPressure {
    pub contact_id: Uuid,
    pub name: String,
    #[serde(flatten)]
    pub counts: PressureCounts,
    /// More logs in the week than the weekly limit.
    pub weekly_limit_exceeded: bool,
}

/// The sums over the service users; `weekly_limit_exceeded` counts the service users over theirs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PressureTotals {
    #[serde(flatten)]
    pub counts: PressureCounts,
    pub weekly_limit_exceeded: u32,
}

/// A worker's boundary pressure in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekPressure {
    pub week: IsoWeek,
    /// The active service users plus any with logs that week (deleted ones included), by name.
    pub service_users: Vec<ServiceUserPressure>,
    pub totals: PressureTotals,
}

/// The local days of the week as instants: the start of Monday .. the start of next Monday.
struct WeekFrame {
    monday: NaiveDate,
    day_starts: [DateTime<Utc>; 8],
    /// The worker's own windows over the week (and a day either side).
    worker_windows: Vec<Span>,
}

/// Boundary pressure of `week` for the worker of `data`.
pub fn week_pressure(data: &WorkerData, week: IsoWeek) -> WeekPressure {
    let zone = data.timezone();
    let monday = week.monday();
    let day = |offset: u64| monday.checked_add_days(Days::new(offset)).unwrap_or(monday);
    let frame = WeekFrame {
        monday,
        day_starts: std::array::from_fn(|offset| day_start(zone, day(offset as u64))),
        worker_windows: week_windows(data, None, monday),
    };
    let mut service_users: Vec<ServiceUserPressure> = data
        .contacts
        .values()
        .filter(|entry| entry.contact.is_service_user())
        .filter_map(|entry| service_user_row(data, entry, &frame))
        .collect();
    crate::order::sort_by(&mut service_users, |a, b| {
        (&a.name, a.contact_id).cmp(&(&b.name, b.contact_id))
    });
    let mut totals = PressureTotals::default();
    for row in &service_users {
        totals.counts.add(&row.counts);
        totals.weekly_limit_exceeded += u32::from(row.weekly_limit_exceeded);
    }
    WeekPressure {
        week,
        service_users,
        totals,
    }
}

/// The row of one service user, or `None` if they are not active and have no logs that week.
fn service_user_row(
    data: &WorkerData,
    entry: &ContactEntry,
    frame: &WeekFrame,
) -> Option<ServiceUserPressure> {
    let contact = &entry.contact;
    let logs = data.logs_between(contact.id, frame.day_starts[0], frame.day_starts[7]);
    let active = !entry.deleted && contact.status == Status::Active;
    if logs.is_empty() && !active {
        return None;
    }
    let agreement = week_windows(data, Some(entry), frame.monday);
    let outside = |windows: &[Span], log: &LogEntry| containing(windows, log.at).is_none();
    let count =
        |keep: &dyn Fn(&LogEntry) -> bool| logs.iter().filter(|log| keep(log)).count() as u32;
    // One pass over the after-hours logs for their count, minutes and untimed ones.
    let (mut after_hours, mut minutes, mut untimed) = (0u32, 0u32, 0u32);
    for log in logs
        .iter()
        .filter(|log| outside(&frame.worker_windows, log))
    {
        after_hours += 1;
        minutes = minutes.saturating_add(log.minutes.unwrap_or(0));
        untimed += u32::from(log.minutes.is_none());
    }
    let counts = PressureCounts {
        contacts: logs.len() as u32,
        outside_agreement_contacts: count(&|log| outside(&agreement, log)),
        after_hours_contacts: after_hours,
        limit_exceeded_days: exceeded_days(entry, logs, frame),
        unanswered_incoming: count(&|log| log.incoming_unanswered),
        after_hours_minutes: minutes,
        after_hours_untimed: untimed,
    };
    let weekly_limit_exceeded = entry
        .agreements
        .on(frame.monday)
        .max_contacts_per_week
        .is_some_and(|limit| logs.len() > limit as usize);
    Some(ServiceUserPressure {
        contact_id: contact.id,
        name: contact.name.clone(),
        counts,
        weekly_limit_exceeded,
    })
}

/// The effective windows touching the week: Sunday before to Monday after, so a log near midnight
/// is judged by the window it really falls in.
fn week_windows(data: &WorkerData, entry: Option<&ContactEntry>, monday: NaiveDate) -> Vec<Span> {
    let first = monday.checked_sub_days(Days::new(1)).unwrap_or(monday);
    let last = monday.checked_add_days(Days::new(7)).unwrap_or(monday);
    data.windows(entry, first, last).collect()
}

/// Days of the week with more logs than that day's daily limit (logs are sorted, so each day is
/// a slice).
fn exceeded_days(entry: &ContactEntry, logs: &[LogEntry], frame: &WeekFrame) -> u32 {
    frame
        .day_starts
        .windows(2)
        .zip(frame.monday.iter_days())
        .filter(|(day, date)| {
            let Some(limit) = entry.agreements.on(*date).max_contacts_per_day else {
                return false;
            };
            let in_day = logs.partition_point(|log| log.at < day[1])
                - logs.partition_point(|log| log.at < day[0]);
            in_day > limit as usize
        })
        .count() as u32
}

/// Active service-user relationships whose planned end or review date falls within the 60 days from
/// `today` (today included), for the coordinator summary.
pub fn relationships_ending_soon(data: &WorkerData, today: NaiveDate) -> usize {
    let Some(limit) = today.checked_add_days(Days::new(60)) else {
        return 0;
    };
    let soon = |date: Option<NaiveDate>| date.is_some_and(|date| today <= date && date <= limit);
    data.contacts()
        .filter(|c| c.is_service_user() && c.status == Status::Active)
        .filter(|c| soon(c.planned_end_on) || soon(c.review_on))
        .count()
}

/// Active service-user relationships, for the coordinator summary.
pub fn active_service_users(data: &WorkerData) -> usize {
    data.contacts()
        .filter(|c| c.is_service_user() && c.status == Status::Active)
        .count()
}

/// The worker's check-in for `week` if they chose to share it with the coordinator.
pub fn shared_checkin(data: &WorkerData, week: IsoWeek) -> Option<&Checkin> {
    data.checkin(week)
        .filter(|checkin| checkin.share_with_coordinator)
}

/// A shared agenda item as the coordinator sees it: never the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedAgendaItem {
    pub id: Uuid,
    pub week: IsoWeek,
    pub topic: AgendaTopic,
    /// The contact's name, if the item names a contact the worker has (or had).
    pub contact_name: Option<String>,
}

/// The worker's agenda items shared with the coordinator and not yet discussed, by week (then id).
pub fn shared_agenda(data: &WorkerData) -> Vec<SharedAgendaItem> {
    let mut items: Vec<SharedAgendaItem> = data
        .agenda()
        .iter()
        .filter(|item| item.is_for_coordinator())
        .map(|item| SharedAgendaItem {
            id: item.id,
            week: item.week,
            topic: item.topic,
            contact_name: item
                .contact_id
                .and_then(|id| data.contact(id))
                .map(|contact| contact.name.clone()),
        })
        .collect();
    crate::order::sort_by_key(&mut items, |item| (item.week, item.id));
    items
}
