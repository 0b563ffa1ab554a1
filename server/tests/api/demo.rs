//! `demo`: the seeded team logs in and syncs like any other, and seeding twice changes nothing.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use peerline_server::demo;
use serde_json::{json, Value};

use super::support::{for_each_app, start_time};

#[tokio::test]
async fn the_demo_team_is_real_synced_data_and_seeding_twice_is_harmless() {
    for_each_app(|app| async move {
        let first = demo::seed(app.db(), start_time()).await.unwrap();
        assert!(first.created);
        let first_share = first.share_path.unwrap();
        assert!(first_share.starts_with("/s/"));
        let invite_path = first.invite_path.unwrap();
        assert!(invite_path.starts_with("/invite/"), "{invite_path}");
        let records_after_first = app.count("records").await;

        let second = demo::seed(app.db(), start_time()).await.unwrap();
        assert!(!second.created);
        assert_eq!(app.count("records").await, records_after_first);
        assert_eq!(app.count("users").await, 3);
        assert_eq!(app.count("share_tokens").await, 1);

        let coordinator = app.login("demo-coordinator", demo::PASSWORD).await;
        // The Team members screen has a pending invite to show, and the access log its making.
        let invites = app
            .get("/api/v1/team/invites", Some(&coordinator))
            .await
            .json();
        assert_eq!(invites.as_array().unwrap().len(), 1, "{invites}");
        assert_eq!(invites[0]["display_name"], demo::INVITED_NAME);
        assert_eq!(invites[0]["role"], "worker");
        let log = app
            .get("/api/v1/team/access-log", Some(&coordinator))
            .await
            .json();
        assert!(log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["action"] == "invite_created"));
        let members = app
            .get("/api/v1/team/members", Some(&coordinator))
            .await
            .json();
        assert_eq!(members.as_array().unwrap().len(), 3);
        let sync_body =
            json!({"client_id": "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b", "cursor": null});
        app.post_json("/api/v1/sync", Some(&coordinator), &sync_body)
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");

        let worker = app.login("demo-worker-1", demo::PASSWORD).await;
        let response = app
            .post_json("/api/v1/sync", Some(&worker), &sync_body)
            .await;
        assert_eq!(response.status, StatusCode::OK);
        let records = response.json()["records"].as_array().unwrap().clone();
        let of_kind = |kind: &str| -> Vec<&Value> {
            records
                .iter()
                .filter(|record| record["kind"] == kind)
                .collect()
        };
        assert_eq!(of_kind("profile").len(), 1);
        let windows = of_kind("availability")[0]["fields"]["windows"]
            .as_array()
            .unwrap();
        assert!(windows
            .iter()
            .any(|window| window["start"].as_str() >= Some("18:00")));
        assert!(windows
            .iter()
            .any(|window| window["days"].as_array().unwrap().contains(&json!(6))));
        let service_users: Vec<&Value> = of_kind("contact")
            .into_iter()
            .filter(|contact| contact["fields"]["role"] == "service_user")
            .collect();
        assert_eq!(service_users.len(), 2);
        assert!(service_users
            .iter()
            .all(|contact| contact["fields"]["agreement_windows"].is_array()));
        let log_days: BTreeSet<&str> = of_kind("log")
            .iter()
            .map(|log| &log["fields"]["at"].as_str().unwrap()[..10])
            .collect();
        assert!(log_days.len() >= 12, "{log_days:?}");
        let checkins = of_kind("checkin");
        assert_eq!(checkins[0]["fields"]["share_with_coordinator"], true);
        assert_eq!(of_kind("absence").len(), 2);
        assert_eq!(of_kind("cover_request").len(), 2);
        assert_eq!(of_kind("agenda_item").len(), 1);
        assert!(service_users.iter().any(|contact| {
            contact["fields"]["kind_reply"].is_string()
                && contact["fields"]["agreement_changes"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty())
        }));

        // The team's cover: Ingrid's day off covered by Jonas, her Christmas not yet.
        let cover = app
            .get("/api/v1/team/cover", Some(&coordinator))
            .await
            .json();
        let covered: Vec<(&str, bool, Option<&str>)> = cover
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                (
                    entry["kind"].as_str().unwrap(),
                    entry["holiday_dates"].as_array().unwrap().is_empty(),
                    entry["covered_by"]["display_name"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            covered,
            [
                ("day_off", true, Some("Jonas Berg")),
                ("vacation", false, None)
            ]
        );
        // The coordinator's summary: the shared agenda item and time given after hours.
        let summary = app
            .get("/api/v1/team/summary", Some(&coordinator))
            .await
            .json();
        let ingrid = &summary["workers"][0];
        assert_eq!(ingrid["display_name"], "Ingrid Haugen");
        assert_eq!(ingrid["agenda"][0]["contact_name"], "Marius");
        let minutes = summary["workers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["after_hours_minutes"].as_u64().unwrap());
        assert!(minutes.sum::<u64>() > 0, "{summary}");
        // The share page: the day off ahead with Jonas, and the planned change.
        let share = app
            .get(&format!("/api/v1/share/{}", &first_share[3..]), None)
            .await
            .json();
        assert_eq!(
            share["upcoming_absences"][0]["stand_in"]["label"], "Jonas Berg",
            "{share}"
        );
        assert!(
            share["next_agreement_change"]["from"].is_string(),
            "{share}"
        );
        app
    })
    .await;
}
