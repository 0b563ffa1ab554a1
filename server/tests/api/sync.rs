//! `POST /sync` (api.md, Sync): push, pull, idempotency, merge, rejections, envelope errors,
//! cursors and paging, and the share-token index.

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::ids;
use peerline_server::{accounts::Role, tokens};
use serde_json::{json, Value};
use sqlx::Row;
use uuid::Uuid;

use super::support::{for_each_app, TestApp, TestResponse};

const CLIENT_A: &str = "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b";
const CLIENT_B: &str = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

/// An hlc `offset_ms` from the app's clock, written by `client`.
fn hlc(app: &TestApp, offset_ms: i64, counter: u16, client: &str) -> String {
    let millis = app.clock_millis() + offset_ms;
    format!("{millis:013}:{counter:04x}:{client}")
}

fn mutation(mid: u64, kind: &str, id: Uuid, hlc: &str, set: Value) -> Value {
    json!({"mid": mid, "kind": kind, "id": id.to_string(), "hlc": hlc, "set": set})
}

fn body(client: &str, cursor: Option<&str>, mutations: Vec<Value>) -> Value {
    json!({"client_id": client, "cursor": cursor, "mutations": mutations})
}

fn contact(name: &str) -> Value {
    json!({"name": name, "role": "service_user", "phone": "+47 912 34 567"})
}

fn log_of(contact_id: Uuid, at: &str) -> Value {
    json!({"contact_id": contact_id.to_string(), "at": at, "channel": "call",
           "direction": "incoming", "answered": false})
}

impl TestApp {
    fn clock_millis(&self) -> i64 {
        peerline_server::clock::Clock::now(&self.clock).timestamp_millis()
    }

    async fn sync(&self, token: &str, body: &Value) -> TestResponse {
        self.post_json("/api/v1/sync", Some(token), body).await
    }

    /// Syncs and expects 200; returns the body.
    async fn sync_ok(&self, token: &str, body: &Value) -> Value {
        let response = self.sync(token, body).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&response.body)
        );
        response.json()
    }

    /// Everything the database holds about records and sync state, to prove nothing changed.
    async fn sync_state(&self) -> Vec<String> {
        let mut state = Vec::new();
        for (table, order) in [
            ("records", "id"),
            ("sync_clients", "client_id"),
            ("share_tokens", "token_hash"),
        ] {
            let sql = format!("SELECT * FROM {table} ORDER BY {order}");
            for row in sqlx::query(&sql).fetch_all(self.db().pool()).await.unwrap() {
                let columns: Vec<String> = (0..row.len())
                    .map(|index| {
                        row.try_get::<Option<String>, _>(index)
                            .map(|value| format!("{value:?}"))
                            .or_else(|_| {
                                row.try_get::<Option<i64>, _>(index)
                                    .map(|v| format!("{v:?}"))
                            })
                            .unwrap()
                    })
                    .collect();
                state.push(format!("{table}: {}", columns.join(" | ")));
            }
        }
        let seqs = sqlx::query("SELECT change_seq FROM users ORDER BY id")
            .fetch_all(self.db().pool())
            .await
            .unwrap();
        state.extend(
            seqs.iter()
                .map(|row| format!("seq {}", row.get::<i64, _>("change_seq"))),
        );
        state
    }
}

