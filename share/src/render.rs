//! The share page and its card as HTML strings. Pure: the caller passes the stored answer, `now`
//! and the language; peerline-core says what the card shows at `now` and puts times into words.
//!
//! Order on the card follows design.md: the state first, large (with an icon and a word, never
//! colour alone); the call and SMS buttons right under it when the worker can be reached; the
//! people to call otherwise right after, every one a `tel:` link; then what was agreed, the coming
//! days and the calendar link. Markup carries no inline style (the CSP forbids it) and every text
//! from the records is escaped: the page is written with maud's `html!` (`crate::html`).

use chrono::{DateTime, Offset, Utc};
use peerline_core::records::default_fallbacks;
use peerline_core::time_words::capitalized;
use peerline_core::{CardState, Fallback, Language, ShareResponse, TimeWords};

use crate::html::{dialable, html, sms_href, tel_href, Markup};
use crate::words::{self, ShareMessage, ShareText};

/// How the last fetch of the answer went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// Under way (first load, or a refresh).
    Pending,
    /// The shown answer is the server's latest.
    Fresh,
    /// The network failed: the shown answer (if any) is the stored one.
    Offline,
    /// The link is dead (404).
    Gone,
    /// The page was opened without a token and none is remembered.
    NoToken,
}

/// What the page shows.
#[derive(Debug, Clone, Copy)]
pub struct PageModel<'a> {
    pub language: Language,
    pub now: DateTime<Utc>,
    pub token: Option<&'a str>,
    pub response: Option<&'a ShareResponse>,
    pub fetch: Fetch,
    /// The phone's offset from UTC now, in minutes east (`None`: unknown). When it differs from
    /// the worker's, the card says whose time its times are.
    pub reader_offset_minutes: Option<i32>,
}

/// The rendered page: the document title and the body of `<main>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub title: String,
    pub html: String,
}

/// Options of the card that differ between the page and the app's preview.
#[derive(Debug, Clone, Default)]
pub struct CardLinks {
    /// The "add to calendar" link, if there is a live token to make it from.
    pub calendar_href: Option<String>,
    /// The preview sits inside the app's screen: its headings start at `h2`.
    pub preview: bool,
    /// The reader's offset from UTC now, in minutes east (see [`PageModel`]).
    pub reader_offset_minutes: Option<i32>,
}

/// The whole page.
pub fn render_page(model: &PageModel<'_>) -> Rendered {
    let language = model.language;
    let notice = |title: ShareText, help: ShareText| Rendered {
        title: "Peerline".to_owned(),
        html: notice_html(language, title, help).into_string(),
    };
    match (model.fetch, model.response) {
        (Fetch::Gone, _) => notice(ShareText::GoneTitle, ShareText::GoneHelp),
        (Fetch::NoToken, _) => notice(ShareText::NoTokenTitle, ShareText::NoTokenHelp),
        (Fetch::Offline, None) => notice(ShareText::UnreachableTitle, ShareText::UnreachableHelp),
        (Fetch::Pending | Fetch::Fresh, None) => Rendered {
            title: "Peerline".to_owned(),
            html: html! {
                p.sc-loading { (ShareText::Loading.in_language(language)) }
                (fallbacks_html(language, &default_fallbacks(), false, 2))
            }
            .into_string(),
        },
        (fetch, Some(response)) => {
            let links = CardLinks {
                calendar_href: model.token.map(|token| {
                    format!(
                        "/api/v1/share/{token}/calendar.ics?lang={}",
                        words::code(language)
                    )
                }),
                preview: false,
                reader_offset_minutes: model.reader_offset_minutes,
            };
            let html = html! {
                (render_card(response, model.now, language, &links))
                (footer_html(response, model.now, language, fetch))
            };
            let worker = response.worker.display_name.trim();
            let title = if worker.is_empty() {
                "Peerline".to_owned()
            } else {
                format!("{worker} – Peerline")
            };
            Rendered {
                title,
                html: html.into_string(),
            }
        }
    }
}

/// A heading of `level` (1 to 3: the page's card starts at `h1`, the app's preview at `h2`).
fn heading(level: u8, class: Option<&str>, content: Markup) -> Markup {
    match level {
        1 => html! { h1 class=[class] { (content) } },
        2 => html! { h2 class=[class] { (content) } },
        _ => html! { h3 class=[class] { (content) } },
    }
}

