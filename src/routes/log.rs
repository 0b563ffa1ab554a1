//! Log: record a contact in two taps, see the week's entries (edit or delete each), and the week's
//! boundary-pressure figures from core.
//!
//! Two texts: the new-entry form (drawn once, see `parts::log_form`) and the week (`week_html`,
//! drawn again as the week or its entries change), each with one delegated handler.

use crate::icons::Icon;
use crate::markup::legacy::{action_of, icon, live, live_steady, reveal, Fields};
use crate::model::time;
use crate::parts::log_form::{self, channel_key, direction_key};
use crate::state::use_app;
use crate::words::{self, use_i18n, when, Language, Message, Text};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use peerline_core::{week_pressure, AnyRecord, IsoWeek, Log, RecordKind, WeekPressure};
use peerline_share::html::escape;
use std::collections::HashMap;
use std::fmt::Write;
use uuid::Uuid;

#[component]
pub(crate) fn LogPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    log_form::keep_people_current(app, i18n);
    // Drawn again only in a new language: the form is not redrawn while it is filled in.
    let top = move || {
        let language = i18n.language();
        untrack(|| {
            let say = |key| words::text(language, key);
            let zone = app.profile().timezone;
            let form = log_form::form_html(
                language,
                &log_form::loggable_contacts(app),
                None,
                zone,
                crate::io::browser::now(),
            );
            format!(
                "<h1>{}</h1><section class=\"card\"><h2>{}</h2>{form}\
                 <p class=\"small muted\" role=\"status\" data-testid=\"log-saved\" data-part=\"saved\" hidden>{}</p></section>",
                say(Text::LogTitle),
                say(Text::NewLogEntry),
                say(Text::SavedOnPhone)
            )
        })
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        let Some(fields) = Fields::of(&event) else {
            return;
        };
        if log_form::save(app, i18n, None, &fields) {
            if let Some(section) = fields.form.parent_element() {
                reveal(&section, "saved", true);
            }
        }
    };
    view! {
        <div on:submit=save inner_html=live(top)></div>
        {week_view()}
    }
}

/// The week's figures and entries, the newest first, with the names they were logged with.
struct Week {
    week: IsoWeek,
    pressure: WeekPressure,
    logs: Vec<Log>,
    names: HashMap<Uuid, String>,
}

fn week_view() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let week_offset = RwSignal::new(0i64);
    let week = move || {
        let zone = app.profile().timezone;
        time::shift_week(time::week_of(zone, app.now()), week_offset.get())
    };
    // One text for the week: `live_steady` draws it again only when it differs.
    let html = move || {
        let zone = app.profile().timezone;
        let now = time::local(zone, app.now());
        let week = week();
        let (from, to) = time::week_bounds(zone, week);
        let data = app.worker_data(from, to);
        let mut logs: Vec<Log> = app.with_store(|store| {
            store
                .live(RecordKind::Log)
                .filter_map(|record| match record {
                    AnyRecord::Log(log) if from <= log.at && log.at < to => Some(log.clone()),
                    _ => None,
                })
                .collect()
        });
        peerline_core::order::sort_by_key(&mut logs, |log| std::cmp::Reverse(log.at));
        let names = logs
            .iter()
            .filter_map(|log| {
                data.contact(log.contact_id)
                    .map(|c| (log.contact_id, c.name.clone()))
            })
            .collect();
        let figures = Week {
            week,
            pressure: week_pressure(&data, week),
            logs,
            names,
        };
        week_html(i18n.language(), now, &|at| time::local(zone, at), &figures)
    };
    let click = move |event: leptos::ev::MouseEvent| match action_of(&event).as_deref() {
        Some("previous-week") => week_offset.update(|w| *w -= 1),
        Some("next-week") => week_offset.update(|w| *w += 1),
        _ => {}
    };
    view! { <div on:click=click inner_html=live_steady(html)></div> }
}

