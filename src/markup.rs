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
    steady(Box::new(text))
}

/// `live_steady` for a boxed text: compiled once, not once per screen.
fn steady(text: Live) -> Live {
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
        let form: web_sys::HtmlFormElement = event.target()?.dyn_into().ok()?;
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

    /// Whether the checkbox `name` is ticked.
    pub(crate) fn checked(&self, name: &str) -> bool {
        self.data.has(name)
    }

    /// Sets the inner HTML of the form's part `data-part="name"` (a display part inside a form
    /// the user may be typing in, which is not drawn again).
    pub(crate) fn show(&self, part: &str, html: &str) {
        set_part(&self.form, part, html);
    }

    /// Sets the value of the field `name` (and its default, which `reset` and `untouched` use).
    pub(crate) fn set(&self, name: &str, value: &str) {
        if let Ok(Some(element)) = self.form.query_selector(&format!("[name=\"{name}\"]")) {
            let _ = element.set_attribute("value", value);
            let _ = js_sys::Reflect::set(&element, &"value".into(), &value.into());
        }
    }

    /// Whether the field `name` still holds the value it was drawn with.
    pub(crate) fn untouched(&self, name: &str) -> bool {
        let drawn = self
            .form
            .query_selector(&format!("[name=\"{name}\"]"))
            .ok()
            .flatten()
            .and_then(|element| element.get_attribute("value"));
        drawn.is_some_and(|drawn| self.get(name).as_deref() == Some(drawn.as_str()))
    }
}

/// Sets the inner HTML of the part `data-part="name"` inside `root`.
pub(crate) fn set_part(root: &web_sys::Element, part: &str, html: &str) {
    if let Ok(Some(element)) = root.query_selector(&format!("[data-part=\"{part}\"]")) {
        element.set_inner_html(html);
    }
}

/// Shows or hides the part `data-part="name"` inside `root` (by its `hidden` attribute).
pub(crate) fn reveal(root: &web_sys::Element, part: &str, shown: bool) {
    if let Ok(Some(element)) = root.query_selector(&format!("[data-part=\"{part}\"]")) {
        let _ = element.toggle_attribute_with_force("hidden", !shown);
    }
}

/// One radio in a row of big radio chips (`choice`): its value, words, test id, and whether it
/// is the chosen one.
pub(crate) struct Chip<'a> {
    pub(crate) value: &'a str,
    pub(crate) label: &'a str,
    pub(crate) test_id: &'a str,
    pub(crate) checked: bool,
}

/// A fieldset of radio chips named `name` under `legend`, then `after` (a hint, or nothing).
/// Labels and test ids are escaped here: they may be names.
pub(crate) fn choice(legend: &str, name: &str, chips: &[Chip], after: &str) -> String {
    let mut html =
        format!("<fieldset class=\"choice\"><legend>{legend}</legend><div class=\"chips\">");
    for chip in chips {
        html.push_str(&format!(
            "<label class=\"chip\"><input type=\"radio\" name=\"{name}\" value=\"{}\" data-testid=\"{}\"{}><span>{}</span></label>",
            peerline_share::html::escape(chip.value),
            peerline_share::html::escape(chip.test_id),
            if chip.checked { " checked" } else { "" },
            peerline_share::html::escape(chip.label)
        ));
    }
    html.push_str("</div>");
    html.push_str(after);
    html.push_str("</fieldset>");
    html
}

/// A checkbox named `name` with its label beside it, as `widgets::Check` draws it.
pub(crate) fn check(label: &str, name: &str, test_id: &str, checked: bool) -> String {
    format!(
        "<label class=\"check\"><input type=\"checkbox\" name=\"{name}\" data-testid=\"{test_id}\"{}><span>{label}</span></label>",
        if checked { " checked" } else { "" }
    )
}

/// A multi-line text named `name` with its label above it, as `widgets::TextArea` draws it; the
/// text (the user's) is escaped here. The parser drops a newline right after `<textarea>`, so one
/// is put there: a note that begins with a blank line keeps it.
pub(crate) fn text_area(label: &str, name: &str, test_id: &str, text: &str) -> String {
    format!(
        "<label class=\"field\"><span>{label}</span><textarea name=\"{name}\" data-testid=\"{test_id}\">\n{}</textarea></label>",
        peerline_share::html::escape(text)
    )
}
