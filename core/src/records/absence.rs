//! An `absence`: day off, vacation, sick leave; with a message and a stand-in for service users.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::fields::{self, Fields};
use crate::records::MAX_MESSAGE_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceKind {
    DayOff,
    Vacation,
    Sick,
    Other,
}

impl AbsenceKind {
    pub const NAMES: [&'static str; 4] = ["day_off", "vacation", "sick", "other"];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absence {
    pub id: Uuid,
    /// Local date-times in the worker's zone (rule 1 of domain.md reads them like window ends).
    #[serde(serialize_with = "fields::serialize_local")]
    pub starts_at: NaiveDateTime,
    #[serde(serialize_with = "fields::serialize_local")]
    pub ends_at: NaiveDateTime,
    /// Defaults to `other`: domain.md names no default, and `other` claims nothing.
    pub kind: AbsenceKind,
    pub message: Option<String>,
    pub stand_in_contact_id: Option<Uuid>,
}

impl Absence {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Absence> {
        let f = Fields(map);
        let starts_at = f.required("starts_at", fields::local_date_time)?;
        let ends_at = f.required("ends_at", fields::local_date_time)?;
        if ends_at <= starts_at {
            return Err(Error::invalid(
                "ends_at",
                format!(
                    "must be after starts_at ({})",
                    crate::wire_time::local_text(starts_at)
                ),
            ));
        }
        Ok(Absence {
            id,
            starts_at,
            ends_at,
            kind: f.or("kind", AbsenceKind::Other, |n, v| {
                fields::one_of(n, v, &AbsenceKind::NAMES)
            })?,
            message: f.optional("message", |n, v| {
                fields::text(n, v, MAX_MESSAGE_CHARS, true)
            })?,
            stand_in_contact_id: f.optional("stand_in_contact_id", fields::uuid)?,
        })
    }
}
