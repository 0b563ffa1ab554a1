//! A `contact` of the worker: service users (with their agreement), the coordinator, colleagues.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::fields::{self, Fields};
use crate::records::{weekly_windows, WeeklyWindow, MAX_MESSAGE_CHARS, MAX_NOTE_CHARS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ServiceUser,
    Coordinator,
    Colleague,
    Service,
}

impl Role {
    pub const NAMES: [&'static str; 4] = ["service_user", "coordinator", "colleague", "service"];

    /// The role a JSON value names, if it names one.
    pub fn deserialize_from(value: &Value) -> Option<Role> {
        Role::deserialize(value).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Paused,
    Ended,
}

impl Status {
    pub const NAMES: [&'static str; 3] = ["active", "paused", "ended"];
}

/// Relationships last up to two years (domain.md), so that is the default planned end.
const DEFAULT_RELATIONSHIP_MONTHS: u32 = 24;
const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub notes: Option<String>,
    pub started_on: Option<NaiveDate>,
    /// Defaults to `started_on` + 2 years (29 February + 2 years is 28 February).
    pub planned_end_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub status: Status,
    /// Empty: the worker's own windows apply.
    pub agreement_windows: Vec<WeeklyWindow>,
    pub max_contacts_per_day: Option<u32>,
    pub max_contacts_per_week: Option<u32>,
    pub expectations: Option<String>,
    pub share_token: Option<String>,
}

impl Contact {
    /// A contact with only a name, every other field at its default.
    pub fn with_defaults(id: Uuid, name: &str) -> Contact {
        Contact {
            id,
            name: name.to_owned(),
            phone: None,
            role: Role::ServiceUser,
            notes: None,
            started_on: None,
            planned_end_on: None,
            review_on: None,
            status: Status::Active,
            agreement_windows: Vec::new(),
            max_contacts_per_day: None,
            max_contacts_per_week: None,
            expectations: None,
            share_token: None,
        }
    }

    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Contact> {
        let f = Fields(map);
        let started_on = f.optional("started_on", fields::date)?;
        let default_end = started_on
            .and_then(|day| day.checked_add_months(Months::new(DEFAULT_RELATIONSHIP_MONTHS)));
        let planned_end_on = f.optional("planned_end_on", fields::date)?.or(default_end);
        if let (Some(start), Some(end)) = (started_on, planned_end_on) {
            if end < start {
                return Err(Error::invalid(
                    "planned_end_on",
                    format!("must not be before started_on ({start})"),
                ));
            }
        }
        Ok(Contact {
            id,
            name: f.required("name", fields::name)?,
            phone: f.optional("phone", fields::phone)?,
            role: f.or("role", Role::ServiceUser, |n, v| {
                fields::one_of(n, v, &Role::NAMES)
            })?,
            notes: f.optional("notes", |n, v| fields::text(n, v, MAX_NOTE_CHARS, true))?,
            started_on,
            planned_end_on,
            review_on: f.optional("review_on", fields::date)?,
            status: f.or("status", Status::Active, |n, v| {
                fields::one_of(n, v, &Status::NAMES)
            })?,
            agreement_windows: f.or("agreement_windows", Vec::new(), weekly_windows)?,
            max_contacts_per_day: f.optional("max_contacts_per_day", limit)?,
            max_contacts_per_week: f.optional("max_contacts_per_week", limit)?,
            expectations: f.optional("expectations", |n, v| {
                fields::text(n, v, MAX_MESSAGE_CHARS, true)
            })?,
            share_token: f.optional("share_token", fields::share_token)?,
        })
    }

    /// Agreements (windows, limits) only mean something for service users (domain.md).
    pub fn is_service_user(&self) -> bool {
        self.role == Role::ServiceUser
    }
}

pub(crate) fn limit(field: &str, value: &Value) -> Result<u32> {
    fields::integer(field, value, 1, MAX_LIMIT)
}
