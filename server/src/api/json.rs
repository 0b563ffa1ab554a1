//! The JSON body extractor of the API.
//!
//! Unlike `axum::Json` it does not insist on a `Content-Type` header (a body that is JSON is
//! accepted, anything else is 400 `invalid_request` as `api.md` says, never 415), and its rejection
//! is the contract's error body.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
};
use serde::de::DeserializeOwned;

use crate::api::error::ApiError;

/// A request body parsed as JSON into `T`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::invalid_request("the request body could not be read"))?;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|error| ApiError::invalid_request(describe(&error)))
    }
}

/// serde_json's message, which names the offending type or field and position, never a path.
fn describe(error: &serde_json::Error) -> String {
    if error.is_eof() && error.line() == 1 && error.column() == 0 {
        "the request body is empty; JSON is expected".to_owned()
    } else {
        format!("the request body is not valid: {error}")
    }
}
