//! A service user's private link, on their contact's page: turn sharing on, show the link and its
//! QR code, copy or share it, make a new one (the old one dies), turn it off, and a preview of
//! exactly what the service user sees.
//!
//! The token is made here, from the browser's crypto (32 bytes, base64url: peerline-core's
//! `encode_share_token`), and written into the contact's `share_token` through the store like any
//! edit; the server learns it, as a hash, with the next sync, so the link is live once the change
//! has left the outbox. The preview is the share page's own renderer (`peerline-share`) fed by
//! peerline-core's `share_response` over this device's records: the same functions the server and
//! the page run. Turning off and "new link" can be undone (writing the old token back revives the
//! old link), so they act at once and offer "undo" instead of asking first.

use std::cell::RefCell;
use std::collections::HashMap;

use std::fmt::Write;

use chrono::Duration;
use peerline_core::{
    encode_share_token, share_response, Contact, Language, RecordKind, SHARE_TOKEN_BYTES,
};
use peerline_share::html::escape;
use peerline_share::CardLinks;
use serde_json::{json, Value};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use crate::markup::legacy::{button, set_at};
use crate::model::changes;
use crate::state::App;
use crate::words::{text, Text};

thread_local! {
    /// The token each contact had before the last "new link" or "off" in this session: what
    /// "undo" writes back. In memory only: undo is for the moment after the tap.
    static PREVIOUS: RefCell<HashMap<Uuid, Option<String>>> = RefCell::new(HashMap::new());
}

/// The link of `token` on this site: `https://host/s/TOKEN`.
pub(crate) fn share_url(origin: &str, token: &str) -> String {
    format!("{}/s/{token}", origin.trim_end_matches('/'))
}

/// The QR code of `url` as inline SVG markup (dark modules on white, with the quiet zone).
pub(crate) fn qr_svg(url: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000"))
        .light_color(qrcode::render::svg::Color("#fff"))
        .build();
    // Inline in HTML the XML declaration is noise; the markup starts at <svg.
    svg.find("<svg").map(|start| svg[start..].to_owned())
}

/// A fresh token from the browser's crypto; `None` if the browser cannot give randomness.
fn new_token() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; SHARE_TOKEN_BYTES];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(encode_share_token(&bytes))
}

fn write_token(app: App, contact: Uuid, token: Option<&str>) {
    let value = token.map_or(Value::Null, |token| json!(token));
    let mut fields = serde_json::Map::new();
    fields.insert("share_token".to_owned(), value);
    let _ = app.write(changes::set(RecordKind::Contact, contact, fields));
}

/// Replaces (or clears) the token, remembering the old one for undo.
fn replace_token(app: App, contact: &Contact, token: Option<String>) {
    PREVIOUS.with(|previous| {
        previous
            .borrow_mut()
            .insert(contact.id, contact.share_token.clone())
    });
    write_token(app, contact.id, token.as_deref());
}

fn undo(app: App, contact: Uuid) {
    if let Some(token) = PREVIOUS.with(|previous| previous.borrow_mut().remove(&contact)) {
        write_token(app, contact, token.as_deref());
    }
}

/// Calls `navigator.<object>.<method>(argument)` if the browser has it; whether it did.
fn call_navigator(object: Option<&str>, method: &str, argument: &JsValue) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let mut target: JsValue = window.navigator().into();
    if let Some(object) = object {
        target =
            js_sys::Reflect::get(&target, &JsValue::from_str(object)).unwrap_or(JsValue::UNDEFINED);
    }
    let function = js_sys::Reflect::get(&target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    // The returned promise is left alone: a refused share or copy needs no message.
    function.is_some_and(|function| function.call1(&target, argument).is_ok())
}

fn can_share() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("share"))
            .is_ok_and(|share| share.is_function())
    })
}

/// What the section shows when sharing is on: the link, whether the server has it yet, whether
/// the browser can share it, and the preview's current text.
pub(crate) struct Link<'a> {
    pub(crate) url: &'a str,
    pub(crate) live: bool,
    pub(crate) can_share: bool,
    pub(crate) preview: &'a str,
}

