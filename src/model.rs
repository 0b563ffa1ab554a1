//! The app's logic in plain Rust, free of the browser and of Leptos: what a tap writes
//! (`changes`), what Today shows (`today`), team cover (`cover`), the weekly-hours editor
//! (`plan`), an agreement's planned changes and the taper offered near its end (`planned`), and
//! local time (`time`). Every rule of the domain itself (reachability, holidays, boundary
//! pressure, the agreement in force on a date) comes from `peerline_core`; nothing here
//! re-implements one.

pub(crate) mod changes;
pub(crate) mod cover;
pub(crate) mod plan;
pub(crate) mod planned;
pub(crate) mod time;
pub(crate) mod today;
