//! Local days and weeks in the worker's time zone, as UTC instants.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use peerline_core::IsoWeek;

/// The instant a local date begins (midnight; the earliest if it occurs twice, the end of the gap
/// if it does not exist).
pub(crate) fn day_start(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    wall_to_utc(zone, date.and_time(NaiveTime::MIN))
}

/// A local wall time as an instant, by domain.md's rule 1 for starts.
pub(crate) fn wall_to_utc(zone: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = wall;
    // A wall time in a spring-forward gap means the instant the gap ends: step until it exists.
    for _ in 0..180 {
        if let Some(instant) = zone.from_local_datetime(&probe).earliest() {
            return instant.with_timezone(&Utc);
        }
        probe += chrono::Duration::minutes(1);
    }
    Utc.from_utc_datetime(&wall)
}

/// The local date and time of an instant.
pub(crate) fn local(zone: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&zone).naive_local()
}

/// `[start, end)` of the local day holding `instant`.
pub(crate) fn day_bounds(zone: Tz, instant: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = local(zone, instant).date();
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    (day_start(zone, date), day_start(zone, next))
}

/// `[start, end)` of an ISO week in local time.
pub(crate) fn week_bounds(zone: Tz, week: IsoWeek) -> (DateTime<Utc>, DateTime<Utc>) {
    let monday = week.monday();
    let next = monday.checked_add_days(Days::new(7)).unwrap_or(monday);
    (day_start(zone, monday), day_start(zone, next))
}

/// The ISO week of the local date of `instant`.
pub(crate) fn week_of(zone: Tz, instant: DateTime<Utc>) -> IsoWeek {
    IsoWeek::of(local(zone, instant).date())
}

/// The week before or after.
pub(crate) fn shift_week(week: IsoWeek, weeks: i64) -> IsoWeek {
    let monday = week.monday();
    let moved = if weeks >= 0 {
        monday.checked_add_days(Days::new(7 * weeks as u64))
    } else {
        monday.checked_sub_days(Days::new(7 * weeks.unsigned_abs()))
    };
    IsoWeek::of(moved.unwrap_or(monday))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Oslo;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn oslo_days_and_weeks() {
        let (start, end) = day_bounds(Oslo, utc("2026-11-26T15:45:00Z"));
        assert_eq!(
            (start, end),
            (utc("2026-11-25T23:00:00Z"), utc("2026-11-26T23:00:00Z"))
        );
        let week = week_of(Oslo, utc("2026-11-26T15:45:00Z"));
        assert_eq!(week.to_string(), "2026-W48");
        assert_eq!(week_bounds(Oslo, week).0, utc("2026-11-22T23:00:00Z"));
        assert_eq!(shift_week(week, -1).to_string(), "2026-W47");
        assert_eq!(shift_week(week, 6).to_string(), "2027-W01");
    }

    #[test]
    fn a_day_with_a_clock_change_is_23_or_25_hours() {
        let march = day_bounds(Oslo, utc("2026-03-29T12:00:00Z"));
        assert_eq!((march.1 - march.0).num_hours(), 23);
        let october = day_bounds(Oslo, utc("2026-10-25T12:00:00Z"));
        assert_eq!((october.1 - october.0).num_hours(), 25);
    }
}