/// The card of `response` at `now`: what the service user sees, and the worker's preview of it.
pub fn render_card(
    response: &ShareResponse,
    now: DateTime<Utc>,
    language: Language,
    links: &CardLinks,
) -> Markup {
    let words = TimeWords::new(language, response.zone(), now);
    let card = response.card_at(now);
    let level = if links.preview { 2 } else { 1 };
    let worker = response.worker.display_name.trim();
    let reachable = matches!(card.state, CardState::Reachable { .. });
    let phone = response
        .worker
        .phone
        .as_deref()
        .filter(|phone| reachable && !dialable(phone).is_empty());
    // While an absence ahead is under way (offline, the clock moved on), its stand-in first.
    let fallbacks = response.fallbacks_at(now);
    let fallbacks = if fallbacks.is_empty() {
        default_fallbacks()
    } else {
        fallbacks
    };
    let state = html! {
        (icon(state_icon(card.state)))
        span { (state_text(card.state).in_language(language)) }
    };
    html! {
        article class={ "share-card " (state_class(card.state)) } {
            p.sc-greeting { (ShareMessage::Greeting(&response.contact.name).in_language(language)) }
            section.sc-now {
                @if !worker.is_empty() {
                    p.sc-peer { (ShareMessage::YourPeer(worker).in_language(language)) }
                }
                (zone_note(response, &words, now, links.reader_offset_minutes))
                (heading(level, Some("sc-state"), state))
                @for line in state_lines(response, &words, card.state) {
                    p.sc-when { (line) }
                }
                @if let Some(message) = card.message {
                    p.sc-message { (message) }
                }
                @if let Some(phone) = phone {
                    div.sc-actions {
                        a.sc-button.sc-primary href=(tel_href(phone)) {
                            (icon(Icon::Phone))
                            (ShareMessage::Call(worker).in_language(language))
                        }
                        a.sc-button href=(sms_href(phone)) {
                            (icon(Icon::Sms))
                            (ShareText::SendSms.in_language(language))
                        }
                    }
                }
            }
            (fallbacks_html(language, &fallbacks, reachable, level + 1))
            (away_ahead_html(response, &words, now, level + 1))
            (agreed_html(response, language, level + 1))
            (change_html(response, &words, level + 1))
            (days_html(response, &words, now, links, level + 1))
        }
    }
}

/// When the phone's clock is in another zone than the worker's: whose time the card's times are,
/// and what that clock says now (so "18:00" can be told from the reader's own 18:00).
fn zone_note(
    response: &ShareResponse,
    words: &TimeWords,
    now: DateTime<Utc>,
    reader_offset_minutes: Option<i32>,
) -> Markup {
    let worker_offset = now
        .with_timezone(&response.zone())
        .offset()
        .fix()
        .local_minus_utc()
        / 60;
    if reader_offset_minutes.is_none_or(|reader| reader == worker_offset) {
        return html! {};
    }
    let name = response.worker.display_name.trim();
    let said = ShareMessage::WhoseTime {
        name,
        zone: &response.timezone,
        clock: &words.clock(now),
    };
    html! {
        p.sc-zone data-testid="share-zone" {
            (icon(Icon::Clock))
            (said.in_language(words.language()))
        }
    }
}

/// The absences that start later (within the 14 days the answer covers), each with its dates
/// and who answers: "23.–27. desember: Jonas Berg svarer for Ingrid, 22 33 44 55".
fn away_ahead_html(
    response: &ShareResponse,
    words: &TimeWords,
    now: DateTime<Utc>,
    level: u8,
) -> Markup {
    let language = words.language();
    let worker = response.worker.display_name.trim();
    let ahead: Vec<_> = response
        .upcoming_absences
        .iter()
        .filter(|absence| now < absence.starts_at)
        .collect();
    if ahead.is_empty() {
        return html! {};
    }
    html! {
        section.sc-away-ahead data-testid="share-away-ahead" {
            (heading(level, None, html! { (ShareMessage::AwayAhead(worker).in_language(language)) }))
            ul {
                @for absence in ahead {
                    li {
                        span.sc-day { (words.dates(absence.starts_at, absence.ends_at)) ": " }
                        @match &absence.stand_in {
                            Some(stand_in) => {
                                (ShareMessage::Answers { stand_in: &stand_in.label, worker }.in_language(language)) ", "
                                a href=(tel_href(&stand_in.phone)) { (stand_in.phone) }
                            },
                            None => (ShareText::Away.in_language(language)),
                        }
                        @if let Some(message) = &absence.message {
                            span.sc-message { (message) }
                        }
                    }
                }
            }
        }
    }
}