fn record(response: &Value, id: Uuid) -> &Value {
    response["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["id"] == id.to_string())
        .unwrap_or_else(|| panic!("record {id} not in {response}"))
}

fn rejected_codes(response: &Value) -> Vec<(u64, String)> {
    response["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rejection| {
            assert!(rejection["message"].as_str().is_some_and(|m| !m.is_empty()));
            (
                rejection["mid"].as_u64().unwrap(),
                rejection["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_push_is_applied_and_pulled_back_with_private_fields() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        let mut set = contact("Kari");
        set["notes"] = json!("private note");
        let response = app
            .sync_ok(
                &token,
                &body(
                    CLIENT_A,
                    None,
                    vec![mutation(1, "contact", id, &hlc(&app, 0, 0, CLIENT_A), set)],
                ),
            )
            .await;
        assert_eq!(response["last_mid"], 1);
        assert_eq!(response["rejected"], json!([]));
        assert_eq!(response["more"], false);
        assert_eq!(response["server_time"], "2026-11-26T15:45:00Z");
        assert!(response["cursor"].is_string());
        assert_eq!(
            response["records"],
            json!([{"kind": "contact", "id": id.to_string(), "deleted": false,
                    "fields": {"name": "Kari", "role": "service_user", "phone": "+47 912 34 567",
                               "notes": "private note"}}])
        );
        // Nothing new since that cursor.
        let cursor = response["cursor"].as_str().unwrap();
        let again = app
            .sync_ok(&token, &body(CLIENT_A, Some(cursor), vec![]))
            .await;
        assert_eq!(again["records"], json!([]));
        assert_eq!(again["last_mid"], 1);
        app
    })
    .await;
}

#[tokio::test]
async fn replaying_a_batch_changes_nothing_and_reports_nothing_again() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        let batch = body(
            CLIENT_A,
            None,
            vec![
                mutation(
                    1,
                    "contact",
                    id,
                    &hlc(&app, 0, 0, CLIENT_A),
                    contact("Kari"),
                ),
                mutation(
                    2,
                    "contact",
                    id,
                    &hlc(&app, 0, 1, CLIENT_A),
                    json!({"name": 42}),
                ),
                mutation(
                    3,
                    "contact",
                    id,
                    &hlc(&app, 0, 2, CLIENT_A),
                    json!({"phone": "+47 1"}),
                ),
            ],
        );
        let first = app.sync_ok(&token, &batch).await;
        assert_eq!(first["last_mid"], 3);
        assert_eq!(
            rejected_codes(&first),
            vec![(2, "invalid_field".to_owned())]
        );
        let state = app.sync_state().await;
        app.clock.advance(Duration::seconds(5));
        let second = app.sync_ok(&token, &batch).await;
        assert_eq!(second["last_mid"], 3);
        assert_eq!(second["rejected"], json!([]));
        assert_eq!(record(&second, id), record(&first, id));
        let mut state_after = app.sync_state().await;
        // Only the per-user sequence moved (every request takes a number).
        state_after.retain(|line| !line.starts_with("seq") && !line.starts_with("sync_clients"));
        let mut state_before = state;
        state_before.retain(|line| !line.starts_with("seq") && !line.starts_with("sync_clients"));
        assert_eq!(state_before, state_after);
        app
    })
    .await;
}

#[tokio::test]
async fn only_mids_above_the_last_applied_are_applied_in_order_with_gaps_allowed() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        let first = app
            .sync_ok(
                &token,
                &body(
                    CLIENT_A,
                    None,
                    vec![mutation(
                        5,
                        "contact",
                        id,
                        &hlc(&app, 0, 0, CLIENT_A),
                        contact("Kari"),
                    )],
                ),
            )
            .await;
        assert_eq!(first["last_mid"], 5);
        // mid 4 is below the last applied: skipped, even though its hlc is later.
        let second = app
            .sync_ok(
                &token,
                &body(
                    CLIENT_A,
                    None,
                    vec![
                        mutation(
                            4,
                            "contact",
                            id,
                            &hlc(&app, 1000, 0, CLIENT_A),
                            json!({"name": "Skipped"}),
                        ),
                        mutation(
                            5,
                            "contact",
                            id,
                            &hlc(&app, 1000, 1, CLIENT_A),
                            json!({"name": "Skipped too"}),
                        ),
                        mutation(
                            10,
                            "contact",
                            id,
                            &hlc(&app, 1000, 2, CLIENT_A),
                            json!({"name": "Applied"}),
                        ),
                        mutation(
                            11,
                            "contact",
                            id,
                            &hlc(&app, 1000, 3, CLIENT_A),
                            json!({"name": "Applied last"}),
                        ),
                    ],
                ),
            )
            .await;
        assert_eq!(second["last_mid"], 11);
        assert_eq!(record(&second, id)["fields"]["name"], "Applied last");
        // Another client of the same user starts at 0.
        let other = app
            .sync_ok(
                &token,
                &body(
                    CLIENT_B,
                    None,
                    vec![mutation(
                        1,
                        "contact",
                        id,
                        &hlc(&app, 2000, 0, CLIENT_B),
                        json!({"phone": "+47 2"}),
                    )],
                ),
            )
            .await;
        assert_eq!(other["last_mid"], 1);
        assert_eq!(record(&other, id)["fields"]["phone"], "+47 2");
        app
    })
    .await;
}

