//! The field table of every record kind: which fields a mutation may set, whether `null` (unset) is
//! allowed, and the check of each value on its own (api.md: "each field and then the merged record").
//! The checks call the same parsers as the typed decoders in `records`, so a field that passes here
//! fails there only for a whole-record rule (a test keeps the two in step).

use serde_json::Value;

use crate::error::{excerpt, Error, Result};
use crate::fields;
use crate::kind::RecordKind;
use crate::records::{
    self, AbsenceKind, AgendaTopic, Channel, CoverStatus, Direction, Language, Role, Status,
};
use crate::records::{MAX_MESSAGE_CHARS, MAX_NOTE_CHARS};

/// Whether a field may be unset with `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The record is invalid without it (domain.md gives no default).
    Required,
    /// Unset reads as its default or as "none".
    Optional,
}

type Check = fn(&str, &Value) -> Result<()>;

/// One field of a record kind.
pub struct FieldSpec {
    pub name: &'static str,
    pub presence: Presence,
    check: Check,
}

const fn spec(name: &'static str, presence: Presence, check: Check) -> FieldSpec {
    FieldSpec {
        name,
        presence,
        check,
    }
}

fn done<T>(result: Result<T>) -> Result<()> {
    result.map(|_| ())
}

use Presence::{Optional, Required};

static PROFILE: [FieldSpec; 9] = [
    spec("display_name", Optional, |n, v| {
        done(fields::text(n, v, 100, false))
    }),
    spec("phone", Optional, |n, v| done(fields::phone(n, v))),
    spec("timezone", Optional, |n, v| done(records::timezone(n, v))),
    spec("language", Optional, |n, v| {
        done(fields::one_of::<Language>(n, v, &Language::NAMES))
    }),
    spec("observe_public_holidays", Optional, |n, v| {
        done(fields::boolean(n, v))
    }),
    spec("away_message", Optional, |n, v| {
        done(fields::text(n, v, MAX_MESSAGE_CHARS, true))
    }),
    spec("fallbacks", Optional, |n, v| {
        done(records::fallback_list(n, v))
    }),
    spec("show_limits_to_service_users", Optional, |n, v| {
        done(fields::boolean(n, v))
    }),
    spec("kind_reply", Optional, |n, v| {
        done(records::kind_reply(n, v))
    }),
];

static CONTACT: [FieldSpec; 15] = [
    spec("name", Required, |n, v| done(fields::name(n, v))),
    spec("phone", Optional, |n, v| done(fields::phone(n, v))),
    spec("role", Optional, |n, v| {
        done(fields::one_of::<Role>(n, v, &Role::NAMES))
    }),
    spec("notes", Optional, |n, v| {
        done(fields::text(n, v, MAX_NOTE_CHARS, true))
    }),
    spec("started_on", Optional, |n, v| done(fields::date(n, v))),
    spec("planned_end_on", Optional, |n, v| done(fields::date(n, v))),
    spec("review_on", Optional, |n, v| done(fields::date(n, v))),
    spec("status", Optional, |n, v| {
        done(fields::one_of::<Status>(n, v, &Status::NAMES))
    }),
    spec("agreement_windows", Optional, |n, v| {
        done(records::weekly_windows(n, v))
    }),
    spec("max_contacts_per_day", Optional, |n, v| {
        done(records::limit(n, v))
    }),
    spec("max_contacts_per_week", Optional, |n, v| {
        done(records::limit(n, v))
    }),
    spec("expectations", Optional, |n, v| {
        done(fields::text(n, v, MAX_MESSAGE_CHARS, true))
    }),
    spec("share_token", Optional, |n, v| {
        done(fields::share_token(n, v))
    }),
    spec("kind_reply", Optional, |n, v| {
        done(records::kind_reply(n, v))
    }),
    spec("agreement_changes", Optional, |n, v| {
        done(records::agreement_changes(n, v))
    }),
];

static AVAILABILITY: [FieldSpec; 1] = [spec("windows", Optional, |n, v| {
    done(records::weekly_windows(n, v))
})];

static DATE_OVERRIDE: [FieldSpec; 2] = [
    spec("date", Required, |n, v| done(fields::date(n, v))),
    spec("windows", Optional, |n, v| done(records::day_windows(n, v))),
];

