//! A `log` entry: one contact event with a contact, the raw material of boundary pressure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::records::MAX_NOTE_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Call,
    Sms,
    Meeting,
    Message,
}

impl Channel {
    pub const NAMES: [&'static str; 4] = ["call", "sms", "meeting", "message"];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
}

impl Direction {
    pub const NAMES: [&'static str; 2] = ["incoming", "outgoing"];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Log {
    pub id: Uuid,
    pub contact_id: Uuid,
    #[serde(serialize_with = "fields::serialize_instant")]
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub direction: Direction,
    pub answered: bool,
    pub minutes: Option<u32>,
    pub note: Option<String>,
}

impl Log {
    /// Decodes a log. The "not more than 10 minutes in the future" rule needs a clock, so it is
    /// checked when a mutation is applied (`mutation::apply`), not here: a stored log stays valid.
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Log> {
        let f = Fields(map);
        Ok(Log {
            id,
            contact_id: f.required("contact_id", fields::uuid)?,
            at: f.required("at", fields::instant)?,
            channel: f.required("channel", |n, v| fields::one_of(n, v, &Channel::NAMES))?,
            direction: f.required("direction", |n, v| fields::one_of(n, v, &Direction::NAMES))?,
            answered: f.required("answered", fields::boolean)?,
            minutes: f.optional("minutes", minutes)?,
            note: f.optional("note", |n, v| fields::text(n, v, MAX_NOTE_CHARS, true))?,
        })
    }
}

/// A contact's length in minutes: at most a day.
pub(crate) fn minutes(field: &str, value: &Value) -> Result<u32> {
    fields::integer(field, value, 0, 24 * 60)
}
