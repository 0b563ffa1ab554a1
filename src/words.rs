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

/// A fixed text of either table, the app's [`Text`] or the coordinator's (`team::words`), for
/// what draws both.
pub(crate) trait Said: Copy {
    fn said(self, language: Language) -> &'static str;
}

impl Said for Text {
    fn said(self, language: Language) -> &'static str {
        self.in_language(language)
    }
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
    /// The kind reply's button, for a screen reader.
    KindReplyTo(&'a str),
    /// Above the preview of the kind reply: to whom it would go now.
    KindReplyPreview(&'a str),
    /// A planned change of an agreement clashes with one on the same date (in words).
    ChangePlannedOn(&'a str),
    PlanChangeFor(&'a str),
    /// A planned change, from a date ahead / in force since a date (in words).
    ChangeFrom(&'a str),
    ChangedSince(&'a str),
    /// The taper offered before the planned end (a date in words).
    TaperSuggestion(&'a str),
    /// The week's time given outside my own hours, and how many such contacts have no minutes.
    AfterHoursTime {
        minutes: u32,
        untimed: u32,
    },
    Minutes(u32),
    LogCallFrom(&'a str),
    LoggedCallFrom(&'a str),
    LoggedKindReply(&'a str),
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
    LastSync(&'a str),
    /// Erasing a contact (issue 13): the button, the question, and what goes.
    EraseName(&'a str),
    EraseQuestion(&'a str),
    EraseContactDetails(&'a str),
    EraseLogs(usize),
    EraseAgenda(usize),
    Erased(&'a str),
    /// A session: when it logged in and when it was last used, as moments.
    SessionTimes {
        since: &'a str,
        used: &'a str,
    },
    /// The browser of a session and the system it runs on.
    Browser {
        browser: &'a str,
        system: &'a str,
    },
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
    /// The browser's estimate of the bytes this site uses, and of its quota.
    StorageUsed {
        usage: u64,
        quota: u64,
    },
}

/// `count` against `limit`: "3 av 5" / "3 of 5", or just the count.
fn of(language: Language, count: u32, limit: Option<u32>) -> String {
    match (language, limit) {
        (_, None) => count.to_string(),
        (Language::Nb, Some(limit)) => format!("{count} av {limit}"),
        (Language::En, Some(limit)) => format!("{count} of {limit}"),
    }
}

/// A time given, short: "45 min", "1 t 15 min" / "1 h 15 min".
fn duration(language: Language, minutes: u32) -> String {
    let hour = match language {
        Language::Nb => "t",
        Language::En => "h",
    };
    match (minutes / 60, minutes % 60) {
        (0, rest) => format!("{rest} min"),
        (hours, 0) => format!("{hours} {hour}"),
        (hours, rest) => format!("{hours} {hour} {rest} min"),
    }
}

/// Bytes as storage is counted on a phone (powers of 1000): "1.2 MB", "300 GB"; a decimal only
/// under ten (with a comma in bokmål).
fn amount(language: Language, bytes: u64) -> String {
    // A petabyte at most, so nothing below overflows.
    let bytes = bytes.min(1 << 50);
    let (unit, name) = match bytes {
        0..1_000 => (1, " B"),
        1_000..1_000_000 => (1_000, " kB"),
        1_000_000..1_000_000_000 => (1_000_000, " MB"),
        _ => (1_000_000_000, " GB"),
    };
    let tenths = (bytes * 10 + unit / 2) / unit;
    let mut text = ((bytes + unit / 2) / unit).to_string();
    if tenths < 100 && tenths % 10 > 0 {
        text = (tenths / 10).to_string();
        text.push(if language == Language::Nb { ',' } else { '.' });
        text.push(char::from(b'0' + (tenths % 10) as u8));
    }
    text + name
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

/// "kontakt"/"kontakter", "contact"/"contacts".
fn contacts(language: Language, count: u32) -> &'static str {
    match (language, count) {
        (Language::Nb, 1) => "kontakt",
        (Language::Nb, _) => "kontakter",
        (Language::En, 1) => "contact",
        (Language::En, _) => "contacts",
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
            Message::ContactsThisWeek(count) if nb => {
                format!("{count} {} denne uka", contacts(language, count))
            }
            Message::ContactsThisWeek(count) => {
                format!("{count} {} this week", contacts(language, count))
            }
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
            Message::KindReplyPreview(name) if nb => format!("Til {name}, nå:"),
            Message::KindReplyPreview(name) => format!("To {name}, now:"),
            Message::KindReplyTo(name) if nb => format!("Send et vennlig svar til {name}"),
            Message::KindReplyTo(name) => format!("Send a kind reply to {name}"),
            Message::LoggedKindReply(name) if nb => {
                format!("Det vennlige svaret til {name} er loggført som SMS.")
            }
            Message::LoggedKindReply(name) => {
                format!("Logged your kind reply to {name} as a text message.")
            }
            Message::ChangePlannedOn(date) if nb => {
                format!("Det er allerede planlagt en endring fra {date}: endre den i stedet.")
            }
            Message::ChangePlannedOn(date) => {
                format!("A change is planned from {date} already: change that one instead.")
            }
            Message::ChangeFrom(date) if nb => format!("Fra {date}"),
            Message::ChangeFrom(date) => format!("From {date}"),
            Message::ChangedSince(date) if nb => format!("Gjelder fra {date}"),
            Message::ChangedSince(date) => format!("Since {date}"),
            Message::TaperSuggestion(end) if nb => format!(
                "Samarbeidet er planlagt å slutte {end}. Et forslag: færre kontakter trinn for trinn, \
                 så slutten ikke kommer brått:"
            ),
            Message::TaperSuggestion(end) => format!(
                "The relationship is planned to end on {end}. A suggestion: fewer contacts step by \
                 step, so the end doesn't come all at once:"
            ),
            Message::PlanChangeFor(name) if nb => format!("Planlegg en endring i avtalen med {name}"),
            Message::PlanChangeFor(name) => format!("Plan a change of {name}’s agreement"),
            Message::AfterHoursTime { minutes, untimed } => {
                let time = duration(language, minutes);
                match (nb, untimed) {
                    (true, 0) => format!("Denne uka har du gitt {time} utenfor dine tider."),
                    (false, 0) => format!("This week you've given {time} outside your hours."),
                    (true, n) => format!(
                        "Denne uka har du gitt {time} utenfor dine tider, og {n} {} uten minutter.",
                        contacts(language, n)
                    ),
                    (false, n) => format!(
                        "This week you've given {time} outside your hours, and {n} {} without minutes.",
                        contacts(language, n)
                    ),
                }
            }
            Message::Minutes(1) if nb => "1 minutt".into(),
            Message::Minutes(n) if nb => format!("{n} minutter"),
            Message::Minutes(1) => "1 minute".into(),
            Message::Minutes(n) => format!("{n} minutes"),
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
            Message::LastSync(at) if nb => format!("Sist synket {at}"),
            Message::LastSync(at) => format!("Last synced {at}"),
            Message::EraseName(name) if nb => format!("Slett {name} for godt"),
            Message::EraseName(name) => format!("Erase {name}"),
            Message::EraseQuestion(name) if nb => format!("Slette {name} for godt?"),
            Message::EraseQuestion(name) => format!("Erase {name} for good?"),
            Message::EraseContactDetails(name) if nb => format!("{name} og kontaktinformasjonen"),
            Message::EraseContactDetails(name) => format!("{name} and their contact details"),
            Message::EraseLogs(1) if nb => "1 loggført kontakt".into(),
            Message::EraseLogs(1) => "1 logged contact".into(),
            Message::EraseLogs(n) if nb => format!("{n} loggførte kontakter"),
            Message::EraseLogs(n) => format!("{n} logged contacts"),
            Message::EraseAgenda(1) if nb => "1 sak til koordinatorsamtalen".into(),
            Message::EraseAgenda(1) => "1 item for the coordinator talk".into(),
            Message::EraseAgenda(n) if nb => format!("{n} saker til koordinatorsamtalen"),
            Message::EraseAgenda(n) => format!("{n} items for the coordinator talk"),
            Message::Erased(name) if nb => format!("{name} er slettet fra denne telefonen."),
            Message::Erased(name) => format!("{name} is erased from this phone."),
            Message::SessionTimes { since, used } if nb => {
                format!("Logget inn {since} · sist brukt {used}")
            }
            Message::SessionTimes { since, used } => format!("Logged in {since} · last used {used}"),
            Message::Browser { browser, system } if nb => format!("{browser} på {system}"),
            Message::Browser { browser, system } => format!("{browser} on {system}"),
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
            Message::StorageUsed { usage, quota } => {
                let (usage, quota) = (amount(language, usage), amount(language, quota));
                match nb {
                    true => format!("Omtrent {usage} brukt av {quota}."),
                    false => format!("About {usage} used of {quota}."),
                }
            }
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

    /// Each case: bytes => in English, in bokmål.
    #[test]
    fn amounts_of_storage_read_as_a_phone_counts_them() {
        for (bytes, en, nb) in [
            (0, "0 B", "0 B"),
            (999, "999 B", "999 B"),
            (1_000, "1 kB", "1 kB"),
            (1_240_000, "1.2 MB", "1,2 MB"),
            (9_960_000, "10 MB", "10 MB"),
            (123_456_789, "123 MB", "123 MB"),
            (300_000_000_000, "300 GB", "300 GB"),
            (u64::MAX, "1125900 GB", "1125900 GB"),
        ] {
            assert_eq!(amount(Language::En, bytes), en, "{bytes}");
            assert_eq!(amount(Language::Nb, bytes), nb, "{bytes}");
        }
        let used = Message::StorageUsed {
            usage: 1_240_000,
            quota: 300_000_000,
        };
        assert_eq!(message(Language::En, used), "About 1.2 MB used of 300 MB.");
        assert_eq!(
            message(Language::Nb, used),
            "Omtrent 1,2 MB brukt av 300 MB."
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
        let given = |minutes, untimed| Message::AfterHoursTime { minutes, untimed };
        assert_eq!(
            say(Language::En, given(45, 0)),
            "This week you've given 45 min outside your hours."
        );
        assert_eq!(
            say(Language::En, given(75, 1)),
            "This week you've given 1 h 15 min outside your hours, and 1 contact without minutes."
        );
        assert_eq!(
            say(Language::Nb, given(120, 2)),
            "Denne uka har du gitt 2 t utenfor dine tider, og 2 kontakter uten minutter."
        );
        assert_eq!(say(Language::Nb, counts), "I dag 3 av 3 · Denne uka 4");
        let week = Message::ContactsThisWeek;
        assert_eq!(say(Language::En, week(1)), "1 contact this week");
        assert_eq!(say(Language::En, week(2)), "2 contacts this week");
        assert_eq!(say(Language::Nb, week(1)), "1 kontakt denne uka");
        assert_eq!(say(Language::Nb, week(0)), "0 kontakter denne uka");
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
