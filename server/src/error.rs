//! The library's error type: what can go wrong below the HTTP layer.
//!
//! HTTP handlers turn these into the contract's error body through
//! [`crate::api::error::ApiError`]; the command line prints them on one line.

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused, failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Input that the caller can fix (unknown team, empty password, bad URL...).
    #[error("{0}")]
    InvalidInput(String),
    /// The thing to create exists already (a username, for example).
    #[error("{0}")]
    Conflict(String),
    /// A new password breaks the password rule (api.md: 12 to 128 characters, not the username).
    #[error("{0}")]
    WeakPassword(String),
    /// A new username is empty, too long or holds control characters.
    #[error("{0}")]
    InvalidUsername(String),
    /// Password hashing failed (should not happen with valid parameters).
    #[error("password hashing failed")]
    PasswordHash,
    /// Every password-hashing slot stayed taken for the whole wait
    /// ([`crate::password::PasswordHashing`]): nothing was judged; the client may retry.
    #[error("password hashing is at its bound")]
    HashingBusy,
    /// An I/O error outside the database (binding a socket, reading stdin).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Stored data could not be decoded (a broken row, never user input).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// The library's result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
