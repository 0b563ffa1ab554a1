//! Cheap share polling (issue 15): `GET /share/TOKEN` and its `calendar.ics` carry a weak `ETag`
//! over everything but their generation time, and answer a matching `If-None-Match` with a
//! body-less 304, until something the page shows changes: the worker's records, a log that reaches
//! the agreed limit, or the clock passing the end of a window.

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use chrono::Duration;
use peerline_core::ids;
use peerline_server::tokens;
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{for_each_app, TestApp, TestResponse};

const CLIENT: &str = "5c1d6a0e-7b3f-4e2a-9c8d-1f0e2d3c4b5a";

/// A worker reachable Monday to Friday 16:00-21:00 Oslo time, sharing with Ola (at most three
/// contacts a day). The test clock starts Thursday 26 November 2026, 16:45 in Oslo.
struct Link {
    token: String,
    worker_token: String,
    user_id: Uuid,
    ola: Uuid,
    next_mid: u64,
}

impl Link {
    async fn new(app: &TestApp) -> Link {
        let (user_id, worker_token) = app.worker("polly").await;
        let mut link = Link {
            token: tokens::new_token(),
            worker_token,
            user_id,
            ola: Uuid::new_v4(),
            next_mid: 1,
        };
        let (ola, token) = (link.ola, link.token.clone());
        link.write(
            app,
            vec![
                (
                    "profile",
                    ids::profile_id(user_id),
                    json!({"display_name": "Polly", "phone": "+47 400 12 345"}),
                ),
                (
                    "availability",
                    ids::availability_id(user_id),
                    json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "16:00", "end": "21:00"}]}),
                ),
                (
                    "contact",
                    ola,
                    json!({"name": "Ola", "role": "service_user", "max_contacts_per_day": 3,
                           "share_token": token}),
                ),
            ],
        )
        .await;
        link
    }

    /// Syncs `mutations` (kind, id, fields), every one accepted.
    async fn write(&mut self, app: &TestApp, mutations: Vec<(&str, Uuid, Value)>) {
        let millis = peerline_server::clock::Clock::now(&app.clock).timestamp_millis();
        let mutations: Vec<Value> = mutations
            .into_iter()
            .map(|(kind, id, set)| {
                let mid = self.next_mid;
                self.next_mid += 1;
                let hlc = format!("{millis:013}:{mid:04x}:{CLIENT}");
                json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": set})
            })
            .collect();
        let body = json!({"client_id": CLIENT, "cursor": null, "mutations": mutations});
        let response = app
            .post_json("/api/v1/sync", Some(&self.worker_token), &body)
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json()["rejected"], json!([]));
    }

    /// Three calls logged now: today's limit is reached.
    fn three_calls(&self, app: &TestApp) -> Vec<(&'static str, Uuid, Value)> {
        let at = peerline_server::clock::Clock::now(&app.clock)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        (0..3)
            .map(|_| {
                (
                    "log",
                    Uuid::new_v4(),
                    json!({"contact_id": self.ola, "at": at, "channel": "call",
                           "direction": "incoming", "answered": true}),
                )
            })
            .collect()
    }
}

