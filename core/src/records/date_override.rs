//! A `date_override`: the windows of one date, replacing the weekly ones (holidays included).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::records::{day_windows, DayWindow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOverride {
    pub id: Uuid,
    pub date: NaiveDate,
    /// Empty: not reachable that date.
    pub windows: Vec<DayWindow>,
}

impl DateOverride {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<DateOverride> {
        let f = Fields(map);
        Ok(DateOverride {
            id,
            date: f.required("date", fields::date)?,
            windows: f.or("windows", Vec::new(), day_windows)?,
        })
    }
}
