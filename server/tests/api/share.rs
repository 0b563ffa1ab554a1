//! The service user's share link (api.md, "Service-user share"): the exact keys of the answer and
//! nothing private in it, one 404 for every dead token, links for service users only, tokens kept out of every response but the
//! worker's own sync and out of the database except the owner's private fields, the state following
//! the worker's changes, the calendar, and the page's own entry file and service worker.
//!
//! The worker's side is written the way the app writes it: `POST /sync` with mutations.

use std::fs;

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::ids;
use peerline_server::tokens;
use serde_json::{json, Value};
use sqlx::{Column, Row};
use uuid::Uuid;

use super::support::{for_each_app, TestApp, TestResponse};

const CLIENT: &str = "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b";
/// Words planted in private fields and in records the link must not show.
const CANARIES: [&str; 5] = [
    "CANARY-NOTE",
    "CANARY-LOG-NOTE",
    "CANARY-CHECKIN",
    "Kari-Colleague",
    "+47 912 34 567",
];

/// A worker with a shared service user, written through sync.
struct Shared {
    worker_token: String,
    user_id: Uuid,
    ola: Uuid,
    share_token: String,
    next_mid: u64,
}

impl Shared {
    /// Per, reachable Monday to Friday 16:00-21:00 Oslo time; Ola with an agreement, a private
    /// note, a phone of his own and the link; a colleague and a coordinator; a log and a check-in
    /// with private notes. The test clock starts on Thursday 26 November 2026, 16:45 in Oslo.
    async fn new(app: &TestApp) -> Shared {
        let (user_id, worker_token) = app.worker("per").await;
        let ola = Uuid::new_v4();
        let share_token = tokens::new_token();
        let mut shared = Shared {
            worker_token,
            user_id,
            ola,
            share_token: share_token.clone(),
            next_mid: 1,
        };
        let now = app.now_rfc3339();
        shared
            .write(
                app,
                vec![
                    (
                        "profile",
                        ids::profile_id(user_id),
                        json!({
                        "display_name": "Per", "phone": "+47 400 12 345",
                        "away_message": "Resting now, talk soon"}),
                    ),
                    (
                        "availability",
                        ids::availability_id(user_id),
                        json!({
                        "windows": [{"days": [1, 2, 3, 4, 5], "start": "16:00", "end": "21:00"}]}),
                    ),
                    (
                        "contact",
                        ola,
                        json!({
                        "name": "Ola", "role": "service_user", "phone": "+47 912 34 567",
                        "notes": "CANARY-NOTE", "max_contacts_per_day": 3,
                        "expectations": "Call in the evening", "share_token": share_token}),
                    ),
                    (
                        "contact",
                        Uuid::new_v4(),
                        json!({
                        "name": "Kari-Colleague", "role": "colleague", "phone": "+47 400 00 000"}),
                    ),
                    (
                        "contact",
                        Uuid::new_v4(),
                        json!({
                        "name": "Kim", "role": "coordinator", "phone": "+47 900 00 001"}),
                    ),
                    (
                        "log",
                        Uuid::new_v4(),
                        json!({
                        "contact_id": ola, "at": now, "channel": "call", "direction": "incoming",
                        "answered": true, "note": "CANARY-LOG-NOTE"}),
                    ),
                    (
                        "checkin",
                        ids::checkin_id(user_id, "2026-W48".parse().unwrap()),
                        json!({
                        "week": "2026-W48", "energy": 3, "strain": 2, "burnout": 2,
                        "needs_guidance": false, "note": "CANARY-CHECKIN"}),
                    ),
                ],
            )
            .await;
        shared
    }

    /// Syncs `mutations` (kind, id, fields) and expects every one accepted; returns the body.
    async fn write(&mut self, app: &TestApp, mutations: Vec<(&str, Uuid, Value)>) -> Value {
        let body = self.push(app, mutations).await;
        assert_eq!(body["rejected"], json!([]), "{body}");
        body
    }

