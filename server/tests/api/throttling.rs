//! Login throttling under bursts (issue 17): attempts are counted before they are judged, so
//! requests sent at once get no more judgements than the limits allow, on SQLite and PostgreSQL,
//! with one server or two on the same database; and password hashing has a bound, past which a
//! login gets 503 without being judged or counted.

use std::{collections::BTreeMap, net::SocketAddr, time::Duration};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Method, Request, StatusCode},
    Router,
};
use peerline_server::{accounts::Role, db::Db, password::PasswordHashing, router, AppState};
use serde_json::json;
use tower::ServiceExt;

use super::support::{for_each_backend, TestApp, TestDb, TestResponse};

const RIGHT: &str = "right password";

/// A login from `peer` (an IPv4 address or a bracketed IPv6 one; port 40000), with
/// `X-Forwarded-For: forwarded` if given.
pub(crate) fn login_request(
    peer: &str,
    forwarded: Option<&str>,
    username: &str,
    password: &str,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request
        .body(Body::from(
            json!({"username": username, "password": password}).to_string(),
        ))
        .unwrap();
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

fn login_from(address: &str, username: &str, password: &str) -> Request<Body> {
    login_request(address, None, username, password)
}

/// Sends every request at once, each to the router beside it; how many got each status.
async fn burst(requests: Vec<(Router, Request<Body>)>) -> BTreeMap<u16, usize> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(router, request)| tokio::spawn(router.oneshot(request)))
        .collect();
    let mut tally = BTreeMap::new();
    for task in tasks {
        let response = task.await.unwrap().unwrap();
        *tally.entry(response.status().as_u16()).or_default() += 1;
    }
    tally
}

/// A bound on hashing that makes every login wait its turn rather than get 503: these tests count
/// judgements, and on a busy machine twenty hashes in a queue of two can take seconds.
fn patient_hashing() -> PasswordHashing {
    PasswordHashing::new(2, Duration::from_secs(120))
}

/// A second server (its own pool and router) on the test's database, with the test's clock.
async fn second_server(app: &TestApp) -> (Db, Router) {
    let db = Db::connect(&app.test_db.url).await.unwrap();
    let state = AppState::new(db.clone(), app.static_dir.path())
        .with_clock(app.clock.clone())
        .with_password_hashing(patient_hashing());
    (db, router(state))
}

