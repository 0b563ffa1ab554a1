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
//!
//! A part of the contact page in the screen shape (`markup`): [`model`] reads the section's state,
//! [`render`] draws it, [`update`] does what its [`Action`]s say.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::Duration;
use peerline_core::{
    encode_share_token, share_response, Contact, Language, RecordKind, SHARE_TOKEN_BYTES,
};
use peerline_share::CardLinks;
use serde_json::{json, Value};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use crate::markup::{actions, html, qr_code, Markup, Render};
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
pub(crate) fn call_navigator(object: Option<&str>, method: &str, argument: &JsValue) -> bool {
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

actions! {
    /// What the section's buttons do.
    pub(crate) enum Action {
        TurnOn = "share-on",
        NewLink = "share-new",
        TurnOff = "share-off",
        Undo = "share-undo",
        Copy = "share-copy",
        Share = "share-share",
    }
}

/// What the section shows when sharing is on: the link, whether the server has it yet, whether
/// the browser can share it, and the preview.
pub(crate) struct Link {
    pub(crate) url: String,
    pub(crate) live: bool,
    pub(crate) can_share: bool,
    pub(crate) preview: Markup,
}

/// What the section shows: the link (`None` while sharing is off), whether "undo" has something
/// to undo, and whether the link was just copied.
pub(crate) struct Model {
    pub(crate) link: Option<Link>,
    pub(crate) can_undo: bool,
    pub(crate) copied: bool,
}

/// The section: "turn on" while sharing is off, else the link, its QR code, its buttons and the
/// preview (its actions made the holder's by `act`).
pub(crate) fn render<A: Render>(
    language: Language,
    model: &Model,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key: Text| text(language, key);
    let undo = html! {
        @if model.can_undo {
            button.btn type="button" data-testid="share-undo" data-action=(act(Action::Undo)) {
                (say(Text::Undo))
            }
        }
    };
    html! {
        section.card data-testid="share-link" {
            h2 { (say(Text::ShareLinkTitle)) }
            @if let Some(link) = &model.link {
                p data-testid="share-status" {
                    (say(if link.live { Text::ShareLinkLive } else { Text::ShareLinkWaitingForSync }))
                }
                div.share-qr role="img" aria-label=(say(Text::ShareLinkQrLabel)) {
                    @if let Some(qr) = qr_code(&link.url) { (qr) }
                }
                p.small.share-link-url {
                    a href=(link.url) data-testid="share-url" { (link.url) }
                }
                div.btn-row {
                    button.btn.btn-primary type="button" data-testid="share-copy" data-action=(act(Action::Copy)) {
                        (say(if model.copied { Text::ShareLinkCopied } else { Text::ShareLinkCopy }))
                    }
                    @if link.can_share {
                        button.btn type="button" data-testid="share-share" data-action=(act(Action::Share)) {
                            (say(Text::ShareLinkShare))
                        }
                    }
                }
                div.btn-row {
                    button.btn type="button" data-testid="share-new" data-action=(act(Action::NewLink)) {
                        (say(Text::ShareLinkNewLink))
                    }
                    button.btn type="button" data-testid="share-off" data-action=(act(Action::TurnOff)) {
                        (say(Text::ShareLinkTurnOff))
                    }
                    (undo)
                }
                p.small.muted { (say(Text::ShareLinkNewLinkExplain)) }
                details data-testid="share-preview" {
                    summary { (say(Text::ShareLinkPreview)) }
                    div.share-preview { (link.preview) }
                }
            } @else {
                p { (say(Text::ShareLinkExplain)) }
                div.btn-row {
                    button.btn.btn-primary type="button" data-testid="share-on" data-action=(act(Action::TurnOn)) {
                        (say(Text::ShareLinkTurnOn))
                    }
                    (undo)
                }
            }
        }
    }
}

/// The section of `contact` now, read from the browser and the store (tracked); `preview` is
/// what the service user sees.
pub(crate) fn model(app: App, contact: &Contact, preview: Markup, copied: bool) -> Model {
    let can_undo = PREVIOUS.with(|previous| previous.borrow().contains_key(&contact.id));
    let link = contact.share_token.as_deref().map(|token| {
        let origin = web_sys::window()
            .and_then(|window| window.location().origin().ok())
            .unwrap_or_default();
        let live = app.with_store(|store| {
            store
                .confirmed(contact.id)
                .and_then(|record| record.fields.get("share_token"))
                .and_then(Value::as_str)
                == Some(token)
        });
        Link {
            url: share_url(&origin, token),
            live,
            can_share: can_share(),
            preview,
        }
    });
    Model {
        link,
        can_undo,
        copied,
    }
}

/// Does what the section's button says; whether the link was copied.
pub(crate) fn update(app: App, contact: &Contact, action: Action) -> bool {
    match action {
        Action::TurnOn | Action::NewLink => replace_token(app, contact, new_token()),
        Action::TurnOff => replace_token(app, contact, None),
        Action::Undo => undo(app, contact.id),
        Action::Copy | Action::Share => {
            let origin = web_sys::window()
                .and_then(|window| window.location().origin().ok())
                .unwrap_or_default();
            let Some(token) = contact.share_token.as_deref() else {
                return false;
            };
            let url = JsValue::from_str(&share_url(&origin, token));
            if action == Action::Share {
                let data = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&data, &"url".into(), &url);
                call_navigator(None, "share", &data);
            } else {
                return call_navigator(Some("clipboard"), "writeText", &url);
            }
        }
    }
    false
}

/// What the service user sees now, drawn by the share page's own renderer.
pub(crate) fn preview(app: App, contact: Uuid, language: Language) -> Markup {
    let now = app.now();
    let data = app.worker_data(now - Duration::days(8), now + Duration::days(1));
    match share_response(&data, contact, now) {
        Some(response) => {
            let links = CardLinks {
                calendar_href: None,
                preview: true,
                // The worker's own preview, on the worker's own clock.
                reader_offset_minutes: None,
            };
            peerline_share::render_card(&response, now, language, &links)
        }
        None => html! { p { (text(language, Text::ShareLinkNothingShared)) } },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;

    #[test]
    fn the_link_is_the_origin_and_the_token() {
        assert_eq!(
            share_url("https://peerline.example/", "abc_DEF-123"),
            "https://peerline.example/s/abc_DEF-123"
        );
    }

    #[test]
    fn the_section_offers_to_turn_on_or_shows_the_link_and_the_preview() {
        let off = Model {
            link: None,
            can_undo: true,
            copied: false,
        };
        let off = render(Language::En, &off, |action| action).into_string();
        assert_eq!(drawn::<Action>(&off), [Action::TurnOn, Action::Undo]);
        assert!(!off.contains("share-url"), "{off}");
        let on = Model {
            link: Some(Link {
                url: "https://peerline.example/s/abc".into(),
                live: false,
                can_share: true,
                preview: html! { p { "card" } },
            }),
            can_undo: false,
            copied: true,
        };
        let on = render(Language::Nb, &on, |action| action).into_string();
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
        assert!(on.contains(">Kopiert</button>"), "{on}");
        assert_eq!(
            drawn::<Action>(&on),
            [
                Action::Copy,
                Action::Share,
                Action::NewLink,
                Action::TurnOff
            ]
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg_without_style_attributes() {
        let url = share_url("https://peerline.example", &"A".repeat(43));
        let svg = qr_code(&url).expect("a QR code").into_string();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        // The CSP allows no inline style.
        assert!(!svg.contains("style="), "{svg}");
    }
}
