//! The app's own router, on the History API. It replaced `leptos_router`, which cost about 34 KB
//! of brotli'd WASM (a tenth of the app) for generality Peerline never uses: nested routes,
//! outlets, typed params, forms, resources. What the app needs fits here: a fixed list of path
//! patterns with `:param` and `*rest` segments (`ROUTES`), the current address as signals,
//! `push` and `replace`, Back and Forward through `popstate`, and plain `<a href>`s (the ones in
//! `inner_html` text too) followed without a reload. Like `leptos_router`, it scrolls to the top
//! on every navigation and moves no focus itself. A link to a fragment of the page on show (the
//! skip link) is left to the browser, whose own jump also moves where Tab goes next.

use leptos::ev::{self, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlAnchorElement};

/// The app's screens, one per pattern of `ROUTES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    Today,
    Contacts,
    NewContact,
    Contact,
    EditContact,
    /// The one question before a contact is erased (issue 13).
    EraseContact,
    /// A planned change of a contact's agreement: a new one, or the one from `:from`.
    PlanChange,
    EditPlanChange,
    Log,
    LogEntry,
    Availability,
    Checkin,
    /// The team's cover requests (issue 19).
    Cover,
    More,
    Login,
    /// The coordinator's screens (only in the coordinator's build, feature `team`).
    Team,
    TeamWorker,
    TeamExport,
    TeamAccessLog,
    TeamAccount,
    TeamMembers,
    /// The cover calendar (issue 19).
    TeamCover,
    /// `/invite/CODE`: choosing a username and password with an invite (issue 13).
    AcceptInvite,
}

/// The patterns, tried in order: the first that matches wins (`/contacts/new` before
/// `/contacts/:id`). `:name` matches one segment, `*name` the rest of the path, none included.
/// Any other address under `/team` is Team this week.
const ROUTES: [(&str, Screen); 24] = [
    ("/", Screen::Today),
    ("/contacts", Screen::Contacts),
    ("/contacts/new", Screen::NewContact),
    ("/contacts/:id", Screen::Contact),
    ("/contacts/:id/edit", Screen::EditContact),
    ("/contacts/:id/erase", Screen::EraseContact),
    ("/contacts/:id/plan", Screen::PlanChange),
    ("/contacts/:id/plan/:from", Screen::EditPlanChange),
    ("/log", Screen::Log),
    ("/log/:id", Screen::LogEntry),
    ("/availability", Screen::Availability),
    ("/checkin", Screen::Checkin),
    ("/cover", Screen::Cover),
    ("/more", Screen::More),
    ("/login", Screen::Login),
    ("/invite/:code", Screen::AcceptInvite),
    ("/team", Screen::Team),
    ("/team/workers/:id", Screen::TeamWorker),
    ("/team/export", Screen::TeamExport),
    ("/team/access-log", Screen::TeamAccessLog),
    ("/team/account", Screen::TeamAccount),
    ("/team/members", Screen::TeamMembers),
    ("/team/cover", Screen::TeamCover),
    ("/team/*rest", Screen::Team),
];

/// A path matched to its screen, with the values of the pattern's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Matched {
    pub(crate) screen: Screen,
    params: Vec<(&'static str, String)>,
}

impl Matched {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The screen for `path`, `None` if no pattern matches. The query string and the fragment play no
/// part, and neither do empty segments, so a trailing slash changes nothing. Segments are compared
/// as they stand, not percent-decoded: the app's parameters are UUIDs.
pub(crate) fn match_path(path: &str) -> Option<Matched> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    ROUTES.iter().find_map(|&(pattern, screen)| {
        let params = match_pattern(pattern, path)?;
        Some(Matched { screen, params })
    })
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

fn match_pattern(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut params = Vec::new();
    let mut path_segments = segments(path);
    for expected in segments(pattern) {
        if let Some(name) = expected.strip_prefix('*') {
            let rest: Vec<&str> = path_segments.by_ref().collect();
            params.push((name, rest.join("/")));
            break;
        }
        let actual = path_segments.next()?;
        match expected.strip_prefix(':') {
            Some(name) => params.push((name, actual.to_owned())),
            None if expected == actual => {}
            None => return None,
        }
    }
    path_segments.next().is_none().then_some(params)
}

/// Whether this build draws `path`, as the server decides it (`static_files`): not the share page
/// (`/s/TOKEN`), not the API, not a file (a last segment with a dot), and in the PRW's build not
/// the coordinator's screens (`/team`, which the server answers with the coordinator's build).
/// Anywhere else the browser loads the page from the server.
pub(crate) fn is_app_path(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let last = path.rsplit('/').next().unwrap_or_default();
    !under("/s")
        && !under("/api")
        && !last.contains('.')
        && (cfg!(feature = "team") || !under("/team"))
}

/// The address bar's path and query string (without its `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Address {
    path: String,
    search: String,
}

