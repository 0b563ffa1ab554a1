//! Pieces of screens that are big enough for a file of their own, or used by two screens.

pub(crate) mod absences;
pub(crate) mod agenda;
pub(crate) mod agreement;
pub(crate) mod fallbacks;
pub(crate) mod log_form;
pub(crate) mod overrides;
pub(crate) mod security;
pub(crate) mod week_editor;
