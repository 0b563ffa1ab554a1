//! The coordinator's screens: Team this week, a worker's week with the eight-week trend, the CSV
//! export and the access log (the router names them, the shell shows them). Each is in the screen
//! shape (`markup`): a pure `render_…` of what it loaded, and a `mount_…` that loads its figures
//! and draws them. The week is in the address (`?week=2026-W48`), so the previous/next links,
//! reloads and the back button all keep it.

use super::calendar;
use super::chart;
use super::fetch::{self, Caller, Shown};
use super::model::{access_entries, trend, TeamSummary};
use super::render::{self, Frame, Standing};
use super::words::{team_message, TeamMessage, TeamText};
use crate::icons::Icon;
use crate::markup::{self, actions, html, icon, Markup, Mounted};
use crate::model::time;
use crate::router::use_router;
use crate::session::use_account;
use crate::state::use_app;
use crate::sync::{use_sync, view::moment_text};
use crate::words::use_i18n;
use leptos::prelude::*;
use peerline_core::{IsoWeek, TeamCoverEntry};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// The current week, and the week this screen shows: `?week=` if it reads as one, not in the
/// future, else the current week.
fn weeks() -> Memo<(IsoWeek, IsoWeek)> {
    let app = use_app();
    let router = use_router();
    Memo::new(move |_| {
        let current = time::week_of(app.profile().timezone, app.now());
        let shown = router
            .search
            .with(|search| {
                let search = search.trim_start_matches('?');
                search
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("week=")?.parse().ok())
            })
            .filter(|week| *week <= current)
            .unwrap_or(current);
        (current, shown)
    })
}

/// What a screen loaded: `None` until the answer is in, then the figures (or `None` if there are
/// none, fetched or kept).
pub(crate) type Loaded = Option<Option<Shown<Value>>>;
type Fetch = Box<dyn Fn(IsoWeek) -> Pin<Box<dyn Future<Output = Option<Shown<Value>>>>>>;

/// Loads with `fetch` whenever the shown week changes. One function for every screen (boxed, so
/// it is compiled once).
fn load(week: Memo<(IsoWeek, IsoWeek)>, fetch: Fetch) -> RwSignal<Loaded> {
    let data = RwSignal::new(None);
    Effect::new(move |_| {
        let wanted = week.get().1;
        data.set(None);
        let answer = fetch(wanted);
        leptos::task::spawn_local(async move {
            let value = answer.await;
            // The screen may be gone by now (it is drawn anew whenever the path changes): then
            // its signals are disposed and the answer is dropped.
            if week.try_get_untracked().map(|week| week.1) == Some(wanted) {
                data.try_set(Some(value));
            }
        });
    });
    data
}

/// Runs `draw` with the frame every text needs (language, clock, moments in words; tracked).
pub(crate) fn with_frame(draw: impl FnOnce(&Frame) -> Markup) -> Markup {
    let i18n = use_i18n();
    let app = use_app();
    let moment = |at| moment_text(at);
    draw(&Frame {
        language: i18n.language(),
        now: app.now(),
        moment: &moment,
    })
}

/// Where the loaded figures stand, for the note above them.
fn standing(loaded: &Loaded) -> Standing {
    loaded
        .as_ref()
        .map(|shown| shown.as_ref().map(|s| (s.at, s.saved)))
}

/// The figures, once loaded, as a summary.
fn summary(loaded: &Loaded) -> Option<TeamSummary> {
    TeamSummary::from_value(&loaded.as_ref()?.as_ref()?.value)
}

actions! {
    /// The screens that show figures draw links only; this enum has no action to parse.
    pub(crate) enum Links {}
}

/// The week a screen shows, and the current one (the last it may show).
#[derive(Clone, Copy)]
pub(crate) struct Weeks {
    pub(crate) current: IsoWeek,
    pub(crate) shown: IsoWeek,
}

/// Team this week: how many absences ahead nobody covers (a link to the cover calendar, once
/// the calendar is fetched or kept), the week's picker, where the figures come from, a card per
/// worker.
pub(crate) fn render_team(
    frame: &Frame,
    weeks: Weeks,
    loaded: &Loaded,
    cover: Option<&[TeamCoverEntry]>,
) -> Markup {
    let uncovered = cover.map(|entries| calendar::uncovered_ahead(entries, frame.now));
    html! {
        h1 { (frame.text(TeamText::TeamThisWeek)) }
        @match uncovered {
            Some(0) => p data-testid="uncovered-count" {
                a href="/team/cover" { (team_message(frame.language, TeamMessage::Uncovered(0))) }
            },
            Some(count) => p.notice.notice-warn.uncovered-count data-testid="uncovered-count" {
                (icon(Icon::Alert))
                a href="/team/cover" { (team_message(frame.language, TeamMessage::Uncovered(count))) }
            },
            None => {},
        }
        (render::week_nav(frame, "/team", weeks.shown, weeks.current))
        (render::state_note(frame, standing(loaded)))
        @if let Some(summary) = summary(loaded) {
            (render::cards(frame, &summary, weeks.shown))
        }
    }
}