fn address_now() -> Address {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    Address {
        path: location.pathname().unwrap_or_default(),
        search: search.strip_prefix('?').unwrap_or(&search).to_owned(),
    }
}

/// The current address as signals, and the ways to change it. `Copy`, so event handlers and
/// tasks take it along (context is out of reach in a spawned task).
#[derive(Clone, Copy)]
pub(crate) struct Router {
    address: RwSignal<Address>,
    /// The path, e.g. `/contacts/42`.
    pub(crate) pathname: Memo<String>,
    /// The query string without its `?`, e.g. `week=2026-W48`.
    pub(crate) search: Memo<String>,
    matched: Memo<Option<Matched>>,
    /// Apart from `matched`, so the screen is drawn again only when it changes, not its `:id`.
    screen: Memo<Option<Screen>>,
}

impl Router {
    /// The router for the page's lifetime, provided as context: it reads the address and starts
    /// following Back and Forward and clicks on links.
    pub(crate) fn start() -> Self {
        let address = RwSignal::new(address_now());
        let pathname = Memo::new(move |_| address.with(|a| a.path.clone()));
        let search = Memo::new(move |_| address.with(|a| a.search.clone()));
        let matched = Memo::new(move |_| pathname.with(|path| match_path(path)));
        let screen = Memo::new(move |_| matched.with(|m| m.as_ref().map(|m| m.screen)));
        let router = Self {
            address,
            pathname,
            search,
            matched,
            screen,
        };
        // Never removed: the router lives as long as the page.
        window_event_listener(ev::popstate, move |_| address.set(address_now()));
        window_event_listener(ev::click, move |event| router.follow_link(&event));
        provide_context(router);
        router
    }

    /// The screen for the current path, `None` for a path of no route (tracked).
    pub(crate) fn screen(self) -> Option<Screen> {
        self.screen.get()
    }

    /// The current route's parameter `name` (tracked).
    pub(crate) fn param(self, name: &str) -> Option<String> {
        self.matched
            .with(|matched| matched.as_ref()?.param(name).map(str::to_owned))
    }

    /// Goes to `to` (a path, maybe with a query string and fragment) as a new history entry.
    pub(crate) fn push(self, to: &str) {
        self.go(to, false);
    }

    /// Goes to `to` in place of the current history entry (Back skips the current address).
    pub(crate) fn replace(self, to: &str) {
        self.go(to, true);
    }

    fn go(self, to: &str, replace: bool) {
        let window = window();
        let location = window.location();
        // An address of another build (the coordinator's, from the PRW's): load it from the server.
        if !is_app_path(to.split(['?', '#']).next().unwrap_or_default()) {
            let _ = if replace {
                location.replace(to)
            } else {
                location.assign(to)
            };
            return;
        }
        let here = [location.pathname(), location.search(), location.hash()]
            .into_iter()
            .map(Result::unwrap_or_default)
            .collect::<String>();
        let Ok(history) = window.history() else {
            let _ = location.set_href(to);
            return;
        };
        // As a browser does: a link to the address on show makes no new entry for Back to stop at.
        let written = if replace || here == to {
            history.replace_state_with_url(&JsValue::NULL, "", Some(to))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(to))
        };
        if written.is_err() {
            let _ = location.set_href(to);
            return;
        }
        self.address.set(address_now());
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Follows a click on a link to one of the app's own addresses without loading the page; any
    /// other click (a modifier key or another button, a link with a `target` or `download`, to
    /// another origin or to what the server serves itself) keeps the browser's meaning.
    fn follow_link(self, event: &MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let anchor = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<HtmlAnchorElement>().ok());
        let Some(anchor) = anchor else {
            return;
        };
        if !anchor.target().is_empty() || anchor.has_attribute("download") {
            return;
        }
        let Ok(url) = web_sys::Url::new(&anchor.href()) else {
            return;
        };
        let location = window().location();
        let path = url.pathname();
        if location.origin().ok() != Some(url.origin()) || !is_app_path(&path) {
            return;
        }
        let same_page = location.pathname().ok().as_ref() == Some(&path)
            && location.search().ok() == Some(url.search());
        if same_page && !url.hash().is_empty() {
            return;
        }
        event.prevent_default();
        self.push(&format!("{path}{}{}", url.search(), url.hash()));
    }
}

