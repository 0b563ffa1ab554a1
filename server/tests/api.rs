//! In-process tests of the HTTP API: the `Router` driven with `tower::ServiceExt::oneshot`, a fresh
//! database per test, on SQLite and, when `PEERLINE_TEST_POSTGRES_URL` is set, on PostgreSQL too
//! (see `api/support.rs`). One test binary with one module per endpoint group keeps linking cheap.

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

mod api {
    pub(crate) mod access_matrix;
    pub(crate) mod accounts;
    pub(crate) mod auth;
    pub(crate) mod cover;
    pub(crate) mod demo;
    pub(crate) mod foundation;
    pub(crate) mod guidance;
    pub(crate) mod hardening;
    pub(crate) mod instances;
    pub(crate) mod operations;
    pub(crate) mod proxy;
    pub(crate) mod share;
    pub(crate) mod share_polling;
    pub(crate) mod static_site;
    pub(crate) mod support;
    pub(crate) mod sync;
    pub(crate) mod team;
    pub(crate) mod throttling;
}
