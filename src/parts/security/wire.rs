//! What the password and sessions part sends and what the server's answers mean, in plain Rust
//! tested on the host: the password rule (api.md: 12 to 128 characters, counted as Unicode scalar
//! values, not the username as login compares it), the answers of `POST /auth/password`, the
//! list of `GET /auth/sessions`, and a session's browser in a few words.

use crate::io::http;
use crate::session::{self, Ended};
use crate::words::Text;
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

/// api.md's bounds of a new password, in characters.
pub(crate) const MIN_PASSWORD_CHARS: usize = 12;
pub(crate) const MAX_PASSWORD_CHARS: usize = 128;

/// Why something the part asked for did not happen, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    Said(Text),
    /// Throttled like a login: wait this many minutes.
    TooManyAttempts(u64),
}

/// Checks a new password before it is sent: the server's rule, and that it was typed the same
/// twice. The username is compared as the server compares it (trimmed, case aside).
pub(crate) fn check_new_password(new: &str, again: &str, username: &str) -> Result<(), Problem> {
    let chars = new.chars().count();
    let said = if chars < MIN_PASSWORD_CHARS {
        Text::PasswordTooShort
    } else if chars > MAX_PASSWORD_CHARS {
        Text::PasswordTooLong
    } else if new.trim().to_lowercase() == username.trim().to_lowercase() {
        Text::PasswordIsUsername
    } else if new != again {
        Text::PasswordsDiffer
    } else {
        return Ok(());
    };
    Err(Problem::Said(said))
}

/// The body of `POST /auth/password`.
pub(crate) fn password_body(current: &str, new: &str) -> String {
    serde_json::json!({ "current_password": current, "new_password": new }).to_string()
}

/// What an answer of the server means for the part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Done,
    Problem(Problem),
    /// The session or the account ended (the app answers that, not the part).
    Ended(Ended),
}

/// The answer to a request of the part: `done` is its success status (204 or 200). A 429 is a
/// password judged too often; a 401 `invalid_credentials` a wrong current password.
pub(crate) fn outcome(reply: &http::Reply, done: u16) -> Outcome {
    if reply.status == done {
        return Outcome::Done;
    }
    if let Some(ended) = session::ended_by(reply) {
        return Outcome::Ended(ended);
    }
    let said = match reply.status {
        401 => Text::WrongCurrentPassword,
        400 => Text::PasswordRuleBroken,
        429 => {
            let minutes = reply.retry_after.unwrap_or(15 * 60).div_ceil(60).max(1);
            return Outcome::Problem(Problem::TooManyAttempts(minutes));
        }
        _ => Text::NotJustNow,
    };
    Outcome::Problem(Problem::Said(said))
}

/// One of the user's sessions (`GET /auth/sessions`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SessionRow {
    pub(crate) id: Uuid,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) last_used_at: DateTime<Utc>,
    pub(crate) user_agent: Option<String>,
    /// The session of this device.
    pub(crate) current: bool,
}

fn instant(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    let text = value.get(key)?.as_str()?;
    Some(DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc))
}

/// Reads the session list, this device's first, then as the server ordered them (most recently
/// used first). `None` when the body is not a list; a row that does not read is left out.
pub(crate) fn read_sessions(body: &str) -> Option<Vec<SessionRow>> {
    let value: Value = serde_json::from_str(body).ok()?;
    let rows = value.as_array()?.iter().filter_map(|row| {
        Some(SessionRow {
            id: row.get("id")?.as_str()?.parse().ok()?,
            created_at: instant(row, "created_at")?,
            last_used_at: instant(row, "last_used_at")?,
            user_agent: row
                .get("user_agent")
                .and_then(Value::as_str)
                .map(str::to_owned),
            current: row.get("current").and_then(Value::as_bool) == Some(true),
        })
    });
    let (mut here, elsewhere): (Vec<SessionRow>, Vec<SessionRow>) =
        rows.partition(|row| row.current);
    here.extend(elsewhere);
    Some(here)
}

