//! The foundation: health, the OpenAPI document, the contract's error body for every kind of bad
//! request, the body limit, security headers and the static PWA host.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use peerline_server::middleware::security_headers::CONTENT_SECURITY_POLICY;
use serde_json::json;

use super::support::for_each_app;

fn assert_security_headers(response: &super::support::TestResponse) {
    assert_eq!(
        response.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY)
    );
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
}

#[test]
fn the_csp_is_the_strict_one() {
    assert_eq!(
        CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
}

#[tokio::test]
async fn health_is_ok_with_security_headers() {
    for_each_app(|app| async move {
        let response = app.get("/api/v1/health", None).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json(), json!({"status": "ok"}));
        assert_security_headers(&response);
        app
    })
    .await;
}

/// Every route of the API, as (method, OpenAPI path, concrete path).
const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("post", "/api/v1/sync"),
    ("get", "/api/v1/share/{token}"),
    ("get", "/api/v1/share/{token}/calendar.ics"),
    ("get", "/api/v1/team/summary"),
    ("get", "/api/v1/team/summary.csv"),
    ("get", "/api/v1/team/access-log"),
];

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_only_routed_paths() {
    for_each_app(|app| async move {
        let response = app.get("/api/v1/openapi.json", None).await;
        assert_eq!(response.status, StatusCode::OK);
        let document = response.json();
        assert!(document["openapi"].as_str().unwrap().starts_with("3."));
        let paths = document["paths"].as_object().unwrap();
        for (method, path) in ROUTES {
            assert!(
                paths
                    .get(*path)
                    .and_then(|item| item.get(*method))
                    .is_some(),
                "{method} {path} is missing from the OpenAPI document"
            );
        }
        for (path, item) in paths {
            for method in item.as_object().unwrap().keys() {
                let method: Method = method.to_uppercase().parse().unwrap();
                if path.contains("{token}") {
                    // A share link's 404 is its answer to an unknown token; a wrong method
                    // shows the route exists.
                    let response = app.call(Method::DELETE, path, None, None).await;
                    response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
                    continue;
                }
                let response = app.call(method.clone(), path, None, None).await;
                assert_ne!(response.status, StatusCode::NOT_FOUND, "{method} {path}");
                assert_ne!(
                    response.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
            }
        }
        app
    })
    .await;
}

#[tokio::test]
async fn unknown_api_paths_are_404_not_found() {
    for_each_app(|app| async move {
        for path in [
            "/api/v1/nope",
            "/api/v2/health",
            "/api",
            "/api/",
            "/api/v1/share",
        ] {
            let response = app.get(path, None).await;
            response.assert_error(StatusCode::NOT_FOUND, "not_found");
            assert_security_headers(&response);
        }
        app
    })
    .await;
}

#[tokio::test]
async fn wrong_methods_are_405_with_the_contract_body() {
    for_each_app(|app| async move {
        let response = app.call(Method::DELETE, "/api/v1/health", None, None).await;
        response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert!(response.header("allow").unwrap().contains("GET"));
        let response = app.get("/api/v1/auth/login", None).await;
        response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        let response = app.call(Method::POST, "/index.html", None, None).await;
        response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        app
    })
    .await;
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_json_are_400_invalid_request() {
    for_each_app(|app| async move {
        let bodies: [&[u8]; 8] = [
            b"",
            b"{not json",
            b"[1, 2]",
            b"\"text\"",
            br#"{"username": "a"}"#,
            br#"{"username": 1, "password": "x"}"#,
            br#"{"username": "a", "password": null}"#,
            b"\xff\xfe",
        ];
        for body in bodies {
            let response = app
                .call(
                    Method::POST,
                    "/api/v1/auth/login",
                    None,
                    Some(body.to_vec()),
                )
                .await;
            response.assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn json_without_a_content_type_is_still_read() {
    for_each_app(|app| async move {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .body(Body::from(r#"{"username": "nobody", "password": "x"}"#))
            .unwrap();
        app.send(request)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        app
    })
    .await;
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413_and_one_mebibyte_is_not() {
    for_each_app(|app| async move {
        let limit = peerline_server::middleware::body_limit::MAX_BODY_BYTES;
        let exactly_limit = padded_login(limit);
        assert_eq!(exactly_limit.len(), limit);
        let response = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(exactly_limit),
            )
            .await;
        response.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");

        let over_limit = padded_login(limit + 1);
        let response = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(over_limit.clone()),
            )
            .await;
        response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert_security_headers(&response);

        // Streamed without a Content-Length, the limit is found while reading.
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = over_limit
            .chunks(64 * 1024)
            .map(|chunk| Ok(chunk.to_vec()))
            .collect();
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap();
        app.send(request)
            .await
            .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        app
    })
    .await;
}

/// A login body of exactly `length` bytes (the password padded with spaces).
fn padded_login(length: usize) -> Vec<u8> {
    let head = br#"{"username": "nobody", "password": "x"#;
    let tail = br#""}"#;
    let mut body = head.to_vec();
    body.resize(length - tail.len(), b' ');
    body.extend_from_slice(tail);
    body
}