/// `count` wrong passwords at once, against one server or alternating between two, and the
/// expected number of judgements (401); the rest must be 429.
async fn check_burst(two_servers: bool, same_username: bool, count: usize, judged: usize) {
    for_each_backend(|test_db| async move {
        let app = TestApp::configured(test_db, |state| {
            state.with_password_hashing(patient_hashing())
        });
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", RIGHT).await;
        let (second_db, second) = second_server(&app).await;
        let requests = (0..count)
            .map(|index| {
                let target = if two_servers && index % 2 == 1 {
                    second.clone()
                } else {
                    app.router.clone()
                };
                let username = if same_username {
                    "ola".to_owned()
                } else {
                    format!("guess{index}")
                };
                (target, login_from("203.0.113.7", &username, "wrong"))
            })
            .collect();
        let tally = burst(requests).await;
        let label = app.test_db.label;
        let expected = BTreeMap::from([(401, judged), (429, count - judged)]);
        assert_eq!(
            tally, expected,
            "{label}: two servers {two_servers}, same username {same_username}"
        );
        // The username (or address) is locked now, the right password included, on both servers.
        for target in [&app.router, &second] {
            let response = target
                .clone()
                .oneshot(login_from("203.0.113.7", "ola", RIGHT))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{label}");
        }
        second_db.close().await;
        app.into_db()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_wrong_passwords_at_once_get_five_judgements() {
    check_burst(false, true, 40, 5).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_usernames_at_once_from_one_address_get_twenty_judgements() {
    check_burst(false, false, 40, 20).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_share_the_count() {
    check_burst(true, true, 40, 5).await;
    check_burst(true, false, 40, 20).await;
}

async fn send(app: &TestApp, request: Request<Body>) -> TestResponse {
    app.send(request).await
}

#[tokio::test]
async fn successes_are_not_counted_and_failures_still_lock() {
    for_each_backend(|test_db| async move {
        let app = TestApp::new(test_db);
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", RIGHT).await;
        // Ten good logins in a row (a worker's phones, the e2e suite) lock nothing.
        for _ in 0..10 {
            let response = send(&app, login_from("203.0.113.7", "ola", RIGHT)).await;
            assert_eq!(response.status, StatusCode::OK);
        }
        for _ in 0..5 {
            send(&app, login_from("203.0.113.7", "ola", "wrong"))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        send(&app, login_from("203.0.113.7", "ola", RIGHT))
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        app.into_db()
    })
    .await;
}

/// A server that hashes at most two passwords at once, each waiting 50 ms at most for its turn,
/// with the worker "ola" (password [`RIGHT`]); and its bound, for tests to fill.
async fn with_two_hashes_at_once(test_db: TestDb) -> (TestApp, PasswordHashing) {
    let hashing = PasswordHashing::new(2, Duration::from_millis(50));
    let app = TestApp::configured(test_db, |state| {
        state.with_password_hashing(hashing.clone())
    });
    let team = app.team("Team").await;
    app.user(team, Role::Worker, "ola", RIGHT).await;
    (app, hashing)
}

#[tokio::test]
async fn past_the_bound_on_hashing_a_login_gets_503_unjudged_and_uncounted() {
    for_each_backend(|test_db| async move {
        let (app, hashing) = with_two_hashes_at_once(test_db).await;

        let held = hashing.occupy_all().await;
        for password in ["wrong", RIGHT, "wrong", "wrong", "wrong", "wrong", "wrong"] {
            let response = send(&app, login_from("203.0.113.7", "ola", password)).await;
            response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
            assert_eq!(response.header("retry-after"), Some("1"));
        }
        drop(held);

        // None of those seven was judged or counted: the username has its five failures left.
        for _ in 0..4 {
            send(&app, login_from("203.0.113.7", "ola", "wrong"))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        let response = send(&app, login_from("203.0.113.7", "ola", RIGHT)).await;
        assert_eq!(response.status, StatusCode::OK);
        app.into_db()
    })
    .await;
}

#[tokio::test]
async fn accepting_an_invite_is_hashed_within_the_same_bound() {
    use crate::api::accounts::invites::{accept, invite};

    for_each_backend(|test_db| async move {
        let (app, hashing) = with_two_hashes_at_once(test_db).await;
        let team = app.team("Invites").await;
        app.user(team, Role::Coordinator, "lead", RIGHT).await;
        let coordinator = app.login("lead", RIGHT).await;
        let code = invite(&app, &coordinator, "worker", "Nora Lie").await["code"]
            .as_str()
            .unwrap()
            .to_owned();

        let held = hashing.occupy_all().await;
        let response = accept(&app, &code, "nora", "a long enough password").await;
        response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
        assert_eq!(response.header("retry-after"), Some("1"));
        drop(held);

        // Unjudged: the invite is still pending and makes the account now.
        let response = accept(&app, &code, "nora", "a long enough password").await;
        assert_eq!(response.status, StatusCode::OK);
        app.login("nora", "a long enough password").await;
        app.into_db()
    })
    .await;
}

#[tokio::test]
async fn a_password_change_is_hashed_within_the_same_bound() {
    for_each_backend(|test_db| async move {
        let (app, hashing) = with_two_hashes_at_once(test_db).await;
        let token = app.login("ola", RIGHT).await;
        let change = |current: &str| json!({"current_password": current, "new_password": "a new long password"});

        let held = hashing.occupy_all().await;
        app.post_json("/api/v1/auth/password", Some(&token), &change(RIGHT))
            .await
            .assert_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
        drop(held);

        // Unjudged, so the old password still stands and changes now.
        let response = app
            .post_json("/api/v1/auth/password", Some(&token), &change(RIGHT))
            .await;
        assert_eq!(response.status, StatusCode::NO_CONTENT);
        app.login("ola", "a new long password").await;
        app.into_db()
    })
    .await;
}
