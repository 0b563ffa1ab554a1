//! `peerline-server serve`: bind, log the URL, serve until Ctrl-C or SIGTERM; with
//! `--metrics-addr`, also the Prometheus `/metrics` on that address (see [`crate::metrics`]).

use std::{net::SocketAddr, path::PathBuf};

use tokio::net::TcpListener;

use crate::{
    app::AppState,
    db::{Db, DbOptions},
    metrics, router, Result,
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
    /// The database pool's options (its size).
    pub db_options: DbOptions,
    /// Where to serve `/metrics`; `None`: no metrics.
    pub metrics_addr: Option<SocketAddr>,
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
    let app = router(AppState::new(db.clone(), options.static_dir));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    db.close().await;
    tracing::info!("peerline-server stopped");
    Ok(())
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
