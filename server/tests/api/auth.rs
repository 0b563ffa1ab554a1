//! Accounts, login, sessions and throttling (`api.md`, Auth).

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use chrono::Duration;
use peerline_server::{
    accounts::{self, NewUser, Role},
    router, tokens, AppState, Error,
};
use serde_json::{json, Value};
use sqlx::Row;

use super::support::{for_each_app, start_time, TestApp, TestResponse};
use super::throttling::login_request;

async fn attempt(app: &TestApp, username: &str, password: &str) -> TestResponse {
    app.post_json(
        "/api/v1/auth/login",
        None,
        &json!({"username": username, "password": password}),
    )
    .await
}

async fn attempt_from(
    app: &TestApp,
    address: &str,
    username: &str,
    password: &str,
) -> TestResponse {
    app.send(login_request(address, None, username, password))
        .await
}

#[tokio::test]
async fn login_returns_a_token_and_the_user() {
    for_each_app(|app| async move {
        let team = app.team("Team Oslo").await;
        let id = app
            .user(team, Role::Worker, "Kari", "s3cret passphrase")
            .await;
        let response = attempt(&app, "kari", "s3cret passphrase").await;
        assert_eq!(response.status, StatusCode::OK);
        let body = response.json();
        let token = body["token"].as_str().unwrap();
        assert_eq!(token.len(), 43);
        assert_eq!(
            body["user"],
            json!({"id": id.to_string(), "username": "Kari", "display_name": "Kari display",
                   "role": "worker", "team_id": team.to_string()})
        );
        let me = app.get("/api/v1/me", Some(token)).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json(), body["user"]);
        app
    })
    .await;
}

#[tokio::test]
async fn wrong_username_and_wrong_password_look_the_same() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Coordinator, "lead", "right password")
            .await;
        let wrong_password = attempt(&app, "lead", "wrong password").await;
        let wrong_username = attempt(&app, "nobody", "right password").await;
        wrong_password.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        assert_eq!(wrong_password.json(), wrong_username.json());
        app
    })
    .await;
}

#[tokio::test]
async fn missing_malformed_and_unknown_tokens_are_401() {
    for_each_app(|app| async move {
        app.get("/api/v1/me", None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.get("/api/v1/me", Some(&tokens::new_token()))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        for authorization in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "token"] {
            let request = Request::builder()
                .uri("/api/v1/me")
                .header(header::AUTHORIZATION, authorization)
                .body(Body::empty())
                .unwrap();
            app.send(request)
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn logout_kills_the_token_only() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let other_token = app.login("ola", "worker password").await;
        let response = app
            .call(Method::POST, "/api/v1/auth/logout", Some(&token), None)
            .await;
        assert_eq!(response.status, StatusCode::NO_CONTENT);
        assert!(response.body.is_empty());
        app.get("/api/v1/me", Some(&token))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.call(Method::POST, "/api/v1/auth/logout", Some(&token), None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(
            app.get("/api/v1/me", Some(&other_token)).await.status,
            StatusCode::OK
        );
        app
    })
    .await;
}

#[tokio::test]
async fn only_the_hash_of_a_token_is_stored() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let rows = sqlx::query("SELECT token_hash, user_id FROM sessions")
            .fetch_all(app.db().pool())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        let stored: String = rows[0].get("token_hash");
        assert_eq!(stored, tokens::token_hash(&token));
        assert_ne!(stored, token);
        let dump: Vec<String> = rows
            .iter()
            .flat_map(|row| [row.get::<String, _>("token_hash"), row.get("user_id")])
            .collect();
        assert!(dump.iter().all(|value| !value.contains(&token)));
        app
    })
    .await;
}

#[tokio::test]
async fn tokens_survive_a_restart() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let restarted = router(
            AppState::new(app.db().clone(), app.static_dir.path()).with_clock(app.clock.clone()),
        );
        let request = Request::builder()
            .uri("/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(restarted, request)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        app
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_30_days_after_their_last_use() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        app.clock.advance(Duration::days(20));
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status,
            StatusCode::OK
        );
        // 45 days after login, but 25 after the last use.
        app.clock.advance(Duration::days(25));
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status,
            StatusCode::OK
        );
        app.clock.advance(Duration::days(30) + Duration::minutes(1));
        app.get("/api/v1/me", Some(&token))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app
    })
    .await;
}

