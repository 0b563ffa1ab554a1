//! Serving the built PWA (Trunk's `dist/`).
//!
//! - Files come from [`tower_http::services::ServeDir`], which also serves a precompressed
//!   `NAME.br` or `NAME.gz` sibling when the client accepts that encoding, and answers conditional
//!   and range requests.
//! - An app route (a GET outside `/api` whose last path segment has no file extension, such as
//!   `/contacts/42`) gets `index.html`, so deep links and reloads work; a missing file *with* an
//!   extension is a 404.
//! - A share link (`/s/TOKEN`, and `/s/` where the home-screen icon starts) gets the share page's
//!   own `share/index.html`, a separate small build that loads none of the PRW app. Any token gets
//!   the page: the page asks the API, which alone knows whether the link is live. The share page's
//!   service worker lives with its build in `/share/` but serves `/s/`, which the
//!   `Service-Worker-Allowed` header permits.
//! - A coordinator's route (`/team`, `/team/...`) gets `team/index.html`: the coordinator's build,
//!   the PRW app with their screens, which a worker's phone never downloads.
//! - Cache headers: Trunk names the files it builds `NAME-HASH.EXT` (the wasm also `NAME-HASH_bg.wasm`),
//!   so their content never changes under a name: `public, max-age=31536000, immutable`.
//!   Everything else (`index.html`, `sw.js`, the manifest, icons) is `no-cache`: the browser may
//!   keep it but must revalidate, so a new release is seen on the next load.

use std::{convert::Infallible, path::PathBuf};

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, Uri},
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::{api::error::ApiError, app::AppState};

/// `Cache-Control` of content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else.
pub const NO_CACHE: &str = "no-cache";
/// The share page's entry file, inside the built site.
pub const SHARE_PAGE: &str = "/share/index.html";
/// The coordinator's build's entry file, inside the built site.
pub const TEAM_PAGE: &str = "/team/index.html";
/// The share page's service worker, and the scope it may control.
const SHARE_WORKER: (&str, &str) = ("/share/sw.js", "/s/");

/// The directory of the built PWA and the file service over it.
#[derive(Debug, Clone)]
pub struct StaticSite {
    root: PathBuf,
    files: ServeDir,
}

impl StaticSite {
    /// Serves the files under `root` (which need not exist yet: then every file is a 404).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let files = ServeDir::new(&root)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(true);
        Self { root, files }
    }

    /// The directory served.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }
}

/// Serves a file of the PWA, or `index.html` for an app route.
pub async fn serve(State(state): State<AppState>, mut request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return ApiError::method_not_allowed().into_response();
    }
    let path = request.uri().path().to_owned();
    let file_name = if is_share_link(&path) {
        *request.uri_mut() = Uri::from_static(SHARE_PAGE);
        "index.html"
    } else if is_app_route(&path) {
        let page = if is_team_route(&path) {
            TEAM_PAGE
        } else {
            "/index.html"
        };
        *request.uri_mut() = Uri::from_static(page);
        "index.html"
    } else {
        path.rsplit('/').next().unwrap_or_default()
    };
    let cache_control = if is_hashed_asset(file_name) {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    let result: Result<_, Infallible> = state.site.files.clone().oneshot(request).await;
    let mut response = match result {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if response.status().is_success() || response.status().is_redirection() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if path == SHARE_WORKER.0 {
            response.headers_mut().insert(
                "service-worker-allowed",
                HeaderValue::from_static(SHARE_WORKER.1),
            );
        }
    }
    response
}

/// Whether `path` is a share link page: `/s`, `/s/` or `/s/TOKEN` (a token has no `/` or `.`).
pub fn is_share_link(path: &str) -> bool {
    match path.strip_prefix("/s") {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('/')
            .is_some_and(|token| !token.contains(['/', '.'])),
        None => false,
    }
}

/// Whether `path` is a route of the single-page app rather than a file: its last segment has no
/// extension (`/`, `/contacts/42`).
pub fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// Whether `path` is a coordinator's screen: `/team` or below it (an app route, so no file).
pub fn is_team_route(path: &str) -> bool {
    path.strip_prefix("/team")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        && is_app_route(path)
}

/// Whether `file_name` carries a content hash the way Trunk writes it: `NAME-HASH.EXT` or
/// `NAME-HASH_bg.EXT`, HASH being 8 to 64 hexadecimal digits.
pub fn is_hashed_asset(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (8..=64).contains(&hash.len())
            && hash.chars().all(|c| c.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed_assets() {
        for name in [
            "peerline-3f9a1c2b7d4e5f60.js",
            "peerline-3f9a1c2b7d4e5f60_bg.wasm",
            "peerline-3f9a1c2b7d4e5f60_bg.wasm.br",
            "style-0123456789abcdef.css",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "sw.js",
            "manifest.json",
            "icon-192.png",
            "peerline.js",
            "a-b.css",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn share_links_are_s_and_one_token() {
        for path in ["/s", "/s/", "/s/abc_DEF-123"] {
            assert!(is_share_link(path), "{path}");
        }
        for path in [
            "/",
            "/share/index.html",
            "/s/a/b",
            "/s/sw.js",
            "/sx",
            "/contacts/s",
        ] {
            assert!(!is_share_link(path), "{path}");
        }
    }

    #[test]
    fn app_routes_have_no_extension() {
        assert!(is_app_route("/"));
        assert!(is_app_route("/contacts/42"));
        assert!(is_app_route("/settings/"));
        assert!(!is_app_route("/sw.js"));
        assert!(!is_app_route("/peerline-3f9a1c2b7d4e5f60_bg.wasm"));
    }

    #[test]
    fn team_routes_are_team_and_below() {
        for path in ["/team", "/team/", "/team/workers/7", "/team/export"] {
            assert!(is_team_route(path), "{path}");
        }
        for path in [
            "/",
            "/teamwork",
            "/contacts/team",
            "/team/boot.js",
            "/team/peerline-3f9a1c2b7d4e5f60_bg.wasm",
        ] {
            assert!(!is_team_route(path), "{path}");
        }
    }
}
