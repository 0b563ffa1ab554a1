//! The coordinator's side of the app (issue 7): a coordinator who logs in gets these screens
//! instead of the PRW ones. Everything comes from the server's summaries (api.md, Coordinator
//! summaries), which hold counts and shared check-ins, never private fields; the last fetched copy
//! is kept for offline use and marked with its time.
//!
//! - `model`: the summary's types, the card order ("pressure"), "stale", the trend, the kept copy.
//! - `fetch`: fetching with the bearer token, falling back to the kept copy; the CSV download.
//! - `render`: the parts the screens are drawn from (cards, tables, the week's picker), pure
//!   `Markup` tested on the host.
//! - `chart`: the eight-week trend as a hand-drawn SVG.
//! - `screens`: Team this week, a worker's week, Export, Access log, each in the screen shape
//!   (`markup`): a pure render of what it loaded, mounted with its loading.
//! - `members`: Team members (issue 13): invites by link or QR code, withdraw, deactivate,
//!   reactivate, erase a deactivated worker's data. Online only, nothing kept.
//! - `calendar`: the cover calendar (issue 19): the team's absences with cover requests over
//!   eight weeks, the uncovered first, and the count for Team this week's header.
//! - `words`: the texts and messages only these screens say, out of the PRW app's tables.

pub(crate) mod calendar;
pub(crate) mod chart;
pub(crate) mod fetch;
pub(crate) mod members;
pub(crate) mod model;
pub(crate) mod render;
pub(crate) mod screens;
pub(crate) mod words;