#[tokio::test]
async fn merge_is_per_field_last_writer_wins_whatever_the_arrival_order() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        let mut results = Vec::new();
        for (username, a_first) in [("first", true), ("second", false)] {
            app.user(team, Role::Worker, username, "sync password")
                .await;
            let token = app.login(username, "sync password").await;
            let id = Uuid::new_v4();
            let client_c = Uuid::new_v4().to_string();
            let base = Uuid::new_v4().to_string();
            app.sync_ok(
                &token,
                &body(
                    &base,
                    None,
                    vec![mutation(
                        1,
                        "contact",
                        id,
                        &hlc(&app, 0, 0, &base),
                        contact("Base"),
                    )],
                ),
            )
            .await;
            let from_a = body(
                CLIENT_A,
                None,
                vec![mutation(
                    1,
                    "contact",
                    id,
                    &hlc(&app, 2000, 0, CLIENT_A),
                    json!({"name": "Name by A (later)", "phone": "+47 111"}),
                )],
            );
            let from_b = body(
                CLIENT_B,
                None,
                vec![mutation(
                    1,
                    "contact",
                    id,
                    &hlc(&app, 1000, 0, CLIENT_B),
                    json!({"name": "Name by B (earlier)", "phone": "+47 2"}),
                )],
            );
            let from_c = body(
                &client_c,
                None,
                vec![mutation(
                    1,
                    "contact",
                    id,
                    &hlc(&app, 3000, 0, &client_c),
                    json!({"phone": "+47 333"}),
                )],
            );
            let order = if a_first {
                [&from_a, &from_b, &from_c]
            } else {
                [&from_c, &from_b, &from_a]
            };
            for batch in order {
                let response = app.sync_ok(&token, batch).await;
                assert_eq!(response["rejected"], json!([]), "{response}");
            }
            let pulled = app.sync_ok(&token, &body(CLIENT_A, None, vec![])).await;
            results.push(record(&pulled, id)["fields"].clone());
        }
        assert_eq!(results[0], results[1]);
        assert_eq!(
            results[0],
            json!({"name": "Name by A (later)", "phone": "+47 333", "role": "service_user"})
        );
        app
    })
    .await;
}

#[tokio::test]
async fn tombstones_are_fields_with_hlcs() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        let write = |mid, offset, deleted: Option<bool>| {
            let mut value = mutation(
                mid,
                "contact",
                id,
                &hlc(&app, offset, 0, CLIENT_A),
                json!({}),
            );
            if let Some(deleted) = deleted {
                value["deleted"] = json!(deleted);
            }
            value
        };
        let mut create = write(1, 0, None);
        create["set"] = contact("Kari");
        app.sync_ok(&token, &body(CLIENT_A, None, vec![create]))
            .await;
        let deleted = app
            .sync_ok(
                &token,
                &body(CLIENT_A, None, vec![write(2, 2000, Some(true))]),
            )
            .await;
        assert_eq!(record(&deleted, id)["deleted"], true);
        assert_eq!(record(&deleted, id)["fields"]["name"], "Kari");
        // An older undelete loses; a later one wins.
        let older = app
            .sync_ok(
                &token,
                &body(CLIENT_A, None, vec![write(3, 1000, Some(false))]),
            )
            .await;
        assert_eq!(record(&older, id)["deleted"], true);
        let later = app
            .sync_ok(
                &token,
                &body(CLIENT_A, None, vec![write(4, 3000, Some(false))]),
            )
            .await;
        assert_eq!(record(&later, id)["deleted"], false);
        app
    })
    .await;
}

