//! Screens written as HTML text, for the parts of the app that mostly display (the sync panel, the
//! account box, the coordinator's screens): plain functions build the text (escaping every text
//! that comes from a user), one reactive closure shows it through `inner_html`, and one click
//! handler on the container reads the `data-action` of the button that was tapped.
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

/// Like `live`, for a container that stays on screen while its figures change (the clock ticks
/// every 20 seconds): the text is drawn again only when it differs, and the button that had the
/// focus (known by its `data-action`) gets it back once the new text is in.
pub(crate) fn live_steady(text: impl Fn() -> String + Send + Sync + 'static) -> Live {
    let text: Live = Box::new(text);
    let memo = leptos::prelude::Memo::new(move |_| text());
    live(move || {
        let html = leptos::prelude::Get::get(&memo);
        keep_focus();
        html
    })
}

/// Focuses the element with the focused element's `data-action` again after the redraw under
/// way: render effects run in the order they were woken, before a task spawned now.
fn keep_focus() {
    let document = leptos::prelude::document();
    let Some(action) = document
        .active_element()
        .and_then(|element| element.get_attribute("data-action"))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let selector = format!("[data-action=\"{action}\"]");
        let found = leptos::prelude::document().query_selector(&selector);
        if let Ok(Some(element)) = found {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// What went wrong with a form, as `widgets::FormError` shows it; nothing for `None`.
pub(crate) fn form_error(error: Option<&str>) -> String {
    error.map_or_else(String::new, |error| {
        format!(
            "<p class=\"notice notice-error\" role=\"alert\" data-testid=\"form-error\">{}<span>{}</span></p>",
            icon(Icon::Alert),
            peerline_share::html::escape(error)
        )
    })
}
