//! Today: my state in one glance, one-tap day off / back on, the rest of today's windows, and
//! each service user's contacts today and this week against what we agreed.
//!
//! The screen is one text (`page`, tested on the host) with one click handler that reads the
//! `data-action` of what was tapped (see `markup`).

use crate::i18n::{self, use_i18n, when, Key, Locale, Msg};
use crate::icons::Icon;
use crate::io::browser;
use crate::markup::{action_of, form_error, icon, live_steady};
use crate::model::{
    changes, time,
    today::{self, Heads, Person},
};
use crate::state::use_app;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use peerline_core::{AbsenceKind, State};
use peerline_share::html::escape;
use std::fmt::Write;
use uuid::Uuid;

/// What the screen needs to be drawn besides the figures.
struct Frame<'a> {
    locale: Locale,
    zone: Tz,
    now: DateTime<Utc>,
    /// Why the day-off toggle did not save, in words.
    error: Option<&'a str>,
    /// The name of the person whose call was just logged ("Logged a call from Ola. Undo").
    logged: Option<&'a str>,
}

impl Frame<'_> {
    fn t(&self, key: Key) -> &'static str {
        i18n::text(self.locale, key)
    }

    fn f(&self, msg: Msg) -> String {
        i18n::format(self.locale, msg)
    }
}

#[component]
pub(crate) fn Today() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = app.today_data();
    let last_logged = RwSignal::new(None::<(Uuid, String)>);
    let error = RwSignal::new(None::<String>);
    // Today's figures, tracked in the text and untracked in the handler.
    let figures =
        move || data.with(|data| app.with_store(|store| today::today(store, data, app.now())));
    let html = move || {
        let error = error.get();
        let logged = last_logged.get();
        let frame = Frame {
            locale: i18n.locale(),
            zone: app.profile().timezone,
            now: app.now(),
            error: error.as_deref(),
            logged: logged.as_ref().map(|(_, name)| name.as_str()),
        };
        page(&frame, &figures())
    };
    let click = move |event: leptos::ev::MouseEvent| {
        let Some(action) = action_of(&event) else {
            return;
        };
        match action.as_str() {
            "day-off-toggle" => {
                let local_now = time::local(app.profile().timezone, browser::now());
                let change = match untrack(figures).absence {
                    Some(absence) => changes::end_absence(&absence, local_now),
                    None => changes::day_off_today(browser::random_id(), local_now),
                };
                error.set(
                    app.write(change)
                        .err()
                        .map(|e| i18n.f(Msg::CheckField(e.field().unwrap_or("")))),
                );
            }
            "undo-log" => {
                if let Some((id, _)) = last_logged.get_untracked() {
                    if app
                        .write(changes::delete(peerline_core::RecordKind::Log, id))
                        .is_ok()
                    {
                        last_logged.set(None);
                    }
                }
            }
            other => {
                let Some(person) = other.strip_prefix("log:").and_then(|id| id.parse().ok()) else {
                    return;
                };
                let people = untrack(figures).people;
                let name = people.into_iter().find(|p| p.id == person).map(|p| p.name);
                let log_id = browser::random_id();
                if app
                    .write(changes::incoming_call(log_id, person, browser::now()))
                    .is_ok()
                {
                    last_logged.set(Some((log_id, name.unwrap_or_default())));
                }
            }
        }
    };
    view! { <div on:click=click inner_html=live_steady(html)></div> }
}

