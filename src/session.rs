//! Who is logged in on this phone: the bearer token and the user (id, role, team), kept in
//! localStorage under `peerline.session` so the app starts logged in and works offline.
//!
//! The session outlives its token: a 401 drops the token but keeps the user, because the outbox and
//! the records on the phone are that user's until they log out (which deletes them). Logging in as
//! someone else while another account's data is on the phone is refused, so one worker's records
//! never move into another's namespace. The first login as a worker moves what the phone wrote
//! before it into the user's namespace (`LocalStore::adopt_worker`).

use crate::io::{http, storage, tabs};
use crate::state::{App, STORAGE_PREFIX};
use leptos::prelude::*;
use peerline_store::KeyValue;
use serde_json::{json, Value};
use uuid::Uuid;

/// The session's key below the store's prefix. Under the same prefix, "delete all data" and
/// logging out remove it along with everything else.
const SESSION_KEY: &str = "session";
/// Where the coordinator's screens keep the figures they fetched (`team::model::Cache`), dropped
/// when the session ends. A worker's phone never has it.
pub(crate) const TEAM_CACHE_KEY: &str = "peerline.team";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Worker,
    Coordinator,
}

/// The `user` object of api.md (`POST /auth/login`, `GET /me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct User {
    pub(crate) id: Uuid,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) team_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    /// `None` after the server said 401: the user must log in again to sync.
    pub(crate) token: Option<String>,
    pub(crate) user: User,
}

// Read and written through `serde_json::Value` by hand: derived (de)serializers cost kilobytes of
// WASM for these two small objects.
fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

impl User {
    fn from_value(value: &Value) -> Option<User> {
        let role = match value.get("role")?.as_str()? {
            "worker" => Role::Worker,
            "coordinator" => Role::Coordinator,
            _ => return None,
        };
        Some(User {
            id: text(value, "id")?.parse().ok()?,
            username: text(value, "username")?,
            display_name: text(value, "display_name").unwrap_or_default(),
            role,
            team_id: text(value, "team_id")?.parse().ok()?,
        })
    }
}

impl Session {
    fn from_value(value: &Value) -> Option<Session> {
        Some(Session {
            token: text(value, "token"),
            user: User::from_value(value.get("user")?)?,
        })
    }

    fn to_value(&self) -> Value {
        let user = &self.user;
        let role = match user.role {
            Role::Worker => "worker",
            Role::Coordinator => "coordinator",
        };
        json!({
            "token": self.token,
            "user": {
                "id": user.id, "username": user.username, "display_name": user.display_name,
                "role": role, "team_id": user.team_id,
            },
        })
    }
}

/// How the server ended a session: the two 401s of api.md ("Added 2026-12-02"), a contract with
/// the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// `unauthorized`: the session is gone (expired, logged out elsewhere, a password change):
    /// keep the data and the outbox, ask for a login.
    Session,
    /// `account_disabled`: the account was deactivated: clear everything of it from the phone.
    Account,
}

/// Whether `reply` ended the session, and how. A 401 that judges a password
/// (`invalid_credentials`) ends nothing.
pub(crate) fn ended_by(reply: &http::Reply) -> Option<Ended> {
    if reply.status != 401 {
        return None;
    }
    match http::error_of(&reply.body) {
        Some((code, _)) if code == "account_disabled" => Some(Ended::Account),
        Some((code, _)) if code == "invalid_credentials" => None,
        _ => Some(Ended::Session),
    }
}

/// Set (below the store's prefix) once a deactivated account's data was cleared, so the fresh page
/// says why the phone is empty until the user has read it.
pub(crate) const DEACTIVATED_KEY: &str = "deactivated";

/// Why a login did not happen, for the login screen to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LoginError {
    /// 401 `invalid_credentials`: wrong username or password (the server does not say which).
    InvalidCredentials,
    /// 429 `too_many_attempts`: locked for this many minutes.
    TooManyAttempts(u64),
    /// No network.
    Offline,
    /// Anything else: a server error, an answer this app does not understand.
    Failed,
    /// The phone holds the data of another account (its display name).
    OtherAccount(String),
}

/// Reads the answer to `POST /auth/login`.
pub(crate) fn login_reply(reply: &http::Reply) -> Result<Session, LoginError> {
    match reply.status {
        200 => serde_json::from_str(&reply.body)
            .ok()
            .as_ref()
            .and_then(Session::from_value)
            .filter(|session| session.token.is_some())
            .ok_or(LoginError::Failed),
        401 => Err(LoginError::InvalidCredentials),
        429 => {
            let seconds = reply.retry_after.unwrap_or(15 * 60);
            Err(LoginError::TooManyAttempts(seconds.div_ceil(60).max(1)))
        }
        _ => Err(LoginError::Failed),
    }
}

