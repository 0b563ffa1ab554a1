//! Norwegian public holidays against a list checked by hand (Easter dates from the almanac, the
//! other moving days counted from them).

use chrono::NaiveDate;
use peerline_core::holidays::{easter_sunday, is_holiday};
use peerline_core::{holiday_on, holidays_of_year, Holiday};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// Each case: a year and its moving holidays (Maundy Thursday, Good Friday, Easter Sunday, Easter
/// Monday, Ascension, Whit Sunday, Whit Monday); the fixed ones are added by the helper.
fn check_year(year: i32, moving: [&str; 7]) {
    let fixed = |month_day: &str| date(&format!("{year}-{month_day}"));
    let mut expected = vec![
        (fixed("01-01"), Holiday::NewYearsDay),
        (date(moving[0]), Holiday::MaundyThursday),
        (date(moving[1]), Holiday::GoodFriday),
        (date(moving[2]), Holiday::EasterSunday),
        (date(moving[3]), Holiday::EasterMonday),
        (fixed("05-01"), Holiday::LabourDay),
        (fixed("05-17"), Holiday::ConstitutionDay),
        (date(moving[4]), Holiday::AscensionDay),
        (date(moving[5]), Holiday::WhitSunday),
        (date(moving[6]), Holiday::WhitMonday),
        (fixed("12-25"), Holiday::ChristmasDay),
        (fixed("12-26"), Holiday::BoxingDay),
    ];
    expected.sort_by_key(|(day, _)| *day);
    assert_eq!(holidays_of_year(year), expected, "{year}");
    for (day, _) in &expected {
        assert!(is_holiday(*day), "{day} is a holiday");
    }
    assert_eq!(easter_sunday(year), Some(date(moving[2])));
}

#[test]
fn every_holiday_2024_to_2030() {
    check_year(
        2024,
        [
            "2024-03-28",
            "2024-03-29",
            "2024-03-31",
            "2024-04-01",
            "2024-05-09",
            "2024-05-19",
            "2024-05-20",
        ],
    );
    check_year(
        2025,
        [
            "2025-04-17",
            "2025-04-18",
            "2025-04-20",
            "2025-04-21",
            "2025-05-29",
            "2025-06-08",
            "2025-06-09",
        ],
    );
    check_year(
        2026,
        [
            "2026-04-02",
            "2026-04-03",
            "2026-04-05",
            "2026-04-06",
            "2026-05-14",
            "2026-05-24",
            "2026-05-25",
        ],
    );
    check_year(
        2027,
        [
            "2027-03-25",
            "2027-03-26",
            "2027-03-28",
            "2027-03-29",
            "2027-05-06",
            "2027-05-16",
            "2027-05-17",
        ],
    );
    check_year(
        2028,
        [
            "2028-04-13",
            "2028-04-14",
            "2028-04-16",
            "2028-04-17",
            "2028-05-25",
            "2028-06-04",
            "2028-06-05",
        ],
    );
    check_year(
        2029,
        [
            "2029-03-29",
            "2029-03-30",
            "2029-04-01",
            "2029-04-02",
            "2029-05-10",
            "2029-05-20",
            "2029-05-21",
        ],
    );
    check_year(
        2030,
        [
            "2030-04-18",
            "2030-04-19",
            "2030-04-21",
            "2030-04-22",
            "2030-05-30",
            "2030-06-09",
            "2030-06-10",
        ],
    );
}

/// Each case: a date and the holiday it is, or `None`.
fn check_day(cases: &[(&str, Option<Holiday>)]) {
    for (day, expected) in cases {
        assert_eq!(holiday_on(date(day)), *expected, "{day}");
    }
}

#[test]
fn which_holiday_a_date_is() {
    check_day(&[
        ("2024-12-24", None),
        ("2024-12-31", None),
        ("2024-03-30", None),
        ("2026-11-26", None),
        ("2024-05-09", Some(Holiday::AscensionDay)),
        // Whit Monday 2027 falls on 17 May: the day is named by the fixed holiday.
        ("2027-05-17", Some(Holiday::ConstitutionDay)),
        // Ascension Day 2008 fell on 1 May.
        ("2008-05-01", Some(Holiday::LabourDay)),
        ("2008-03-23", Some(Holiday::EasterSunday)),
        ("1899-12-25", None),
        ("2201-01-01", None),
    ]);
}

#[test]
fn easter_across_the_supported_range() {
    // Known Easter Sundays, including the earliest (22 March) and latest (25 April) possible.
    for (year, easter) in [
        (1900, "1900-04-15"),
        (1943, "1943-04-25"),
        (1961, "1961-04-02"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2038, "2038-04-25"),
        (2100, "2100-03-28"),
    ] {
        assert_eq!(easter_sunday(year), Some(date(easter)), "{year}");
    }
    assert_eq!(easter_sunday(1899), None);
    assert_eq!(easter_sunday(2201), None);
    for year in 1900..=2200 {
        let easter = easter_sunday(year).expect("in range");
        assert!(
            date(&format!("{year}-03-22")) <= easter && easter <= date(&format!("{year}-04-25")),
            "{year}"
        );
        assert_eq!(
            chrono::Datelike::weekday(&easter),
            chrono::Weekday::Sun,
            "{year}"
        );
        assert_eq!(holidays_of_year(year).len(), 12, "{year}");
    }
}
