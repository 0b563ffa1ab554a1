//! Mounting a screen: its element is drawn from `render` now and again whenever what `render`
//! read changes (through [`morph`](super::morph), so focus and typing stay), and one listener per
//! kind of event reads the `data-action` of what was used and hands the parsed action to
//! `update`. Which element carries the action:
//!
//! - a click: the nearest `<button>`, `<a>` or `<summary>` with a `data-action`;
//! - a submit: the `<form>` (the browser's own submit never happens);
//! - an input or a change: the field itself, if it has a `data-action`.
//!
//! A mount's element is marked `data-mounted`: an outer mount (the shell around the screen) leaves
//! its children alone, and an event inside an inner mount is the inner mount's only.

use super::action::{parse, Action};
use super::drawn::Drawing;
use super::morph::morph;
use leptos::prelude::*;
use maud::Markup;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::Element;

/// A listener of one kind of event (`click`…) on a mount's element.
type Listener = (&'static str, Closure<dyn Fn(web_sys::Event)>);

/// A mounted screen or part: dropping it stops its redraws and its listeners.
pub(crate) struct Mounted {
    element: Element,
    _redraw: RenderEffect<Drawing>,
    listeners: Vec<Listener>,
}

impl Drop for Mounted {
    /// The screen goes: its listeners and what it drew (the element stays, for the next screen).
    fn drop(&mut self) {
        for (event, listener) in &self.listeners {
            let _ = self
                .element
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        self.element.set_inner_html("");
    }
}

/// Draws `render` into `element` from now on and hands every action used in it to `update`.
pub(crate) fn mount<A: Action + 'static>(
    element: Element,
    render: impl Fn() -> Markup + 'static,
    update: impl Fn(A, &Used) + 'static,
) -> Mounted {
    // Generic only in the parsing: the rest is compiled once for every screen.
    let update = move |text: &str, used: &Used| {
        if let Some(action) = parse::<A>(text) {
            update(action, used);
        }
    };
    mount_boxed(element, Box::new(render), Box::new(update))
}

type Update = Box<dyn Fn(&str, &Used)>;

fn mount_boxed(element: Element, render: Box<dyn Fn() -> Markup>, update: Update) -> Mounted {
    let _ = element.set_attribute("data-mounted", "");
    let drawn = element.clone();
    let redraw = RenderEffect::new(move |previous: Option<Drawing>| {
        let html = render().into_string();
        match previous {
            Some(previous) if previous.html == html => previous,
            previous => {
                let drawing = Drawing::read(html);
                morph(&drawn, previous.as_ref(), &drawing);
                drawing
            }
        }
    });
    let update = std::rc::Rc::new(update);
    let listeners = ["click", "submit", "input", "change"]
        .into_iter()
        .map(|event| {
            let (update, mounted) = (update.clone(), element.clone());
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                dispatch(&mounted, &event, &**update);
            });
            let _ =
                element.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            (event, listener)
        })
        .collect();
    Mounted {
        element,
        _redraw: redraw,
        listeners,
    }
}

/// Finds the element that carries the event's action and hands the action to `update`.
fn dispatch(mounted: &Element, event: &web_sys::Event, update: &dyn Fn(&str, &Used)) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let kind = event.type_();
    if kind == "submit" {
        event.prevent_default();
    }
    let actor = match kind.as_str() {
        "click" => target
            .closest("button[data-action],a[data-action],summary[data-action]")
            .ok()
            .flatten(),
        _ => Some(target),
    };
    let Some(actor) = actor else {
        return;
    };
    let Some(action) = actor.get_attribute("data-action") else {
        return;
    };
    // Inside this mount, not inside one mounted within it.
    let owner = actor.closest("[data-mounted]").ok().flatten();
    if !owner.is_some_and(|owner| owner.is_same_node(Some(mounted))) {
        return;
    }
    update(&action, &Used { element: actor });
}

/// What an action came from: the element that carries the `data-action`.
pub(crate) struct Used {
    pub(crate) element: Element,
}

