//! The bottom navigation: five places, each an icon with its name, the current one marked.

use crate::i18n::{text, tr, use_i18n, Key, Locale};
use crate::icons::Icon;
use crate::markup::{icon, live};
use crate::router::use_router;
use leptos::prelude::*;
use std::fmt::Write;

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

/// The items as text; `pathname` picks the current one.
fn nav_html(locale: Locale, pathname: &str) -> String {
    let mut html = String::new();
    for (href, key, item_icon, test_id) in ITEMS {
        let _ = write!(
            html,
            "<a href=\"{href}\" class=\"nav-item\"{} data-testid=\"{test_id}\">{}<span>{}</span></a>",
            if is_current(href, pathname) {
                " aria-current=\"page\""
            } else {
                ""
            },
            icon(item_icon),
            text(locale, key)
        );
    }
    html
}

/// Drawn as the coordinator's `team_nav` is (the same view type, so its code is shared).
pub(crate) fn bottom_nav() -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let html = move || router.pathname.with(|path| nav_html(i18n.locale(), path));
    view! { <nav class="bottom-nav" aria-label=tr(Key::MainNavigation) inner_html=live(html)></nav> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_own_their_sub_paths() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/contacts"));
        assert!(is_current("/contacts", "/contacts"));
        assert!(is_current("/contacts", "/contacts/abc/edit"));
        assert!(!is_current("/log", "/logbook"));
    }

    #[test]
    fn only_the_current_section_is_marked() {
        let html = nav_html(Locale::En, "/contacts/abc");
        assert_eq!(html.matches("aria-current").count(), 1);
        assert!(html.contains("href=\"/contacts\" class=\"nav-item\" aria-current=\"page\""));
    }
}
