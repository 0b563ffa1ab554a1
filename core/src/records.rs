//! The typed records of domain.md, decoded from a record's field map with the defaults of domain.md
//! applied. Decoding is where untrusted data is checked: every decoder validates every field it
//! reads and the record as a whole, and reports the first problem as an `invalid_field` error.
//!
//! Unknown fields are ignored here (domain.md: "more fields may be added", so an older app must still
//! read a newer record); mutations are stricter (`schema`).

mod absence;
mod agenda_item;
mod availability;
mod checkin;
mod contact;
mod cover;
mod date_override;
mod log;
mod profile;

pub use absence::{Absence, AbsenceKind};
pub use agenda_item::{AgendaItem, AgendaTopic};
pub use availability::Availability;
pub use checkin::Checkin;
pub use contact::{AgreementChange, Contact, Role, Status};
pub use cover::{CoverOffer, CoverRequest, CoverStatus};
pub use date_override::DateOverride;
pub use log::{Channel, Direction, Log};
pub use profile::{default_fallbacks, Fallback, Language, Profile};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::clock_time::ClockTime;
use crate::error::{Error, Result};
use crate::fields::{self, Fields};
use crate::kind::RecordKind;

/// Text caps: messages a service user reads, and private notes.
pub(crate) const MAX_MESSAGE_CHARS: usize = 1000;
pub(crate) const MAX_NOTE_CHARS: usize = 10_000;

pub(crate) use checkin::{iso_week, rating};
pub(crate) use contact::{agreement_changes, kind_reply, limit};
pub(crate) use log::minutes as log_minutes;
pub(crate) use profile::{fallback_list, timezone};

/// At most this many windows in one list; a week of half-hour windows fits.
pub(crate) const MAX_WINDOWS: usize = 400;

/// A recurring window `{days, start, end}`: ISO weekdays (1 = Monday .. 7 = Sunday), local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyWindow {
    pub days: Vec<u8>,
    pub start: ClockTime,
    pub end: ClockTime,
}

impl WeeklyWindow {
    /// Whether the window applies on ISO weekday `day` (1..=7).
    pub fn covers_day(&self, day: u8) -> bool {
        self.days.contains(&day)
    }
}

/// A window `{start, end}` on one date, local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWindow {
    pub start: ClockTime,
    pub end: ClockTime,
}

fn start_and_end(field: &str, window: Fields<'_>) -> Result<(ClockTime, ClockTime)> {
    let start = window.required_at("start", &format!("{field}.start"), fields::clock_time)?;
    let end = window.required_at("end", &format!("{field}.end"), fields::clock_time)?;
    if end <= start {
        return Err(Error::invalid(
            format!("{field}.end"),
            format!("must be after start ({start})"),
        ));
    }
    Ok((start, end))
}

pub(crate) fn day_window(field: &str, value: &Value) -> Result<DayWindow> {
    let window = fields::object(field, value, &["start", "end"])?;
    let (start, end) = start_and_end(field, window)?;
    Ok(DayWindow { start, end })
}

pub(crate) fn weekly_window(field: &str, value: &Value) -> Result<WeeklyWindow> {
    let window = fields::object(field, value, &["days", "start", "end"])?;
    let days_field = format!("{field}.days");
    let days = window.required_at("days", &days_field, |path, days| {
        fields::list(path, days, 7, |day_path, day| {
            fields::integer(day_path, day, 1, 7).map(|d| d as u8)
        })
    })?;
    if days.is_empty() {
        return Err(Error::invalid(
            days_field,
            "must name at least one weekday (1 = Monday .. 7 = Sunday)",
        ));
    }
    let (start, end) = start_and_end(field, window)?;
    Ok(WeeklyWindow { days, start, end })
}

pub(crate) fn weekly_windows(field: &str, value: &Value) -> Result<Vec<WeeklyWindow>> {
    fields::list(field, value, MAX_WINDOWS, weekly_window)
}

pub(crate) fn day_windows(field: &str, value: &Value) -> Result<Vec<DayWindow>> {
    fields::list(field, value, MAX_WINDOWS, day_window)
}

/// Any typed record, decoded by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnyRecord {
    Profile(Profile),
    Contact(Contact),
    Availability(Availability),
    DateOverride(DateOverride),
    Absence(Absence),
    Log(Log),
    Checkin(Checkin),
    CoverRequest(CoverRequest),
    CoverOffer(CoverOffer),
    AgendaItem(AgendaItem),
}

impl AnyRecord {
    /// Decodes and validates a record of `kind` from its field map (unset fields get their defaults).
    pub fn decode(kind: RecordKind, id: Uuid, fields: &Map<String, Value>) -> Result<AnyRecord> {
        Ok(match kind {
            RecordKind::Profile => AnyRecord::Profile(Profile::decode(id, fields)?),
            RecordKind::Contact => AnyRecord::Contact(Contact::decode(id, fields)?),
            RecordKind::Availability => AnyRecord::Availability(Availability::decode(id, fields)?),
            RecordKind::DateOverride => AnyRecord::DateOverride(DateOverride::decode(id, fields)?),
            RecordKind::Absence => AnyRecord::Absence(Absence::decode(id, fields)?),
            RecordKind::Log => AnyRecord::Log(Log::decode(id, fields)?),
            RecordKind::Checkin => AnyRecord::Checkin(Checkin::decode(id, fields)?),
            RecordKind::CoverRequest => AnyRecord::CoverRequest(CoverRequest::decode(id, fields)?),
            RecordKind::CoverOffer => AnyRecord::CoverOffer(CoverOffer::decode(id, fields)?),
            RecordKind::AgendaItem => AnyRecord::AgendaItem(AgendaItem::decode(id, fields)?),
        })
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            AnyRecord::Profile(_) => RecordKind::Profile,
            AnyRecord::Contact(_) => RecordKind::Contact,
            AnyRecord::Availability(_) => RecordKind::Availability,
            AnyRecord::DateOverride(_) => RecordKind::DateOverride,
            AnyRecord::Absence(_) => RecordKind::Absence,
            AnyRecord::Log(_) => RecordKind::Log,
            AnyRecord::Checkin(_) => RecordKind::Checkin,
            AnyRecord::CoverRequest(_) => RecordKind::CoverRequest,
            AnyRecord::CoverOffer(_) => RecordKind::CoverOffer,
            AnyRecord::AgendaItem(_) => RecordKind::AgendaItem,
        }
    }
}

/// The field map of a typed record (all fields, unset optional ones as `null`), for building the
/// `set` of a mutation that writes the whole record.
pub fn to_fields<T: Serialize>(record: &T) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(mut map)) => {
            map.remove("id");
            map
        }
        // Typed records are structs of plain fields; they always serialize to an object.
        _ => Map::new(),
    }
}
