//! Times in words, nb and en: one `check` helper per kind of phrase, cases `NOW | THEN => nb | en`
//! in Oslo wall time (2024-11-04 is a Monday).

use chrono::{DateTime, Utc};
use chrono_tz::Europe::{London, Oslo};
use chrono_tz::Tz;
use peerline_core::{Language, TimeWords};

use super::support::oslo;

/// Checks `phrase(words, then)` for both languages on every case.
fn check(phrase: fn(&TimeWords, DateTime<Utc>) -> String, cases: &[&str]) {
    check_in(Oslo, phrase, cases);
}

fn check_in(zone: Tz, phrase: fn(&TimeWords, DateTime<Utc>) -> String, cases: &[&str]) {
    for case in cases {
        let (moments, expected) = case.split_once(" => ").expect("NOW | THEN => NB | EN");
        let (now, then) = moments.split_once(" | ").expect("NOW | THEN");
        let said: Vec<String> = [Language::Nb, Language::En]
            .into_iter()
            .map(|language| phrase(&TimeWords::new(language, zone, oslo(now)), oslo(then)))
            .collect();
        assert_eq!(said.join(" | "), expected, "case `{case}`");
    }
}

#[test]
fn next_times_by_weekday_and_relative_when_near() {
    check(
        TimeWords::at,
        &[
            "2024-11-04 16:40 | 2024-11-04 17:00 => om 20 minutter (kl. 17:00) | in 20 minutes (17:00)",
            "2024-11-04 16:59 | 2024-11-04 17:00 => om 1 minutt (kl. 17:00) | in 1 minute (17:00)",
            "2024-11-04 15:59 | 2024-11-04 17:00 => i dag kl. 17:00 | today at 17:00",
            "2024-11-04 22:00 | 2024-11-05 17:00 => i morgen kl. 17:00 | tomorrow at 17:00",
            "2024-11-04 22:00 | 2024-11-05 00:30 => i morgen kl. 00:30 | tomorrow at 00:30",
            "2024-11-04 22:00 | 2024-11-07 17:00 => torsdag kl. 17:00 | Thursday at 17:00",
            "2024-11-04 22:00 | 2024-11-10 12:00 => søndag kl. 12:00 | Sunday at 12:00",
            "2024-11-04 22:00 | 2024-11-11 17:00 => mandag 11. november kl. 17:00 | Monday 11 November at 17:00",
            "2024-12-30 22:00 | 2025-01-09 09:00 => torsdag 9. januar kl. 09:00 | Thursday 9 January at 09:00",
        ],
    );
}

#[test]
fn until_a_time_today_or_later() {
    check(
        TimeWords::until,
        &[
            "2024-11-04 18:00 | 2024-11-04 21:00 => til kl. 21:00 | until 21:00",
            "2024-11-04 23:00 | 2024-11-05 02:00 => til i morgen kl. 02:00 | until tomorrow at 02:00",
            "2024-11-04 18:00 | 2024-11-06 12:00 => til onsdag kl. 12:00 | until Wednesday at 12:00",
        ],
    );
}

#[test]
fn away_until_names_the_date_and_reads_midnight_as_the_whole_day_before() {
    check(
        TimeWords::away_until,
        &[
            "2024-11-04 18:00 | 2024-11-07 00:00 => til og med onsdag 6. november | through Wednesday 6 November",
            "2024-11-04 18:00 | 2024-11-05 00:00 => til og med i dag | through today",
            "2024-11-04 18:00 | 2024-11-06 00:00 => til og med i morgen | through tomorrow",
            "2024-11-04 18:00 | 2024-11-07 12:00 => til torsdag 7. november kl. 12:00 | until Thursday 7 November at 12:00",
            "2024-11-04 08:00 | 2024-11-04 12:00 => til kl. 12:00 | until 12:00",
        ],
    );
}

#[test]
fn last_updated_ago() {
    check(
        TimeWords::ago,
        &[
            "2024-11-04 18:00 | 2024-11-04 18:00 => akkurat nå | just now",
            "2024-11-04 18:00 | 2024-11-04 17:55 => for 5 minutter siden | 5 minutes ago",
            "2024-11-04 18:00 | 2024-11-04 17:59 => for 1 minutt siden | 1 minute ago",
            "2024-11-04 18:00 | 2024-11-04 14:05 => i dag kl. 14:05 | today at 14:05",
            "2024-11-04 18:00 | 2024-11-03 14:05 => i går kl. 14:05 | yesterday at 14:05",
            "2024-11-04 18:00 | 2024-10-30 14:05 => onsdag 30. oktober kl. 14:05 | Wednesday 30 October at 14:05",
            // A phone clock behind the stamp reads as just now, never "in 5 minutes ago".
            "2024-11-04 18:00 | 2024-11-04 18:05 => akkurat nå | just now",
        ],
    );
}

#[test]
fn day_headings_and_spans() {
    check(
        |words, then| words.day_heading(words.local_date(then)),
        &[
            "2024-11-04 18:00 | 2024-11-04 20:00 => I dag | Today",
            "2024-11-04 18:00 | 2024-11-05 20:00 => I morgen | Tomorrow",
            "2024-11-04 18:00 | 2024-11-06 20:00 => Onsdag 6. november | Wednesday 6 November",
        ],
    );
    check(
        |words, start| words.span(start, start + chrono::Duration::hours(4)),
        &["2024-11-04 18:00 | 2024-11-04 22:00 => 22:00–02:00 | 22:00–02:00"],
    );
}

#[test]
fn clock_times_follow_daylight_saving_and_the_zone() {
    check(
        TimeWords::clock,
        &[
            "2024-03-31 00:00 | 2024-03-31 01:30 => 01:30 | 01:30",
            // One real hour after 01:30 on the spring-forward night is 03:30.
            "2024-03-31 00:00 | 2024-03-31 03:30 => 03:30 | 03:30",
            "2024-10-27 00:00 | 2024-10-27 02:30+01 => 02:30 | 02:30",
        ],
    );
    // The same instant on a London worker's clock is an hour earlier.
    check_in(
        London,
        TimeWords::clock,
        &["2024-11-04 18:00 | 2024-11-04 18:00 => 17:00 | 17:00"],
    );
    // Relative minutes are real minutes across the change: 01:50 to 03:10 is 20 minutes.
    check(
        TimeWords::at,
        &["2024-03-31 01:50 | 2024-03-31 03:10 => om 20 minutter (kl. 03:10) | in 20 minutes (03:10)"],
    );
}
