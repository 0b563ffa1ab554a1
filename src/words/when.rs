//! Times and dates in words: 24-hour clock, weekday names, "tomorrow", and relative when near
//! ("in 20 minutes"), in the app's language (design.md, Look).

use super::Language;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// The weekdays from Monday, bokmål and English side by side.
const WEEKDAYS: [(&str, &str); 7] = [
    ("mandag", "Monday"),
    ("tirsdag", "Tuesday"),
    ("onsdag", "Wednesday"),
    ("torsdag", "Thursday"),
    ("fredag", "Friday"),
    ("lørdag", "Saturday"),
    ("søndag", "Sunday"),
];

/// The months from January.
const MONTHS: [(&str, &str); 12] = [
    ("januar", "January"),
    ("februar", "February"),
    ("mars", "March"),
    ("april", "April"),
    ("mai", "May"),
    ("juni", "June"),
    ("juli", "July"),
    ("august", "August"),
    ("september", "September"),
    ("oktober", "October"),
    ("november", "November"),
    ("desember", "December"),
];

fn pick(language: Language, (nb, en): (&'static str, &'static str)) -> &'static str {
    match language {
        Language::Nb => nb,
        Language::En => en,
    }
}

fn weekday(language: Language, date: NaiveDate) -> &'static str {
    weekday_name(language, date.weekday().num_days_from_monday() as usize)
}

/// The name of ISO weekday `index` (0 = Monday).
pub(crate) fn weekday_name(language: Language, index: usize) -> &'static str {
    pick(language, WEEKDAYS[index % 7])
}

/// `17:00`.
pub(crate) fn clock(moment: NaiveDateTime) -> String {
    format!("{:02}:{:02}", moment.hour(), moment.minute())
}

/// "Tuesday 3 December" / "tirsdag 3. desember".
pub(crate) fn date(language: Language, date: NaiveDate) -> String {
    let month = pick(language, MONTHS[date.month0() as usize]);
    match language {
        Language::Nb => format!("{} {}. {month}", weekday(language, date), date.day()),
        Language::En => format!("{} {} {month}", weekday(language, date), date.day()),
    }
}

/// A moment seen from `now`: "kl. 17:00", "i morgen kl. 17:00", "tirsdag kl. 17:00", or with the
/// date when further away; "midnatt" / "midnight" for the coming midnight.
pub(crate) fn moment(language: Language, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let days = (at.date() - now.date()).num_days();
    if days == 1 && at.hour() == 0 && at.minute() == 0 {
        return match language {
            Language::Nb => "midnatt".into(),
            Language::En => "midnight".into(),
        };
    }
    let time = clock(at);
    match (language, days) {
        (Language::Nb, 0) => format!("kl. {time}"),
        (Language::En, 0) => time,
        (Language::Nb, 1) => format!("i morgen kl. {time}"),
        (Language::En, 1) => format!("tomorrow {time}"),
        (Language::Nb, 2..=6) => format!("{} kl. {time}", weekday(language, at.date())),
        (Language::En, 2..=6) => format!("{} {time}", weekday(language, at.date())),
        (Language::Nb, _) => format!("{} kl. {time}", date(language, at.date())),
        (Language::En, _) => format!("{} {time}", date(language, at.date())),
    }
}

/// Like [`moment`], but "in 20 minutes" / "om 20 minutter" within the hour ahead.
pub(crate) fn relative(language: Language, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let minutes = (at - now).num_minutes();
    match (language, minutes) {
        (Language::Nb, 0) => "nå".into(),
        (Language::En, 0) => "now".into(),
        (Language::Nb, 1) => "om 1 minutt".into(),
        (Language::En, 1) => "in 1 minute".into(),
        (Language::Nb, 2..=59) => format!("om {minutes} minutter"),
        (Language::En, 2..=59) => format!("in {minutes} minutes"),
        _ => moment(language, at, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap_or_default()
    }

    #[test]
    fn moments_read_naturally() {
        let now = at("2026-11-24T15:40"); // a Tuesday
        let cases = [
            ("2026-11-24T17:00", "kl. 17:00", "17:00"),
            ("2026-11-25T00:00", "midnatt", "midnight"),
            ("2026-11-25T09:30", "i morgen kl. 09:30", "tomorrow 09:30"),
            ("2026-11-27T17:00", "fredag kl. 17:00", "Friday 17:00"),
            (
                "2026-12-03T17:00",
                "torsdag 3. desember kl. 17:00",
                "Thursday 3 December 17:00",
            ),
        ];
        for (moment_text, nb_text, en_text) in cases {
            assert_eq!(moment(Language::Nb, at(moment_text), now), nb_text);
            assert_eq!(moment(Language::En, at(moment_text), now), en_text);
        }
        assert_eq!(
            relative(Language::Nb, at("2026-11-24T16:00"), now),
            "om 20 minutter"
        );
        assert_eq!(
            relative(Language::En, at("2026-11-24T16:00"), now),
            "in 20 minutes"
        );
        assert_eq!(relative(Language::En, at("2026-11-24T17:00"), now), "17:00");
    }
}
