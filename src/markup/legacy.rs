//! The helpers of the way screens were drawn before [`mount`](super::mount) (a reactive
//! `inner_html` per container, forms refilled part by part with `fill` and `set_at`), for
//! the screens not converted yet (ARCHITECTURE.md lists them). A converted screen uses none of
//! this; the module goes when the last screen is converted.
//!
//! Why not a Leptos view per element: Leptos compiles rendering code for every reactive closure,
//! attribute and handler type, about a kilobyte of WASM each, and the app has a size budget.

use crate::icons::{self, Icon};
use wasm_bindgen::JsCast;

/// A text that changes (a view child or `inner_html`), boxed: Leptos compiles its rendering code
/// once per closure type, and every boxed closure is the same type.
pub(crate) type Live = Box<dyn Fn() -> String + Send + Sync>;

pub(crate) fn live(text: impl Fn() -> String + Send + Sync + 'static) -> Live {
    Box::new(text)
}

/// An inline 24 px line icon in the current text colour (decoration beside a text).
pub(crate) fn icon(icon: Icon) -> String {
    format!(
        "<svg class=\"icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"><path d=\"{}\"/></svg>",
        icons::path(icon)
    )
}

/// A button that a container's click handler knows by `action` (also its test id).
pub(crate) fn button(class: &str, action: &str, text: &str, disabled: bool) -> String {
    format!(
        "<button type=\"button\" class=\"btn {class}\" data-action=\"{action}\" data-testid=\"{action}\"{}>{text}</button>",
        if disabled { " disabled" } else { "" }
    )
}

/// The `data-action` of the element a click landed on (or its nearest ancestor with one).
pub(crate) fn action_of(event: &web_sys::MouseEvent) -> Option<String> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    target
        .closest("[data-action]")
        .ok()??
        .get_attribute("data-action")
}

/// A text kept in a memo, so that what shows it changes only when the text really changes, not
/// whenever something it reads is touched (the store on every sync, the clock every 20 s). Boxed,
/// like [`Live`]: every memo of text is one type, compiled once.
pub(crate) fn memo_text(
    text: impl Fn() -> String + Send + Sync + 'static,
) -> leptos::prelude::Memo<String> {
    let text: Live = Box::new(text);
    leptos::prelude::Memo::new(move |_| text())
}

/// Runs `update` now and whenever what it reads changes: for setting a control drawn as text in
/// place (`set_at`). Boxed, so every such effect is one type, compiled once.
pub(crate) fn follow(update: impl Fn() + 'static) {
    let update: Box<dyn Fn()> = Box::new(update);
    leptos::prelude::Effect::new(move |_| update());
}

/// The `data-action` of the element that has the focus (inside `within`, if given).
fn focused_action(within: Option<&web_sys::Element>) -> Option<String> {
    let focused = leptos::prelude::document().active_element()?;
    if within.is_some_and(|root| !root.contains(Some(&focused))) {
        return None;
    }
    focused.get_attribute("data-action")
}

/// Gives the focus to the element with `data-action="{action}"` (inside `within`, if given): the
/// same button after its container was drawn again.
fn focus_action(within: Option<&web_sys::Element>, action: &str) {
    let selector = format!("[data-action=\"{action}\"]");
    let found = match within {
        Some(root) => root.query_selector(&selector),
        None => leptos::prelude::document().query_selector(&selector),
    };
    if let Ok(Some(element)) = found {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// A form's error, escaped here (class `notice notice-error`, test id `form-error`), or nothing.
pub(crate) fn form_error(error: Option<&str>) -> String {
    error.map_or_else(String::new, |error| {
        format!(
            "<p class=\"notice notice-error\" role=\"alert\" data-testid=\"form-error\">{}<span>{}</span></p>",
            icon(Icon::Alert),
            peerline_share::html::escape(error)
        )
    })
}

/// The element of the page `selector` finds.
fn element_at(selector: &str) -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()?
}

/// A property (`value`, `checked`) of the element `selector` finds: for reading a form drawn as
/// text when it is submitted.
pub(crate) fn property_at(selector: &str, property: &str) -> wasm_bindgen::JsValue {
    element_at(selector)
        .and_then(|element| js_sys::Reflect::get(&element, &property.into()).ok())
        .unwrap_or_default()
}

/// The `value` of the form control `selector` finds ("" if there is none).
pub(crate) fn value_at(selector: &str) -> String {
    property_at(selector, "value")
        .as_string()
        .unwrap_or_default()
}

/// Sets a property (`value`, `checked`, `hidden`, `innerHTML`) of the element `selector` finds:
/// changes one element without redrawing the form around it (focus and caret stay).
pub(crate) fn set_at(selector: &str, property: &str, value: impl Into<wasm_bindgen::JsValue>) {
    if let Some(element) = element_at(selector) {
        let _ = js_sys::Reflect::set(&element, &property.into(), &value.into());
    }
}

/// Keeps the element `selector` finds filled with `html` as it changes, without redrawing what is
/// around it (a form being typed into stays as it is). Returns the text, for drawing the element
/// filled in the first place.
pub(crate) fn fill(
    selector: String,
    html: impl Fn() -> String + Send + Sync + 'static,
) -> leptos::prelude::Memo<String> {
    use leptos::prelude::Get;
    let html = memo_text(html);
    follow(move || refill(&selector, &html.get()));
    html
}

/// Sets the text of the element `selector` finds. If the focus was on a button inside it, the
/// focus goes to the new button with the same `data-action` (a day's "Add time" that opened its
/// form keeps the focus, as it would if it had not been drawn again).
fn refill(selector: &str, html: &str) {
    let Some(element) = element_at(selector) else {
        return;
    };
    let focused = focused_action(Some(&element));
    element.set_inner_html(html);
    if let Some(action) = focused {
        focus_action(Some(&element), &action);
    }
}
