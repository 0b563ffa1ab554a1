//! Request tracing: one span and one line per request, to stderr through `tracing-subscriber`.
//!
//! Paths are logged without their query string, and the token of a share link (`/s/TOKEN`,
//! `/api/v1/share/TOKEN...`) and the code of an invite link (`/invite/CODE`, which the PWA
//! answers) are replaced by `…`: they are capabilities and must not end up in log files.

use axum::{body::Body, http::Request};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{DefaultOnResponse, MakeSpan, TraceLayer},
};
use tracing::{Level, Span};

/// The tracing layer of the application.
pub fn layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RedactingMakeSpan> {
    TraceLayer::new_for_http()
        .make_span_with(RedactingMakeSpan)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

/// Makes the request span with a redacted path.
#[derive(Debug, Clone, Copy)]
pub struct RedactingMakeSpan;

impl MakeSpan<Body> for RedactingMakeSpan {
    fn make_span(&mut self, request: &Request<Body>) -> Span {
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %redact(request.uri().path()),
        )
    }
}

/// The path with any share token or invite code replaced by `…`.
pub fn redact(path: &str) -> String {
    let mut segments: Vec<&str> = path.split('/').collect();
    for index in 1..segments.len() {
        if matches!(segments[index - 1], "s" | "share" | "invite") && !segments[index].is_empty() {
            segments[index] = "…";
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn share_tokens_and_invite_codes_are_redacted() {
        assert_eq!(redact("/s/abc123"), "/s/…");
        assert_eq!(
            redact("/api/v1/share/abc123/calendar.ics"),
            "/api/v1/share/…/calendar.ics"
        );
        assert_eq!(redact("/invite/abc123"), "/invite/…");
        assert_eq!(redact("/api/v1/sync"), "/api/v1/sync");
        assert_eq!(redact("/"), "/");
    }
}