#[tokio::test]
async fn invalid_mutations_are_rejected_with_their_codes_and_still_count_as_applied() {
    for_each_app(|app| async move {
        let (user_id, token) = app.worker("ola").await;
        let (_, other_token) = app.worker("kari").await;
        let foreign = Uuid::new_v4();
        app.sync_ok(&other_token, &body(CLIENT_B, None, vec![
            mutation(1, "contact", foreign, &hlc(&app, 0, 0, CLIENT_B), contact("Not yours")),
        ]))
        .await;
        let own_contact = Uuid::new_v4();
        let now = hlc(&app, 0, 0, CLIENT_A);
        let at_now = "2026-11-26T15:40:00Z";
        let mutations = vec![
            json!({"mid": 1, "kind": "nonsense", "id": Uuid::new_v4().to_string(), "hlc": now, "set": {}}),
            mutation(2, "contact", Uuid::new_v4(), &now, json!({"name": "X", "nickname": "Y"})),
            mutation(3, "contact", Uuid::new_v4(), &now, json!({"name": 42})),
            mutation(4, "contact", Uuid::new_v4(), &now, json!({"name": "X", "role": "boss"})),
            mutation(5, "contact", Uuid::new_v4(), "garbage", contact("X")),
            mutation(6, "contact", Uuid::new_v4(), &hlc(&app, 11 * 60 * 1000, 0, CLIENT_A), contact("X")),
            mutation(7, "contact", foreign, &now, json!({"name": "Mine now"})),
            mutation(8, "profile", Uuid::new_v4(), &now, json!({"display_name": "X"})),
            mutation(9, "availability", ids::availability_id(foreign), &now, json!({"windows": []})),
            mutation(10, "log", Uuid::new_v4(), &now, log_of(Uuid::new_v4(), at_now)),
            mutation(11, "log", Uuid::new_v4(), &now, log_of(foreign, at_now)),
            mutation(12, "log", Uuid::new_v4(), &now, log_of(own_contact, at_now)),
            mutation(13, "contact", own_contact, &now, contact("Mine")),
            mutation(14, "log", Uuid::new_v4(), &now, log_of(own_contact, "2026-11-26T17:00:00Z")),
            mutation(15, "contact", Uuid::new_v4(), &now, json!({"phone": "+47 1"})),
            mutation(16, "contact", own_contact, &now, json!({}) ),
        ];
        let state_before = app.sync_state().await.len();
        let response = app.sync_ok(&token, &body(CLIENT_A, None, mutations)).await;
        assert_eq!(response["last_mid"], 16);
        let expected: Vec<(u64, String)> = [
            (1, "unknown_kind"),
            (2, "unknown_field"),
            (3, "invalid_field"),
            (4, "invalid_field"),
            (5, "invalid_hlc"),
            (6, "clock_skew"),
            (7, "forbidden"),
            (8, "forbidden"),
            (9, "forbidden"),
            (10, "invalid_field"),
            (11, "invalid_field"),
            (12, "invalid_field"),
            (14, "invalid_field"),
            (15, "invalid_field"),
        ]
        .into_iter()
        .map(|(mid, code)| (mid, code.to_owned()))
        .collect();
        assert_eq!(rejected_codes(&response), expected, "{response}");
        // Only the contact of mid 13 was written; the other worker's contact is untouched.
        let records = response["records"].as_array().unwrap();
        assert_eq!(records.len(), 1, "{response}");
        assert_eq!(records[0]["id"], own_contact.to_string());
        assert_eq!(app.sync_state().await.len(), state_before + 2);
        let theirs = app.sync_ok(&other_token, &body(CLIENT_B, None, vec![])).await;
        assert_eq!(record(&theirs, foreign)["fields"]["name"], "Not yours");
        let _ = user_id;
        app
    })
    .await;
}