/// The section as HTML text: "turn on" when `link` is `None`, else the link, its QR code, its
/// buttons and the preview. Buttons carry `data-action`s for [`act`].
pub(crate) fn section_html(language: Language, link: Option<&Link<'_>>, can_undo: bool) -> String {
    let say = |key: Text| text(language, key);
    let undo_button = if can_undo {
        button("", "share-undo", say(Text::Undo), false)
    } else {
        String::new()
    };
    let mut html = format!(
        "<section class=\"card\" data-testid=\"share-link\"><h2>{}</h2>",
        say(Text::ShareLinkTitle)
    );
    let Some(link) = link else {
        let _ = write!(
            html,
            "<p>{}</p><div class=\"btn-row\">{}{undo_button}</div></section>",
            say(Text::ShareLinkExplain),
            button("btn-primary", "share-on", say(Text::ShareLinkTurnOn), false)
        );
        return html;
    };
    let url = escape(link.url);
    let _ = write!(
        html,
        "<p data-testid=\"share-status\">{}</p>\
         <div class=\"share-qr\" role=\"img\" aria-label=\"{}\">{}</div>\
         <p class=\"small share-link-url\"><a href=\"{url}\" data-testid=\"share-url\">{url}</a></p>\
         <div class=\"btn-row\">{}{}</div>\
         <div class=\"btn-row\">{}{}{undo_button}</div>\
         <p class=\"small muted\">{}</p>\
         <details data-testid=\"share-preview\"><summary>{}</summary>\
         <div class=\"share-preview\">{}</div></details></section>",
        say(if link.live { Text::ShareLinkLive } else { Text::ShareLinkWaitingForSync }),
        say(Text::ShareLinkQrLabel),
        qr_svg(link.url).unwrap_or_default(),
        button("btn-primary", "share-copy", say(Text::ShareLinkCopy), false),
        if link.can_share {
            button("", "share-share", say(Text::ShareLinkShare), false)
        } else {
            String::new()
        },
        button("", "share-new", say(Text::ShareLinkNewLink), false),
        button("", "share-off", say(Text::ShareLinkTurnOff), false),
        say(Text::ShareLinkNewLinkExplain),
        say(Text::ShareLinkPreview),
        link.preview,
    );
    html
}

/// The section of `contact` now, read from the browser and the store (tracked).
pub(crate) fn section(app: App, contact: &Contact, language: Language, preview: &str) -> String {
    let can_undo = PREVIOUS.with(|previous| previous.borrow().contains_key(&contact.id));
    let Some(token) = contact.share_token.as_deref() else {
        return section_html(language, None, can_undo);
    };
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let url = share_url(&origin, token);
    let live = app.with_store(|store| {
        store
            .confirmed(contact.id)
            .and_then(|record| record.fields.get("share_token"))
            .and_then(Value::as_str)
            == Some(token)
    });
    let link = Link {
        url: &url,
        live,
        can_share: can_share(),
        preview,
    };
    section_html(language, Some(&link), can_undo)
}

/// Does what the section's button `action` says (nothing for another action).
pub(crate) fn act(app: App, contact: &Contact, language: Language, action: &str) {
    match action {
        "share-on" | "share-new" => replace_token(app, contact, new_token()),
        "share-off" => replace_token(app, contact, None),
        "share-undo" => undo(app, contact.id),
        "share-copy" | "share-share" => {
            let origin = web_sys::window()
                .and_then(|window| window.location().origin().ok())
                .unwrap_or_default();
            let Some(token) = contact.share_token.as_deref() else {
                return;
            };
            let url = JsValue::from_str(&share_url(&origin, token));
            if action == "share-share" {
                let data = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&data, &"url".into(), &url);
                call_navigator(None, "share", &data);
            } else if call_navigator(Some("clipboard"), "writeText", &url) {
                // The button says so until the section is drawn again, as it did as a view.
                set_at(
                    "[data-action=share-copy]",
                    "textContent",
                    text(language, Text::ShareLinkCopied),
                );
            }
        }
        _ => {}
    }
}

/// What the service user sees now, drawn by the share page's own renderer.
pub(crate) fn preview_html(app: App, contact: Uuid, language: Language) -> String {
    let now = app.now();
    let data = app.worker_data(now - Duration::days(8), now + Duration::days(1));
    share_response(&data, contact, now).map_or_else(
        || format!("<p>{}</p>", text(language, Text::ShareLinkNothingShared)),
        |response| {
            let links = CardLinks {
                calendar_href: None,
                preview: true,
            };
            peerline_share::render_card(&response, now, language, &links).into_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_the_origin_and_the_token() {
        assert_eq!(
            share_url("https://peerline.example/", "abc_DEF-123"),
            "https://peerline.example/s/abc_DEF-123"
        );
    }

    #[test]
    fn the_section_offers_to_turn_on_or_shows_the_link_and_the_preview() {
        let off = section_html(Language::En, None, true);
        assert!(off.contains("data-action=\"share-on\""), "{off}");
        assert!(off.contains("data-action=\"share-undo\""), "{off}");
        assert!(!off.contains("share-url"), "{off}");
        let link = Link {
            url: "https://peerline.example/s/abc",
            live: false,
            can_share: false,
            preview: "<p>card</p>",
        };
        let on = section_html(Language::Nb, Some(&link), false);
        assert!(
            on.contains("Lenken virker etter neste synkronisering."),
            "{on}"
        );
        assert!(
            on.contains("data-testid=\"share-url\">https://peerline.example/s/abc</a>"),
            "{on}"
        );
        assert!(
            on.contains("<div class=\"share-preview\"><p>card</p></div>"),
            "{on}"
        );
        assert!(
            !on.contains("share-share") && !on.contains("share-undo"),
            "{on}"
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg_without_style_attributes() {
        let url = share_url("https://peerline.example", &"A".repeat(43));
        let svg = qr_svg(&url).expect("a QR code");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        // The CSP allows no inline style.
        assert!(!svg.contains("style="), "{svg}");
    }
}