/// The whole screen.
fn page(frame: &Frame, today: &today::Today) -> String {
    let mut html = format!("<h1>{}</h1>", frame.t(Key::TodayTitle));
    state_line(frame, today, &mut html);
    let (toggle_icon, toggle) = if today.absence.is_some() {
        (Icon::Reachable, Key::BackOn)
    } else {
        (Icon::Moon, Key::DayOffToday)
    };
    let _ = write!(
        html,
        "<div class=\"btn-row\"><button type=\"button\" class=\"btn btn-wide\" data-testid=\"day-off-toggle\" \
         data-action=\"day-off-toggle\">{}{}</button></div>{}",
        icon(toggle_icon),
        frame.t(toggle),
        form_error(frame.error)
    );
    windows_left(frame, today, &mut html);
    let _ = write!(
        html,
        "<section aria-labelledby=\"people-heading\"><h2 id=\"people-heading\">{}</h2>",
        frame.t(Key::PeopleThisWeek)
    );
    if let Some(name) = frame.logged {
        let _ = write!(
            html,
            "<p class=\"notice notice-info\" role=\"status\" data-testid=\"logged-status\">{}<span>{}</span>\
             <button type=\"button\" class=\"btn\" data-testid=\"undo-log\" data-action=\"undo-log\">{}</button></p>",
            icon(Icon::Reachable),
            escape(&frame.f(Msg::LoggedCallFrom(name))),
            frame.t(Key::Undo)
        );
    }
    if today.people.is_empty() {
        let _ = write!(
            html,
            "<p class=\"muted\">{} <a href=\"/contacts/new\">{}</a></p>",
            frame.t(Key::NoServiceUsersYet),
            frame.t(Key::AddContact)
        );
    }
    for person in &today.people {
        person_card(frame, person, &mut html);
    }
    html.push_str("</section>");
    html
}

fn state_line(frame: &Frame, today: &today::Today, html: &mut String) {
    let locale = frame.locale;
    let local = |at| time::local(frame.zone, at);
    let now = local(frame.now);
    let (class, state_icon, title, detail) = match &today.reachability.state {
        State::Reachable { until } => (
            "state-reachable",
            Icon::Reachable,
            frame.t(Key::ReachableNow),
            frame.f(Msg::Until(&when::moment(locale, local(*until), now))),
        ),
        State::NotNow { next_start } | State::LimitReached { next_start } => (
            "state-not-now",
            Icon::Clock,
            frame.t(Key::NotNow),
            frame.f(Msg::NextTime(&when::relative(
                locale,
                local(*next_start),
                now,
            ))),
        ),
        State::Away { until, .. } => {
            let day_off = today
                .absence
                .as_ref()
                .is_some_and(|a| a.kind == AbsenceKind::DayOff);
            (
                "state-away",
                Icon::Moon,
                frame.t(if day_off { Key::DayOff } else { Key::Away }),
                frame.f(Msg::Until(&when::moment(locale, local(*until), now))),
            )
        }
        State::NoUpcoming => (
            "state-none",
            Icon::Clock,
            frame.t(Key::NoHoursSet),
            frame.t(Key::NoHoursHint).to_owned(),
        ),
    };
    let _ = write!(
        html,
        "<p class=\"state {class}\" data-testid=\"my-state\" role=\"status\">{}<span>{title}\
         <span class=\"state-detail\">{detail}</span></span></p>",
        icon(state_icon)
    );
}

fn windows_left(frame: &Frame, today: &today::Today, html: &mut String) {
    let text = if today.windows_left.is_empty() {
        frame.t(Key::NoMoreWindowsToday).to_owned()
    } else {
        let clock = |at| when::clock(time::local(frame.zone, at));
        let spans: Vec<String> = today
            .windows_left
            .iter()
            .map(|(start, end)| format!("{}–{}", clock(*start), clock(*end)))
            .collect();
        frame.f(Msg::WindowsLeft(&spans.join(", ")))
    };
    let _ = write!(
        html,
        "<p class=\"muted\" data-testid=\"windows-left\">{text}</p>"
    );
}

