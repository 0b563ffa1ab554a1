//! English texts.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Peerline",
        Key::NavToday => "Today",
        Key::NavContacts => "Contacts",
        Key::NavLog => "Log",
        Key::NavHours => "Hours",
        Key::NavMore => "More",
        Key::TodayTitle => "Today",
        Key::ContactsTitle => "Contacts",
        Key::LogTitle => "Log",
        Key::AvailabilityTitle => "When you can be reached",
        Key::MoreTitle => "More",
        Key::MainNavigation => "Main",
        Key::UpdateReady => "Update ready — reload",
        Key::Offline => "Offline",
        Key::Language => "Language",
        Key::SettingsTitle => "Settings",
    }
}
