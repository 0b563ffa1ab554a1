//! The one redraw: a screen's new HTML is laid over the live page by changing only what differs
//! (a small diff of the new tree against the live one, in the manner of morphdom). Elements that
//! stay keep their identity, so the focus, the caret, what was typed into a field, a scroll
//! position and an open `<details>` all stay; a button drawn again with a new number is the same
//! button. Only what changed is touched: where the page was drawn from HTML the app still holds,
//! the two drawings are compared as text first ([`drawn`](super::drawn)) and only the elements
//! that differ are visited; elsewhere a subtree drawn as it stands is passed over after one
//! comparison in the browser (`isEqualNode`). So a tap's answer costs little more than the change.
//!
//! Rules, in the order they are applied:
//! - Children are matched in order. An element matches one of the same tag and the same key: its
//!   `id`, `data-key` or `name` (so a field never takes over another field's typed text). When
//!   they do not match, one node of look-ahead on either side tells an insertion or a removal
//!   from a replacement.
//! - A matched element gets the new attributes, and loses the ones no longer drawn, except
//!   `open` on a `<details>` (the user's to open and close) and `data-mounted`.
//! - What a user typed or chose is the field's property, not its attribute: a new `value`,
//!   `checked` or `selected` attribute changes the field only while the user has not touched it
//!   (the browser's own rule for defaults). A screen that means to empty a field after a save does
//!   so through its form (`Fields::set`).
//! - An element marked `data-mounted` is another mount's: its children are left to it.
//! - If the focused element went after all, the focus goes to the element drawn in its place (the
//!   same `data-action`, `name` or `id`).

use super::drawn::{patches, Change, Drawing, Patch};
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

const ELEMENT: u16 = 1;
const TEXT: u16 = 3;
const COMMENT: u16 = 8;

thread_local! {
    /// The template the new HTML is parsed into (its content is inert: nothing loads or runs).
    static TEMPLATE: Option<web_sys::HtmlTemplateElement> = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("template").ok())
        .and_then(|element| element.dyn_into().ok());
}

/// Makes the children of `live` what `new` says, changing only what differs. `drawn` is what the
/// page was last drawn from: where both read (they are the app's own HTML), only the places where
/// the two differ are visited ([`drawn`](super::drawn)); otherwise both trees are walked.
pub(crate) fn morph(live: &Element, drawn: Option<&Drawing>, new: &Drawing) {
    let html = new.html.as_str();
    TEMPLATE.with(|template| {
        let Some(template) = template else {
            live.set_inner_html(html);
            return;
        };
        if drawn.is_none() && !live.has_child_nodes() {
            // A screen's first drawing: nothing to keep, so the page parses it in place.
            live.set_inner_html(html);
            return;
        }
        let focused = focused_within(live);
        let patches = drawn.and_then(|drawn| patches(drawn, new));
        let patched = patches.is_some_and(|patches| {
            patches
                .into_iter()
                .all(|patch| apply(live, template, patch).is_some())
        });
        if !patched {
            // The whole screen against the page as it is (also where a patch found the page
            // other than drawn: the walk mends whatever the patches before it did).
            template.set_inner_html(html);
            morph_children(live, &template.content());
        }
        if let Some((element, handle)) = focused {
            if !element.is_connected() {
                refocus(live, &handle);
            }
        }
    });
}