pub(crate) fn use_router() -> Router {
    expect_context::<Router>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `path` matches, as the screen and its parameters.
    fn check(path: &str, want: Option<(Screen, &[(&str, &str)])>) {
        let got = match_path(path);
        let got = got.as_ref().map(|m| {
            let params: Vec<(&str, &str)> =
                m.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            (m.screen, params)
        });
        let want = want.map(|(screen, params)| (screen, params.to_vec()));
        assert_eq!(got, want, "{path}");
    }

    const ID: &str = "0b9c2d4e-1f3a-4b5c-8d6e-7f8091a2b3c4";

    #[test]
    fn fixed_paths() {
        check("/", Some((Screen::Today, &[])));
        check("/contacts", Some((Screen::Contacts, &[])));
        check("/contacts/new", Some((Screen::NewContact, &[])));
        check("/log", Some((Screen::Log, &[])));
        check("/availability", Some((Screen::Availability, &[])));
        check("/checkin", Some((Screen::Checkin, &[])));
        check("/more", Some((Screen::More, &[])));
        check("/login", Some((Screen::Login, &[])));
    }

    #[test]
    fn params() {
        check(
            &format!("/contacts/{ID}"),
            Some((Screen::Contact, &[("id", ID)])),
        );
        check(
            &format!("/contacts/{ID}/edit"),
            Some((Screen::EditContact, &[("id", ID)])),
        );
        check(
            &format!("/contacts/{ID}/erase"),
            Some((Screen::EraseContact, &[("id", ID)])),
        );
        check(
            &format!("/contacts/{ID}/plan"),
            Some((Screen::PlanChange, &[("id", ID)])),
        );
        check(
            &format!("/contacts/{ID}/plan/2026-12-07"),
            Some((
                Screen::EditPlanChange,
                &[("id", ID), ("from", "2026-12-07")],
            )),
        );
        check("/log/42", Some((Screen::LogEntry, &[("id", "42")])));
        check("/team", Some((Screen::Team, &[])));
        check(
            "/team/workers/7",
            Some((Screen::TeamWorker, &[("id", "7")])),
        );
        check("/team/export", Some((Screen::TeamExport, &[])));
        check("/team/access-log", Some((Screen::TeamAccessLog, &[])));
        check("/team/account", Some((Screen::TeamAccount, &[])));
        check("/team/cover", Some((Screen::TeamCover, &[])));
        check(
            "/team/elsewhere",
            Some((Screen::Team, &[("rest", "elsewhere")])),
        );
    }

    #[test]
    fn trailing_slash() {
        check("/contacts/", Some((Screen::Contacts, &[])));
        check("/log/42/", Some((Screen::LogEntry, &[("id", "42")])));
        check("/team/", Some((Screen::Team, &[])));
    }

    #[test]
    fn query_string_and_fragment_are_ignored() {
        check("/?bench", Some((Screen::Today, &[])));
        check("/contacts#main", Some((Screen::Contacts, &[])));
        check("/log/42?x=/y#z", Some((Screen::LogEntry, &[("id", "42")])));
        check(
            "/team/export?week=2026-W48",
            Some((Screen::TeamExport, &[])),
        );
    }

    #[test]
    fn unknown_paths() {
        check("/nowhere", None);
        check("/contacts/1/edit/more", None);
        check("/logbook", None);
        check("/teamwork", None);
        check("/more/1", None);
    }

    #[test]
    fn links_to_the_server_are_left_to_the_browser() {
        for path in ["/", "/contacts/1", "/settings/", "/sync", "/teamwork"] {
            assert!(is_app_path(path), "{path}");
        }
        // The coordinator's screens are drawn by the coordinator's build only.
        for path in ["/team", "/team/export"] {
            assert_eq!(is_app_path(path), cfg!(feature = "team"), "{path}");
        }
        for path in [
            "/s/abc",
            "/s",
            "/api/v1/me",
            "/api",
            "/sw.js",
            "/icons/icon-192.png",
        ] {
            assert!(!is_app_path(path), "{path}");
        }
    }
}
