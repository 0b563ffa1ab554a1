//! Wall-clock times `HH:MM` from `00:00` to `24:00`, the ends of availability windows.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{excerpt, Error};

/// Minutes after local midnight, 0..=1440 (`24:00` is the end of the day, not the next day's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    pub const END_OF_DAY: ClockTime = ClockTime(24 * 60);

    /// `None` unless 0 <= minutes <= 1440.
    pub fn from_minutes(minutes: u16) -> Option<ClockTime> {
        (minutes <= 24 * 60).then_some(ClockTime(minutes))
    }

    /// `None` unless it is a time from 00:00 to 24:00.
    pub fn from_hm(hours: u16, minutes: u16) -> Option<ClockTime> {
        if minutes >= 60 {
            return None;
        }
        ClockTime::from_minutes(hours.checked_mul(60)?.checked_add(minutes)?)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl FromStr for ClockTime {
    type Err = Error;

    /// Parses exactly `HH:MM`; the error's field is `time` (callers re-label it with the real path).
    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || {
            Error::invalid(
                "time",
                format!("must be HH:MM from 00:00 to 24:00, not `{}`", excerpt(text)),
            )
        };
        let bytes = text.as_bytes();
        if bytes.len() != 5 || bytes[2] != b':' {
            return Err(invalid());
        }
        let two_digits = |pair: &[u8]| -> Option<u16> {
            pair.iter()
                .all(u8::is_ascii_digit)
                .then(|| u16::from(pair[0] - b'0') * 10 + u16::from(pair[1] - b'0'))
        };
        let (Some(hours), Some(minutes)) = (two_digits(&bytes[0..2]), two_digits(&bytes[3..5]))
        else {
            return Err(invalid());
        };
        ClockTime::from_hm(hours, minutes).ok_or_else(invalid)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
