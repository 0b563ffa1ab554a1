//! The safety net for error bodies: any 4xx/5xx response that is not already JSON (axum's 405, a
//! missing static file, a range error from the file server, a panic) gets the contract's
//! `{"error": {"code", "message"}}` body. Headers such as `Allow` and `Retry-After` are kept.

use std::any::Any;

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::api::error::ApiError;

/// Replaces the body of a bare error response with the contract's error body.
pub async fn ensure_error_body(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let replacement = ApiError::from_status(status).into_response();
    let (replacement_parts, body) = replacement.into_parts();
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.remove(header::CONTENT_RANGE);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        replacement_parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("application/json")),
    );
    Response::from_parts(parts, body)
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// The response for a handler that panicked: 500 with the contract's body; the panic message
/// goes to the log only.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "handler panicked");
    ApiError::internal().into_response()
}
