//! Words on screen, in Norwegian bokmål and English.
//!
//! Every text is a [`Key`]. Each locale file answers
//! them with an exhaustive `match`, so a key without a translation does not compile. This costs about
//! 2 KB of WASM where `leptos_i18n` cost 19-47 KB (see the toolchain notes).

mod en;
mod nb;

use leptos::prelude::*;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Locale {
    Nb,
    En,
}

impl Locale {
    pub(crate) const ALL: [Locale; 2] = [Locale::Nb, Locale::En];

    /// The code kept in the profile's `language` field and in `<html lang>`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::En => "en",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Locale> {
        match code {
            "nb" => Some(Locale::Nb),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language a browser tag (`navigator.language`) asks for: any Norwegian gets bokmål.
    pub(crate) fn from_browser_tag(tag: &str) -> Locale {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Locale::Nb,
            _ => Locale::En,
        }
    }

    /// The language's own name, shown in the language picker.
    pub(crate) fn own_name(self) -> &'static str {
        match self {
            Locale::Nb => "Norsk bokmål",
            Locale::En => "English",
        }
    }
}

/// A plain text on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    AppName,
    NavToday,
    NavContacts,
    NavLog,
    NavHours,
    NavMore,
    TodayTitle,
    ContactsTitle,
    LogTitle,
    AvailabilityTitle,
    MoreTitle,
    MainNavigation,
    UpdateReady,
    Offline,
    Language,
    SettingsTitle,
}

pub(crate) fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::Nb => nb::text(key),
        Locale::En => en::text(key),
    }
}

/// The app's current language, shared through context. Reading it inside a closure tracks it.
#[derive(Clone, Copy)]
pub(crate) struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub(crate) fn new(locale: Locale) -> I18n {
        I18n {
            locale: RwSignal::new(locale),
        }
    }

    pub(crate) fn locale(self) -> Locale {
        self.locale.get()
    }

    pub(crate) fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
    }

    pub(crate) fn t(self, key: Key) -> &'static str {
        text(self.locale.get(), key)
    }
}

pub(crate) fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_pick_a_language() {
        for (tag, want) in [
            ("nb-NO", Locale::Nb),
            ("no", Locale::Nb),
            ("nn-NO", Locale::Nb),
            ("NB", Locale::Nb),
            ("en-GB", Locale::En),
            ("sv-SE", Locale::En),
            ("", Locale::En),
        ] {
            assert_eq!(Locale::from_browser_tag(tag), want, "{tag}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
    }
}
