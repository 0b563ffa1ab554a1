//! The static host of the PWA: app routes, precompressed files, cache headers.

use std::fs;

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use peerline_server::static_files::{IMMUTABLE, NO_CACHE};

use super::support::{for_each_app, TestApp, TestResponse};

const WASM: &str = "peerline-0123456789abcdef_bg.wasm";

fn write_site(app: &TestApp) {
    let root = app.static_dir.path();
    fs::write(
        root.join("index.html"),
        "<!doctype html><title>Peerline</title>",
    )
    .unwrap();
    fs::write(root.join("sw.js"), "// service worker").unwrap();
    fs::write(root.join("manifest.json"), "{}").unwrap();
    fs::write(root.join(WASM), "raw wasm").unwrap();
    fs::write(root.join(format!("{WASM}.br")), "brotli wasm").unwrap();
    fs::write(root.join(format!("{WASM}.gz")), "gzip wasm").unwrap();
    fs::write(
        root.join("peerline-0123456789abcdef.js"),
        "export default 1",
    )
    .unwrap();
}

async fn get_encoded(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> TestResponse {
    let mut request = Request::builder().method(Method::GET).uri(path);
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn app_routes_get_index_html_uncached() {
    for_each_app(|app| async move {
        write_site(&app);
        // An invite link (`/invite/CODE`, base64url: never a dot) is an app route too.
        let invite = format!("/invite/{}", peerline_server::tokens::new_token());
        for path in ["/", "/contacts/42", "/settings/", invite.as_str()] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(
                response.body, b"<!doctype html><title>Peerline</title>",
                "{path}"
            );
            assert!(response
                .header("content-type")
                .unwrap()
                .starts_with("text/html"));
            assert_eq!(response.header("cache-control"), Some(NO_CACHE), "{path}");
            assert!(response.header("content-security-policy").is_some());
        }
        app
    })
    .await;
}

#[tokio::test]
async fn coordinator_routes_get_the_coordinators_build() {
    for_each_app(|app| async move {
        write_site(&app);
        let team = app.static_dir.path().join("team");
        fs::create_dir_all(&team).unwrap();
        fs::write(team.join("index.html"), "the coordinator's build").unwrap();
        fs::write(team.join(WASM), "team wasm").unwrap();
        for path in ["/team", "/team/", "/team/workers/7", "/team/export"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(response.body, b"the coordinator's build", "{path}");
            assert_eq!(response.header("cache-control"), Some(NO_CACHE), "{path}");
        }
        let asset = app.get(&format!("/team/{WASM}"), None).await;
        assert_eq!(asset.body, b"team wasm");
        assert_eq!(asset.header("cache-control"), Some(IMMUTABLE));
        // Not below /team: the PRW app.
        let worker = app.get("/teamwork", None).await;
        assert_eq!(worker.body, b"<!doctype html><title>Peerline</title>");
        app
    })
    .await;
}

#[tokio::test]
async fn service_worker_and_manifest_are_uncached_hashed_assets_immutable() {
    for_each_app(|app| async move {
        write_site(&app);
        for path in ["/sw.js", "/manifest.json", "/index.html"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(response.header("cache-control"), Some(NO_CACHE), "{path}");
        }
        let response = app.get("/peerline-0123456789abcdef.js", None).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.header("cache-control"), Some(IMMUTABLE));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        app
    })
    .await;
}

#[tokio::test]
async fn precompressed_siblings_are_served_when_accepted() {
    for_each_app(|app| async move {
        write_site(&app);
        let path = format!("/{WASM}");
        let cases = [
            (Some("br, gzip"), "brotli wasm", Some("br")),
            (Some("gzip"), "gzip wasm", Some("gzip")),
            (None, "raw wasm", None),
        ];
        for (accept, body, encoding) in cases {
            let response = get_encoded(&app, &path, accept).await;
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(String::from_utf8_lossy(&response.body), body);
            assert_eq!(response.header("content-encoding"), encoding);
            assert_eq!(response.header("content-type"), Some("application/wasm"));
            assert_eq!(response.header("cache-control"), Some(IMMUTABLE));
        }
        app
    })
    .await;
}

#[tokio::test]
async fn missing_files_are_404_with_the_contract_body() {
    for_each_app(|app| async move {
        write_site(&app);
        let response = app.get("/missing-0123456789abcdef.js", None).await;
        response.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(response.header("cache-control"), None);
        // Without a built PWA, app routes are 404 too rather than an error.
        std::fs::remove_file(app.static_dir.path().join("index.html")).unwrap();
        app.get("/contacts", None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        app
    })
    .await;
}
