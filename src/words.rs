//! Words on screen, in Norwegian bokmål and English: one system for the whole app, in the shape
//! of the share page's (`peerline_share::words`).
//!
//! - A fixed text is a [`Text`] (`words/texts.rs`, both languages side by side on each line, made
//!   by `peerline_share::words!`, so a text without a translation does not compile).
//! - A text with values in it is a [`Message`], said in each language side by side below.
//! - `when`: times and dates in words.
//!
//! The language is core's [`Language`] (the profile's `language` field); the one shown now is
//! [`I18n`], shared through context. An exhaustive `match` per text costs about 2 KB of WASM where
//! `leptos_i18n` cost 19-47 KB (toolchain notes).

mod texts;
pub(crate) mod when;

use leptos::prelude::*;
pub(crate) use peerline_core::Language;
pub(crate) use peerline_share::words::{
    code, language_from_code, language_from_tag, own_name, LANGUAGES,
};
pub(crate) use texts::Text;

/// `text` in `language`.
pub(crate) fn text(language: Language, text: Text) -> &'static str {
    text.in_language(language)
}

/// `message` in `language`.
pub(crate) fn message(language: Language, message: Message<'_>) -> String {
    message.in_language(language)
}

/// A text with values in it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Message<'a> {
    CallPerson(&'a str),
    /// A write core refused, naming the field.
    CheckField(&'a str),
    CheckinLine {
        energy: u8,
        strain: u8,
        burnout: u8,
    },
    ContactsThisWeek(u32),
    Counts {
        today: u32,
        per_day: Option<u32>,
        week: u32,
        per_week: Option<u32>,
    },
    InTouchThisWeek {
        name: &'a str,
        count: u32,
        limit: u32,
    },
    /// Contacts with a service user today against the agreed daily limit.
    InTouchToday {
        name: &'a str,
        count: u32,
        limit: u32,
    },
    LogCallFrom(&'a str),
    LoggedCallFrom(&'a str),
    NextTime(&'a str),
    OutsideAgreement {
        name: &'a str,
        count: u32,
    },
    PressureSummary {
        contacts: u32,
        outside: u32,
        after_hours: u32,
    },
    Quarantined(usize),
    RemoveWindow {
        day: &'a str,
        window: &'a str,
    },
    Until(&'a str),
    Week(peerline_core::IsoWeek),
    WindowsLeft(&'a str),
    /// Changes waiting for the server.
    Waiting(usize),
    /// Offline, with changes waiting.
    Offline(usize),
    /// The last good sync, as a moment ("kl. 14:02").
    Synced(&'a str),
    /// A failed login locked for a while.
    TooManyAttempts(u64),
    /// The phone holds another account's data.
    OtherAccount(&'a str),
    /// Unsynced changes before logging out.
    UnsyncedBeforeLogout(usize),
    LoggedInAs(&'a str),
    ServerError(u16),
    NextTry(&'a str),
    /// Saved figures shown without a network, from this moment.
    FiguresFrom(&'a str),
    LastSync(&'a str),
    /// Who covers an absence: `Jonas Berg er vikar` / `Jonas Berg is covering`.
    CoveredBy(&'a str),
    /// The stand-in while away, on Today: `Jonas Berg svarer for deg, 22 33 44 55`.
    StandInNow {
        name: &'a str,
        phone: &'a str,
    },
    /// Today's way to the Cover screen.
    CoverOpen(usize),
    /// The kept cover list shown without a network, from this moment.
    CoverFrom(&'a str),
    /// When the list was fetched.
    FetchedAt(&'a str),
    /// A colleague's note to the team.
    NoteToTeam(&'a str),
}

/// `count` against `limit`: "3 av 5" / "3 of 5", or just the count.
fn of(language: Language, count: u32, limit: Option<u32>) -> String {
    match (language, limit) {
        (_, None) => count.to_string(),
        (Language::Nb, Some(limit)) => format!("{count} av {limit}"),
        (Language::En, Some(limit)) => format!("{count} of {limit}"),
    }
}

/// "gang"/"ganger", "time"/"times".
fn times(language: Language, count: u32) -> &'static str {
    match (language, count) {
        (Language::Nb, 1) => "gang",
        (Language::Nb, _) => "ganger",
        (Language::En, 1) => "time",
        (Language::En, _) => "times",
    }
}

impl Message<'_> {
    /// The message in `language`: bokmål first, then English, for each.
    pub(crate) fn in_language(self, language: Language) -> String {
        let nb = language == Language::Nb;
        match self {
            Message::CallPerson(name) if nb => format!("Ring {name}"),
            Message::CallPerson(name) => format!("Call {name}"),
            Message::CheckField(field) if nb => format!("Noe i skjemaet må sjekkes ({field})."),
            Message::CheckField(field) => {
                format!("Something in the form needs a look ({field}).")
            }
            Message::CheckinLine {
                energy,
                strain,
                burnout,
            } if nb => format!("energi {energy}, belastning {strain}, utbrenthet {burnout}"),
            Message::CheckinLine {
                energy,
                strain,
                burnout,
            } => format!("energy {energy}, strain {strain}, burnout {burnout}"),
            Message::ContactsThisWeek(count) if nb => format!("{count} kontakter denne uka"),
            Message::ContactsThisWeek(count) => format!("{count} contacts this week"),
            Message::Counts {
                today,
                per_day,
                week,
                per_week,
            } => {
                let (today, week) = (of(language, today, per_day), of(language, week, per_week));
                if nb {
                    format!("I dag {today} · Denne uka {week}")
                } else {
                    format!("Today {today} · This week {week}")
                }
            }
            Message::InTouchThisWeek { name, count, limit } if nb => format!(
                "{name} har tatt kontakt {count} {} denne uka (dere avtalte {limit}). \
                 Vil du ta det opp med koordinatoren din?",
                times(language, count)
            ),
            Message::InTouchThisWeek { name, count, limit } => format!(
                "{name} has been in touch {count} {} this week (you agreed on {limit}). \
                 Want to bring it up with your coordinator?",
                times(language, count)
            ),
            Message::InTouchToday { name, count, limit } if nb => format!(
                "{name} har tatt kontakt {count} {} i dag (dere avtalte {limit}). \
                 Vil du ta det opp med koordinatoren din?",
                times(language, count)
            ),
            Message::InTouchToday { name, count, limit } => format!(
                "{name} has been in touch {count} {} today (you agreed on {limit}). \
                 Want to bring it up with your coordinator?",
                times(language, count)
            ),
            Message::LogCallFrom(name) if nb => format!("Logg innkommende samtale fra {name}"),
            Message::LogCallFrom(name) => format!("Log incoming call from {name}"),
            Message::LoggedCallFrom(name) if nb => format!("Samtale fra {name} er loggført."),
            Message::LoggedCallFrom(name) => format!("Logged a call from {name}."),
            Message::NextTime(when) if nb => format!("Neste gang: {when}"),
            Message::NextTime(when) => format!("Next time: {when}"),
            Message::OutsideAgreement { name, count } if nb => format!(
                "{name} tok kontakt {count} {} denne uka utenom det dere avtalte. \
                 Vil du ta det opp med koordinatoren din?",
                times(language, count)
            ),
            Message::OutsideAgreement { name, count } => format!(
                "{name} got in touch {count} {} this week outside what you agreed. \
                 Want to bring it up with your coordinator?",
                times(language, count)
            ),
            Message::PressureSummary {
                contacts,
                outside,
                after_hours,
            } if nb => format!(
                "{contacts} kontakter, {outside} utenom avtalene, {after_hours} utenfor dine tider."
            ),
            Message::PressureSummary {
                contacts,
                outside,
                after_hours,
            } => format!(
                "{contacts} contacts, {outside} outside what you agreed, {after_hours} outside your hours."
            ),
            Message::Quarantined(count) if nb => format!(
                "Noe lagret data kunne ikke leses og er lagt til side ({count} {}). Alt annet er her.",
                if count == 1 { "del" } else { "deler" }
            ),
            Message::Quarantined(count) => format!(
                "Some saved data could not be read and was put aside ({count} {}). Everything else is here.",
                if count == 1 { "part" } else { "parts" }
            ),
            Message::RemoveWindow { day, window } if nb => format!("Fjern {day} {window}"),
            Message::RemoveWindow { day, window } => format!("Remove {day} {window}"),
            Message::Until(when) if nb => format!("Til {when}"),
            Message::Until(when) => format!("Until {when}"),
            Message::Week(week) if nb => format!("Uke {}, {}", week.week(), week.year()),
            Message::Week(week) => format!("Week {}, {}", week.week(), week.year()),
            Message::WindowsLeft(windows) if nb => format!("Resten av dagen: {windows}"),
            Message::WindowsLeft(windows) => format!("Still today: {windows}"),
            Message::Waiting(1) if nb => "1 endring venter".into(),
            Message::Waiting(1) => "1 change waiting".into(),
            Message::Waiting(n) if nb => format!("{n} endringer venter"),
            Message::Waiting(n) => format!("{n} changes waiting"),
            Message::Offline(0) if nb => "Frakoblet".into(),
            Message::Offline(0) => "Offline".into(),
            Message::Offline(n) if nb => {
                format!("Frakoblet · {}", Message::Waiting(n).in_language(language))
            }
            Message::Offline(n) => {
                format!("Offline · {}", Message::Waiting(n).in_language(language))
            }
            Message::Synced(at) if nb => format!("Synket {at}"),
            Message::Synced(at) => format!("Synced {at}"),
            Message::TooManyAttempts(minutes) if nb => {
                format!("Mange forsøk på kort tid. Vent {minutes} min og prøv igjen.")
            }
            Message::TooManyAttempts(minutes) => {
                format!("A lot of tries in a short time. Wait {minutes} min and try again.")
            }
            Message::OtherAccount(name) if nb => format!(
                "Denne telefonen har data fra kontoen til {name}. Logg ut av den først (Mer → Logg ut)."
            ),
            Message::OtherAccount(name) => format!(
                "This phone holds data from {name}'s account. Log out of it first (More → Log out)."
            ),
            Message::UnsyncedBeforeLogout(n) if nb => format!(
                "{n} endring(er) har ikke nådd serveren ennå. Logger du ut nå, forsvinner de fra telefonen."
            ),
            Message::UnsyncedBeforeLogout(n) => format!(
                "{n} change(s) haven't reached the server yet. If you log out now, they're gone from this phone."
            ),
            Message::LoggedInAs(name) if nb => format!("Logget inn som {name}"),
            Message::LoggedInAs(name) => format!("Logged in as {name}"),
            Message::ServerError(status) if nb => {
                format!("Serveren svarte med en feil ({status}).")
            }
            Message::ServerError(status) => format!("The server answered with an error ({status})."),
            Message::NextTry(at) if nb => format!("Prøver igjen {at}."),
            Message::NextTry(at) => format!("Trying again {at}."),
            Message::FiguresFrom(at) if nb => format!("Lagrede tall, hentet {at}"),
            Message::FiguresFrom(at) => format!("Saved figures, fetched {at}"),
            Message::LastSync(at) if nb => format!("Sist synket {at}"),
            Message::LastSync(at) => format!("Last synced {at}"),
            Message::CoveredBy(name) if nb => format!("{name} er vikar."),
            Message::CoveredBy(name) => format!("{name} is covering."),
            Message::StandInNow { name, phone } if nb => format!("{name} svarer for deg, {phone}"),
            Message::StandInNow { name, phone } => format!("{name} answers for you, {phone}"),
            Message::CoverOpen(0) if nb => "Vikar i teamet".into(),
            Message::CoverOpen(0) => "Team cover".into(),
            Message::CoverOpen(1) if nb => "1 kollega trenger vikar".into(),
            Message::CoverOpen(1) => "1 colleague needs cover".into(),
            Message::CoverOpen(n) if nb => format!("{n} trenger vikar"),
            Message::CoverOpen(n) => format!("{n} need cover"),
            Message::CoverFrom(at) if nb => format!("Uten nett – lista ble hentet {at}"),
            Message::CoverFrom(at) => format!("Offline – the list was fetched {at}"),
            Message::FetchedAt(at) if nb => format!("Hentet {at}"),
            Message::FetchedAt(at) => format!("Fetched {at}"),
            Message::NoteToTeam(note) if nb => format!("«{note}»"),
            Message::NoteToTeam(note) => format!("“{note}”"),
        }
    }
}

/// The app's current language, shared through context. Reading it inside a closure tracks it.
#[derive(Clone, Copy)]
pub(crate) struct I18n {
    language: RwSignal<Language>,
}

impl I18n {
    pub(crate) fn new(language: Language) -> I18n {
        I18n {
            language: RwSignal::new(language),
        }
    }

    /// The language shown now (tracked).
    pub(crate) fn language(self) -> Language {
        self.language.get()
    }

    pub(crate) fn set_language(self, language: Language) {
        self.language.set(language);
    }

    /// `key` in the language shown now (tracked).
    pub(crate) fn text(self, key: Text) -> &'static str {
        key.in_language(self.language.get())
    }
}

/// Orders two names as a Norwegian list does, whatever the app's language (the names are
/// Norwegian): letters case aside, with æ, ø and å after z in that order; names equal but for case
/// keep a fixed order. Other accented letters sort by code point. Written here rather than with
/// the browser's `Intl.Collator`, whose construction costs about 10 ms on every start-up (measured
/// in Chromium), for three names on Today.
pub(crate) fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(name: &str) -> impl Iterator<Item = char> + '_ {
        name.chars().map(|c| match c {
            'æ' | 'Æ' => '{',
            'ø' | 'Ø' => '|',
            'å' | 'Å' => '}',
            other => other.to_ascii_lowercase(),
        })
    }
    key(a).cmp(key(b)).then_with(|| a.cmp(b))
}

pub(crate) fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A text that follows the language, for a Leptos view or attribute (the screens not yet drawn
/// as markup). Every call returns the same closure type, so a hundred texts cost the code of one.
pub(crate) fn live_text(key: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.text(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_a_norwegian_list() {
        let mut names = ["Åse", "ola", "Øyvind", "Ærlig", "Kari", "Ola", "Zara"];
        names.sort_by(|a, b| compare_names(a, b));
        assert_eq!(
            names,
            ["Kari", "Ola", "ola", "Zara", "Ærlig", "Øyvind", "Åse"]
        );
    }

    #[test]
    fn counts_read_naturally() {
        let say = |language, message| super::message(language, message);
        assert_eq!(say(Language::En, Message::Waiting(1)), "1 change waiting");
        assert_eq!(say(Language::En, Message::Waiting(3)), "3 changes waiting");
        assert_eq!(say(Language::Nb, Message::Waiting(3)), "3 endringer venter");
        assert_eq!(say(Language::En, Message::Offline(0)), "Offline");
        assert_eq!(
            say(Language::Nb, Message::Offline(2)),
            "Frakoblet · 2 endringer venter"
        );
        let counts = Message::Counts {
            today: 3,
            per_day: Some(3),
            week: 4,
            per_week: None,
        };
        assert_eq!(say(Language::En, counts), "Today 3 of 3 · This week 4");
        assert_eq!(say(Language::Nb, counts), "I dag 3 av 3 · Denne uka 4");
    }

    #[test]
    fn no_judging_words_and_no_empty_texts() {
        // design.md, Words: never these, in either language.
        for key in Text::ALL {
            for language in LANGUAGES {
                let words = text(language, *key).to_lowercase();
                assert!(!words.is_empty(), "{key:?} in {language:?}");
                for bad in peerline_share::words::JUDGING_WORDS {
                    assert!(!words.contains(bad), "{key:?} in {language:?}: {words}");
                }
            }
        }
    }
}
