//! What the Today screen shows, computed from core's answers: my state now, the rest of today's
//! windows, and for each service user their contacts today and this week against the agreement.

use super::time::{day_bounds, local, week_bounds, week_of};
use crate::store::LocalStore;
use chrono::{DateTime, Utc};
use peerline_core::{
    effective_windows, reachability, week_pressure, Absence, AbsenceKind, AnyRecord, Reachability,
    RecordKind, Span, Status, WorkerData,
};
use uuid::Uuid;

/// A gentle word about one person's contacts, caring for the worker and blaming no one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Heads {
    /// Today's contacts reached the daily limit.
    Day { count: u32, limit: u32 },
    /// This week's contacts reached the weekly limit.
    Week { count: u32, limit: u32 },
    /// Contacts this week came outside the agreed windows.
    Outside { count: u32 },
}

/// One service user on Today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) phone: Option<String>,
    pub(crate) today: u32,
    pub(crate) week: u32,
    pub(crate) per_day: Option<u32>,
    pub(crate) per_week: Option<u32>,
    pub(crate) heads_up: Option<Heads>,
}

#[derive(Debug, Clone)]
pub(crate) struct Today {
    pub(crate) reachability: Reachability,
    /// The absence covering now, if any (what "Back on" ends) and whether it is a day off.
    pub(crate) absence: Option<Absence>,
    /// The worker's windows from now to the end of today.
    pub(crate) windows_left: Vec<Span>,
    pub(crate) people: Vec<Person>,
}

/// The logs Today needs: from the start of this ISO week (or of today, if that is earlier after a
/// week boundary in another zone) to the end of today.
pub(crate) fn log_range(
    data_zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let (day_start, day_end) = day_bounds(data_zone, now);
    let (week_start, week_end) = week_bounds(data_zone, week_of(data_zone, now));
    (day_start.min(week_start), day_end.max(week_end))
}

/// Today's figures. `data` must hold this week's logs (see [`log_range`]).
pub(crate) fn today(store: &LocalStore, data: &WorkerData, now: DateTime<Utc>) -> Today {
    let zone = data.timezone();
    let (day_start, day_end) = day_bounds(zone, now);
    let week = week_of(zone, now);
    let (week_start, week_end) = week_bounds(zone, week);
    let pressure = week_pressure(data, week);
    let local_now = local(zone, now);
    let absence = store
        .live(RecordKind::Absence)
        .filter_map(|record| match record {
            AnyRecord::Absence(absence) => Some(absence),
            _ => None,
        })
        .filter(|absence| absence.starts_at <= local_now && local_now < absence.ends_at)
        .max_by_key(|absence| (absence.kind == AbsenceKind::DayOff, absence.ends_at))
        .cloned();
    let mut people: Vec<Person> = data
        .contacts()
        .filter(|contact| contact.is_service_user() && contact.status == Status::Active)
        .map(|contact| {
            let today = data.count_logs(contact.id, day_start, day_end) as u32;
            let this_week = data.count_logs(contact.id, week_start, week_end) as u32;
            let outside = pressure
                .service_users
                .iter()
                .find(|row| row.contact_id == contact.id)
                .map_or(0, |row| row.counts.outside_agreement_contacts);
            let heads_up = match (contact.max_contacts_per_day, contact.max_contacts_per_week) {
                (Some(limit), _) if today >= limit => Some(Heads::Day {
                    count: today,
                    limit,
                }),
                (_, Some(limit)) if this_week >= limit => Some(Heads::Week {
                    count: this_week,
                    limit,
                }),
                _ if outside > 0 => Some(Heads::Outside { count: outside }),
                _ => None,
            };
            Person {
                id: contact.id,
                name: contact.name.clone(),
                phone: contact.phone.clone(),
                today,
                week: this_week,
                per_day: contact.max_contacts_per_day,
                per_week: contact.max_contacts_per_week,
                heads_up,
            }
        })
        .collect();
    people.sort_by_key(|person| person.name.to_lowercase());
    Today {
        reachability: reachability(data, None, now),
        absence,
        windows_left: effective_windows(data, None, now, day_end)
            .into_iter()
            .map(|(start, end)| (start.max(now), end.min(day_end)))
            .filter(|(start, end)| start < end)
            .collect(),
        people,
    }
}