/// Applies one patch, or `None` if the page is not what the old drawing drew at its path.
fn apply(live: &Element, template: &web_sys::HtmlTemplateElement, patch: Patch) -> Option<()> {
    let mut node: Node = live.clone().into();
    for step in &patch.path {
        let children = node.child_nodes();
        if children.length() != step.siblings {
            return None;
        }
        node = children.item(step.index)?;
    }
    let children = |count| {
        let children = node.child_nodes();
        (children.length() == count).then_some(children)
    };
    match patch.change {
        Change::Text(text) if node.node_type() == TEXT => node.set_node_value(Some(text)),
        Change::Attributes { tag, start } => {
            let element = node
                .dyn_ref::<Element>()
                .filter(|e| e.local_name() == tag)?;
            // The start tag alone: the parser closes the element, with no children.
            template.set_inner_html(start);
            update_attributes(element, template.content().first_element_child()?.as_ref());
        }
        Change::Redraw { tag, html } if node.dyn_ref::<Element>()?.local_name() == tag => {
            template.set_inner_html(html);
            update(&node, &template.content().first_child()?);
        }
        Change::Add {
            at,
            children: count,
            html,
        } => {
            let before = children(count)?.item(at);
            template.set_inner_html(html);
            node.insert_before(&template.content(), before.as_ref())
                .ok()?;
        }
        Change::Remove {
            at,
            count,
            children: drawn,
        } => {
            let children = children(drawn)?;
            for _ in 0..count {
                node.remove_child(&children.item(at)?).ok()?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// The key that ties an element drawn again to the live one (`drawn::key` reads the same from
/// the HTML text).
fn key(element: &Element) -> Option<String> {
    ["id", "data-key", "name"]
        .iter()
        .find_map(|name| element.get_attribute(name))
}

/// Whether `old` can be updated into `new` rather than replaced.
fn same(old: &Node, new: &Node) -> bool {
    if old.node_type() != new.node_type() || old.node_name() != new.node_name() {
        return false;
    }
    match (old.dyn_ref::<Element>(), new.dyn_ref::<Element>()) {
        (Some(old), Some(new)) => key(old) == key(new),
        _ => true,
    }
}

fn morph_children(live: &Node, fresh: &Node) {
    let mut old = live.first_child();
    let mut new = fresh.first_child();
    while let Some(new_node) = new {
        let next_new = new_node.next_sibling();
        old = match old {
            Some(old_node) if same(&old_node, &new_node) => {
                update(&old_node, &new_node);
                old_node.next_sibling()
            }
            Some(old_node) => {
                let removed = old_node
                    .next_sibling()
                    .filter(|after| same(after, &new_node));
                let inserted = next_new.as_ref().is_some_and(|n| same(&old_node, n));
                if let (Some(after), false) = (removed, inserted) {
                    // The old node is no longer drawn.
                    let _ = live.remove_child(&old_node);
                    update(&after, &new_node);
                    after.next_sibling()
                } else {
                    // A new node (or a different one) in front of the old.
                    let _ = live.insert_before(&new_node, Some(&old_node));
                    Some(old_node)
                }
            }
            None => {
                let _ = live.append_child(&new_node);
                None
            }
        };
        new = next_new;
    }
    while let Some(old_node) = old {
        old = old_node.next_sibling();
        let _ = live.remove_child(&old_node);
    }
}

fn update(old: &Node, new: &Node) {
    match old.node_type() {
        TEXT | COMMENT => {
            let text = new.node_value();
            if old.node_value() != text {
                old.set_node_value(text.as_deref());
            }
        }
        ELEMENT => {
            // A subtree drawn exactly as it stands (attributes and children alike) needs nothing:
            // one comparison in the browser instead of a walk through it call by call. (What a
            // user typed is a property, which no attribute comparison sees, and the walk would
            // leave it too.)
            if old.is_equal_node(Some(new)) {
                return;
            }
            let (Some(old), Some(new)) = (old.dyn_ref::<Element>(), new.dyn_ref::<Element>())
            else {
                return;
            };
            update_attributes(old, new);
            if !old.has_attribute("data-mounted") {
                morph_children(old, new);
            }
        }
        _ => {}
    }
}

fn update_attributes(old: &Element, new: &Element) {
    let kept = |name: &str| {
        name == "data-mounted" || (name == "open" && old.tag_name().eq_ignore_ascii_case("details"))
    };
    let attributes = new.attributes();
    for index in 0..attributes.length() {
        let Some(attribute) = attributes.item(index) else {
            continue;
        };
        let (name, value) = (attribute.name(), attribute.value());
        if !kept(&name) && old.get_attribute(&name).as_deref() != Some(value.as_str()) {
            let _ = old.set_attribute(&name, &value);
        }
    }
    let attributes = old.attributes();
    // Backwards: removing one shifts the ones after it.
    for index in (0..attributes.length()).rev() {
        let Some(name) = attributes.item(index).map(|attribute| attribute.name()) else {
            continue;
        };
        if !kept(&name) && !new.has_attribute(&name) {
            let _ = old.remove_attribute(&name);
        }
    }
}

/// The focused element inside `live`, and how to find its successor: `[data-action="…"]`,
/// `[name="…"]` or `[id="…"]`.
fn focused_within(live: &Element) -> Option<(Element, String)> {
    let focused = live.owner_document()?.active_element()?;
    if !live.contains(Some(&focused)) {
        return None;
    }
    let handle = ["data-action", "name", "id"].iter().find_map(|name| {
        let value = focused.get_attribute(name)?;
        Some(format!("[{name}=\"{}\"]", value.replace('"', "\\\"")))
    })?;
    Some((focused, handle))
}

fn refocus(live: &Element, handle: &str) {
    if let Ok(Some(element)) = live.query_selector(handle) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}