/// The next planned change of the agreement, until its day comes: from when, the times, the
/// limits and what is expected then.
fn change_html(response: &ShareResponse, words: &TimeWords, level: u8) -> Markup {
    let language = words.language();
    let Some(change) = response
        .next_agreement_change
        .as_ref()
        .filter(|change| words.today() < change.from)
    else {
        return html! {};
    };
    let limits = change.limits.map(|limits| {
        ShareMessage::Limits {
            per_day: limits.per_day,
            per_week: limits.per_week,
        }
        .in_language(language)
    });
    let day = words.day(change.from);
    html! {
        section.sc-change data-testid="share-change" {
            (heading(level, None, html! { (ShareMessage::ChangeFrom(&day).in_language(language)) }))
            @if let Some(windows) = &change.windows {
                p {
                    (ShareText::TimesThen.in_language(language)) " "
                    @if windows.is_empty() {
                        (ShareText::NoTimes.in_language(language))
                    }
                    @for (index, window) in windows.iter().enumerate() {
                        @if index > 0 { "; " }
                        @for (day_index, day) in window.days.iter().enumerate() {
                            @if day_index > 0 { ", " }
                            (words.weekday_name(*day))
                        }
                        " " (window.start.to_string()) "\u{2013}" (window.end.to_string())
                    }
                }
            }
            @if let Some(limits) = limits.filter(|limits| !limits.is_empty()) {
                p { (limits) }
            }
            @if let Some(expectations) = &change.expectations {
                p { (expectations) }
            }
        }
    }
}

fn state_class(state: CardState) -> &'static str {
    match state {
        CardState::Reachable { .. } => "sc-reachable",
        CardState::NotNow { .. } => "sc-not-now",
        CardState::LimitReached { .. } => "sc-limit",
        CardState::Away { .. } => "sc-away",
        CardState::NoUpcoming => "sc-none",
        CardState::Unknown => "sc-unknown",
    }
}

fn state_text(state: CardState) -> ShareText {
    match state {
        CardState::Reachable { .. } => ShareText::StateReachable,
        CardState::NotNow { .. } | CardState::LimitReached { .. } => ShareText::StateNotNow,
        CardState::Away { .. } => ShareText::StateAway,
        CardState::NoUpcoming => ShareText::StateNoUpcoming,
        CardState::Unknown => ShareText::StateUnknown,
    }
}

fn state_icon(state: CardState) -> Icon {
    match state {
        CardState::Reachable { .. } => Icon::Phone,
        CardState::NotNow { .. } => Icon::Pause,
        CardState::LimitReached { .. } => Icon::Clock,
        CardState::Away { .. } => Icon::Moon,
        CardState::NoUpcoming | CardState::Unknown => Icon::Info,
    }
}

/// The lines under the state: until when, why, and the next time.
fn state_lines(response: &ShareResponse, words: &TimeWords, state: CardState) -> Vec<String> {
    let language = words.language();
    let next = |start| ShareMessage::NextTime(&words.at(start)).in_language(language);
    let text = |text: ShareText| text.in_language(language).to_owned();
    match state {
        CardState::Reachable { until } => vec![capitalized(&words.until(until))],
        CardState::NotNow { next_start } => vec![next(next_start)],
        CardState::LimitReached { next_start } => {
            vec![text(ShareText::LimitExplained), next(next_start)]
        }
        CardState::Away { until } => {
            let mut lines = vec![capitalized(&words.away_until(until))];
            let after = response.windows.iter().find(|window| window.start >= until);
            lines.extend(after.map(|window| next(window.start)));
            lines
        }
        CardState::NoUpcoming => vec![text(ShareText::NoUpcomingExplained)],
        CardState::Unknown => vec![text(ShareText::UnknownExplained)],
    }
}

fn fallbacks_html(
    language: Language,
    fallbacks: &[Fallback],
    reachable: bool,
    level: u8,
) -> Markup {
    let title = if reachable {
        ShareText::OthersToCall
    } else {
        ShareText::NeedSomeoneNow
    };
    html! {
        section.sc-fallbacks {
            (heading(level, None, html! { (title.in_language(language)) }))
            ul {
                @for fallback in fallbacks {
                    li {
                        a.sc-button.sc-fallback href=(tel_href(&fallback.phone)) {
                            (icon(Icon::Phone))
                            span.sc-label { (fallback.label) }
                            span.sc-phone { (fallback.phone) }
                        }
                    }
                }
            }
        }
    }
}

