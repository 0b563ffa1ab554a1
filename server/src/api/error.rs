//! The contract's error: a status and `{"error": {"code", "message"}}`.
//!
//! Every 4xx/5xx the server sends has this body. Internal causes (SQL, I/O, panics) are logged and
//! replaced by a generic message, so no SQL, file path or stack trace reaches a client.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;

/// An error response of the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after_seconds: Option<u64>,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable snake_case code (`invalid_request`, `unauthorized`, ...).
    pub code: String,
    /// A human-readable explanation; never SQL, paths or stack traces.
    pub message: String,
}

impl ApiError {
    /// An error with any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after_seconds: None,
        }
    }

    /// 400 `invalid_request`: the body is not JSON or its envelope has the wrong shape.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// 401 `unauthorized`: no token, or one that is unknown, expired or logged out.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required",
        )
    }

    /// 401 `account_disabled`: the token's account was deactivated (its device should clear
    /// everything of the account, unlike after `unauthorized`).
    pub fn account_disabled() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "account_disabled",
            "this account has been deactivated",
        )
    }

    /// 401 `invalid_credentials`: the same for a wrong username and a wrong password.
    pub fn invalid_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong username or password",
        )
    }

    /// 403 `forbidden`: authenticated, but this role may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such resource")
    }

    /// 405 `method_not_allowed`.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this method is not allowed here",
        )
    }

    /// 413 `payload_too_large`: the body is over 1 MiB.
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is larger than 1 MiB",
        )
    }

    /// 429 `too_many_attempts`, with a `Retry-After` header.
    pub fn too_many_attempts(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "too many failed logins; try again later",
            )
        }
    }

    /// 408 `request_timeout`: the request (its body included) took longer than the server
    /// waits for one.
    pub fn request_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "the request took too long to arrive",
        )
    }

    /// 503 `service_unavailable`, with a `Retry-After` header: the server is at a bound (password
    /// hashes at once) and the request was not judged; it may be sent again.
    pub fn busy(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::from_status(StatusCode::SERVICE_UNAVAILABLE)
        }
    }

    /// 500 `internal_error`; the cause has been logged by the caller.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server failed to handle the request",
        )
    }

    /// The generic error for a bare status (used where a lower layer answered without a body).
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::BAD_REQUEST => ("invalid_request", "the request is malformed"),
            StatusCode::UNAUTHORIZED => ("unauthorized", "a valid bearer token is required"),
            StatusCode::FORBIDDEN => ("forbidden", "not allowed"),
            StatusCode::NOT_FOUND => ("not_found", "no such resource"),
            StatusCode::METHOD_NOT_ALLOWED => {
                ("method_not_allowed", "this method is not allowed here")
            }
            StatusCode::PAYLOAD_TOO_LARGE => {
                ("payload_too_large", "the request body is larger than 1 MiB")
            }
            StatusCode::RANGE_NOT_SATISFIABLE => (
                "range_not_satisfiable",
                "the requested range is not available",
            ),
            StatusCode::SERVICE_UNAVAILABLE => {
                ("service_unavailable", "the server is busy; try again")
            }
            status if status.is_client_error() => ("invalid_request", "the request was refused"),
            _ => ("internal_error", "the server failed to handle the request"),
        };
        Self::new(status, code, message)
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The code.
    pub fn code(&self) -> &'static str {
        self.code
    }
}

impl From<crate::Error> for ApiError {
    fn from(error: crate::Error) -> Self {
        match &error {
            crate::Error::WeakPassword(message) => {
                Self::new(StatusCode::BAD_REQUEST, "weak_password", message.clone())
            }
            crate::Error::InvalidUsername(message) => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_username", message.clone())
            }
            crate::Error::InvalidInput(message) => Self::invalid_request(message.clone()),
            crate::Error::HashingBusy => crate::password::HashingBusy.into(),
            crate::Error::Database(sqlx::Error::PoolTimedOut) => {
                tracing::warn!("database pool exhausted");
                Self::from_status(StatusCode::SERVICE_UNAVAILABLE)
            }
            _ => {
                tracing::error!(error = %error, "request failed");
                Self::internal()
            }
        }
    }
}

impl From<crate::password::HashingBusy> for ApiError {
    fn from(_: crate::password::HashingBusy) -> Self {
        tracing::warn!("password hashing at its bound; answered 503");
        Self::busy(1)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        crate::Error::from(error).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
