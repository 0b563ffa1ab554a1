//! Log: record a contact in two taps, see the week's entries (edit or delete each), and the week's
//! boundary-pressure figures from core.
//!
//! In the screen shape (`markup`): the new-entry form (`parts::log_form`) above the week
//! ([`Week`], drawn by [`render`]); the week's arrows and the form's submit are [`Action`]s.

use crate::icons::Icon;
use crate::markup::{self, actions, html, icon, Markup, Mounted, Used};
use crate::model::{time, today::AfterHours};
use crate::parts::log_form::{self, channel_key, direction_key};
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, when, Language, Message, Text};
use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::prelude::*;
use peerline_core::{week_pressure, AnyRecord, IsoWeek, Log, RecordKind, WeekPressure};
use std::collections::HashMap;
use uuid::Uuid;

actions! {
    /// What Log's controls do.
    pub(crate) enum Action {
        Form { action: log_form::Action } = "form",
        PreviousWeek = "previous-week",
        NextWeek = "next-week",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Local {
    /// Weeks back (negative) or on from this one.
    pub(crate) week_offset: i64,
    /// When the form (re)started: a new entry's time, until it is changed.
    pub(crate) opened: DateTime<Utc>,
    pub(crate) saved: bool,
    pub(crate) error: Option<String>,
}

/// The week's figures and entries, the newest first, with the names they were logged with.
pub(crate) struct Week {
    pub(crate) week: IsoWeek,
    pub(crate) pressure: WeekPressure,
    pub(crate) logs: Vec<Log>,
    pub(crate) names: HashMap<Uuid, String>,
}

/// Everything Log shows besides the form.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    /// The worker's wall-clock time now, and the way to it from an instant.
    pub(crate) now: NaiveDateTime,
    pub(crate) local_time: &'a dyn Fn(DateTime<Utc>) -> NaiveDateTime,
    pub(crate) figures: &'a Week,
}

/// Shows Log in `element`, following the store, the clock and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let local = RwSignal::new(Local {
        week_offset: 0,
        opened: crate::io::browser::now(),
        saved: false,
        error: None,
    });
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            let zone = app.profile().timezone;
            let contacts = log_form::loggable_contacts(app);
            local.with(|local| {
                let form = log_form::Form {
                    language,
                    contacts: &contacts,
                    existing: None,
                    zone,
                    opened: local.opened,
                    error: local.error.as_deref(),
                };
                let figures = week(app, local.week_offset);
                let local_time = |at| time::local(zone, at);
                html! {
                    h1 { (text(language, Text::LogTitle)) }
                    section.card {
                        h2 { (text(language, Text::NewLogEntry)) }
                        (log_form::render(&form, |action| Action::Form { action }))
                        p.small.muted role="status" data-testid="log-saved" hidden[!local.saved] {
                            (text(language, Text::SavedOnPhone))
                        }
                    }
                    (render(&Model {
                        language,
                        now: time::local(zone, app.now()),
                        local_time: &local_time,
                        figures: &figures,
                    }))
                }
            })
        },
        move |action, used: &Used| {
            let mut next = local.get_untracked();
            match action {
                Action::PreviousWeek => next.week_offset -= 1,
                Action::NextWeek => next.week_offset += 1,
                Action::Form {
                    action: log_form::Action::Minutes { minutes },
                } => log_form::set_minutes(used, minutes),
                Action::Form {
                    action: log_form::Action::Save,
                } => {
                    let Some(fields) = used.fields() else {
                        return;
                    };
                    let outcome = log_form::save(app, None, &fields);
                    next.saved = outcome.is_ok();
                    if outcome.is_ok() {
                        next.opened = crate::io::browser::now();
                    }
                    next.error = outcome.err();
                }
            }
            local.set(next);
        },
    )
}

/// The figures of the week `offset` weeks from this one (tracked).
fn week(app: App, offset: i64) -> Week {
    let zone = app.profile().timezone;
    let week = time::shift_week(time::week_of(zone, app.now()), offset);
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
    Week {
        week,
        pressure: week_pressure(&data, week),
        logs,
        names,
    }
}

