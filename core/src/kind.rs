//! The kinds of synced records, named as on the wire (`kind` in api.md).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{excerpt, Error};

/// A record kind of domain.md; serialized in snake_case exactly like the wire `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Profile,
    Contact,
    Availability,
    DateOverride,
    Absence,
    Log,
    Checkin,
    CoverRequest,
    CoverOffer,
    AgendaItem,
}

impl RecordKind {
    /// Every kind, in the order of domain.md (new kinds go last: the app's stored outbox writes a
    /// kind as its index here).
    pub const ALL: [RecordKind; 10] = [
        RecordKind::Profile,
        RecordKind::Contact,
        RecordKind::Availability,
        RecordKind::DateOverride,
        RecordKind::Absence,
        RecordKind::Log,
        RecordKind::Checkin,
        RecordKind::CoverRequest,
        RecordKind::CoverOffer,
        RecordKind::AgendaItem,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Profile => "profile",
            RecordKind::Contact => "contact",
            RecordKind::Availability => "availability",
            RecordKind::DateOverride => "date_override",
            RecordKind::Absence => "absence",
            RecordKind::Log => "log",
            RecordKind::Checkin => "checkin",
            RecordKind::CoverRequest => "cover_request",
            RecordKind::CoverOffer => "cover_offer",
            RecordKind::AgendaItem => "agenda_item",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        RecordKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| Error::UnknownKind(excerpt(name)))
    }
}
