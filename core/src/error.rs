//! The one error type of the crate. Its `code()` is the api.md sync error code, so the server can put
//! it in `rejected` unchanged, and its message names the field and the rule a person has to fix.

use crate::hlc::Hlc;
use crate::kind::RecordKind;

/// What went wrong with a mutation or a record, in the vocabulary of api.md.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("unknown record kind `{0}`")]
    UnknownKind(String),
    #[error("`{field}` is not a field of a {kind} record")]
    UnknownField { kind: RecordKind, field: String },
    /// `field` may be a path such as `windows[2].start`; `rule` is the rule it broke, in words.
    #[error("`{field}` {rule}")]
    InvalidField { field: String, rule: String },
    #[error(
        "malformed hlc `{0}`: expected MILLIS (13 digits):COUNTER (4 lowercase hex):CLIENT_ID"
    )]
    InvalidHlc(String),
    #[error("hlc {hlc} is {ahead_ms} ms ahead of the server clock (at most {MAX_CLOCK_SKEW_MS} ms allowed)")]
    ClockSkew { hlc: Hlc, ahead_ms: u64 },
    /// A mutation whose shape is wrong (no `mid`, `set` not an object...): not a domain error.
    #[error("malformed mutation: {0}")]
    InvalidRequest(String),
}

/// How far ahead of the server's clock an hlc or a log's `at` may be (api.md, domain.md: 10 minutes).
pub const MAX_CLOCK_SKEW_MS: u64 = 10 * 60 * 1000;

/// The crate's result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The api.md error code (`unknown_kind`, `unknown_field`, `invalid_field`, `invalid_hlc`,
    /// `clock_skew`, `invalid_request`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownKind(_) => "unknown_kind",
            Error::UnknownField { .. } => "unknown_field",
            Error::InvalidField { .. } => "invalid_field",
            Error::InvalidHlc(_) => "invalid_hlc",
            Error::ClockSkew { .. } => "clock_skew",
            Error::InvalidRequest(_) => "invalid_request",
        }
    }

    /// An `invalid_field` error: `field` broke `rule` (say the rule, e.g. "must be 1 to 5").
    pub fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::InvalidField {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The field an error is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::UnknownField { field, .. } | Error::InvalidField { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// Cuts untrusted text echoed in messages, so a megabyte of garbage is not copied into a response.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 64;
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_CHARS).collect();
    cut.push('…');
    cut
}