/// The week: its navigation, the pressure figures and the entries. `local` turns an instant into
/// the worker's wall-clock time; `now` is that time now.
fn week_html(
    language: Language,
    now: NaiveDateTime,
    local: &dyn Fn(chrono::DateTime<chrono::Utc>) -> NaiveDateTime,
    figures: &Week,
) -> String {
    let say = |key| words::text(language, key);
    let week = figures.week;
    let mut html = format!(
        "<section aria-labelledby=\"week-heading\"><div class=\"week-nav\">\
         <button type=\"button\" class=\"btn\" aria-label=\"{}\" data-testid=\"previous-week\" data-action=\"previous-week\">‹</button>\
         <h2 id=\"week-heading\" data-testid=\"week-label\">{}</h2>\
         <button type=\"button\" class=\"btn\" aria-label=\"{}\" data-testid=\"next-week\" data-action=\"next-week\">›</button></div>",
        say(Text::PreviousWeek),
        words::message(
            language,
            Message::Week(week)
        ),
        say(Text::NextWeek)
    );
    pressure_html(language, &figures.pressure, &mut html);
    let _ = write!(html, "<h3>{}</h3>", say(Text::Entries));
    if figures.logs.is_empty() {
        let _ = write!(
            html,
            "<p class=\"muted\">{}</p></section>",
            say(Text::NoEntriesThisWeek)
        );
        return html;
    }
    html.push_str("<ul class=\"list\" data-testid=\"log-list\">");
    for log in &figures.logs {
        let name = figures
            .names
            .get(&log.contact_id)
            .map_or_else(|| say(Text::Someone).to_owned(), |name| escape(name));
        let answered = if log.answered {
            Text::Answered
        } else {
            Text::NotAnswered
        };
        let _ = write!(
            html,
            "<li><a class=\"list-item\" href=\"/log/{}\" data-testid=\"log-entry\"><span class=\"list-main\">{name}</span>\
             <span class=\"small muted\">{} · {} · {} · {}</span></a></li>",
            log.id,
            when::moment(language, local(log.at), now),
            say(channel_key(log.channel)),
            say(direction_key(log.direction)),
            say(answered)
        );
    }
    html.push_str("</ul></section>");
    html
}

/// The week's boundary pressure per service user (names escaped).
fn pressure_html(language: Language, pressure: &WeekPressure, html: &mut String) {
    let say = |key| words::text(language, key);
    let totals = pressure.totals.counts;
    let caption = say(Text::PressureCaption);
    let _ = write!(
        html,
        "<div class=\"card\" data-testid=\"week-pressure\"><p class=\"small\">{}{}</p>\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{caption}\"><table>\
         <caption class=\"small muted\">{caption}</caption><thead><tr>",
        icon(Icon::Log),
        words::message(
            language,
            Message::PressureSummary {
                contacts: totals.contacts,
                outside: totals.outside_agreement_contacts,
                after_hours: totals.after_hours_contacts,
            }
        )
    );
    for column in [
        Text::Person,
        Text::ColContacts,
        Text::ColOutside,
        Text::ColAfterHours,
        Text::ColOverLimit,
        Text::ColUnanswered,
    ] {
        let _ = write!(html, "<th scope=\"col\">{}</th>", say(column));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &pressure.service_users {
        let c = row.counts;
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            escape(&row.name),
            c.contacts,
            c.outside_agreement_contacts,
            c.after_hours_contacts,
            c.limit_exceeded_days,
            if row.weekly_limit_exceeded { " +" } else { "" },
            c.unanswered_incoming
        );
    }
    html.push_str("</tbody></table></div></div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use peerline_core::{Channel, Direction};

    #[test]
    fn entries_name_their_person_escaped_and_link_to_the_entry() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let log = Log {
            id: Uuid::from_u128(9),
            contact_id: Uuid::from_u128(1),
            at,
            channel: Channel::Call,
            direction: Direction::Incoming,
            answered: true,
            minutes: None,
            note: None,
        };
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let figures = Week {
            week,
            pressure: WeekPressure {
                week,
                service_users: Vec::new(),
                totals: peerline_core::PressureTotals::default(),
            },
            logs: vec![
                log.clone(),
                Log {
                    contact_id: Uuid::from_u128(2),
                    ..log
                },
            ],
            names: HashMap::from([(Uuid::from_u128(1), "<b>&\"".to_owned())]),
        };
        let html = week_html(Language::En, at.naive_utc(), &|at| at.naive_utc(), &figures);
        assert!(html.contains(&format!("href=\"/log/{}\"", Uuid::from_u128(9))));
        assert!(html.contains("<span class=\"list-main\">&lt;b&gt;&amp;&quot;</span>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("<span class=\"list-main\">Someone</span>"));
        assert!(html.contains("data-testid=\"week-label\">Week 48, 2026</h2>"));
        assert_eq!(html.matches("data-testid=\"log-entry\"").count(), 2);
    }
}
