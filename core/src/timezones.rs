//! The time zones Peerline offers. chrono-tz is built with only these (the
//! `CHRONO_TZ_TIMEZONE_FILTER` in the workspace's `.cargo/config.toml`), which keeps the WASM small;
//! this list and that filter must name the same zones (a test checks it).

use chrono_tz::Tz;

use crate::error::{excerpt, Error};

/// The zone a profile has when it names none.
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Oslo;

/// Every IANA zone a profile may name, Norway's first.
pub const OFFERED_TIMEZONES: [&str; 16] = [
    "Europe/Oslo",
    "Arctic/Longyearbyen",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/Warsaw",
    "Europe/Athens",
    "Atlantic/Reykjavik",
    "Atlantic/Canary",
    "UTC",
];

/// The zone named `name` if Peerline offers it; the error names `field`.
pub fn parse_timezone(field: &str, name: &str) -> Result<Tz, Error> {
    let unknown = || {
        Error::invalid(
            field,
            format!(
                "must be one of the offered IANA time zones, not `{}`",
                excerpt(name)
            ),
        )
    };
    if !OFFERED_TIMEZONES.contains(&name) {
        return Err(unknown());
    }
    name.parse::<Tz>().map_err(|_| unknown())
}
