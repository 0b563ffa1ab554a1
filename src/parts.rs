//! Pieces of screens that are big enough for a file of their own, or used by two screens.

pub(crate) mod absences;
pub(crate) mod agenda;
pub(crate) mod agreement;
pub(crate) mod fallbacks;
pub(crate) mod log_form;
pub(crate) mod overrides;
pub(crate) mod security;
pub(crate) mod week_editor;

use peerline_store::Change;

/// What a part's form asks its screen to store, and the fields to empty once it is stored (so the
/// next entry starts blank; a refused change leaves what was typed).
#[derive(Debug, PartialEq)]
pub(crate) struct Save {
    pub(crate) change: Change,
    pub(crate) then_clear: &'static [&'static str],
}

impl Save {
    /// A change that leaves the form as it is.
    pub(crate) fn only(change: Change) -> Save {
        Save {
            change,
            then_clear: &[],
        }
    }
}