static ABSENCE: [FieldSpec; 5] = [
    spec("starts_at", Required, |n, v| {
        done(fields::local_date_time(n, v))
    }),
    spec("ends_at", Required, |n, v| {
        done(fields::local_date_time(n, v))
    }),
    spec("kind", Optional, |n, v| {
        done(fields::one_of::<AbsenceKind>(n, v, &AbsenceKind::NAMES))
    }),
    spec("message", Optional, |n, v| {
        done(fields::text(n, v, MAX_MESSAGE_CHARS, true))
    }),
    spec("stand_in_contact_id", Optional, |n, v| {
        done(fields::uuid(n, v))
    }),
];

static LOG: [FieldSpec; 7] = [
    spec("contact_id", Required, |n, v| done(fields::uuid(n, v))),
    spec("at", Required, |n, v| done(fields::instant(n, v))),
    spec("channel", Required, |n, v| {
        done(fields::one_of::<Channel>(n, v, &Channel::NAMES))
    }),
    spec("direction", Required, |n, v| {
        done(fields::one_of::<Direction>(n, v, &Direction::NAMES))
    }),
    spec("answered", Required, |n, v| done(fields::boolean(n, v))),
    spec("minutes", Optional, |n, v| done(records::log_minutes(n, v))),
    spec("note", Optional, |n, v| {
        done(fields::text(n, v, MAX_NOTE_CHARS, true))
    }),
];

static CHECKIN: [FieldSpec; 7] = [
    spec("week", Required, |n, v| done(records::iso_week(n, v))),
    spec("energy", Required, |n, v| done(records::rating(n, v))),
    spec("strain", Required, |n, v| done(records::rating(n, v))),
    spec("burnout", Required, |n, v| done(records::rating(n, v))),
    spec("needs_guidance", Optional, |n, v| {
        done(fields::boolean(n, v))
    }),
    spec("share_with_coordinator", Optional, |n, v| {
        done(fields::boolean(n, v))
    }),
    spec("note", Optional, |n, v| {
        done(fields::text(n, v, MAX_NOTE_CHARS, true))
    }),
];

static COVER_REQUEST: [FieldSpec; 3] = [
    spec("absence_id", Required, |n, v| done(fields::uuid(n, v))),
    spec("note_to_team", Optional, |n, v| {
        done(fields::text(n, v, MAX_MESSAGE_CHARS, true))
    }),
    spec("status", Optional, |n, v| {
        done(fields::one_of::<CoverStatus>(n, v, &CoverStatus::NAMES))
    }),
];

static COVER_OFFER: [FieldSpec; 2] = [
    spec("request_id", Required, |n, v| done(fields::uuid(n, v))),
    spec("accepted", Required, |n, v| done(fields::boolean(n, v))),
];

static AGENDA_ITEM: [FieldSpec; 6] = [
    spec("week", Required, |n, v| done(records::iso_week(n, v))),
    spec("topic", Required, |n, v| {
        done(fields::one_of::<AgendaTopic>(n, v, &AgendaTopic::NAMES))
    }),
    spec("contact_id", Optional, |n, v| done(fields::uuid(n, v))),
    spec("note", Optional, |n, v| {
        done(fields::text(n, v, MAX_NOTE_CHARS, true))
    }),
    spec("share_with_coordinator", Optional, |n, v| {
        done(fields::boolean(n, v))
    }),
    spec("discussed_on", Optional, |n, v| done(fields::date(n, v))),
];

/// The fields a record of `kind` has, in domain.md's order.
pub fn fields_of(kind: RecordKind) -> &'static [FieldSpec] {
    match kind {
        RecordKind::Profile => &PROFILE,
        RecordKind::Contact => &CONTACT,
        RecordKind::Availability => &AVAILABILITY,
        RecordKind::DateOverride => &DATE_OVERRIDE,
        RecordKind::Absence => &ABSENCE,
        RecordKind::Log => &LOG,
        RecordKind::Checkin => &CHECKIN,
        RecordKind::CoverRequest => &COVER_REQUEST,
        RecordKind::CoverOffer => &COVER_OFFER,
        RecordKind::AgendaItem => &AGENDA_ITEM,
    }
}

/// Validates one field of a mutation on its own: `unknown_field` if `kind` has no such field,
/// `invalid_field` if the value is ill-typed or out of range, or `null` for a required field.
pub fn check_field(kind: RecordKind, name: &str, value: &Value) -> Result<()> {
    let spec = fields_of(kind)
        .iter()
        .find(|spec| spec.name == name)
        .ok_or_else(|| Error::UnknownField {
            kind,
            field: excerpt(name),
        })?;
    match (value, spec.presence) {
        (Value::Null, Presence::Optional) => Ok(()),
        (Value::Null, Presence::Required) => {
            Err(Error::invalid(name, "is required and cannot be unset"))
        }
        (value, _) => (spec.check)(name, value),
    }
}
