//! Small facts about the browser: its language, the document's `lang`, being online.

use crate::words::Language;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// The language `navigator.language` asks for (English when unknown).
pub(crate) fn browser_language() -> Language {
    let tag = web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default();
    crate::words::language_from_tag(&tag)
}

/// Keeps `<html lang>` true to the shown language, for screen readers and hyphenation.
pub(crate) fn set_document_lang(code: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", code);
    }
}

/// A signal that follows `navigator.onLine` through the `online` and `offline` events.
pub(crate) fn online_signal() -> ReadSignal<bool> {
    let Some(window) = web_sys::window() else {
        return signal(true).0;
    };
    let (online, set_online) = signal(window.navigator().on_line());
    for (event, value) in [("online", true), ("offline", false)] {
        let listener = Closure::<dyn Fn()>::new(move || set_online.set(value));
        let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        listener.forget();
    }
    online
}

/// The current instant from the browser's clock (chrono's own clock is not wired up on WASM).
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    let millis = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// A high-resolution timestamp in milliseconds, for measuring.
#[cfg(feature = "bench")] // only the `/?bench` measurement uses it
pub(crate) fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// A name in lower case with `-` for spaces, for a test id (`log-person-ola`): the browser's
/// `toLowerCase` (Rust's would add its Unicode case tables to the WASM). On the host, Rust's.
pub(crate) fn name_slug(name: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    let lower = String::from(js_sys::JsString::from(name).to_lower_case());
    #[cfg(not(target_arch = "wasm32"))]
    let lower = name.to_lowercase();
    lower.replace(' ', "-")
}

/// Whether the page's query string has `name` (as in `/?bench`).
#[cfg(feature = "bench")] // only the `/?bench` measurement uses it
pub(crate) fn has_query_flag(name: &str) -> bool {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|part| part.split('=').next() == Some(name))
}

/// Sets `window[name]` to a JSON value, for tests and measurements to read.
#[cfg(feature = "bench")] // only the `/?bench` measurement uses it
pub(crate) fn expose(name: &str, value: &serde_json::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(parsed) = js_sys::JSON::parse(&value.to_string()) else {
        return;
    };
    let _ = js_sys::Reflect::set(&window, &wasm_bindgen::JsValue::from_str(name), &parsed);
}

/// Offers `text` as a file download named `file_name`.
pub(crate) fn download(file_name: &str, mime: &str, text: &str) -> Result<(), ()> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or(())?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| ())?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A new random UUID (from the browser's crypto).
pub(crate) fn random_id() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}