/// Shows Team this week in `element`.
pub(crate) fn mount_team(element: web_sys::Element) -> Mounted {
    let (caller, sync) = (Caller::here(), use_sync());
    let weeks = weeks();
    let data = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::week(caller, sync, week, 0))),
    );
    // The cover calendar from this week, for the header's count.
    let current = Memo::new(move |_| weeks.get().0);
    let cover = RwSignal::new(None::<Vec<TeamCoverEntry>>);
    Effect::new(move |_| {
        let first = current.get();
        leptos::task::spawn_local(async move {
            let shown = fetch::cover(caller, sync, first, calendar::WEEKS, 0).await;
            let entries = shown.and_then(|shown| calendar::entries(&shown.value));
            cover.try_set(entries);
        });
    });
    markup::mount(
        element,
        move || {
            let (current, shown) = weeks.get();
            let weeks = Weeks { current, shown };
            with_frame(|frame| {
                data.with(|loaded| {
                    cover.with(|cover| render_team(frame, weeks, loaded, cover.as_deref()))
                })
            })
        },
        |action: Links, _| match action {},
    )
}

/// One worker's week per service user, and their eight-week trend (`series`: the eight weeks'
/// summaries up to the shown one, oldest first).
pub(crate) fn render_worker(
    frame: &Frame,
    id: Option<Uuid>,
    weeks: Weeks,
    loaded: &Loaded,
    series: &Loaded,
) -> Markup {
    let summary = summary(loaded);
    let worker = summary
        .as_ref()
        .and_then(|s| s.workers.iter().find(|w| Some(w.worker_id) == id));
    let path = id
        .map(|id| format!("/team/workers/{id}"))
        .unwrap_or_default();
    let table = summary
        .as_ref()
        .zip(id)
        .and_then(|(summary, id)| render::worker_week(frame, summary, id));
    let trend_weeks = |summaries: &Vec<Value>| -> Vec<(IsoWeek, Option<TeamSummary>)> {
        (0..8)
            .rev()
            .map(|back| time::shift_week(weeks.shown, -back))
            .zip(summaries)
            .map(|(week, value)| (week, TeamSummary::from_value(value)))
            .collect()
    };
    let eight = series
        .as_ref()
        .and_then(|shown| shown.as_ref()?.value.as_array());
    html! {
        p { a href={ "/team?week=" (weeks.shown) } { (frame.text(TeamText::BackToTeam)) } }
        h1 { @if let Some(worker) = worker { (worker.display_name) } }
        (render::week_nav(frame, &path, weeks.shown, weeks.current))
        (render::state_note(frame, standing(loaded)))
        @if let Some(table) = table { (table) }
        @if let Some(agenda) = summary.as_ref().zip(id).and_then(|(summary, id)| render::agenda(frame, summary, id)) {
            (agenda)
        }
        section.card {
            h2 { (frame.text(TeamText::TrendTitle)) }
            @match (eight, id) {
                (Some(summaries), Some(id)) => (chart::trend(frame.language, &trend(id, &trend_weeks(summaries)))),
                _ => (render::state_note(frame, standing(series))),
            }
        }
    }
}

/// Shows the worker of the route's `:id` in `element`.
pub(crate) fn mount_worker(element: web_sys::Element) -> Mounted {
    let id = untrack(|| use_router().param("id")).and_then(|id| id.parse::<Uuid>().ok());
    let (caller, sync) = (Caller::here(), use_sync());
    let weeks = weeks();
    // The team screen fetched this week a moment ago: its copy will do for five minutes.
    let data = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::week(caller, sync, week, 300))),
    );
    let series = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::eight_weeks(caller, sync, week))),
    );
    markup::mount(
        element,
        move || {
            let (current, shown) = weeks.get();
            let weeks = Weeks { current, shown };
            with_frame(|frame| {
                data.with(|loaded| {
                    series.with(|series| render_worker(frame, id, weeks, loaded, series))
                })
            })
        },
        |action: Links, _| match action {},
    )
}

actions! {
    /// What the export screen's button does.
    pub(crate) enum ExportAction {
        Download = "download-csv",
    }
}

/// What the export screen remembers: a download under way, and how the last one went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ExportLocal {
    pub(crate) busy: bool,
    pub(crate) outcome: Option<TeamText>,
}

