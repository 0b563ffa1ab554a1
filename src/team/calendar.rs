//! The cover calendar (issue 19): the absences the team's workers asked cover for, over the eight
//! weeks from a chosen week (`/team/cover?week=2026-W52`, this week by default), from
//! `GET /team/cover` (api.md "Team cover"). The ones nobody covers come first, each marked with
//! an icon and in words; each names its worker, its dates, its kind, its public holidays and who
//! covers. The public holidays of the eight weeks are listed too. Offline: the calendar last
//! fetched for those weeks, marked with its time. Team this week's header counts the absences
//! ahead nobody covers ([`uncovered_ahead`]) and links here.
//!
//! In the screen shape (`markup`): [`Model`], [`render`] (pure, tested below), [`Action`],
//! [`mount`].

use super::fetch::{self, Caller, Shown};
use super::render::{state_note, Frame};
use super::words::{team_message, TeamMessage, TeamText};
use crate::icons::Icon;
use crate::markup::{self, actions, html, icon, tel_href, Markup, Mounted};
use crate::model::time;
use crate::parts::absences::kind_key;
use crate::router::use_router;
use crate::state::use_app;
use crate::sync::use_sync;
use crate::words::{message, Language, Message, Text};
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use peerline_core::{holiday_on, CoverStatus, IsoWeek, TeamCoverEntry, TimeWords};
use serde_json::Value;

/// How many weeks the calendar shows.
pub(crate) const WEEKS: u64 = 8;

actions! {
    /// What the calendar's button does.
    pub(crate) enum Action {
        Refresh = "calendar-refresh",
    }
}

/// What the calendar loaded for its first week: `None` while fetching, `Some(None)` when there is
/// neither an answer nor a kept copy.
pub(crate) type Loaded = Option<Option<Shown<Value>>>;

/// Everything the screen shows.
pub(crate) struct Model<'a> {
    pub(crate) frame: &'a Frame<'a>,
    /// The coordinator's zone: dates are said in it.
    pub(crate) zone: Tz,
    /// The first of the eight weeks, and the current week.
    pub(crate) first: IsoWeek,
    pub(crate) current: IsoWeek,
    pub(crate) loaded: &'a Loaded,
}

/// The entries of an answer (or a kept copy); `None` if it is not the list api.md describes.
pub(crate) fn entries(value: &Value) -> Option<Vec<TeamCoverEntry>> {
    serde_json::from_value(value.clone()).ok()
}

fn uncovered(entry: &TeamCoverEntry) -> bool {
    entry.status == CoverStatus::Open && entry.covered_by.is_none()
}

/// How many open requests nobody covers yet whose absence has not ended by `now`.
pub(crate) fn uncovered_ahead(entries: &[TeamCoverEntry], now: DateTime<Utc>) -> usize {
    entries
        .iter()
        .filter(|entry| uncovered(entry) && entry.ends_at > now)
        .count()
}

/// The open requests, nobody's first, then the covered; each by start.
fn in_order(entries: &[TeamCoverEntry]) -> (Vec<&TeamCoverEntry>, Vec<&TeamCoverEntry>) {
    let mut open: Vec<&TeamCoverEntry> = entries
        .iter()
        .filter(|entry| entry.status == CoverStatus::Open)
        .collect();
    peerline_core::order::sort_by_key(&mut open, |entry| entry.starts_at);
    open.into_iter().partition(|entry| uncovered(entry))
}

/// The local dates of the eight weeks from `first`.
fn dates(first: IsoWeek) -> impl Iterator<Item = NaiveDate> {
    let monday = first.monday();
    (0..WEEKS * 7).filter_map(move |day| monday.checked_add_days(Days::new(day)))
}

fn holiday_name(language: Language, date: NaiveDate) -> &'static str {
    match (holiday_on(date), language) {
        (Some(holiday), Language::Nb) => holiday.name_nb(),
        (Some(holiday), Language::En) => holiday.name_en(),
        (None, _) => "",
    }
}

/// The whole screen.
pub(crate) fn render(model: &Model) -> Markup {
    let frame = model.frame;
    let standing = model
        .loaded
        .as_ref()
        .map(|shown| shown.as_ref().map(|s| (s.at, s.saved)));
    let list = model
        .loaded
        .as_ref()
        .and_then(|shown| entries(&shown.as_ref()?.value));
    let words = TimeWords::new(frame.language, model.zone, frame.now);
    html! {
        p { a href="/team" { (frame.text(TeamText::BackToTeam)) } }
        h1 { (frame.text(TeamText::CalendarTitle)) }
        p.hint { (frame.text(TeamText::CalendarHint)) }
        (week_nav(model))
        (state_note(frame, standing))
        div.btn-row {
            button.btn type="button" data-testid="calendar-refresh" data-action=(Action::Refresh) {
                (icon(Icon::Refresh)) (frame.text(Text::Refresh))
            }
        }
        @if let Some(list) = &list {
            (requests(frame, &words, list))
        }
        (holidays(frame, &words, model.first))
    }
}