#[tokio::test]
async fn derived_ids_clock_skew_margin_and_same_request_contacts_are_accepted() {
    for_each_app(|app| async move {
        let (user_id, token) = app.worker("ola").await;
        let contact_id = Uuid::new_v4();
        let log_id = Uuid::new_v4();
        let response = app
            .sync_ok(&token, &body(CLIENT_A, None, vec![
                mutation(1, "profile", ids::profile_id(user_id), &hlc(&app, 0, 0, CLIENT_A),
                    json!({"display_name": "Ola", "timezone": "Europe/Oslo"})),
                mutation(2, "availability", ids::availability_id(user_id), &hlc(&app, 0, 1, CLIENT_A),
                    json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "16:00", "end": "21:00"}]})),
                mutation(3, "contact", contact_id, &hlc(&app, 9 * 60 * 1000, 0, CLIENT_A), contact("Kari")),
                mutation(4, "log", log_id, &hlc(&app, 0, 2, CLIENT_A),
                    log_of(contact_id, "2026-11-26T15:50:00Z")),
            ]))
            .await;
        assert_eq!(response["rejected"], json!([]), "{response}");
        assert_eq!(response["records"].as_array().unwrap().len(), 4);
        let occurred_at: Option<i64> = sqlx::query("SELECT occurred_at FROM records WHERE id = $1")
            .bind(log_id.to_string())
            .fetch_one(app.db().pool())
            .await
            .unwrap()
            .get("occurred_at");
        assert_eq!(
            occurred_at,
            Some(chrono::DateTime::parse_from_rfc3339("2026-11-26T15:50:00Z").unwrap().timestamp_millis())
        );
        app
    })
    .await;
}

#[tokio::test]
async fn malformed_requests_are_refused_whole_and_change_nothing() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let good = |mid: Value| {
            json!({"mid": mid, "kind": "contact", "id": Uuid::new_v4().to_string(),
                   "hlc": hlc(&app, 0, 0, CLIENT_A), "set": contact("Kari")})
        };
        let before = app.sync_state().await;
        let bad_bodies: Vec<Vec<u8>> = vec![
            b"{not json".to_vec(),
            b"".to_vec(),
            json!([]).to_string().into_bytes(),
            json!({"cursor": null, "mutations": []}).to_string().into_bytes(),
            json!({"client_id": 5, "mutations": []}).to_string().into_bytes(),
            json!({"client_id": "device-1", "mutations": []}).to_string().into_bytes(),
            json!({"client_id": CLIENT_A, "cursor": 3}).to_string().into_bytes(),
            json!({"client_id": CLIENT_A, "mutations": {"mid": 1}}).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(1)), json!("not an object")]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(1)), good(json!(-3))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(0))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(1.5))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!("1"))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(9_007_199_254_740_992_u64))]).to_string().into_bytes(),
            br#"{"client_id": "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b", "mutations": [{"mid": 1e300}]}"#.to_vec(),
            br#"{"client_id": "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b", "mutations": [{"mid": 99999999999999999999999}]}"#.to_vec(),
            body(CLIENT_A, None, vec![good(json!(2)), good(json!(2))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![good(json!(3)), good(json!(2))]).to_string().into_bytes(),
            body(CLIENT_A, None, vec![json!({"mid": 1, "kind": "contact", "id": Uuid::new_v4().to_string(),
                "hlc": hlc(&app, 0, 0, CLIENT_A), "set": ["name"]})]).to_string().into_bytes(),
        ];
        for bad in bad_bodies {
            let response = app
                .call(axum::http::Method::POST, "/api/v1/sync", Some(&token), Some(bad.clone()))
                .await;
            response.assert_error(StatusCode::BAD_REQUEST, "invalid_request");
            assert_eq!(app.sync_state().await, before, "{}", String::from_utf8_lossy(&bad));
        }

        let too_many: Vec<Value> = (1..=1001).map(|mid| good(json!(mid))).collect();
        app.sync(&token, &body(CLIENT_A, None, too_many))
            .await
            .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations");
        let mut oversized = contact("Kari");
        oversized["notes"] = json!("x".repeat(1024 * 1024));
        app.sync(&token, &body(CLIENT_A, None, vec![mutation(1, "contact", Uuid::new_v4(), &hlc(&app, 0, 0, CLIENT_A), oversized)]))
            .await
            .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert_eq!(app.sync_state().await, before);
        app
    })
    .await;
}