/// The CSV export of a week: its picker, and the button (off while offline or busy).
pub(crate) fn render_export(
    frame: &Frame,
    weeks: Weeks,
    local: ExportLocal,
    online: bool,
) -> Markup {
    html! {
        h1 { (frame.text(TeamText::ExportTitle)) }
        (render::week_nav(frame, "/team/export", weeks.shown, weeks.current))
        section.card {
            p.hint { (frame.text(TeamText::TeamExportHint)) }
            button.btn.btn-primary type="button" data-testid="download-csv"
                data-action=(ExportAction::Download) disabled[local.busy || !online] {
                (icon(Icon::Download)) (frame.text(TeamText::DownloadCsv))
            }
            @if let Some(said) = local.outcome {
                p role="status" data-testid="csv-outcome" { (frame.text(said)) }
            }
        }
    }
}

/// Shows the export screen in `element`.
pub(crate) fn mount_export(element: web_sys::Element) -> Mounted {
    let (caller, sync, i18n) = (Caller::here(), use_sync(), use_i18n());
    let weeks = weeks();
    let local = RwSignal::new(ExportLocal::default());
    markup::mount(
        element,
        move || {
            let (current, shown) = weeks.get();
            let weeks = Weeks { current, shown };
            with_frame(|frame| render_export(frame, weeks, local.get(), sync.online.get()))
        },
        move |action, _| match action {
            ExportAction::Download => {
                local.set(ExportLocal {
                    busy: true,
                    outcome: None,
                });
                let week = weeks.get_untracked().1;
                let language = untrack(|| i18n.language());
                leptos::task::spawn_local(async move {
                    let done = fetch::csv(caller, week, language).await;
                    let outcome = if done.is_ok() {
                        TeamText::Downloaded
                    } else {
                        TeamText::DownloadFailed
                    };
                    local.try_set(ExportLocal {
                        busy: false,
                        outcome: Some(outcome),
                    });
                });
            }
        },
    )
}

/// Who read the team's figures, when (`me`: the coordinator looking, whose reads are marked).
pub(crate) fn render_access_log(frame: &Frame, loaded: &Loaded, me: Option<Uuid>) -> Markup {
    html! {
        h1 { (frame.text(TeamText::AccessLogTitle)) }
        p.hint { (frame.text(TeamText::AccessLogHint)) }
        (render::state_note(frame, standing(loaded)))
        @if let Some(Some(shown)) = loaded {
            (render::access_log(frame, &access_entries(&shown.value), me))
        }
    }
}

