//! The helpers of the way screens were drawn before [`mount`](super::mount) (a reactive
//! `inner_html` per container, forms refilled part by part with `set_part`), for
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

/// A form's values, as its `on:submit` (delegated to a container) sees them: the form is the
/// event's target. Only inputs with a `name` count.
pub(crate) struct Fields {
    pub(crate) form: web_sys::HtmlFormElement,
    data: web_sys::FormData,
}

impl Fields {
    /// The submitted form's values; also stops the browser's own submit.
    pub(crate) fn of(event: &web_sys::SubmitEvent) -> Option<Fields> {
        event.prevent_default();
        Fields::in_form(event.target()?.dyn_into().ok()?)
    }

    /// A form's values as they are now (while the user types, say).
    pub(crate) fn in_form(form: web_sys::HtmlFormElement) -> Option<Fields> {
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        Some(Fields { form, data })
    }

    /// The text of the field `name` (the checked one of radios), or `None` if none is checked.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.data.get(name).as_string()
    }

    /// The text of the field `name`, empty if there is none.
    pub(crate) fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default()
    }
}

/// Sets the inner HTML of the part `data-part="name"` inside `root`.
pub(crate) fn set_part(root: &web_sys::Element, part: &str, html: &str) {
    if let Ok(Some(element)) = root.query_selector(&format!("[data-part=\"{part}\"]")) {
        element.set_inner_html(html);
    }
}