/// Whether `user` may take this phone, holding `current`: `Ok(true)` when what the phone holds is
/// to move into the user's namespace (a worker; idempotent), `Ok(false)` when nothing moves (a
/// coordinator), and the other account's name when it is someone else's data.
pub(crate) fn arrival(current: Option<&Session>, user: &User) -> Result<bool, LoginError> {
    match current {
        Some(session) if session.user.id != user.id => {
            Err(LoginError::OtherAccount(session.user.display_name.clone()))
        }
        _ => Ok(user.role == Role::Worker),
    }
}

fn key() -> String {
    format!("{STORAGE_PREFIX}{SESSION_KEY}")
}

pub(crate) fn load(kv: &dyn KeyValue) -> Option<Session> {
    Session::from_value(&serde_json::from_str(&kv.get(&key())?).ok()?)
}

fn save(kv: &dyn KeyValue, session: Option<&Session>) {
    match session.map(|session| session.to_value().to_string()) {
        Some(text) => {
            let _ = kv.set(&key(), &text);
        }
        None => kv.remove(&key()),
    }
}

/// The session in Leptos, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct Account {
    session: RwSignal<Option<Session>>,
    /// Counts the 401s: the shell sends the user to the login screen when it changes.
    pub(crate) ended: RwSignal<u32>,
}

impl Account {
    /// Reads the session and follows other tabs' logins and logouts.
    pub(crate) fn start() -> Account {
        let account = Account {
            session: RwSignal::new(storage::with_storage(load)),
            ended: RwSignal::new(0),
        };
        storage::on_other_tab_change(STORAGE_PREFIX, move |key| {
            if key.is_some_and(|key| key != SESSION_KEY) {
                return;
            }
            let fresh = storage::with_storage(load);
            let user_of = |session: Option<&Session>| session.map(|s| s.user.id);
            if user_of(fresh.as_ref()) != account.session.with_untracked(|s| user_of(s.as_ref())) {
                // Another tab logged in or out: this tab's store was moved or deleted under it.
                tabs::reload();
            } else {
                account.session.set(fresh);
            }
        });
        account
    }

    /// The user logged in on this phone, even if their token has died (tracked).
    pub(crate) fn user(self) -> Option<User> {
        self.session
            .with(|session| session.as_ref().map(|s| s.user.clone()))
    }

    pub(crate) fn role(self) -> Option<Role> {
        self.session
            .with(|session| session.as_ref().map(|s| s.user.role))
    }

    pub(crate) fn is_coordinator(self) -> bool {
        self.role() == Some(Role::Coordinator)
    }

    /// The bearer token (tracked).
    pub(crate) fn token(self) -> Option<String> {
        self.session
            .with(|session| session.as_ref().and_then(|s| s.token.clone()))
    }

    /// `None` before any login, `Some(false)` when the server ended the session (tracked).
    pub(crate) fn signed_in(self) -> Option<bool> {
        self.session
            .with(|session| session.as_ref().map(|s| s.token.is_some()))
    }

    /// Takes a successful login: moves the phone's data into a worker's namespace first, then
    /// keeps the session. Refused when the phone holds another account's data.
    pub(crate) fn begin(self, app: App, session: Session) -> Result<(), LoginError> {
        let adopt = self
            .session
            .with_untracked(|current| arrival(current.as_ref(), &session.user))?;
        if adopt {
            app.store().update(|store| {
                storage::with_storage(|kv| store.adopt_worker(kv, session.user.id));
            });
        }
        storage::with_storage(|kv| save(kv, Some(&session)));
        self.session.set(Some(session));
        Ok(())
    }

