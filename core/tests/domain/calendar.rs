//! The share calendar (RFC 5545): the exact text of a small calendar, then the line rules checked
//! on a long one (CRLF everywhere, 75-octet folding that never splits a character, one DTSTAMP and
//! one UID per event, UTC times).

use chrono::{DateTime, Utc};
use peerline_core::{
    calendar_absences, calendar_windows, share_calendar, CalendarInfo, Fallback, Language,
    ShareWindow, UpcomingAbsence,
};
use serde_json::json;
use uuid::Uuid;

use super::support::{oslo, World, OLA};

fn info(worker_name: &str, language: Language, now: DateTime<Utc>) -> CalendarInfo<'_> {
    CalendarInfo {
        worker_name,
        language,
        uid_namespace: Uuid::from_u128(7),
        generated_at: now,
    }
}

/// Undoes the folding: a CRLF followed by a space joins the lines.
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

#[test]
fn one_event_per_window_in_utc() {
    let now = oslo("2024-11-04 18:00");
    let windows = [ShareWindow {
        start: oslo("2024-11-05 17:00"),
        end: oslo("2024-11-05 21:00"),
    }];
    let text = share_calendar(&info("Per", Language::Nb, now), &windows, &[]);
    let uid = Uuid::new_v5(&Uuid::from_u128(7), b"20241105T160000Z/20241105T200000Z");
    let expected = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Peerline//Share calendar//EN\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Per (Peerline)\r\n\
         BEGIN:VEVENT\r\nUID:{uid}@peerline\r\nDTSTAMP:20241104T170000Z\r\n\
         DTSTART:20241105T160000Z\r\nDTEND:20241105T200000Z\r\nSUMMARY:Per kan nås\r\n\
         TRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    assert_eq!(text, expected);
    let english = share_calendar(&info("Per", Language::En, now), &windows, &[]);
    assert!(english.contains("\r\nSUMMARY:Per can be reached\r\n"));
}

#[test]
fn sixty_days_of_windows_follow_the_line_rules() {
    let world = World::new().evenings().contact(OLA, json!({"name": "Ola"}));
    let now = oslo("2024-11-04 18:00");
    let windows = calendar_windows(&world.build(), OLA, now);
    // Eight weeks of six windows from Monday 4 November, less 25 and 26 December, plus 30 and 31
    // December and 2 and 3 January (New Year's Day is a holiday; the 3rd starts before 18:00).
    assert_eq!(windows.len(), 50);
    // A long name with commas, semicolons and multi-byte letters forces escaping and folding.
    let name = "Åse Øvergård-Ærlig, likeperson; Bydel Grünerløkka \\ Sagene æøå æøå æøå æøå";
    let text = share_calendar(&info(name, Language::Nb, now), &windows, &[]);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "longer than 75 octets: {line:?}");
    }
    let lines = unfold(&text);
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("BEGIN:VEVENT"), 50);
    assert_eq!(count("DTSTAMP:20241104T170000Z"), 50);
    assert_eq!(count("UID:"), 50);
    let mut uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    uids.dedup();
    assert_eq!(uids.len(), 50, "UIDs are unique");
    assert!(lines
        .iter()
        .all(|line| !line.starts_with("DTSTART") || line.ends_with('Z')));
    let summary = lines
        .iter()
        .find(|l| l.starts_with("SUMMARY:"))
        .expect("summary");
    assert_eq!(
        summary,
        "SUMMARY:Åse Øvergård-Ærlig\\, likeperson\\; Bydel Grünerløkka \\\\ Sagene æøå æøå æøå æøå kan nås"
    );
}

/// The events of absences: `SUMMARY` per language, with and without a stand-in, and the message.
#[test]
fn absences_are_events_that_name_who_answers() {
    let now = oslo("2026-12-01 12:00");
    let christmas = UpcomingAbsence {
        starts_at: oslo("2026-12-23 00:00"),
        ends_at: oslo("2026-12-28 00:00"),
        message: Some("God jul!".into()),
        stand_in: Some(Fallback::new("Jonas Berg", "22 33 44 55")),
    };
    let day_off = UpcomingAbsence {
        stand_in: None,
        message: None,
        ..christmas.clone()
    };
    let cases = [
        (
            Language::Nb,
            &christmas,
            "SUMMARY:Ingrid er borte \u{2013} Jonas Berg svarer\\, 22 33 44 55",
            Some("DESCRIPTION:God jul!"),
        ),
        (
            Language::En,
            &christmas,
            "SUMMARY:Ingrid is away \u{2013} Jonas Berg answers\\, 22 33 44 55",
            Some("DESCRIPTION:God jul!"),
        ),
        (Language::Nb, &day_off, "SUMMARY:Ingrid er borte", None),
        (Language::En, &day_off, "SUMMARY:Ingrid is away", None),
    ];
    for (language, absence, summary, description) in cases {
        let text = share_calendar(
            &info("Ingrid", language, now),
            &[],
            std::slice::from_ref(absence),
        );
        let lines = unfold(&text);
        assert!(
            lines.iter().any(|l| l == summary),
            "{language:?}: {lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == "DTSTART:20261222T230000Z"),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == "DTEND:20261227T230000Z"),
            "{lines:?}"
        );
        assert_eq!(
            lines
                .iter()
                .find(|l| l.starts_with("DESCRIPTION:"))
                .map(String::as_str),
            description
        );
    }
}

/// The calendar lists the absences under way or starting within its 60 days.
#[test]
fn the_calendar_lists_absences_under_way_and_within_sixty_days() {
    let world = World::new()
        .absence(
            "2026-11-30T00:00",
            "2026-12-02T00:00",
            json!({"message": "under way"}),
        )
        .absence(
            "2027-01-29T00:00",
            "2027-01-30T00:00",
            json!({"message": "day 59"}),
        )
        .absence(
            "2027-02-01T00:00",
            "2027-02-02T00:00",
            json!({"message": "past 60 days"}),
        )
        .absence(
            "2026-11-01T00:00",
            "2026-11-02T00:00",
            json!({"message": "over"}),
        );
    let listed: Vec<String> = calendar_absences(&world.build(), oslo("2026-12-01 12:00"))
        .into_iter()
        .filter_map(|absence| absence.message)
        .collect();
    assert_eq!(listed, ["under way", "day 59"]);
}
