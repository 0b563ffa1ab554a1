//! Times and dates in words: 24-hour clock, weekday names, "tomorrow", and relative when near
//! ("in 20 minutes"), in the app's language (design.md, Look).

use super::{en, nb, Locale};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

fn weekday(locale: Locale, date: NaiveDate) -> &'static str {
    let index = date.weekday().num_days_from_monday() as usize;
    match locale {
        Locale::Nb => nb::WEEKDAYS[index],
        Locale::En => en::WEEKDAYS[index],
    }
}

/// The name of ISO weekday `index` (0 = Monday).
pub(crate) fn weekday_name(locale: Locale, index: usize) -> &'static str {
    match locale {
        Locale::Nb => nb::WEEKDAYS[index % 7],
        Locale::En => en::WEEKDAYS[index % 7],
    }
}

/// `17:00`.
pub(crate) fn clock(moment: NaiveDateTime) -> String {
    format!("{:02}:{:02}", moment.hour(), moment.minute())
}

/// "Tuesday 3 December" / "tirsdag 3. desember".
pub(crate) fn date(locale: Locale, date: NaiveDate) -> String {
    let month = date.month0() as usize;
    match locale {
        Locale::Nb => format!(
            "{} {}. {}",
            weekday(locale, date),
            date.day(),
            nb::MONTHS[month]
        ),
        Locale::En => format!(
            "{} {} {}",
            weekday(locale, date),
            date.day(),
            en::MONTHS[month]
        ),
    }
}

/// A moment seen from `now`: "kl. 17:00", "i morgen kl. 17:00", "tirsdag kl. 17:00", or with the
/// date when further away; "midnatt" / "midnight" for the coming midnight.
pub(crate) fn moment(locale: Locale, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let days = (at.date() - now.date()).num_days();
    if days == 1 && at.hour() == 0 && at.minute() == 0 {
        return match locale {
            Locale::Nb => "midnatt".into(),
            Locale::En => "midnight".into(),
        };
    }
    let time = clock(at);
    match (locale, days) {
        (Locale::Nb, 0) => format!("kl. {time}"),
        (Locale::En, 0) => time,
        (Locale::Nb, 1) => format!("i morgen kl. {time}"),
        (Locale::En, 1) => format!("tomorrow {time}"),
        (Locale::Nb, 2..=6) => format!("{} kl. {time}", weekday(locale, at.date())),
        (Locale::En, 2..=6) => format!("{} {time}", weekday(locale, at.date())),
        (Locale::Nb, _) => format!("{} kl. {time}", date(locale, at.date())),
        (Locale::En, _) => format!("{} {time}", date(locale, at.date())),
    }
}

/// Like [`moment`], but "in 20 minutes" / "om 20 minutter" within the hour ahead.
pub(crate) fn relative(locale: Locale, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let minutes = (at - now).num_minutes();
    match (locale, minutes) {
        (Locale::Nb, 0) => "nå".into(),
        (Locale::En, 0) => "now".into(),
        (Locale::Nb, 1) => "om 1 minutt".into(),
        (Locale::En, 1) => "in 1 minute".into(),
        (Locale::Nb, 2..=59) => format!("om {minutes} minutter"),
        (Locale::En, 2..=59) => format!("in {minutes} minutes"),
        _ => moment(locale, at, now),
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
            assert_eq!(moment(Locale::Nb, at(moment_text), now), nb_text);
            assert_eq!(moment(Locale::En, at(moment_text), now), en_text);
        }
        assert_eq!(
            relative(Locale::Nb, at("2026-11-24T16:00"), now),
            "om 20 minutter"
        );
        assert_eq!(
            relative(Locale::En, at("2026-11-24T16:00"), now),
            "in 20 minutes"
        );
        assert_eq!(relative(Locale::En, at("2026-11-24T17:00"), now), "17:00");
    }
}
