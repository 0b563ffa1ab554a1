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
//! for other processes on the same file (another server on it, the command line's `create-user`
//! while the server runs) and the rare writes outside [`Db::begin_write`] (account creation).
//! PostgreSQL locks rows itself: `begin_write` is its plain `BEGIN` on the main pool.
//!
//! # Several instances on one PostgreSQL database
//!
//! The server keeps no state of its own between requests (sessions, throttling, cursors and the
//! per-user change sequence are all rows), so any number of instances can serve one PostgreSQL
//! database. Three things are shared and decided here:
//!
//! - **Migrations** run at every start. sqlx's migrator takes a session-level advisory lock
//!   (`pg_advisory_lock`, keyed by the database's name) around the whole run, so instances that
//!   start together apply each migration once, one after the other; the later ones find everything
//!   applied. `server/tests/api/instances.rs` starts several pools migrating one fresh database at
//!   once. (CockroachDB speaks PostgreSQL's protocol but has no advisory locks, as sqlx's
//!   `Migrator::set_locking` notes: there, start one instance first and the others once it
//!   listens.)
//! - **Connections**: each instance opens up to its pool size ([`DbOptions::pool_size`], `serve
//!   --db-pool-size`), and all of them together must stay below PostgreSQL's `max_connections`.
//! - **Locks without rows**: where a transaction must read and then write about something that
//!   has no row to lock (login throttling counts a username's attempts), [`Db::lock_keys`]
//!   serialises it on both databases (a transaction-scoped advisory lock on PostgreSQL).

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

/// How to open a [`Db`]; `Default` is what the command line uses without flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DbOptions {
    /// Connections of the main pool; `None`: 8 on SQLite (readers beside the one writer), 10 on
    /// PostgreSQL (see [`DEFAULT_POSTGRES_POOL_SIZE`]).
    pub pool_size: Option<u32>,
}

/// PostgreSQL's default pool size: well below PostgreSQL's default `max_connections` of 100, so
/// several instances and the tests can share one server.
pub const DEFAULT_POSTGRES_POOL_SIZE: u32 = 10;

/// What a pool holds right now, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// The most connections it may open.
    pub max: u32,
    /// Connections open now (in use or idle).
    pub open: u32,
    /// Open and idle.
    pub idle: u32,
}

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
        Self::connect_with(url, DbOptions::default()).await
    }

    /// [`Db::connect`] with options.
    pub async fn connect_with(url: &str, db_options: DbOptions) -> Result<Self> {
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
        let size = db_options.pool_size.unwrap_or_else(|| pool_size(backend));
        if size == 0 {
            return Err(Error::InvalidInput(
                "the pool size must be at least 1".into(),
            ));
        }
        let pool = pool_options(backend, size)
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
        Self::connect_and_migrate_with(url, DbOptions::default()).await
    }

    /// [`Db::connect_and_migrate`] with options.
    pub async fn connect_and_migrate_with(url: &str, db_options: DbOptions) -> Result<Self> {
        let db = Self::connect_with(url, db_options).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the migrations not yet applied. On PostgreSQL under an advisory lock, so instances
    /// starting at once do not race (see the module documentation).
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

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The main pool's connections now (SQLite's writer connection is not counted).
    pub fn pool_use(&self) -> PoolUse {
        PoolUse {
            max: self.pool.options().get_max_connections(),
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
        }
    }

    /// Makes every other transaction that calls this with one of the same `keys` wait until
    /// `transaction` ends, so that what it reads and then writes about those keys cannot
    /// interleave with theirs, in this process or any other on the same database.
    ///
    /// On SQLite a writing transaction holds the database's one write lock from its start
    /// (`BEGIN IMMEDIATE`, see the module documentation), which serialises it with every other
    /// writer already: nothing to add. On PostgreSQL each key becomes a transaction-scoped advisory
    /// lock (a 64-bit number from the key's SHA-256), taken in ascending order so that two
    /// transactions never wait for each other in a circle; they are released at commit or
    /// rollback. Rows cannot serve here: the keys (a username, an address) need not have one.
    pub async fn lock_keys(
        &self,
        transaction: &mut WriteTransaction,
        keys: &[String],
    ) -> Result<()> {
        if self.backend == Backend::Sqlite {
            return Ok(());
        }
        let mut numbers: Vec<i64> = keys.iter().map(|key| advisory_lock_number(key)).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for number in numbers {
            // Selected through a subquery: the function returns `void`, a type the Any driver
            // cannot carry in a row.
            sqlx::query("SELECT COUNT(*) AS taken FROM (SELECT pg_advisory_xact_lock($1)) AS held")
                .bind(number)
                .fetch_one(&mut **transaction)
                .await?;
        }
        Ok(())
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

/// A PostgreSQL `url` with its database name (the path after the host) replaced by `name`: how
/// the tests and tools reach the throwaway databases they create from an admin URL.
pub fn url_with_database(url: &str, name: &str) -> String {
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let scheme_end = address.find("://").map_or(0, |index| index + 3);
    let host_end = address[scheme_end..]
        .find('/')
        .map_or(address.len(), |index| scheme_end + index);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{name}{query}", &address[..host_end])
}

/// Creates the empty database `name` on the PostgreSQL server of `admin_url` (a URL whose user may
/// create databases) and returns its URL: for the tests and tools that make throwaway databases.
/// `name` must be lowercase ASCII letters, digits and underscores (it is spliced into the SQL).
pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<String> {
    postgres_admin(admin_url, &format!("CREATE DATABASE {}", identifier(name)?)).await?;
    Ok(url_with_database(admin_url, name))
}

/// Drops the database `name` of [`create_postgres_database`], closing its connections.
pub async fn drop_postgres_database(admin_url: &str, name: &str) -> Result<()> {
    let statement = format!("DROP DATABASE {} WITH (FORCE)", identifier(name)?);
    postgres_admin(admin_url, &statement).await
}

fn identifier(name: &str) -> Result<&str> {
    let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if !name.is_empty() && name.chars().all(plain) {
        Ok(name)
    } else {
        Err(Error::InvalidInput(format!(
            "{name:?} is not a plain database name"
        )))
    }
}

async fn postgres_admin(admin_url: &str, statement: &str) -> Result<()> {
    let mut connection = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(statement).execute(&mut connection).await?;
    connection.close().await?;
    Ok(())
}

/// The advisory lock number of `key`: the first 8 bytes of its SHA-256.
fn advisory_lock_number(key: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
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

/// SQLite has one writer at a time (its own pool, above); a few connections serve concurrent
/// reads. PostgreSQL gets more, but stays well below its default limit of 100 so several servers
/// and tests can share it.
fn pool_size(backend: Backend) -> u32 {
    match backend {
        Backend::Sqlite => 8,
        Backend::Postgres => DEFAULT_POSTGRES_POOL_SIZE,
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
