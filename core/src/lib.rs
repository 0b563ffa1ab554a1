//! peerline-core: the pure domain of Peerline, used unchanged by the app (WASM), the share page and
//! the server. It implements `/work/shared/spec/domain.md` (records, reachability, holidays, boundary
//! pressure) and the merge rules of `api.md` (Sync). It does no IO, reads no clock (callers pass
//! `now`), and never panics on input: untrusted data comes in through decoders that return an
//! [`Error`] naming the field and the rule.
//!
//! # Layout
//!
//! Sync and storage (what the server's sync endpoint and the app's outbox use):
//! - [`hlc`]: [`Hlc`] stamps (`MILLIS:COUNTER:CLIENT_ID`, string order = time order) and the
//!   device clock [`HlcClock`] (`tick`, `receive`).
//! - [`kind`]: [`RecordKind`], the wire `kind`.
//! - [`stored`]: [`StoredRecord`], a record with an hlc per field and the tombstone; [`merge`]
//!   (per-field last-writer-wins); [`WireRecord`], the sync response's form.
//! - [`mutation`]: [`Mutation`] (`from_json` with api.md error codes, `check_fields`), the one
//!   check of a write [`check_write`] (the server's and every device's), and [`apply`] (merge,
//!   then that check).
//! - [`envelope`]: the server's reading of a `POST /sync` body ([`envelope::parse`]): the
//!   envelope checked whole, each mutation parsed by [`Mutation::from_json`].
//! - [`replica`]: the device side of sync: a local copy, the outbox, the request to send and the
//!   folding in of the response ([`Replica`]); the app's store keeps one in localStorage, the
//!   server's simulation drives that store.
//! - [`schema`]: the field table of each kind and [`check_field`].
//! - [`table`]: the app's compact localStorage form of records and mutations (tables with field
//!   names written once).
//! - [`ids`]: the UUIDv5 ids of per-worker, per-date and per-week records, and the one table of
//!   the kinds whose ids are derived ([`ids::DERIVED_IDS`]), which the server checks writes by.
//! - [`error`]: [`Error`] with `code()` (api.md codes) and a message naming field and rule.
//!
//! Domain (typed records and formats):
//! - [`records`]: [`Profile`], [`Contact`] (with its planned [`AgreementChange`]s),
//!   [`Availability`], [`DateOverride`], [`Absence`], [`Log`], [`Checkin`], [`CoverRequest`],
//!   [`CoverOffer`], [`AgendaItem`] and [`AnyRecord`], decoded from a field map with domain.md's
//!   defaults.
//! - [`clock_time`], [`iso_week`], [`timezones`]: `HH:MM`, `2026-W48`, and the offered zones;
//!   [`wire_time`]: `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM` read and written.
//! - `fields` (private): the parsers behind both `schema` and `records`.
//!
//! Questions (pure functions of the indexed records and a `now` the caller passes):
//! - [`worker`]: [`WorkerData`], one worker's records decoded and indexed once (weekly windows as
//!   minute spans, each contact's agreements over time, absences as UTC spans, logs sorted per
//!   contact), with the covers of the worker's absences laid on ([`WorkerData::with_covers`]).
//! - [`agreement`]: [`agreement_on`], a service user's agreement in force on a date (planned
//!   changes applied), and [`next_agreement_change`].
//! - [`mod@reachability`]: [`reachability()`] by rules 1-5 of domain.md, with the fallback chain, and
//!   the share page's view of it.
//! - [`windows`]: [`effective_windows`], a contact's windows as UTC instants (the share page's
//!   14 days); `local_time` (private) applies rule 1 to wall-clock times.
//! - [`holidays`]: Norwegian public holidays 1900..=2200 ([`holiday_on`], [`holidays_of_year`]).
//! - [`pressure`]: [`week_pressure`], boundary pressure for an ISO week, per service user and total
//!   (after-hours minutes included), and the other figures of the coordinator summary (the shared
//!   agenda among them).
//! - [`cover`]: team cover: which offer covers a request ([`covering_offer`]), the covers of a
//!   worker's absences from the server's records ([`resolve_covers`]) or a cached `/team/cover`
//!   answer ([`covers_from_team_cover`]), and that answer's entries ([`TeamCoverEntry`]).
//! - [`kind_reply`]: the kind reply's template filled in ([`kind_reply()`], the default texts).
//! - [`share`]: the service user's share page: [`share_response`] (the `GET /share/TOKEN` body,
//!   also the app's preview), [`ShareResponse::card_at`] (a stored response recomputed at a later
//!   instant, the page's offline mode, absences ahead included), the coming days' list and the
//!   token's form.
//! - [`calendar`]: [`share_calendar`], the share link's windows and absences as an RFC 5545
//!   iCalendar file.
//! - [`time_words`]: [`TimeWords`], times in words in nb and en ("tirsdag kl. 17:00").
//! - `spans` (private): interval algebra (join, intersect, subtract).
//!
//! Small tools:
//! - [`order`]: stable sorting through one compiled copy of the standard library's sort (the
//!   app's WASM size).

