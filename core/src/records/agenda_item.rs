//! An `agenda_item` (domain.md, "The guidance loop"): something the worker wants to bring up with
//! their coordinator. The coordinator sees the shared, not yet discussed ones (topic, week, the
//! contact's name), never the note.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::iso_week::IsoWeek;
use crate::records::{iso_week, MAX_NOTE_CHARS};

/// What the talk is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaTopic {
    Boundaries,
    AfterHours,
    Ending,
    MyWellbeing,
    Other,
}

impl AgendaTopic {
    pub const NAMES: [&'static str; 5] = [
        "boundaries",
        "after_hours",
        "ending",
        "my_wellbeing",
        "other",
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub id: Uuid,
    pub week: IsoWeek,
    pub topic: AgendaTopic,
    /// A contact of the same worker (the server checks it when the field is written).
    pub contact_id: Option<Uuid>,
    /// Private: never leaves the worker's own devices.
    pub note: Option<String>,
    pub share_with_coordinator: bool,
    /// Set by the worker after the talk; a discussed item leaves the coordinator's list.
    pub discussed_on: Option<NaiveDate>,
}

impl AgendaItem {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<AgendaItem> {
        let f = Fields(map);
        Ok(AgendaItem {
            id,
            week: f.required("week", iso_week)?,
            topic: f.required("topic", |n, v| fields::one_of(n, v, &AgendaTopic::NAMES))?,
            contact_id: f.optional("contact_id", fields::uuid)?,
            note: f.optional("note", |n, v| fields::text(n, v, MAX_NOTE_CHARS, true))?,
            share_with_coordinator: f.or("share_with_coordinator", false, fields::boolean)?,
            discussed_on: f.optional("discussed_on", fields::date)?,
        })
    }

    /// Whether the coordinator sees it: shared and not yet discussed.
    pub fn is_for_coordinator(&self) -> bool {
        self.share_with_coordinator && self.discussed_on.is_none()
    }
}