#[tokio::test]
async fn only_authenticated_workers_may_sync() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Coordinator, "lead", "lead password")
            .await;
        let coordinator = app.login("lead", "lead password").await;
        let (_, worker) = app.worker("ola").await;
        let batch = body(
            CLIENT_A,
            None,
            vec![mutation(
                1,
                "contact",
                Uuid::new_v4(),
                &hlc(&app, 0, 0, CLIENT_A),
                contact("Kari"),
            )],
        );
        let before = app.sync_state().await;
        app.post_json("/api/v1/sync", None, &batch)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.sync(&tokens::new_token(), &batch)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        app.sync(&coordinator, &batch)
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
        app.clock.advance(Duration::days(31));
        app.sync(&worker, &batch)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(app.sync_state().await, before);
        app
    })
    .await;
}

#[tokio::test]
async fn pulls_page_by_cursor_with_more_and_return_only_own_changes() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let (_, other) = app.worker("kari").await;
        app.sync_ok(
            &other,
            &body(
                CLIENT_B,
                None,
                vec![mutation(
                    1,
                    "contact",
                    Uuid::new_v4(),
                    &hlc(&app, 0, 0, CLIENT_B),
                    contact("Theirs"),
                )],
            ),
        )
        .await;
        let total = 5_600_u64;
        let mut ids = Vec::new();
        for chunk_start in (0..total).step_by(1000) {
            let mutations: Vec<Value> = (chunk_start..(chunk_start + 1000).min(total))
                .map(|index| {
                    let id = Uuid::new_v4();
                    ids.push(id.to_string());
                    mutation(
                        index + 1,
                        "contact",
                        id,
                        &hlc(&app, 0, index as u16, CLIENT_A),
                        contact("C"),
                    )
                })
                .collect();
            app.sync_ok(&token, &body(CLIENT_A, Some("not a cursor"), mutations))
                .await;
        }
        let first = app.sync_ok(&token, &body(CLIENT_A, None, vec![])).await;
        assert_eq!(first["records"].as_array().unwrap().len(), 5000);
        assert_eq!(first["more"], true);
        let second = app
            .sync_ok(&token, &body(CLIENT_A, first["cursor"].as_str(), vec![]))
            .await;
        assert_eq!(second["records"].as_array().unwrap().len(), 600);
        assert_eq!(second["more"], false);
        let mut pulled: Vec<String> = [&first, &second]
            .iter()
            .flat_map(|page| page["records"].as_array().unwrap().iter())
            .map(|record| record["id"].as_str().unwrap().to_owned())
            .collect();
        pulled.sort();
        ids.sort();
        assert_eq!(pulled, ids);

        // After the last page only new changes come, including a change made by the request itself.
        let changed = Uuid::parse_str(&ids[17]).unwrap();
        let third = app
            .sync_ok(
                &token,
                &body(
                    CLIENT_A,
                    second["cursor"].as_str(),
                    vec![mutation(
                        6000,
                        "contact",
                        changed,
                        &hlc(&app, 5000, 0, CLIENT_A),
                        json!({"name": "Renamed"}),
                    )],
                ),
            )
            .await;
        assert_eq!(third["records"].as_array().unwrap().len(), 1);
        assert_eq!(record(&third, changed)["fields"]["name"], "Renamed");
        let fourth = app
            .sync_ok(&token, &body(CLIENT_A, third["cursor"].as_str(), vec![]))
            .await;
        assert_eq!(fourth["records"], json!([]));
        // An unknown cursor means everything again.
        let everything = app
            .sync_ok(&token, &body(CLIENT_A, Some("bm9wZQ"), vec![]))
            .await;
        assert_eq!(everything["records"].as_array().unwrap().len(), 5000);
        app
    })
    .await;
}

