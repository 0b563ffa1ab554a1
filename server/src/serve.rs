//! `peerline-server serve`: bind, log the URL, run the retention pass at start and daily, serve
//! until Ctrl-C or SIGTERM.

use std::{net::SocketAddr, path::PathBuf};

use tokio::net::TcpListener;

use crate::{app::AppState, db::Db, erase::retention, router, Result};

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
}

/// Migrates the database and serves the application until a shutdown signal.
pub async fn serve(options: ServeOptions) -> Result<()> {
    let db = Db::connect_and_migrate(&options.database_url).await?;
    if !options.static_dir.is_dir() {
        tracing::warn!(
            "the static directory {} does not exist; only the API is served",
            options.static_dir.display()
        );
    }
    let listener = TcpListener::bind(options.addr).await?;
    let local_addr = listener.local_addr()?;
    tracing::info!("peerline-server listening on http://{local_addr}");
    let state = AppState::new(db.clone(), options.static_dir);
    let retention = retention::spawn(db.clone(), state.clock.clone(), options.retain_ended_days);
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    retention.abort();
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
