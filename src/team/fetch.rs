//! Fetching the coordinator's figures with the bearer token, keeping each answer for offline use,
//! and falling back to the kept copy when the network or the server is not there.

use super::model::{Cache, TeamSummary};
use crate::io::{browser, http, storage};
use crate::session::{self, use_account, Account, Ended};
use crate::state::{use_app, App};
use crate::sync::{plan::Problem, Sync};
use chrono::{DateTime, Utc};
use leptos::prelude::untrack;
use peerline_core::{IsoWeek, Language};
use serde_json::Value;

/// Who fetches: the session whose token goes with each request, and the app whose data a
/// deactivation clears.
#[derive(Clone, Copy)]
pub(crate) struct Caller {
    account: Account,
    app: App,
}

impl Caller {
    /// The caller of the screen being mounted (reads the context).
    pub(crate) fn here() -> Caller {
        Caller {
            account: use_account(),
            app: use_app(),
        }
    }

    fn token(self) -> Option<String> {
        untrack(|| self.account.token())
    }

    /// Answers a 401 as the PRW's side does: `unauthorized` ends the session and asks for a
    /// login; `account_disabled` clears the phone and says why.
    fn ended(self, reply: &http::Reply) {
        let how = session::ended_by(reply).unwrap_or(Ended::Session);
        self.account.ended(self.app, how);
    }
}

/// Figures to show, and whether they are the kept copy (then `at` is when they were fetched).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown<T> {
    pub(crate) value: T,
    pub(crate) at: DateTime<Utc>,
    pub(crate) saved: bool,
}

/// GETs `path` as JSON. `Err` when there is no usable answer (the reason goes to the badge); a
/// 401 also ends the session.
async fn get_json(caller: Caller, sync: Sync, path: &str) -> Result<Value, ()> {
    let token = caller.token().ok_or(())?;
    let problem = |status, message| {
        sync.fetched(Some(Problem {
            status,
            message,
            next_try: None,
        }))
    };
    let reply = match http::send("GET", path, Some(&token), None).await {
        Ok(reply) => reply,
        Err(_) => {
            problem(None, None);
            return Err(());
        }
    };
    match reply.status {
        200 => {}
        401 => {
            caller.ended(&reply);
            return Err(());
        }
        status => {
            problem(Some(status), http::error_of(&reply.body).map(|e| e.1));
            return Err(());
        }
    }
    let value = serde_json::from_str(&reply.body).map_err(|_| problem(Some(200), None))?;
    sync.fetched(None);
    Ok(value)
}

/// The kept copy if fetched less than `max_age_secs` ago, else `path` from the server if its
/// answer `reads` (then kept with `keep`), else the kept copy, marked as such.
async fn fresh_or_kept(
    caller: Caller,
    sync: Sync,
    path: String,
    (kept, max_age_secs): (Option<(DateTime<Utc>, Value)>, i64),
    reads: fn(&Value) -> bool,
    keep: impl FnOnce(&mut Cache, DateTime<Utc>, Value),
) -> Option<Shown<Value>> {
    // Without a session nothing kept is shown (issue 13); the shell asks for a login.
    caller.token()?;
    let now = browser::now();
    if let Some((at, value)) = &kept {
        if (now - *at).num_seconds() < max_age_secs {
            return Some(Shown {
                value: value.clone(),
                at: *at,
                saved: false,
            });
        }
    }
    if let Ok(body) = get_json(caller, sync, &path).await {
        if reads(&body) {
            storage::with_storage(|kv| {
                let mut cache = Cache::load(kv);
                keep(&mut cache, now, body.clone());
                cache.save(kv);
            });
            return Some(Shown {
                value: body,
                at: now,
                saved: false,
            });
        }
    }
    kept.map(|(at, value)| Shown {
        value,
        at,
        saved: true,
    })
}

/// `week`'s summary as the server sent it: kept if fetched less than `max_age_secs` ago, else
/// from the server, else kept.
pub(crate) async fn week(
    caller: Caller,
    sync: Sync,
    week: IsoWeek,
    max_age_secs: i64,
) -> Option<Shown<Value>> {
    let kept = storage::with_storage(Cache::load).week(week);
    let path = format!("/api/v1/team/summary?week={week}");
    let reads = |body: &Value| TeamSummary::from_value(body).is_some();
    let keep = |cache: &mut Cache, at, body| cache.keep_week(week, at, body);
    fresh_or_kept(caller, sync, path, (kept, max_age_secs), reads, keep).await
}