pub mod agreement;
pub mod calendar;
pub mod clock_time;
pub mod cover;
pub mod envelope;
pub mod error;
mod fields;
pub mod hlc;
pub mod holidays;
pub mod ids;
pub mod iso_week;
pub mod kind;
pub mod kind_reply;
mod local_time;
pub mod mutation;
pub mod order;
pub mod pressure;
pub mod reachability;
pub mod records;
pub mod replica;
pub mod schema;
pub mod share;
mod spans;
pub mod stored;
pub mod table;
pub mod time_words;
pub mod timezones;
pub mod windows;
pub mod wire_time;
pub mod worker;

pub use agreement::{agreement_on, next_agreement_change, Agreement};
pub use calendar::{share_calendar, CalendarInfo};
pub use clock_time::ClockTime;
pub use cover::{
    covering_offer, covers_from_team_cover, resolve_covers, team_cover_entry, Colleague, Cover,
    CoverWorker, ReceivedOffer, TeamCoverEntry,
};
pub use error::{Error, Result};
pub use hlc::{Hlc, HlcClock};
pub use holidays::{holiday_on, holidays_of_year, Holiday};
pub use iso_week::IsoWeek;
pub use kind::RecordKind;
pub use kind_reply::{default_kind_reply, fill_kind_reply, kind_reply, kind_reply_with};
pub use mutation::{apply, check_write, Mutation};
pub use pressure::{
    shared_agenda, week_pressure, PressureCounts, PressureTotals, ServiceUserPressure,
    SharedAgendaItem, WeekPressure,
};
pub use reachability::{reachability, Reachability, ShareReachability, ShareState, State};
pub use records::{
    Absence, AbsenceKind, AgendaItem, AgendaTopic, AgreementChange, AnyRecord, Availability,
    Channel, Checkin, Contact, CoverOffer, CoverRequest, CoverStatus, DateOverride, DayWindow,
    Direction, Fallback, Language, Log, Profile, Role, Status, WeeklyWindow,
};
pub use replica::{
    Change, Device, Entry, Rejection, Replica, SyncRequest, SyncResponse, MAX_MUTATIONS_PER_REQUEST,
};
pub use schema::check_field;
pub use share::{
    calendar_absences, calendar_windows, encode_share_token, share_response, upcoming_absences,
    Card, CardState, NextAgreementChange, ShareDay, ShareLimits, ShareResponse, ShareWindow,
    SharedContact, SharedWorker, UpcomingAbsence, SHARE_TOKEN_BYTES,
};
pub use spans::Span;
pub use stored::{merge, Stamped, StoredRecord, WireRecord};
pub use time_words::TimeWords;
pub use timezones::OFFERED_TIMEZONES;
pub use windows::effective_windows;
pub use worker::WorkerData;
