//! Peerline, the PWA for peer recovery workers: a Leptos 0.8 client-side app built by Trunk.
//!
//! # Layout
//!
//! - `app`: the start, and the shell (header, notices, bottom navigation, update banner, the
//!   screen of the address in `<main>`, each role kept to its screens).
//! - `router`: the paths of the screens, and following links and Back without a reload.
//! - `routes`: one file per screen; `parts`: pieces of screens. Components stay thin.
//! - `state`: the Leptos glue: the store behind a signal, the ticking clock, the notices.
//! - `model`: the app's logic in plain Rust (what a tap writes, what Today shows, the hours editor).
//! - the offline store is the crate `peerline-store` (`store/`): core's `Replica` kept in
//!   localStorage (`io::storage`), compact, quarantining what it cannot read; the server's sync
//!   simulation drives the same code.
//! - `words`: every text on screen in Norwegian bokmål and English (`Text`, `Message`), checked by
//!   the compiler, in the share page's shape (`peerline_share::words`); times and dates in words.
//! - `io`: every touch of the browser outside the DOM tree: the service worker, storage, the clock,
//!   downloads.
//! - `icons`: the few inline SVG icons (no image downloads: every byte costs prepaid data).
//! - `bench`: the storage budget measurement behind `/?bench`; only with feature `bench`
//!   (`scripts/bench store`).
//! - `share_link`: a service user's private link on their contact page (QR, copy, new link, off,
//!   and a preview drawn by the share page's own renderer, `peerline-share`).
//! - `session`, `account`: who is logged in (token and user in localStorage), the login screen,
//!   logging out.
//! - `erase`: erasing a contact on the phone (hidden at once, the server's erasure waiting for the
//!   next sync, the server's fieldless tombstones taken like any record).
//! - `cover`: fetching the team's cover requests after each sync, kept for offline use.
//! - `sync`: the sync engine (push the outbox, pull the records) and the header's status badge.
//! - `team`: the coordinator's screens over the server's summaries, kept for offline use; only in
//!   the coordinator's build (feature `team`, served under `/team/`).
//! - `markup`: how screens are drawn: HTML as a type (maud), each screen a pure `render`, an
//!   `Action` enum and an `update`, mounted with one focus-keeping redraw (see the module).

// A binary exports nothing, and `#[component]` expands to a `pub` props builder that this lint
// flags on every component; items here use `pub(crate)` all the same.
#![allow(unreachable_pub)]
// Some of what the coordinator's screens use (texts, the router's query) goes unused in the PRW's
// build, which leaves those screens out. The coordinator's build has every screen, and the test
// command lints it too, so dead code is still caught there.
#![cfg_attr(not(feature = "team"), allow(dead_code))]

mod account;
mod app;
#[cfg(feature = "bench")]
mod bench;
mod cover;
mod erase;
mod icons;
mod io;
mod markup;
mod model;
mod nav;
mod parts;
mod router;
mod routes;
mod session;
mod share_link;
mod state;
mod sync;
#[cfg(feature = "team")]
mod team;
mod words;

fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a static header while the WASM loads; the app's own takes its place.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("boot-shell") {
        shell.remove();
    }
    app::start();
}
