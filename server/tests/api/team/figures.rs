//! The summary's figures for a week computed by hand, which workers it shows to whom, and the
//! private fields it never shows.

use axum::http::StatusCode;
use peerline_server::{accounts::Role, tokens};
use serde_json::{json, Value};
use uuid::Uuid;

use super::fixture::{
    account, keys, seed_team, summary, text, Device, CHECKIN_NOTE_CANARY, LOG_NOTE_CANARY,
    NOTES_CANARY,
};
use crate::api::support::for_each_app;

#[tokio::test]
async fn a_week_is_summed_up_as_computed_by_hand() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let body = summary(&app, &t.lead, "2026-W47").await;
        assert_eq!(keys(&body), ["team", "week", "workers"]);
        assert_eq!(
            body["team"],
            json!({"id": t.team.to_string(), "name": "Team Nord"})
        );
        assert_eq!(body["week"], "2026-W47");
        let workers = body["workers"].as_array().unwrap();
        // By display name: "-Kari..." sorts before "Ola Nordmann".
        assert_eq!(workers.len(), 2);
        let (kari, ola) = (&workers[0], &workers[1]);
        let service_user = |name: &str, id: Uuid, counts: [u32; 5], weekly: bool| {
            // No log of the fixture has minutes: each after-hours log is untimed.
            json!({"contact_id": id.to_string(), "name": name, "contacts": counts[0],
                   "after_hours_contacts": counts[1], "outside_agreement_contacts": counts[2],
                   "limit_exceeded_days": counts[3], "unanswered_incoming": counts[4],
                   "weekly_limit_exceeded": weekly, "after_hours_minutes": 0,
                   "after_hours_untimed": counts[1]})
        };
        let expected_ola = json!({
            "worker_id": t.ola.to_string(), "display_name": "Ola Nordmann",
            "last_sync_at": "2026-11-26T15:45:00Z",
            "active_service_users": 2, "relationships_ending_soon": 1,
            "contacts": 8, "after_hours_contacts": 4, "outside_agreement_contacts": 5,
            "limit_exceeded_days": 1, "unanswered_incoming": 3, "weekly_limit_exceeded": 1,
            "after_hours_minutes": 0, "after_hours_untimed": 4, "agenda": [],
            "checkin": {"energy": 2, "strain": 4, "burnout": 3, "needs_guidance": true},
            "service_users": [
                // "=" sorts before letters.
                service_user("=Cecilie", t.cecilie, [0, 0, 0, 0, 0], false),
                service_user("Anna", t.anna, [5, 2, 3, 1, 2], true),
                service_user("Bjørn", t.bjorn, [3, 2, 2, 0, 1], false),
            ],
        });
        assert_eq!(ola, &expected_ola);
        let expected_kari = json!({
            "worker_id": t.kari.to_string(), "display_name": "-Kari, \"K\"",
            "last_sync_at": null, "active_service_users": 0, "relationships_ending_soon": 0,
            "contacts": 0, "after_hours_contacts": 0, "outside_agreement_contacts": 0,
            "limit_exceeded_days": 0, "unanswered_incoming": 0, "weekly_limit_exceeded": 0,
            "after_hours_minutes": 0, "after_hours_untimed": 0, "agenda": [],
            "checkin": null, "service_users": [],
        });
        assert_eq!(kari, &expected_kari);

        // Week 46: an unshared check-in is not shown; only Dag's log, and Dag has ended, is
        // listed because of it; Anna and Cecilie are active.
        let body = summary(&app, &t.lead, "2026-W46").await;
        let ola = &body["workers"][1];
        assert_eq!(ola["checkin"], Value::Null);
        let names: Vec<&str> = ola["service_users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["=Cecilie", "Anna", "Dag"]);
        assert_eq!(ola["contacts"], 1);
        // Week 48 (the default): Bjørn's Monday 00:30 log, still counted though he is deleted.
        let response = app.get("/api/v1/team/summary", Some(&t.lead)).await;
        let body = response.json();
        assert_eq!(body["week"], "2026-W48");
        assert_eq!(body["workers"][1]["contacts"], 1);
        assert_eq!(body["workers"][1]["unanswered_incoming"], 1);
        app
    })
    .await;
}

#[tokio::test]
async fn only_coordinators_of_the_team_see_it() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let other_team = app.team("Team Sør").await;
        let (_, other_lead) = account(
            &app,
            other_team,
            Role::Coordinator,
            "other-lead",
            "Other Lead",
        )
        .await;
        let (stranger, stranger_token) =
            account(&app, other_team, Role::Worker, "stranger", "Stranger").await;
        Device::new(&stranger_token)
            .put(
                &app,
                "contact",
                Uuid::new_v4(),
                json!({"name": "Someone else's"}),
            )
            .await;

        let ours = summary(&app, &t.lead, "2026-W47").await.to_string();
        assert!(!ours.contains(&stranger.to_string()) && !ours.contains("Someone else"));
        let theirs = summary(&app, &other_lead, "2026-W47").await;
        assert_eq!(theirs["team"]["name"], "Team Sør");
        let workers = theirs["workers"].as_array().unwrap();
        assert_eq!(workers.len(), 1);
        assert_eq!(workers[0]["worker_id"], stranger.to_string());
        let theirs = theirs.to_string();
        for id in [t.ola, t.kari, t.anna] {
            assert!(!theirs.contains(&id.to_string()));
        }
        let log = app
            .get("/api/v1/team/access-log", Some(&other_lead))
            .await
            .json();
        let endpoints: Vec<&Value> = log["entries"].as_array().unwrap().iter().collect();
        assert_eq!(endpoints.len(), 2, "their summary and this read: {log}");
        assert!(!log.to_string().contains("Lead Person"));

        let before = app.count("team_access_log").await;
        for path in [
            "/api/v1/team/summary",
            "/api/v1/team/summary.csv?week=2026-W47",
            "/api/v1/team/access-log",
        ] {
            app.get(path, Some(&t.ola_token))
                .await
                .assert_error(StatusCode::FORBIDDEN, "forbidden");
            app.get(path, None)
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
            app.get(path, Some(&tokens::new_token()))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        }
        assert_eq!(app.count("team_access_log").await, before);
        app
    })
    .await;
}

#[tokio::test]
async fn private_fields_never_reach_the_coordinator() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let mut bodies = Vec::new();
        for path in [
            "/api/v1/team/summary?week=2026-W47",
            "/api/v1/team/summary?week=2026-W46",
            "/api/v1/team/summary.csv?week=2026-W47",
            "/api/v1/team/access-log",
        ] {
            let response = app.get(path, Some(&t.lead)).await;
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
            bodies.push(text(&response));
        }
        for body in &bodies {
            for canary in [
                NOTES_CANARY,
                LOG_NOTE_CANARY,
                CHECKIN_NOTE_CANARY,
                &t.share_token,
            ] {
                assert!(!body.contains(canary), "{canary} leaked: {body}");
            }
            for field in ["\"notes\"", "\"note\"", "share_token"] {
                assert!(!body.contains(field), "{field} in {body}");
            }
        }
        // The worker's own sync still has them: the canaries were really stored.
        let pulled = app
            .post_json(
                "/api/v1/sync",
                Some(&t.ola_token),
                &json!({"client_id": Uuid::new_v4().to_string(), "cursor": null}),
            )
            .await;
        let pulled = text(&pulled);
        for canary in [
            NOTES_CANARY,
            LOG_NOTE_CANARY,
            CHECKIN_NOTE_CANARY,
            &t.share_token,
        ] {
            assert!(pulled.contains(canary));
        }
        app
    })
    .await;
}
