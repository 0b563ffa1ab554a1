//! The guidance loop on the server (api.md, "Additions to existing answers"): the summary's
//! after-hours minutes and the shared agenda (never a note), the CSV's two minute columns, and
//! the share page's next planned change of the agreement.

use axum::http::StatusCode;
use peerline_core::ids;
use peerline_server::{accounts::Role, tokens};
use serde_json::{json, Value};
use uuid::Uuid;

use super::cover::Member;
use super::support::for_each_app;

/// Anna (evenings 17-21 Mon-Fri), Ola with logs in week 2026-W48 (two after hours with 15 and
/// no minutes, one inside with 30), a planned change of Ola's agreement, and agenda items:
/// shared, unshared, discussed.
async fn anna_and_cora(app: &super::support::TestApp) -> (Member, Member, Uuid, String) {
    let team = app.team("Team A").await;
    let mut anna = Member::new(app, team, Role::Worker, "anna").await;
    let cora = Member::new(app, team, Role::Coordinator, "cora").await;
    let (ola, share_token) = (Uuid::new_v4(), tokens::new_token());
    let log = |at: &str, minutes: Value| {
        json!({"contact_id": ola, "at": at, "channel": "call", "direction": "incoming",
               "answered": true, "minutes": minutes, "note": "CANARY-LOG"})
    };
    let item = |topic: &str, extra: Value| {
        let mut fields = json!({"week": "2026-W48", "topic": topic, "note": "CANARY-AGENDA"});
        fields
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        fields
    };
    let writes = vec![
        (
            "profile",
            ids::profile_id(anna.id),
            json!({"display_name": "Anna"}),
            None,
        ),
        (
            "availability",
            ids::availability_id(anna.id),
            json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"}]}),
            None,
        ),
        (
            "contact",
            ola,
            json!({"name": "Ola", "max_contacts_per_day": 3, "share_token": share_token,
            "agreement_changes": [{"from": "2026-12-07", "max_contacts_per_day": 2,
                "agreement_windows": [{"days": [1, 3], "start": "18:00", "end": "20:00"}]}]}),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log("2026-11-23T21:30:00Z", json!(15)),
            None,
        ), // Mon 22:30
        (
            "log",
            Uuid::new_v4(),
            log("2026-11-24T06:00:00Z", Value::Null),
            None,
        ), // Tue 07:00
        (
            "log",
            Uuid::new_v4(),
            log("2026-11-24T17:00:00Z", json!(30)),
            None,
        ), // Tue 18:00
        (
            "agenda_item",
            Uuid::from_u128(2),
            item(
                "boundaries",
                json!({"contact_id": ola, "share_with_coordinator": true}),
            ),
            None,
        ),
        (
            "agenda_item",
            Uuid::from_u128(1),
            item("my_wellbeing", json!({"share_with_coordinator": true})),
            None,
        ),
        (
            "agenda_item",
            Uuid::from_u128(3),
            item("ending", json!({})),
            None,
        ),
        (
            "agenda_item",
            Uuid::from_u128(4),
            item(
                "after_hours",
                json!({"share_with_coordinator": true,
            "discussed_on": "2026-11-25"}),
            ),
            None,
        ),
    ];
    assert_eq!(anna.sync(app, writes).await, Vec::<String>::new());
    (anna, cora, ola, share_token)
}

#[tokio::test]
async fn the_summary_shows_after_hours_minutes_and_the_shared_agenda_without_notes() {
    for_each_app(|app| async move {
        let (_, cora, ola, _) = anna_and_cora(&app).await;
        let response = app.get("/api/v1/team/summary?week=2026-W48", Some(&cora.token)).await;
        assert_eq!(response.status, StatusCode::OK);
        let body = response.json();
        let worker = &body["workers"][0];
        assert_eq!((worker["after_hours_minutes"].clone(), worker["after_hours_untimed"].clone()), (json!(15), json!(1)));
        let row = &worker["service_users"][0];
        assert_eq!(row["contact_id"], json!(ola));
        assert_eq!((row["after_hours_minutes"].clone(), row["after_hours_untimed"].clone()), (json!(15), json!(1)));
        assert_eq!(
            worker["agenda"],
            json!([
                {"id": Uuid::from_u128(1), "week": "2026-W48", "topic": "my_wellbeing", "contact_name": null},
                {"id": Uuid::from_u128(2), "week": "2026-W48", "topic": "boundaries", "contact_name": "Ola"},
            ])
        );
        let text = String::from_utf8_lossy(&response.body);
        assert!(!text.contains("CANARY"), "{text}");

        let csv = app.get("/api/v1/team/summary.csv?week=2026-W48", Some(&cora.token)).await;
        let csv = String::from_utf8_lossy(&csv.body).into_owned();
        let rows: Vec<Vec<&str>> = csv.lines().map(|line| line.split(',').collect()).collect();
        let column = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
        let minutes: Vec<(&str, &str, &str)> = rows[1..]
            .iter()
            .map(|row| (row[column("row")], row[column("after_hours_minutes")], row[column("after_hours_untimed")]))
            .collect();
        assert_eq!(minutes, [("service_user", "15", "1"), ("total", "15", "1")]);
        assert!(!csv.contains("CANARY"));
        app
    })
    .await;
}

#[tokio::test]
async fn the_share_page_shows_the_next_change_of_the_agreement() {
    for_each_app(|app| async move {
        let (_, _, _, share_token) = anna_and_cora(&app).await;
        let body = app
            .get(&format!("/api/v1/share/{share_token}"), None)
            .await
            .json();
        assert_eq!(
            body["next_agreement_change"],
            json!({"from": "2026-12-07", "expectations": null,
                   "limits": {"per_day": 2, "per_week": null},
                   "windows": [{"days": [1, 3], "start": "18:00", "end": "20:00"}]})
        );
        assert_eq!(body["limits"], json!({"per_day": 3, "per_week": null}));
        // Past the change, its limit and windows are in force.
        app.clock.advance(chrono::Duration::days(11)); // Monday 7 December, 16:45
        let body = app
            .get(&format!("/api/v1/share/{share_token}"), None)
            .await
            .json();
        assert_eq!(body["next_agreement_change"], Value::Null);
        assert_eq!(body["limits"], json!({"per_day": 2, "per_week": null}));
        assert_eq!(body["reachability"]["next_start"], "2026-12-07T17:00:00Z");
        app
    })
    .await;
}
