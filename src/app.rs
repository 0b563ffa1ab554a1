//! The shell and its screens: the language, the store, sync and the account started once; the
//! header with the sync status, the sync panel, the update banner and the storage notices; the
//! screen of the address in `<main>`; the bottom navigation of the role that is logged in; and
//! each role kept to its own screens.
//!
//! The shell is drawn in the screen shape (`markup`): [`render`] of a [`Model`], its [`Action`]s
//! handled by [`update`], mounted on `<body>`. `<main>` is a mount of its own, holding the screen of
//! the moment ([`show`]): a converted screen's `mount`, or a Leptos view for the ones not converted
//! yet (ARCHITECTURE.md lists them).

use crate::icons::Icon;
use crate::io::{browser, service_worker};
use crate::markup::{actions, html, icon, mount, Markup, Used};
use crate::nav::nav;
use crate::router::{Router, Screen};
use crate::routes;
use crate::session::{Account, Role};
use crate::state::{App, Notices};
use crate::sync::{view as sync_view, Sync};
use crate::words::{code, message, text, I18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_store::WriteFailure;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// Starts the app: its state, the shell on `<body>` and the screen of the address.
pub(crate) fn start() {
    // The executor that runs the reactive system's effects and the app's tasks.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // The root of everything reactive, for the page's lifetime.
    let root = Owner::new();
    root.set();
    std::mem::forget(root);

    let router = Router::start();
    let i18n = I18n::new(browser::browser_language());
    provide_context(i18n);
    let app = App::start(i18n);
    provide_context(app);
    let account = Account::start();
    provide_context(account);
    let sync = Sync::start(app, account);
    provide_context(sync);
    crate::cover::TeamCover::start(app, account, sync);
    Effect::new(move |_| browser::set_document_lang(code(i18n.language())));
    keep_roles_to_their_screens(account, router);

    let update_ready = RwSignal::new(false);
    service_worker::register(Rc::new(move || update_ready.set(true)));
    #[cfg(feature = "bench")]
    if browser::has_query_flag("bench") {
        // After the first paint, so the measurement does not delay it.
        request_animation_frame(crate::bench::run);
    }

    let Some(body) = document().body() else {
        return;
    };
    let shell = mount(
        body.into(),
        move || {
            let sync = sync_view::model(sync, account, app);
            router.pathname.with(|pathname| {
                app.notices.with(|notices| {
                    render(&Model {
                        language: i18n.language(),
                        update_ready: update_ready.get(),
                        notices,
                        sync: &sync,
                        moment: &sync_view::moment_text,
                        coordinator: account.is_coordinator(),
                        pathname,
                    })
                })
            })
        },
        move |action, _: &Used| match action {
            Action::Update => service_worker::activate_update(),
            Action::DismissQuarantine => app.notices.update(|n| n.quarantined.clear()),
            Action::DismissDeactivated => app.dismiss_deactivated(),
            Action::Sync { action } => sync_view::update(sync, action),
        },
    );
    // The shell lives as long as the page.
    std::mem::forget(shell);
    show_screens(router);
}

actions! {
    /// What the shell's own buttons do.
    pub(crate) enum Action {
        Update = "update",
        DismissQuarantine = "dismiss-quarantine",
        DismissDeactivated = "dismiss-deactivated",
        Sync { action: sync_view::Action } = "sync",
    }
}

/// Everything the shell shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    /// A new version waits for a reload.
    pub(crate) update_ready: bool,
    pub(crate) notices: &'a Notices,
    pub(crate) sync: &'a sync_view::Model,
    /// An instant in words, in the worker's zone.
    pub(crate) moment: &'a dyn Fn(chrono::DateTime<chrono::Utc>) -> String,
    pub(crate) coordinator: bool,
    pub(crate) pathname: &'a str,
}

/// The shell around `<main>` (which holds the screen, a mount of its own).
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let sync_action = |action| Action::Sync { action };
    html! {
        a.skip-link href="#main" { (say(Text::SkipToContent)) }
        header.app-header {
            span.brand { (say(Text::AppName)) }
            (sync_view::badge(language, model.sync, model.moment, sync_action))
        }
        (sync_view::panel(language, model.sync, model.moment, sync_action))
        @if model.update_ready {
            button.update-banner type="button" data-action=(Action::Update) data-testid="update-banner" {
                (icon(Icon::Refresh))
                (say(Text::UpdateReady))
            }
        }
        div.notices aria-live="polite" { (notices(language, model.notices)) }
        main #main.screen data-mounted {}
        (nav(language, model.pathname, model.coordinator))
    }
}

