//! The bottom navigation: the PRW's five places, or the coordinator's five, each an icon with its
//! name, the current one marked. Drawn by the shell (`app`) for the role that is logged in. The
//! coordinator's places are only in the coordinator's build (feature `team`): the PRW's build
//! hands a coordinator over to it (`app::keep_roles_to_their_screens`) and never draws them.

use crate::icons::Icon;
use crate::markup::{html, icon, Markup};
#[cfg(feature = "team")]
use crate::team::words::TeamText;
use crate::words::{text, Language, Said, Text};

/// A place: its address, its name (a text of either table), its icon and its test id.
type Item<Name> = (&'static str, Name, Icon, &'static str);

const WORKER_ITEMS: [Item<Text>; 5] = [
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

#[cfg(feature = "team")]
const COORDINATOR_ITEMS: [Item<TeamText>; 5] = [
    ("/team", TeamText::NavTeam, Icon::Contacts, "nav-team"),
    (
        "/team/export",
        TeamText::NavExport,
        Icon::Download,
        "nav-export",
    ),
    (
        "/team/access-log",
        TeamText::NavAccessLog,
        Icon::Log,
        "nav-access-log",
    ),
    (
        "/team/members",
        TeamText::NavMembers,
        Icon::Plus,
        "nav-members",
    ),
    (
        "/team/account",
        TeamText::NavAccount,
        Icon::More,
        "nav-account",
    ),
];

/// Whether `href` is the section `pathname` belongs to (`/contacts/12` is in Contacts; a
/// worker's week and the cover calendar, both reached from the team screen, are in Team).
fn is_current(href: &str, pathname: &str) -> bool {
    match href {
        "/" => pathname == "/",
        #[cfg(feature = "team")]
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
    #[cfg(feature = "team")]
    if coordinator {
        return places(language, pathname, &COORDINATOR_ITEMS);
    }
    #[cfg(not(feature = "team"))]
    let _ = coordinator;
    places(language, pathname, &WORKER_ITEMS)
}

fn places(language: Language, pathname: &str, items: &[Item<impl Said>]) -> Markup {
    html! {
        nav.bottom-nav aria-label=(text(language, Text::MainNavigation)) {
            @for (href, name, item_icon, test_id) in items {
                a.nav-item href=(href) aria-current=[is_current(href, pathname).then_some("page")]
                    data-testid=(test_id) {
                    (icon(*item_icon))
                    span { (name.said(language)) }
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
    }

    #[cfg(not(feature = "team"))]
    #[test]
    fn the_workers_build_draws_only_the_workers_places() {
        let html = nav(Language::En, "/", true).into_string();
        assert!(html.contains("data-testid=\"nav-today\""), "{html}");
        assert!(!html.contains("/team"), "{html}");
    }

    #[cfg(feature = "team")]
    #[test]
    fn the_team_section_owns_a_workers_week_and_the_cover_calendar() {
        for (href, pathname, current) in [
            ("/team", "/team/workers/1", true),
            ("/team", "/team/cover", true),
            ("/team", "/team/export", false),
            ("/team/members", "/team/cover", false),
            ("/team/export", "/team/export", true),
        ] {
            assert_eq!(is_current(href, pathname), current, "{href} at {pathname}");
        }
        let team = nav(Language::En, "/team/workers/1", true).into_string();
        assert!(
            team.contains("href=\"/team\" aria-current=\"page\""),
            "{team}"
        );
        assert_eq!(team.matches("class=\"nav-item\"").count(), 5);
        assert!(team.contains(">Account<"), "{team}");
    }
}
