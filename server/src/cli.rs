//! The `peerline-server` command line (`api.md`, Server command line): `serve`, `create-team`,
//! `create-user`, `invite`, `deactivate-user`, `revoke-sessions` and `demo`, each with
//! `--database-url`.

use std::{
    io::{BufRead, Write},
    net::SocketAddr,
    path::PathBuf,
    time::Duration,
};

use clap::{Args, Parser, Subcommand, ValueEnum};
use ipnet::IpNet;
use uuid::Uuid;

use crate::{
    accounts::{
        self,
        invites::{self, Inviter},
        members, NewUser, Role,
    },
    api::client_address::TrustedProxies,
    db::{Db, DbOptions},
    demo,
    erase::retention::DEFAULT_RETAIN_ENDED_DAYS,
    public_url::PublicUrl,
    serve::{serve, ConnectionLimits, ServeOptions},
    Error, Result,
};

/// Peerline's server: the API, sync, and the PWA's static files.
#[derive(Debug, Parser)]
#[command(name = "peerline-server", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built PWA and the API.
    Serve(ServeArgs),
    /// Create a team and print its id.
    CreateTeam(CreateTeamArgs),
    /// Create a user (password read from standard input, one line) and print its id.
    CreateUser(CreateUserArgs),
    /// Invite someone to a team and print the one-time code (valid 7 days).
    Invite(InviteArgs),
    /// Deactivate an account: it can no longer log in and every session of it ends.
    DeactivateUser(UsernameArgs),
    /// End every session of an account (its devices keep their data and ask for a login).
    RevokeSessions(UsernameArgs),
    /// Seed a demo team (a coordinator, two workers with records) and print the credentials.
    /// Refuses a database that holds other teams unless `--force`.
    Demo(DemoArgs),
}

/// The database every subcommand works on.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// `sqlite://PATH` (relative to the working directory; `sqlite:///abs/path.db` absolute;
    /// created if missing) or `postgres://...`.
    #[arg(
        long,
        env = "PEERLINE_DATABASE_URL",
        default_value = "sqlite://peerline.db"
    )]
    pub database_url: String,
}

/// `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "PEERLINE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The built PWA (Trunk's output).
    #[arg(long, default_value = "dist")]
    pub static_dir: PathBuf,
    /// Most database connections this instance opens (default: 10 on PostgreSQL, 8 readers
    /// beside one writer on SQLite). With several instances on one PostgreSQL, their sum must stay
    /// below the server's `max_connections`.
    #[arg(long, env = "PEERLINE_DB_POOL_SIZE", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_pool_size: Option<u32>,
    /// Serve Prometheus metrics at http://ADDR/metrics (off when absent). Keep it off the public
    /// network: loopback or an internal address.
    #[arg(long, env = "PEERLINE_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// A reverse proxy whose `X-Forwarded-For` is believed: an address or a CIDR network
    /// (`127.0.0.1`, `10.0.0.0/8`); repeat for several. Without it the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "PEERLINE_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = TrustedProxies::parse_network
    )]
    pub trusted_proxies: Vec<IpNet>,
    /// Where users reach the server, when a proxy is in front (`https://peerline.example.no`).
    /// An `https://` URL turns on HSTS.
    #[arg(long, env = "PEERLINE_PUBLIC_URL")]
    pub public_url: Option<PublicUrl>,
    /// Seconds a connection may take to send a request's headers.
    #[arg(long, default_value_t = ConnectionLimits::default().header_timeout.as_secs())]
    pub header_timeout_seconds: u64,
    /// Seconds a request may take, from its headers to its answer (the body's upload included).
    #[arg(long, default_value_t = ConnectionLimits::default().request_timeout.as_secs())]
    pub request_timeout_seconds: u64,
    /// Connections served at once; more wait until one ends.
    #[arg(long, default_value_t = ConnectionLimits::default().max_connections)]
    pub max_connections: usize,
    /// Erase the logs, agenda items and notes of a relationship ended longer ago than this many
    /// days (checked at start and once a day).
    #[arg(
        long,
        env = "PEERLINE_RETAIN_ENDED_DAYS",
        default_value_t = DEFAULT_RETAIN_ENDED_DAYS,
        value_parser = clap::value_parser!(u32).range(0..=36_500)
    )]
    pub retain_ended_days: u32,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseArgs,
}

/// `create-team`.
#[derive(Debug, Args)]
pub struct CreateTeamArgs {
    /// The team's name.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseArgs,
}

/// `create-user`: an invite's arguments and the username.
#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub account: InviteArgs,
    /// The login name.
    #[arg(long)]
    pub username: String,
}

/// `invite` (and the account of `create-user`).
#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The team's id.
    #[arg(long)]
    pub team: Uuid,
    /// The account's role.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The name others see.
    #[arg(long)]
    pub display_name: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseArgs,
}

/// `deactivate-user` and `revoke-sessions`.
#[derive(Debug, Args)]
pub struct UsernameArgs {
    /// The account's username (matched as login matches it).
    #[arg(long)]
    pub username: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseArgs,
}

/// `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed even into a database that holds other teams. The demo accounts have a published
    /// password: never on a database with real users.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseArgs,
}

