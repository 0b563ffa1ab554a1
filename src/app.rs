//! The shell: language, the store, header with the save/sync status, notices, routes, bottom
//! navigation and the update banner.

use crate::i18n::{tr, use_i18n, I18n, Key, Msg};
use crate::icons::{Icon, Svg};
use crate::io::{browser, service_worker};
use crate::router::{Router, Screen};
use crate::routes;
use crate::state::{use_app, App as AppState};
use crate::store::WriteFailure;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub(crate) fn App() -> impl IntoView {
    let router = Router::start();
    let i18n = I18n::new(browser::browser_locale());
    provide_context(i18n);
    let app = AppState::start(i18n);
    provide_context(app);
    let account = crate::session::Account::start();
    provide_context(account);
    provide_context(crate::sync::Sync::start(app, account));
    Effect::new(move |_| browser::set_document_lang(i18n.locale().code()));

    let update_ready = RwSignal::new(false);
    service_worker::register(Rc::new(move || update_ready.set(true)));
    if browser::has_query_flag("bench") {
        // After the first paint, so the measurement does not delay it.
        request_animation_frame(crate::bench::run);
    }

    view! {
        <a class="skip-link" href="#main">{tr(Key::SkipToContent)}</a>
        {crate::account::role_guard()}
        <Header />
        {crate::sync::view::sync_panel()}
        <Show when=move || update_ready.get()>
            <UpdateBanner />
        </Show>
        <Notices />
        <main id="main" class="screen">
            {move || screen_view(router.screen())}
        </main>
        {crate::account::role_nav()}
    }
}

/// The screen's view; a path of no route shows Today. Drawn again only when the screen changes:
/// a new `:id` or `?week=` on the same screen reaches it through the router's signals.
fn screen_view(screen: Option<Screen>) -> AnyView {
    use routes::*;
    match screen.unwrap_or(Screen::Today) {
        Screen::Today => view! { <today::Today /> }.into_any(),
        Screen::Contacts => view! { <contacts::Contacts /> }.into_any(),
        Screen::NewContact => view! { <contact_form::NewContact /> }.into_any(),
        Screen::Contact => view! { <contact::ContactPage /> }.into_any(),
        Screen::EditContact => view! { <contact_form::EditContact /> }.into_any(),
        Screen::Log => view! { <log::LogPage /> }.into_any(),
        Screen::LogEntry => view! { <log_entry::LogEntry /> }.into_any(),
        Screen::Availability => view! { <availability::Availability /> }.into_any(),
        Screen::Checkin => view! { <checkin::CheckinPage /> }.into_any(),
        Screen::More => view! { <more::More /> }.into_any(),
        Screen::Login => crate::account::login_page().into_any(),
        #[cfg(feature = "team")]
        Screen::Team => crate::team::screens::team_screens().into_any(),
        // The coordinator's screens are a build of their own under /team/: load it.
        #[cfg(not(feature = "team"))]
        Screen::Team => {
            browser::reload();
            ().into_any()
        }
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="app-header">
            <span class="brand">{tr(Key::AppName)}</span>
            {crate::sync::view::sync_badge()}
        </header>
    }
}

#[component]
fn UpdateBanner() -> impl IntoView {
    view! {
        <button
            type="button"
            class="update-banner"
            data-testid="update-banner"
            on:click=|_| service_worker::activate_update()
        >
            <Svg icon=Icon::Refresh />
            {tr(Key::UpdateReady)}
        </button>
    }
}

/// Problems with storage, said plainly, each with what it means for the worker's data.
#[component]
fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let notices = app.notices;
    let dismiss_quarantine = move |_| notices.update(|n| n.quarantined.clear());
    view! {
        <div class="notices" aria-live="polite">
            <Show when=move || notices.with(|n| !n.quarantined.is_empty())>
                <div class="notice notice-warn" role="alert" data-testid="quarantine-notice">
                    <Svg icon=Icon::Alert />
                    <span>{move || i18n.f(Msg::Quarantined(notices.with(|n| n.quarantined.len())))}</span>
                    <button type="button" class="btn" data-testid="dismiss-quarantine" on:click=dismiss_quarantine>
                        {tr(Key::Understood)}
                    </button>
                </div>
            </Show>
            <Show when=move || notices.with(|n| n.not_saved.is_some())>
                <div class="notice notice-error" role="alert" data-testid="storage-full-notice">
                    <Svg icon=Icon::Alert />
                    <span>
                        {move || match notices.with(|n| n.not_saved) {
                            Some(WriteFailure::Full) => i18n.t(Key::StorageFull),
                            _ => i18n.t(Key::StorageRefused),
                        }}
                    </span>
                </div>
            </Show>
            <Show when=move || notices.with(|n| n.read_only)>
                <div class="notice notice-warn" role="alert" data-testid="read-only-notice">
                    <Svg icon=Icon::Alert />
                    <span>{tr(Key::NewerData)}</span>
                </div>
            </Show>
            <Show when=move || notices.with(|n| n.no_storage)>
                <div class="notice notice-warn" role="alert" data-testid="no-storage-notice">
                    <Svg icon=Icon::Alert />
                    <span>{tr(Key::NoStorage)}</span>
                </div>
            </Show>
        </div>
    }
}
