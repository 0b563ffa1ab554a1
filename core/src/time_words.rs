//! Times in words, the way the service user's card says them (design.md): in the reader's language,
//! on the worker's wall clock, 24-hour, weekdays named, relative when near: "tirsdag kl. 17:00",
//! "om 20 minutter (kl. 17:00)", "today at 17:00". Pure: the caller passes `now` and the zone.

use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::records::Language;

/// Up to this many minutes ahead (or ago), a time is said relative to now.
const RELATIVE_MINUTES: i64 = 60;
/// A date less than this many days ahead is named by its weekday alone ("tirsdag").
const WEEKDAY_ALONE_DAYS: u64 = 7;

/// Words for instants, as seen at `now` in `zone` by a reader of `language`.
#[derive(Debug, Clone, Copy)]
pub struct TimeWords {
    language: Language,
    zone: Tz,
    now: DateTime<Utc>,
}

impl TimeWords {
    pub fn new(language: Language, zone: Tz, now: DateTime<Utc>) -> TimeWords {
        TimeWords {
            language,
            zone,
            now,
        }
    }

    /// The language the words are in.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The local date of `instant`.
    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.zone).date_naive()
    }

    /// The local date of `now`.
    pub fn today(&self) -> NaiveDate {
        self.local_date(self.now)
    }

    /// The wall-clock time, 24-hour: `17:00`.
    pub fn clock(&self, instant: DateTime<Utc>) -> String {
        let local = instant.with_timezone(&self.zone);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    /// A window's wall-clock times: `17:00–21:00`.
    pub fn span(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        format!("{}\u{2013}{}", self.clock(start), self.clock(end))
    }

    /// A coming date in running text: `i dag`, `i morgen`, `tirsdag` (within a week),
    /// `tirsdag 3. desember`; `today`, `tomorrow`, `Tuesday`, `Tuesday 3 December`.
    pub fn day(&self, date: NaiveDate) -> String {
        let ahead = self.days_ahead(date);
        match (self.language, ahead) {
            (Language::Nb, Some(0)) => "i dag".to_owned(),
            (Language::Nb, Some(1)) => "i morgen".to_owned(),
            (Language::En, Some(0)) => "today".to_owned(),
            (Language::En, Some(1)) => "tomorrow".to_owned(),
            (_, Some(days)) if days < WEEKDAY_ALONE_DAYS => self.weekday(date.weekday()).to_owned(),
            _ => self.full_date(date),
        }
    }

    /// A date as a heading of the coming days' list: `I dag`, `I morgen`, `Tirsdag 3. desember`.
    pub fn day_heading(&self, date: NaiveDate) -> String {
        let text = match self.days_ahead(date) {
            Some(0 | 1) => self.day(date),
            _ => self.full_date(date),
        };
        capitalized(&text)
    }

    /// When something starts: `om 20 minutter (kl. 17:00)` within the hour, else
    /// `i dag kl. 17:00`, `tirsdag kl. 17:00`; `in 20 minutes (17:00)`, `Tuesday at 17:00`.
    pub fn at(&self, instant: DateTime<Utc>) -> String {
        let minutes = minutes_ceil(instant - self.now);
        if (1..=RELATIVE_MINUTES).contains(&minutes) {
            let clock = self.clock(instant);
            return match self.language {
                Language::Nb => format!("om {} (kl. {clock})", nb_minutes(minutes)),
                Language::En => format!("in {} ({clock})", en_minutes(minutes)),
            };
        }
        self.day_and_clock(self.day(self.local_date(instant)), instant)
    }

    /// How long something lasts: `til kl. 21:00`, `til i morgen kl. 02:00`; `until 21:00`,
    /// `until tomorrow at 02:00`.
    pub fn until(&self, instant: DateTime<Utc>) -> String {
        let clock = self.clock(instant);
        let date = self.local_date(instant);
        match (self.language, date == self.today()) {
            (Language::Nb, true) => format!("til kl. {clock}"),
            (Language::En, true) => format!("until {clock}"),
            (Language::Nb, false) => format!("til {} kl. {clock}", self.day(date)),
            (Language::En, false) => format!("until {} at {clock}", self.day(date)),
        }
    }

    /// The end of an absence, always with its date (absences can be long): an end at midnight is
    /// the whole previous day, `til og med onsdag 6. november` / `through Wednesday 6 November`;
    /// any other end `til torsdag 7. november kl. 12:00` / `until Thursday 7 November at 12:00`
    /// (today's as [`TimeWords::until`] says it).
    pub fn away_until(&self, instant: DateTime<Utc>) -> String {
        let local = instant.with_timezone(&self.zone);
        if local.hour() == 0 && local.minute() == 0 {
            let last_day = local.date_naive().pred_opt().unwrap_or(local.date_naive());
            let day = self.dated_day(last_day);
            return match self.language {
                Language::Nb => format!("til og med {day}"),
                Language::En => format!("through {day}"),
            };
        }
        if local.date_naive() == self.today() {
            return self.until(instant);
        }
        let clock = self.clock(instant);
        let day = self.dated_day(local.date_naive());
        match self.language {
            Language::Nb => format!("til {day} kl. {clock}"),
            Language::En => format!("until {day} at {clock}"),
        }
    }

    /// An absence's dates, as the share page and the team's cover list say them: `23.–27.
    /// desember`, `30. desember – 2. januar`, `23. desember`; `23–27 December`, `30 December –
    /// 2 January`. An end at midnight leaves its own day out (the absence ends with the day
    /// before); a start or an end within a day adds its clock time (`23. desember kl. 12:00 –
    /// 24. desember kl. 08:00`).
    pub fn dates(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        let (start, end) = (
            start.with_timezone(&self.zone),
            end.with_timezone(&self.zone),
        );
        let nb = self.language == Language::Nb;
        let date = |date: NaiveDate| {
            let month = self.month(date.month0());
            match nb {
                true => format!("{}. {month}", date.day()),
                false => format!("{} {month}", date.day()),
            }
        };
        let whole_days = [start, end]
            .iter()
            .all(|moment| moment.hour() == 0 && moment.minute() == 0);
        if !whole_days {
            let at = |moment: DateTime<Tz>| {
                let clock = format!("{:02}:{:02}", moment.hour(), moment.minute());
                match nb {
                    true => format!("{} kl. {clock}", date(moment.date_naive())),
                    false => format!("{} at {clock}", date(moment.date_naive())),
                }
            };
            return format!("{} \u{2013} {}", at(start), at(end));
        }
        let first = start.date_naive();
        let last = end.date_naive().pred_opt().unwrap_or(first).max(first);
        if first == last {
            date(first)
        } else if (first.year(), first.month()) == (last.year(), last.month()) {
            let month = self.month(first.month0());
            match nb {
                true => format!("{}.\u{2013}{}. {month}", first.day(), last.day()),
                false => format!("{}\u{2013}{} {month}", first.day(), last.day()),
            }
        } else {
            format!("{} \u{2013} {}", date(first), date(last))
        }
    }

    /// A past moment, as "last updated" says it: `akkurat nå`, `for 5 minutter siden`,
    /// `i dag kl. 14:05`, `i går kl. 14:05`, `tirsdag 3. desember kl. 14:05`.
    pub fn ago(&self, instant: DateTime<Utc>) -> String {
        let minutes = (self.now - instant).num_minutes();
        match (self.language, minutes) {
            (Language::Nb, ..=0) => return "akkurat nå".to_owned(),
            (Language::En, ..=0) => return "just now".to_owned(),
            (Language::Nb, 1..RELATIVE_MINUTES) => {
                return format!("for {} siden", nb_minutes(minutes))
            }
            (Language::En, 1..RELATIVE_MINUTES) => return format!("{} ago", en_minutes(minutes)),
            _ => {}
        }
        let date = self.local_date(instant);
        let yesterday = self.today().pred_opt();
        let day = match (self.language, date) {
            (Language::Nb, date) if date == self.today() => "i dag".to_owned(),
            (Language::En, date) if date == self.today() => "today".to_owned(),
            (Language::Nb, date) if Some(date) == yesterday => "i går".to_owned(),
            (Language::En, date) if Some(date) == yesterday => "yesterday".to_owned(),
            (_, date) => self.full_date(date),
        };
        self.day_and_clock(day, instant)
    }

    fn day_and_clock(&self, day: String, instant: DateTime<Utc>) -> String {
        let clock = self.clock(instant);
        match self.language {
            Language::Nb => format!("{day} kl. {clock}"),
            Language::En => format!("{day} at {clock}"),
        }
    }

    /// `i dag`, `i morgen`, else the weekday with its date.
    fn dated_day(&self, date: NaiveDate) -> String {
        match self.days_ahead(date) {
            Some(0 | 1) => self.day(date),
            _ => self.full_date(date),
        }
    }

    /// Whole local days from today to `date`, if it is not in the past.
    fn days_ahead(&self, date: NaiveDate) -> Option<u64> {
        let days = (date - self.today()).num_days();
        u64::try_from(days).ok()
    }

    /// `tirsdag 3. desember`, `Tuesday 3 December`.
    fn full_date(&self, date: NaiveDate) -> String {
        let weekday = self.weekday(date.weekday());
        let month = self.month(date.month0());
        match self.language {
            Language::Nb => format!("{weekday} {}. {month}", date.day()),
            Language::En => format!("{weekday} {} {month}", date.day()),
        }
    }

    /// The name of ISO weekday `day` (1 = Monday … 7 = Sunday; out of range: Sunday).
    pub fn weekday_name(&self, day: u8) -> &'static str {
        let weekday = Weekday::try_from(day.clamp(1, 7) - 1).unwrap_or(Weekday::Sun);
        self.weekday(weekday)
    }

    fn weekday(&self, weekday: Weekday) -> &'static str {
        const NB: [&str; 7] = [
            "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let index = weekday.num_days_from_monday() as usize;
        match self.language {
            Language::Nb => NB[index],
            Language::En => EN[index],
        }
    }

    fn month(&self, month0: u32) -> &'static str {
        const NB: [&str; 12] = [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let names = match self.language {
            Language::Nb => NB,
            Language::En => EN,
        };
        names[month0 as usize % 12]
    }
}

