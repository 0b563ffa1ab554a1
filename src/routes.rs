//! One file per screen. Screens read and change the app state through `crate::state`, and take
//! their figures from `crate::model` and `peerline_core`; they hold no rules of their own beyond
//! how things look.

pub(crate) mod agreement_change;
pub(crate) mod availability;
pub(crate) mod checkin;
pub(crate) mod contact;
pub(crate) mod contact_form;
pub(crate) mod contacts;
pub(crate) mod cover;
pub(crate) mod erase_contact;
pub(crate) mod log;
pub(crate) mod log_entry;
pub(crate) mod more;
pub(crate) mod today;
