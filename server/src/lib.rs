//! peerline-server: the HTTP API, the sync endpoint and the static host of the Peerline PWA.
//!
//! The domain rules (record kinds, validation, HLC, per-field merge) live in `peerline-core`; this
//! crate is the edge around it: it owns the database, the accounts and the wire format of
//! `api.md`, and never re-implements a domain rule.
//!
//! # Layout
//!
//! - [`cli`]: the `peerline-server` command line (`serve`, `create-team`, `create-user`, `invite`,
//!   `deactivate-user`, `revoke-sessions`, `demo`).
//! - [`demo`]: seeds a demo team through the sync engine.
//! - [`serve`]: binds the socket and runs the [`app`] (and the daily retention pass) until Ctrl-C
//!   or SIGTERM, with header and request timeouts and a bound on connections; [`public_url`] is
//!   where users reach it.
//! - [`app`]: builds the whole [`axum::Router`] (API, static files, the layers every response passes
//!   through) from an [`app::AppState`]; tests drive it in-process with `tower::ServiceExt::oneshot`.
//! - [`api`]: one file per endpoint group under `/api/v1`, the contract's error type
//!   ([`api::error::ApiError`]), the JSON extractor and the OpenAPI document.
//! - [`middleware`]: body limit, security headers, the error-body safety net, request tracing.
//! - [`static_files`]: serves the built PWA (precompressed siblings, cache headers, app routes)
//!   and, for share links `/s/TOKEN`, the separate share page in `share/`.
//! - [`sync`]: the sync engine (one transaction per request: mids, peerline-core's validation and
//!   merge, ownership, cursors); [`api::sync`] is its wire form.
//! - [`cover`]: team cover: the covers of a worker's absences (the share page's stand-in) and the
//!   team's cover list of `GET /team/cover`; the rules are peerline-core's.
//! - [`summary`]: the coordinator summary of a team and ISO week, figures by peerline-core from
//!   the synced records (only the week's logs are loaded), and its CSV form; [`api::team`] serves
//!   it with the access log.
//! - [`metrics`]: Prometheus metrics (requests by route, sync mutations, pool use) and the
//!   `/metrics` application on its own address.
//! - [`db`]: connects to SQLite or PostgreSQL through one code path and runs the migrations.
//! - [`store`]: every SQL statement, grouped by table family (users, sessions, invites, login
//!   attempts, records and their erasure, sync clients, share links, the team's summary reads and
//!   access log).
//! - [`accounts`], [`password`], [`tokens`]: accounts (creation and the password rule, invites,
//!   members, sessions), argon2id hashing, bearer, invite and share token generation and hashing.
//! - [`erase`]: erasing a contact with everything that names it, and the daily retention pass over
//!   ended relationships.
//! - [`clock`]: the one place the server reads the time, replaceable in tests.
//! - [`error`]: the library's error type.

pub mod accounts;
pub mod api;
pub mod app;
pub mod cli;
pub mod clock;
pub mod cover;
pub mod db;
pub mod demo;
pub mod erase;
pub mod error;
pub mod metrics;
pub mod middleware;
pub mod password;
pub mod public_url;
pub mod serve;
pub mod static_files;
pub mod store;
pub mod summary;
pub mod sync;
pub mod tokens;

pub use app::{router, AppState};
pub use error::{Error, Result};