#[tokio::test]
async fn share_tokens_are_indexed_by_hash_and_die_when_replaced_unset_or_deleted() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        let first_token = tokens::new_token();
        let second_token = tokens::new_token();
        let share_hashes = || async {
            sqlx::query("SELECT token_hash FROM share_tokens")
                .fetch_all(app.db().pool())
                .await
                .unwrap()
                .iter()
                .map(|row| row.get::<String, _>("token_hash"))
                .collect::<Vec<_>>()
        };
        let mut set = contact("Kari");
        set["share_token"] = json!(first_token);
        app.sync_ok(
            &token,
            &body(
                CLIENT_A,
                None,
                vec![mutation(1, "contact", id, &hlc(&app, 0, 0, CLIENT_A), set)],
            ),
        )
        .await;
        assert_eq!(share_hashes().await, vec![tokens::token_hash(&first_token)]);
        let public: String = sqlx::query("SELECT fields FROM records WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(app.db().pool())
            .await
            .unwrap()
            .get("fields");
        assert!(
            !public.contains(&first_token),
            "the token is kept with the private fields only"
        );

        let steps = [
            (
                json!({"share_token": second_token}),
                None,
                vec![tokens::token_hash(&second_token)],
            ),
            (json!({"share_token": null}), None, vec![]),
            (
                json!({"share_token": first_token}),
                None,
                vec![tokens::token_hash(&first_token)],
            ),
            (json!({}), Some(true), vec![]),
            (
                json!({}),
                Some(false),
                vec![tokens::token_hash(&first_token)],
            ),
        ];
        for (mid, (set, deleted, expected)) in (2_u64..).zip(steps) {
            let mut value = mutation(mid, "contact", id, &hlc(&app, mid as i64, 0, CLIENT_A), set);
            if let Some(deleted) = deleted {
                value["deleted"] = json!(deleted);
            }
            let response = app
                .sync_ok(&token, &body(CLIENT_A, None, vec![value]))
                .await;
            assert_eq!(response["rejected"], json!([]), "{response}");
            assert_eq!(share_hashes().await, expected, "after mid {mid}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn concurrent_syncs_of_one_worker_lose_no_write() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("ola").await;
        let id = Uuid::new_v4();
        app.sync_ok(
            &token,
            &body(
                CLIENT_A,
                None,
                vec![mutation(
                    1,
                    "contact",
                    id,
                    &hlc(&app, 0, 0, CLIENT_A),
                    contact("Kari"),
                )],
            ),
        )
        .await;
        let fields = ["phone", "expectations", "review_on", "started_on"];
        let values = ["+47 5", "Evenings only", "2027-01-01", "2026-01-01"];
        let requests = fields
            .iter()
            .zip(values)
            .enumerate()
            .map(|(index, (field, value))| {
                let client = Uuid::new_v4().to_string();
                let batch = body(
                    &client,
                    None,
                    vec![mutation(
                        1,
                        "contact",
                        id,
                        &hlc(&app, 100, index as u16, &client),
                        json!({*field: value}),
                    )],
                );
                let app = &app;
                let token = &token;
                async move { app.sync(token, &batch).await.status }
            });
        let statuses = futures_util::future::join_all(requests).await;
        assert!(
            statuses.iter().all(|status| *status == StatusCode::OK),
            "{statuses:?}"
        );
        let pulled = app.sync_ok(&token, &body(CLIENT_A, None, vec![])).await;
        for (field, value) in fields.iter().zip(values) {
            assert_eq!(record(&pulled, id)["fields"][*field], value);
        }
        app
    })
    .await;
}
