//! Prometheus metrics, served on an address of their own (`serve --metrics-addr`, off by default).
//!
//! The handlers and layers record through the `metrics` facade, which does nothing until a
//! recorder is installed: without `--metrics-addr` every call below is a load of an unset global
//! and a return. With it, [`install`] puts `metrics-exporter-prometheus`'s recorder in place and
//! [`router`] answers `GET /metrics` in Prometheus's text format. The address is separate so the
//! figures (request counts, pool use) are not public on the API's address: bind it to loopback or
//! an internal network only a scraper reaches.
//!
//! What is measured:
//! - `peerline_http_requests_total{method, route, status}` and
//!   `peerline_http_request_duration_seconds{method, route}` (a histogram) for every request, by
//!   the route's pattern (`/api/v1/share/{token}`: never the token itself; `static` for the PWA's
//!   files and app paths);
//! - `peerline_sync_mutations_total{outcome="applied"|"rejected"}`: mutations newly ruled on by a
//!   committed sync (replays of applied mids are neither);
//! - `peerline_db_pool_connections{state="max"|"open"|"idle"|"in_use"}`: the main pool, read at
//!   each scrape.

use std::{sync::OnceLock, time::Instant};

use axum::{
    body::Body,
    extract::{MatchedPath, State},
    http::{header, HeaderValue, Request},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::{db::Db, Error, Result};

/// The request latency histogram's buckets, in seconds: fine below 50 ms, where the targets are.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's Prometheus recorder (once; later calls return the same handle).
pub fn install() -> Result<PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("peerline_http_request_duration_seconds".into()),
            &LATENCY_BUCKETS,
        )
        .and_then(PrometheusBuilder::install_recorder)
        .map_err(|error| Error::InvalidInput(format!("cannot start the metrics: {error}")))?;
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// The metrics address's application: `GET /metrics` and nothing else.
pub fn router(handle: PrometheusHandle, db: Db) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((handle, db))
}

async fn scrape(State((handle, db)): State<(PrometheusHandle, Db)>) -> Response {
    let pool = db.pool_use();
    let in_use = pool.open.saturating_sub(pool.idle);
    for (state, value) in [
        ("max", pool.max),
        ("open", pool.open),
        ("idle", pool.idle),
        ("in_use", in_use),
    ] {
        metrics::gauge!("peerline_db_pool_connections", "state" => state).set(f64::from(value));
    }
    handle.run_upkeep();
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Middleware: counts and times every request by method, route pattern and status.
pub async fn record_request(request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("peerline_http_requests_total",
        "method" => method.clone(), "route" => route.clone(), "status" => status)
    .increment(1);
    metrics::histogram!("peerline_http_request_duration_seconds",
        "method" => method, "route" => route)
    .record(started.elapsed().as_secs_f64());
    response
}

/// Books a committed sync's newly applied and rejected mutations.
pub fn sync_mutations(applied: usize, rejected: usize) {
    for (outcome, count) in [("applied", applied), ("rejected", rejected)] {
        if count > 0 {
            metrics::counter!("peerline_sync_mutations_total", "outcome" => outcome)
                .increment(u64::try_from(count).unwrap_or(u64::MAX));
        }
    }
}
