//! The coordinator's screens as HTML text, like the share page's renderer: plain functions of the
//! figures, tested on the host, shown through `inner_html`. The screens only display what the
//! server computed, so they need no per-element reactivity, and a string costs a fraction of the
//! WASM a view tree does. Every text from the server (names) passes through `escape`; the rest is
//! numbers, ids and the app's own words. Links are ordinary `<a href>`s the router follows.

use super::model::{by_pressure, AccessEntry, TeamSummary, WorkerWeek};
use crate::icons::Icon;
use crate::markup::legacy::icon;
use crate::words::{self, message, text, Language, Message, Text};
use chrono::{DateTime, Utc};
use peerline_core::IsoWeek;
use peerline_share::html::escape;
use std::fmt::Write;
use uuid::Uuid;

/// What every screen's text needs besides its figures.
pub(crate) struct Frame<'a> {
    pub(crate) language: Language,
    pub(crate) now: DateTime<Utc>,
    /// An instant in words, in the coordinator's zone ("kl. 14:02").
    pub(crate) moment: &'a dyn Fn(DateTime<Utc>) -> String,
}

impl Frame<'_> {
    fn text(&self, key: Text) -> &'static str {
        text(self.language, key)
    }
}

/// Previous week / this week / next week, as links to `path`; no next beyond `current`.
pub(crate) fn week_nav(frame: &Frame, path: &str, week: IsoWeek, current: IsoWeek) -> String {
    let shift = |weeks| crate::model::time::shift_week(week, weeks);
    let label = words::message(frame.language, Message::Week(week));
    let previous = words::text(frame.language, words::Text::PreviousWeek);
    let next = if week < current {
        format!(
            "<a class=\"btn\" href=\"{path}?week={}\" aria-label=\"{}\" data-testid=\"next-week\">›</a>",
            shift(1),
            words::text(frame.language, words::Text::NextWeek)
        )
    } else {
        "<span class=\"btn hidden\" aria-hidden=\"true\">›</span>".into()
    };
    format!(
        "<div class=\"week-nav\"><a class=\"btn\" href=\"{path}?week={}\" aria-label=\"{previous}\" \
         data-testid=\"previous-week\">‹</a><h2 data-testid=\"week-label\">{label}</h2>{next}</div>",
        shift(-1)
    )
}

/// "Fetching …", "no saved figures", or the note that these are the kept copy from earlier.
pub(crate) fn state_note(frame: &Frame, loaded: Option<Option<(DateTime<Utc>, bool)>>) -> String {
    match loaded {
        None => format!("<p class=\"muted\" role=\"status\">{}</p>", frame.text(Text::Fetching)),
        Some(None) => format!(
            "<p class=\"notice notice-info\" role=\"status\" data-testid=\"no-figures\">{}</p>",
            frame.text(Text::NoFigures)
        ),
        Some(Some((at, true))) => format!(
            "<p class=\"notice notice-warn\" role=\"status\" data-testid=\"saved-figures\">{}<span>{}</span></p>",
            icon(Icon::Offline),
            message(frame.language, Message::FiguresFrom(&(frame.moment)(at)))
        ),
        Some(Some((_, false))) => String::new(),
    }
}

/// Team this week: a card per worker, most pressure first.
pub(crate) fn cards(frame: &Frame, summary: &TeamSummary, week: IsoWeek) -> String {
    let workers = by_pressure(summary.workers.clone());
    if workers.is_empty() {
        return format!("<p class=\"muted\">{}</p>", frame.text(Text::NoOneOnTeam));
    }
    let mut html = String::from("<div data-testid=\"worker-cards\">");
    for worker in &workers {
        card(frame, worker, week, &mut html);
    }
    html.push_str("</div>");
    html
}