/// The previous and the next week as links, the weeks shown between them, and a way back to this
/// week once away from it.
fn week_nav(model: &Model) -> Markup {
    let frame = model.frame;
    let link = |week: IsoWeek| format!("/team/cover?week={week}");
    let last = time::shift_week(model.first, WEEKS as i64 - 1);
    html! {
        div.week-nav {
            a.btn href=(link(time::shift_week(model.first, -1)))
                aria-label=(frame.text(TeamText::CalendarPrevious)) data-testid="calendar-previous" { "‹" }
            h2 data-testid="calendar-weeks" {
                (team_message(frame.language, TeamMessage::Weeks { first: model.first, last }))
            }
            a.btn href=(link(time::shift_week(model.first, 1)))
                aria-label=(frame.text(TeamText::CalendarNext)) data-testid="calendar-next" { "›" }
        }
        @if model.first != model.current {
            p { a href="/team/cover" data-testid="calendar-now" { (frame.text(TeamText::CalendarNow)) } }
        }
    }
}

/// The requests: those nobody covers, then the covered.
fn requests(frame: &Frame, words: &TimeWords, list: &[TeamCoverEntry]) -> Markup {
    let (open, covered) = in_order(list);
    html! {
        @if open.is_empty() && covered.is_empty() {
            p.muted data-testid="calendar-empty" { (frame.text(TeamText::CalendarNothing)) }
        } @else {
            section.card aria-labelledby="calendar-uncovered-heading" data-testid="calendar-uncovered-list" {
                h2 #calendar-uncovered-heading { (frame.text(TeamText::CalendarUncovered)) }
                @if open.is_empty() {
                    p.muted { (frame.text(TeamText::CalendarNoneUncovered)) }
                }
                ul.list { @for entry in &open { (request(frame, words, entry)) } }
            }
            @if !covered.is_empty() {
                section.card aria-labelledby="calendar-covered-heading" data-testid="calendar-covered-list" {
                    h2 #calendar-covered-heading { (frame.text(TeamText::CalendarCovered)) }
                    ul.list { @for entry in &covered { (request(frame, words, entry)) } }
                }
            }
        }
    }
}

/// One absence: who, when, the kind, its public holidays, the note to the team, who covers.
fn request(frame: &Frame, words: &TimeWords, entry: &TeamCoverEntry) -> Markup {
    let language = frame.language;
    html! {
        li.list-item.calendar-entry data-testid="calendar-entry" data-key=(entry.request_id.to_string()) {
            span.list-main {
                strong data-testid="calendar-worker" { (entry.worker.display_name) }
                " " (words.dates(entry.starts_at, entry.ends_at))
            }
            span.small.muted { (frame.text(kind_key(entry.kind))) }
            @if !entry.holiday_dates.is_empty() {
                span.block.small data-testid="calendar-entry-holidays" {
                    (frame.text(Text::CoverHoliday)) ": "
                    @for (index, date) in entry.holiday_dates.iter().enumerate() {
                        @if index > 0 { ", " }
                        (holiday_name(language, *date))
                    }
                }
            }
            @if let Some(note) = &entry.note_to_team {
                span.block.small.muted { (message(language, Message::NoteToTeam(note))) }
            }
            @if let Some(colleague) = &entry.covered_by {
                span.block data-testid="calendar-covered-by" {
                    (message(language, Message::CoveredBy(&colleague.display_name)))
                    @if let Some(phone) = &colleague.phone {
                        " " a href=(tel_href(phone)) { (phone) }
                    }
                }
            } @else {
                span.badge.badge-warn data-testid="calendar-uncovered" {
                    (icon(Icon::Alert)) (frame.text(Text::CoverNobodyYet))
                }
            }
        }
    }
}

/// The public holidays of the eight weeks, each with its date.
fn holidays(frame: &Frame, words: &TimeWords, first: IsoWeek) -> Markup {
    let days: Vec<NaiveDate> = dates(first).filter(|d| holiday_on(*d).is_some()).collect();
    html! {
        section.card aria-labelledby="calendar-holidays-heading" data-testid="calendar-holidays" {
            h2 #calendar-holidays-heading { (frame.text(TeamText::CalendarHolidays)) }
            @if days.is_empty() {
                p.muted { (frame.text(TeamText::CalendarNoHolidays)) }
            }
            ul.list {
                @for day in &days {
                    li.list-item data-testid="calendar-holiday" {
                        (team_message(frame.language, TeamMessage::Holiday {
                            name: holiday_name(frame.language, *day),
                            date: &words.day_heading(*day),
                        }))
                    }
                }
            }
        }
    }
}