/// Problems with storage, said plainly, each with what it means for the worker's data.
fn notices(language: Language, notices: &Notices) -> Markup {
    let say = |key| text(language, key);
    let plain = [
        (
            notices.not_saved.map(|failure| match failure {
                WriteFailure::Full => Text::StorageFull,
                _ => Text::StorageRefused,
            }),
            "notice-error",
            "storage-full-notice",
        ),
        (
            notices.read_only.then_some(Text::NewerData),
            "notice-warn",
            "read-only-notice",
        ),
        (
            notices.no_storage.then_some(Text::NoStorage),
            "notice-warn",
            "no-storage-notice",
        ),
    ];
    html! {
        @if notices.deactivated {
            div.notice.notice-warn role="alert" data-testid="deactivated-notice" {
                (icon(Icon::Alert))
                span { (say(Text::AccountDeactivated)) }
                button.btn type="button" data-action=(Action::DismissDeactivated) data-testid="dismiss-deactivated" {
                    (say(Text::Understood))
                }
            }
        }
        @if !notices.quarantined.is_empty() {
            div.notice.notice-warn role="alert" data-testid="quarantine-notice" {
                (icon(Icon::Alert))
                span { (message(language, Message::Quarantined(notices.quarantined.len()))) }
                button.btn type="button" data-action=(Action::DismissQuarantine) data-testid="dismiss-quarantine" {
                    (say(Text::Understood))
                }
            }
        }
        @for (said, class, test_id) in plain {
            @if let Some(said) = said {
                div class={ "notice " (class) } role="alert" data-testid=(test_id) {
                    (icon(Icon::Alert))
                    span { (say(said)) }
                }
            }
        }
    }
}

/// Where a user of `role` may not be: a coordinator belongs on the team screens (and the login
/// screen), everyone else off them. Returns where to go instead.
pub(crate) fn redirect(role: Option<Role>, path: &str) -> Option<&'static str> {
    let team = path == "/team" || path.starts_with("/team/");
    match role {
        Some(Role::Coordinator) if !team && path != "/login" => Some("/team"),
        Some(Role::Worker) | None if team => Some("/"),
        _ => None,
    }
}

/// Keeps the screens to the role, and opens the login screen when the server ends the session.
fn keep_roles_to_their_screens(account: Account, router: Router) {
    Effect::new(move |previous: Option<u32>| {
        // Read all three first, so the effect follows each of them.
        let (ended, role, path) = (account.ended.get(), account.role(), router.pathname.get());
        let to = if previous.is_some_and(|previous| previous != ended) {
            Some("/login")
        } else {
            redirect(role, &path)
        };
        match to {
            // A redirect takes the wrong address's place; the login screen gets an entry of its own.
            Some("/login") => router.push("/login"),
            Some(to) => router.replace(to),
            None => {}
        }
        ended
    });
}

/// Keeps `<main>` showing the screen of the address: drawn anew only when the screen changes; a
/// new `:id` or `?week=` on the same screen reaches it through the router's signals.
fn show_screens(router: Router) {
    let Some(main) = document().get_element_by_id("main") else {
        return;
    };
    let shown: Rc<RefCell<Option<Box<dyn Any>>>> = Rc::default();
    Effect::new(move |_| {
        let screen = router.screen();
        // The screen that goes stops before the next one starts.
        shown.borrow_mut().take();
        let next = untrack(|| show(screen, &main));
        *shown.borrow_mut() = Some(next);
    });
}

