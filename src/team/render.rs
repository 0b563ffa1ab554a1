//! The parts the coordinator's screens are drawn from, in the screen shape (`markup`): plain
//! functions of the figures returning `Markup`, tested on the host. The screens only display what
//! the server computed; every text from the server (names, weeks of the access log) is a splice of
//! `html!`, so it reaches the page escaped. Links are ordinary `<a href>`s the router follows.

use super::model::{by_pressure, AccessEntry, TeamSummary, WorkerWeek};
use super::words::{team_message, TeamMessage, TeamText};
use crate::icons::Icon;
use crate::markup::{html, icon, Markup};
use crate::words::Said;
use crate::words::{message, Language, Message, Text};
use chrono::{DateTime, Utc};
use peerline_core::IsoWeek;
use uuid::Uuid;

/// What every screen's text needs besides its figures.
pub(crate) struct Frame<'a> {
    pub(crate) language: Language,
    pub(crate) now: DateTime<Utc>,
    /// An instant in words, in the coordinator's zone ("kl. 14:02").
    pub(crate) moment: &'a dyn Fn(DateTime<Utc>) -> String,
}

impl Frame<'_> {
    /// A text of either table (the app's or the coordinator's) in the frame's language.
    pub(crate) fn text(&self, key: impl Said) -> &'static str {
        key.said(self.language)
    }
}

/// Previous week / this week / next week, as links to `path`; no next beyond `current`.
pub(crate) fn week_nav(frame: &Frame, path: &str, week: IsoWeek, current: IsoWeek) -> Markup {
    let shift = |weeks| crate::model::time::shift_week(week, weeks);
    html! {
        div.week-nav {
            a.btn href={ (path) "?week=" (shift(-1)) } aria-label=(frame.text(Text::PreviousWeek))
                data-testid="previous-week" { "‹" }
            h2 data-testid="week-label" { (message(frame.language, Message::Week(week))) }
            @if week < current {
                a.btn href={ (path) "?week=" (shift(1)) } aria-label=(frame.text(Text::NextWeek))
                    data-testid="next-week" { "›" }
            } @else {
                span.btn.hidden aria-hidden="true" { "›" }
            }
        }
    }
}

/// Where a screen's figures stand: `None` while they are fetched; `Some(None)` when there are
/// none; `Some(Some((at, saved)))` once shown, `saved` when they are the kept copy from `at`.
pub(crate) type Standing = Option<Option<(DateTime<Utc>, bool)>>;

/// "Fetching …", "no saved figures", or the note that these are the kept copy from earlier.
pub(crate) fn state_note(frame: &Frame, standing: Standing) -> Markup {
    html! {
        @match standing {
            None => p.muted role="status" { (frame.text(TeamText::Fetching)) },
            Some(None) => p.notice.notice-info role="status" data-testid="no-figures" {
                (frame.text(TeamText::NoFigures))
            },
            Some(Some((at, true))) => p.notice.notice-warn role="status" data-testid="saved-figures" {
                (icon(Icon::Offline))
                span { (team_message(frame.language, TeamMessage::FiguresFrom(&(frame.moment)(at)))) }
            },
            Some(Some((_, false))) => {},
        }
    }
}

/// Team this week: a card per worker, most pressure first.
pub(crate) fn cards(frame: &Frame, summary: &TeamSummary, week: IsoWeek) -> Markup {
    let workers = by_pressure(summary.workers.clone());
    html! {
        @if workers.is_empty() {
            p.muted { (frame.text(TeamText::NoOneOnTeam)) }
        } @else {
            div data-testid="worker-cards" {
                @for worker in &workers { (card(frame, worker, week)) }
            }
        }
    }
}

