//! The wire forms of dates and local date-times, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM`
//! (domain.md), read and written by fixed position rather than through chrono's format strings:
//! exactly these shapes are accepted, and the app's WASM does without chrono's format-string
//! parser and formatter (about 7 KB).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// The number written by `bytes`, if they are all ASCII digits.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |number, byte| {
        byte.is_ascii_digit()
            .then(|| number * 10 + u32::from(byte - b'0'))
    })
}

/// Reads exactly `YYYY-MM-DD` (a real calendar date).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&bytes[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&bytes[5..7])?, digits(&bytes[8..])?)
}

/// Reads exactly `YYYY-MM-DDTHH:MM` (hours 00-23).
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[10] != b'T' || bytes[13] != b':' {
        return None;
    }
    let date = parse_date(text.get(..10)?)?;
    let time = NaiveTime::from_hms_opt(digits(&bytes[11..13])?, digits(&bytes[14..])?, 0)?;
    Some(date.and_time(time))
}

/// `YYYY-MM-DD`.
pub fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `YYYY-MM-DDTHH:MM` (seconds dropped).
pub fn local_text(moment: NaiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}",
        date_text(moment.date()),
        moment.hour(),
        moment.minute()
    )
}

/// Serde readers for the instants and dates in the server's responses that the app reads with
/// derived serde code (`GET /team/cover`): chrono's own readers go through its format-string
/// parser, which these keep out of the app's WASM. Stricter than chrono's: an instant must be
/// RFC 3339 (as the server writes it), a date exactly `YYYY-MM-DD`.
pub mod read {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::de::{Deserialize, Deserializer, Error};

    /// An RFC 3339 instant, in UTC.
    pub fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|moment| moment.with_timezone(&Utc))
            .map_err(|_| D::Error::custom(format!("not an RFC 3339 instant: `{text}`")))
    }

    /// A list of dates `YYYY-MM-DD`.
    pub fn dates<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| {
                super::parse_date(text)
                    .ok_or_else(|| D::Error::custom(format!("not a date YYYY-MM-DD: `{text}`")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn writes_and_reads_back_as_chrono_does(days in 0i64..110_000, minutes in 0u32..1440) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let moment = date.and_hms_opt(minutes / 60, minutes % 60, 0).unwrap();
            prop_assert_eq!(date_text(date), date.format("%Y-%m-%d").to_string());
            prop_assert_eq!(local_text(moment), moment.format("%Y-%m-%dT%H:%M").to_string());
            prop_assert_eq!(parse_date(&date_text(date)), Some(date));
            prop_assert_eq!(parse_local(&local_text(moment)), Some(moment));
        }

        #[test]
        fn accepts_nothing_chrono_would_not(text in "[0-9T:+ -]{10}|[0-9T:+ -]{16}") {
            if let Some(date) = parse_date(&text) {
                prop_assert_eq!(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(), Some(date));
            }
            if let Some(moment) = parse_local(&text) {
                prop_assert_eq!(NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M").ok(), Some(moment));
            }
        }
    }

    /// The serde readers take what the server writes (chrono's own writers), any offset, and
    /// refuse what is not RFC 3339 or `YYYY-MM-DD`.
    #[test]
    fn the_serde_readers_read_what_chrono_writes() {
        #[derive(serde::Deserialize)]
        struct Both {
            #[serde(deserialize_with = "read::instant")]
            at: chrono::DateTime<chrono::Utc>,
            #[serde(deserialize_with = "read::dates")]
            on: Vec<NaiveDate>,
        }
        let at: chrono::DateTime<chrono::Utc> = "2026-12-24T16:30:00.250Z".parse().unwrap();
        let on = vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()];
        let json = serde_json::json!({ "at": at, "on": on });
        let both: Both = serde_json::from_value(json).unwrap();
        assert_eq!((both.at, both.on), (at, on));
        let offset: Both =
            serde_json::from_str(r#"{"at": "2026-12-24T17:30:00+01:00", "on": []}"#).unwrap();
        assert_eq!(
            offset.at,
            "2026-12-24T16:30:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
        );
        for bad in [
            r#"{"at": "2026-12-24T16:30Z", "on": []}"#,
            r#"{"at": "2026-12-24T16:30:00", "on": []}"#,
            r#"{"at": "2026-12-24T16:30:00Z", "on": ["2026-12-5"]}"#,
            r#"{"at": "2026-12-24T16:30:00Z", "on": "2026-12-25"}"#,
        ] {
            assert!(serde_json::from_str::<Both>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_exact_shape() {
        assert_eq!(
            parse_date("2026-11-26"),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        for bad in [
            "2026-11-31",
            "2026-1-260",
            "2026/11/26",
            "+026-11-26",
            "2026-11-26 ",
            "٢٠٢٦-11-26",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_local("2026-11-26T17:00").is_some());
        for bad in [
            "2026-11-26T24:00",
            "2026-11-26t17:00",
            "2026-11-26T17:60",
            "2026-11-26 17:00",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }
}
