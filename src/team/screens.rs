//! The coordinator's screens: Team this week, a worker's week with the eight-week trend, the CSV
//! export and the access log (the router names them, the shell shows them). Each screen loads its figures and
//! shows `render`'s text for them. The week is in the address (`?week=2026-W48`), so the
//! previous/next links, reloads and the back button all keep it.

use super::chart::trend_html;
use super::fetch::{self, Shown};
use super::model::{access_entries, trend, TeamSummary};
use super::render::{self, Frame};
use crate::icons::Icon;
use crate::markup::legacy::{action_of, button, icon, live};
use crate::model::time;
use crate::router::use_router;
use crate::session::use_account;
use crate::state::use_app;
use crate::sync::{use_sync, view::moment_text};
use crate::words::{live_text, text, use_i18n, Text};
use leptos::prelude::*;
use peerline_core::IsoWeek;
use peerline_share::html::escape;
use serde_json::Value;
use std::fmt::Write;
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
type Loaded = Option<Option<Shown<Value>>>;
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

/// Runs `draw` with the frame every text needs (language, clock, moments in words).
fn with_frame(draw: impl Fn(&Frame) -> String) -> String {
    let i18n = use_i18n();
    let app = use_app();
    let moment = |at| moment_text(at);
    draw(&Frame {
        language: i18n.language(),
        now: app.now(),
        moment: &moment,
    })
}

fn note(frame: &Frame, loaded: &Loaded) -> String {
    let state = loaded
        .as_ref()
        .map(|shown| shown.as_ref().map(|s| (s.at, s.saved)));
    render::state_note(frame, state)
}

/// The figures, once loaded, as a summary.
fn summary(loaded: &Loaded) -> Option<TeamSummary> {
    TeamSummary::from_value(&loaded.as_ref()?.as_ref()?.value)
}

/// Team this week: a card per worker.
pub(crate) fn team_page() -> impl IntoView {
    let (account, sync) = (use_account(), use_sync());
    let weeks = weeks();
    let data = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::week(account, sync, week, 0))),
    );
    let html = move || {
        let (current, week) = weeks.get();
        with_frame(|frame| {
            data.with(|loaded| {
                let mut html = render::week_nav(frame, "/team", week, current);
                html.push_str(&note(frame, loaded));
                if let Some(summary) = summary(loaded) {
                    html.push_str(&render::cards(frame, &summary, week));
                }
                html
            })
        })
    };
    view! {
        <h1>{live_text(Text::TeamThisWeek)}</h1>
        <div inner_html=live(html)></div>
    }
}

/// One worker's week and their eight-week trend (`/team/workers/:id`).
pub(crate) fn worker_page() -> impl IntoView {
    let id = untrack(|| use_router().param("id")).and_then(|id| id.parse::<Uuid>().ok());
    let (account, sync) = (use_account(), use_sync());
    let weeks = weeks();
    // The team screen fetched this week a moment ago: its copy will do for five minutes.
    let data = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::week(account, sync, week, 300))),
    );
    let series = load(
        weeks,
        Box::new(move |week| Box::pin(fetch::eight_weeks(account, sync, week))),
    );
    let html = move || {
        let (current, week) = weeks.get();
        with_frame(|frame| {
            let path = id
                .map(|id| format!("/team/workers/{id}"))
                .unwrap_or_default();
            let mut html = format!(
                "<p><a href=\"/team?week={week}\">{}</a></p>",
                text(frame.language, Text::BackToTeam)
            );
            data.with(|loaded| {
                let summary = summary(loaded);
                let worker = summary
                    .as_ref()
                    .and_then(|s| s.workers.iter().find(|w| Some(w.worker_id) == id));
                let name = worker.map(|w| escape(&w.display_name)).unwrap_or_default();
                let _ = write!(html, "<h1>{name}</h1>");
                html.push_str(&render::week_nav(frame, &path, week, current));
                html.push_str(&note(frame, loaded));
                let table = summary.and_then(|summary| render::worker_week(frame, &summary, id?));
                html.push_str(&table.unwrap_or_default());
            });
            let _ = write!(
                html,
                "<section class=\"card\"><h2>{}</h2>",
                text(frame.language, Text::TrendTitle)
            );
            series.with(|loaded| {
                let shown = loaded
                    .as_ref()
                    .map(|shown| shown.as_ref().and_then(|s| s.value.as_array()));
                match (shown, id) {
                    (Some(Some(summaries)), Some(id)) => {
                        let weeks: Vec<(IsoWeek, Option<TeamSummary>)> = (0..8)
                            .rev()
                            .map(|back| time::shift_week(week, -back))
                            .zip(summaries)
                            .map(|(week, value)| (week, TeamSummary::from_value(value)))
                            .collect();
                        html.push_str(&trend_html(frame.language, &trend(id, &weeks)));
                    }
                    _ => html.push_str(&note(frame, loaded)),
                }
            });
            html.push_str("</section>");
            html
        })
    };
    view! { <div inner_html=live(html)></div> }
}

/// The CSV export of a week.
pub(crate) fn export_page() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let sync = use_sync();
    let weeks = weeks();
    let outcome = RwSignal::new(None::<Text>);
    let busy = RwSignal::new(false);
    let click = move |event: leptos::ev::MouseEvent| {
        if action_of(&event).as_deref() != Some("download-csv") {
            return;
        }
        busy.set(true);
        outcome.set(None);
        let week = weeks.get_untracked().1;
        let language = untrack(|| i18n.language());
        leptos::task::spawn_local(async move {
            let done = fetch::csv(account, week, language).await;
            busy.try_set(false);
            outcome.try_set(Some(if done.is_ok() {
                Text::Downloaded
            } else {
                Text::DownloadFailed
            }));
        });
    };
    let html = move || {
        let (current, week) = weeks.get();
        with_frame(|frame| {
            let mut html = render::week_nav(frame, "/team/export", week, current);
            let _ = write!(
                html,
                "<section class=\"card\"><p class=\"hint\">{}</p>{}",
                text(frame.language, Text::TeamExportHint),
                button(
                    "btn-primary",
                    "download-csv",
                    &format!(
                        "{}{}",
                        icon(Icon::Download),
                        text(frame.language, Text::DownloadCsv)
                    ),
                    busy.get() || !sync.online.get(),
                )
            );
            if let Some(said) = outcome.get() {
                let _ = write!(
                    html,
                    "<p role=\"status\" data-testid=\"csv-outcome\">{}</p>",
                    text(i18n.language(), said)
                );
            }
            html.push_str("</section>");
            html
        })
    };
    view! {
        <h1>{live_text(Text::ExportTitle)}</h1>
        <div on:click=click inner_html=live(html)></div>
    }
}

/// Who read the team's figures, when.
pub(crate) fn access_log_page() -> impl IntoView {
    let (account, sync) = (use_account(), use_sync());
    let me = untrack(|| account.user()).map(|user| user.id);
    let data = load(
        weeks(),
        Box::new(move |_| Box::pin(fetch::access_log(account, sync))),
    );
    let html = move || {
        with_frame(|frame| {
            data.with(|loaded| {
                let mut html = note(frame, loaded);
                if let Some(Some(shown)) = loaded {
                    let entries = access_entries(&shown.value);
                    html.push_str(&render::access_log(frame, &entries, me));
                }
                html
            })
        })
    };
    view! {
        <h1>{live_text(Text::AccessLogTitle)}</h1>
        <p class="hint">{live_text(Text::AccessLogHint)}</p>
        <div inner_html=live(html)></div>
    }
}
