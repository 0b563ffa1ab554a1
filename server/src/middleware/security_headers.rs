//! Strict security headers on every response, API and static files alike.
//!
//! The Content-Security-Policy allows only the app's own origin, plus `'wasm-unsafe-eval'`, which
//! `WebAssembly.instantiate` needs, and `data:` images (icons inlined by CSS or the QR code). No
//! inline scripts or styles: the PWA's `index.html` must load its JavaScript from files.
//!
//! `Cross-Origin-Opener-Policy: same-origin` keeps other sites' windows (one that opened a share
//! link, one the app opens) out of the app's browsing context group. The `Permissions-Policy`
//! denies every powerful feature the app, the coordinator's screens and the share page do not use,
//! for them and any frame: what they use is `clipboard-write` (copying a share link) and
//! `web-share` (sharing it), allowed for the app's own origin only. Camera (the QR code is shown,
//! never scanned), microphone, location, payment and the rest stay off, so an injected script
//! could not ask for them either. Only names Chromium knows are listed (an unknown one is a
//! console warning on every page).
//!
//! `Strict-Transport-Security` is sent only when the server knows its public URL is HTTPS
//! (`serve --public-url https://...`): the server itself usually speaks plain HTTP behind the TLS
//! proxy, and HSTS on a plain-HTTP deployment would lock its users out.

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::app::AppState;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; \
     worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
     form-action 'self'";

/// The Permissions-Policy of every response (see the module documentation).
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), bluetooth=(), camera=(), \
     clipboard-read=(), clipboard-write=(self), display-capture=(), encrypted-media=(), \
     fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), \
     microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), \
     screen-wake-lock=(), serial=(), usb=(), web-share=(self), xr-spatial-tracking=()";

/// HSTS when the public URL is HTTPS: a year, this host only (other hosts of the domain are not
/// ours to promise for), not preloaded.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Adds (overwrites) the security headers.
pub async fn add_security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if state.public_url.as_ref().is_some_and(|url| url.is_https()) {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}
