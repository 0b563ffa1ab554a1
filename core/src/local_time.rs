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

/// One local date's wall times as instants, as [`wall_instant`] reads them, without looking the
/// zone up for each: on a date of 24 hours (every date but two a year in the zones Peerline
/// offers, which change their offset at most once a day) a wall time is the date's start plus its
/// minutes; on the others [`wall_instant`] decides. A walk over dates passes each date's start on
/// as the previous date's end, so the zone is looked up once per date.
pub(crate) struct LocalDay {
    zone: Tz,
    pub(crate) date: NaiveDate,
    start: DateTime<Utc>,
    steady: bool,
}

impl LocalDay {
    /// `date` in `zone`, which starts at `start` ([`day_start`]), and the start of the next date
    /// (`None` past chrono's last date).
    pub(crate) fn new(
        zone: Tz,
        date: NaiveDate,
        start: DateTime<Utc>,
        next_start: Option<DateTime<Utc>>,
    ) -> LocalDay {
        LocalDay {
            zone,
            date,
            start,
            steady: next_start.is_some_and(|next| next - start == Duration::days(1)),
        }
    }

    /// The instant `time` shows on this date (`24:00` is the next day's midnight).
    pub(crate) fn instant(&self, time: ClockTime, edge: Edge) -> DateTime<Utc> {
        match self.steady {
            true => self.start + Duration::minutes(i64::from(time.minutes())),
            false => wall_instant(self.zone, self.date, time, edge),
        }
    }
}

/// The local date of `instant` in `zone`.
pub(crate) fn local_date(zone: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timezones::OFFERED_TIMEZONES;
    use proptest::prelude::*;

    fn local_day(zone: Tz, date: NaiveDate) -> LocalDay {
        let next = date.succ_opt().map(|next| day_start(zone, next));
        LocalDay::new(zone, date, day_start(zone, date), next)
    }

    proptest! {
        /// The shortcut reads every wall time of every date as `wall_instant` does, in every zone
        /// offered, the dates of its transitions included (about 1 in 180 of the dates drawn).
        #[test]
        fn a_local_day_reads_wall_times_as_wall_instant_does(
            zone in 0..OFFERED_TIMEZONES.len(),
            days in 0u64..40_000,
            minutes in 0u16..=1440,
            start in any::<bool>(),
        ) {
            let zone: Tz = OFFERED_TIMEZONES[zone].parse().unwrap();
            let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(days);
            let time = ClockTime::from_minutes(minutes).unwrap();
            let edge = if start { Edge::Start } else { Edge::End };
            prop_assert_eq!(
                local_day(zone, date).instant(time, edge),
                wall_instant(zone, date, time, edge)
            );
        }
    }

    /// Every wall time of a spring-forward and a fall-back date in Oslo, where the shortcut does
    /// not apply.
    #[test]
    fn transition_dates_read_every_minute_as_wall_instant_does() {
        let zone = chrono_tz::Europe::Oslo;
        for date in [(2026, 3, 29), (2026, 10, 25)] {
            let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
            let day = local_day(zone, date);
            assert!(!day.steady, "{date} has a transition");
            for minutes in 0..=1440 {
                let time = ClockTime::from_minutes(minutes).unwrap();
                for edge in [Edge::Start, Edge::End] {
                    assert_eq!(
                        day.instant(time, edge),
                        wall_instant(zone, date, time, edge)
                    );
                }
            }
        }
    }
}
