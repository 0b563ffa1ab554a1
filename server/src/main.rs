//! The `peerline-server` binary: parses the command line, sets up logging and runs
//! [`peerline_server::cli::run`]. Errors end the process with status 1 and one line on stderr.

use std::process::ExitCode;

use clap::Parser;
use peerline_server::cli::{run, Cli};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result: anyhow::Result<()> = run(cli, &mut std::io::stdin().lock(), &mut std::io::stdout())
        .await
        .map_err(anyhow::Error::from);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("peerline-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}
