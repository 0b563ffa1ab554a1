//! `peerline-server serve`: bind, log the URL, run the retention pass at start and daily, serve
//! until Ctrl-C or SIGTERM; with `--metrics-addr`, also the Prometheus `/metrics` on that address
//! (see [`crate::metrics`]).
//!
//! The accept loop is our own (hyper's HTTP/1 connection builder, as `axum::serve` uses inside)
//! because `axum::serve` sets no timeouts: a client that sends its headers or its body a byte at a
//! time, or opens connections and sends nothing, would keep a connection and a task forever. Here
//! ([`ConnectionLimits`]):
//!
//! - a connection must deliver a request's headers within `header_timeout` of starting to wait
//!   for them (also between requests on a kept-alive connection), or hyper closes it;
//! - a request must be answered within `request_timeout`, the body's upload included (the body
//!   limit reads it inside), or it gets 408 `request_timeout` and the connection closes;
//! - at most `max_connections` are served at once; further ones wait in the kernel's accept queue
//!   until one ends, so a flood of idle sockets cannot exhaust file descriptors or memory.
//!
//! HTTP/1 only: browsers speak HTTP/2 only over TLS, which the reverse proxy in front terminates
//! (README, "Behind a reverse proxy"), and HTTP/1's header timeout is what a slow client meets.

use std::{future::Future, net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use axum::{
    body::Body,
    extract::{ConnectInfo, Request},
    middleware::{from_fn, Next},
    response::{IntoResponse, Response},
    Router,
};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

use crate::{
    api::{client_address::TrustedProxies, error::ApiError},
    app::AppState,
    db::{Db, DbOptions},
    erase::retention,
    metrics,
    public_url::PublicUrl,
    router, Result,
};

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// The database URL.
    pub database_url: String,
    /// The built PWA.
    pub static_dir: PathBuf,
    /// Retention of ended relationships, in days (see [`crate::erase::retention`]).
    pub retain_ended_days: u32,
    /// The database pool's options (its size).
    pub db_options: DbOptions,
    /// Where to serve `/metrics`; `None`: no metrics.
    pub metrics_addr: Option<SocketAddr>,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: TrustedProxies,
    /// Where users reach the server, if it differs from `addr`.
    pub public_url: Option<PublicUrl>,
    /// Timeouts and the connection bound.
    pub limits: ConnectionLimits,
}

/// How long a client may take, and how many may be connected at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// To deliver a request's headers once the server waits for them.
    pub header_timeout: Duration,
    /// From a request's headers to its answer, the body's upload included.
    pub request_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    /// 20 s for headers (a few hundred bytes, even on a poor mobile line), 60 s per request (a
    /// 1 MiB sync body at 150 kbit/s), 1,000 connections (under the usual limit of 1,024 open
    /// files, with room for the database's).
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(60),
            max_connections: 1000,
        }
    }
}

/// Migrates the database and serves the application until a shutdown signal.
pub async fn serve(options: ServeOptions) -> Result<()> {
    let db = Db::connect_and_migrate_with(&options.database_url, options.db_options).await?;
    if !options.static_dir.is_dir() {
        tracing::warn!(
            "the static directory {} does not exist; only the API is served",
            options.static_dir.display()
        );
    }
    if let Some(metrics_addr) = options.metrics_addr {
        let handle = metrics::install()?;
        let metrics_listener = TcpListener::bind(metrics_addr).await?;
        tracing::info!(
            "metrics at http://{}/metrics",
            metrics_listener.local_addr()?
        );
        let metrics_app = metrics::router(handle, db.clone());
        tokio::spawn(async move {
            let served = axum::serve(metrics_listener, metrics_app)
                .with_graceful_shutdown(shutdown_signal())
                .await;
            if let Err(error) = served {
                tracing::error!("the metrics listener stopped: {error}");
            }
        });
    }
    let listener = TcpListener::bind(options.addr).await?;
    let local_addr = listener.local_addr()?;
    tracing::info!("peerline-server listening on http://{local_addr}");
    if let Some(public_url) = &options.public_url {
        tracing::info!("public URL {public_url}");
    }
    let state = AppState::new(db.clone(), options.static_dir)
        .with_trusted_proxies(options.trusted_proxies)
        .with_public_url(options.public_url);
    let retention = retention::spawn(db.clone(), state.clock.clone(), options.retain_ended_days);
    serve_on(listener, router(state), options.limits, shutdown_signal()).await;
    retention.abort();
    db.close().await;
    tracing::info!("peerline-server stopped");
    Ok(())
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then lets the requests
/// in flight finish (at most `request_timeout`) and returns. Tests call this with a listener on a
/// free loopback port.
pub async fn serve_on(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let request_timeout = limits.request_timeout;
    let app = app.layer(from_fn(move |request: Request, next: Next| {
        answer_within(request_timeout, request, next)
    }));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept_within(&listener, &connections) => accepted,
        };
        let Some((permit, stream, peer)) = accepted else {
            continue;
        };
        let service = app
            .clone()
            .map_request(move |request: hyper::Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, "connection ended: {error}");
            }
            drop(permit);
        });
    }
    drop(listener);
    // Requests in flight get their answer; idle connections close at once.
    if tokio::time::timeout(request_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open at shutdown were dropped");
    }
}

/// Waits for room under the connection bound, then for a connection. `None` after a failed
/// accept (out of file descriptors, a connection reset before it was taken): the loop tries again
/// after a short pause rather than spinning.
async fn accept_within(
    listener: &TcpListener,
    connections: &Arc<Semaphore>,
) -> Option<(
    tokio::sync::OwnedSemaphorePermit,
    tokio::net::TcpStream,
    SocketAddr,
)> {
    let permit = connections.clone().acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => Some((permit, stream, peer)),
        Err(error) => {
            tracing::warn!("accept failed: {error}");
            tokio::time::sleep(Duration::from_millis(50)).await;
            None
        }
    }
}

/// 408 `request_timeout` when the request is not answered within `timeout`. Dropping the handler
/// rolls back any transaction it had open, so nothing half-done is acknowledged.
async fn answer_within(timeout: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::request_timeout().into_response(),
    }
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