/// The date `days` after `date` (saturating at chrono's last date).
pub(crate) fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

/// Whole minutes, rounded up: "in 20 minutes" means within 20.
fn minutes_ceil(duration: chrono::Duration) -> i64 {
    let seconds = duration.num_seconds();
    seconds.div_euclid(60) + i64::from(seconds.rem_euclid(60) > 0)
}

fn nb_minutes(minutes: i64) -> String {
    match minutes {
        1 => "1 minutt".to_owned(),
        n => format!("{n} minutter"),
    }
}

fn en_minutes(minutes: i64) -> String {
    match minutes {
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

/// The text with its first letter upper case. The texts are this module's nb and en words, whose
/// letters are ASCII and æ ø å: those are mapped here, which keeps Rust's whole Unicode case table
/// (3 KB of the app's WASM) out.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        let upper = match first {
            'æ' => 'Æ',
            'ø' => 'Ø',
            'å' => 'Å',
            other => other.to_ascii_uppercase(),
        };
        std::iter::once(upper).chain(chars).collect()
    })
}

#[cfg(test)]
mod dates_tests {
    use super::*;
    use chrono::TimeZone;

    /// `dates` of the Oslo wall times `from` and `to` (`YYYY-MM-DDTHH:MM`), in both languages.
    fn check(from: &str, to: &str, nb: &str, en: &str) {
        let zone = chrono_tz::Europe::Oslo;
        let instant = |text: &str| {
            let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap();
            zone.from_local_datetime(&local)
                .unwrap()
                .with_timezone(&Utc)
        };
        let now = instant("2026-12-01T12:00");
        for (language, want) in [(Language::Nb, nb), (Language::En, en)] {
            let words = TimeWords::new(language, zone, now);
            assert_eq!(words.dates(instant(from), instant(to)), want, "{from} {to}");
        }
    }

