//! Every word of the share page, in Norwegian bokmål and English. Plain, warm and short (design.md):
//! the card reassures first, and "not now" always comes with "next time" and someone to call.
//! A [`Text`] without a translation does not compile.

use peerline_core::Language;

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

/// The `<html lang>` code.
pub fn code(language: Language) -> &'static str {
    match language {
        Language::Nb => "nb",
        Language::En => "en",
    }
}

/// A fixed text on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Loading,
    StateReachable,
    StateNotNow,
    StateAway,
    StateNoUpcoming,
    StateUnknown,
    LimitExplained,
    NoUpcomingExplained,
    UnknownExplained,
    SendSms,
    NeedSomeoneNow,
    OthersToCall,
    Agreed,
    ComingDays,
    NoTimes,
    NotKnownYet,
    AddToCalendar,
    Offline,
    GoneTitle,
    GoneHelp,
    UnreachableTitle,
    UnreachableHelp,
    NoTokenTitle,
    NoTokenHelp,
}

/// The text of `key` in `language`.
pub fn text(language: Language, key: Text) -> &'static str {
    match language {
        Language::Nb => nb(key),
        Language::En => en(key),
    }
}

fn nb(key: Text) -> &'static str {
    match key {
        Text::Loading => "Henter …",
        Text::StateReachable => "Kan nås nå",
        Text::StateNotNow => "Ikke nå",
        Text::StateAway => "Borte",
        Text::StateNoUpcoming => "Ingen tider fremover",
        Text::StateUnknown => "Vet ikke akkurat nå",
        Text::LimitExplained => "Dere har hatt så mye kontakt som dere avtalte, for nå.",
        Text::NoUpcomingExplained => "Ingen tider de neste 60 dagene.",
        Text::UnknownExplained => "Koble til nettet for å se neste gang.",
        Text::SendSms => "Send SMS",
        Text::NeedSomeoneNow => "Trenger du noen nå?",
        Text::OthersToCall => "Andre du kan ringe",
        Text::Agreed => "Det dere har avtalt",
        Text::ComingDays => "De neste 7 dagene",
        Text::NoTimes => "Ingen tider",
        Text::NotKnownYet => "Ikke kjent ennå",
        Text::AddToCalendar => "Legg til i kalenderen",
        Text::Offline => "Uten nett – viser det som sist ble hentet",
        Text::GoneTitle => "Denne lenken virker ikke lenger",
        Text::GoneHelp => "Spør likepersonen din om en ny lenke.",
        Text::UnreachableTitle => "Får ikke hentet siden nå",
        Text::UnreachableHelp => "Den oppdateres av seg selv når du er på nett igjen.",
        Text::NoTokenTitle => "Åpne lenken du fikk",
        Text::NoTokenHelp => "Bruk lenken eller QR-koden fra likepersonen din.",
    }
}

fn en(key: Text) -> &'static str {
    match key {
        Text::Loading => "Loading …",
        Text::StateReachable => "Reachable now",
        Text::StateNotNow => "Not now",
        Text::StateAway => "Away",
        Text::StateNoUpcoming => "No times ahead",
        Text::StateUnknown => "Not sure right now",
        Text::LimitExplained => "You've been in touch as often as you agreed, for now.",
        Text::NoUpcomingExplained => "No times in the next 60 days.",
        Text::UnknownExplained => "Go online to see the next time.",
        Text::SendSms => "Send a text",
        Text::NeedSomeoneNow => "Need someone now?",
        Text::OthersToCall => "Others you can call",
        Text::Agreed => "What you agreed",
        Text::ComingDays => "The next 7 days",
        Text::NoTimes => "No times",
        Text::NotKnownYet => "Not known yet",
        Text::AddToCalendar => "Add to calendar",
        Text::Offline => "Offline – showing what was last fetched",
        Text::GoneTitle => "This link no longer works",
        Text::GoneHelp => "Ask your peer for a new link.",
        Text::UnreachableTitle => "Can't fetch the page right now",
        Text::UnreachableHelp => "It updates by itself when you're back online.",
        Text::NoTokenTitle => "Open the link you got",
        Text::NoTokenHelp => "Use the link or QR code from your peer.",
    }
}

/// `Ola, likepersonen din` / `Ola, your peer`.
pub fn your_peer(language: Language, name: &str) -> String {
    match language {
        Language::Nb => format!("{name}, likepersonen din"),
        Language::En => format!("{name}, your peer"),
    }
}

