//! Parsers for the field formats of domain.md, shared by per-field validation (`schema`) and the typed
//! record decoders (`records`). Each takes the field's name (or path) so its error can name it, and
//! never panics on any JSON value.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Serializer;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::clock_time::ClockTime;
use crate::error::{excerpt, Error, Result};

/// Dates before or after this range are typos, and holidays are only defined for 1900..=2200.
pub(crate) const FIRST_YEAR: i32 = 1900;
pub(crate) const LAST_YEAR: i32 = 2200;

/// A record's fields as they arrive: missing and `null` both read as "not set" (domain.md).
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a>(pub(crate) &'a Map<String, Value>);

impl<'a> Fields<'a> {
    pub(crate) fn value(&self, name: &str) -> Option<&'a Value> {
        self.0.get(name).filter(|value| !value.is_null())
    }

    pub(crate) fn optional<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str, &Value) -> Result<T>,
    ) -> Result<Option<T>> {
        self.value(name).map(|value| parse(name, value)).transpose()
    }

    pub(crate) fn required<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str, &Value) -> Result<T>,
    ) -> Result<T> {
        self.optional(name, parse)?
            .ok_or_else(|| Error::invalid(name, "is required"))
    }

    /// A required key of a nested object, parsed and reported under its full path `path`.
    pub(crate) fn required_at<T>(
        &self,
        name: &str,
        path: &str,
        parse: impl FnOnce(&str, &Value) -> Result<T>,
    ) -> Result<T> {
        let value = self
            .value(name)
            .ok_or_else(|| Error::invalid(path, "is required"))?;
        parse(path, value)
    }

    pub(crate) fn or<T>(
        &self,
        name: &str,
        default: T,
        parse: impl FnOnce(&str, &Value) -> Result<T>,
    ) -> Result<T> {
        Ok(self.optional(name, parse)?.unwrap_or(default))
    }
}

fn as_str<'v>(field: &str, value: &'v Value) -> Result<&'v str> {
    value
        .as_str()
        .ok_or_else(|| Error::invalid(field, "must be a string"))
}

/// Text of at most `max_chars` characters; one line unless `multiline`.
pub(crate) fn text(
    field: &str,
    value: &Value,
    max_chars: usize,
    multiline: bool,
) -> Result<String> {
    let text = as_str(field, value)?;
    if text.chars().count() > max_chars {
        return Err(Error::invalid(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !text.chars().all(allowed) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(text.to_owned())
}

/// A name or label: one line, 1-100 characters, not only spaces.
pub(crate) fn name(field: &str, value: &Value) -> Result<String> {
    let name = text(field, value, 100, false)?;
    if name.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(name)
}

/// A phone number as people write it: an optional leading `+`, then 3-15 digits, optionally grouped
/// by spaces, `-`, `.` or parentheses (`113`, `116 123`, `+47 912 34 567`).
pub(crate) fn phone(field: &str, value: &Value) -> Result<String> {
    let phone = as_str(field, value)?.trim();
    let rule =
        "must be a phone number: an optional +, then 3 to 15 digits (spaces, -, . and () allowed)";
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let grouping = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')');
    let starts_well = body
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '(');
    if phone.len() > 32
        || !(3..=15).contains(&digits)
        || !body.chars().all(grouping)
        || !starts_well
    {
        return Err(Error::invalid(field, rule));
    }
    Ok(phone.to_owned())
}

pub(crate) fn boolean(field: &str, value: &Value) -> Result<bool> {
    value
        .as_bool()
        .ok_or_else(|| Error::invalid(field, "must be true or false"))
}

/// A whole number in `min..=max` (`3.0` is not a whole number on this wire).
pub(crate) fn integer(field: &str, value: &Value, min: u32, max: u32) -> Result<u32> {
    value
        .as_u64()
        .and_then(|number| u32::try_from(number).ok())
        .filter(|number| (min..=max).contains(number))
        .ok_or_else(|| Error::invalid(field, format!("must be a whole number from {min} to {max}")))
}

/// One of a closed set of names; `T` deserializes from exactly those names.
pub(crate) fn one_of<T: DeserializeOwned>(field: &str, value: &Value, names: &[&str]) -> Result<T> {
    T::deserialize(value)
        .map_err(|_| Error::invalid(field, format!("must be one of {}", names.join(", "))))
}

pub(crate) fn uuid(field: &str, value: &Value) -> Result<Uuid> {
    let text = as_str(field, value)?;
    Uuid::parse_str(text)
        .map_err(|_| Error::invalid(field, format!("must be a UUID, not `{}`", excerpt(text))))
}

fn year_in_range(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// A date `YYYY-MM-DD` in 1900..=2200.
pub(crate) fn date(field: &str, value: &Value) -> Result<NaiveDate> {
    let text = as_str(field, value)?;
    let date = (text.len() == 10)
        .then(|| crate::wire_time::parse_date(text))
        .flatten()
        .filter(|date| year_in_range(date.year()));
    date.ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "must be a date YYYY-MM-DD from {FIRST_YEAR} to {LAST_YEAR}, not `{}`",
                excerpt(text)
            ),
        )
    })
}

