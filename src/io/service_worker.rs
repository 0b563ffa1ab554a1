//! Registers `/sw.js` and runs the update hand-over.
//!
//! A new build's worker installs beside the running one and waits. The page then shows the
//! "Update ready" banner; tapping it posts `skipWaiting` to the waiting worker, which activates
//! (deleting the old caches), and the page reloads on `controllerchange`. The page never reloads by
//! itself: the worker may be in the middle of typing a note.

use std::{cell::Cell, cell::RefCell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static RELOAD_ON_CONTROLLER_CHANGE: Cell<bool> = const { Cell::new(false) };
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.serviceWorker` is missing on insecure origins and in some private modes.
    let has_it = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    has_it.then(|| navigator.service_worker())
}

/// Registers the worker; `on_update_ready` runs when a new build waits to take over.
pub(crate) fn register(on_update_ready: Rc<dyn Fn()>) {
    let Some(container) = container() else { return };
    watch_controller_change(&container);
    let promise = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(promise).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if registration.waiting().is_some() && container.controller().is_some() {
            on_update_ready();
        }
        watch_update_found(&registration, container, on_update_ready);
        check_again_when_visible(registration.clone());
        REGISTRATION.with(|slot| *slot.borrow_mut() = Some(registration));
    });
}

fn watch_update_found(
    registration: &ServiceWorkerRegistration,
    container: ServiceWorkerContainer,
    on_update_ready: Rc<dyn Fn()>,
) {
    let watched = registration.clone();
    let listener = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let container = container.clone();
        let on_update_ready = on_update_ready.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            // With no controller this is the first install: nothing to hand over.
            if worker.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                on_update_ready();
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(listener.as_ref().unchecked_ref()));
    listener.forget();
}

fn watch_controller_change(container: &ServiceWorkerContainer) {
    let listener = Closure::<dyn Fn()>::new(|| {
        if RELOAD_ON_CONTROLLER_CHANGE.with(Cell::get) {
            reload();
        }
    });
    container.set_oncontrollerchange(Some(listener.as_ref().unchecked_ref()));
    listener.forget();
}

/// Asks the server for a newer `sw.js` whenever the app comes back to the foreground.
fn check_again_when_visible(registration: ServiceWorkerRegistration) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let watched = document.clone();
    let listener = Closure::<dyn Fn()>::new(move || {
        if watched.visibility_state() == web_sys::VisibilityState::Visible {
            let _ = registration.update();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Lets the waiting worker take over, then reloads (from the banner's button).
pub(crate) fn activate_update() {
    let waiting = REGISTRATION.with(|slot| slot.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            RELOAD_ON_CONTROLLER_CHANGE.with(|flag| flag.set(true));
            let _ = worker.post_message(&JsValue::from_str("skipWaiting"));
        }
        None => reload(),
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