/// The browser and the system of a `User-Agent`, for a person to tell their sessions apart
/// ("Chrome", "Android"); `None` when either is not one of the common ones. Each list is tried in
/// order: Edge and Samsung's browser also say "Chrome", Chrome also says "Safari", Android also
/// says "Linux", an iPhone also says "Mac OS X".
pub(crate) fn browser_of(user_agent: &str) -> Option<(&'static str, &'static str)> {
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "Mac"),
        ("Linux", "Linux"),
    ];
    let find = |names: &[(&str, &'static str)]| {
        names
            .iter()
            .find(|(mark, _)| user_agent.contains(mark))
            .map(|(_, name)| *name)
    };
    Some((find(&BROWSERS)?, find(&SYSTEMS)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_rule_is_the_servers_and_typos_are_caught() {
        let eleven = "æøå æøå æøå";
        assert_eq!(eleven.chars().count(), 11);
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        let cases: [(&str, &str, &str, Result<(), Text>); 8] = [
            ("short one", "short one", "per", Err(Text::PasswordTooShort)),
            // Eleven characters in 17 bytes: characters count, not bytes.
            (eleven, eleven, "per", Err(Text::PasswordTooShort)),
            ("æøå æøå æøåx", "æøå æøå æøåx", "per", Ok(())),
            (&long, &long, "per", Err(Text::PasswordTooLong)),
            (&long[1..], &long[1..], "per", Ok(())),
            (
                "Per.Hansen.1",
                "Per.Hansen.1",
                " per.hansen.1 ",
                Err(Text::PasswordIsUsername),
            ),
            (
                "a good long one",
                "a good long onE",
                "per",
                Err(Text::PasswordsDiffer),
            ),
            ("a good long one", "a good long one", "per", Ok(())),
        ];
        for (new, again, username, want) in cases {
            let want = want.map_err(Problem::Said);
            assert_eq!(check_new_password(new, again, username), want, "{new:?}");
        }
    }

    fn reply(status: u16, code: &str, retry_after: Option<u64>) -> http::Reply {
        http::Reply {
            status,
            body: format!(r#"{{"error": {{"code": "{code}", "message": "m"}}}}"#),
            retry_after,
        }
    }

    #[test]
    fn each_answer_says_what_happened() {
        let said = |text| Outcome::Problem(Problem::Said(text));
        let cases = [
            (reply(204, "", None), Outcome::Done),
            (
                reply(401, "invalid_credentials", None),
                said(Text::WrongCurrentPassword),
            ),
            (
                reply(401, "unauthorized", None),
                Outcome::Ended(Ended::Session),
            ),
            (
                reply(401, "account_disabled", None),
                Outcome::Ended(Ended::Account),
            ),
            (
                reply(400, "weak_password", None),
                said(Text::PasswordRuleBroken),
            ),
            (
                reply(429, "too_many_attempts", Some(61)),
                Outcome::Problem(Problem::TooManyAttempts(2)),
            ),
            (
                reply(429, "too_many_attempts", None),
                Outcome::Problem(Problem::TooManyAttempts(15)),
            ),
            (reply(503, "busy", None), said(Text::NotJustNow)),
            (reply(404, "not_found", None), said(Text::NotJustNow)),
        ];
        for (reply, want) in cases {
            assert_eq!(outcome(&reply, 204), want, "{reply:?}");
        }
        assert_eq!(
            password_body("old \"one\"", "new"),
            r#"{"current_password":"old \"one\"","new_password":"new"}"#
        );
    }

    #[test]
    fn sessions_read_with_this_device_first() {
        let body = r#"[
            {"id": "00000000-0000-0000-0000-000000000001", "created_at": "2026-11-20T08:00:00Z",
             "last_used_at": "2026-12-02T06:00:00Z", "user_agent": "Firefox", "current": false},
            {"id": "00000000-0000-0000-0000-000000000002", "created_at": "2026-11-26T15:45:00Z",
             "last_used_at": "2026-12-01T20:00:00Z", "user_agent": null, "current": true},
            {"id": "not an id", "created_at": "2026-11-26T15:45:00Z",
             "last_used_at": "2026-12-01T20:00:00Z", "current": false}
        ]"#;
        let rows = read_sessions(body).unwrap_or_default();
        let ids: Vec<u128> = rows.iter().map(|row| row.id.as_u128()).collect();
        assert_eq!(ids, [2, 1]);
        assert!(rows[0].current && rows[0].user_agent.is_none());
        assert_eq!(rows[1].user_agent.as_deref(), Some("Firefox"));
        assert_eq!(rows[1].created_at.to_rfc3339(), "2026-11-20T08:00:00+00:00");
        assert_eq!(read_sessions(r#"{"error": {}}"#), None);
        assert_eq!(read_sessions("[]"), Some(Vec::new()));
    }

    #[test]
    fn browsers_are_named_in_a_few_words() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/120.0.0.0 Mobile Safari/537.36",
                Some(("Chrome", "Android")),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                Some(("Safari", "iPhone")),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
                Some(("Edge", "Windows")),
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
                Some(("Firefox", "Linux")),
            ),
            ("curl/8.5.0", None),
            ("", None),
        ];
        for (user_agent, want) in cases {
            assert_eq!(browser_of(user_agent), want, "{user_agent}");
        }
    }
}
