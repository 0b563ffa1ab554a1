//! The worker's weekly `availability` (one per worker).

use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::Fields;
use crate::records::{weekly_windows, WeeklyWindow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Availability {
    pub id: Uuid,
    /// Local-time windows; one past midnight is written as two.
    pub windows: Vec<WeeklyWindow>,
}

impl Availability {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Availability> {
        let f = Fields(map);
        Ok(Availability {
            id,
            windows: f.or("windows", Vec::new(), weekly_windows)?,
        })
    }
}
