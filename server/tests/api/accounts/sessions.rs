//! The caller's sessions and password: the list, "sign out this one", "sign out everywhere
//! else", password change, sessions sliding 30 days and ending 90 days after login, and the two
//! 401s a phone acts on (`unauthorized`: keep the data; `account_disabled`: clear it).

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use chrono::Duration;
use peerline_server::accounts::members;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{assert_no_content, team, Team, PASSWORD};
use crate::api::support::{for_each_app, TestApp, TestResponse};

/// Logs in with a `User-Agent`; returns the token.
async fn login_as_browser(app: &TestApp, username: &str, user_agent: &str) -> String {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, user_agent)
        .body(Body::from(
            json!({"username": username, "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::OK);
    response.json()["token"].as_str().unwrap().to_owned()
}

async fn sessions(app: &TestApp, token: &str) -> Value {
    let response = app.get("/api/v1/auth/sessions", Some(token)).await;
    assert_eq!(response.status, StatusCode::OK);
    response.json()
}

async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> TestResponse {
    app.post_json(
        "/api/v1/auth/password",
        Some(token),
        &json!({"current_password": current, "new_password": new}),
    )
    .await
}

#[tokio::test]
async fn the_list_shows_each_session_with_its_browser_and_marks_the_callers() {
    for_each_app(|app| async move {
        let t = team(&app, "oslo").await;
        app.clock.advance(Duration::hours(2));
        let long_agent = format!("Mozilla/5.0 {}", "ø".repeat(200));
        let phone = login_as_browser(&app, "oslo-worker", &long_agent).await;
        app.clock.advance(Duration::hours(2));
        let laptop = login_as_browser(&app, "oslo-worker", "Firefox/140").await;

        // Listed from the laptop, which logged in just now (using the phone would move its
        // last use).
        let listed = sessions(&app, &laptop).await;
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 3, "{listed:?}");
        // Most recently used first: the laptop, the phone, the session of `team` (no User-Agent).
        let agents: Vec<&Value> = listed
            .iter()
            .map(|session| &session["user_agent"])
            .collect();
        let cut: String = long_agent.chars().take(120).collect();
        assert_eq!(agents, [&json!("Firefox/140"), &json!(cut), &Value::Null]);
        let current: Vec<bool> = listed
            .iter()
            .map(|session| session["current"].as_bool().unwrap())
            .collect();
        assert_eq!(current, [true, false, false]);
        assert_eq!(listed[1]["created_at"], "2026-11-26T17:45:00Z");
        assert_eq!(listed[1]["last_used_at"], "2026-11-26T17:45:00Z");
        for session in listed {
            let keys: Vec<&String> = session.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["created_at", "current", "id", "last_used_at", "user_agent"]
            );
            Uuid::parse_str(session["id"].as_str().unwrap()).unwrap();
        }
        let text = Value::from(listed.clone()).to_string();
        assert!(
            !text.contains(&laptop) && !text.contains(&phone),
            "no token in the list"
        );
        // Another user's list is their own.
        assert_eq!(sessions(&app, &t.lead).await.as_array().unwrap().len(), 1);
        app
    })
    .await;
}

#[tokio::test]
async fn a_session_ends_alone_or_with_all_but_the_callers() {
    for_each_app(|app| async move {
        let t = team(&app, "bergen").await;
        let lost_phone = app.login("bergen-worker", PASSWORD).await;
        let tablet = app.login("bergen-worker", PASSWORD).await;
        let lost_id = current_session_id(&app, &lost_phone).await;

        // Someone else's session id is not found.
        let path = format!("/api/v1/auth/sessions/{lost_id}");
        app.delete(&path, Some(&t.lead))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_no_content(&app.delete(&path, Some(&t.worker)).await);
        app.get("/api/v1/me", Some(&lost_phone))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.delete(&path, Some(&t.worker))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        app.delete("/api/v1/auth/sessions/nonsense", Some(&t.worker))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");

        assert_no_content(
            &app.post_empty("/api/v1/auth/sessions/revoke-others", Some(&t.worker))
                .await,
        );
        app.get("/api/v1/me", Some(&tablet))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        let left = sessions(&app, &t.worker).await;
        assert_eq!(left.as_array().unwrap().len(), 1);
        assert_eq!(left[0]["current"], true);
        // Ending one's own current session is a logout.
        let own = format!("/api/v1/auth/sessions/{}", left[0]["id"].as_str().unwrap());
        assert_no_content(&app.delete(&own, Some(&t.worker)).await);
        app.get("/api/v1/me", Some(&t.worker))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(
            app.get("/api/v1/me", Some(&t.lead)).await.status,
            StatusCode::OK
        );
        app
    })
    .await;
}

async fn current_session_id(app: &TestApp, token: &str) -> String {
    let listed = sessions(app, token).await;
    listed
        .as_array()
        .unwrap()
        .iter()
        .find(|session| session["current"] == true)
        .map(|session| session["id"].as_str().unwrap().to_owned())
        .unwrap()
}

#[tokio::test]
async fn a_password_change_keeps_the_rule_and_ends_every_other_session() {
    for_each_app(|app| async move {
        let t = team(&app, "molde").await;
        let other = app.login("molde-worker", PASSWORD).await;
        // (current, new, status, code): nothing changes on a refusal.
        let refused = [
            (PASSWORD, "kort", 400, "weak_password"),
            (PASSWORD, "MOLDE-WORKER", 400, "weak_password"),
            (PASSWORD, &"y".repeat(129), 400, "weak_password"),
            (
                "wrong password",
                "a new long password",
                401,
                "invalid_credentials",
            ),
        ];
        for (current, new, status, code) in refused {
            let response = change_password(&app, &t.worker, current, new).await;
            assert_eq!(response.status.as_u16(), status, "{current} -> {new}");
            response.assert_error(response.status, code);
        }
        assert_eq!(
            app.get("/api/v1/me", Some(&other)).await.status,
            StatusCode::OK
        );
        app.post_json(
            "/api/v1/auth/password",
            Some(&t.worker),
            &json!({"new_password": "x"}),
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_request");

        assert_no_content(&change_password(&app, &t.worker, PASSWORD, "a new long password").await);
        assert_eq!(
            app.get("/api/v1/me", Some(&t.worker)).await.status,
            StatusCode::OK
        );
        app.get("/api/v1/me", Some(&other))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.login("molde-worker", "a new long password").await;
        let old = app
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"username": "molde-worker", "password": PASSWORD}),
            )
            .await;
        old.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        app
    })
    .await;
}

