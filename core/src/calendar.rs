//! The share link's calendar (`GET /share/TOKEN/calendar.ics`): the coming windows as events of an
//! iCalendar file (RFC 5545), and the worker's absences as events that name who answers. Times are written in UTC (`DTSTART:20261123T170000Z`), which needs no
//! `VTIMEZONE` and is exact across daylight-saving changes: the windows were already turned into
//! instants by rule 1. Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//! character.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::records::Language;
use crate::share::{ShareWindow, UpcomingAbsence};

/// Longest content line in octets, without its CRLF (RFC 5545, 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// What the calendar needs besides the windows.
#[derive(Debug, Clone, Copy)]
pub struct CalendarInfo<'a> {
    /// The worker's display name, in each event's title.
    pub worker_name: &'a str,
    /// The language of the titles.
    pub language: Language,
    /// Makes the events' UIDs unique to one share link and stable across downloads (so importing
    /// again updates rather than duplicates). Only a hash of it appears in the file.
    pub uid_namespace: Uuid,
    /// `DTSTAMP`: when the file was made.
    pub generated_at: DateTime<Utc>,
}

/// The iCalendar text of `windows` and `absences`.
pub fn share_calendar(
    info: &CalendarInfo<'_>,
    windows: &[ShareWindow],
    absences: &[UpcomingAbsence],
) -> String {
    let (title, calendar_name) = match info.language {
        Language::Nb => (
            format!("{} kan nås", info.worker_name),
            format!("{} (Peerline)", info.worker_name),
        ),
        Language::En => (
            format!("{} can be reached", info.worker_name),
            format!("{} (Peerline)", info.worker_name),
        ),
    };
    let stamp = utc(info.generated_at);
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Peerline//Share calendar//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(&calendar_name)),
    ];
    for window in windows {
        let event = Event {
            uid_name: String::new(),
            start: window.start,
            end: window.end,
            summary: &title,
            description: None,
        };
        event.push_lines(info, &stamp, &mut lines);
    }
    for absence in absences {
        let summary = away_title(info, absence);
        let event = Event {
            uid_name: "away ".to_owned(),
            start: absence.starts_at,
            end: absence.ends_at,
            summary: &summary,
            description: absence.message.as_deref(),
        };
        event.push_lines(info, &stamp, &mut lines);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}

/// One event: a window, or an absence (its UID's name starts `away `).
struct Event<'a> {
    uid_name: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    summary: &'a str,
    description: Option<&'a str>,
}

impl Event<'_> {
    fn push_lines(&self, info: &CalendarInfo<'_>, stamp: &str, lines: &mut Vec<String>) {
        let (start, end) = (utc(self.start), utc(self.end));
        let name = format!("{}{start}/{end}", self.uid_name);
        let uid = Uuid::new_v5(&info.uid_namespace, name.as_bytes());
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{uid}@peerline"),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{start}"),
            format!("DTEND:{end}"),
            format!("SUMMARY:{}", escape_text(self.summary)),
        ]);
        if let Some(description) = self.description {
            lines.push(format!("DESCRIPTION:{}", escape_text(description)));
        }
        lines.extend(["TRANSP:TRANSPARENT".to_owned(), "END:VEVENT".to_owned()]);
    }
}

/// `Ingrid er borte – Jonas Berg svarer, 22 33 44 55`; without a stand-in `Ingrid er borte`.
fn away_title(info: &CalendarInfo<'_>, absence: &UpcomingAbsence) -> String {
    let worker = info.worker_name;
    match (&absence.stand_in, info.language) {
        (Some(stand_in), Language::Nb) => format!(
            "{worker} er borte \u{2013} {} svarer, {}",
            stand_in.label, stand_in.phone
        ),
        (Some(stand_in), Language::En) => format!(
            "{worker} is away \u{2013} {} answers, {}",
            stand_in.label, stand_in.phone
        ),
        (None, Language::Nb) => format!("{worker} er borte"),
        (None, Language::En) => format!("{worker} is away"),
    }
}

/// `20261123T170000Z`.
fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newlines escaped; other
/// control characters dropped.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// One content line, folded: at most 75 octets per physical line, each continuation starting with
/// a space; every physical line ends in CRLF.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + 8);
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > MAX_LINE_OCTETS {
            folded.push_str("\r\n ");
            octets = 1;
        }
        folded.push(c);
        octets += c.len_utf8();
    }
    folded.push_str("\r\n");
    folded
}