/// The current week, and the first week the calendar shows: `?week=` if it reads as one, else
/// the current week.
fn weeks() -> Memo<(IsoWeek, IsoWeek)> {
    let app = use_app();
    let router = use_router();
    Memo::new(move |_| {
        let current = time::week_of(app.profile().timezone, app.now());
        let first = router
            .search
            .with(|search| {
                let search = search.trim_start_matches('?');
                search
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("week=")?.parse().ok())
            })
            .unwrap_or(current);
        (current, first)
    })
}

/// Shows the calendar in `element`: fetched as it opens, when its weeks change, and on "fetch
/// again".
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let (caller, sync, app) = (Caller::here(), use_sync(), use_app());
    let weeks = weeks();
    // What was loaded, for which first week (an answer for weeks no longer shown is not drawn).
    let data: RwSignal<Option<(IsoWeek, Option<Shown<Value>>)>> = RwSignal::new(None);
    let again = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let first = weeks.get().1;
        again.track();
        leptos::task::spawn_local(async move {
            let shown = fetch::cover(caller, sync, first, WEEKS, 0).await;
            data.try_set(Some((first, shown)));
        });
    });
    markup::mount(
        element,
        move || {
            let (current, first) = weeks.get();
            let loaded: Loaded = data.with(|data| {
                data.as_ref()
                    .filter(|(week, _)| *week == first)
                    .map(|(_, shown)| shown.clone())
            });
            super::screens::with_frame(|frame| {
                render(&Model {
                    frame,
                    zone: app.profile().timezone,
                    first,
                    current,
                    loaded: &loaded,
                })
            })
        },
        move |action, _| match action {
            Action::Refresh => again.update(|n| *n += 1),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use chrono::TimeZone;
    use serde_json::json;
    use uuid::Uuid;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap()
    }

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%d.%m %H:%M").to_string()
    }

    fn frame(language: Language, moment: &dyn Fn(DateTime<Utc>) -> String) -> Frame<'_> {
        Frame {
            language,
            now: now(),
            moment,
        }
    }

    /// An entry as the server sends it: `(id, worker, first day, day after the last, covered by)`.
    fn entry(id: u128, worker: &str, from: &str, to: &str, covered_by: Option<&str>) -> Value {
        let first: NaiveDate = from.parse().unwrap();
        let end: NaiveDate = to.parse().unwrap();
        let holidays: Vec<String> = first
            .iter_days()
            .take_while(|date| *date < end)
            .filter(|date| holiday_on(*date).is_some())
            .map(|date| date.to_string())
            .collect();
        // Oslo is UTC+1 in winter: local midnight is 23:00 UTC the day before.
        let instant = |date: NaiveDate| format!("{}T23:00:00Z", date.pred_opt().unwrap());
        json!({
            "request_id": Uuid::from_u128(id),
            "worker": {"id": Uuid::from_u128(100 + id), "display_name": worker},
            "starts_at": instant(first), "ends_at": instant(end),
            "kind": "vacation", "note_to_team": "Ring meg <ikke>", "status": "open",
            "holiday_dates": holidays,
            "covered_by": covered_by.map(|name| json!({
                "worker_id": Uuid::from_u128(200 + id), "display_name": name, "phone": "22 33 44 55"
            })),
        })
    }

    fn answer() -> Value {
        json!([
            entry(1, "Jonas", "2026-12-07", "2026-12-10", Some("Kari <b>")),
            entry(2, "Ingrid", "2026-12-23", "2026-12-28", None),
            entry(3, "Per", "2026-12-14", "2026-12-15", None),
        ])
    }

    fn shown(value: Value, saved: bool) -> Loaded {
        Some(Some(Shown {
            value,
            at: now(),
            saved,
        }))
    }

    fn draw(language: Language, first: &str, loaded: &Loaded) -> String {
        let moment = clock;
        let frame = frame(language, &moment);
        let week: IsoWeek = first.parse().unwrap();
        render(&Model {
            frame: &frame,
            zone: chrono_tz::Europe::Oslo,
            first: week,
            current: "2026-W49".parse().unwrap(),
            loaded,
        })
        .into_string()
    }

    /// The words on screen, tags left out.
    fn shown_text(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    }

    #[test]
    fn the_uncovered_come_first_marked_in_words_and_with_an_icon() {
        let html = draw(Language::En, "2026-W49", &shown(answer(), false));
        let per = html.find("Per</strong>").unwrap();
        let ingrid = html.find("Ingrid</strong>").unwrap();
        let jonas = html.find("Jonas</strong>").unwrap();
        assert!(
            per < ingrid && ingrid < jonas,
            "uncovered first, each by start"
        );
        let uncovered = html
            .find("data-testid=\"calendar-uncovered-list\"")
            .unwrap();
        let covered = html.find("data-testid=\"calendar-covered-list\"").unwrap();
        assert!(
            uncovered < per && ingrid < covered && covered < jonas,
            "{html}"
        );
        assert_eq!(
            html.matches("data-testid=\"calendar-uncovered\"").count(),
            2
        );
        for mark in html.split("data-testid=\"calendar-uncovered\"").skip(1) {
            let mark = &mark[..mark.find("</span>").unwrap()];
            assert!(mark.contains("<svg"), "an icon: {mark}");
            assert!(mark.contains("Nobody has taken it yet."), "words: {mark}");
        }
        // Who covers, with their phone; names and notes escaped.
        assert!(html.contains("Kari &lt;b&gt; is covering."), "{html}");
        assert!(html.contains("href=\"tel:22334455\""), "{html}");
        assert!(html.contains("Ring meg &lt;ikke&gt;") && !html.contains("<ikke>"));
        // Dates and kind in words.
        assert!(html.contains("Ingrid</strong> 23–27 December"), "{html}");
        assert!(html.contains("Vacation"), "{html}");
        assert_eq!(drawn::<Action>(&html), [Action::Refresh]);
        for never in ["violation", "exceeded", "non-compliant"] {
            assert!(!shown_text(&html).to_lowercase().contains(never));
        }
    }

    #[test]
    fn public_holidays_are_marked_on_the_absence_and_listed_for_the_weeks() {
        let html = draw(Language::Nb, "2026-W49", &shown(answer(), false));
        let ingrid = html.find("Ingrid</strong>").unwrap();
        let marked = &html[ingrid..];
        let marked = &marked[..marked.find("</li>").unwrap()];
        assert!(
            marked.contains("Helligdag: Første juledag, Andre juledag"),
            "{marked}"
        );
        assert!(marked.contains("23.–27. desember"), "{marked}");
        let listed: Vec<&str> = html
            .split("data-testid=\"calendar-holiday\">")
            .skip(1)
            .map(|item| &item[..item.find("</li>").unwrap()])
            .collect();
        assert_eq!(
            listed,
            [
                "Fredag 25. desember (Første juledag)",
                "Lørdag 26. desember (Andre juledag)",
                "Fredag 1. januar (Første nyttårsdag)",
            ]
        );
        let spring = draw(Language::En, "2027-W18", &Some(None));
        assert!(
            spring.contains("Thursday 6 May (Ascension Day)"),
            "{spring}"
        );
        assert!(spring.contains("Sunday 16 May (Whit Sunday)"), "{spring}");
        let summer = draw(Language::En, "2027-W27", &Some(None));
        assert!(summer.contains("No public holidays in these weeks."));
    }

    #[test]
    fn the_week_picker_moves_the_eight_weeks_and_leads_back_to_this_week() {
        let html = draw(Language::En, "2026-W49", &None);
        // 2026 has 53 weeks.
        assert!(html.contains("Week 49, 2026 – week 3, 2027"), "{html}");
        assert!(html.contains("href=\"/team/cover?week=2026-W48\""));
        assert!(html.contains("href=\"/team/cover?week=2026-W50\""));
        assert!(!html.contains("calendar-now"), "this week already");
        assert!(html.contains("Fetching"), "{html}");
        let later = draw(Language::Nb, "2027-W02", &None);
        assert!(later.contains("Uke 2, 2027 – uke 9, 2027"), "{later}");
        assert!(later.contains("data-testid=\"calendar-now\""));
    }

    #[test]
    fn offline_the_kept_calendar_says_when_it_was_fetched() {
        let kept = draw(Language::En, "2026-W49", &shown(answer(), true));
        assert!(kept.contains("data-testid=\"saved-figures\""), "{kept}");
        assert!(
            kept.contains("Saved figures, fetched 02.12 12:00"),
            "{kept}"
        );
        assert!(kept.contains("Ingrid</strong>"));
        let none = draw(Language::En, "2026-W49", &Some(None));
        assert!(none.contains("no-figures") && !none.contains("calendar-entry"));
        let empty = draw(Language::En, "2026-W49", &shown(json!([]), false));
        assert!(empty.contains("Nobody has asked for cover in these weeks."));
    }

    #[test]
    fn the_header_counts_the_uncovered_absences_not_yet_over() {
        let list = entries(&answer()).unwrap();
        assert_eq!(uncovered_ahead(&list, now()), 2);
        let after_per = Utc.with_ymd_and_hms(2026, 12, 15, 12, 0, 0).unwrap();
        assert_eq!(uncovered_ahead(&list, after_per), 1);
        assert_eq!(entries(&json!({"not": "a list"})), None);
    }
}
