//! Team members: the list, deactivation and reactivation (sessions end at once; the tokens then
//! answer `account_disabled`), and erasing a deactivated worker's data; all in the access log.

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::RecordKind;
use peerline_server::{accounts::Role, tokens};
use serde_json::{json, Value};
use uuid::Uuid;

use super::{assert_no_content, log_with, service_user, team, Phone, PASSWORD};
use crate::api::support::{for_each_app, TestApp};

fn member_path(id: Uuid, action: &str) -> String {
    format!("/api/v1/team/members/{id}/{action}")
}

/// Every endpoint a logged-in worker may call, as (method, path, body).
fn worker_requests() -> Vec<(&'static str, String, Option<Value>)> {
    vec![
        ("GET", "/api/v1/me".into(), None),
        (
            "POST",
            "/api/v1/sync".into(),
            Some(json!({"client_id": Uuid::new_v4(), "cursor": null, "mutations": []})),
        ),
        ("GET", "/api/v1/auth/sessions".into(), None),
        ("POST", "/api/v1/auth/sessions/revoke-others".into(), None),
        (
            "DELETE",
            format!("/api/v1/auth/sessions/{}", Uuid::new_v4()),
            None,
        ),
        (
            "POST",
            "/api/v1/auth/password".into(),
            Some(json!({"current_password": PASSWORD, "new_password": "a new long password"})),
        ),
        (
            "POST",
            "/api/v1/erase/contact".into(),
            Some(json!({"contact_id": Uuid::new_v4()})),
        ),
        ("GET", "/api/v1/team/members".into(), None),
        ("POST", "/api/v1/auth/logout".into(), None),
    ]
}

/// Asserts that `token` gets 401 `code` on every endpoint of [`worker_requests`].
async fn assert_every_endpoint_says(app: &TestApp, token: &str, code: &str) {
    for (method, path, body) in worker_requests() {
        let response = app
            .call(
                method.parse().unwrap(),
                &path,
                Some(token),
                body.map(|body| body.to_string().into_bytes()),
            )
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        response.assert_error(StatusCode::UNAUTHORIZED, code);
    }
}

#[tokio::test]
async fn the_member_list_shows_the_callers_team_only() {
    for_each_app(|app| async move {
        let a = team(&app, "team-a").await;
        let x = team(&app, "team-x").await;
        let mut phone = Phone::new(&a.worker);
        phone.sync(&app).await;
        let members = app.get("/api/v1/team/members", Some(&a.lead)).await;
        assert_eq!(members.status, StatusCode::OK);
        assert_eq!(
            members.json(),
            json!([
                {"id": a.lead_id, "username": "team-a-lead", "display_name": "team-a-lead display",
                 "role": "coordinator", "active": true, "last_sync_at": null,
                 "created_at": "2026-11-26T15:45:00Z"},
                {"id": a.worker_id, "username": "team-a-worker",
                 "display_name": "team-a-worker display", "role": "worker", "active": true,
                 "last_sync_at": "2026-11-26T15:45:00Z", "created_at": "2026-11-26T15:45:00Z"},
            ])
        );
        assert!(!app
            .get("/api/v1/team/members", Some(&x.lead))
            .await
            .json()
            .to_string()
            .contains("team-a"));
        app.get("/api/v1/team/members", Some(&a.worker))
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
        app
    })
    .await;
}

#[tokio::test]
async fn deactivation_ends_every_session_at_once_and_refuses_the_login() {
    for_each_app(|app| async move {
        let t = team(&app, "oslo").await;
        let second_phone = app.login("oslo-worker", PASSWORD).await;
        assert_no_content(
            &app.post_empty(&member_path(t.worker_id, "deactivate"), Some(&t.lead))
                .await,
        );

        for token in [&t.worker, &second_phone] {
            assert_every_endpoint_says(&app, token, "account_disabled").await;
        }
        let user = format!("user_id = '{}'", t.worker_id);
        assert_eq!(app.count_where("sessions", &user).await, 0);
        assert_eq!(app.count_where("disabled_tokens", &user).await, 2);
        // The right password fails exactly like a wrong one.
        let right = app
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"username": "oslo-worker", "password": PASSWORD}),
            )
            .await;
        let wrong = app
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"username": "oslo-worker", "password": "wrong password"}),
            )
            .await;
        right.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        assert_eq!(right.json(), wrong.json());
        let members = app.get("/api/v1/team/members", Some(&t.lead)).await.json();
        assert_eq!(members[1]["active"], false);
        // Deactivating again changes nothing but the log.
        assert_no_content(
            &app.post_empty(&member_path(t.worker_id, "deactivate"), Some(&t.lead))
                .await,
        );

        // Reactivated: the login works again; the old tokens stay disabled (their phones clear
        // themselves and log in anew).
        assert_no_content(
            &app.post_empty(&member_path(t.worker_id, "reactivate"), Some(&t.lead))
                .await,
        );
        let fresh = app.login("oslo-worker", PASSWORD).await;
        assert_eq!(
            app.get("/api/v1/me", Some(&fresh)).await.status,
            StatusCode::OK
        );
        assert_every_endpoint_says(&app, &second_phone, "account_disabled").await;
        let members = app.get("/api/v1/team/members", Some(&t.lead)).await.json();
        assert_eq!(members[1]["active"], true);
        app
    })
    .await;
}

