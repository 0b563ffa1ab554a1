//! The whole HTTP application: state, routes and the layers every response passes through.

use std::{path::PathBuf, sync::Arc};

use axum::{middleware::from_fn, Router};
use tower_http::catch_panic::CatchPanicLayer;

use crate::{
    api,
    clock::{Clock, SystemClock},
    db::Db,
    metrics,
    middleware::{body_limit, error_body, security_headers, trace},
    static_files::StaticSite,
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The clock (replaced in tests).
    pub clock: Arc<dyn Clock>,
    /// The built PWA.
    pub site: StaticSite,
}

impl AppState {
    /// State with the system clock, serving the PWA from `static_dir`.
    pub fn new(db: Db, static_dir: impl Into<PathBuf>) -> Self {
        Self {
            db,
            clock: Arc::new(SystemClock),
            site: StaticSite::new(static_dir),
        }
    }

    /// The same state with another clock.
    pub fn with_clock(self, clock: impl Clock) -> Self {
        Self {
            clock: Arc::new(clock),
            ..self
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("AppState")
            .field("db", &self.db)
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

/// The application: `/api/v1/...`, the PWA for everything else, and the layers (outermost first):
/// request tracing, metrics (no-ops unless `--metrics-addr` installed a recorder), security
/// headers, panic catching, the contract's error body for any bare
/// 4xx/5xx, and the 1 MiB body limit.
pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .route("/api", axum::routing::any(api::not_found))
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        .fallback(crate::static_files::serve)
        .with_state(state)
        .layer(from_fn(body_limit::limit_body))
        .layer(from_fn(error_body::ensure_error_body))
        .layer(CatchPanicLayer::custom(error_body::panic_response))
        .layer(from_fn(security_headers::add_security_headers))
        .layer(from_fn(metrics::record_request))
        .layer(trace::layer())
}
