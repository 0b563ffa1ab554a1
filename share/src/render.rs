//! The share page and its card as HTML strings. Pure: the caller passes the stored answer, `now`
//! and the language; peerline-core says what the card shows at `now` and puts times into words.
//!
//! Order on the card follows design.md: the state first, large (with an icon and a word, never
//! colour alone); the call and SMS buttons right under it when the worker can be reached; the
//! people to call otherwise right after, every one a `tel:` link; then what was agreed, the coming
//! days and the calendar link. Markup carries no inline style (the CSP forbids it) and every text
//! from the records is escaped.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use peerline_core::records::default_fallbacks;
use peerline_core::time_words::capitalized;
use peerline_core::{CardState, Fallback, Language, ShareResponse, TimeWords};

use crate::html::{dialable, escape, sms_href, tel_href};
use crate::text::{self, text, Text};

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
}

/// The whole page.
pub fn render_page(model: &PageModel<'_>) -> Rendered {
    let language = model.language;
    let notice = |title: Text, help: Text| Rendered {
        title: "Peerline".to_owned(),
        html: notice_html(language, title, help),
    };
    match (model.fetch, model.response) {
        (Fetch::Gone, _) => notice(Text::GoneTitle, Text::GoneHelp),
        (Fetch::NoToken, _) => notice(Text::NoTokenTitle, Text::NoTokenHelp),
        (Fetch::Offline, None) => notice(Text::UnreachableTitle, Text::UnreachableHelp),
        (Fetch::Pending | Fetch::Fresh, None) => Rendered {
            title: "Peerline".to_owned(),
            html: format!(
                "<p class=\"sc-loading\">{}</p>{}",
                text(language, Text::Loading),
                fallbacks_html(language, &default_fallbacks(), false, 2)
            ),
        },
        (fetch, Some(response)) => {
            let links = CardLinks {
                calendar_href: model.token.map(|token| {
                    format!(
                        "/api/v1/share/{token}/calendar.ics?lang={}",
                        text::code(language)
                    )
                }),
                preview: false,
            };
            let mut html = render_card(response, model.now, language, &links);
            html.push_str(&footer_html(response, model.now, language, fetch));
            let worker = response.worker.display_name.trim();
            let title = if worker.is_empty() {
                "Peerline".to_owned()
            } else {
                format!("{worker} – Peerline")
            };
            Rendered { title, html }
        }
    }
}

