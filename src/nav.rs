//! The bottom navigation: the PRW's five places, or the coordinator's five, each an icon with its
//! name, the current one marked. Drawn by the shell (`app`) for the role that is logged in.

use crate::icons::Icon;
use crate::markup::{html, icon, Markup};
use crate::words::{text, Language, Text};

/// A place: its address, its name, its icon and its test id.
type Item = (&'static str, Text, Icon, &'static str);

const WORKER_ITEMS: [Item; 5] = [
    ("/", Text::TodayTitle, Icon::Today, "nav-today"),
    (
        "/contacts",
        Text::ContactsTitle,
        Icon::Contacts,
        "nav-contacts",
    ),
    ("/log", Text::LogTitle, Icon::Log, "nav-log"),
    (
        "/availability",
        Text::AgreedHours,
        Icon::Hours,
        "nav-availability",
    ),
    ("/more", Text::MoreTitle, Icon::More, "nav-more"),
];

const COORDINATOR_ITEMS: [Item; 5] = [
    ("/team", Text::NavTeam, Icon::Contacts, "nav-team"),
    (
        "/team/export",
        Text::NavExport,
        Icon::Download,
        "nav-export",
    ),
    (
        "/team/access-log",
        Text::NavAccessLog,
        Icon::Log,
        "nav-access-log",
    ),
    ("/team/members", Text::NavMembers, Icon::Plus, "nav-members"),
    ("/team/account", Text::Account, Icon::More, "nav-account"),
];

/// Whether `href` is the section `pathname` belongs to (`/contacts/12` is in Contacts; a
/// worker's week and the cover calendar, both reached from the team screen, are in Team).
fn is_current(href: &str, pathname: &str) -> bool {
    match href {
        "/" => pathname == "/",
        "/team" => {
            pathname == "/team"
                || pathname == "/team/cover"
                || pathname.starts_with("/team/workers")
        }
        _ => {
            pathname == href
                || pathname
                    .strip_prefix(href)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    }
}

/// The navigation for a coordinator or a PRW; `pathname` picks the current place.
pub(crate) fn nav(language: Language, pathname: &str, coordinator: bool) -> Markup {
    let items: &[Item] = if coordinator {
        &COORDINATOR_ITEMS
    } else {
        &WORKER_ITEMS
    };
    html! {
        nav.bottom-nav aria-label=(text(language, Text::MainNavigation)) {
            @for (href, name, item_icon, test_id) in items {
                a.nav-item href=(href) aria-current=[is_current(href, pathname).then_some("page")]
                    data-testid=(test_id) {
                    (icon(*item_icon))
                    span { (text(language, *name)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_own_their_sub_paths() {
        for (href, pathname, current) in [
            ("/", "/", true),
            ("/", "/contacts", false),
            ("/contacts", "/contacts", true),
            ("/contacts", "/contacts/abc/edit", true),
            ("/log", "/logbook", false),
            ("/team", "/team/workers/1", true),
            ("/team", "/team/export", false),
            ("/team", "/team/cover", true),
            ("/team/members", "/team/cover", false),
            ("/team/export", "/team/export", true),
        ] {
            assert_eq!(is_current(href, pathname), current, "{href} at {pathname}");
        }
    }

    #[test]
    fn only_the_current_section_is_marked() {
        let html = nav(Language::En, "/contacts/abc", false).into_string();
        assert_eq!(html.matches("aria-current").count(), 1);
        assert!(
            html.contains("href=\"/contacts\" aria-current=\"page\""),
            "{html}"
        );
        let team = nav(Language::En, "/team/workers/1", true).into_string();
        assert!(
            team.contains("href=\"/team\" aria-current=\"page\""),
            "{team}"
        );
        assert_eq!(team.matches("class=\"nav-item\"").count(), 5);
    }
}
