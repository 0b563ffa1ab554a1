//! The worker's `profile`: zone, language, holiday rule, what service users see when not reachable.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::records::MAX_MESSAGE_CHARS;
use crate::timezones::{parse_timezone, DEFAULT_TIMEZONE};

/// The app's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Nb,
    En,
}

impl Language {
    pub const NAMES: [&'static str; 2] = ["nb", "en"];
}

/// One entry of a fallback list: who to call when the worker is not reachable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fallback {
    pub label: String,
    pub phone: String,
}

impl Fallback {
    pub fn new(label: &str, phone: &str) -> Fallback {
        Fallback {
            label: label.to_owned(),
            phone: phone.to_owned(),
        }
    }
}

/// The fixed part of domain.md's default fallback list (the coordinator, if any, goes before it).
pub fn default_fallbacks() -> Vec<Fallback> {
    vec![
        Fallback::new("Mental Helse hjelpetelefon", "116 123"),
        Fallback::new("Legevakt", "116 117"),
        Fallback::new("Nødnummer", "113"),
    ]
}

/// At most this many fallbacks; a service user in crisis needs a short list.
const MAX_FALLBACKS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub id: Uuid,
    pub display_name: String,
    pub phone: Option<String>,
    #[serde(serialize_with = "fields::serialize_timezone")]
    pub timezone: Tz,
    pub language: Language,
    pub observe_public_holidays: bool,
    pub away_message: Option<String>,
    /// Empty means "use the default list" (domain.md: the profile's fallbacks "if set and not empty").
    pub fallbacks: Vec<Fallback>,
    pub show_limits_to_service_users: bool,
    /// The worker's own default kind reply; `None`: the default text of `language`.
    pub kind_reply: Option<String>,
}

impl Profile {
    /// The profile of a worker who never wrote one: every field at its default.
    pub fn with_defaults(id: Uuid) -> Profile {
        Profile {
            id,
            display_name: String::new(),
            phone: None,
            timezone: DEFAULT_TIMEZONE,
            language: Language::Nb,
            observe_public_holidays: true,
            away_message: None,
            fallbacks: Vec::new(),
            show_limits_to_service_users: true,
            kind_reply: None,
        }
    }

    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<Profile> {
        let f = Fields(map);
        Ok(Profile {
            id,
            display_name: f.or("display_name", String::new(), |n, v| {
                fields::text(n, v, 100, false)
            })?,
            phone: f.optional("phone", fields::phone)?,
            timezone: f.or("timezone", DEFAULT_TIMEZONE, timezone)?,
            language: f.or("language", Language::Nb, |n, v| {
                fields::one_of(n, v, &Language::NAMES)
            })?,
            observe_public_holidays: f.or("observe_public_holidays", true, fields::boolean)?,
            away_message: f.optional("away_message", |n, v| {
                fields::text(n, v, MAX_MESSAGE_CHARS, true)
            })?,
            fallbacks: f.or("fallbacks", Vec::new(), fallback_list)?,
            show_limits_to_service_users: f.or(
                "show_limits_to_service_users",
                true,
                fields::boolean,
            )?,
            kind_reply: f.optional("kind_reply", crate::records::kind_reply)?,
        })
    }
}

pub(crate) fn timezone(field: &str, value: &Value) -> Result<Tz> {
    let name = value
        .as_str()
        .ok_or_else(|| crate::Error::invalid(field, "must be a string"))?;
    parse_timezone(field, name)
}

pub(crate) fn fallback_list(field: &str, value: &Value) -> Result<Vec<Fallback>> {
    fields::list(field, value, MAX_FALLBACKS, |path, item| {
        let entry = fields::object(path, item, &["label", "phone"])?;
        Ok(Fallback {
            label: entry.required_at("label", &format!("{path}.label"), fields::name)?,
            phone: entry.required_at("phone", &format!("{path}.phone"), fields::phone)?,
        })
    })
}
