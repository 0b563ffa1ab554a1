//! Security headers and limits on the responses the access matrix does not produce: static files
//! (the PWA, its precompressed assets, the share page, a missing file), login throttling (429), the
//! body limit (413) and the mutation limit (413 `too_many_mutations`). Every one carries the strict
//! CSP, `nosniff`, `no-referrer`, `Cross-Origin-Opener-Policy: same-origin` and the
//! `Permissions-Policy`, and no response of the server sets a cookie; HSTS comes exactly when the
//! public URL is HTTPS.

use std::fs;

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use peerline_server::middleware::{
    body_limit::MAX_BODY_BYTES,
    security_headers::{CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY},
};
use serde_json::json;
use uuid::Uuid;

use super::support::{for_each_app, for_each_backend, TestApp, TestResponse};

/// Every response of the server carries these headers (the access matrix checks its responses
/// with this too).
#[track_caller]
pub(crate) fn assert_hardened(response: &TestResponse, what: &str) {
    assert_eq!(
        response.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY),
        "{what}"
    );
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        response.header("referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(response.header("x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(
        response.header("cross-origin-opener-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(
        response.header("permissions-policy"),
        Some(PERMISSIONS_POLICY),
        "{what}"
    );
    assert!(
        response.header("strict-transport-security").is_none(),
        "{what}: HSTS without an https public URL"
    );
    assert!(
        response.header("set-cookie").is_none(),
        "{what} sets a cookie"
    );
}

/// What the Permissions-Policy must allow (the app copies and shares links) and deny (what it
/// never uses: the QR code is shown, not scanned, so no camera).
#[test]
fn the_permissions_policy_allows_what_the_app_uses_and_denies_the_rest() {
    let directives: Vec<&str> = PERMISSIONS_POLICY.split(", ").collect();
    for allowed in ["clipboard-write=(self)", "web-share=(self)"] {
        assert!(directives.contains(&allowed), "{allowed}");
    }
    for denied in [
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "clipboard-read",
    ] {
        assert!(
            directives.contains(&format!("{denied}=()").as_str()),
            "{denied}"
        );
    }
    assert!(directives
        .iter()
        .all(|directive| directive.ends_with("=()") || directive.ends_with("=(self)")));
}

#[tokio::test]
async fn hsts_exactly_when_the_public_url_is_https() {
    for (public_url, hsts) in [
        (
            Some("https://peerline.example.no"),
            Some(STRICT_TRANSPORT_SECURITY),
        ),
        (Some("http://127.0.0.1:8080"), None),
        (None, None),
    ] {
        for_each_backend(|test_db| async move {
            let public_url = public_url.map(|url| url.parse().unwrap());
            let app = TestApp::configured(test_db, |state| state.with_public_url(public_url));
            fs::write(app.static_dir.path().join("index.html"), "<!doctype html>").unwrap();
            for path in [
                "/",
                "/api/v1/health",
                "/api/v1/me",
                "/missing-0123456789abcdef.js",
            ] {
                let response = app.get(path, None).await;
                assert_eq!(response.header("strict-transport-security"), hsts, "{path}");
                assert_eq!(
                    response.header("cross-origin-opener-policy"),
                    Some("same-origin"),
                    "{path}"
                );
            }
            app.into_db()
        })
        .await;
    }
}

#[tokio::test]
async fn static_files_carry_the_security_headers_and_no_cookie() {
    for_each_app(|app| async move {
        let root = app.static_dir.path();
        fs::create_dir_all(root.join("share")).unwrap();
        fs::write(root.join("index.html"), "<!doctype html><title>app</title>").unwrap();
        fs::write(root.join("app-0123456789abcdef.js"), "export default 1").unwrap();
        fs::write(root.join("app-0123456789abcdef.js.br"), "brotli").unwrap();
        fs::write(root.join("share/index.html"), "the share page").unwrap();
        for (path, status) in [
            ("/", StatusCode::OK),
            ("/index.html", StatusCode::OK),
            ("/contacts/42", StatusCode::OK),
            ("/app-0123456789abcdef.js", StatusCode::OK),
            ("/s/abcDEF_-0123456789abcdef", StatusCode::OK),
            ("/missing-0123456789abcdef.js", StatusCode::NOT_FOUND),
        ] {
            for encoding in [None, Some("br, gzip")] {
                let mut request = Request::builder().method(Method::GET).uri(path);
                if let Some(encoding) = encoding {
                    request = request.header(header::ACCEPT_ENCODING, encoding);
                }
                let response = app.send(request.body(Body::empty()).unwrap()).await;
                assert_eq!(response.status, status, "{path} {encoding:?}");
                assert_hardened(&response, path);
            }
        }
        app
    })
    .await;
}

#[tokio::test]
async fn throttled_logins_and_refused_bodies_carry_the_security_headers() {
    for_each_app(|app| async move {
        let (_, token) = app.worker("wenche").await;

        // Login throttling: five failures for one username, then 429 even with the right password.
        let wrong = json!({"username": "wenche", "password": "wrong"});
        for _ in 0..5 {
            let response = app.post_json("/api/v1/auth/login", None, &wrong).await;
            response.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
            assert_hardened(&response, "failed login");
        }
        let right = json!({"username": "wenche", "password": "worker password"});
        let response = app.post_json("/api/v1/auth/login", None, &right).await;
        response.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        assert_hardened(&response, "throttled login");

        // The body limit, on an authenticated endpoint too.
        let over = vec![b' '; MAX_BODY_BYTES + 1];
        let response = app
            .call(Method::POST, "/api/v1/sync", Some(&token), Some(over))
            .await;
        response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert_hardened(&response, "body over 1 MiB");

        // 1,001 mutations (well under 1 MiB) are refused whole.
        let client = Uuid::new_v4();
        let millis = peerline_server::clock::Clock::now(&app.clock).timestamp_millis();
        // A request of `count` new contacts, mids 1..=count.
        let contacts = |count: u64| {
            let mutations: Vec<_> = (1..=count)
                .map(|mid| {
                    json!({"mid": mid, "kind": "contact", "id": Uuid::new_v4(),
                           "hlc": format!("{millis:013}:{mid:04x}:{client}"),
                           "set": {"name": "N"}})
                })
                .collect();
            json!({"client_id": client, "cursor": null, "mutations": mutations})
        };
        let response = app
            .post_json("/api/v1/sync", Some(&token), &contacts(1001))
            .await;
        response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations");
        assert_hardened(&response, "1,001 mutations");
        assert_eq!(app.count("records").await, 0);

        // 1,000 are accepted.
        let response = app
            .post_json("/api/v1/sync", Some(&token), &contacts(1000))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json()["rejected"], json!([]));
        assert_hardened(&response, "1,000 mutations");
        app
    })
    .await;
}
