//! The shell: language, the store, header with the save/sync status, notices, routes, bottom
//! navigation and the update banner.

use crate::i18n::{self, text, tr, I18n, Key, Locale, Msg};
use crate::icons::Icon;
use crate::io::{browser, service_worker};
use crate::markup::{button, clicks, icon, live};
use crate::router::{Router, Screen};
use crate::routes;
use crate::state::{App as AppState, Notices};
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
    #[cfg(feature = "bench")]
    if browser::has_query_flag("bench") {
        // After the first paint, so the measurement does not delay it.
        request_animation_frame(crate::bench::run);
    }

    view! {
        <a class="skip-link" href="#main">{tr(Key::SkipToContent)}</a>
        {crate::account::role_guard()}
        <header class="app-header">
            <span class="brand">{tr(Key::AppName)}</span>
            {crate::sync::view::sync_badge()}
        </header>
        {crate::sync::view::sync_panel()}
        <div
            on:click=clicks(|_| service_worker::activate_update())
            inner_html=live(move || update_banner_html(i18n.locale(), update_ready.get()))
        ></div>
        <div
            class="notices"
            aria-live="polite"
            on:click=clicks(move |_| app.notices.update(|n| n.quarantined.clear()))
            inner_html=live(move || app.notices.with(|n| notices_html(i18n.locale(), n)))
        ></div>
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
        // Never drawn here: the router hands `/team` addresses to the server, which answers with
        // the coordinator's build (`router::is_app_path`).
        #[cfg(not(feature = "team"))]
        Screen::Team => ().into_any(),
    }
}

/// The update banner, once a new version waits (and nothing before: no hidden button).
fn update_banner_html(locale: Locale, ready: bool) -> String {
    if !ready {
        return String::new();
    }
    format!(
        "<button type=\"button\" class=\"update-banner\" data-action=\"update\" data-testid=\"update-banner\">{}{}</button>",
        icon(Icon::Refresh),
        text(locale, Key::UpdateReady)
    )
}

/// Problems with storage, said plainly, each with what it means for the worker's data.
fn notices_html(locale: Locale, notices: &Notices) -> String {
    let notice = |class: &str, test_id: &str, said: &str, extra: &str| {
        format!(
            "<div class=\"notice {class}\" role=\"alert\" data-testid=\"{test_id}\">{}<span>{said}</span>{extra}</div>",
            icon(Icon::Alert)
        )
    };
    let mut html = String::new();
    if !notices.quarantined.is_empty() {
        html.push_str(&notice(
            "notice-warn",
            "quarantine-notice",
            &i18n::format(locale, Msg::Quarantined(notices.quarantined.len())),
            &button(
                "",
                "dismiss-quarantine",
                text(locale, Key::Understood),
                false,
            ),
        ));
    }
    let plain = [
        (
            notices.not_saved.map(|failure| match failure {
                WriteFailure::Full => Key::StorageFull,
                _ => Key::StorageRefused,
            }),
            "notice-error",
            "storage-full-notice",
        ),
        (
            notices.read_only.then_some(Key::NewerData),
            "notice-warn",
            "read-only-notice",
        ),
        (
            notices.no_storage.then_some(Key::NoStorage),
            "notice-warn",
            "no-storage-notice",
        ),
    ];
    for (said, class, test_id) in plain {
        if let Some(said) = said {
            html.push_str(&notice(class, test_id, text(locale, said), ""));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_say_each_problem_and_the_banner_waits_for_an_update() {
        let calm = Notices::default();
        assert_eq!(notices_html(Locale::En, &calm), "");
        assert_eq!(update_banner_html(Locale::En, false), "");
        assert!(update_banner_html(Locale::En, true).contains("data-testid=\"update-banner\""));
        let troubled = Notices {
            quarantined: vec!["peerline.records.checkin".into()],
            not_saved: Some(WriteFailure::Full),
            read_only: true,
            no_storage: true,
        };
        let html = notices_html(Locale::En, &troubled);
        for test_id in [
            "quarantine-notice",
            "dismiss-quarantine",
            "storage-full-notice",
            "read-only-notice",
            "no-storage-notice",
        ] {
            assert!(
                html.contains(&format!("data-testid=\"{test_id}\"")),
                "{test_id}"
            );
        }
    }
}