/// The roles as the command line spells them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// A peer recovery worker.
    Worker,
    /// A program coordinator.
    Coordinator,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Worker => Self::Worker,
            RoleArg::Coordinator => Self::Coordinator,
        }
    }
}

/// Runs a parsed command line; `input` is where `create-user` reads the password, `output` where
/// ids and credentials are printed.
pub async fn run(cli: Cli, input: &mut impl BufRead, output: &mut impl Write) -> Result<()> {
    match cli.command {
        Command::Serve(args) => {
            serve(ServeOptions {
                addr: args.addr,
                database_url: args.database.database_url,
                static_dir: args.static_dir,
                db_options: DbOptions {
                    pool_size: args.db_pool_size,
                },
                metrics_addr: args.metrics_addr,
                trusted_proxies: TrustedProxies::new(args.trusted_proxies),
                public_url: args.public_url,
                limits: ConnectionLimits {
                    header_timeout: Duration::from_secs(args.header_timeout_seconds),
                    request_timeout: Duration::from_secs(args.request_timeout_seconds),
                    max_connections: args.max_connections,
                },
                retain_ended_days: args.retain_ended_days,
            })
            .await
        }
        Command::Invite(args) => {
            let db = Db::connect_and_migrate(&args.database.database_url).await?;
            let inviter = Inviter::CommandLine { team_id: args.team };
            let created = invites::create(
                &db,
                inviter,
                args.role.into(),
                &args.display_name,
                chrono::Utc::now(),
            )
            .await;
            db.close().await;
            writeln!(output, "{}", created?.code)?;
            Ok(())
        }
        Command::DeactivateUser(args) => {
            let db = Db::connect_and_migrate(&args.database.database_url).await?;
            let deactivated =
                members::deactivate_by_username(&db, &args.username, chrono::Utc::now()).await;
            db.close().await;
            let (user, ended) = deactivated?;
            writeln!(
                output,
                "deactivated {} ({}); {ended} sessions ended",
                user.username, user.id
            )?;
            Ok(())
        }
        Command::RevokeSessions(args) => {
            let db = Db::connect_and_migrate(&args.database.database_url).await?;
            let revoked = members::revoke_sessions_by_username(&db, &args.username).await;
            db.close().await;
            let (user, ended) = revoked?;
            writeln!(output, "{ended} sessions of {} ended", user.username)?;
            Ok(())
        }
        Command::CreateTeam(args) => {
            let db = Db::connect_and_migrate(&args.database.database_url).await?;
            let id = accounts::create_team(&db, &args.name, chrono::Utc::now()).await?;
            writeln!(output, "{id}")?;
            db.close().await;
            Ok(())
        }
        Command::CreateUser(args) => {
            let password = read_password(input)?;
            let account = args.account;
            let db = Db::connect_and_migrate(&account.database.database_url).await?;
            let new_user = NewUser {
                team_id: account.team,
                role: account.role.into(),
                username: args.username,
                display_name: account.display_name,
                password,
            };
            let id = accounts::create_user(&db, new_user, chrono::Utc::now()).await?;
            writeln!(output, "{id}")?;
            db.close().await;
            Ok(())
        }
        Command::Demo(args) => {
            let db = Db::connect_and_migrate(&args.database.database_url).await?;
            let other_teams = if args.force {
                demo::OtherTeams::Allow
            } else {
                demo::OtherTeams::Refuse
            };
            let outcome = demo::seed_with(&db, chrono::Utc::now(), other_teams).await;
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(error) => {
                    db.close().await;
                    return Err(error);
                }
            };
            db.close().await;
            if !outcome.created {
                writeln!(output, "The demo team exists already; nothing was changed.")?;
            }
            for line in demo::credentials() {
                writeln!(output, "{line}")?;
            }
            if let Some(path) = outcome.share_path {
                writeln!(
                    output,
                    "Marius's share link (service user of demo-worker-1): {path}"
                )?;
            }
            if let Some(path) = outcome.invite_path {
                writeln!(
                    output,
                    "A pending invite for {} (a new worker), valid 7 days: {path}",
                    demo::INVITED_NAME
                )?;
            }
            Ok(())
        }
    }
}

/// One line of `input`, without its line ending (`\n` or `\r\n`).
fn read_password(input: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    let password = line
        .strip_suffix('\n')
        .map(|rest| rest.strip_suffix('\r').unwrap_or(rest))
        .unwrap_or(&line);
    if password.is_empty() {
        return Err(Error::InvalidInput(
            "the password is empty (it is read from standard input, one line)".into(),
        ));
    }
    Ok(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_one_line_without_its_newline() {
        let read = |text: &str| read_password(&mut text.as_bytes()).ok();
        assert_eq!(read("secret\n").as_deref(), Some("secret"));
        assert_eq!(read("secret\r\nmore\n").as_deref(), Some("secret"));
        assert_eq!(read(" spaced out \n").as_deref(), Some(" spaced out "));
        assert_eq!(read("no newline").as_deref(), Some("no newline"));
        assert_eq!(read("\n"), None);
        assert_eq!(read(""), None);
    }
}
