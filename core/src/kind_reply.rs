//! The kind reply (domain.md, "The guidance loop"): the SMS a worker sends in one tap when a
//! service user reaches out outside the agreement or past a limit. The template is the contact's
//! own, else the profile's, else the default of the profile's language; its placeholders are
//! filled once, left to right, so a name that happens to contain `{next}` stays as written.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::reachability::{reachability, State, HORIZON_DAYS};
use crate::records::{Fallback, Language};
use crate::time_words::TimeWords;
use crate::windows::effective_windows;
use crate::worker::WorkerData;

/// The default kind reply of `language`: warm, short, no blame (design.md), and always naming the
/// next time and someone to call now.
pub fn default_kind_reply(language: Language) -> &'static str {
    match language {
        Language::Nb => {
            "Hei {name}! Takk for at du tok kontakt. Jeg kan ikke svare nå, men du når meg igjen \
             {next}. Trenger du noen før det, ring {fallback}."
        }
        Language::En => {
            "Hi {name}! Thanks for getting in touch. I can't answer right now, but you can reach \
             me again {next}. If you need someone before then, call {fallback}."
        }
    }
}

/// The placeholders, as they are written in a template.
const NAME: &str = "{name}";
const NEXT: &str = "{next}";
const FALLBACK: &str = "{fallback}";

/// `template` with `{name}`, `{next}` and `{fallback}` replaced; other text (unknown `{...}`
/// included) is kept as written.
pub fn fill_kind_reply(template: &str, name: &str, next: &str, fallback: &str) -> String {
    let mut filled = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        filled.push_str(&rest[..at]);
        let tail = &rest[at..];
        let replaced = [(NAME, name), (NEXT, next), (FALLBACK, fallback)]
            .into_iter()
            .find(|(placeholder, _)| tail.starts_with(placeholder));
        match replaced {
            Some((placeholder, value)) => {
                filled.push_str(value);
                rest = &tail[placeholder.len()..];
            }
            None => {
                filled.push('{');
                rest = &tail[1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// The kind reply to `contact` at `now`, filled in: `{next}` is when the contact can reach the
/// worker next, in words of the profile's language; `{fallback}` the first of the fallbacks (a
/// covering colleague or stand-in while away). `None` for an unknown or deleted contact.
pub fn kind_reply(data: &WorkerData, contact: Uuid, now: DateTime<Utc>) -> Option<String> {
    let person = data.contacts().find(|candidate| candidate.id == contact)?;
    let profile = data.profile();
    let language = profile.language;
    let template = person
        .kind_reply
        .as_deref()
        .or(profile.kind_reply.as_deref())
        .unwrap_or_else(|| default_kind_reply(language));
    let answer = reachability(data, Some(contact), now);
    let words = TimeWords::new(language, data.timezone(), now);
    let next = match next_time(data, contact, &answer.state, now) {
        Some(next) => words.at(next),
        None => match language {
            Language::Nb => "så snart jeg kan".to_owned(),
            Language::En => "as soon as I can".to_owned(),
        },
    };
    let fallback = answer
        .fallbacks
        .first()
        .map(|fallback| fallback_words(fallback, language))
        .unwrap_or_default();
    Some(fill_kind_reply(template, &person.name, &next, &fallback))
}

/// The next time the contact can reach the worker: the next start when not now (limits
/// included); after the current window or absence otherwise.
fn next_time(
    data: &WorkerData,
    contact: Uuid,
    state: &State,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let after = match state {
        State::NotNow { next_start } | State::LimitReached { next_start } => {
            return Some(*next_start)
        }
        State::NoUpcoming => return None,
        State::Reachable { until } | State::Away { until, .. } => *until,
    };
    let horizon = now + Duration::days(HORIZON_DAYS);
    effective_windows(data, Some(contact), after, horizon)
        .into_iter()
        .map(|(start, _)| start)
        .find(|start| *start >= after)
}

/// `Mental Helse hjelpetelefon på 116 123`, `... on 116 123`.
fn fallback_words(fallback: &Fallback, language: Language) -> String {
    match language {
        Language::Nb => format!("{} på {}", fallback.label, fallback.phone),
        Language::En => format!("{} on {}", fallback.label, fallback.phone),
    }
}