/// `Hei, Kari` / `Hi, Kari`.
pub fn greeting(language: Language, name: &str) -> String {
    match language {
        Language::Nb => format!("Hei, {name}"),
        Language::En => format!("Hi, {name}"),
    }
}

/// `Ring Per` / `Call Per` (`Ring` / `Call` without a name).
pub fn call(language: Language, name: &str) -> String {
    match (language, name.is_empty()) {
        (Language::Nb, true) => "Ring".to_owned(),
        (Language::En, true) => "Call".to_owned(),
        (Language::Nb, false) => format!("Ring {name}"),
        (Language::En, false) => format!("Call {name}"),
    }
}

/// `Neste gang: tirsdag kl. 17:00` / `Next time: Tuesday at 17:00`.
pub fn next_time(language: Language, when: &str) -> String {
    match language {
        Language::Nb => format!("Neste gang: {when}"),
        Language::En => format!("Next time: {when}"),
    }
}

/// `Sist oppdatert i dag kl. 14:05` / `Last updated today at 14:05`.
pub fn last_updated(language: Language, when: &str) -> String {
    match language {
        Language::Nb => format!("Sist oppdatert {when}"),
        Language::En => format!("Last updated {when}"),
    }
}

/// The agreed limits in a sentence, if any: `Dere har avtalt inntil 3 kontakter om dagen og 10 i
/// uka.` / `You agreed on up to 3 contacts a day and 10 a week.`
pub fn limits(language: Language, per_day: Option<u32>, per_week: Option<u32>) -> Option<String> {
    let contacts = |n: u32| match (language, n) {
        (Language::Nb, 1) => "1 kontakt".to_owned(),
        (Language::Nb, n) => format!("{n} kontakter"),
        (Language::En, 1) => "1 contact".to_owned(),
        (Language::En, n) => format!("{n} contacts"),
    };
    let agreed = match (language, per_day, per_week) {
        (_, None, None) => return None,
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
    Some(match language {
        Language::Nb => format!("Dere har avtalt {agreed}."),
        Language::En => format!("You agreed on {agreed}."),
    })
}

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
    }

    #[test]
    fn limits_in_words() {
        for (day, week, nb_text, en_text) in [
            (None, None, None, None),
            (
                Some(3),
                Some(10),
                Some("Dere har avtalt inntil 3 kontakter om dagen og 10 i uka."),
                Some("You agreed on up to 3 contacts a day and 10 a week."),
            ),
            (
                Some(1),
                None,
                Some("Dere har avtalt inntil 1 kontakt om dagen."),
                Some("You agreed on up to 1 contact a day."),
            ),
            (
                None,
                Some(5),
                Some("Dere har avtalt inntil 5 kontakter i uka."),
                Some("You agreed on up to 5 contacts a week."),
            ),
        ] {
            assert_eq!(limits(Language::Nb, day, week).as_deref(), nb_text);
            assert_eq!(limits(Language::En, day, week).as_deref(), en_text);
        }
    }

    #[test]
    fn no_judging_words() {
        // design.md: never "addict", "abuser", "relapse", "violation", "non-compliant"; nb never
        // "rusmisbruker", "sprekk", "brudd".
        const ALL: [Text; 24] = [
            Text::Loading,
            Text::StateReachable,
            Text::StateNotNow,
            Text::StateAway,
            Text::StateNoUpcoming,
            Text::StateUnknown,
            Text::LimitExplained,
            Text::NoUpcomingExplained,
            Text::UnknownExplained,
            Text::SendSms,
            Text::NeedSomeoneNow,
            Text::OthersToCall,
            Text::Agreed,
            Text::ComingDays,
            Text::NoTimes,
            Text::NotKnownYet,
            Text::AddToCalendar,
            Text::Offline,
            Text::GoneTitle,
            Text::GoneHelp,
            Text::UnreachableTitle,
            Text::UnreachableHelp,
            Text::NoTokenTitle,
            Text::NoTokenHelp,
        ];
        let banned = [
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
        for language in [Language::Nb, Language::En] {
            for key in ALL {
                let words = text(language, key).to_lowercase();
                assert!(!banned.iter().any(|b| words.contains(b)), "{words}");
            }
        }
    }
}
