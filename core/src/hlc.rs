//! The hybrid logical clock of api.md: `MILLIS(13 digits):COUNTER(4 lowercase hex):CLIENT_ID`.
//!
//! Every field write carries one; the greatest wins. Because the client id is part of it, two devices
//! never produce equal stamps, so last-writer-wins needs no other tie-break. The derived `Ord` compares
//! (millis, counter, client id) and equals the order of the strings, because millis and counter are
//! fixed-width and lowercase hex digits sort after decimal ones in ASCII.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{excerpt, Error, MAX_CLOCK_SKEW_MS};

/// The largest millis that fit the 13-digit wire form (the year 2286).
pub const MAX_MILLIS: u64 = 9_999_999_999_999;
/// The longest client id accepted; a UUID is 36.
pub const MAX_CLIENT_ID_LEN: usize = 64;

/// One hybrid-logical-clock stamp.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    millis: u64,
    counter: u16,
    client_id: String,
}

impl Hlc {
    /// A stamp from its parts; `None` if millis exceed 13 digits or the client id is not
    /// 1-64 characters of `[A-Za-z0-9_-]`.
    pub fn new(millis: u64, counter: u16, client_id: &str) -> Option<Hlc> {
        (millis <= MAX_MILLIS && is_client_id(client_id)).then(|| Hlc {
            millis,
            counter,
            client_id: client_id.to_owned(),
        })
    }

    pub fn millis(&self) -> u64 {
        self.millis
    }

    pub fn counter(&self) -> u16 {
        self.counter
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The server's check: `clock_skew` if this stamp is more than 10 minutes ahead of `now_millis`.
    pub fn check_skew(&self, now_millis: u64) -> Result<(), Error> {
        let ahead_ms = self.millis.saturating_sub(now_millis);
        if ahead_ms > MAX_CLOCK_SKEW_MS {
            return Err(Error::ClockSkew {
                hlc: self.clone(),
                ahead_ms,
            });
        }
        Ok(())
    }
}

/// Client ids are device UUIDs in practice; `:` must be excluded so the string splits unambiguously.
fn is_client_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_CLIENT_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:013}:{:04x}:{}",
            self.millis, self.counter, self.client_id
        )
    }
}

impl FromStr for Hlc {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || Error::InvalidHlc(excerpt(text));
        let mut parts = text.splitn(3, ':');
        let (Some(millis), Some(counter), Some(client_id)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let digits = millis.len() == 13 && millis.bytes().all(|b| b.is_ascii_digit());
        let hex = counter.len() == 4
            && counter
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !digits || !hex {
            return Err(invalid());
        }
        let millis = millis.parse().map_err(|_| invalid())?;
        let counter = u16::from_str_radix(counter, 16).map_err(|_| invalid())?;
        Hlc::new(millis, counter, client_id).ok_or_else(invalid)
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One device's clock: the last stamp it issued or saw. Keep it in storage between sessions so
/// stamps keep growing even if the wall clock steps back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HlcClock {
    client_id: String,
    last_millis: u64,
    last_counter: u16,
}

impl HlcClock {
    /// A fresh clock for a device; `None` if `client_id` is not a valid client id (see [`Hlc::new`]).
    pub fn new(client_id: &str) -> Option<HlcClock> {
        is_client_id(client_id).then(|| HlcClock {
            client_id: client_id.to_owned(),
            last_millis: 0,
            last_counter: 0,
        })
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The stamp for a local event at wall time `now_millis`: greater than every stamp issued or
    /// received before, whatever the wall clock did.
    pub fn tick(&mut self, now_millis: u64) -> Hlc {
        if now_millis > self.last_millis {
            self.set(now_millis, 0);
        } else {
            self.set(self.last_millis, u32::from(self.last_counter) + 1);
        }
        self.current()
    }

    /// Takes in a stamp seen from another device, so later local stamps sort after it.
    pub fn receive(&mut self, remote: &Hlc, now_millis: u64) -> Hlc {
        let millis = self.last_millis.max(remote.millis).max(now_millis);
        let counter = match (millis == self.last_millis, millis == remote.millis) {
            (true, true) => u32::from(self.last_counter.max(remote.counter)) + 1,
            (true, false) => u32::from(self.last_counter) + 1,
            (false, true) => u32::from(remote.counter) + 1,
            (false, false) => 0,
        };
        self.set(millis, counter);
        self.current()
    }

    /// The last stamp issued or received.
    pub fn current(&self) -> Hlc {
        Hlc {
            millis: self.last_millis,
            counter: self.last_counter,
            client_id: self.client_id.clone(),
        }
    }

    /// A counter past 0xffff moves to the next millisecond, which keeps stamps increasing. Millis are
    /// capped at the 13-digit maximum: a clock 260 years off is not worth an error path.
    fn set(&mut self, millis: u64, counter: u32) {
        match u16::try_from(counter) {
            Ok(counter) => {
                self.last_millis = millis.min(MAX_MILLIS);
                self.last_counter = counter;
            }
            Err(_) => {
                self.last_millis = (millis + 1).min(MAX_MILLIS);
                self.last_counter = 0;
            }
        }
    }
}
