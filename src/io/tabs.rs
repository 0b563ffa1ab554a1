//! The app open in more than one tab: exactly one of them syncs, and a tab whose account changed
//! under it starts afresh.
//!
//! The syncing tab holds the Web Lock `peerline-sync` for as long as it lives (the browser hands
//! it to a waiting tab when it closes). Web Locks are not in web-sys's stable API, so the call goes
//! through `Reflect`. Where there are no Web Locks (Safari before 15.4) a lease in localStorage
//! stands in: the holder renews it every few seconds, and another tab takes it once it expired.
//! Either way, other tabs see the syncing tab's results through the `storage` event.

use crate::io::storage;
use peerline_store::KeyValue;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const LOCK_NAME: &str = "peerline-sync";
const LEASE_KEY: &str = "peerline.sync.lease";
/// A lease not renewed for this long is free.
const LEASE_MS: u64 = 15_000;
const RENEW_EVERY: Duration = Duration::from_secs(5);

/// Calls `on_change(true)` once this tab is the one to sync (and `false` if a lease is lost).
pub(crate) fn lead(on_change: impl Fn(bool) + 'static) {
    let on_change: Rc<dyn Fn(bool)> = Rc::new(on_change);
    if !request_lock(on_change.clone()) {
        follow_lease(on_change);
    }
}

/// `navigator.locks.request(name, callback)`, where the callback's promise never settles: the lock
/// is held until the tab goes away. False when the browser has no Web Locks.
fn request_lock(on_change: Rc<dyn Fn(bool)>) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |target: &JsValue, name: &str| js_sys::Reflect::get(target, &name.into()).ok();
    let Some(locks) = get(&window.navigator(), "locks").filter(JsValue::is_object) else {
        return false;
    };
    let Some(request) = get(&locks, "request").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let granted = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        on_change(true);
        js_sys::Promise::new(&mut |_, _| {})
    });
    request
        .call2(&locks, &JsValue::from_str(LOCK_NAME), &granted)
        .is_ok()
}

/// The lease fallback: check every few seconds, renewing our own lease or taking an expired one.
fn follow_lease(on_change: Rc<dyn Fn(bool)>) {
    let me = crate::io::browser::random_id().to_string();
    let tick = move || {
        let now = js_sys::Date::now() as u64;
        let mine = storage::with_storage(|kv| claim(kv, &me, now));
        on_change(mine);
    };
    tick();
    let _ = leptos::prelude::set_interval_with_handle(tick, RENEW_EVERY);
}

/// Takes or renews the lease for `me` if it is free, expired or already ours; says whether it is
/// ours afterwards.
fn claim(kv: &dyn KeyValue, me: &str, now_ms: u64) -> bool {
    let holder = kv.get(LEASE_KEY);
    let free = match holder.as_deref().and_then(|text| text.split_once(' ')) {
        Some((who, until)) => {
            who == me || until.parse::<u64>().map_or(true, |until| until < now_ms)
        }
        None => true,
    };
    if free {
        let _ = kv.set(LEASE_KEY, &format!("{me} {}", now_ms + LEASE_MS));
    }
    kv.get(LEASE_KEY)
        .is_some_and(|text| text.split_once(' ').is_some_and(|(who, _)| who == me))
}

/// Loads `path` afresh (after logging out).
pub(crate) fn open(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
}

/// Reloads the page (the account changed in another tab).
pub(crate) fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerline_store::MemoryStorage;

    #[test]
    fn a_lease_is_held_renewed_and_taken_once_expired() {
        let kv = MemoryStorage::default();
        assert!(claim(&kv, "a", 1_000));
        assert!(!claim(&kv, "b", 2_000), "a holds it");
        assert!(claim(&kv, "a", 10_000), "a renews");
        assert!(!claim(&kv, "b", 20_000), "renewed until 25,000");
        assert!(claim(&kv, "b", 25_001), "a stopped renewing");
        assert!(!claim(&kv, "a", 25_002));
        kv.set(LEASE_KEY, "garbage").ok();
        assert!(claim(&kv, "a", 30_000), "an unreadable lease is free");
    }
}