    /// Syncs `mutations` (kind, id, fields); returns the body, rejections and all.
    async fn push(&mut self, app: &TestApp, mutations: Vec<(&str, Uuid, Value)>) -> Value {
        let millis = app.now_millis();
        let mutations: Vec<Value> = mutations
            .into_iter()
            .map(|(kind, id, set)| {
                let mid = self.next_mid;
                self.next_mid += 1;
                let hlc = format!("{millis:013}:{mid:04x}:{CLIENT}");
                json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": set})
            })
            .collect();
        let response = app
            .post_json(
                "/api/v1/sync",
                Some(&self.worker_token),
                &json!({"client_id": CLIENT, "cursor": null, "mutations": mutations}),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
        response.json()
    }

    fn path(&self) -> String {
        format!("/api/v1/share/{}", self.share_token)
    }
}

impl TestApp {
    fn now_millis(&self) -> i64 {
        peerline_server::clock::Clock::now(&self.clock).timestamp_millis()
    }

    fn now_rfc3339(&self) -> String {
        peerline_server::clock::Clock::now(&self.clock)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

fn text(response: &TestResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

/// The object's keys, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn the_answer_has_exactly_the_contract_keys_and_nothing_private() {
    for_each_app(|app| async move {
        let shared = Shared::new(&app).await;
        let response = app.get(&shared.path(), None).await;
        assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
        assert_eq!(response.header("cache-control"), Some("no-store"));
        let body = response.json();
        assert_eq!(
            keys(&body),
            [
                "contact",
                "expectations",
                "fallbacks",
                "generated_at",
                "limits",
                "next_agreement_change",
                "reachability",
                "timezone",
                "upcoming_absences",
                "windows",
                "worker"
            ]
        );
        assert_eq!(
            body["worker"],
            json!({"display_name": "Per", "phone": "+47 400 12 345"})
        );
        assert_eq!(body["contact"], json!({"name": "Ola"}));
        assert_eq!(body["timezone"], "Europe/Oslo");
        assert_eq!(
            body["reachability"],
            json!({"state": "reachable", "until": "2026-11-26T20:00:00Z", "next_start": null,
                   "message": null})
        );
        assert_eq!(body["expectations"], "Call in the evening");
        assert_eq!(body["limits"], json!({"per_day": 3, "per_week": null}));
        assert_eq!(body["generated_at"], "2026-11-26T15:45:00Z");
        let windows = body["windows"].as_array().unwrap();
        // Thursday 26 November to Thursday 10 December, whose window starts before 16:45.
        assert_eq!(windows.len(), 11, "two weeks of weekdays");
        for window in windows {
            assert_eq!(keys(window), ["end", "start"]);
        }
        assert_eq!(
            windows[0],
            json!({"start": "2026-11-26T15:00:00Z", "end": "2026-11-26T20:00:00Z"})
        );
        assert_eq!(
            body["fallbacks"][0],
            json!({"label": "Kim", "phone": "+47 900 00 001"})
        );
        for fallback in body["fallbacks"].as_array().unwrap() {
            assert_eq!(keys(fallback), ["label", "phone"]);
        }
        let raw = text(&response);
        for canary in CANARIES.iter().chain([&shared.share_token.as_str()]) {
            assert!(!raw.contains(canary), "{canary} leaked into {raw}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn every_dead_token_gets_the_same_404() {
    for_each_app(|app| async move {
        let mut shared = Shared::new(&app).await;
        let live = shared.share_token.clone();
        let never = tokens::new_token();
        let mut dead = vec![never, "short".to_owned(), "a.b".to_owned()];

        // A new link kills the old one.
        let replacement = tokens::new_token();
        let ola = shared.ola;
        shared
            .write(&app, vec![("contact", ola, json!({"share_token": replacement}))])
            .await;
        dead.push(live);
        // Sharing off kills the new one too.
        shared
            .write(&app, vec![("contact", ola, json!({"share_token": null}))])
            .await;
        dead.push(replacement);
        // A deleted contact's link dies; so does an ended relationship's.
        let (ended, deleted) = (Uuid::new_v4(), Uuid::new_v4());
        let (ended_token, deleted_token) = (tokens::new_token(), tokens::new_token());
        shared
            .write(
                &app,
                vec![
                    ("contact", ended, json!({"name": "Eva", "status": "ended",
                                               "share_token": ended_token})),
                    ("contact", deleted, json!({"name": "Dag", "share_token": deleted_token})),
                ],
            )
            .await;
        let tombstone = json!({"mid": shared.next_mid, "kind": "contact", "id": deleted,
            "hlc": format!("{:013}:0000:{CLIENT}", app.now_millis() + 1), "set": {}, "deleted": true});
        let response = app
            .post_json(
                "/api/v1/sync",
                Some(&shared.worker_token),
                &json!({"client_id": CLIENT, "cursor": null, "mutations": [tombstone]}),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        dead.extend([ended_token, deleted_token]);

        let reference = app.get(&format!("/api/v1/share/{}", dead[0]), None).await;
        reference.assert_error(StatusCode::NOT_FOUND, "not_found");
        for token in &dead {
            for suffix in ["", "/calendar.ics"] {
                let response = app.get(&format!("/api/v1/share/{token}{suffix}"), None).await;
                assert_eq!(response.status, StatusCode::NOT_FOUND, "{token}{suffix}");
                assert_eq!(response.body, reference.body, "{token}{suffix}");
                assert_eq!(
                    response.header("content-type"),
                    reference.header("content-type")
                );
            }
        }
        app
    })
    .await;
}

#[tokio::test]
async fn the_token_is_stored_only_with_its_owners_private_fields_and_indexed_by_hash() {
    for_each_app(|app| async move {
        let shared = Shared::new(&app).await;
        let token = shared.share_token.as_str();
        assert!(token.len() >= 22, "at least 128 bits in base64url");
        let mut places = Vec::new();
        for table in [
            "teams",
            "users",
            "sessions",
            "records",
            "sync_clients",
            "share_tokens",
        ] {
            let rows = sqlx::query(&format!("SELECT * FROM {table}"))
                .fetch_all(app.db().pool())
                .await
                .unwrap();
            for row in rows {
                for index in 0..row.len() {
                    let value: Option<String> = row.try_get(index).unwrap_or(None);
                    if value.is_some_and(|value| value.contains(token)) {
                        places.push(format!("{table}.{}", row.columns()[index].name()));
                    }
                }
            }
        }
        // The worker's own devices get it back through sync, so it is kept with the private
        // fields of its contact; the link's index holds only its SHA-256.
        assert_eq!(places, ["records.private_fields"]);
        let hashes: Vec<String> = sqlx::query("SELECT token_hash FROM share_tokens")
            .fetch_all(app.db().pool())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get("token_hash"))
            .collect();
        assert_eq!(hashes, [tokens::token_hash(token)]);
        app
    })
    .await;
}

#[tokio::test]
async fn the_token_appears_in_no_response_but_the_workers_own_sync() {
    for_each_app(|app| async move {
        let shared = Shared::new(&app).await;
        let token = shared.share_token.clone();
        let own = app
            .post_json(
                "/api/v1/sync",
                Some(&shared.worker_token),
                &json!({"client_id": CLIENT, "cursor": null, "mutations": []}),
            )
            .await;
        assert!(text(&own).contains(&token), "the owner's devices need it");

        let (_, other_worker) = app.worker("eva").await;
        let other = app
            .post_json(
                "/api/v1/sync",
                Some(&other_worker),
                &json!({"client_id": CLIENT, "cursor": null, "mutations": []}),
            )
            .await;
        let share = app.get(&shared.path(), None).await;
        let calendar = app
            .get(&format!("{}/calendar.ics", shared.path()), None)
            .await;
        let me = app.get("/api/v1/me", Some(&shared.worker_token)).await;
        for (name, response) in [
            ("another worker's sync", other),
            ("share", share),
            ("calendar", calendar),
            ("me", me),
        ] {
            assert_eq!(response.status, StatusCode::OK, "{name}");
            let body = text(&response);
            assert!(!body.contains(&token), "{name} leaks the token");
            for canary in CANARIES.iter().filter(|c| c.starts_with("CANARY")) {
                assert!(!body.contains(canary), "{name} leaks {canary}");
            }
        }
        app
    })
    .await;
}

#[tokio::test]
async fn the_answer_follows_the_workers_changes_and_the_clock() {
    for_each_app(|app| async move {
        let mut shared = Shared::new(&app).await;
        let state = |body: Value| body["reachability"].clone();
        let reachable = app.get(&shared.path(), None).await.json();
        assert_eq!(state(reachable)["state"], "reachable");

        // The worker takes the rest of the day off, with a message and a stand-in.
        let nils = Uuid::new_v4();
        shared
            .write(
                &app,
                vec![
                    (
                        "contact",
                        nils,
                        json!({"name": "Nils", "role": "colleague",
                                             "phone": "+47 400 55 555"}),
                    ),
                    (
                        "absence",
                        Uuid::new_v4(),
                        json!({
                        "starts_at": "2026-11-26T00:00", "ends_at": "2026-11-27T00:00",
                        "kind": "day_off", "message": "Day off today, back tomorrow",
                        "stand_in_contact_id": nils}),
                    ),
                ],
            )
            .await;
        let away = app.get(&shared.path(), None).await.json();
        assert_eq!(
            state(away.clone()),
            json!({"state": "away", "until": "2026-11-26T23:00:00Z", "next_start": null,
                   "message": "Day off today, back tomorrow"})
        );
        assert_eq!(
            away["fallbacks"][0],
            json!({"label": "Nils", "phone": "+47 400 55 555"})
        );
        assert_eq!(away["windows"][0]["start"], "2026-11-27T15:00:00Z");

        // Tomorrow morning: not now, with the profile's away message.
        app.clock.advance(Duration::hours(17));
        let not_now = app.get(&shared.path(), None).await.json();
        assert_eq!(
            state(not_now),
            json!({"state": "not_now", "until": null, "next_start": "2026-11-27T15:00:00Z",
                   "message": "Resting now, talk soon"})
        );

        // Three contacts today reach the agreed limit; hidden limits read as not now.
        app.clock.advance(Duration::hours(7));
        let now = app.now_rfc3339();
        let ola = shared.ola;
        let logs = (0..3)
            .map(|_| {
                (
                    "log",
                    Uuid::new_v4(),
                    json!({"contact_id": ola, "at": now, "channel": "sms",
                                               "direction": "incoming", "answered": true}),
                )
            })
            .collect();
        shared.write(&app, logs).await;
        let limited = app.get(&shared.path(), None).await.json();
        assert_eq!(state(limited.clone())["state"], "limit_reached");
        assert_eq!(state(limited)["next_start"], "2026-11-30T15:00:00Z");
        let profile = ids::profile_id(shared.user_id);
        shared
            .write(
                &app,
                vec![(
                    "profile",
                    profile,
                    json!({"show_limits_to_service_users": false}),
                )],
            )
            .await;
        let hidden = app.get(&shared.path(), None).await.json();
        assert_eq!(state(hidden.clone())["state"], "not_now");
        assert_eq!(hidden["limits"], Value::Null);
        app
    })
    .await;
}

#[tokio::test]
async fn the_calendar_lists_sixty_days_as_rfc_5545_events() {
    for_each_app(|app| async move {
        let shared = Shared::new(&app).await;
        let response = app
            .get(&format!("{}/calendar.ics?lang=en", shared.path()), None)
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
        assert_eq!(
            response.header("content-type"),
            Some("text/calendar; charset=utf-8")
        );
        assert_eq!(response.header("cache-control"), Some("no-store"));
        let body = text(&response);
        assert!(
            body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{body}"
        );
        assert!(body.ends_with("END:VCALENDAR\r\n"));
        assert!(!body.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(body.split("\r\n").all(|line| line.len() <= 75));
        let events = body.matches("BEGIN:VEVENT\r\n").count();
        // The 43 weekdays from Thursday 26 November 2026 to Monday 25 January 2027, less the
        // public holidays on weekdays (Friday 25 December, Friday 1 January).
        assert_eq!(events, 41, "{body}");
        assert_eq!(
            body.matches("\r\nDTSTAMP:20261126T154500Z\r\n").count(),
            events
        );
        assert_eq!(body.matches("\r\nUID:").count(), events);
        assert!(body.contains("\r\nDTSTART:20261126T150000Z\r\nDTEND:20261126T200000Z\r\n"));
        assert!(body.contains("\r\nSUMMARY:Per can be reached\r\n"));
        let norwegian = app
            .get(&format!("{}/calendar.ics", shared.path()), None)
            .await;
        assert!(text(&norwegian).contains("\r\nSUMMARY:Per kan nås\r\n"));
        app
    })
    .await;
}

#[tokio::test]
async fn share_links_get_the_share_page_and_its_worker_may_serve_them() {
    for_each_app(|app| async move {
        let root = app.static_dir.path();
        fs::create_dir_all(root.join("share")).unwrap();
        fs::write(root.join("index.html"), "the PRW app").unwrap();
        fs::write(root.join("share/index.html"), "the share page").unwrap();
        fs::write(root.join("share/sw.js"), "// share worker").unwrap();
        for path in ["/s/abcDEF_-0123456789abcdef", "/s/", "/s"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(response.body, b"the share page", "{path}");
            assert_eq!(response.header("cache-control"), Some("no-cache"), "{path}");
        }
        let worker = app.get("/share/sw.js", None).await;
        assert_eq!(worker.status, StatusCode::OK);
        assert_eq!(worker.header("service-worker-allowed"), Some("/s/"));
        assert_eq!(app.get("/contacts", None).await.body, b"the PRW app");
        app
    })
    .await;
}

/// Both share endpoints' statuses for `token`.
async fn share_statuses(app: &TestApp, token: &str) -> [StatusCode; 2] {
    [
        app.get(&format!("/api/v1/share/{token}"), None)
            .await
            .status,
        app.get(&format!("/api/v1/share/{token}/calendar.ics"), None)
            .await
            .status,
    ]
}

#[tokio::test]
async fn share_links_are_for_service_users_only() {
    for_each_app(|app| async move {
        let mut shared = Shared::new(&app).await;
        let (nils, kim) = (Uuid::new_v4(), Uuid::new_v4());
        let refused = [
            tokens::new_token(),
            tokens::new_token(),
            tokens::new_token(),
        ];
        // A link on a colleague's or the coordinator's contact is refused whole, new or existing.
        let body = shared
            .push(
                &app,
                vec![
                    (
                        "contact",
                        nils,
                        json!({"name": "Nils", "role": "colleague",
                                             "share_token": refused[0]}),
                    ),
                    (
                        "contact",
                        kim,
                        json!({"name": "Kim", "role": "coordinator"}),
                    ),
                    ("contact", kim, json!({"share_token": refused[1]})),
                    (
                        "contact",
                        kim,
                        json!({"share_token": refused[2], "role": "service"}),
                    ),
                ],
            )
            .await;
        let codes: Vec<(u64, &str)> = body["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rejection| {
                (
                    rejection["mid"].as_u64().unwrap(),
                    rejection["code"].as_str().unwrap(),
                )
            })
            .collect();
        let first = shared.next_mid - 4;
        assert_eq!(
            codes,
            [
                (first, "invalid_field"),
                (first + 2, "invalid_field"),
                (first + 3, "invalid_field")
            ],
            "{body}"
        );
        for token in &refused {
            assert_eq!(
                share_statuses(&app, token).await,
                [StatusCode::NOT_FOUND; 2]
            );
        }

        // A service user's link stops working when the contact's role changes...
        let ola = shared.ola;
        let live = shared.share_token.clone();
        assert_eq!(share_statuses(&app, &live).await, [StatusCode::OK; 2]);
        shared
            .write(&app, vec![("contact", ola, json!({"role": "colleague"}))])
            .await;
        assert_eq!(
            share_statuses(&app, &live).await,
            [StatusCode::NOT_FOUND; 2]
        );
        assert_eq!(app.count("share_tokens").await, 0);
        // ...and works again if it was a mistake: the token is still the contact's.
        shared
            .write(
                &app,
                vec![("contact", ola, json!({"role": "service_user"}))],
            )
            .await;
        assert_eq!(share_statuses(&app, &live).await, [StatusCode::OK; 2]);
        app
    })
    .await;
}
