//! The app's few icons, drawn inline as one SVG path each (no image requests, a few bytes each).
//! Icons always sit beside a text: they are decoration (`aria-hidden`), never the only signal.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Icon {
    Today,
    Contacts,
    Log,
    Hours,
    More,
    Reachable,
    Clock,
    Moon,
    Phone,
    Message,
    Plus,
    Alert,
    Download,
    Offline,
    Refresh,
}

pub(crate) fn path(icon: Icon) -> &'static str {
    match icon {
        Icon::Today => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7v5l3 2",
        Icon::Contacts => {
            "M9 11a4 4 0 1 0 0-8a4 4 0 1 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1\
             M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6"
        }
        Icon::Log => "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01",
        Icon::Hours => "M4 5h16v16H4zM4 10h16M8 3v4M16 3v4",
        Icon::More => "M4 6h16M4 12h16M4 18h16",
        Icon::Reachable => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM8 12l3 3 5-6",
        Icon::Clock => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7v5l3 2",
        Icon::Moon => "M21 13A9 9 0 1 1 11 3a7 7 0 0 0 10 10z",
        Icon::Phone => {
            "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2"
        }
        Icon::Message => "M4 4h16v12H8l-4 4z",
        Icon::Plus => "M12 5v14M5 12h14",
        Icon::Alert => "M12 3l10 18H2zM12 10v4M12 17v.01",
        Icon::Download => "M12 3v12M7 10l5 5 5-5M4 21h16",
        Icon::Offline => {
            "M3 3l18 18M8 18h9a4 4 0 0 0 1-7.9A6 6 0 0 0 9 6.3M5.5 9.5A4.5 4.5 0 0 0 7 18"
        }
        Icon::Refresh => "M20 11a8 8 0 1 0-2 5.5M20 4v7h-7",
    }
}