#[tokio::test]
async fn a_wrong_current_password_is_throttled_like_login() {
    for_each_app(|app| async move {
        let t = team(&app, "alta").await;
        for _ in 0..5 {
            change_password(&app, &t.worker, "wrong password", "a new long password")
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        let locked = change_password(&app, &t.worker, PASSWORD, "a new long password").await;
        locked.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        assert!(locked.header("retry-after").is_some());
        app.clock.advance(Duration::minutes(15));
        assert_no_content(&change_password(&app, &t.worker, PASSWORD, "a new long password").await);
        app
    })
    .await;
}

#[tokio::test]
async fn sessions_slide_30_days_and_end_90_days_after_login() {
    for_each_app(|app| async move {
        let t = team(&app, "hamar").await;
        let idle = app.login("hamar-worker", PASSWORD).await;
        // Used every 29 days: alive at day 87, refused from day 90 on.
        for day in [29, 58, 87] {
            app.clock.advance(Duration::days(29));
            assert_eq!(
                app.get("/api/v1/me", Some(&t.worker)).await.status,
                StatusCode::OK,
                "day {day}"
            );
        }
        app.clock
            .advance(Duration::days(3) - Duration::milliseconds(1));
        assert_eq!(
            app.get("/api/v1/me", Some(&t.worker)).await.status,
            StatusCode::OK,
            "day 90 - 1 ms"
        );
        app.clock.advance(Duration::milliseconds(1));
        app.get("/api/v1/me", Some(&t.worker))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        // Unused for 30 days: refused long before.
        app.get("/api/v1/me", Some(&idle))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        // last_used_at follows the use (to the hour).
        let fresh = app.login("hamar-worker", PASSWORD).await;
        app.clock.advance(Duration::days(2));
        app.get("/api/v1/me", Some(&fresh)).await;
        let listed = sessions(&app, &fresh).await;
        assert_eq!(listed[0]["created_at"], "2027-02-24T15:45:00Z");
        assert_eq!(listed[0]["last_used_at"], "2027-02-26T15:45:00Z");
        app
    })
    .await;
}

/// How a worker's session ended, and the 401 code their phone then gets.
#[derive(Debug, Clone, Copy)]
enum Ending {
    Logout,
    Expiry,
    SignedOutFromAnotherPhone,
    EverywhereElse,
    PasswordChange,
    CommandLineRevoke,
    Deactivation,
    CommandLineDeactivation,
}

async fn end_session(app: &TestApp, t: &Team, phone: &str, ending: Ending) {
    match ending {
        Ending::Logout => {
            app.post_empty("/api/v1/auth/logout", Some(phone)).await;
        }
        Ending::Expiry => app.clock.advance(Duration::days(30)),
        Ending::SignedOutFromAnotherPhone => {
            let id = current_session_id(app, phone).await;
            app.delete(&format!("/api/v1/auth/sessions/{id}"), Some(&t.worker))
                .await;
        }
        Ending::EverywhereElse => {
            app.post_empty("/api/v1/auth/sessions/revoke-others", Some(&t.worker))
                .await;
        }
        Ending::PasswordChange => {
            change_password(app, &t.worker, PASSWORD, "a new long password").await;
        }
        Ending::CommandLineRevoke => {
            members::revoke_sessions_by_username(app.db(), "kristiansund-worker")
                .await
                .unwrap();
        }
        Ending::Deactivation => {
            let path = format!("/api/v1/team/members/{}/deactivate", t.worker_id);
            app.post_empty(&path, Some(&t.lead)).await;
        }
        Ending::CommandLineDeactivation => {
            let now = peerline_server::clock::Clock::now(&app.clock);
            members::deactivate_by_username(app.db(), "KRISTIANSUND-worker", now)
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_phone_tells_an_ended_session_from_a_disabled_account() {
    let cases = [
        (Ending::Logout, "unauthorized"),
        (Ending::Expiry, "unauthorized"),
        (Ending::SignedOutFromAnotherPhone, "unauthorized"),
        (Ending::EverywhereElse, "unauthorized"),
        (Ending::PasswordChange, "unauthorized"),
        (Ending::CommandLineRevoke, "unauthorized"),
        (Ending::Deactivation, "account_disabled"),
        (Ending::CommandLineDeactivation, "account_disabled"),
    ];
    for (ending, code) in cases {
        for_each_app(|app| async move {
            let t = team(&app, "kristiansund").await;
            let phone = app.login("kristiansund-worker", PASSWORD).await;
            end_session(&app, &t, &phone, ending).await;
            let response = app
                .post_json(
                    "/api/v1/sync",
                    Some(&phone),
                    &json!({"client_id": Uuid::new_v4(), "cursor": null, "mutations": []}),
                )
                .await;
            assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{ending:?}");
            response.assert_error(StatusCode::UNAUTHORIZED, code);
            app
        })
        .await;
    }
}
