//! Screens written as HTML text, which is how the app draws them: plain functions build the text
//! (escaping every text that comes from a user), one reactive closure shows it through
//! `inner_html`, and one handler on the container reads the `data-action` of the button that was
//! tapped, or the values of the form that was submitted. A form is drawn once; what changes
//! while it is open (its error, a status, one day of the week editor) is refilled in place
//! ([`fill_slot`], [`fill`], [`set_at`]), so focus and what was typed stay.
//!
//! Why not a Leptos view per element: Leptos compiles rendering code for every reactive closure,
//! attribute and handler type, about a kilobyte of WASM each, and the app has a size budget. Links
//! inside the text are ordinary `<a href>`s, which the router follows like its own.

use crate::icons::{self, Icon};
use wasm_bindgen::JsCast;

/// A text that changes (a view child or `inner_html`), boxed: Leptos compiles its rendering code
/// once per closure type, and every boxed closure is the same type.
pub(crate) type Live = Box<dyn Fn() -> String + Send + Sync>;

pub(crate) fn live(text: impl Fn() -> String + Send + Sync + 'static) -> Live {
    Box::new(text)
}

/// An inline icon, as `icons::Svg` draws it (decoration beside a text).
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

/// A container's one click handler, boxed so that every container's is the same type (Leptos
/// compiles an event listener's code once per handler type): `act` gets the tapped `data-action`.
pub(crate) type Clicks = Box<dyn FnMut(web_sys::MouseEvent)>;

pub(crate) fn clicks(act: impl Fn(&str) + 'static) -> Clicks {
    Box::new(move |event| {
        if let Some(action) = action_of(&event) {
            act(&action);
        }
    })
}

/// A labelled `<input>` (class `field`, as the `TextField` widget draws it); `value` is escaped
/// here. The input's `name` is its test id, which is how a submit handler finds it.
pub(crate) fn text_field(label: &str, kind: &str, test_id: &str, value: &str) -> String {
    format!(
        "<label class=\"field\"><span>{label}</span><input type=\"{kind}\" name=\"{test_id}\" \
         data-testid=\"{test_id}\" value=\"{}\"></label>",
        peerline_share::html::escape(value)
    )
}

/// A labelled `<textarea>`, as the `TextArea` widget draws it; `value` is escaped here.
pub(crate) fn text_area(label: &str, test_id: &str, value: &str) -> String {
    format!(
        "<label class=\"field\"><span>{label}</span><textarea name=\"{test_id}\" \
         data-testid=\"{test_id}\">{}</textarea></label>",
        peerline_share::html::escape(value)
    )
}

/// A checkbox with its label beside it, as the `Check` widget draws it.
pub(crate) fn check(label: &str, test_id: &str, checked: bool) -> String {
    format!(
        "<label class=\"check\"><input type=\"checkbox\" name=\"{test_id}\" data-testid=\"{test_id}\"{}>\
         <span>{label}</span></label>",
        if checked { " checked" } else { "" }
    )
}

/// A [`live`] text kept in a memo: the element is redrawn only when the text really changes, not
/// whenever something it reads is touched (the store on every sync, the clock every 20 s).
pub(crate) fn live_memo(text: impl Fn() -> String + Send + Sync + 'static) -> Live {
    use leptos::prelude::Get;
    let memo = memo_text(text);
    live(move || memo.get())
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

/// A form's error as `widgets::FormError` shows it (escaped here), or nothing.
pub(crate) fn form_error(error: Option<&str>) -> String {
    error.map_or_else(String::new, |error| {
        format!(
            "<p class=\"notice notice-error\" role=\"alert\" data-testid=\"form-error\">{}<span>{}</span></p>",
            icon(Icon::Alert),
            peerline_share::html::escape(error)
        )
    })
}

/// The form a submit event is for, and its values by name (`FormData`; a checkbox that is not
/// ticked has none).
pub(crate) fn submitted(
    event: &web_sys::SubmitEvent,
) -> Option<(web_sys::HtmlFormElement, web_sys::FormData)> {
    event.prevent_default();
    let form: web_sys::HtmlFormElement = event.target()?.dyn_into().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    Some((form, data))
}

/// A form value by name, or "".
pub(crate) fn form_text(data: &web_sys::FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default()
}

/// Sets the HTML of the element marked `data-slot="{slot}"` inside `root`: the part of a form
/// that changes after a submit (its error, its status), so the form itself is not drawn again and
/// focus and what was typed stay.
pub(crate) fn fill_slot(root: &web_sys::Element, slot: &str, html: &str) {
    if let Ok(Some(element)) = root.query_selector(&format!("[data-slot=\"{slot}\"]")) {
        element.set_inner_html(html);
    }
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
    let focused = web_sys::window()
        .and_then(|window| window.document()?.active_element())
        .filter(|focused| element.contains(Some(focused)))
        .and_then(|focused| focused.get_attribute("data-action"));
    element.set_inner_html(html);
    let again = focused.and_then(|action| {
        element
            .query_selector(&format!("[data-action=\"{action}\"]"))
            .ok()?
    });
    if let Some(again) = again {
        if let Ok(focus) = js_sys::Reflect::get(&again, &"focus".into()) {
            let _ = focus.unchecked_into::<js_sys::Function>().call0(&again);
        }
    }
}