    /// The server answered 401: forget the token, keep the user and everything on the phone,
    /// except a coordinator's kept figures (issue 13: not shown from the phone without a session).
    pub(crate) fn end_session(self) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        session.token = None;
        storage::with_storage(|kv| {
            save(kv, Some(&session));
            kv.remove(TEAM_CACHE_KEY);
        });
        self.session.set(Some(session));
        self.ended.update(|n| *n += 1);
    }

    /// Answers a 401: [`Ended::Session`] keeps everything ([`Account::end_session`]),
    /// [`Ended::Account`] clears it ([`Account::deactivated`]).
    pub(crate) fn ended(self, app: App, how: Ended) {
        match how {
            Ended::Session => self.end_session(),
            Ended::Account => self.deactivated(app),
        }
    }

    /// The server said the account was deactivated (401 `account_disabled`): everything of it
    /// leaves the phone at once (records, outbox, session, saved figures, the coordinator's cached
    /// summaries: every key under the prefix), then a fresh page says why. Other tabs follow
    /// through the session's storage event.
    pub(crate) fn deactivated(self, app: App) {
        app.delete_everything();
        storage::with_storage(|kv| {
            let _ = kv.set(&format!("{STORAGE_PREFIX}{DEACTIVATED_KEY}"), "1");
        });
        self.session.set(None);
        tabs::open("/");
    }

    /// Ends the session on the server (when it can be reached) and deletes everything on the
    /// phone: records, outbox, session, saved figures.
    pub(crate) async fn log_out(self, app: App) {
        if let Some(token) = self.token() {
            // Offline, the token stays valid on the server until it expires; the phone forgets it.
            let _ = http::send("POST", "/api/v1/auth/logout", Some(&token), None).await;
        }
        app.delete_everything();
        self.session.set(None);
    }
}

pub(crate) fn use_account() -> Account {
    expect_context::<Account>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerline_store::MemoryStorage;

    fn user(n: u128, role: Role) -> User {
        User {
            id: Uuid::from_u128(n),
            username: format!("user-{n}"),
            display_name: format!("User {n}"),
            role,
            team_id: Uuid::from_u128(9),
        }
    }

    fn reply(status: u16, body: &str, retry_after: Option<u64>) -> http::Reply {
        http::Reply {
            status,
            body: body.into(),
            retry_after,
        }
    }

    #[test]
    fn login_answers_become_a_session_or_a_reason() {
        let body = r#"{"token": "t0k", "user": {"id": "00000000-0000-0000-0000-000000000001",
            "username": "ingrid", "display_name": "Ingrid", "role": "coordinator",
            "team_id": "00000000-0000-0000-0000-000000000009"}}"#;
        let session = login_reply(&reply(200, body, None));
        assert_eq!(
            session.as_ref().map(|s| (s.token.as_deref(), s.user.role)),
            Ok((Some("t0k"), Role::Coordinator))
        );
        let error = r#"{"error": {"code": "invalid_credentials", "message": "no"}}"#;
        assert_eq!(
            login_reply(&reply(401, error, None)),
            Err(LoginError::InvalidCredentials)
        );
        assert_eq!(
            login_reply(&reply(429, "", Some(61))),
            Err(LoginError::TooManyAttempts(2))
        );
        assert_eq!(
            login_reply(&reply(429, "", None)),
            Err(LoginError::TooManyAttempts(15))
        );
        assert_eq!(
            login_reply(&reply(200, "{}", None)),
            Err(LoginError::Failed)
        );
        assert_eq!(login_reply(&reply(502, "", None)), Err(LoginError::Failed));
    }

    #[test]
    fn only_the_account_whose_data_it_is_may_take_the_phone() {
        let worker = user(1, Role::Worker);
        let coordinator = user(2, Role::Coordinator);
        assert_eq!(arrival(None, &worker), Ok(true));
        assert_eq!(arrival(None, &coordinator), Ok(false));
        let ended = Session {
            token: None,
            user: worker.clone(),
        };
        assert_eq!(arrival(Some(&ended), &worker), Ok(true));
        assert_eq!(
            arrival(Some(&ended), &coordinator),
            Err(LoginError::OtherAccount("User 1".into()))
        );
    }

    #[test]
    fn only_the_two_session_401s_end_a_session_and_one_clears_the_phone() {
        let error = |code: &str| format!(r#"{{"error": {{"code": "{code}", "message": "m"}}}}"#);
        let cases = [
            (401, error("unauthorized"), Some(Ended::Session)),
            (401, error("account_disabled"), Some(Ended::Account)),
            (401, "not json".to_owned(), Some(Ended::Session)),
            // A wrong current password (`POST /auth/password`) is judged, the session lives on.
            (401, error("invalid_credentials"), None),
            (403, error("account_disabled"), None),
            (204, String::new(), None),
        ];
        for (status, body, want) in cases {
            assert_eq!(
                ended_by(&reply(status, &body, None)),
                want,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn the_session_round_trips_through_storage() {
        let kv = MemoryStorage::default();
        assert_eq!(load(&kv), None);
        let session = Session {
            token: Some("t".into()),
            user: user(3, Role::Worker),
        };
        save(&kv, Some(&session));
        assert_eq!(load(&kv), Some(session));
        save(&kv, None);
        assert_eq!(load(&kv), None);
    }
}
