//! Norwegian bokmål texts.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Peerline",
        Key::NavToday => "I dag",
        Key::NavContacts => "Kontakter",
        Key::NavLog => "Logg",
        Key::NavHours => "Tider",
        Key::NavMore => "Mer",
        Key::TodayTitle => "I dag",
        Key::ContactsTitle => "Kontakter",
        Key::LogTitle => "Logg",
        Key::AvailabilityTitle => "Når du kan nås",
        Key::MoreTitle => "Mer",
        Key::MainNavigation => "Hovedmeny",
        Key::UpdateReady => "Ny versjon klar — last inn på nytt",
        Key::Offline => "Frakoblet",
        Key::Language => "Språk",
        Key::SettingsTitle => "Innstillinger",
    }
}
