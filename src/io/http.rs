//! Talking to the server: `fetch` through web-sys, text in and text out. No HTTP crate: the few
//! calls the app makes (login, logout, sync, the coordinator's summaries) need a method, a bearer
//! token, a JSON body, the status and the body back, which `fetch` does in a few hundred bytes of
//! WASM.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request that has not answered after this long is given up (a captive portal, a dying
/// connection), so a sync round never hangs.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The server's answer, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
    /// `Retry-After` in seconds, when the server sent one (429).
    pub(crate) retry_after: Option<u64>,
}

/// No answer at all: offline, refused, timed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unreachable;

/// The `code` of api.md's error body `{"error": {"code", "message"}}`, and its message.
pub(crate) fn error_of(body: &str) -> Option<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let error = value.get("error")?;
    Some((
        error.get("code")?.as_str()?.to_owned(),
        error
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or_default()
            .to_owned(),
    ))
}

/// Sends `method path` (same origin) with an optional bearer token and JSON body. Boxed, so the
/// four callers share one copy of the request's state machine instead of each inlining it.
pub(crate) fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    json: Option<&str>,
) -> Pin<Box<dyn Future<Output = Result<Reply, Unreachable>>>> {
    let request = (
        method.to_owned(),
        path.to_owned(),
        token.map(str::to_owned),
        json.map(str::to_owned),
    );
    Box::pin(async move {
        let (method, path, token, json) = request;
        fetch(&method, &path, token.as_deref(), json.as_deref()).await
    })
}

async fn fetch(
    method: &str,
    path: &str,
    token: Option<&str>,
    json: Option<&str>,
) -> Result<Reply, Unreachable> {
    let window = web_sys::window().ok_or(Unreachable)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = js_sys::Object::new();
    let set = |name: &str, value: &str| {
        let _ = js_sys::Reflect::set(&headers, &name.into(), &value.into());
    };
    if let Some(token) = token {
        set("authorization", &format!("Bearer {token}"));
    }
    if let Some(json) = json {
        set("content-type", "application/json");
        init.set_body(&JsValue::from_str(json));
    }
    init.set_headers(&headers);
    let abort = web_sys::AbortController::new().ok();
    if let Some(abort) = &abort {
        init.set_signal(Some(&abort.signal()));
        let abort = abort.clone();
        leptos::prelude::set_timeout(move || abort.abort(), TIMEOUT);
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| Unreachable)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| Unreachable)?;
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|value| value.trim().parse().ok());
    let text = response.text().map_err(|_| Unreachable)?;
    let body = JsFuture::from(text).await.map_err(|_| Unreachable)?;
    Ok(Reply {
        status: response.status(),
        body: body.as_string().unwrap_or_default(),
        retry_after,
    })
}

#[cfg(test)]
mod tests {
    use super::error_of;

    #[test]
    fn error_bodies_give_their_code() {
        assert_eq!(
            error_of(r#"{"error": {"code": "unauthorized", "message": "no token"}}"#),
            Some(("unauthorized".into(), "no token".into()))
        );
        assert_eq!(error_of("<html>bad gateway</html>"), None);
        assert_eq!(error_of(r#"{"error": {}}"#), None);
    }
}