/// The screen for a path; a path of no route shows Today. What it returns keeps the screen alive.
fn show(screen: Option<Screen>, main: &web_sys::Element) -> Box<dyn Any> {
    use routes::*;
    let element = main.clone();
    match screen.unwrap_or(Screen::Today) {
        Screen::Today => Box::new(today::mount(element)),
        Screen::NewContact => Box::new(contact_form::mount(element, false)),
        Screen::EditContact => Box::new(contact_form::mount(element, true)),
        Screen::EraseContact => Box::new(erase_contact::mount(element)),
        Screen::PlanChange => Box::new(agreement_change::mount(element, false)),
        Screen::EditPlanChange => Box::new(agreement_change::mount(element, true)),
        Screen::Contacts => Box::new(contacts::mount(element)),
        Screen::Contact => Box::new(contact::mount(element)),
        Screen::Log => Box::new(log::mount(element)),
        Screen::LogEntry => Box::new(log_entry::mount(element)),
        Screen::Availability => Box::new(availability::mount(element)),
        Screen::Checkin => Box::new(checkin::mount(element)),
        Screen::Cover => Box::new(cover::mount(element)),
        Screen::More => Box::new(more::mount(element)),
        Screen::Login => Box::new(crate::account::mount_login(element)),
        Screen::AcceptInvite => Box::new(crate::account::invite::mount(element)),
        #[cfg(feature = "team")]
        Screen::Team => Box::new(crate::team::screens::mount_team(element)),
        #[cfg(feature = "team")]
        Screen::TeamWorker => Box::new(crate::team::screens::mount_worker(element)),
        #[cfg(feature = "team")]
        Screen::TeamExport => Box::new(crate::team::screens::mount_export(element)),
        #[cfg(feature = "team")]
        Screen::TeamAccessLog => Box::new(crate::team::screens::mount_access_log(element)),
        #[cfg(feature = "team")]
        Screen::TeamAccount => Box::new(crate::account::mount_page(element)),
        #[cfg(feature = "team")]
        Screen::TeamMembers => Box::new(crate::team::members::mount(element)),
        #[cfg(feature = "team")]
        Screen::TeamCover => Box::new(crate::team::calendar::mount(element)),
        // Never drawn here: the router hands `/team` addresses to the server, which answers with
        // the coordinator's build (`router::is_app_path`).
        #[cfg(not(feature = "team"))]
        Screen::Team
        | Screen::TeamCover
        | Screen::TeamWorker
        | Screen::TeamExport
        | Screen::TeamAccessLog
        | Screen::TeamAccount
        | Screen::TeamMembers => Box::new(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::sync::plan::{Indicator, SyncState};

    fn sync_model() -> sync_view::Model {
        sync_view::Model {
            shown: Indicator::NotYet,
            state: SyncState::default(),
            open: false,
            pending: 0,
            signed_in: true,
            coordinator: false,
            online: true,
        }
    }

    fn shell(notices: &Notices, update_ready: bool) -> String {
        let moment = |_| String::new();
        render(&Model {
            language: Language::En,
            update_ready,
            notices,
            sync: &sync_model(),
            moment: &moment,
            coordinator: false,
            pathname: "/",
        })
        .into_string()
    }

    #[test]
    fn notices_say_each_problem_and_the_banner_waits_for_an_update() {
        let calm = shell(&Notices::default(), false);
        assert!(!calm.contains("notice") || !calm.contains("role=\"alert\" data-testid"));
        assert!(!calm.contains("update-banner"));
        assert!(shell(&Notices::default(), true).contains("data-testid=\"update-banner\""));
        let troubled = Notices {
            quarantined: vec!["peerline.records.checkin".into()],
            not_saved: Some(WriteFailure::Full),
            read_only: true,
            no_storage: true,
            deactivated: true,
        };
        let html = shell(&troubled, true);
        for test_id in [
            "quarantine-notice",
            "dismiss-quarantine",
            "storage-full-notice",
            "read-only-notice",
            "no-storage-notice",
            "deactivated-notice",
            "dismiss-deactivated",
        ] {
            assert!(
                html.contains(&format!("data-testid=\"{test_id}\"")),
                "{test_id}"
            );
        }
        let actions = drawn::<Action>(&html);
        assert!(actions.contains(&Action::Update));
        assert!(actions.contains(&Action::DismissQuarantine));
        assert!(actions.contains(&Action::DismissDeactivated));
        assert!(actions.contains(&Action::Sync {
            action: sync_view::Action::TogglePanel
        }));
        assert!(
            html.contains("<main class=\"screen\" id=\"main\" data-mounted></main>"),
            "{html}"
        );
    }

    #[test]
    fn each_role_is_kept_to_its_screens() {
        let coordinator = Some(Role::Coordinator);
        let worker = Some(Role::Worker);
        let cases = [
            (coordinator, "/", Some("/team")),
            (coordinator, "/contacts/1", Some("/team")),
            (coordinator, "/team/workers/1", None),
            (coordinator, "/login", None),
            (worker, "/team", Some("/")),
            (worker, "/teamwork", None),
            (worker, "/log", None),
            (None, "/team/export", Some("/")),
            (None, "/login", None),
        ];
        for (role, path, want) in cases {
            assert_eq!(redirect(role, path), want, "{role:?} at {path}");
        }
    }
}
