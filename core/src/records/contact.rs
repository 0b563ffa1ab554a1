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
    /// The SMS the worker sends in one tap to this person (placeholders `{name}`, `{next}`,
    /// `{fallback}`); `None`: the profile's, else the default of the profile's language.
    pub kind_reply: Option<String>,
    /// Planned steps of the agreement, sorted by `from`, each date once (see [`AgreementChange`]).
    pub agreement_changes: Vec<AgreementChange>,
}

/// One planned change of a contact's agreement (domain.md, "Planned changes of an agreement"):
/// from `from` on, each field it sets replaces the one before. A field left out is not set by
/// the change; a limit or the expectations set to `null` are set to none (a limit lifted), and
/// agreement windows set to `null` or `[]` mean the worker's own windows, as on the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementChange {
    pub from: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement_windows: Option<Vec<WeeklyWindow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_contacts_per_day: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_contacts_per_week: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectations: Option<Option<String>>,
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
            kind_reply: None,
            agreement_changes: Vec::new(),
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
            kind_reply: f.optional("kind_reply", kind_reply)?,
            agreement_changes: f.or("agreement_changes", Vec::new(), agreement_changes)?,
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

/// A kind reply's template: an SMS, so a message a service user reads.
pub(crate) fn kind_reply(field: &str, value: &Value) -> Result<String> {
    fields::text(field, value, MAX_MESSAGE_CHARS, true)
}

/// More planned steps than this is not a plan a person keeps in mind (a monthly taper over two
/// years is 24).
const MAX_AGREEMENT_CHANGES: usize = 24;

/// The keys a change may hold.
const CHANGE_KEYS: [&str; 5] = [
    "from",
    "agreement_windows",
    "max_contacts_per_day",
    "max_contacts_per_week",
    "expectations",
];

/// A planned change's list: each change valid, the dates strictly increasing.
///
/// Unsorted or repeated dates are rejected, not sorted here: the list is one field, merged whole
/// (last writer wins), so a stored list is always one device's write, and a device that wrote it
/// out of order has a bug worth hearing about. For repeated dates there is no right order to
/// restore (which of the two is meant?). One canonical form also keeps every device's copy equal.
pub(crate) fn agreement_changes(field: &str, value: &Value) -> Result<Vec<AgreementChange>> {
    let changes = fields::list(field, value, MAX_AGREEMENT_CHANGES, agreement_change)?;
    for (index, pair) in changes.windows(2).enumerate() {
        if pair[1].from <= pair[0].from {
            return Err(Error::invalid(
                format!("{field}[{}].from", index + 1),
                format!(
                    "must be after the change before it ({}): changes are sorted by date, each \
                     date once",
                    pair[0].from
                ),
            ));
        }
    }
    Ok(changes)
}

fn agreement_change(path: &str, value: &Value) -> Result<AgreementChange> {
    let change = fields::object(path, value, &CHANGE_KEYS)?;
    let at = |key: &str| format!("{path}.{key}");
    // Present with `null` means "set to none"; absent means "not set by this change".
    let setting = |key: &str| change.0.get(key);
    let limit_setting = |key: &str| -> Result<Option<Option<u32>>> {
        setting(key)
            .map(|value| match value {
                Value::Null => Ok(None),
                value => limit(&at(key), value).map(Some),
            })
            .transpose()
    };
    let parsed = AgreementChange {
        from: change.required_at("from", &at("from"), fields::date)?,
        agreement_windows: setting("agreement_windows")
            .map(|value| match value {
                Value::Null => Ok(Vec::new()),
                value => weekly_windows(&at("agreement_windows"), value),
            })
            .transpose()?,
        max_contacts_per_day: limit_setting("max_contacts_per_day")?,
        max_contacts_per_week: limit_setting("max_contacts_per_week")?,
        expectations: setting("expectations")
            .map(|value| match value {
                Value::Null => Ok(None),
                value => {
                    fields::text(&at("expectations"), value, MAX_MESSAGE_CHARS, true).map(Some)
                }
            })
            .transpose()?,
    };
    let sets_nothing = parsed.agreement_windows.is_none()
        && parsed.max_contacts_per_day.is_none()
        && parsed.max_contacts_per_week.is_none()
        && parsed.expectations.is_none();
    if sets_nothing {
        return Err(Error::invalid(
            path,
            "must change at least one of agreement_windows, max_contacts_per_day, \
             max_contacts_per_week, expectations",
        ));
    }
    Ok(parsed)
}
