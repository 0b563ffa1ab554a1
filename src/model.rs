//! The app's logic in plain Rust, free of the browser and of Leptos: what a tap writes
//! (`changes`), what Today shows (`today`), team cover (`cover`), the weekly-hours editor (`plan`), and local time
//! (`time`). Every rule of the domain itself (reachability, holidays, boundary pressure) comes
//! from `peerline_core`; nothing here re-implements one.

pub(crate) mod changes;
pub(crate) mod cover;
pub(crate) mod plan;
pub(crate) mod time;
pub(crate) mod today;
