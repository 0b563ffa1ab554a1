//! ISO 8601 weeks (`2026-W48`), the unit of check-ins, weekly limits and coordinator summaries.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{excerpt, Error};

/// An ISO week: the ISO year (which can differ from the calendar year around New Year) and 1..=53.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week, if that ISO year has it (week 53 exists only in some years).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
    }

    /// The week `date` falls in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let iso = date.iso_week();
        IsoWeek {
            year: iso.year(),
            week: iso.week(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    /// The week's Monday; Monday + 7 days is the next week's.
    pub fn monday(self) -> NaiveDate {
        // The constructor checked this date exists; MIN is a harmless unreachable fallback.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    /// The seven dates, Monday first.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.monday().iter_days().take(7)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = Error;

    /// Parses exactly `YYYY-Www`; the error names the field `week`.
    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || {
            Error::invalid(
                "week",
                format!("must be an ISO week like 2026-W48, not `{}`", excerpt(text)),
            )
        };
        let bytes = text.as_bytes();
        if bytes.len() != 8 || &bytes[4..6] != b"-W" {
            return Err(invalid());
        }
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let (year, week) = (&text[0..4], &text[6..8]);
        if !digits(year) || !digits(week) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let week = week.parse().map_err(|_| invalid())?;
        IsoWeek::new(year, week).ok_or_else(invalid)
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoWeek {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
