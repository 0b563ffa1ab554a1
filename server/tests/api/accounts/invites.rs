//! Invites: a coordinator makes one, the invited person accepts it once within 7 days with a
//! username and a password that keep the password rule; unknown, used, withdrawn and expired codes
//! are one answer; accepting is throttled like login.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Method, Request, StatusCode},
};
use chrono::Duration;
use peerline_server::tokens;
use serde_json::{json, Value};
use sqlx::Row;

use super::{assert_no_content, team, PASSWORD};
use crate::api::support::{for_each_app, TestApp, TestResponse};

/// `POST /team/invites` as `token`; expects 201 and returns the body.
pub(crate) async fn invite(app: &TestApp, token: &str, role: &str, name: &str) -> Value {
    let response = app
        .post_json(
            "/api/v1/team/invites",
            Some(token),
            &json!({"role": role, "display_name": name}),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    response.json()
}

/// `POST /auth/accept-invite` from `address`, with a browser's `User-Agent`.
pub(crate) async fn accept_from(
    app: &TestApp,
    address: &str,
    code: &str,
    username: &str,
    password: &str,
) -> TestResponse {
    let address: SocketAddr = format!("{address}:40000").parse().unwrap();
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/accept-invite")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "Mozilla/5.0 (Android 14; Mobile)")
        .body(Body::from(
            json!({"code": code, "username": username, "password": password}).to_string(),
        ))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    app.send(request).await
}

pub(crate) async fn accept(
    app: &TestApp,
    code: &str,
    username: &str,
    password: &str,
) -> TestResponse {
    accept_from(app, "192.0.2.10", code, username, password).await
}

fn code_of(invite: &Value) -> String {
    invite["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_invite_makes_an_account_of_its_role_and_team_and_logs_it_in() {
    for_each_app(|app| async move {
        let t = team(&app, "oslo").await;
        for (role, name, username) in [
            ("worker", "Nora Lie", "nora"),
            ("coordinator", "Per Dahl", "per.dahl"),
        ] {
            let invite = invite(&app, &t.lead, role, &format!("  {name} ")).await;
            let code = code_of(&invite);
            assert_eq!(code.len(), 43, "256 bits, base64url");
            assert!(code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            assert_eq!(invite["role"], role);
            assert_eq!(invite["display_name"], name, "trimmed");
            assert_eq!(invite["expires_at"], "2026-12-03T15:45:00Z", "7 days on");
            assert_eq!(
                invite.as_object().unwrap().len(),
                5,
                "id, code, role, display_name, expires_at: {invite}"
            );
            // Only the hash is stored.
            let stored = sqlx::query("SELECT code_hash FROM invites WHERE id = $1")
                .bind(invite["id"].as_str().unwrap())
                .fetch_one(app.db().pool())
                .await
                .unwrap();
            assert_eq!(
                stored.get::<String, _>("code_hash"),
                tokens::token_hash(&code)
            );
            assert_eq!(
                app.count_where("invites", &format!("code_hash = '{code}'"))
                    .await,
                0
            );

            let response = accept(&app, &code, username, "a long enough password").await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&response.body)
            );
            let body = response.json();
            assert_eq!(body["user"]["username"], username);
            assert_eq!(body["user"]["display_name"], name);
            assert_eq!(body["user"]["role"], role);
            assert_eq!(body["user"]["team_id"], t.id.to_string());
            let token = body["token"].as_str().unwrap();
            let me = app.get("/api/v1/me", Some(token)).await;
            assert_eq!(me.json(), body["user"]);
            // The password chosen logs in; the session remembers the browser.
            app.login(username, "a long enough password").await;
            let sessions = app.get("/api/v1/auth/sessions", Some(token)).await.json();
            let current = sessions
                .as_array()
                .unwrap()
                .iter()
                .find(|session| session["current"] == true)
                .unwrap();
            assert_eq!(current["user_agent"], "Mozilla/5.0 (Android 14; Mobile)");
        }
        // Both invites are used: none pending.
        let pending = app.get("/api/v1/team/invites", Some(&t.lead)).await;
        assert_eq!(pending.json(), json!([]));
        app
    })
    .await;
}

#[tokio::test]
async fn unknown_used_withdrawn_and_expired_codes_get_one_answer() {
    for_each_app(|app| async move {
        let t = team(&app, "bergen").await;
        let used = code_of(&invite(&app, &t.lead, "worker", "Used").await);
        let withdrawn = invite(&app, &t.lead, "worker", "Withdrawn").await;
        let expired = code_of(&invite(&app, &t.lead, "worker", "Expired").await);
        assert_eq!(
            accept(&app, &used, "first", PASSWORD).await.status,
            StatusCode::OK
        );
        let path = format!("/api/v1/team/invites/{}", withdrawn["id"].as_str().unwrap());
        assert_no_content(&app.delete(&path, Some(&t.lead)).await);
        app.clock.advance(Duration::days(7));

        let mut answers = Vec::new();
        for (what, code) in [
            ("unknown", tokens::new_token()),
            ("used", used),
            ("withdrawn", code_of(&withdrawn)),
            ("expired", expired),
            ("empty", String::new()),
        ] {
            // A fresh address each: this test is not about throttling.
            let address = format!("192.0.2.{}", answers.len() + 20);
            let response =
                accept_from(&app, &address, &code, &format!("new-{what}"), PASSWORD).await;
            response.assert_error(StatusCode::NOT_FOUND, "invite_not_found");
            answers.push(response.json());
        }
        assert!(
            answers.windows(2).all(|pair| pair[0] == pair[1]),
            "{answers:?}"
        );
        // Withdrawing twice, or another team's invite, is 404 too.
        app.delete(&path, Some(&t.lead))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        app
    })
    .await;
}

#[tokio::test]
async fn an_invite_expires_after_7_days_to_the_millisecond() {
    for_each_app(|app| async move {
        let t = team(&app, "molde").await;
        let early = code_of(&invite(&app, &t.lead, "worker", "Early").await);
        let late = code_of(&invite(&app, &t.lead, "worker", "Late").await);
        app.clock
            .advance(Duration::days(7) - Duration::milliseconds(1));
        assert_eq!(
            accept(&app, &early, "early", PASSWORD).await.status,
            StatusCode::OK
        );
        let pending = app.get("/api/v1/team/invites", Some(&t.lead)).await.json();
        assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
        app.clock.advance(Duration::milliseconds(1));
        accept(&app, &late, "late", PASSWORD)
            .await
            .assert_error(StatusCode::NOT_FOUND, "invite_not_found");
        assert_eq!(
            app.get("/api/v1/team/invites", Some(&t.lead)).await.json(),
            json!([])
        );
        app
    })
    .await;
}

#[tokio::test]
async fn the_password_rule_and_the_username_are_judged_for_a_live_code_only() {
    for_each_app(|app| async move {
        let t = team(&app, "tromso").await;
        let code = code_of(&invite(&app, &t.lead, "worker", "Siri").await);
        // (username, password, expected status, code)
        let cases: [(&str, String, u16, &str); 9] = [
            ("siri", "elleve tegn".into(), 400, "weak_password"),
            ("siri", "x".repeat(129), 400, "weak_password"),
            (
                "siri.lie.1992",
                "Siri.Lie.1992".into(),
                400,
                "weak_password",
            ),
            ("", PASSWORD.into(), 400, "invalid_username"),
            ("   ", PASSWORD.into(), 400, "invalid_username"),
            (&"s".repeat(65), PASSWORD.into(), 400, "invalid_username"),
            ("siri\u{7}", PASSWORD.into(), 400, "invalid_username"),
            // Taken, whatever its case.
            ("TROMSO-WORKER", PASSWORD.into(), 409, "username_taken"),
            ("siri", "tolv tegn ok".into(), 200, ""),
        ];
        for (username, password, status, error) in cases {
            let response = accept(&app, &code, username, &password).await;
            assert_eq!(
                response.status.as_u16(),
                status,
                "{username:?} {password:?}"
            );
            if status != 200 {
                response.assert_error(response.status, error);
            }
        }
        // Without a live code nothing else is judged: a taken username is not revealed.
        let unknown = tokens::new_token();
        accept(&app, &unknown, "tromso-worker", "x")
            .await
            .assert_error(StatusCode::NOT_FOUND, "invite_not_found");
        app
    })
    .await;
}

#[tokio::test]
async fn accepting_is_throttled_like_login() {
    for_each_app(|app| async move {
        let t = team(&app, "bodo").await;
        let code = code_of(&invite(&app, &t.lead, "worker", "Ola").await);
        // Five unknown codes for one username lock it, the right code included...
        for _ in 0..5 {
            let response =
                accept_from(&app, "198.51.100.7", &tokens::new_token(), "ola", PASSWORD).await;
            response.assert_error(StatusCode::NOT_FOUND, "invite_not_found");
        }
        let locked = accept_from(&app, "198.51.100.8", &code, "ola", PASSWORD).await;
        locked.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        assert!(locked.header("retry-after").is_some());
        // ...and the login of that username (one throttle).
        let login = app
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"username": "ola", "password": PASSWORD}),
            )
            .await;
        login.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        // Twenty from one address lock the address, whatever the username.
        for n in 0..20 {
            accept_from(
                &app,
                "203.0.113.9",
                &tokens::new_token(),
                &format!("guess{n}"),
                PASSWORD,
            )
            .await;
        }
        accept_from(&app, "203.0.113.9", &code, "kari", PASSWORD)
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        // After 15 minutes the code works (a weak password or a taken name never counted).
        app.clock.advance(Duration::minutes(15));
        assert_eq!(
            accept_from(&app, "203.0.113.9", &code, "ola", PASSWORD)
                .await
                .status,
            StatusCode::OK
        );
        app
    })
    .await;
}

