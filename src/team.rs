//! The coordinator's side of the app (issue 7): a coordinator who logs in gets these screens
//! instead of the PRW ones. Everything comes from the server's summaries (api.md, Coordinator
//! summaries), which hold counts and shared check-ins, never private fields; the last fetched copy
//! is kept for offline use and marked with its time.
//!
//! - `model`: the summary's types, the card order ("pressure"), "stale", the trend, the kept copy.
//! - `fetch`: fetching with the bearer token, falling back to the kept copy; the CSV download.
//! - `render`: the screens' text as HTML strings (pure, tested on the host), shown via `inner_html`.
//! - `chart`: the eight-week trend as a hand-drawn SVG string.
//! - `screens`: Team this week, a worker's week, Export, Access log, and the team's navigation.

pub(crate) mod chart;
pub(crate) mod fetch;
pub(crate) mod model;
pub(crate) mod render;
pub(crate) mod screens;