fn agreed_html(response: &ShareResponse, language: Language, level: u8) -> Markup {
    let expectations = response
        .expectations
        .as_deref()
        .filter(|text| !text.trim().is_empty());
    let limits = response.limits.map_or_else(String::new, |limits| {
        ShareMessage::Limits {
            per_day: limits.per_day,
            per_week: limits.per_week,
        }
        .in_language(language)
    });
    if expectations.is_none() && limits.is_empty() {
        return html! {};
    }
    html! {
        section.sc-agreed {
            (heading(level, None, html! { (ShareText::Agreed.in_language(language)) }))
            @for paragraph in expectations.into_iter().flat_map(|text| text.split("\n\n")) {
                p { (paragraph.trim()) }
            }
            @if !limits.is_empty() {
                p { (limits) }
            }
        }
    }
}

fn days_html(
    response: &ShareResponse,
    words: &TimeWords,
    now: DateTime<Utc>,
    links: &CardLinks,
    level: u8,
) -> Markup {
    let language = words.language();
    let times = |windows: &[peerline_core::ShareWindow], known: bool| {
        if !windows.is_empty() {
            let spans: Vec<String> = windows
                .iter()
                .map(|window| words.span(window.start, window.end))
                .collect();
            spans.join(", ")
        } else if known {
            ShareText::NoTimes.in_language(language).to_owned()
        } else {
            ShareText::NotKnownYet.in_language(language).to_owned()
        }
    };
    html! {
        section.sc-days {
            (heading(level, None, html! { (ShareText::ComingDays.in_language(language)) }))
            ul {
                @for day in response.days(now, 7) {
                    li class=[day.windows.is_empty().then_some("sc-free")] {
                        span.sc-day { (words.day_heading(day.date)) }
                        span.sc-times { (times(&day.windows, day.known)) }
                    }
                }
            }
            @if let Some(href) = &links.calendar_href {
                a.sc-link href=(href) {
                    (icon(Icon::Calendar))
                    (ShareText::AddToCalendar.in_language(language))
                }
            }
        }
    }
}

fn footer_html(
    response: &ShareResponse,
    now: DateTime<Utc>,
    language: Language,
    fetch: Fetch,
) -> Markup {
    let words = TimeWords::new(language, response.zone(), now);
    html! {
        footer.sc-footer {
            p.sc-updated { (ShareMessage::LastUpdated(&words.ago(response.generated_at)).in_language(language)) }
            @if fetch == Fetch::Offline {
                p.sc-badge role="status" {
                    (icon(Icon::Offline))
                    (ShareText::Offline.in_language(language))
                }
            }
        }
    }
}

fn notice_html(language: Language, title: ShareText, help: ShareText) -> Markup {
    html! {
        article.share-card.sc-unknown {
            section.sc-now {
                h1.sc-state {
                    (icon(Icon::Info))
                    span { (title.in_language(language)) }
                }
                p.sc-when { (help.in_language(language)) }
            }
            (fallbacks_html(language, &default_fallbacks(), false, 2))
        }
    }
}

/// The few icons, inline (no image downloads), hidden from screen readers: the text says it all.
#[derive(Debug, Clone, Copy)]
enum Icon {
    Phone,
    Sms,
    Pause,
    Clock,
    Moon,
    Info,
    Calendar,
    Offline,
}

fn icon(icon: Icon) -> Markup {
    let path = match icon {
        Icon::Phone => "M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25c1.1.37 2.3.57 3.6.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z",
        Icon::Sms => "M6 4h12a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4V6a2 2 0 0 1 2-2z",
        Icon::Pause => "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM9 8h2v8H9zm4 0h2v8h-2z",
        Icon::Clock => "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z",
        Icon::Moon => "M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z",
        Icon::Info => "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm-1-5h2v2h-2zm0-8h2v6h-2z",
        Icon::Calendar => "M7 2h2v2h6V2h2v2h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2zM5 10v10h14V10z",
        Icon::Offline => "M2 4.3 3.3 3 21 20.7 19.7 22l-3-3H6a4 4 0 0 1-.9-7.9A6 6 0 0 1 6.5 7.8zM8.2 5.2A6 6 0 0 1 17.7 9 5 5 0 0 1 21 17.5z",
    };
    html! {
        svg.sc-icon viewBox="0 0 24 24" aria-hidden="true" focusable="false" {
            path fill="currentColor" d=(path) {}
        }
    }
}