#[tokio::test]
async fn of_two_acceptances_of_one_code_one_wins() {
    for_each_app(|app| async move {
        let t = team(&app, "hamar").await;
        let code = code_of(&invite(&app, &t.lead, "worker", "Twice").await);
        let (first, second) = tokio::join!(
            accept(&app, &code, "twice-a", PASSWORD),
            accept(&app, &code, "twice-b", PASSWORD),
        );
        let mut statuses = [first.status.as_u16(), second.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 404]);
        assert_eq!(app.count_where("users", "username LIKE 'twice-%'").await, 1);
        app
    })
    .await;
}

#[tokio::test]
async fn invites_belong_to_one_team_and_each_action_is_in_its_access_log() {
    for_each_app(|app| async move {
        let a = team(&app, "team-a").await;
        let x = team(&app, "team-x").await;
        // Log entries of one instant would list in id order: each action gets its own second.
        let tick = || app.clock.advance(Duration::seconds(1));
        let mine = invite(&app, &a.lead, "worker", "Mine").await;
        tick();
        invite(&app, &x.lead, "worker", "Theirs").await;
        let kept = invite(&app, &a.lead, "coordinator", "Kept").await;
        tick();

        let listed = app.get("/api/v1/team/invites", Some(&a.lead)).await.json();
        let names: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|invite| invite["display_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Mine", "Kept"]);
        assert_eq!(
            listed[0],
            json!({"id": mine["id"], "role": "worker", "display_name": "Mine",
                   "created_at": "2026-11-26T15:45:00Z", "expires_at": "2026-12-03T15:45:00Z"}),
            "no code in the list"
        );
        // Another team's coordinator can neither see nor withdraw A's invite.
        let path = format!("/api/v1/team/invites/{}", mine["id"].as_str().unwrap());
        app.delete(&path, Some(&x.lead))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        app.delete("/api/v1/team/invites/not-a-uuid", Some(&a.lead))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_no_content(&app.delete(&path, Some(&a.lead)).await);
        tick();
        let accepted = accept(&app, &code_of(&kept), "kept", PASSWORD).await.json();
        tick();

        let log = app
            .get("/api/v1/team/access-log", Some(&a.lead))
            .await
            .json();
        let actions: Vec<(Value, Value, Value)> = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| !entry["action"].is_null())
            .map(|entry| {
                (
                    entry["action"].clone(),
                    entry["display_name"].clone(),
                    entry["subject"].clone(),
                )
            })
            .collect();
        let lead = json!("team-a-lead display");
        assert_eq!(
            actions,
            vec![
                (
                    json!("invite_accepted"),
                    accepted["user"]["display_name"].clone(),
                    json!({"id": kept["id"], "display_name": "Kept"})
                ),
                (
                    json!("invite_withdrawn"),
                    lead.clone(),
                    json!({"id": mine["id"], "display_name": "Mine"})
                ),
                (
                    json!("invite_created"),
                    lead.clone(),
                    json!({"id": kept["id"], "display_name": "Kept"})
                ),
                (
                    json!("invite_created"),
                    lead,
                    json!({"id": mine["id"], "display_name": "Mine"})
                ),
            ]
        );
        let withdrawal = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["action"] == "invite_withdrawn")
            .unwrap();
        assert_eq!(withdrawal["endpoint"], path);
        assert_eq!(withdrawal["week"], Value::Null);
        // Team X's log has none of it.
        let theirs = app
            .get("/api/v1/team/access-log", Some(&x.lead))
            .await
            .json();
        assert!(!theirs.to_string().contains("Mine"), "{theirs}");
        app
    })
    .await;
}

#[tokio::test]
async fn a_bad_invite_request_is_400_and_makes_nothing() {
    for_each_app(|app| async move {
        let t = team(&app, "alta").await;
        for body in [
            json!({"role": "admin", "display_name": "X"}),
            json!({"role": "worker", "display_name": "  "}),
            json!({"role": "worker", "display_name": "x".repeat(101)}),
            json!({"role": "worker", "display_name": "a\nb"}),
            json!({"role": "worker"}),
            json!([]),
        ] {
            app.post_json("/api/v1/team/invites", Some(&t.lead), &body)
                .await
                .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        assert_eq!(app.count("invites").await, 0);
        // A worker may not invite.
        app.post_json(
            "/api/v1/team/invites",
            Some(&t.worker),
            &json!({"role": "worker", "display_name": "X"}),
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
        app
    })
    .await;
}
