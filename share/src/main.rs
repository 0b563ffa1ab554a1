//! The share page in the browser: reads the token from `/s/TOKEN` (or, opened from the home
//! screen at `/s/`, the last token it saw), shows the stored answer at once, fetches a fresh one,
//! polls for changes, and re-renders every half minute so the card follows the clock offline.
//! Everything it shows comes from [`peerline_share::render_page`]; when it polls is
//! [`peerline_share::poll`]'s plan; this file is only IO.
//!
//! Polling is conditional: the page sends the stored answer's `ETag` in `If-None-Match`, and a 304
//! means the server's answer now is the stored one but for `generated_at`, which the page then
//! sets to the 304's `Date` (so the footer's "updated" stays true and the card's clock-skew guard
//! keeps the server's time).
//!
//! Storage: `localStorage["peerline.share.TOKEN"]` keeps the last answer's JSON (as the server sent
//! it, or with `generated_at` moved on by a 304), `"peerline.share.TOKEN.etag"` its tag, and
//! `"peerline.share.last"` the last token, for the home-screen start. A 404 deletes all three: a dead
//! link must not keep showing an old state.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use peerline_core::{Language, ShareResponse};
use peerline_share::{language_from_tag, poll::PollState, render_page, Fetch, PageModel};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Headers, RegistrationOptions, RequestCache, RequestInit, Response, Storage, Window};

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
    /// The stored answer's `ETag`, sent as `If-None-Match`.
    etag: Option<String>,
    /// What decides when to poll next.
    poll: PollState,
    /// Counts the polls planned: a timer fires only if no later plan replaced it. (Cheaper than
    /// clearing the timer, whose handle web-sys types as i32, which a fake clock's handles exceed.)
    plan: u32,
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
        move |window| {
            page.borrow_mut().poll.online = true;
            refresh(window, &page);
        }
    });
    listen(&window, "offline", {
        let page = page.clone();
        move |window| {
            page.borrow_mut().poll.online = false;
            schedule(window, &page);
        }
    });
    listen(&window, "visibilitychange", {
        let page = page.clone();
        move |window| {
            let visible = is_visible(window);
            {
                let mut state = page.borrow_mut();
                state.poll.visible = visible;
                state.poll.hidden_polls = 0;
            }
            if visible {
                refresh(window, &page);
            } else {
                schedule(window, &page);
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
        let etag = token
            .as_deref()
            .filter(|_| response.is_some())
            .and_then(|token| {
                window
                    .local_storage()
                    .ok()
                    .flatten()?
                    .get_item(&etag_key(token))
                    .ok()
                    .flatten()
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
            etag,
            poll: PollState {
                visible: is_visible(window),
                online: window.navigator().on_line(),
                failures: 0,
                hidden_polls: 0,
            },
            plan: 0,
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

fn etag_key(token: &str) -> String {
    format!("{STORED_PREFIX}{token}.etag")
}

fn is_visible(window: &Window) -> bool {
    window
        .document()
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
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
        // `getTimezoneOffset` is UTC minus local time, in minutes, at this moment.
        reader_offset_minutes: Some(-(js_sys::Date::new_0().get_timezone_offset() as i32)),
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

/// Fetches a fresh answer unless one is on its way, renders, and plans the next poll (none for a
/// dead link).
fn refresh(window: &Window, page: &Shared) {
    let (token, etag) = {
        let mut state = page.borrow_mut();
        let Some(token) = state.token.clone().filter(|_| !state.fetching) else {
            return;
        };
        state.fetching = true;
        let etag = state.etag.clone().filter(|_| state.response.is_some());
        (token, etag)
    };
    let (window, page) = (window.clone(), page.clone());
    spawn_local(async move {
        let outcome = fetch_answer(&window, &token, etag.as_deref()).await;
        let storage = window.local_storage().ok().flatten();
        let gone = {
            let mut state = page.borrow_mut();
            state.fetching = false;
            state.poll = state.poll.after_fetch(!matches!(outcome, Outcome::Failed));
            match outcome {
                Outcome::Answer(text, response, etag) => {
                    if let Some(storage) = &storage {
                        let _ = storage.set_item(&stored_key(&token), &text);
                        let _ = storage.set_item(LAST_TOKEN, &token);
                        match &etag {
                            Some(etag) => storage.set_item(&etag_key(&token), etag),
                            None => storage.remove_item(&etag_key(&token)),
                        }
                        .ok();
                    }
                    state.response = Some(*response);
                    state.etag = etag;
                    state.fetch = Fetch::Fresh;
                }
                Outcome::NotModified(server_time) => {
                    confirm(&mut state, storage.as_ref(), &token, server_time);
                }
                Outcome::Gone => {
                    forget(storage.as_ref(), &token);
                    state.response = None;
                    state.etag = None;
                    state.fetch = Fetch::Gone;
                }
                Outcome::Failed => state.fetch = Fetch::Offline,
            }
            state.fetch == Fetch::Gone
        };
        render(&window, &page);
        if !gone {
            schedule(&window, &page);
        }
    });
}

/// A 304: the stored answer is the server's current one, generated at `server_time` (the 304's
/// `Date`; the phone's clock if it has none). An answer is never moved back in time.
fn confirm(
    state: &mut Page,
    storage: Option<&Storage>,
    token: &str,
    server_time: Option<DateTime<Utc>>,
) {
    let Some(response) = state.response.as_mut() else {
        // Only sent with a stored answer; should that be gone, ask again without the tag.
        state.etag = None;
        return;
    };
    response.generated_at = response.generated_at.max(server_time.unwrap_or_else(now));
    if let (Some(storage), Ok(text)) = (storage, serde_json::to_string(response)) {
        let _ = storage.set_item(&stored_key(token), &text);
    }
    state.fetch = Fetch::Fresh;
}

/// Plans the next poll by the poll plan, replacing a pending one.
fn schedule(window: &Window, page: &Shared) {
    let (delay, plan) = {
        let mut state = page.borrow_mut();
        state.plan = state.plan.wrapping_add(1);
        (state.poll.delay_millis(js_sys::Math::random()), state.plan)
    };
    let (tick_window, tick_page) = (window.clone(), page.clone());
    let callback = Closure::once_into_js(move || {
        let current = tick_page.borrow().plan == plan;
        if current {
            refresh(&tick_window, &tick_page);
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.unchecked_ref(),
        delay as i32,
    );
}

enum Outcome {
    /// 200: the body's text, the answer and its `ETag`.
    Answer(String, Box<ShareResponse>, Option<String>),
    /// 304, with the server's `Date`.
    NotModified(Option<DateTime<Utc>>),
    Gone,
    Failed,
}

async fn fetch_answer(window: &Window, token: &str, etag: Option<&str>) -> Outcome {
    let init = RequestInit::new();
    // No HTTP cache (the answers are no-store anyway): the page keeps its own copy, and a manual
    // If-None-Match makes the browser hand the 304 to the page as it is.
    init.set_cache(RequestCache::NoStore);
    if let Some(etag) = etag {
        if let Ok(headers) = Headers::new() {
            let _ = headers.set("If-None-Match", etag);
            init.set_headers(&headers);
        }
    }
    let url = format!("/api/v1/share/{token}");
    let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await else {
        return Outcome::Failed;
    };
    let Ok(response) = response.dyn_into::<Response>() else {
        return Outcome::Failed;
    };
    let header = |name: &str| response.headers().get(name).ok().flatten();
    match response.status() {
        200 => {}
        304 => {
            let date = header("Date").map(|date| js_sys::Date::parse(&date));
            let server_time = date
                .filter(|millis| millis.is_finite())
                .and_then(|millis| DateTime::from_timestamp_millis(millis as i64));
            return Outcome::NotModified(server_time);
        }
        404 => return Outcome::Gone,
        _ => return Outcome::Failed,
    }
    let etag = header("ETag");
    let Ok(body) = response.text() else {
        return Outcome::Failed;
    };
    let Some(text) = JsFuture::from(body).await.ok().and_then(|t| t.as_string()) else {
        return Outcome::Failed;
    };
    match serde_json::from_str::<ShareResponse>(&text) {
        Ok(answer) => Outcome::Answer(text, Box::new(answer), etag),
        Err(_) => Outcome::Failed,
    }
}

/// Deletes the stored answer of a dead link, and the home-screen token if it was this one.
fn forget(storage: Option<&Storage>, token: &str) {
    let Some(storage) = storage else {
        return;
    };
    let _ = storage.remove_item(&stored_key(token));
    let _ = storage.remove_item(&etag_key(token));
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
