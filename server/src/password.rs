//! Password hashing with argon2id (the argon2 crate's defaults: OWASP's m=19 MiB, t=2, p=1).
//!
//! Hashing costs tens of milliseconds of CPU and 19 MiB of memory, so the async callers run it on
//! the blocking pool, and the server's handlers through [`PasswordHashing`], which bounds how many
//! run at once: a burst of logins from many addresses (which the per-address throttle does not
//! stop) then waits briefly or gets 503, instead of growing the blocking pool to hundreds of
//! threads holding 19 MiB each.

use std::{
    sync::{Arc, OnceLock},
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use argon2::{
    password_hash::{rand_core::OsRng, SaltString},
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
};

use crate::{accounts::username_key, Error, Result};

/// The fewest characters (Unicode scalar values) a new password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The most characters a new password may have (argon2 would take more; a bound keeps every
/// request's hashing cost the same).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The password rule of api.md, for every new password (command line, invites, password change):
/// 12 to 128 characters (Unicode scalar values, so `æøå` count one each) and not the username
/// (compared as login compares usernames: trimmed, case-insensitive). Otherwise
/// [`Error::WeakPassword`], whose message says which part failed.
pub fn check_rule(password: &str, username: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(Error::WeakPassword(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(Error::WeakPassword(format!(
            "the password must have at most {MAX_PASSWORD_CHARS} characters"
        )));
    }
    if username_key(password) == username_key(username) {
        return Err(Error::WeakPassword(
            "the password must not be the username".to_owned(),
        ));
    }
    Ok(())
}

/// Hashes `password` into a PHC string (`$argon2id$v=19$...`).
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| Error::PasswordHash)
}

/// Whether `password` matches the PHC string `stored`. A malformed `stored` never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the same work as a real verification; called for unknown usernames so that a wrong
/// username and a wrong password take the same time and cannot be told apart.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

/// The bound on password hashes running at once in the server, shared by the handlers that hash
/// or verify a password: login, password changes and accepting an invite. (The command line and
/// the demo make accounts through `accounts::create_user`, with a bound of their own.)
#[derive(Debug, Clone)]
pub struct PasswordHashing {
    permits: Arc<Semaphore>,
    at_once: u32,
    max_wait: Duration,
}

/// There was no room to hash within [`PasswordHashing`]'s wait: answer 503 and let the client
/// retry (the request was not judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingBusy;

impl From<HashingBusy> for Error {
    fn from(_: HashingBusy) -> Self {
        Error::HashingBusy
    }
}

impl PasswordHashing {
    /// At most `at_once` hashes at a time; a request waits up to `max_wait` for its turn.
    pub fn new(at_once: u32, max_wait: Duration) -> Self {
        let at_once = at_once.max(1);
        Self {
            permits: Arc::new(Semaphore::new(at_once as usize)),
            at_once,
            max_wait,
        }
    }

    /// The server's default: as many at once as the machine has cores (hashing is CPU-bound, so
    /// more would not finish sooner; 2 at least), each waiting up to 2 seconds.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::new(
            u32::try_from(cores).unwrap_or(2).max(2),
            Duration::from_secs(2),
        )
    }

    /// Whether `password` matches the PHC string `stored`; with no stored hash (an unknown
    /// username) the same work is spent against a dummy and the answer is false.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashingBusy> {
        self.run(move || match stored {
            Some(stored) => verify_password(&password, &stored),
            None => {
                verify_against_dummy(&password);
                false
            }
        })
        .await
    }

    /// [`hash_password`] within the bound.
    pub async fn hash(&self, password: String) -> Result<Result<String>, HashingBusy> {
        self.run(move || hash_password(&password)).await
    }

    /// Runs `work` on the blocking pool once a permit is free (waiting at most `max_wait`).
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingBusy> {
        let permit = tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| HashingBusy)?
            .map_err(|_| HashingBusy)?;
        let outcome = tokio::task::spawn_blocking(move || {
            let outcome = work();
            drop(permit);
            outcome
        })
        .await;
        // The work panicked (it does not): treat it as no answer rather than a crash.
        outcome.map_err(|_| HashingBusy)
    }

    /// Waits for every permit and holds them until the returned permit is dropped: the state of
    /// a server that is hashing as much as it may, for tests of what the next request gets.
    pub async fn occupy_all(&self) -> Option<OwnedSemaphorePermit> {
        self.permits
            .clone()
            .acquire_many_owned(self.at_once)
            .await
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_counts_characters_and_refuses_the_username() {
        let cases: [(&str, &str, bool); 10] = [
            ("elleve tegn", "ola", false),
            ("tolv tegn ok", "ola", true),
            ("æøåæøåæøåæø", "ola", false),
            ("æøåæøåæøåæøå", "ola", true),
            (&"x".repeat(128), "ola", true),
            (&"x".repeat(129), "ola", false),
            (&"ø".repeat(128), "ola", true),
            ("ola.nordmann", "Ola.Nordmann", false),
            (" OLA.NORDMANN ", "ola.nordmann", false),
            ("ola.nordmann!", "ola.nordmann", true),
        ];
        for (password, username, allowed) in cases {
            let result = check_rule(password, username);
            assert_eq!(result.is_ok(), allowed, "{password:?} for {username:?}");
            if let Err(error) = result {
                assert!(matches!(error, Error::WeakPassword(_)), "{error:?}");
            }
        }
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse ", &hash));
        assert!(!verify_password("correct horse", "not a phc string"));
    }
}