/// The week: its navigation, the pressure figures and the entries.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let figures = model.figures;
    html! {
        section aria-labelledby="week-heading" {
            div.week-nav {
                button.btn type="button" aria-label=(say(Text::PreviousWeek)) data-testid="previous-week" data-action=(Action::PreviousWeek) { "‹" }
                h2 #week-heading data-testid="week-label" { (message(language, Message::Week(figures.week))) }
                button.btn type="button" aria-label=(say(Text::NextWeek)) data-testid="next-week" data-action=(Action::NextWeek) { "›" }
            }
            (pressure(language, &figures.pressure))
            h3 { (say(Text::Entries)) }
            @if figures.logs.is_empty() {
                p.muted { (say(Text::NoEntriesThisWeek)) }
            } @else {
                ul.list data-testid="log-list" {
                    @for log in &figures.logs {
                        li data-key=(log.id.to_string()) {
                            a.list-item href={ "/log/" (log.id.to_string()) } data-testid="log-entry" {
                                span.list-main {
                                    @match figures.names.get(&log.contact_id) {
                                        Some(name) => { (name) }
                                        None => { (say(Text::Someone)) }
                                    }
                                }
                                span.small.muted {
                                    (when::moment(language, (model.local_time)(log.at), model.now))
                                    " · " (say(channel_key(log.channel)))
                                    " · " (say(direction_key(log.direction)))
                                    " · " (say(if log.answered { Text::Answered } else { Text::NotAnswered }))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The week's boundary pressure per service user.
fn pressure(language: Language, pressure: &WeekPressure) -> Markup {
    let say = |key| text(language, key);
    let totals = pressure.totals.counts;
    let caption = say(Text::PressureCaption);
    let columns = [
        Text::Who,
        Text::ContactsTitle,
        Text::ColOutside,
        Text::ColAfterHours,
        Text::ColOverLimit,
        Text::ColUnanswered,
    ];
    html! {
        div.card data-testid="week-pressure" {
            p.small {
                (icon(Icon::Log))
                (message(language, Message::PressureSummary {
                    contacts: totals.contacts,
                    outside: totals.outside_agreement_contacts,
                    after_hours: totals.after_hours_contacts,
                }))
            }
            (crate::routes::today::after_hours(language, AfterHours::of(pressure)))
            div.table-wrap tabindex="0" role="region" aria-label=(caption) {
                table {
                    caption.small.muted { (caption) }
                    thead { tr { @for column in columns { th scope="col" { (say(column)) } } } }
                    tbody {
                        @for row in &pressure.service_users {
                            @let c = row.counts;
                            tr {
                                th scope="row" { (row.name) }
                                td { (c.contacts) }
                                td { (c.outside_agreement_contacts) }
                                td { (c.after_hours_contacts) }
                                td { (c.limit_exceeded_days) @if row.weekly_limit_exceeded { " +" } }
                                td { (c.unanswered_incoming) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use chrono::{TimeZone, Utc};

    #[test]
    fn entries_name_their_person_escaped_and_link_to_the_entry() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let log = log_form::a_call(at);
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let figures = Week {
            week,
            pressure: WeekPressure {
                week,
                service_users: Vec::new(),
                totals: peerline_core::PressureTotals {
                    counts: peerline_core::PressureCounts {
                        after_hours_contacts: 2,
                        after_hours_minutes: 20,
                        after_hours_untimed: 1,
                        ..Default::default()
                    },
                    weekly_limit_exceeded: 0,
                },
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
        let local_time = |at: DateTime<Utc>| at.naive_utc();
        let html = render(&Model {
            language: Language::En,
            now: at.naive_utc(),
            local_time: &local_time,
            figures: &figures,
        })
        .into_string();
        assert!(html.contains(&format!("href=\"/log/{}\"", Uuid::from_u128(9))));
        assert!(
            html.contains("<span class=\"list-main\">&lt;b&gt;&amp;&quot;</span>"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
        assert!(html.contains("<span class=\"list-main\">Someone</span>"));
        assert!(
            html.contains("data-testid=\"week-label\">Week 48, 2026</h2>"),
            "{html}"
        );
        assert_eq!(html.matches("data-testid=\"log-entry\"").count(), 2);
        assert!(
            html.contains("20 min outside your hours, and 1 contact without minutes."),
            "{html}"
        );
        assert_eq!(
            drawn::<Action>(&html),
            [Action::PreviousWeek, Action::NextWeek]
        );
    }
}