/// A service user's card. Their name and phone are the user's text: escaped, also inside the
/// sentences that name them.
fn person_card(frame: &Frame, person: &Person, html: &mut String) {
    let name = &person.name;
    let id = person.id;
    let counts = frame.f(Msg::Counts {
        today: person.today,
        per_day: person.per_day,
        week: person.week,
        per_week: person.per_week,
    });
    let _ = write!(
        html,
        "<article class=\"card person\" data-testid=\"person-{}\"><h3><a href=\"/contacts/{id}\">{}</a></h3>\
         <p class=\"small\" data-testid=\"counts\">{counts}</p>",
        escape(&browser::name_slug(name)),
        escape(name)
    );
    if let Some(heads) = &person.heads_up {
        let text = match *heads {
            Heads::Day { count, limit } => frame.f(Msg::InTouchToday { name, count, limit }),
            Heads::Week { count, limit } => frame.f(Msg::InTouchThisWeek { name, count, limit }),
            Heads::Outside { count } => frame.f(Msg::OutsideAgreement { name, count }),
        };
        let _ = write!(
            html,
            "<p class=\"notice notice-warn\" data-testid=\"heads-up\">{}<span>{}</span></p>",
            icon(Icon::Clock),
            escape(&text)
        );
    }
    let phone_icon = icon(Icon::Phone);
    let _ = write!(
        html,
        "<div class=\"btn-row\"><button type=\"button\" class=\"btn btn-primary\" data-testid=\"log-incoming-call\" \
         data-action=\"log:{id}\" aria-label=\"{}\">{phone_icon}{}</button>",
        escape(&frame.f(Msg::LogCallFrom(name))),
        frame.t(Key::LogIncomingCall)
    );
    if let Some(phone) = &person.phone {
        let _ = write!(
            html,
            "<a class=\"btn\" href=\"tel:{}\" aria-label=\"{}\">{phone_icon}{}</a>",
            escape(phone),
            escape(&frame.f(Msg::CallPerson(name))),
            frame.t(Key::Call)
        );
    }
    html.push_str("</div></article>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use peerline_core::Reachability;

    fn frame<'a>(logged: Option<&'a str>, error: Option<&'a str>) -> Frame<'a> {
        Frame {
            locale: Locale::En,
            zone: chrono_tz::Europe::Oslo,
            now: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
            error,
            logged,
        }
    }

    fn today(people: Vec<Person>) -> today::Today {
        today::Today {
            reachability: Reachability {
                state: State::NoUpcoming,
                message: None,
                fallbacks: Vec::new(),
            },
            absence: None,
            windows_left: Vec::new(),
            people,
        }
    }

    fn person(name: &str, phone: Option<&str>) -> Person {
        Person {
            id: Uuid::from_u128(1),
            name: name.into(),
            phone: phone.map(str::to_owned),
            today: 3,
            week: 4,
            per_day: Some(3),
            per_week: None,
            heads_up: Some(Heads::Day { count: 3, limit: 3 }),
        }
    }

    #[test]
    fn names_and_phones_are_escaped_once_everywhere_they_show() {
        let html = page(
            &frame(Some("<b>&\""), None),
            &today(vec![person("<b>&\"", Some("+47\"><script>"))]),
        );
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("&amp;amp;"), "escaped twice: {html}");
        assert!(html.contains("data-testid=\"person-&lt;b&gt;&amp;&quot;\""));
        assert!(html.contains(">&lt;b&gt;&amp;&quot;</a></h3>"));
        assert!(html.contains("href=\"tel:+47&quot;&gt;&lt;script&gt;\""));
        assert_eq!(html.matches("&lt;b&gt;&amp;&quot;").count(), 6, "{html}");
    }

    #[test]
    fn the_screen_shows_its_parts_with_their_test_ids() {
        let html = page(&frame(None, Some("Check end")), &today(Vec::new()));
        for part in ["my-state", "day-off-toggle", "form-error", "windows-left"] {
            assert!(html.contains(&format!("data-testid=\"{part}\"")), "{part}");
        }
        assert!(!html.contains("logged-status"));
        assert!(html.contains("<a href=\"/contacts/new\">"));
        let html = page(
            &frame(Some("Ola"), None),
            &today(vec![person("Ola Nordmann", None)]),
        );
        assert!(html.contains("data-testid=\"person-ola-nordmann\""));
        assert!(html.contains("data-action=\"undo-log\""));
        assert!(html.contains(&format!("data-action=\"log:{}\"", Uuid::from_u128(1))));
        assert!(!html.contains("tel:"));
        assert!(!html.contains("form-error"));
    }
}
