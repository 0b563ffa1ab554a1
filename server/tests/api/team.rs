//! The coordinator's endpoints (api.md, Coordinator summaries), on every configured backend.
//!
//! - [`figures`]: a week computed by hand, check-ins shared or not, roles and teams, canaries in
//!   private fields.
//! - [`csv`]: the CSV's shape, quoting and formula guarding.
//! - [`access_log`]: every read logged, paging, refused requests.
//! - [`recompute`]: seeded random workers, every figure against peerline-core over all records.
//! - [`fixture`]: the device, accounts and the hand-computed team they share.

mod access_log;
pub(crate) mod csv;
mod figures;
mod fixture;
mod recompute;
