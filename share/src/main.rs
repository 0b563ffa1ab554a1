//! The share page in the browser: reads the token from `/s/TOKEN` (or, opened from the home
//! screen at `/s/`, the last token it saw), shows the stored answer at once, fetches a fresh one,
//! and re-renders every half minute so the card follows the clock offline. Everything it shows comes
//! from [`peerline_share::render_page`]; this file is only IO.
//!
//! Storage: `localStorage["peerline.share.TOKEN"]` keeps the last answer's JSON as the server sent
//! it; `localStorage["peerline.share.last"]` the last token, for the home-screen start. A 404 deletes
//! both: a dead link must not keep showing an old state.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use peerline_core::{Language, ShareResponse};
use peerline_share::{language_from_tag, render_page, Fetch, PageModel};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{RegistrationOptions, RequestCache, RequestInit, Response, Storage, Window};

const STORED_PREFIX: &str = "peerline.share.";
const LAST_TOKEN: &str = "peerline.share.last";
/// How often the card is recomputed from the stored answer.
const TICK_MILLIS: i32 = 30_000;

/// The page's state between renders.
struct Page {
    language: Language,
    token: Option<String>,
    response: Option<ShareResponse>,
    fetch: Fetch,
    fetching: bool,
    /// The last HTML set, so a tick that changes nothing leaves the DOM (and focus) alone.
    shown: String,
}

type Shared = Rc<RefCell<Page>>;

fn main() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let page: Shared = Rc::new(RefCell::new(Page::open(&window)));
    render(&window, &page);
    refresh(&window, &page);
    listen(&window, "online", {
        let page = page.clone();
        move |window| refresh(window, &page)
    });
    listen(&window, "visibilitychange", {
        let page = page.clone();
        move |window| {
            let visible = window
                .document()
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                refresh(window, &page);
            }
        }
    });
    every(&window, TICK_MILLIS, move |window| render(window, &page));
    register_service_worker(&window);
}

impl Page {
    fn open(window: &Window) -> Page {
        let language = language_from_tag(&window.navigator().language().unwrap_or_default());
        let storage = window.local_storage().ok().flatten();
        let token = token_from_path(window).or_else(|| {
            let remembered = storage.as_ref()?.get_item(LAST_TOKEN).ok().flatten()?;
            let path = format!("/s/{remembered}");
            let _ = window
                .history()
                .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&path)));
            Some(remembered)
        });
        let response = token.as_deref().and_then(|token| {
            let text = storage?.get_item(&stored_key(token)).ok().flatten()?;
            serde_json::from_str(&text).ok()
        });
        let fetch = if token.is_some() {
            Fetch::Pending
        } else {
            Fetch::NoToken
        };
        Page {
            language,
            token,
            response,
            fetch,
            fetching: false,
            shown: String::new(),
        }
    }
}

/// The token of `/s/TOKEN`, if the path has one.
fn token_from_path(window: &Window) -> Option<String> {
    let path = window.location().pathname().ok()?;
    let token = path.strip_prefix("/s/")?.trim_end_matches('/');
    (!token.is_empty()).then(|| token.to_owned())
}

fn stored_key(token: &str) -> String {
    format!("{STORED_PREFIX}{token}")
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

fn render(window: &Window, page: &Shared) {
    let Some(document) = window.document() else {
        return;
    };
    let mut page = page.borrow_mut();
    let rendered = render_page(&PageModel {
        language: page.language,
        now: now(),
        token: page.token.as_deref(),
        response: page.response.as_ref(),
        fetch: page.fetch,
    });
    if rendered.html == page.shown {
        return;
    }
    if let Some(main) = document.get_element_by_id("main") {
        main.set_inner_html(&rendered.html);
    }
    document.set_title(&rendered.title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", peerline_share::words::code(page.language));
    }
    page.shown = rendered.html;
}

/// Fetches a fresh answer unless one is on its way, then renders.
fn refresh(window: &Window, page: &Shared) {
    let token = {
        let mut state = page.borrow_mut();
        let Some(token) = state.token.clone().filter(|_| !state.fetching) else {
            return;
        };
        state.fetching = true;
        token
    };
    let (window, page) = (window.clone(), page.clone());
    spawn_local(async move {
        let outcome = fetch_answer(&window, &token).await;
        let storage = window.local_storage().ok().flatten();
        {
            let mut state = page.borrow_mut();
            state.fetching = false;
            match outcome {
                Outcome::Answer(text, response) => {
                    if let Some(storage) = &storage {
                        let _ = storage.set_item(&stored_key(&token), &text);
                        let _ = storage.set_item(LAST_TOKEN, &token);
                    }
                    state.response = Some(*response);
                    state.fetch = Fetch::Fresh;
                }
                Outcome::Gone => {
                    forget(storage.as_ref(), &token);
                    state.response = None;
                    state.fetch = Fetch::Gone;
                }
                Outcome::Failed => state.fetch = Fetch::Offline,
            }
        }
        render(&window, &page);
    });
}

enum Outcome {
    Answer(String, Box<ShareResponse>),
    Gone,
    Failed,
}

async fn fetch_answer(window: &Window, token: &str) -> Outcome {
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    let url = format!("/api/v1/share/{token}");
    let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await else {
        return Outcome::Failed;
    };
    let Ok(response) = response.dyn_into::<Response>() else {
        return Outcome::Failed;
    };
    match response.status() {
        200 => {}
        404 => return Outcome::Gone,
        _ => return Outcome::Failed,
    }
    let Ok(body) = response.text() else {
        return Outcome::Failed;
    };
    let Some(text) = JsFuture::from(body).await.ok().and_then(|t| t.as_string()) else {
        return Outcome::Failed;
    };
    match serde_json::from_str::<ShareResponse>(&text) {
        Ok(answer) => Outcome::Answer(text, Box::new(answer)),
        Err(_) => Outcome::Failed,
    }
}

/// Deletes the stored answer of a dead link, and the home-screen token if it was this one.
fn forget(storage: Option<&Storage>, token: &str) {
    let Some(storage) = storage else {
        return;
    };
    let _ = storage.remove_item(&stored_key(token));
    if storage.get_item(LAST_TOKEN).ok().flatten().as_deref() == Some(token) {
        let _ = storage.remove_item(LAST_TOKEN);
    }
}

/// Calls `handler` on each `event` of the window or its document.
fn listen(window: &Window, event: &str, handler: impl Fn(&Window) + 'static) {
    let target: web_sys::EventTarget = if event == "visibilitychange" {
        match window.document() {
            Some(document) => document.into(),
            None => return,
        }
    } else {
        window.clone().into()
    };
    let handler_window = window.clone();
    let listener = Closure::<dyn Fn()>::new(move || handler(&handler_window));
    let _ = target.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}

fn every(window: &Window, millis: i32, tick: impl Fn(&Window) + 'static) {
    let tick_window = window.clone();
    let callback = Closure::<dyn Fn()>::new(move || tick(&tick_window));
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        callback.as_ref().unchecked_ref(),
        millis,
    );
    callback.forget();
}

/// The share page's own service worker (`/share/sw.js`, scope `/s/`): the page opens offline.
fn register_service_worker(window: &Window) {
    // Absent outside a secure context (plain http off localhost): then the page just stays online-only.
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let options = RegistrationOptions::new();
    options.set_scope("/s/");
    let promise = container.register_with_options("/share/sw.js", &options);
    spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}
