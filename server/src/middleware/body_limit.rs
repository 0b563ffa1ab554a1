//! The 1 MiB request body limit.
//!
//! A server that answers 413 without reading the body and then closes the connection makes the
//! client's kernel see a reset while it is still sending, so the client reports "connection reset"
//! instead of the 413. This layer therefore reads the body itself: up to 1 MiB it is buffered and
//! handed on; beyond that, the rest is read and thrown away (up to [`MAX_DRAINED_BYTES`], past which
//! the connection is given up on) and the answer is 413 `payload_too_large`. A declared
//! `Content-Length` over the limit is refused at once when the client waits for `100 Continue`
//! (it then never sends the body), and drained otherwise.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderMap},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;

use crate::api::error::ApiError;

/// The largest accepted request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How much of an oversized body is read and discarded before giving up on the connection.
pub const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;

/// Buffers the body (at most [`MAX_BODY_BYTES`]) or answers 413.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if declared_length(&parts.headers).is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        if !expects_continue(&parts.headers) {
            drain(body, 0).await;
        }
        return ApiError::payload_too_large().into_response();
    }
    match read_limited(body).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(BodyTooLarge) => ApiError::payload_too_large().into_response(),
        Err(BodyUnreadable) => {
            ApiError::invalid_request("the request body could not be read").into_response()
        }
    }
}

enum ReadError {
    BodyTooLarge,
    BodyUnreadable,
}
use ReadError::{BodyTooLarge, BodyUnreadable};

/// Reads the whole body if it fits; drains it and says so if it does not.
async fn read_limited(mut body: Body) -> Result<Bytes, ReadError> {
    let mut buffer = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyUnreadable)?;
        if let Ok(data) = frame.into_data() {
            if buffer.len() + data.len() > MAX_BODY_BYTES {
                drain(body, buffer.len() + data.len()).await;
                return Err(BodyTooLarge);
            }
            buffer.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buffer))
}

/// Reads and discards the rest of `body`, up to [`MAX_DRAINED_BYTES`] in all.
async fn drain(mut body: Body, mut already_read: usize) {
    while already_read <= MAX_DRAINED_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => {
                already_read += frame.data_ref().map_or(0, Bytes::len);
            }
            Some(Err(_)) | None => return,
        }
    }
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

fn expects_continue(headers: &HeaderMap) -> bool {
    headers
        .get(header::EXPECT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("100-continue"))
}
