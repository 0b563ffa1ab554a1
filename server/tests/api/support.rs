//! Test support: a fresh database per test on every configured backend, an app with a manual clock
//! and a static directory, and request helpers.
//!
//! Every database test calls [`for_each_backend`], which runs the test body once on a new SQLite
//! file and once more on a new PostgreSQL database when `PEERLINE_TEST_POSTGRES_URL` (an admin URL
//! such as `postgres://postgres@127.0.0.1:55432/postgres`) is set; the database is dropped when the
//! body returns.

use std::future::Future;

use axum::{
    body::Body,
    http::{header, HeaderMap, Method, Request, StatusCode},
    Router,
};
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use peerline_server::{
    accounts::{self, NewUser, Role},
    clock::ManualClock,
    db::Db,
    router, AppState,
};
use serde_json::Value;
use sqlx::Connection;
use tempfile::TempDir;
use tower::ServiceExt;
use uuid::Uuid;

/// The instant every test's clock starts at.
pub(crate) fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0).unwrap()
}

/// A database made for one test.
pub(crate) struct TestDb {
    pub(crate) db: Db,
    pub(crate) label: &'static str,
    /// The URL the database was opened with, for a second pool on it (a second server).
    pub(crate) url: String,
    _sqlite_dir: Option<TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = TempDir::new().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        TestDb {
            db: Db::connect_and_migrate(&url).await.unwrap(),
            label: "sqlite",
            url,
            _sqlite_dir: Some(dir),
            postgres: None,
        }
    }

    async fn postgres(admin_url: &str) -> TestDb {
        let name = format!("peerline_test_{}", Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        let url = with_database(admin_url, &name);
        TestDb {
            db: Db::connect_and_migrate(&url).await.unwrap(),
            label: "postgres",
            url,
            _sqlite_dir: None,
            postgres: Some((admin_url.to_owned(), name)),
        }
    }

    /// The SQLite file, on the SQLite backend.
    pub(crate) fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self._sqlite_dir
            .as_ref()
            .map(|dir| dir.path().join("test.db"))
    }

    async fn drop_database(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.postgres {
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .execute(&mut admin)
                .await
                .unwrap();
        }
    }
}

/// `url` with its database name (the path after the host) replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    peerline_server::db::url_with_database(url, name)
}

/// Runs `test` on a fresh database of every configured backend.
pub(crate) async fn for_each_backend<F, Fut>(test: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = TestDb>,
{
    let db = TestDb::sqlite().await;
    eprintln!("running on {}", db.label);
    test(db).await.drop_database().await;
    if let Ok(admin_url) = std::env::var("PEERLINE_TEST_POSTGRES_URL") {
        let db = TestDb::postgres(&admin_url).await;
        eprintln!("running on {}", db.label);
        test(db).await.drop_database().await;
    }
}

/// Runs `test` with a [`TestApp`] on a fresh database of every configured backend.
pub(crate) async fn for_each_app<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = TestApp>,
{
    for_each_backend(|db| {
        let app = TestApp::new(db);
        let run = test(app);
        async move { run.await.into_db() }
    })
    .await;
}

/// The application over a test database, with a manual clock and a static directory.
pub(crate) struct TestApp {
    pub(crate) router: Router,
    pub(crate) clock: ManualClock,
    pub(crate) static_dir: TempDir,
    pub(crate) test_db: TestDb,
}

/// A response, read whole.
pub(crate) struct TestResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The header's value as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts the status and the contract's error body with `code`.
    #[track_caller]
    pub(crate) fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "body: {body}");
        assert!(body["error"]["message"].is_string(), "body: {body}");
        assert_eq!(body.as_object().unwrap().len(), 1, "body: {body}");
    }
}

impl TestApp {
    pub(crate) fn new(test_db: TestDb) -> TestApp {
        Self::configured(test_db, |state| state)
    }

    /// The application with its state changed by `configure` (trusted proxies, a public URL...).
    pub(crate) fn configured(
        test_db: TestDb,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> TestApp {
        let clock = ManualClock::new(start_time());
        let static_dir = TempDir::new().unwrap();
        let state = AppState::new(test_db.db.clone(), static_dir.path()).with_clock(clock.clone());
        let state = configure(state);
        TestApp {
            router: router(state),
            clock,
            static_dir,
            test_db,
        }
    }

    pub(crate) fn into_db(self) -> TestDb {
        self.test_db
    }

    pub(crate) fn db(&self) -> &Db {
        &self.test_db.db
    }

    /// Sends a request through the router.
    pub(crate) async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// Sends `method path` with an optional bearer token and an optional raw body.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map_or_else(Body::empty, Body::from);
        self.send(request.body(body).unwrap()).await
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::GET, path, token, None).await
    }

    pub(crate) async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> TestResponse {
        self.call(
            Method::POST,
            path,
            token,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    /// Creates a team; returns its id.
    pub(crate) async fn team(&self, name: &str) -> Uuid {
        accounts::create_team(self.db(), name, start_time())
            .await
            .unwrap()
    }

    /// Creates a user in `team` with password `password`; returns its id.
    pub(crate) async fn user(
        &self,
        team: Uuid,
        role: Role,
        username: &str,
        password: &str,
    ) -> Uuid {
        let new_user = NewUser {
            team_id: team,
            role,
            username: username.to_owned(),
            display_name: format!("{username} display"),
            password: password.to_owned(),
        };
        accounts::create_user(self.db(), new_user, start_time())
            .await
            .unwrap()
    }

    /// Logs in; returns the token.
    pub(crate) async fn login(&self, username: &str, password: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/auth/login",
                None,
                &serde_json::json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "login of {username} failed"
        );
        response.json()["token"].as_str().unwrap().to_owned()
    }

    /// A worker in a new team, logged in: (user id, token).
    pub(crate) async fn worker(&self, username: &str) -> (Uuid, String) {
        let team = self.team(&format!("team of {username}")).await;
        let id = self
            .user(team, Role::Worker, username, "worker password")
            .await;
        (id, self.login(username, "worker password").await)
    }

    /// Counts the rows of `table`.
    pub(crate) async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(self.db().pool())
            .await
            .unwrap()
            .get("n")
    }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:55432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:55432/t1"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "t1"),
        "postgres://u:p@h/t1?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "t1"),
        "postgres://h:5432/t1"
    );
}
