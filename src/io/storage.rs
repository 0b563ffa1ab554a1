//! localStorage as the store's [`KeyValue`], and the `storage` event that tells one tab about
//! another tab's writes. If the browser refuses localStorage (some private modes), an in-memory
//! map stands in and the app says that nothing will be kept. Also the browser's storage manager:
//! asking it to keep the site's data, and what it says it keeps ([`keeping`]).

use js_sys::Reflect;
use peerline_store::{KeyValue, MemoryStorage, WriteFailure};
use std::cell::Cell;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

struct LocalStorage(web_sys::Storage);

impl KeyValue for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), WriteFailure> {
        self.0.set_item(key, value).map_err(|error| {
            let name = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.name()))
                .unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                WriteFailure::Full
            } else {
                WriteFailure::Unavailable
            }
        })
    }

    fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let count = self.0.length().unwrap_or(0);
        (0..count)
            .filter_map(|index| self.0.key(index).ok().flatten())
            .collect()
    }
}

thread_local! {
    static BACKEND: (Box<dyn KeyValue>, bool) = open_backend();
}

fn open_backend() -> (Box<dyn KeyValue>, bool) {
    // `local_storage()` throws in some private modes and returns `None` where storage is off.
    match web_sys::window().and_then(|window| window.local_storage().ok().flatten()) {
        Some(storage) => (Box::new(LocalStorage(storage)), true),
        None => (Box::new(MemoryStorage::default()), false),
    }
}

/// Runs `f` with the app's storage.
pub(crate) fn with_storage<R>(f: impl FnOnce(&dyn KeyValue) -> R) -> R {
    BACKEND.with(|(backend, _)| f(backend.as_ref()))
}

/// Whether real localStorage is in use (not the in-memory stand-in).
pub(crate) fn is_persistent() -> bool {
    BACKEND.with(|(_, persistent)| *persistent)
}

/// Calls `on_change` with the key (below `prefix`, without it) whenever another tab changes
/// storage; with `None` when another tab cleared it.
pub(crate) fn on_other_tab_change(
    prefix: &'static str,
    on_change: impl Fn(Option<String>) + 'static,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            match event.key() {
                None => on_change(None),
                Some(key) => {
                    if let Some(relative) = key.strip_prefix(prefix) {
                        on_change(Some(relative.to_owned()));
                    }
                }
            }
        });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// What the browser says about this site's data (`navigator.storage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Keeping {
    /// Kept until the user clears it (`persisted()`), or evictable under storage pressure.
    pub(crate) kept: bool,
    /// The browser's estimate of the bytes in use and of the site's quota, when it gives one.
    pub(crate) usage: Option<(u64, u64)>,
}

thread_local! {
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Asks the browser, once per start, to keep this site's data: otherwise it may evict an
/// offline worker's unsynced changes when space runs low.
pub(crate) fn ask_to_keep() {
    if !ASKED.get() {
        leptos::task::spawn_local(async {
            let _ = keeping(true).await;
        });
    }
}

/// What the browser keeps; with `ask`, asks it first to keep the data (`persist()`) unless that
/// was done in this start. `None` without a storage manager (an insecure origin, an old
/// browser). Called through `Reflect`, which the app has already, rather than web-sys's
/// bindings, whose glue would be bytes of their own.
pub(crate) async fn keeping(ask: bool) -> Option<Keeping> {
    let navigator = web_sys::window()?.navigator();
    let manager = Reflect::get(&navigator, &"storage".into()).ok()?;
    let kept = match ask && !ASKED.replace(true) {
        true => "persist",
        false => "persisted",
    };
    // A boolean's truth, read without the glue `as_bool` adds.
    let kept = !call(&manager, kept)?.await.ok()?.is_falsy();
    let estimate = match call(&manager, "estimate") {
        Some(estimate) => estimate.await.ok(),
        None => None,
    };
    let field = |name: &str| {
        let value = Reflect::get(estimate.as_ref()?, &name.into()).ok()?;
        Some(value.as_f64()? as u64)
    };
    let usage = field("usage").zip(field("quota"));
    Some(Keeping { kept, usage })
}

/// `object.method()`, a promise to await.
fn call(object: &JsValue, method: &str) -> Option<JsFuture> {
    let method: js_sys::Function = Reflect::get(object, &method.into()).ok()?.dyn_into().ok()?;
    let promise = js_sys::Promise::from(method.call0(object).ok()?);
    Some(JsFuture::from(promise))
}
