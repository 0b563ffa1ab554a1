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

use chrono::Duration;
use leptos::prelude::*;
use peerline_core::{
    encode_share_token, share_response, Contact, Language, RecordKind, SHARE_TOKEN_BYTES,
};
use peerline_share::CardLinks;
use serde_json::{json, Value};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{use_i18n, Locale};
use crate::model::changes;
use crate::state::{use_app, App};

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

#[component]
pub(crate) fn ShareLink(contact: Contact) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let locale = i18n.locale();
    let t = move |key: Say| say(locale, key);
    let copied = RwSignal::new(false);
    let can_undo = PREVIOUS.with(|previous| previous.borrow().contains_key(&contact.id));
    let id = contact.id;
    let undo_button = can_undo.then(|| {
        view! {
            <button type="button" class="btn" data-testid="share-undo" on:click=move |_| undo(app, id)>
                {t(Say::Undo)}
            </button>
        }
    });
    let Some(token) = contact.share_token.clone() else {
        let on = {
            let contact = contact.clone();
            move |_| replace_token(app, &contact, new_token())
        };
        return view! {
            <section class="card" data-testid="share-link">
                <h2>{t(Say::Title)}</h2>
                <p>{t(Say::Explain)}</p>
                <div class="btn-row">
                    <button type="button" class="btn btn-primary" data-testid="share-on" on:click=on>
                        {t(Say::TurnOn)}
                    </button>
                    {undo_button}
                </div>
            </section>
        }
        .into_any();
    };
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let url = share_url(&origin, &token);
    let live = app.with_store(|store| {
        store
            .confirmed(id)
            .and_then(|record| record.fields.get("share_token"))
            .and_then(Value::as_str)
            == Some(token.as_str())
    });
    let qr = qr_svg(&url).unwrap_or_default();
    let copy = {
        let url = url.clone();
        move |_| {
            copied.set(call_navigator(
                Some("clipboard"),
                "writeText",
                &JsValue::from_str(&url),
            ))
        }
    };
    let share = {
        let url = url.clone();
        move |_| {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(&url));
            call_navigator(None, "share", &data);
        }
    };
    let renew = {
        let contact = contact.clone();
        move |_| replace_token(app, &contact, new_token())
    };
    let off = {
        let contact = contact.clone();
        move |_| replace_token(app, &contact, None)
    };
    view! {
        <section class="card" data-testid="share-link">
            <h2>{t(Say::Title)}</h2>
            <p data-testid="share-status">
                {if live { t(Say::Live) } else { t(Say::WaitingForSync) }}
            </p>
            <div class="share-qr" role="img" aria-label=t(Say::QrLabel) inner_html=qr></div>
            <p class="small share-link-url"><a href=url.clone() data-testid="share-url">{url.clone()}</a></p>
            <div class="btn-row">
                <button type="button" class="btn btn-primary" data-testid="share-copy" on:click=copy>
                    {move || if copied.get() { t(Say::Copied) } else { t(Say::Copy) }}
                </button>
                {can_share().then(|| view! {
                    <button type="button" class="btn" data-testid="share-share" on:click=share.clone()>
                        {t(Say::Share)}
                    </button>
                })}
            </div>
            <div class="btn-row">
                <button type="button" class="btn" data-testid="share-new" on:click=renew>
                    {t(Say::NewLink)}
                </button>
                <button type="button" class="btn" data-testid="share-off" on:click=off>
                    {t(Say::TurnOff)}
                </button>
                {undo_button}
            </div>
            <p class="small muted">{t(Say::NewLinkExplain)}</p>
            <details data-testid="share-preview">
                <summary>{t(Say::Preview)}</summary>
                <Preview contact=id locale />
            </details>
        </section>
    }
    .into_any()
}

/// What the service user sees now, drawn by the share page's own renderer.
#[component]
fn Preview(contact: Uuid, locale: Locale) -> impl IntoView {
    let app = use_app();
    let language = match locale {
        Locale::Nb => Language::Nb,
        Locale::En => Language::En,
    };
    let html = move || {
        let now = app.now();
        let data = app.worker_data(now - Duration::days(8), now + Duration::days(1));
        share_response(&data, contact, now).map_or_else(
            || format!("<p>{}</p>", say(locale, Say::NothingShared)),
            |response| {
                let links = CardLinks {
                    calendar_href: None,
                    preview: true,
                };
                peerline_share::render_card(&response, now, language, &links)
            },
        )
    };
    view! { <div class="share-preview" inner_html=html></div> }
}

/// The words of this section.
#[derive(Clone, Copy)]
enum Say {
    Title,
    Explain,
    TurnOn,
    Live,
    WaitingForSync,
    QrLabel,
    Copy,
    Copied,
    Share,
    NewLink,
    TurnOff,
    Undo,
    NewLinkExplain,
    Preview,
    NothingShared,
}

fn say(locale: Locale, key: Say) -> &'static str {
    match (locale, key) {
        (Locale::Nb, Say::Title) => "Privat lenke",
        (Locale::En, Say::Title) => "Private link",
        (Locale::Nb, Say::Explain) => {
            "Gi en lenke som viser når du kan nås, når neste gang er, og hvem som kan ringes ellers. \
             Ingen konto eller passord."
        }
        (Locale::En, Say::Explain) => {
            "Give a link that shows when you can be reached, when next, and who to call otherwise. \
             No account, no password."
        }
        (Locale::Nb, Say::TurnOn) => "Slå på deling",
        (Locale::En, Say::TurnOn) => "Turn sharing on",
        (Locale::Nb, Say::Live) => "Lenken virker.",
        (Locale::En, Say::Live) => "The link works.",
        (Locale::Nb, Say::WaitingForSync) => "Lenken virker etter neste synkronisering.",
        (Locale::En, Say::WaitingForSync) => "The link works after the next sync.",
        (Locale::Nb, Say::QrLabel) => "QR-kode for lenken",
        (Locale::En, Say::QrLabel) => "QR code for the link",
        (Locale::Nb, Say::Copy) => "Kopier lenken",
        (Locale::En, Say::Copy) => "Copy the link",
        (Locale::Nb, Say::Copied) => "Kopiert",
        (Locale::En, Say::Copied) => "Copied",
        (Locale::Nb, Say::Share) => "Del",
        (Locale::En, Say::Share) => "Share",
        (Locale::Nb, Say::NewLink) => "Ny lenke",
        (Locale::En, Say::NewLink) => "New link",
        (Locale::Nb, Say::TurnOff) => "Slå av deling",
        (Locale::En, Say::TurnOff) => "Turn sharing off",
        (Locale::Nb, Say::Undo) => "Angre",
        (Locale::En, Say::Undo) => "Undo",
        (Locale::Nb, Say::NewLinkExplain) => {
            "En ny lenke, eller å slå av, gjør at den gamle lenken slutter å virke."
        }
        (Locale::En, Say::NewLinkExplain) => {
            "A new link, or turning sharing off, makes the old link stop working."
        }
        (Locale::Nb, Say::Preview) => "Slik ser det ut for deltakeren",
        (Locale::En, Say::Preview) => "What they see",
        (Locale::Nb, Say::NothingShared) => "Et avsluttet forhold deler ingenting.",
        (Locale::En, Say::NothingShared) => "An ended relationship shares nothing.",
    }
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
    fn the_qr_code_is_inline_svg_without_style_attributes() {
        let url = share_url("https://peerline.example", &"A".repeat(43));
        let svg = qr_svg(&url).expect("a QR code");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        // The CSP allows no inline style.
        assert!(!svg.contains("style="), "{svg}");
    }
}