/// The cover calendar of the `weeks` weeks from `first` (`GET /team/cover`, api.md "Team
/// cover"): kept if fetched less than `max_age_secs` ago, else from the server, else kept.
pub(crate) async fn cover(
    caller: Caller,
    sync: Sync,
    first: IsoWeek,
    weeks: u64,
    max_age_secs: i64,
) -> Option<Shown<Value>> {
    let kept = storage::with_storage(Cache::load).cover(first);
    let from = first.monday();
    let to = from + chrono::Days::new(weeks * 7 - 1);
    let path = format!("/api/v1/team/cover?from={from}&to={to}");
    let keep = |cache: &mut Cache, at, body| cache.keep_cover(first, at, body);
    fresh_or_kept(
        caller,
        sync,
        path,
        (kept, max_age_secs),
        Value::is_array,
        keep,
    )
    .await
}

/// The eight weeks up to `last`, oldest first, as an array of summaries (`null` for a week with
/// neither an answer nor a kept copy). Each week's copy serves for ten minutes.
pub(crate) async fn eight_weeks(caller: Caller, sync: Sync, last: IsoWeek) -> Option<Shown<Value>> {
    let mut weeks = Vec::new();
    let mut saved = false;
    for back in (0..8).rev() {
        let shown = week(
            caller,
            sync,
            crate::model::time::shift_week(last, -back),
            600,
        )
        .await;
        saved |= shown.as_ref().is_some_and(|s| s.saved);
        weeks.push(shown.map_or(Value::Null, |s| s.value));
    }
    Some(Shown {
        value: Value::Array(weeks),
        at: browser::now(),
        saved,
    })
}

/// The team's access log (the newest 100 reads), fetched or kept.
pub(crate) async fn access_log(caller: Caller, sync: Sync) -> Option<Shown<Value>> {
    caller.token()?;
    let now = browser::now();
    if let Ok(body) = get_json(caller, sync, "/api/v1/team/access-log?limit=100").await {
        storage::with_storage(|kv| {
            let mut cache = Cache::load(kv);
            cache.keep_access_log(now, body.clone());
            cache.save(kv);
        });
        return Some(Shown {
            value: body,
            at: now,
            saved: false,
        });
    }
    let (at, value) = storage::with_storage(Cache::load).access_log()?;
    Some(Shown {
        value,
        at,
        saved: true,
    })
}

/// Downloads `week`'s CSV with the token and offers it as a file. `Err` with the HTTP status
/// (`None`: no answer). In Norwegian the file is the one a spreadsheet set to Norwegian opens as
/// columns (`;` between cells, a byte order mark so æ, ø and å read right); in English, RFC 4180's
/// commas.
pub(crate) async fn csv(
    caller: Caller,
    week: IsoWeek,
    language: Language,
) -> Result<(), Option<u16>> {
    let token = caller.token().ok_or(None)?;
    let separator = match language {
        Language::Nb => "semicolon",
        Language::En => "comma",
    };
    let path = format!("/api/v1/team/summary.csv?week={week}&separator={separator}");
    let reply = http::send("GET", &path, Some(&token), None)
        .await
        .map_err(|_| None)?;
    match reply.status {
        200 => {
            let name = format!("peerline-summary-{week}.csv");
            browser::download(&name, "text/csv", &reply.body).map_err(|_| None)
        }
        401 => {
            caller.ended(&reply);
            Err(Some(401))
        }
        status => Err(Some(status)),
    }
}

/// Why a coordinator's change or list got no answer to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// No answer at all (offline), or no session.
    Unreachable,
    /// The server's status and error code (a 401 has also ended the session).
    Status(u16, String),
}

/// Sends `method path` with the token and an optional JSON body, for the members screen: the
/// answer's JSON (`null` for a 204), or why there is none. Nothing is kept: these lists and
/// changes mean something only as the server has them.
pub(crate) async fn call(
    caller: Caller,
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<Value, Refused> {
    let token = caller.token().ok_or(Refused::Unreachable)?;
    let reply = http::send(method, path, Some(&token), body.as_deref())
        .await
        .map_err(|_| Refused::Unreachable)?;
    match reply.status {
        200..=299 => Ok(serde_json::from_str(&reply.body).unwrap_or(Value::Null)),
        status => {
            if status == 401 {
                caller.ended(&reply);
            }
            let code = http::error_of(&reply.body).map(|e| e.0).unwrap_or_default();
            Err(Refused::Status(status, code))
        }
    }
}
