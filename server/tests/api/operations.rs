//! Running the server (issue 15): `/health` says whether the database answers, and the
//! Prometheus `/metrics` application counts requests by route (never by token), sync mutations
//! and the pool's connections.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use http_body_util::BodyExt;
use peerline_server::metrics;
use serde_json::json;
use tower::ServiceExt;
use uuid::Uuid;

use super::support::{for_each_app, TestApp};

#[tokio::test]
async fn health_is_503_when_the_database_does_not_answer() {
    for_each_app(|app| async move {
        assert_eq!(app.get("/api/v1/health", None).await.status, StatusCode::OK);
        app.db().close().await;
        let response = app.get("/api/v1/health", None).await;
        response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
        app
    })
    .await;
}

/// The text `GET /metrics` of `app`'s database answers.
async fn scrape(app: &TestApp) -> String {
    let handle = metrics::install().unwrap();
    let request = Request::builder()
        .method(Method::GET)
        .uri("/metrics")
        .body(Body::empty())
        .unwrap();
    let response = metrics::router(handle, app.db().clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The value of the sample whose line starts with `series` (name and labels), 0 if absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_count_requests_by_route_sync_mutations_and_pool_use() {
    for_each_app(|app| async move {
        // The recorder is global to the test process: compare before and after.
        let before = scrape(&app).await;
        let (_user, token) = app.worker(&format!("metered-{}", Uuid::new_v4().simple())).await;
        let client = Uuid::new_v4();
        let contact = Uuid::new_v4();
        let millis = peerline_server::clock::Clock::now(&app.clock).timestamp_millis();
        let hlc = |mid: u64| format!("{millis:013}:{mid:04x}:{client}");
        let mutations = json!([
            {"mid": 1, "kind": "contact", "id": contact, "hlc": hlc(1), "set": {"name": "Ola"}},
            {"mid": 2, "kind": "contact", "id": contact, "hlc": hlc(2), "set": {"nonsense": 1}},
        ]);
        let body = json!({"client_id": client, "cursor": null, "mutations": mutations});
        let synced = app.post_json("/api/v1/sync", Some(&token), &body).await;
        assert_eq!(synced.status, StatusCode::OK);
        let secret = "a-share-token-that-must-not-be-a-label";
        let share = app.get(&format!("/api/v1/share/{secret}"), None).await;
        assert_eq!(share.status, StatusCode::NOT_FOUND);

        let after = scrape(&app).await;
        let grew = |series: &str, by: f64| {
            let (old, new) = (sample(&before, series), sample(&after, series));
            assert!(new - old >= by, "{series}: {old} -> {new}\n{after}");
        };
        grew(
            r#"peerline_http_requests_total{method="POST",route="/api/v1/sync",status="200"}"#,
            1.0,
        );
        grew(
            r#"peerline_http_requests_total{method="GET",route="/api/v1/share/{token}",status="404"}"#,
            1.0,
        );
        grew(
            r#"peerline_http_request_duration_seconds_count{method="POST",route="/api/v1/sync"}"#,
            1.0,
        );
        grew(r#"peerline_sync_mutations_total{outcome="applied"}"#, 1.0);
        grew(r#"peerline_sync_mutations_total{outcome="rejected"}"#, 1.0);
        assert!(!after.contains(secret), "a share token became a label");
        let max = sample(&after, r#"peerline_db_pool_connections{state="max"}"#);
        let open = sample(&after, r#"peerline_db_pool_connections{state="open"}"#);
        assert!(max >= 1.0 && open >= 1.0 && open <= max, "{after}");
        app
    })
    .await;
}