/// Shows the access log in `element`.
pub(crate) fn mount_access_log(element: web_sys::Element) -> Mounted {
    let (caller, sync) = (Caller::here(), use_sync());
    let me = untrack(|| use_account().user()).map(|user| user.id);
    let data = load(
        weeks(),
        Box::new(move |_| Box::pin(fetch::access_log(caller, sync))),
    );
    markup::mount(
        element,
        move || with_frame(|frame| data.with(|loaded| render_access_log(frame, loaded, me))),
        |action: Links, _| match action {},
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::words::Language;
    use chrono::{DateTime, TimeZone, Utc};
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%d.%m %H:%M").to_string()
    }

    fn frame(moment: &dyn Fn(DateTime<Utc>) -> String) -> Frame<'_> {
        Frame {
            language: Language::En,
            now: now(),
            moment,
        }
    }

    fn weeks() -> Weeks {
        Weeks {
            current: "2026-W48".parse().unwrap(),
            shown: "2026-W48".parse().unwrap(),
        }
    }

    fn worker(id: u128, name: &str, contacts: u32) -> Value {
        json!({
            "worker_id": Uuid::from_u128(id), "display_name": name,
            "last_sync_at": "2026-11-26T11:00:00Z", "contacts": contacts,
            "service_users": [{"name": "Ola", "contacts": contacts}],
            "agenda": [{"id": Uuid::from_u128(7), "week": "2026-W48", "topic": "after_hours",
                "contact_name": "<i>Ola"}],
        })
    }

    fn shown(value: Value, saved: bool) -> Loaded {
        Some(Some(Shown {
            value,
            at: now(),
            saved,
        }))
    }

    #[test]
    fn team_this_week_says_where_its_figures_come_from_and_escapes_names() {
        let f = frame(&clock);
        let fetching = render_team(&f, weeks(), &None, None).into_string();
        assert!(fetching.contains("<h1>Team this week</h1>"), "{fetching}");
        assert!(fetching.contains("Fetching"), "{fetching}");
        assert!(!fetching.contains("worker-card"));
        let summary = json!({"week": "2026-W48", "workers": [worker(1, "<b>Ingrid", 3)]});
        let kept = render_team(&f, weeks(), &shown(summary, true), None).into_string();
        assert!(kept.contains("data-testid=\"saved-figures\""), "{kept}");
        assert!(
            kept.contains("&lt;b&gt;Ingrid") && !kept.contains("<b>"),
            "{kept}"
        );
        assert_eq!(kept.matches("data-testid=\"worker-card\"").count(), 1);
        assert!(drawn::<Links>(&kept).is_empty());
    }

    #[test]
    fn the_header_counts_absences_ahead_nobody_covers_and_links_to_the_calendar() {
        let f = frame(&clock);
        let entry = |id: u128, ends_at: &str, covered: bool| {
            json!({
                "request_id": Uuid::from_u128(id),
                "worker": {"id": Uuid::from_u128(9), "display_name": "Ingrid"},
                "starts_at": "2026-11-20T23:00:00Z", "ends_at": ends_at, "kind": "vacation",
                "note_to_team": null, "status": "open", "holiday_dates": [],
                "covered_by": covered.then(|| json!({"worker_id": Uuid::from_u128(8),
                    "display_name": "Jonas", "phone": null})),
            })
        };
        let list = |value| calendar::entries(&value).unwrap();
        let two = list(json!([
            entry(1, "2026-11-25T23:00:00Z", false),
            entry(2, "2026-12-30T23:00:00Z", false),
            entry(3, "2026-12-30T23:00:00Z", false),
            entry(4, "2026-12-30T23:00:00Z", true),
        ]));
        let html = render_team(&f, weeks(), &None, Some(&two)).into_string();
        let count = &html[html.find("uncovered-count").unwrap()..];
        let count = &count[..count.find("</p>").unwrap()];
        assert!(count.contains("<svg"), "an icon: {count}");
        assert!(
            count.contains("<a href=\"/team/cover\">2 absences need cover</a>"),
            "the ended one is not counted: {count}"
        );
        let covered = list(json!([entry(4, "2026-12-30T23:00:00Z", true)]));
        let html = render_team(&f, weeks(), &None, Some(&covered)).into_string();
        assert!(html.contains("Every absence ahead is covered"), "{html}");
        let unknown = render_team(&f, weeks(), &None, None).into_string();
        assert!(!unknown.contains("uncovered-count"));
    }

    #[test]
    fn a_workers_page_names_them_and_draws_the_trend_once_eight_weeks_are_in() {
        let f = frame(&clock);
        let id = Uuid::from_u128(1);
        let week = json!({"week": "2026-W48", "workers": [worker(1, "Ingrid", 4)]});
        let eight = json!([
            null,
            null,
            null,
            null,
            null,
            null,
            week.clone(),
            week.clone()
        ]);
        let html = render_worker(
            &f,
            Some(id),
            weeks(),
            &shown(week.clone(), false),
            &shown(eight, false),
        )
        .into_string();
        assert!(html.contains("<h1>Ingrid</h1>"), "{html}");
        assert!(html.contains("href=\"/team?week=2026-W48\""), "{html}");
        assert!(html.contains(&format!("href=\"/team/workers/{id}?week=2026-W47\"")));
        assert!(html.contains("data-testid=\"service-users\""));
        // The shared agenda: topic in words, week, the contact's name escaped.
        assert!(
            html.contains(
                "Time outside my hours</span><span class=\"small muted\">2026-W48 · &lt;i&gt;Ola"
            ),
            "{html}"
        );
        assert_eq!(
            html.matches("<tr><th scope=\"row\">").count(),
            1 + 8,
            "{html}"
        );
        let waiting = render_worker(&f, Some(id), weeks(), &shown(week, false), &None);
        let waiting = waiting.into_string();
        assert!(!waiting.contains("data-testid=\"trend\"") && waiting.contains("Fetching"));
    }

    #[test]
    fn the_export_button_waits_for_the_network_and_says_how_it_went() {
        let f = frame(&clock);
        let calm = render_export(&f, weeks(), ExportLocal::default(), true).into_string();
        assert_eq!(drawn::<ExportAction>(&calm), [ExportAction::Download]);
        assert!(
            !calm.contains("disabled") && !calm.contains("csv-outcome"),
            "{calm}"
        );
        let offline = render_export(&f, weeks(), ExportLocal::default(), false).into_string();
        assert!(offline.contains(" disabled>"), "{offline}");
        let done = ExportLocal {
            busy: false,
            outcome: Some(TeamText::Downloaded),
        };
        let done = render_export(&f, weeks(), done, true).into_string();
        assert!(done.contains("The CSV file is downloaded."), "{done}");
    }

    #[test]
    fn the_access_log_lists_what_was_loaded() {
        let f = frame(&clock);
        let log = json!({"entries": [{"at": "2026-11-26T12:00:00Z", "display_name": "Kari",
            "endpoint": "/api/v1/team/summary", "week": "2026-W48"}]});
        let html = render_access_log(&f, &shown(log, false), None).into_string();
        assert_eq!(
            html.matches("data-testid=\"access-entry\"").count(),
            1,
            "{html}"
        );
        let none = render_access_log(&f, &Some(None), None).into_string();
        assert!(none.contains("no-figures") && !none.contains("access-entry"));
    }
}