impl Used {
    /// The fields of the form (or the `data-fields` part of one) the element belongs to: how an
    /// action reads what was typed, never by selectors over the whole page.
    pub(crate) fn fields(&self) -> Option<Fields> {
        let root = self.element.closest("[data-fields],form").ok()??;
        Some(Fields { root })
    }

    /// The element's `value` (a field that changed).
    pub(crate) fn value(&self) -> String {
        property(&self.element, "value")
            .as_string()
            .unwrap_or_default()
    }

    /// Whether the element (a checkbox that changed) is ticked.
    pub(crate) fn checked(&self) -> bool {
        property(&self.element, "checked").is_truthy()
    }
}

fn property(element: &Element, name: &str) -> JsValue {
    js_sys::Reflect::get(element, &name.into()).unwrap_or_default()
}

/// What a form holds, as an `update` reads it: the page's [`Fields`], or a [`Table`] (in a test,
/// or none at all).
pub(crate) trait FormValues {
    /// The text of the field `name` ("" if there is none).
    fn text(&self, name: &str) -> String;
    /// Whether the checkbox `name` is ticked.
    fn checked(&self, name: &str) -> bool;
    /// The value of the ticked radio of the group `name`, if one is.
    fn chosen(&self, name: &str) -> Option<String>;
}

/// Fields as a table of `(name, value)` pairs; a ticked checkbox is one whose value is `"on"`.
pub(crate) struct Table<'a>(pub(crate) &'a [(&'a str, &'a str)]);

impl FormValues for Table<'_> {
    fn text(&self, name: &str) -> String {
        let found = self.0.iter().find(|(field, _)| *field == name);
        found
            .map(|(_, value)| (*value).to_owned())
            .unwrap_or_default()
    }

    fn checked(&self, name: &str) -> bool {
        self.text(name) == "on"
    }

    fn chosen(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|value| !value.is_empty())
    }
}

impl FormValues for Fields {
    fn text(&self, name: &str) -> String {
        Fields::text(self, name)
    }

    fn checked(&self, name: &str) -> bool {
        Fields::checked(self, name)
    }

    fn chosen(&self, name: &str) -> Option<String> {
        Fields::chosen(self, name)
    }
}

/// The named fields inside one form or `data-fields` part, read by their `name`.
pub(crate) struct Fields {
    root: Element,
}

impl Fields {
    fn field(&self, name: &str) -> Option<Element> {
        let selector = format!("[name=\"{name}\"]");
        self.root.query_selector(&selector).ok()?
    }

    /// The text of the field `name` ("" if there is none).
    pub(crate) fn text(&self, name: &str) -> String {
        self.field(name)
            .and_then(|field| property(&field, "value").as_string())
            .unwrap_or_default()
    }

    /// Whether the checkbox `name` is ticked.
    pub(crate) fn checked(&self, name: &str) -> bool {
        self.field(name)
            .is_some_and(|field| property(&field, "checked").is_truthy())
    }

    /// The value of the ticked radio of the group `name`, if one is.
    pub(crate) fn chosen(&self, name: &str) -> Option<String> {
        let selector = format!("[name=\"{name}\"]:checked");
        let field = self.root.query_selector(&selector).ok()??;
        property(&field, "value").as_string()
    }

    /// Sets what the field `name` holds, as if typed (after a save, to start the next entry).
    pub(crate) fn set(&self, name: &str, value: &str) {
        if let Some(field) = self.field(name) {
            let _ = js_sys::Reflect::set(&field, &"value".into(), &value.into());
        }
    }

    /// Sets the field `name` as if it had been drawn holding `value` (its default too), so that
    /// [`Fields::untouched`] holds again.
    pub(crate) fn set_default(&self, name: &str, value: &str) {
        if let Some(field) = self.field(name) {
            let _ = field.set_attribute("value", value);
            let _ = js_sys::Reflect::set(&field, &"value".into(), &value.into());
        }
    }

    /// Whether the field `name` still holds the value it was drawn with.
    pub(crate) fn untouched(&self, name: &str) -> bool {
        self.field(name).is_some_and(|field| {
            field.get_attribute("value") == property(&field, "value").as_string()
        })
    }
}