fn card(frame: &Frame, worker: &WorkerWeek, week: IsoWeek) -> Markup {
    let id = worker.worker_id;
    let c = worker.counts;
    let figures = [
        (
            "active_service_users",
            TeamText::ActiveServiceUsers,
            worker.active_service_users,
        ),
        ("contacts", TeamText::Contacts, c.contacts),
        (
            "after_hours_contacts",
            TeamText::AfterHours,
            c.after_hours_contacts,
        ),
        (
            "outside_agreement_contacts",
            TeamText::OutsideAgreement,
            c.outside_agreement_contacts,
        ),
        (
            "limit_exceeded_days",
            TeamText::LimitDays,
            c.limit_exceeded_days,
        ),
        (
            "weekly_limit_exceeded",
            TeamText::WeeklyLimits,
            worker.weekly_limit_exceeded,
        ),
        (
            "unanswered_incoming",
            TeamText::Unanswered,
            c.unanswered_incoming,
        ),
        (
            "relationships_ending_soon",
            TeamText::EndingSoon,
            worker.relationships_ending_soon,
        ),
    ];
    let checkin = match worker.checkin {
        Some(c) => {
            let line = Message::CheckinLine {
                energy: c.energy,
                strain: c.strain,
                burnout: c.burnout,
            };
            let line = message(frame.language, line);
            format!("{}: {line}", frame.text(Text::KindCheckin))
        }
        None => frame.text(TeamText::CheckinNotShared).to_owned(),
    };
    let synced = match worker.last_sync_at {
        Some(at) => message(frame.language, Message::LastSync(&(frame.moment)(at))),
        None => frame.text(TeamText::NeverSynced).to_owned(),
    };
    html! {
        article.card.worker-card.pressed[worker.needs_guidance()] data-testid="worker-card" data-worker=(id) {
            h2 { a href={ "/team/workers/" (id) "?week=" (week) } { (worker.display_name) } }
            @if worker.needs_guidance() {
                p.badge.badge-warn data-testid="needs-guidance" {
                    (icon(Icon::Alert)) (frame.text(TeamText::WouldLikeGuidance))
                }
            }
            dl.figures {
                @for (name, label, value) in figures {
                    div { dt { (frame.text(label)) } dd data-figure=(name) { (value) } }
                }
            }
            p.small data-testid="checkin-line" { (checkin) }
            p.small data-testid="last-sync" {
                (synced)
                @if worker.stale(frame.now) {
                    " "
                    span.badge.badge-warn data-testid="stale" {
                        (icon(Icon::Clock)) (frame.text(TeamText::Stale))
                    }
                }
            }
        }
    }
}

