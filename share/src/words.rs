//! Words, in Norwegian bokmål and English: the one shape every text of Peerline has, the share
//! page's and the PRW app's alike. A fixed text is a variant of an enum made by [`words!`], with
//! both languages side by side on its line; a text with values in it is a variant of a `Message`
//! enum whose `in_language` says it in each language, side by side too. A text without a
//! translation does not compile. Each build keeps its own tables (the share page downloads only
//! its few dozen words), made by this one macro from this one crate.
//!
//! The share page's words are here. Plain, warm and short (design.md): the card reassures first,
//! and "not now" always comes with "next time" and someone to call.

use peerline_core::Language;

/// Declares an enum of fixed texts, each with its bokmål and English words:
///
/// ```
/// peerline_share::words! {
///     /// What a greeting says.
///     pub enum Greeting {
///         Hello => ("Hei", "Hello"),
///     }
/// }
/// assert_eq!(Greeting::Hello.in_language(peerline_core::Language::En), "Hello");
/// ```
///
/// It adds `in_language` (the text in a language) and `ALL` (every text, for checks over all of
/// them, such as the one for judging words).
#[macro_export]
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => ($nb:expr, $en:expr $(,)?), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every text, for checks over all of them.
            #[allow(dead_code)]
            $vis const ALL: &'static [$name] = &[$( $name::$variant, )+];

            /// The text in `language`.
            $vis fn in_language(self, language: ::peerline_core::Language) -> &'static str {
                let (nb, en) = match self {
                    $( $name::$variant => ($nb, $en), )+
                };
                match language {
                    ::peerline_core::Language::Nb => nb,
                    ::peerline_core::Language::En => en,
                }
            }
        }
    };
}

/// The languages, in the order a picker offers them.
pub const LANGUAGES: [Language; 2] = [Language::Nb, Language::En];

/// The language a browser tag (`navigator.language`) asks for: any Norwegian gets bokmål,
/// everything else English.
pub fn language_from_tag(tag: &str) -> Language {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "nb" | "no" | "nn" => Language::Nb,
        _ => Language::En,
    }
}

/// The `<html lang>` code, also the profile's `language` on the wire.
pub fn code(language: Language) -> &'static str {
    match language {
        Language::Nb => "nb",
        Language::En => "en",
    }
}

/// The language of a code [`code`] gives.
pub fn language_from_code(code: &str) -> Option<Language> {
    LANGUAGES
        .into_iter()
        .find(|language| self::code(*language) == code)
}

/// The language's own name, for a language picker.
pub fn own_name(language: Language) -> &'static str {
    match language {
        Language::Nb => "Norsk bokmål",
        Language::En => "English",
    }
}

words! {
    /// A fixed text on the share page.
    pub enum ShareText {
        Loading => ("Henter …", "Loading …"),
        StateReachable => ("Kan nås nå", "Reachable now"),
        StateNotNow => ("Ikke nå", "Not now"),
        StateAway => ("Borte", "Away"),
        StateNoUpcoming => ("Ingen tider fremover", "No times ahead"),
        StateUnknown => ("Vet ikke akkurat nå", "Not sure right now"),
        LimitExplained => (
            "Dere har hatt så mye kontakt som dere avtalte, for nå.",
            "You've been in touch as often as you agreed, for now.",
        ),
        NoUpcomingExplained => ("Ingen tider de neste 60 dagene.", "No times in the next 60 days."),
        UnknownExplained => (
            "Koble til nettet for å se neste gang.",
            "Go online to see the next time.",
        ),
        SendSms => ("Send SMS", "Send a text"),
        NeedSomeoneNow => ("Trenger du noen nå?", "Need someone now?"),
        OthersToCall => ("Andre du kan ringe", "Others you can call"),
        Agreed => ("Det dere har avtalt", "What you agreed"),
        ComingDays => ("De neste 7 dagene", "The next 7 days"),
        NoTimes => ("Ingen tider", "No times"),
        NotKnownYet => ("Ikke kjent ennå", "Not known yet"),
        AddToCalendar => ("Legg til i kalenderen", "Add to calendar"),
        Offline => (
            "Uten nett – viser det som sist ble hentet",
            "Offline – showing what was last fetched",
        ),
        GoneTitle => ("Denne lenken virker ikke lenger", "This link no longer works"),
        GoneHelp => ("Spør likepersonen din om en ny lenke.", "Ask your peer for a new link."),
        UnreachableTitle => ("Får ikke hentet siden nå", "Can't fetch the page right now"),
        UnreachableHelp => (
            "Den oppdateres av seg selv når du er på nett igjen.",
            "It updates by itself when you're back online.",
        ),
        NoTokenTitle => ("Åpne lenken du fikk", "Open the link you got"),
        Away => ("Borte", "Away"),
        TimesThen => ("Tider:", "Times:"),
        NoTokenHelp => (
            "Bruk lenken eller QR-koden fra likepersonen din.",
            "Use the link or QR code from your peer.",
        ),
    }
}

