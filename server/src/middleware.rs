//! The layers every request and response pass through (assembled in [`crate::app::router`]).
//!
//! - [`body_limit`]: buffers request bodies up to 1 MiB; larger ones get 413 after being drained.
//! - [`error_body`]: gives any bare 4xx/5xx (axum's own 405, a missing static file, a panic) the
//!   contract's JSON error body.
//! - [`security_headers`]: CSP, COOP, Permissions-Policy, HSTS (on an HTTPS public URL) and the
//!   other strict headers on every response.
//! - [`trace`]: one log line per request, with share tokens redacted from the path.

pub mod body_limit;
pub mod error_body;
pub mod security_headers;
pub mod trace;
