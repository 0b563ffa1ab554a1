//! Every SQL statement of the server, grouped by table family.
//!
//! Functions take a pool or a transaction (`impl Executor`), bind plain values (strings, `i64`
//! milliseconds, 0/1 flags; see [`crate::db`] for why) and return plain Rust values. Nothing above
//! this module writes SQL.

pub mod cover;
pub mod erasure;
pub mod invites;
pub mod login_attempts;
pub mod records;
pub mod sessions;
pub mod share_links;
pub mod sync_clients;
pub mod team;
pub mod users;

use chrono::{DateTime, Utc};

use crate::Error;

/// An instant as stored: milliseconds since the Unix epoch.
pub fn to_millis(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

/// A stored instant back as a `DateTime`.
pub fn from_millis(millis: i64) -> Result<DateTime<Utc>, Error> {
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| Error::Corrupt(format!("instant {millis} out of range")))
}
