//! The `peerline-server` command line (`api.md`, Server command line): `serve`, `create-team`,
//! `create-user`, `invite`, `deactivate-user`, `revoke-sessions` and `demo`, each with
//! `--database-url`.

use std::{
    io::{BufRead, Write},
    net::SocketAddr,
    path::PathBuf,
};

use clap::{Args, Parser, Subcommand, ValueEnum};
use uuid::Uuid;

use crate::{
    accounts::{
        self,
        invites::{self, Inviter},
        members, NewUser, Role,
    },
    db::Db,
    demo,
    erase::retention::DEFAULT_RETAIN_ENDED_DAYS,
    serve::{serve, ServeOptions},
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
            let outcome = demo::seed(&db, chrono::Utc::now()).await?;
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
