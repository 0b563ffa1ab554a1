//! Team cover (domain.md, "Team cover"): a `cover_request` a worker makes for one of their
//! absences, and the `cover_offer` a colleague makes for it. Which offer covers is decided by the
//! server's order of receipt, so it is not here but in `crate::cover`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::Result;
use crate::fields::{self, Fields};
use crate::records::MAX_MESSAGE_CHARS;

/// Whether a request still asks the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverStatus {
    Open,
    Withdrawn,
}

impl CoverStatus {
    pub const NAMES: [&'static str; 2] = ["open", "withdrawn"];
}

/// A worker's request to the team to cover one of their absences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverRequest {
    pub id: Uuid,
    /// An absence of the same worker (the server checks it when the field is written).
    pub absence_id: Uuid,
    /// Shown to the team's workers and coordinators; the form says not to name service users.
    pub note_to_team: Option<String>,
    /// Defaults to `open`.
    pub status: CoverStatus,
}

impl CoverRequest {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<CoverRequest> {
        let f = Fields(map);
        Ok(CoverRequest {
            id,
            absence_id: f.required("absence_id", fields::uuid)?,
            note_to_team: f.optional("note_to_team", |n, v| {
                fields::text(n, v, MAX_MESSAGE_CHARS, true)
            })?,
            status: f.or("status", CoverStatus::Open, |n, v| {
                fields::one_of(n, v, &CoverStatus::NAMES)
            })?,
        })
    }

    /// Whether the request still asks the team.
    pub fn is_open(&self) -> bool {
        self.status == CoverStatus::Open
    }
}

/// A colleague's offer to cover a request; `accepted: false` takes it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverOffer {
    pub id: Uuid,
    /// A `cover_request` of another worker of the same team (the server checks it).
    pub request_id: Uuid,
    /// Required: domain.md gives no default, and an offer must say whether it stands.
    pub accepted: bool,
}

impl CoverOffer {
    pub fn decode(id: Uuid, map: &Map<String, Value>) -> Result<CoverOffer> {
        let f = Fields(map);
        Ok(CoverOffer {
            id,
            request_id: f.required("request_id", fields::uuid)?,
            accepted: f.required("accepted", fields::boolean)?,
        })
    }
}