/// `GET path`, with `If-None-Match: etag` when given.
async fn conditional_get(app: &TestApp, path: &str, etag: Option<&str>) -> TestResponse {
    let mut request = Request::builder().method(Method::GET).uri(path);
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

/// What happens between two polls.
enum Step {
    /// Time passes.
    Wait(Duration),
    /// The worker renames themself.
    Rename(&'static str),
    /// The worker logs three calls with Ola.
    ThreeCalls,
    /// The worker changes their windows.
    Windows(&'static str, &'static str),
}

/// Polls `path` as the page does after each step, checking whether it got a 200 (and a new tag)
/// or a 304 (with the same tag).
async fn poll_through(app: &TestApp, link: &mut Link, path: &str, steps: Vec<(Step, StatusCode)>) {
    let first = conditional_get(app, path, None).await;
    assert_eq!(first.status, StatusCode::OK);
    let mut etag = first.header("etag").expect("an ETag").to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    for (index, (step, expected)) in steps.into_iter().enumerate() {
        match step {
            Step::Wait(duration) => app.clock.advance(duration),
            Step::Rename(name) => {
                let profile = ids::profile_id(link.user_id);
                link.write(
                    app,
                    vec![("profile", profile, json!({"display_name": name}))],
                )
                .await;
            }
            Step::ThreeCalls => {
                let calls = link.three_calls(app);
                link.write(app, calls).await;
            }
            Step::Windows(start, end) => {
                let availability = ids::availability_id(link.user_id);
                let windows =
                    json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": start, "end": end}]});
                link.write(app, vec![("availability", availability, windows)])
                    .await;
            }
        }
        let response = conditional_get(app, path, Some(&etag)).await;
        assert_eq!(response.status, expected, "{path}, step {index}");
        assert_eq!(
            response.header("cache-control"),
            Some("no-store"),
            "step {index}"
        );
        let tag = response.header("etag").expect("an ETag on every answer");
        if expected == StatusCode::NOT_MODIFIED {
            assert_eq!(tag, etag, "step {index}");
            assert!(response.body.is_empty(), "a 304 has no body");
        } else {
            assert_ne!(tag, etag, "step {index}: a changed answer keeps its tag");
            etag = tag.to_owned();
        }
    }
}

#[tokio::test]
async fn the_share_answer_is_not_modified_until_something_shown_changes() {
    for_each_app(|app| async move {
        let mut link = Link::new(&app).await;
        let path = format!("/api/v1/share/{}", link.token);
        let steps = vec![
            (Step::Wait(Duration::minutes(1)), StatusCode::NOT_MODIFIED),
            (Step::Wait(Duration::minutes(30)), StatusCode::NOT_MODIFIED),
            (Step::Rename("Polly P."), StatusCode::OK),
            (Step::Wait(Duration::minutes(1)), StatusCode::NOT_MODIFIED),
            // The limit is reached with the windows unchanged: only the state tells.
            (Step::ThreeCalls, StatusCode::OK),
            (Step::Wait(Duration::minutes(1)), StatusCode::NOT_MODIFIED),
            // 21:00 in Oslo passes: the window ends, so the state and the window list change.
            (Step::Wait(Duration::hours(4)), StatusCode::OK),
            (Step::Wait(Duration::minutes(5)), StatusCode::NOT_MODIFIED),
        ];
        poll_through(&app, &mut link, &path, steps).await;
        app
    })
    .await;
}

#[tokio::test]
async fn the_calendar_is_not_modified_until_its_events_change() {
    for_each_app(|app| async move {
        let mut link = Link::new(&app).await;
        let path = format!("/api/v1/share/{}/calendar.ics", link.token);
        let steps = vec![
            (Step::Wait(Duration::minutes(1)), StatusCode::NOT_MODIFIED),
            (Step::ThreeCalls, StatusCode::NOT_MODIFIED),
            (Step::Windows("17:00", "21:00"), StatusCode::OK),
            (Step::Wait(Duration::minutes(10)), StatusCode::NOT_MODIFIED),
            (Step::Rename("Polly P."), StatusCode::OK),
        ];
        poll_through(&app, &mut link, &path, steps).await;
        app
    })
    .await;
}

#[tokio::test]
async fn a_304_is_only_for_a_live_link_and_a_matching_tag() {
    for_each_app(|app| async move {
        let mut link = Link::new(&app).await;
        let path = format!("/api/v1/share/{}", link.token);
        let etag = conditional_get(&app, &path, None)
            .await
            .header("etag")
            .unwrap()
            .to_owned();
        let strong = etag.trim_start_matches("W/").to_owned();
        for (sent, expected) in [
            (etag.as_str(), StatusCode::NOT_MODIFIED),
            (strong.as_str(), StatusCode::NOT_MODIFIED),
            ("*", StatusCode::NOT_MODIFIED),
            ("W/\"something-else\"", StatusCode::OK),
        ] {
            let response = conditional_get(&app, &path, Some(sent)).await;
            assert_eq!(response.status, expected, "If-None-Match: {sent}");
        }
        // The link is switched off: its old tag gets the one 404, not a 304.
        let ola = link.ola;
        link.write(&app, vec![("contact", ola, json!({"share_token": null}))])
            .await;
        let response = conditional_get(&app, &path, Some(&etag)).await;
        response.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(response.header("etag"), None);
        app
    })
    .await;
}
