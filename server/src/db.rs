//! Connecting to the database and migrating it.
//!
//! # Why sqlx `Any`
//!
//! The server runs on SQLite (the embedded default) and on PostgreSQL with the same code: every
//! statement is written once, in the SQL both understand (`$1` parameters work in SQLite too,
//! `ON CONFLICT ... DO UPDATE` and `RETURNING` exist in both), and sent through sqlx's `Any`
//! driver, which picks the backend from the URL at run time. The price is `Any`'s small set of
//! types: ids are stored as `TEXT`, instants as `BIGINT` milliseconds since the Unix epoch, flags
//! as integers 0/1 and JSON as `TEXT`. That is a fair trade against writing every query twice (an
//! enum of two pools) or making every function generic over `sqlx::Database`, which buries the SQL
//! under trait bounds. The schema is one set of migrations in `server/migrations`, plain SQL that
//! both backends accept; should they ever need different SQL, the folder splits in two and
//! [`Db::migrate`] picks one by [`Backend`].
//!
//! SQLite is opened in WAL mode with `synchronous=FULL`, so a transaction that committed (and so an
//! acknowledged request) survives a process kill and a power cut; foreign keys are on.
//!
//! # One writer connection, queued here rather than in SQLite
//!
//! SQLite lets one connection write at a time. A connection that finds the write lock taken does
//! not wait in a queue: its busy handler sleeps and retries, backing off from 1 ms to 100 ms, so
//! under steady load a writer can lose the race several times and sleep for tens of milliseconds
//! after the lock came free (measured under the 1,000-worker load: about 3,000 such sleeps, 15 s
//! of sleeping, per minute, and single syncs of 0.4 to 1.5 s). So on SQLite every writing
//! transaction of this process goes through [`Db::begin_write`], which takes the one connection of
//! a separate writer pool (its waiters are served first come, first served) and opens the
//! transaction with `BEGIN IMMEDIATE`: the write lock is taken at once and never upgraded from a
//! read lock (an upgrade fails outright with `SQLITE_BUSY` when another write committed in
//! between). Readers use the main pool and never wait for the writer (WAL). The busy timeout stays,
//! for other processes on the same file (the command line's `create-user` while the server runs)
//! and the rare writes outside [`Db::begin_write`] (login throttling, account creation).
//! PostgreSQL locks rows itself: `begin_write` is its plain `BEGIN` on the main pool.

use std::{str::FromStr, time::Duration};

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    Any, AnyConnection, AnyPool, Connection, Executor, Transaction,
};

use crate::{Error, Result};

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (`sqlite://...`).
    Sqlite,
    /// A PostgreSQL server (`postgres://...` or `postgresql://...`).
    Postgres,
}

/// A connection pool to the server's database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    /// SQLite only: the pool of the one writing connection (see the module documentation).
    writer: Option<AnyPool>,
    backend: Backend,
}

/// A transaction that may write, from [`Db::begin_write`]; dropped without `commit`, it rolls back.
pub type WriteTransaction = Transaction<'static, Any>;

/// The pragmas every SQLite connection gets (see the module documentation).
///
/// `secure_delete` overwrites freed content with zeros, so an erased record's old fields do not
/// linger in the file's free space (domain.md, Data lifecycle: removed, not hidden). It costs no
/// page writes for the updates a sync makes (the zeros go into pages written anyway); only freed
/// whole pages get one more write.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA secure_delete = ON;";

impl Db {
    /// Connects to `url`, creating an SQLite file if missing. Does not migrate.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url),
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|_| Error::InvalidInput("the database URL is not valid".into()))?;
        // One plain connection first: an unreachable server then fails at once with its own error,
        // instead of the pool retrying until its acquire timeout.
        AnyConnection::connect_with(&options).await?.close().await?;
        let pool = pool_options(backend, pool_size(backend))
            .connect_with(options.clone())
            .await?;
        let writer = match backend {
            Backend::Sqlite => Some(pool_options(backend, 1).connect_with(options).await?),
            Backend::Postgres => None,
        };
        Ok(Self {
            pool,
            writer,
            backend,
        })
    }

    /// Connects to `url` and brings the schema up to date.
    pub async fn connect_and_migrate(url: &str) -> Result<Self> {
        let db = Self::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the migrations not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        Ok(())
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that may write. On SQLite it waits its turn for the writer connection
    /// and holds the write lock from the start (see the module documentation).
    pub async fn begin_write(&self) -> Result<WriteTransaction> {
        Ok(match &self.writer {
            Some(writer) => writer.begin_with("BEGIN IMMEDIATE").await?,
            None => self.pool.begin().await?,
        })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (waits for the ones in use).
    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.pool.close().await;
    }
}

fn backend_of(url: &str) -> Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(Error::InvalidInput(
            "the database URL must start with sqlite:// or postgres://".into(),
        ))
    }
}

/// Adds `mode=rwc` (read, write, create) unless the URL names a mode itself.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The options of a pool of at most `size` connections. SQLite connections get the pragmas, and
/// are not pinged before each use: a file does not drop a connection, and the ping would be one
/// more round trip to the connection's thread on every use.
fn pool_options(backend: Backend, size: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(10));
    match backend {
        Backend::Sqlite => options
            .test_before_acquire(false)
            .after_connect(|connection, _meta| {
                Box::pin(async move {
                    connection.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            }),
        Backend::Postgres => options,
    }
}

/// SQLite has one writer at a time (its own pool, above); a few connections serve concurrent reads. PostgreSQL gets
/// more, but stays well below its default limit of 100 so several servers and tests can share it.
fn pool_size(backend: Backend) -> u32 {
    match backend {
        Backend::Sqlite => 8,
        Backend::Postgres => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_by_scheme() {
        assert_eq!(backend_of("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            backend_of("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            backend_of("postgresql://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(backend_of("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_urls_create_the_file_unless_told_otherwise() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db"),
            "sqlite://a.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db?cache=shared"),
            "sqlite://a.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
    }
}
