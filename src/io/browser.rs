//! Small facts about the browser: its language, the document's `lang`, being online.

use crate::i18n::Locale;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// The language `navigator.language` asks for (English when unknown).
pub(crate) fn browser_locale() -> Locale {
    let tag = web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default();
    Locale::from_browser_tag(&tag)
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