/// A text with values in it on the share page.
#[derive(Clone, Copy, Debug)]
pub enum ShareMessage<'a> {
    /// `Ola, likepersonen din` / `Ola, your peer`.
    YourPeer(&'a str),
    /// `Hei, Kari` / `Hi, Kari`.
    Greeting(&'a str),
    /// `Ring Per` / `Call Per` (`Ring` / `Call` without a name).
    Call(&'a str),
    /// `Neste gang: tirsdag kl. 17:00` / `Next time: Tuesday at 17:00`.
    NextTime(&'a str),
    /// `Sist oppdatert i dag kl. 14:05` / `Last updated today at 14:05`.
    LastUpdated(&'a str),
    /// The agreed limits in a sentence (empty when there are none): `Dere har avtalt inntil 3
    /// kontakter om dagen og 10 i uka.` / `You agreed on up to 3 contacts a day and 10 a week.`
    Limits {
        per_day: Option<u32>,
        per_week: Option<u32>,
    },
    /// The heading of the absences ahead: `Når Ingrid er borte` / `When Ingrid is away`.
    AwayAhead(&'a str),
    /// Who answers during an absence: `Jonas Berg svarer for Ingrid` / `Jonas Berg answers for
    /// Ingrid`.
    Answers { stand_in: &'a str, worker: &'a str },
    /// The heading of the next planned change: `Fra mandag 4. januar` / `From Monday 4 January`.
    ChangeFrom(&'a str),
    /// Whose time the page's times are, when the phone is in another zone: `Tidene her er
    /// Ingrids tid (Europe/Oslo). Der er klokka 18:05 nå.` / `Times here are Ingrid's time
    /// (Europe/Oslo). It's 18:05 there now.`
    WhoseTime {
        name: &'a str,
        zone: &'a str,
        clock: &'a str,
    },
}

impl ShareMessage<'_> {
    /// The message in `language`.
    pub fn in_language(self, language: Language) -> String {
        let nb = language == Language::Nb;
        match self {
            ShareMessage::YourPeer(name) if nb => format!("{name}, likepersonen din"),
            ShareMessage::YourPeer(name) => format!("{name}, your peer"),
            ShareMessage::Greeting(name) if nb => format!("Hei, {name}"),
            ShareMessage::Greeting(name) => format!("Hi, {name}"),
            ShareMessage::Call("") if nb => "Ring".to_owned(),
            ShareMessage::Call("") => "Call".to_owned(),
            ShareMessage::Call(name) if nb => format!("Ring {name}"),
            ShareMessage::Call(name) => format!("Call {name}"),
            ShareMessage::NextTime(when) if nb => format!("Neste gang: {when}"),
            ShareMessage::NextTime(when) => format!("Next time: {when}"),
            ShareMessage::LastUpdated(when) if nb => format!("Sist oppdatert {when}"),
            ShareMessage::LastUpdated(when) => format!("Last updated {when}"),
            ShareMessage::Limits { per_day, per_week } => limits(language, per_day, per_week),
            ShareMessage::AwayAhead("") if nb => "Når likepersonen din er borte".to_owned(),
            ShareMessage::AwayAhead("") => "When your peer is away".to_owned(),
            ShareMessage::AwayAhead(name) if nb => format!("Når {name} er borte"),
            ShareMessage::AwayAhead(name) => format!("When {name} is away"),
            ShareMessage::Answers {
                stand_in,
                worker: "",
            } if nb => format!("{stand_in} svarer"),
            ShareMessage::Answers {
                stand_in,
                worker: "",
            } => format!("{stand_in} answers"),
            ShareMessage::Answers { stand_in, worker } if nb => {
                format!("{stand_in} svarer for {worker}")
            }
            ShareMessage::Answers { stand_in, worker } => {
                format!("{stand_in} answers for {worker}")
            }
            ShareMessage::ChangeFrom(day) if nb => format!("Avtalen endres fra {day}"),
            ShareMessage::ChangeFrom(day) => format!("Your agreement changes from {day}"),
            ShareMessage::WhoseTime {
                name: "",
                zone,
                clock,
            } if nb => {
                format!("Tidene her er likepersonens tid ({zone}). Der er klokka {clock} nå.")
            }
            ShareMessage::WhoseTime {
                name: "",
                zone,
                clock,
            } => {
                format!("Times here are your peer's time ({zone}). It's {clock} there now.")
            }
            ShareMessage::WhoseTime { name, zone, clock } if nb => {
                let genitive = if name.ends_with(['s', 'x', 'z']) {
                    "'"
                } else {
                    "s"
                };
                format!("Tidene her er {name}{genitive} tid ({zone}). Der er klokka {clock} nå.")
            }
            ShareMessage::WhoseTime { name, zone, clock } => {
                format!("Times here are {name}'s time ({zone}). It's {clock} there now.")
            }
        }
    }
}

fn limits(language: Language, per_day: Option<u32>, per_week: Option<u32>) -> String {
    let contacts = |n: u32| match (language, n) {
        (Language::Nb, 1) => "1 kontakt".to_owned(),
        (Language::Nb, n) => format!("{n} kontakter"),
        (Language::En, 1) => "1 contact".to_owned(),
        (Language::En, n) => format!("{n} contacts"),
    };
    let agreed = match (language, per_day, per_week) {
        (_, None, None) => return String::new(),
        (Language::Nb, Some(day), None) => format!("inntil {} om dagen", contacts(day)),
        (Language::Nb, None, Some(week)) => format!("inntil {} i uka", contacts(week)),
        (Language::Nb, Some(day), Some(week)) => {
            format!("inntil {} om dagen og {week} i uka", contacts(day))
        }
        (Language::En, Some(day), None) => format!("up to {} a day", contacts(day)),
        (Language::En, None, Some(week)) => format!("up to {} a week", contacts(week)),
        (Language::En, Some(day), Some(week)) => {
            format!("up to {} a day and {week} a week", contacts(day))
        }
    };
    match language {
        Language::Nb => format!("Dere har avtalt {agreed}."),
        Language::En => format!("You agreed on {agreed}."),
    }
}

/// Words design.md never uses, in either language (a test of each table looks for them).
pub const JUDGING_WORDS: [&str; 10] = [
    "addict",
    "abuse",
    "relapse",
    "violat",
    "compliant",
    "exceed",
    "rusmisbruk",
    "sprekk",
    "brudd",
    "overskr",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_pick_a_language() {
        for (tag, want) in [
            ("nb-NO", Language::Nb),
            ("no", Language::Nb),
            ("nn-NO", Language::Nb),
            ("NB", Language::Nb),
            ("en-GB", Language::En),
            ("sv-SE", Language::En),
            ("", Language::En),
        ] {
            assert_eq!(language_from_tag(tag), want, "{tag}");
        }
        for language in LANGUAGES {
            assert_eq!(language_from_code(code(language)), Some(language));
        }
    }

    #[test]
    fn limits_in_words() {
        for (day, week, nb_text, en_text) in [
            (None, None, "", ""),
            (
                Some(3),
                Some(10),
                "Dere har avtalt inntil 3 kontakter om dagen og 10 i uka.",
                "You agreed on up to 3 contacts a day and 10 a week.",
            ),
            (
                Some(1),
                None,
                "Dere har avtalt inntil 1 kontakt om dagen.",
                "You agreed on up to 1 contact a day.",
            ),
            (
                None,
                Some(5),
                "Dere har avtalt inntil 5 kontakter i uka.",
                "You agreed on up to 5 contacts a week.",
            ),
        ] {
            let limits = ShareMessage::Limits {
                per_day: day,
                per_week: week,
            };
            assert_eq!(limits.in_language(Language::Nb), nb_text);
            assert_eq!(limits.in_language(Language::En), en_text);
        }
    }

    #[test]
    fn no_judging_words_and_no_empty_texts() {
        for language in LANGUAGES {
            for text in ShareText::ALL {
                let words = text.in_language(language).to_lowercase();
                assert!(!words.is_empty(), "{text:?}");
                assert!(!JUDGING_WORDS.iter().any(|b| words.contains(b)), "{words}");
            }
        }
    }
}