#[tokio::test]
async fn five_failures_for_a_username_lock_it_for_15_minutes() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", "right password").await;
        app.user(team, Role::Worker, "kari", "right password").await;
        for _ in 0..5 {
            attempt(&app, "ola", "wrong")
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
            app.clock.advance(Duration::minutes(2));
        }
        // The right password no longer helps, whatever the case of the username.
        let locked = attempt(&app, "OLA", "right password").await;
        locked.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        let retry_after: i64 = locked.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
        // Other usernames are not affected.
        assert_eq!(
            attempt(&app, "kari", "right password").await.status,
            StatusCode::OK
        );
        // 15 minutes after the fifth failure the lock is gone.
        app.clock.advance(Duration::minutes(12));
        attempt(&app, "ola", "right password")
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        app.clock.advance(Duration::minutes(1));
        assert_eq!(
            attempt(&app, "ola", "right password").await.status,
            StatusCode::OK
        );
        app
    })
    .await;
}

#[tokio::test]
async fn failures_older_than_15_minutes_do_not_count() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", "right password").await;
        for _ in 0..4 {
            attempt(&app, "ola", "wrong").await;
        }
        app.clock.advance(Duration::minutes(16));
        attempt(&app, "ola", "wrong")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        assert_eq!(
            attempt(&app, "ola", "right password").await.status,
            StatusCode::OK
        );
        app
    })
    .await;
}

#[tokio::test]
async fn twenty_failures_from_an_address_lock_that_address() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", "right password").await;
        for attempt_number in 0..20 {
            let username = format!("guess{}", attempt_number % 4);
            attempt_from(&app, "203.0.113.7", &username, "wrong")
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        attempt_from(&app, "203.0.113.7", "ola", "right password")
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        let other = attempt_from(&app, "198.51.100.1", "ola", "right password").await;
        assert_eq!(other.status, StatusCode::OK);
        app.clock.advance(Duration::minutes(15));
        let later = attempt_from(&app, "203.0.113.7", "ola", "right password").await;
        assert_eq!(later.status, StatusCode::OK);
        app
    })
    .await;
}

#[tokio::test]
async fn account_creation_refuses_bad_input() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        const GOOD: &str = "a good password";
        app.user(team, Role::Worker, "Ola", GOOD).await;
        let new_user = |team_id, username: &str, password: &str| NewUser {
            team_id,
            role: Role::Worker,
            username: username.to_owned(),
            display_name: "Someone".to_owned(),
            password: password.to_owned(),
        };
        let unknown = uuid::Uuid::new_v4();
        let long_name = "k".repeat(65);
        // (team, username, password, the error expected)
        type Expected = fn(&Error) -> bool;
        let cases: [(uuid::Uuid, &str, &str, Expected); 8] = [
            (team, " ola ", GOOD, |e| matches!(e, Error::Conflict(_))),
            (unknown, "kari", GOOD, |e| {
                matches!(e, Error::InvalidInput(_))
            }),
            (team, "kari", "", |e| matches!(e, Error::WeakPassword(_))),
            (team, "kari", "elleve tegn", |e| {
                matches!(e, Error::WeakPassword(_))
            }),
            (team, "kari.nordmann", "KARI.NORDMANN", |e| {
                matches!(e, Error::WeakPassword(_))
            }),
            (team, "  ", GOOD, |e| matches!(e, Error::InvalidUsername(_))),
            (team, &long_name, GOOD, |e| {
                matches!(e, Error::InvalidUsername(_))
            }),
            (team, "kari\tk", GOOD, |e| {
                matches!(e, Error::InvalidUsername(_))
            }),
        ];
        for (team_id, username, password, expected) in cases {
            let result = accounts::create_user(
                app.db(),
                new_user(team_id, username, password),
                start_time(),
            )
            .await;
            assert!(
                result.as_ref().is_err_and(expected),
                "{username:?} {password:?}: {result:?}"
            );
        }
        assert!(accounts::create_team(app.db(), " ", start_time())
            .await
            .is_err());
        assert_eq!(app.count("users").await, 1);
        app
    })
    .await;
}

#[tokio::test]
async fn database_failures_are_500s_without_internals() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        app.db().close().await;
        let response = app.get("/api/v1/me", Some(&token)).await;
        assert!(response.status.is_server_error(), "{}", response.status);
        let body: Value = response.json();
        let message = body["error"]["message"].as_str().unwrap().to_lowercase();
        for leak in ["sql", "pool", "closed", "/", "select"] {
            assert!(!message.contains(leak), "{message}");
        }
        app
    })
    .await;
}
