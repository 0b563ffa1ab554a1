//! The whole HTTP application: state, routes and the layers every response passes through.

use std::{path::PathBuf, sync::Arc};

use axum::{
    middleware::{from_fn, from_fn_with_state},
    Router,
};
use tower_http::catch_panic::CatchPanicLayer;

use crate::{
    api::{self, client_address::TrustedProxies},
    clock::{Clock, SystemClock},
    db::Db,
    metrics,
    middleware::{body_limit, error_body, security_headers, trace},
    password::PasswordHashing,
    public_url::PublicUrl,
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
    /// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// Where users reach the server, if configured (HSTS when it is HTTPS).
    pub public_url: Option<PublicUrl>,
    /// The bound on password hashes at once.
    pub password_hashing: PasswordHashing,
}

impl AppState {
    /// State with the system clock, serving the PWA from `static_dir`, trusting no proxy, with no
    /// public URL and this machine's bound on password hashing.
    pub fn new(db: Db, static_dir: impl Into<PathBuf>) -> Self {
        Self {
            db,
            clock: Arc::new(SystemClock),
            site: StaticSite::new(static_dir),
            trusted_proxies: Arc::default(),
            public_url: None,
            password_hashing: PasswordHashing::for_this_machine(),
        }
    }

    /// The same state trusting these reverse proxies.
    pub fn with_trusted_proxies(self, trusted_proxies: TrustedProxies) -> Self {
        Self {
            trusted_proxies: Arc::new(trusted_proxies),
            ..self
        }
    }

    /// The same state with a public URL.
    pub fn with_public_url(self, public_url: Option<PublicUrl>) -> Self {
        Self { public_url, ..self }
    }

    /// The same state with another bound on password hashing.
    pub fn with_password_hashing(self, password_hashing: PasswordHashing) -> Self {
        Self {
            password_hashing,
            ..self
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
            .field("trusted_proxies", &self.trusted_proxies)
            .field("public_url", &self.public_url)
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
        .with_state(state.clone())
        .layer(from_fn(body_limit::limit_body))
        .layer(from_fn(error_body::ensure_error_body))
        .layer(CatchPanicLayer::custom(error_body::panic_response))
        .layer(from_fn_with_state(
            state,
            security_headers::add_security_headers,
        ))
        .layer(from_fn(metrics::record_request))
        .layer(trace::layer())
}