/// A worker's week per service user, or `None` when the week's summary does not list them.
pub(crate) fn worker_week(frame: &Frame, summary: &TeamSummary, worker: Uuid) -> Option<Markup> {
    let worker = summary.workers.iter().find(|w| w.worker_id == worker)?;
    let columns = [
        TeamText::ServiceUser,
        TeamText::Contacts,
        TeamText::OutsideAgreement,
        TeamText::AfterHours,
        TeamText::LimitDays,
        TeamText::WeeklyLimits,
        TeamText::Unanswered,
    ];
    let pressure = frame.text(TeamText::BoundaryPressure);
    Some(html! {
        section.card data-testid="service-users" {
            h2 { (pressure) }
            div.table-wrap tabindex="0" role="region" aria-label=(pressure) {
                table {
                    thead { tr { @for column in columns { th scope="col" { (frame.text(column)) } } } }
                    tbody {
                        @for su in &worker.service_users {
                            @let c = su.counts;
                            tr {
                                th scope="row" { (su.name) }
                                td { (c.contacts) }
                                td { (c.outside_agreement_contacts) }
                                td { (c.after_hours_contacts) }
                                td { (c.limit_exceeded_days) }
                                td { (frame.text(if su.weekly_limit_exceeded { TeamText::Yes } else { TeamText::No })) }
                                td { (c.unanswered_incoming) }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// What the worker shared for the coordinator talk and has not marked discussed (issue 14):
/// topic, week, the contact's name if any.
pub(crate) fn agenda(frame: &Frame, summary: &TeamSummary, worker: Uuid) -> Option<Markup> {
    let worker = summary.workers.iter().find(|w| w.worker_id == worker)?;
    Some(html! {
        section.card data-testid="agenda" {
            h2 { (frame.text(Text::KindAgendaItem)) }
            @if worker.agenda.is_empty() {
                p.muted { (frame.text(TeamText::SharedAgendaEmpty)) }
            }
            ul.list {
                @for item in &worker.agenda {
                    li.list-item data-testid="agenda-item" {
                        span.list-main { (frame.text(topic_text(&item.topic))) }
                        span.small.muted {
                            (item.week)
                            @if let Some(name) = &item.contact_name { " · " (name) }
                        }
                    }
                }
            }
        }
    })
}

/// A topic's words (domain.md, Agenda for guidance), from the worker's agenda table; one this app
/// does not know reads as "other".
fn topic_text(topic: &str) -> Text {
    crate::parts::agenda::TOPICS
        .iter()
        .find(|(_, code, _)| *code == topic)
        .map_or(Text::TopicOther, |(_, _, text)| *text)
}

/// The access log, newest first, with the coordinator's own reads marked.
pub(crate) fn access_log(frame: &Frame, entries: &[AccessEntry], me: Option<Uuid>) -> Markup {
    html! {
        ul.list.card data-testid="access-log" {
            @for entry in entries {
                @let what = frame.text(match entry.endpoint.as_str() {
                    path if path.ends_with(".csv") => TeamText::EndpointCsv,
                    path if path.ends_with("access-log") => TeamText::EndpointAccessLog,
                    _ => TeamText::EndpointSummary,
                });
                @let mine = entry.user_id.is_some() && entry.user_id == me;
                li.list-item data-testid="access-entry" {
                    span.list-main {
                        (what)
                        @if let Some(week) = &entry.week { " · " (week) }
                    }
                    span.small.muted {
                        @if let Some(at) = entry.at { ((frame.moment)(at)) }
                        " · " (entry.display_name)
                        @if mine { " (" (frame.text(TeamText::You)) ")" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn frame(moment: &dyn Fn(DateTime<Utc>) -> String) -> Frame<'_> {
        Frame {
            language: Language::En,
            now: now(),
            moment,
        }
    }

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%d.%m %H:%M").to_string()
    }

    fn summary() -> TeamSummary {
        let worker = |id: u128, name: &str, after: u32, guidance: bool, synced: &str| {
            json!({
                "worker_id": Uuid::from_u128(id), "display_name": name, "last_sync_at": synced,
                "active_service_users": 2, "contacts": 9, "after_hours_contacts": after,
                "outside_agreement_contacts": 1, "limit_exceeded_days": 0,
                "unanswered_incoming": 0, "weekly_limit_exceeded": 0,
                "relationships_ending_soon": 1,
                "checkin": if guidance { json!({"energy": 2, "strain": 4, "burnout": 3, "needs_guidance": true}) } else { json!(null) },
                "service_users": [{"contact_id": Uuid::nil(), "name": "<b>Ola</b>", "contacts": 9,
                    "after_hours_contacts": after, "outside_agreement_contacts": 1,
                    "limit_exceeded_days": 0, "weekly_limit_exceeded": true,
                    "unanswered_incoming": 0}],
            })
        };
        TeamSummary::from_value(&json!({"week": "2026-W48", "workers": [
            worker(1, "Jonas", 0, false, "2026-11-10T12:00:00Z"),
            worker(2, "Ingrid <3", 4, true, "2026-11-26T11:00:00Z"),
        ]}))
        .unwrap()
    }

    fn week() -> IsoWeek {
        "2026-W48".parse().unwrap()
    }

    /// The words on screen, tags and attributes left out.
    fn shown(html: &str) -> String {
        let mut shown = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => shown.push(c),
                _ => {}
            }
        }
        shown
    }

    #[test]
    fn cards_come_by_pressure_with_guidance_and_staleness_marked_in_words() {
        let html = cards(&frame(&clock), &summary(), week()).into_string();
        let ingrid = html.find("Ingrid &lt;3").unwrap();
        let jonas = html.find("Jonas").unwrap();
        assert!(ingrid < jonas, "more pressure first");
        assert!(!html.contains("Ingrid <3"), "names are escaped");
        assert_eq!(html.matches("data-testid=\"needs-guidance\"").count(), 1);
        assert_eq!(
            html.matches("class=\"card worker-card pressed\"").count(),
            1
        );
        assert!(html[ingrid..jonas].contains("Would like guidance"));
        assert!(html[ingrid..jonas].contains("Check-in: energy 2, strain 4, burnout 3"));
        assert!(html[jonas..].contains("Check-in not shared"));
        // Jonas last synced 16 days ago, Ingrid an hour ago.
        assert_eq!(html.matches("data-testid=\"stale\"").count(), 1);
        assert!(html[jonas..].contains("Not synced for over 7 days"));
        assert!(html[ingrid..jonas].contains("Last synced 26.11 11:00"));
        assert!(html.contains("<dd data-figure=\"after_hours_contacts\">4</dd>"));
        assert!(html.contains(&format!(
            "href=\"/team/workers/{}?week=2026-W48\"",
            Uuid::from_u128(2)
        )));
        let shown = shown(&html).to_lowercase();
        for never in ["violation", "exceeded", "non-compliant", "breach"] {
            assert!(!shown.contains(never), "{never} in {shown}");
        }
        let empty = TeamSummary {
            week: "2026-W48".into(),
            workers: Vec::new(),
        };
        let none = cards(&frame(&clock), &empty, week()).into_string();
        assert!(none.contains("No peer workers on the team yet."), "{none}");
    }

    #[test]
    fn a_workers_week_lists_service_users_escaped() {
        let html = worker_week(&frame(&clock), &summary(), Uuid::from_u128(2))
            .unwrap()
            .into_string();
        assert!(html.contains("<th scope=\"row\">&lt;b&gt;Ola&lt;/b&gt;</th><td>9</td><td>1</td><td>4</td><td>0</td><td>yes</td><td>0</td>"), "{html}");
        assert!(worker_week(&frame(&clock), &summary(), Uuid::from_u128(3)).is_none());
    }

    #[test]
    fn the_week_nav_stops_at_the_current_week() {
        let html = week_nav(&frame(&clock), "/team", week(), week()).into_string();
        assert!(html.contains("href=\"/team?week=2026-W47\""), "{html}");
        assert!(!html.contains("2026-W49"));
        assert!(html.contains("Week 48, 2026"));
        let earlier = week_nav(
            &frame(&clock),
            "/team/export",
            "2026-W45".parse().unwrap(),
            week(),
        )
        .into_string();
        assert!(earlier.contains("href=\"/team/export?week=2026-W46\""));
    }

    #[test]
    fn the_access_log_names_reads_and_marks_mine() {
        let me = Uuid::from_u128(7);
        let entries = [
            AccessEntry {
                at: Some(now()),
                user_id: Some(me),
                display_name: "Kari".into(),
                endpoint: "/api/v1/team/summary.csv".into(),
                week: Some("2026-W48".into()),
            },
            AccessEntry {
                at: None,
                user_id: Some(Uuid::from_u128(8)),
                display_name: "<i>Per".into(),
                endpoint: "/api/v1/team/summary".into(),
                week: None,
            },
        ];
        let html = access_log(&frame(&clock), &entries, Some(me)).into_string();
        assert!(html.contains("CSV download · 2026-W48"), "{html}");
        assert!(html.contains("26.11 12:00 · Kari (you)"));
        assert!(html.contains("Weekly summary</span>"));
        assert!(html.contains(" · &lt;i&gt;Per</span>"), "{html}");
    }

    #[test]
    fn notes_say_where_the_figures_come_from() {
        let f = frame(&clock);
        let note = |standing| state_note(&f, standing).into_string();
        assert!(note(None).contains("Fetching"));
        assert!(note(Some(None)).contains("no-figures"));
        assert!(note(Some(Some((now(), true)))).contains("Saved figures, fetched 26.11 12:00"));
        assert_eq!(note(Some(Some((now(), false)))), "");
    }
}
