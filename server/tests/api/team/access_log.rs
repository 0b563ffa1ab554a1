//! The access log: every read written (who, when, which endpoint and week), listed newest first
//! in pages; refused requests read nothing and are not written.

use axum::http::StatusCode;
use chrono::Duration;
use peerline_server::accounts::Role;
use serde_json::{json, Value};

use super::fixture::{account, keys, seed_team, summary};
use crate::api::support::for_each_app;

#[tokio::test]
async fn bad_parameters_are_400_invalid_request_and_not_logged() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        for week in [
            "2026-W54",
            "2026-W00",
            "2026-48",
            "26-W48",
            "2026-W4",
            "x",
            "",
            "2020-W53x",
        ] {
            for path in ["summary", "summary.csv"] {
                app.get(&format!("/api/v1/team/{path}?week={week}"), Some(&t.lead))
                    .await
                    .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
            }
        }
        for query in [
            "limit=0",
            "limit=501",
            "limit=ten",
            "limit=-1",
            "before=abc",
            "before=",
        ] {
            app.get(&format!("/api/v1/team/access-log?{query}"), Some(&t.lead))
                .await
                .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        assert_eq!(app.count("team_access_log").await, 0);
        // 2020 has a week 53.
        summary(&app, &t.lead, "2020-W53").await;
        assert_eq!(app.count("team_access_log").await, 1);
        // The ends of the range an ISO week can be written in.
        for week in ["0001-W01", "9999-W52"] {
            let body = summary(&app, &t.lead, week).await;
            assert_eq!(body["workers"][1]["contacts"], 0, "{week}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn every_read_is_in_the_access_log_newest_first_and_paged() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let (lead2, lead2_token) =
            account(&app, t.team, Role::Coordinator, "lead2", "Second Lead").await;
        let reads = [
            (&t.lead, "/api/v1/team/summary?week=2026-W47"),
            (&lead2_token, "/api/v1/team/summary.csv?week=2026-W46"),
            (&t.lead, "/api/v1/team/summary"),
        ];
        for (token, path) in reads {
            assert_eq!(app.get(path, Some(token)).await.status, StatusCode::OK);
            app.clock.advance(Duration::minutes(1));
        }
        let page = app
            .get("/api/v1/team/access-log?limit=2", Some(&lead2_token))
            .await
            .json();
        assert_eq!(keys(&page), ["entries", "next"]);
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        let expected = |entry: &Value, user: &str, endpoint: &str, week: Value, minute: u32| {
            assert_eq!(
                keys(entry),
                [
                    "action",
                    "at",
                    "display_name",
                    "endpoint",
                    "id",
                    "subject",
                    "user_id",
                    "week"
                ]
            );
            // A read, not an action on members.
            assert_eq!(
                (&entry["action"], &entry["subject"]),
                (&Value::Null, &Value::Null)
            );
            assert_eq!(entry["display_name"], user);
            assert_eq!(entry["endpoint"], endpoint);
            assert_eq!(entry["week"], week);
            assert_eq!(entry["at"], format!("2026-11-26T15:{minute}:00.000Z"));
        };
        expected(
            &entries[0],
            "Second Lead",
            "/api/v1/team/access-log",
            Value::Null,
            48,
        );
        assert_eq!(entries[0]["user_id"], lead2.to_string());
        expected(
            &entries[1],
            "Lead Person",
            "/api/v1/team/summary",
            json!("2026-W48"),
            47,
        );

        let next = page["next"].as_str().unwrap();
        let page = app
            .get(
                &format!("/api/v1/team/access-log?limit=1&before={next}"),
                Some(&t.lead),
            )
            .await
            .json();
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1);
        expected(
            &entries[0],
            "Second Lead",
            "/api/v1/team/summary.csv",
            json!("2026-W46"),
            46,
        );
        let next = page["next"].as_str().unwrap();
        let page = app
            .get(
                &format!("/api/v1/team/access-log?before={next}"),
                Some(&t.lead),
            )
            .await
            .json();
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1);
        expected(
            &entries[0],
            "Lead Person",
            "/api/v1/team/summary",
            json!("2026-W47"),
            45,
        );
        assert_eq!(page["next"], Value::Null);
        // Three summary reads and three reads of the log.
        assert_eq!(app.count("team_access_log").await, 6);
        let all = app
            .get("/api/v1/team/access-log", Some(&t.lead))
            .await
            .json();
        assert_eq!(all["entries"].as_array().unwrap().len(), 7);
        assert_eq!(all["next"], Value::Null);
        app
    })
    .await;
}
