//! peerline-share: the service user's page behind a private link `/s/TOKEN`.
//!
//! The page is deliberately not the PRW app: a service user on a cheap phone with prepaid data
//! downloads a few kilobytes of HTML, CSS and a small WASM of peerline-core, never the app. It is
//! rendered as an HTML string (no framework: the page has no forms and no client state beyond the
//! last answer), so the same pure renderer also draws the worker's preview inside the app, and the
//! preview is exactly what the service user sees.
//!
//! # Layout
//!
//! - [`render`]: the page and the card as HTML, from a stored `ShareResponse` and `now`
//!   (peerline-core recomputes the state, so the card stays true offline as time passes).
//! - [`words`]: every word on the page in Norwegian bokmål and English, and the `words!` macro
//!   that gives the PRW app's words the same shape.
//! - [`html`]: HTML as a type (maud's `html!` and `Markup`, shared with the app) and the `tel:` /
//!   `sms:` links of both builds.
//! - [`poll`]: when the page asks the server again (visible, hidden, offline, failing).
//! - `main.rs` (the binary, feature `page`): the browser glue: the token from the path, the stored
//!   answer in localStorage, fetching, re-rendering every half minute, the service worker.

pub mod html;
pub mod poll;
pub mod render;
pub mod words;

pub use render::{render_card, render_page, CardLinks, Fetch, PageModel};
pub use words::language_from_tag;
