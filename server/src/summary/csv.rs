//! The summary as CSV (`GET /team/summary.csv`): RFC 4180 (CRLF line ends, fields with a comma,
//! quote or line break quoted, quotes doubled), a header row, then per worker one row per service
//! user and one total row.
//!
//! Service-user rows leave the worker-level columns (last sync, relationships, check-in) empty.
//! `weekly_limit_exceeded` is 1 or 0 on a service user's row and the number of service users over
//! their weekly limit on the total row, so the column sums like the others.
//!
//! Names are typed by workers, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
//! (or a tab or carriage return) as a formula; such a cell gets a leading `'` (OWASP's advice on
//! CSV injection), which spreadsheets show as text.

use chrono::SecondsFormat;
use peerline_core::{PressureCounts, ServiceUserPressure};

use crate::summary::{TeamSummary, WorkerSummary};

/// The header row's columns.
pub const COLUMNS: [&str; 21] = [
    "week",
    "worker_id",
    "worker",
    "row",
    "contact_id",
    "service_user",
    "contacts",
    "after_hours_contacts",
    "outside_agreement_contacts",
    "limit_exceeded_days",
    "weekly_limit_exceeded",
    "unanswered_incoming",
    "after_hours_minutes",
    "after_hours_untimed",
    "active_service_users",
    "relationships_ending_soon",
    "last_sync_at",
    "checkin_energy",
    "checkin_strain",
    "checkin_burnout",
    "checkin_needs_guidance",
];

/// The whole CSV document.
pub fn summary_csv(summary: &TeamSummary) -> String {
    let mut out = String::new();
    push_row(&mut out, COLUMNS.iter().map(|column| (*column).to_owned()));
    let week = summary.week.to_string();
    for worker in &summary.workers {
        for service_user in &worker.pressure.service_users {
            push_row(&mut out, service_user_row(&week, worker, service_user));
        }
        push_row(&mut out, total_row(&week, worker));
    }
    out
}

fn service_user_row(week: &str, worker: &WorkerSummary, row: &ServiceUserPressure) -> Vec<String> {
    let mut cells = vec![
        week.to_owned(),
        worker.worker_id.to_string(),
        worker.display_name.clone(),
        "service_user".to_owned(),
        row.contact_id.to_string(),
        row.name.clone(),
    ];
    cells.extend(counts(&row.counts, u32::from(row.weekly_limit_exceeded)));
    cells.extend(std::iter::repeat_n(String::new(), 7));
    cells
}

fn total_row(week: &str, worker: &WorkerSummary) -> Vec<String> {
    let totals = &worker.pressure.totals;
    let mut cells = vec![
        week.to_owned(),
        worker.worker_id.to_string(),
        worker.display_name.clone(),
        "total".to_owned(),
        String::new(),
        String::new(),
    ];
    cells.extend(counts(&totals.counts, totals.weekly_limit_exceeded));
    cells.push(worker.active_service_users.to_string());
    cells.push(worker.relationships_ending_soon.to_string());
    cells.push(worker.last_sync_at.map_or_else(String::new, |at| {
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }));
    match worker.checkin {
        Some(checkin) => cells.extend([
            checkin.energy.to_string(),
            checkin.strain.to_string(),
            checkin.burnout.to_string(),
            checkin.needs_guidance.to_string(),
        ]),
        None => cells.extend(std::iter::repeat_n(String::new(), 4)),
    }
    cells
}

/// The count columns, `contacts` to `after_hours_untimed`.
fn counts(counts: &PressureCounts, weekly_limit_exceeded: u32) -> [String; 8] {
    [
        counts.contacts,
        counts.after_hours_contacts,
        counts.outside_agreement_contacts,
        counts.limit_exceeded_days,
        weekly_limit_exceeded,
        counts.unanswered_incoming,
        counts.after_hours_minutes,
        counts.after_hours_untimed,
    ]
    .map(|count| count.to_string())
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (index, text) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&cell(&text));
    }
    out.push_str("\r\n");
}

/// One field: guarded against formula injection, then quoted if RFC 4180 needs it.
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_are_defused() {
        let cases = [
            ("Ola", "Ola"),
            ("", ""),
            ("Nordmann, Ola", "\"Nordmann, Ola\""),
            ("Ola \"O\" N", "\"Ola \"\"O\"\" N\""),
            ("two\nlines", "\"two\nlines\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+47 900", "'+47 900"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("a=b", "a=b"),
            ("2026-W48", "2026-W48"),
        ];
        for (text, expected) in cases {
            assert_eq!(cell(text), expected, "{text:?}");
        }
    }
}
