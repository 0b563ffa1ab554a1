//! The bottom navigation: five places, each an icon with its name, the current one marked.

use crate::i18n::{tr, Key};
use crate::icons::{Icon, Svg};
use crate::router::use_router;
use leptos::prelude::*;

const ITEMS: [(&str, Key, Icon, &str); 5] = [
    ("/", Key::NavToday, Icon::Today, "nav-today"),
    (
        "/contacts",
        Key::NavContacts,
        Icon::Contacts,
        "nav-contacts",
    ),
    ("/log", Key::NavLog, Icon::Log, "nav-log"),
    (
        "/availability",
        Key::NavHours,
        Icon::Hours,
        "nav-availability",
    ),
    ("/more", Key::NavMore, Icon::More, "nav-more"),
];

/// Whether `href` is the section `pathname` belongs to (`/contacts/12` is in Contacts).
fn is_current(href: &str, pathname: &str) -> bool {
    if href == "/" {
        pathname == "/"
    } else {
        pathname == href
            || pathname
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

#[component]
pub(crate) fn BottomNav() -> impl IntoView {
    let router = use_router();
    let items = ITEMS.map(|(href, key, icon, test_id)| {
        let current = move || is_current(href, &router.pathname.get()).then_some("page");
        view! {
            <a href=href class="nav-item" aria-current=current data-testid=test_id>
                <Svg icon=icon />
                <span>{tr(key)}</span>
            </a>
        }
    });
    view! {
        <nav class="bottom-nav" aria-label=tr(Key::MainNavigation)>
            {items}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn sections_own_their_sub_paths() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/contacts"));
        assert!(is_current("/contacts", "/contacts"));
        assert!(is_current("/contacts", "/contacts/abc/edit"));
        assert!(!is_current("/log", "/logbook"));
    }
}