/// A local date-time `YYYY-MM-DDTHH:MM` (no offset: the worker's zone applies).
pub(crate) fn local_date_time(field: &str, value: &Value) -> Result<NaiveDateTime> {
    let text = as_str(field, value)?;
    let parsed = (text.len() == 16)
        .then(|| crate::wire_time::parse_local(text))
        .flatten()
        .filter(|moment| year_in_range(moment.year()));
    parsed.ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "must be a local date-time YYYY-MM-DDTHH:MM, not `{}`",
                excerpt(text)
            ),
        )
    })
}

/// An instant in RFC 3339; any offset is accepted and converted to UTC.
pub(crate) fn instant(field: &str, value: &Value) -> Result<DateTime<Utc>> {
    let text = as_str(field, value)?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|moment| moment.with_timezone(&Utc))
        .filter(|moment| year_in_range(moment.year()))
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "must be an RFC 3339 instant like 2026-11-23T18:00:00Z, not `{}`",
                    excerpt(text)
                ),
            )
        })
}

pub(crate) fn clock_time(field: &str, value: &Value) -> Result<ClockTime> {
    let text = as_str(field, value)?;
    text.parse().map_err(|error: Error| relabel(error, field))
}

/// A private-link token: 22-128 base64url characters (at least 128 random bits, api.md).
pub(crate) fn share_token(field: &str, value: &Value) -> Result<String> {
    let token = as_str(field, value)?;
    let base64url = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !(22..=128).contains(&token.len()) || !base64url {
        return Err(Error::invalid(
            field,
            "must be 22 to 128 base64url characters",
        ));
    }
    Ok(token.to_owned())
}

/// A list of at most `max_items`, each parsed with its path `field[i]`.
pub(crate) fn list<T>(
    field: &str,
    value: &Value,
    max_items: usize,
    parse: impl Fn(&str, &Value) -> Result<T>,
) -> Result<Vec<T>> {
    let items = value
        .as_array()
        .ok_or_else(|| Error::invalid(field, "must be a list"))?;
    if items.len() > max_items {
        return Err(Error::invalid(
            field,
            format!("must have at most {max_items} items"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| parse(&format!("{field}[{index}]"), item))
        .collect()
}

/// An object with exactly the keys `keys` allows (missing ones read as unset).
pub(crate) fn object<'v>(field: &str, value: &'v Value, keys: &[&str]) -> Result<Fields<'v>> {
    let map = value
        .as_object()
        .ok_or_else(|| Error::invalid(field, "must be an object"))?;
    if let Some(unknown) = map.keys().find(|key| !keys.contains(&key.as_str())) {
        return Err(Error::invalid(
            format!("{field}.{}", excerpt(unknown)),
            "is not a known key",
        ));
    }
    Ok(Fields(map))
}

/// Moves an error from a helper's placeholder field name to the real one.
pub(crate) fn relabel(error: Error, field: &str) -> Error {
    match error {
        Error::InvalidField { rule, .. } => Error::InvalidField {
            field: field.to_owned(),
            rule,
        },
        other => other,
    }
}

/// Serializes a local date-time in the wire form `YYYY-MM-DDTHH:MM`.
pub(crate) fn serialize_local<S: Serializer>(
    moment: &NaiveDateTime,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::wire_time::local_text(*moment))
}

/// Serializes an instant as RFC 3339 in UTC with a `Z`.
pub(crate) fn serialize_instant<S: Serializer>(
    moment: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&moment.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// Serializes a time zone as its IANA name.
pub(crate) fn serialize_timezone<S: Serializer>(
    zone: &chrono_tz::Tz,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(zone.name())
}
