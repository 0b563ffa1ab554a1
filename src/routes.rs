//! One file per screen. Screens read and change the app state through `crate::state`; they hold
//! no rules of their own beyond how things look.

pub(crate) mod availability;
pub(crate) mod contacts;
pub(crate) mod log;
pub(crate) mod more;
pub(crate) mod today;