fn card(frame: &Frame, worker: &WorkerWeek, week: IsoWeek, html: &mut String) {
    let id = worker.worker_id;
    let c = worker.counts;
    let _ =
        write!(
        html,
        "<article class=\"card worker-card{}\" data-testid=\"worker-card\" data-worker=\"{id}\">\
         <h2><a href=\"/team/workers/{id}?week={week}\">{}</a></h2>",
        if worker.needs_guidance() { " pressed" } else { "" },
        escape(&worker.display_name)
    );
    if worker.needs_guidance() {
        let _ = write!(
            html,
            "<p class=\"badge badge-warn\" data-testid=\"needs-guidance\">{}{}</p>",
            icon(Icon::Alert),
            frame.text(Text::WouldLikeGuidance)
        );
    }
    html.push_str("<dl class=\"figures\">");
    let figures = [
        (
            "active_service_users",
            Text::ActiveServiceUsers,
            worker.active_service_users,
        ),
        ("contacts", Text::Contacts, c.contacts),
        (
            "after_hours_contacts",
            Text::AfterHours,
            c.after_hours_contacts,
        ),
        (
            "outside_agreement_contacts",
            Text::OutsideAgreement,
            c.outside_agreement_contacts,
        ),
        (
            "limit_exceeded_days",
            Text::LimitDays,
            c.limit_exceeded_days,
        ),
        (
            "weekly_limit_exceeded",
            Text::WeeklyLimits,
            worker.weekly_limit_exceeded,
        ),
        (
            "unanswered_incoming",
            Text::Unanswered,
            c.unanswered_incoming,
        ),
        (
            "relationships_ending_soon",
            Text::EndingSoon,
            worker.relationships_ending_soon,
        ),
    ];
    for (name, label, value) in figures {
        let _ = write!(
            html,
            "<div><dt>{}</dt><dd data-figure=\"{name}\">{value}</dd></div>",
            frame.text(label)
        );
    }
    let checkin = match worker.checkin {
        Some(c) => format!(
            "{}: {}",
            frame.text(Text::KindCheckin),
            words::message(
                frame.language,
                Message::CheckinLine {
                    energy: c.energy,
                    strain: c.strain,
                    burnout: c.burnout,
                }
            )
        ),
        None => frame.text(Text::CheckinNotShared).to_owned(),
    };
    let synced = match worker.last_sync_at {
        Some(at) => message(frame.language, Message::LastSync(&(frame.moment)(at))),
        None => frame.text(Text::NeverSynced).to_owned(),
    };
    let _ = write!(
        html,
        "</dl><p class=\"small\" data-testid=\"checkin-line\">{checkin}</p>\
         <p class=\"small\" data-testid=\"last-sync\">{synced}"
    );
    if worker.stale(frame.now) {
        let _ = write!(
            html,
            " <span class=\"badge badge-warn\" data-testid=\"stale\">{}{}</span>",
            icon(Icon::Clock),
            frame.text(Text::Stale)
        );
    }
    html.push_str("</p></article>");
}

/// A worker's week per service user, or `None` when the week's summary does not list them.
pub(crate) fn worker_week(frame: &Frame, summary: &TeamSummary, worker: Uuid) -> Option<String> {
    let worker = summary.workers.iter().find(|w| w.worker_id == worker)?;
    let columns = [
        Text::ServiceUser,
        Text::Contacts,
        Text::OutsideAgreement,
        Text::AfterHours,
        Text::LimitDays,
        Text::WeeklyLimits,
        Text::Unanswered,
    ];
    let pressure = frame.text(Text::BoundaryPressure);
    let mut html = format!(
        "<section class=\"card\" data-testid=\"service-users\"><h2>{pressure}</h2>\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{pressure}\">\
         <table><thead><tr>"
    );
    for column in columns {
        let _ = write!(html, "<th scope=\"col\">{}</th>", frame.text(column));
    }
    html.push_str("</tr></thead><tbody>");
    for su in &worker.service_users {
        let c = su.counts;
        let weekly = frame.text(if su.weekly_limit_exceeded {
            Text::Yes
        } else {
            Text::No
        });
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{weekly}</td><td>{}</td></tr>",
            escape(&su.name),
            c.contacts,
            c.outside_agreement_contacts,
            c.after_hours_contacts,
            c.limit_exceeded_days,
            c.unanswered_incoming
        );
    }
    html.push_str("</tbody></table></div></section>");
    Some(html)
}