/// The card of `response` at `now`: what the service user sees, and the worker's preview of it.
pub fn render_card(
    response: &ShareResponse,
    now: DateTime<Utc>,
    language: Language,
    links: &CardLinks,
) -> String {
    let words = TimeWords::new(language, response.zone(), now);
    let card = response.card_at(now);
    let level = if links.preview { 2 } else { 1 };
    let worker = response.worker.display_name.trim();
    let mut html = String::with_capacity(4096);
    let _ = write!(
        html,
        "<article class=\"share-card {}\"><p class=\"sc-greeting\">{}</p><section class=\"sc-now\">",
        state_class(card.state),
        escape(&text::greeting(language, &response.contact.name)),
    );
    if !worker.is_empty() {
        let _ = write!(
            html,
            "<p class=\"sc-peer\">{}</p>",
            escape(&text::your_peer(language, worker))
        );
    }
    let _ = write!(
        html,
        "<h{level} class=\"sc-state\">{}<span>{}</span></h{level}>",
        icon(state_icon(card.state)),
        text(language, state_text(card.state)),
    );
    for line in state_lines(response, &words, card.state) {
        let _ = write!(html, "<p class=\"sc-when\">{}</p>", escape(&line));
    }
    if let Some(message) = card.message {
        let _ = write!(html, "<p class=\"sc-message\">{}</p>", escape(message));
    }
    let reachable = matches!(card.state, CardState::Reachable { .. });
    let phone = response.worker.phone.as_deref();
    if let (true, Some(phone)) = (reachable, phone.filter(|p| !dialable(p).is_empty())) {
        let _ = write!(
            html,
            "<div class=\"sc-actions\"><a class=\"sc-button sc-primary\" href=\"{}\">{}{}</a>\
             <a class=\"sc-button\" href=\"{}\">{}{}</a></div>",
            tel_href(phone),
            icon(Icon::Phone),
            escape(&text::call(language, worker)),
            sms_href(phone),
            icon(Icon::Sms),
            text(language, Text::SendSms),
        );
    }
    html.push_str("</section>");
    let fallbacks = if response.fallbacks.is_empty() {
        default_fallbacks()
    } else {
        response.fallbacks.clone()
    };
    html.push_str(&fallbacks_html(language, &fallbacks, reachable, level + 1));
    html.push_str(&agreed_html(response, language, level + 1));
    html.push_str(&days_html(response, &words, now, links, level + 1));
    html.push_str("</article>");
    html
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

fn state_text(state: CardState) -> Text {
    match state {
        CardState::Reachable { .. } => Text::StateReachable,
        CardState::NotNow { .. } | CardState::LimitReached { .. } => Text::StateNotNow,
        CardState::Away { .. } => Text::StateAway,
        CardState::NoUpcoming => Text::StateNoUpcoming,
        CardState::Unknown => Text::StateUnknown,
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
    let next = |start| text::next_time(language, &words.at(start));
    match state {
        CardState::Reachable { until } => vec![capitalized(&words.until(until))],
        CardState::NotNow { next_start } => vec![next(next_start)],
        CardState::LimitReached { next_start } => vec![
            text(language, Text::LimitExplained).to_owned(),
            next(next_start),
        ],
        CardState::Away { until } => {
            let mut lines = vec![capitalized(&words.away_until(until))];
            let after = response.windows.iter().find(|window| window.start >= until);
            lines.extend(after.map(|window| next(window.start)));
            lines
        }
        CardState::NoUpcoming => vec![text(language, Text::NoUpcomingExplained).to_owned()],
        CardState::Unknown => vec![text(language, Text::UnknownExplained).to_owned()],
    }
}

fn fallbacks_html(
    language: Language,
    fallbacks: &[Fallback],
    reachable: bool,
    level: u8,
) -> String {
    let heading = if reachable {
        Text::OthersToCall
    } else {
        Text::NeedSomeoneNow
    };
    let mut html = format!(
        "<section class=\"sc-fallbacks\"><h{level}>{}</h{level}><ul>",
        text(language, heading)
    );
    for fallback in fallbacks {
        let _ = write!(
            html,
            "<li><a class=\"sc-button sc-fallback\" href=\"{}\">{}<span class=\"sc-label\">{}</span>\
             <span class=\"sc-phone\">{}</span></a></li>",
            tel_href(&fallback.phone),
            icon(Icon::Phone),
            escape(&fallback.label),
            escape(&fallback.phone),
        );
    }
    html.push_str("</ul></section>");
    html
}

fn agreed_html(response: &ShareResponse, language: Language, level: u8) -> String {
    let expectations = response
        .expectations
        .as_deref()
        .filter(|text| !text.trim().is_empty());
    let limits = response
        .limits
        .and_then(|limits| text::limits(language, limits.per_day, limits.per_week));
    if expectations.is_none() && limits.is_none() {
        return String::new();
    }
    let mut html = format!(
        "<section class=\"sc-agreed\"><h{level}>{}</h{level}>",
        text(language, Text::Agreed)
    );
    for paragraph in expectations.into_iter().flat_map(|text| text.split("\n\n")) {
        let _ = write!(html, "<p>{}</p>", escape(paragraph.trim()));
    }
    if let Some(limits) = limits {
        let _ = write!(html, "<p>{}</p>", escape(&limits));
    }
    html.push_str("</section>");
    html
}

fn days_html(
    response: &ShareResponse,
    words: &TimeWords,
    now: DateTime<Utc>,
    links: &CardLinks,
    level: u8,
) -> String {
    let language = words.language();
    let mut html = format!(
        "<section class=\"sc-days\"><h{level}>{}</h{level}><ul>",
        text(language, Text::ComingDays)
    );
    for day in response.days(now, 7) {
        let times = if !day.windows.is_empty() {
            let spans: Vec<String> = day
                .windows
                .iter()
                .map(|window| words.span(window.start, window.end))
                .collect();
            spans.join(", ")
        } else if day.known {
            text(language, Text::NoTimes).to_owned()
        } else {
            text(language, Text::NotKnownYet).to_owned()
        };
        let class = if day.windows.is_empty() {
            " class=\"sc-free\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<li{class}><span class=\"sc-day\">{}</span><span class=\"sc-times\">{}</span></li>",
            escape(&words.day_heading(day.date)),
            escape(&times),
        );
    }
    html.push_str("</ul>");
    if let Some(href) = &links.calendar_href {
        let _ = write!(
            html,
            "<a class=\"sc-link\" href=\"{}\">{}{}</a>",
            escape(href),
            icon(Icon::Calendar),
            text(language, Text::AddToCalendar)
        );
    }
    html.push_str("</section>");
    html
}

fn footer_html(
    response: &ShareResponse,
    now: DateTime<Utc>,
    language: Language,
    fetch: Fetch,
) -> String {
    let words = TimeWords::new(language, response.zone(), now);
    let mut html = format!(
        "<footer class=\"sc-footer\"><p class=\"sc-updated\">{}</p>",
        escape(&text::last_updated(
            language,
            &words.ago(response.generated_at)
        ))
    );
    if fetch == Fetch::Offline {
        let _ = write!(
            html,
            "<p class=\"sc-badge\" role=\"status\">{}{}</p>",
            icon(Icon::Offline),
            text(language, Text::Offline)
        );
    }
    html.push_str("</footer>");
    html
}

fn notice_html(language: Language, title: Text, help: Text) -> String {
    format!(
        "<article class=\"share-card sc-unknown\"><section class=\"sc-now\">\
         <h1 class=\"sc-state\">{}<span>{}</span></h1><p class=\"sc-when\">{}</p></section>{}</article>",
        icon(Icon::Info),
        text(language, title),
        text(language, help),
        fallbacks_html(language, &default_fallbacks(), false, 2),
    )
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

fn icon(icon: Icon) -> String {
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
    format!(
        "<svg class=\"sc-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">\
         <path fill=\"currentColor\" d=\"{path}\"/></svg>"
    )
}
