//! Norwegian public holidays (helligdager) for 1900..=2200, Easter by the Gregorian computus
//! (the anonymous Meeus/Jones/Butcher algorithm). Outside that range nothing is a holiday: the
//! record formats reject such dates anyway.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::fields::{FIRST_YEAR, LAST_YEAR};

/// A Norwegian public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    NewYearsDay,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    LabourDay,
    ConstitutionDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    /// The Norwegian name.
    pub fn name_nb(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "Første nyttårsdag",
            Holiday::MaundyThursday => "Skjærtorsdag",
            Holiday::GoodFriday => "Langfredag",
            Holiday::EasterSunday => "Første påskedag",
            Holiday::EasterMonday => "Andre påskedag",
            Holiday::LabourDay => "Arbeidernes dag",
            Holiday::ConstitutionDay => "Grunnlovsdag",
            Holiday::AscensionDay => "Kristi himmelfartsdag",
            Holiday::WhitSunday => "Første pinsedag",
            Holiday::WhitMonday => "Andre pinsedag",
            Holiday::ChristmasDay => "Første juledag",
            Holiday::BoxingDay => "Andre juledag",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "New Year's Day",
            Holiday::MaundyThursday => "Maundy Thursday",
            Holiday::GoodFriday => "Good Friday",
            Holiday::EasterSunday => "Easter Sunday",
            Holiday::EasterMonday => "Easter Monday",
            Holiday::LabourDay => "Labour Day",
            Holiday::ConstitutionDay => "Constitution Day",
            Holiday::AscensionDay => "Ascension Day",
            Holiday::WhitSunday => "Whit Sunday",
            Holiday::WhitMonday => "Whit Monday",
            Holiday::ChristmasDay => "Christmas Day",
            Holiday::BoxingDay => "Boxing Day",
        }
    }
}

/// Easter Sunday of `year` (Gregorian computus), for 1900..=2200.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let golden = year % 19;
    let (century, year_of_century) = (year / 100, year % 100);
    let (leap_centuries, century_rest) = (century / 4, century % 4);
    let moon_correction = (century + 8) / 25;
    let moon_shift = (century - moon_correction + 1) / 3;
    let epact = (19 * golden + century - leap_centuries - moon_shift + 15) % 30;
    let (year_quarters, year_rest) = (year_of_century / 4, year_of_century % 4);
    let weekday_shift = (32 + 2 * century_rest + 2 * year_quarters - epact - year_rest) % 7;
    let late_correction = (golden + 11 * epact + 22 * weekday_shift) / 451;
    let month_and_day = epact + weekday_shift - 7 * late_correction + 114;
    NaiveDate::from_ymd_opt(
        year,
        (month_and_day / 31) as u32,
        (month_and_day % 31 + 1) as u32,
    )
}

/// Every holiday of `year` in date order (two can fall on one date, e.g. 17 May and Ascension Day
/// in 2007); empty outside 1900..=2200.
pub fn holidays_of_year(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let Some(easter) = easter_sunday(year) else {
        return Vec::new();
    };
    let fixed =
        |month, day, holiday| NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, holiday));
    let moving = |offset: i64, holiday| {
        let date = if offset < 0 {
            easter.checked_sub_days(Days::new(offset.unsigned_abs()))
        } else {
            easter.checked_add_days(Days::new(offset.unsigned_abs()))
        };
        date.map(|date| (date, holiday))
    };
    let mut holidays: Vec<_> = [
        fixed(1, 1, Holiday::NewYearsDay),
        moving(-3, Holiday::MaundyThursday),
        moving(-2, Holiday::GoodFriday),
        moving(0, Holiday::EasterSunday),
        moving(1, Holiday::EasterMonday),
        fixed(5, 1, Holiday::LabourDay),
        fixed(5, 17, Holiday::ConstitutionDay),
        moving(39, Holiday::AscensionDay),
        moving(49, Holiday::WhitSunday),
        moving(50, Holiday::WhitMonday),
        fixed(12, 25, Holiday::ChristmasDay),
        fixed(12, 26, Holiday::BoxingDay),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Stable: on a shared date the fixed holiday, listed first above, stays first.
    crate::order::sort_by_key(&mut holidays, |(date, _)| *date);
    holidays
}

/// The holiday on `date`, if it is one. Where two share the date, the fixed-date one (1 or 17 May)
/// is named, since that is what the day is known as.
pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some(Holiday::NewYearsDay),
        (5, 1) => Some(Holiday::LabourDay),
        (5, 17) => Some(Holiday::ConstitutionDay),
        (12, 25) => Some(Holiday::ChristmasDay),
        (12, 26) => Some(Holiday::BoxingDay),
        _ => None,
    };
    if fixed.is_some() && (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return fixed;
    }
    let easter = easter_sunday(date.year())?;
    match (date - easter).num_days() {
        -3 => Some(Holiday::MaundyThursday),
        -2 => Some(Holiday::GoodFriday),
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        39 => Some(Holiday::AscensionDay),
        49 => Some(Holiday::WhitSunday),
        50 => Some(Holiday::WhitMonday),
        _ => None,
    }
}

/// Whether `date` is a Norwegian public holiday.
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_on(date).is_some()
}