#[tokio::test]
async fn only_a_coordinator_of_the_team_acts_on_another_member() {
    for_each_app(|app| async move {
        let a = team(&app, "team-a").await;
        let x = team(&app, "team-x").await;
        for action in ["deactivate", "reactivate"] {
            // (caller, member, status, code)
            let cases = [
                (&x.lead, a.worker_id, 404, "not_found"),
                (&a.lead, x.worker_id, 404, "not_found"),
                (&a.lead, Uuid::new_v4(), 404, "not_found"),
                (&a.lead, a.lead_id, 403, "forbidden"),
                (&a.worker, a.lead_id, 403, "forbidden"),
            ];
            for (caller, member, status, code) in cases {
                let response = app
                    .post_empty(&member_path(member, action), Some(caller))
                    .await;
                assert_eq!(response.status.as_u16(), status, "{action} {member}");
                response.assert_error(response.status, code);
            }
            app.post_empty(&format!("/api/v1/team/members/x/{action}"), Some(&a.lead))
                .await
                .assert_error(StatusCode::NOT_FOUND, "not_found");
        }
        // Nothing changed and nothing was logged.
        assert_eq!(app.count_where("users", "active = 0").await, 0);
        assert_eq!(app.count("team_access_log").await, 0);
        assert_eq!(
            app.get("/api/v1/me", Some(&a.worker)).await.status,
            StatusCode::OK
        );
        app
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_workers_data_is_erased_whole_in_one_action() {
    for_each_app(|app| async move {
        let t = team(&app, "bergen").await;
        let other = app.user(t.id, Role::Worker, "bergen-other", PASSWORD).await;
        let other_token = app.login("bergen-other", PASSWORD).await;
        let second_lead = app
            .user(t.id, Role::Coordinator, "bergen-lead-2", PASSWORD)
            .await;

        let share_token = tokens::new_token();
        let mut phone = Phone::new(&t.worker);
        let ola = Uuid::new_v4();
        let mut ola_fields = service_user("Ola");
        ola_fields["share_token"] = json!(share_token);
        phone.write(&app, RecordKind::Contact, ola, ola_fields);
        phone.write(
            &app,
            RecordKind::Log,
            Uuid::new_v4(),
            log_with(ola, "2026-11-26T12:00:00Z", "private"),
        );
        phone.sync(&app).await;
        let mut other_phone = Phone::new(&other_token);
        other_phone.write(
            &app,
            RecordKind::Contact,
            Uuid::new_v4(),
            service_user("Kari"),
        );
        other_phone.sync(&app).await;
        assert_eq!(
            app.get(&format!("/api/v1/share/{share_token}"), None)
                .await
                .status,
            StatusCode::OK
        );

        // Log entries of one instant would list in id order: each action gets its own second.
        let tick = || app.clock.advance(Duration::seconds(1));
        let data = member_path(t.worker_id, "data");
        app.delete(&data, Some(&t.lead))
            .await
            .assert_error(StatusCode::CONFLICT, "member_active");
        app.post_empty(&member_path(second_lead, "deactivate"), Some(&t.lead))
            .await;
        tick();
        app.delete(&member_path(second_lead, "data"), Some(&t.lead))
            .await
            .assert_error(StatusCode::CONFLICT, "not_a_worker");
        app.delete(&data, Some(&t.worker))
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
        let x = team(&app, "x").await;
        app.post_empty(&member_path(t.worker_id, "deactivate"), Some(&t.lead))
            .await;
        tick();
        app.delete(&data, Some(&x.lead))
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        let user = format!("user_id = '{}'", t.worker_id);
        assert_eq!(
            app.count_where("records", &user).await,
            2,
            "kept for hand-over until erased"
        );

        assert_no_content(&app.delete(&data, Some(&t.lead)).await);
        tick();
        for table in ["records", "share_tokens", "sync_clients"] {
            assert_eq!(app.count_where(table, &user).await, 0, "{table}");
        }
        assert_eq!(
            app.get(&format!("/api/v1/share/{share_token}"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // The other worker's records are untouched; erasing again is harmless.
        assert_eq!(
            app.count_where("records", &format!("user_id = '{other}'"))
                .await,
            1
        );
        assert_no_content(&app.delete(&data, Some(&t.lead)).await);
        tick();

        let log = app
            .get("/api/v1/team/access-log", Some(&t.lead))
            .await
            .json();
        let actions: Vec<(&str, &str)> = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| !entry["action"].is_null())
            .map(|entry| {
                (
                    entry["action"].as_str().unwrap(),
                    entry["subject"]["display_name"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            actions,
            [
                ("member_data_erased", "bergen-worker display"),
                ("member_data_erased", "bergen-worker display"),
                ("member_deactivated", "bergen-worker display"),
                ("member_deactivated", "bergen-lead-2 display"),
            ]
        );
        let erased = &log["entries"][1];
        assert_eq!(erased["endpoint"], data);
        assert_eq!(erased["user_id"], t.lead_id.to_string());
        assert_eq!(erased["subject"]["id"], t.worker_id.to_string());
        app
    })
    .await;
}

#[tokio::test]
async fn a_reactivated_worker_whose_data_was_erased_starts_empty() {
    for_each_app(|app: TestApp| async move {
        let t = team(&app, "hamar").await;
        let mut phone = Phone::new(&t.worker);
        phone.write(
            &app,
            RecordKind::Contact,
            Uuid::new_v4(),
            service_user("Ola"),
        );
        phone.sync(&app).await;
        app.post_empty(&member_path(t.worker_id, "deactivate"), Some(&t.lead))
            .await;
        app.delete(&member_path(t.worker_id, "data"), Some(&t.lead))
            .await;
        app.post_empty(&member_path(t.worker_id, "reactivate"), Some(&t.lead))
            .await;
        let mut fresh = Phone::new(&app.login("hamar-worker", PASSWORD).await);
        assert_eq!(fresh.sync(&app).await, vec![]);
        app
    })
    .await;
}