    #[test]
    fn absences_in_dates() {
        check(
            "2026-12-23T00:00",
            "2026-12-28T00:00",
            "23.\u{2013}27. desember",
            "23\u{2013}27 December",
        );
        check(
            "2026-12-23T00:00",
            "2026-12-24T00:00",
            "23. desember",
            "23 December",
        );
        check(
            "2026-12-30T00:00",
            "2027-01-03T00:00",
            "30. desember \u{2013} 2. januar",
            "30 December \u{2013} 2 January",
        );
        check(
            "2026-12-23T12:00",
            "2026-12-24T08:00",
            "23. desember kl. 12:00 \u{2013} 24. desember kl. 08:00",
            "23 December at 12:00 \u{2013} 24 December at 08:00",
        );
    }
}

#[cfg(test)]
mod capital_tests {
    use super::capitalized;

    #[test]
    fn first_letters_of_both_languages() {
        assert_eq!(capitalized("i dag kl. 17:00"), "I dag kl. 17:00");
        assert_eq!(capitalized("øvelse"), "Øvelse");
        assert_eq!(capitalized("åpent"), "Åpent");
        assert_eq!(capitalized("ærlig"), "Ærlig");
        assert_eq!(capitalized("Until"), "Until");
        assert_eq!(capitalized(""), "");
    }
}
