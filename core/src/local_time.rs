//! Wall-clock time to instants, by rule 1 of domain.md: a wall time that does not exist (spring
//! forward) means the instant the gap ends; one that occurs twice (fall back) means the earlier
//! instant for a start and the later one for an end.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::clock_time::ClockTime;

/// Which end of a window a wall time is: it decides the reading of a repeated wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    Start,
    End,
}

/// The instant `time` shows on `date` in `zone` (`24:00` is the next day's midnight).
pub(crate) fn wall_instant(
    zone: Tz,
    date: NaiveDate,
    time: ClockTime,
    edge: Edge,
) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    local_instant(
        zone,
        midnight + Duration::minutes(i64::from(time.minutes())),
        edge,
    )
}

/// The instant of local date-time `wall` in `zone`.
pub(crate) fn local_instant(zone: Tz, wall: NaiveDateTime, edge: Edge) -> DateTime<Utc> {
    match zone.from_local_datetime(&wall) {
        LocalResult::Single(moment) => moment.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => match edge {
            Edge::Start => earlier.with_timezone(&Utc),
            Edge::End => later.with_timezone(&Utc),
        },
        LocalResult::None => gap_end(zone, wall),
    }
}

/// The instant a gap in local time ends: the first wall minute after `wall` that exists. Our wall
/// times are whole minutes and zone transitions fall on whole minutes, so that minute is the
/// transition instant. Gaps last at most a day; the fallback (reading `wall` as UTC) only keeps
/// this total.
fn gap_end(zone: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    (1..=24 * 60)
        .map(|minutes| wall + Duration::minutes(minutes))
        .find_map(|later| zone.from_local_datetime(&later).earliest())
        .map(|moment| moment.with_timezone(&Utc))
        .unwrap_or_else(|| wall.and_utc())
}

/// The instant local `date` begins.
pub(crate) fn day_start(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    wall_instant(zone, date, ClockTime::MIDNIGHT, Edge::Start)
}

/// The local date of `instant` in `zone`.
pub(crate) fn local_date(zone: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}