/// The access log, newest first, with the coordinator's own reads marked.
pub(crate) fn access_log(frame: &Frame, entries: &[AccessEntry], me: Option<Uuid>) -> String {
    let mut html = String::from("<ul class=\"list card\" data-testid=\"access-log\">");
    for entry in entries {
        let what = frame.text(match entry.endpoint.as_str() {
            path if path.ends_with(".csv") => Text::EndpointCsv,
            path if path.ends_with("access-log") => Text::EndpointAccessLog,
            _ => Text::EndpointSummary,
        });
        let week = entry
            .week
            .as_deref()
            .map(|week| format!(" · {}", escape(week)))
            .unwrap_or_default();
        let mine = if entry.user_id.is_some() && entry.user_id == me {
            format!(" ({})", frame.text(Text::You))
        } else {
            String::new()
        };
        let at = entry.at.map(frame.moment).unwrap_or_default();
        let _ = write!(
            html,
            "<li class=\"list-item\" data-testid=\"access-entry\"><span class=\"list-main\">{what}{week}</span>\
             <span class=\"small muted\">{at} · {}{mine}</span></li>",
            escape(&entry.display_name)
        );
    }
    html.push_str("</ul>");
    html
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

    #[test]
    fn cards_come_by_pressure_with_guidance_and_staleness_marked_in_words() {
        let html = cards(&frame(&clock), &summary(), week());
        let ingrid = html.find("Ingrid &lt;3").unwrap();
        let jonas = html.find("Jonas").unwrap();
        assert!(ingrid < jonas, "more pressure first");
        assert!(!html.contains("Ingrid <3"), "names are escaped");
        assert_eq!(html.matches("data-testid=\"needs-guidance\"").count(), 1);
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
        // The words on screen (tags and attributes left out) blame no one.
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
        for never in ["violation", "exceeded", "non-compliant", "breach"] {
            assert!(!shown.to_lowercase().contains(never), "{never} in {shown}");
        }
    }

    #[test]
    fn a_workers_week_lists_service_users_escaped() {
        let html = worker_week(&frame(&clock), &summary(), Uuid::from_u128(2)).unwrap();
        assert!(html.contains("<th scope=\"row\">&lt;b&gt;Ola&lt;/b&gt;</th><td>9</td><td>1</td><td>4</td><td>0</td><td>yes</td><td>0</td>"));
        assert_eq!(
            worker_week(&frame(&clock), &summary(), Uuid::from_u128(3)),
            None
        );
    }

    #[test]
    fn the_week_nav_stops_at_the_current_week() {
        let html = week_nav(&frame(&clock), "/team", week(), week());
        assert!(html.contains("href=\"/team?week=2026-W47\""));
        assert!(!html.contains("2026-W49"));
        assert!(html.contains("Week 48, 2026"));
        let earlier = week_nav(
            &frame(&clock),
            "/team/export",
            "2026-W45".parse().unwrap(),
            week(),
        );
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
                display_name: "Per".into(),
                endpoint: "/api/v1/team/summary".into(),
                week: None,
            },
        ];
        let html = access_log(&frame(&clock), &entries, Some(me));
        assert!(html.contains("CSV download · 2026-W48"));
        assert!(html.contains("26.11 12:00 · Kari (you)"));
        assert!(html.contains("Weekly summary</span>"));
        assert!(html.contains(" · Per</span>"));
    }

    #[test]
    fn notes_say_where_the_figures_come_from() {
        let f = frame(&clock);
        assert!(state_note(&f, None).contains("Fetching"));
        assert!(state_note(&f, Some(None)).contains("no-figures"));
        assert!(state_note(&f, Some(Some((now(), true))))
            .contains("Saved figures, fetched 26.11 12:00"));
        assert_eq!(state_note(&f, Some(Some((now(), false)))), "");
    }
}
