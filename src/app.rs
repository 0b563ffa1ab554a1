//! The shell: language, header, routes, bottom navigation and the update banner.

use crate::i18n::{use_i18n, I18n, Key};
use crate::icons::{Icon, Svg};
use crate::io::{browser, service_worker};
use crate::nav::BottomNav;
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::rc::Rc;

#[component]
pub(crate) fn App() -> impl IntoView {
    let i18n = I18n::new(browser::browser_locale());
    provide_context(i18n);
    Effect::new(move |_| browser::set_document_lang(i18n.locale().code()));

    let update_ready = RwSignal::new(false);
    service_worker::register(Rc::new(move || update_ready.set(true)));

    view! {
        <Router>
            <Header />
            <Show when=move || update_ready.get()>
                <UpdateBanner />
            </Show>
            <main id="main" class="screen">
                <Routes fallback=routes::today::Today>
                    <Route path=path!("/") view=routes::today::Today />
                    <Route path=path!("/contacts") view=routes::contacts::Contacts />
                    <Route path=path!("/log") view=routes::log::Log />
                    <Route path=path!("/availability") view=routes::availability::Availability />
                    <Route path=path!("/more") view=routes::more::More />
                </Routes>
            </main>
            <BottomNav />
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let online = browser::online_signal();
    view! {
        <header class="app-header">
            <span class="brand">{move || i18n.t(Key::AppName)}</span>
            <Show when=move || !online.get()>
                <span class="badge badge-neutral" data-testid="offline-badge">
                    <Svg icon=Icon::Offline />
                    {move || i18n.t(Key::Offline)}
                </span>
            </Show>
        </header>
    }
}

#[component]
fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="update-banner"
            data-testid="update-banner"
            on:click=|_| service_worker::activate_update()
        >
            <Svg icon=Icon::Refresh />
            {move || i18n.t(Key::UpdateReady)}
        </button>
    }
}
