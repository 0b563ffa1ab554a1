//! Peerline, the PWA for peer recovery workers: a Leptos 0.8 client-side app built by Trunk.
//!
//! # Layout
//!
//! - `app`: the shell (header, bottom navigation, routes, update banner); components stay thin.
//! - `routes`: one file per screen.
//! - `i18n`: the message keys and their Norwegian bokmål and English texts, checked by the compiler.
//! - `io`: every touch of the browser outside the DOM tree: the service worker, storage, downloads.
//! - `icons`: the few inline SVG icons (no image downloads: every byte costs prepaid data).

// A binary exports nothing, and `#[component]` expands to a `pub` props builder that this lint
// flags on every component; items here use `pub(crate)` all the same.
#![allow(unreachable_pub)]

mod app;
mod i18n;
mod icons;
mod io;
mod nav;
mod routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
