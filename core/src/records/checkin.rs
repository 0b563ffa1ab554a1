//! A weekly `checkin`: the worker's private self-check, optionally shared with the coordinator.

use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::iso_week::IsoWeek;
use crate::records::MAX_NOTE_CHARS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkin {
    pub id: Uuid,
    pub week: IsoWeek,
    pub energy: u8,
    pub strain: u8,
    /// The single-item burnout measure: 1 "no burnout" .. 5 "completely burned out".
    pub burnout: u8,
    pub needs_guidance: bool,
    pub share_with_coordinator: bool,
    pub note: Option<String>,
}

impl Checkin {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Checkin> {
        let f = Fields(map);
        Ok(Checkin {
            id,
            week: f.required("week", iso_week)?,
            energy: f.required("energy", rating)?,
            strain: f.required("strain", rating)?,
            burnout: f.required("burnout", rating)?,
            needs_guidance: f.or("needs_guidance", false, fields::boolean)?,
            share_with_coordinator: f.or("share_with_coordinator", false, fields::boolean)?,
            note: f.optional("note", |n, v| fields::text(n, v, MAX_NOTE_CHARS, true))?,
        })
    }
}

pub(crate) fn rating(field: &str, value: &Value) -> Result<u8> {
    fields::integer(field, value, 1, 5).map(|rating| rating as u8)
}

pub(crate) fn iso_week(field: &str, value: &Value) -> Result<IsoWeek> {
    let text = value
        .as_str()
        .ok_or_else(|| crate::Error::invalid(field, "must be a string"))?;
    text.parse().map_err(|error| fields::relabel(error, field))
}
