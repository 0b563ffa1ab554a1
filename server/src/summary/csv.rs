//! The summary as CSV (`GET /team/summary.csv`): a header row, then per worker one row per service
//! user and one total row, written by the csv crate (CRLF line ends, quotes doubled).
//!
//! Service-user rows leave the worker-level columns (last sync, relationships, check-in) empty.
//! `weekly_limit_exceeded` is 1 or 0 on a service user's row and the number of service users over
//! their weekly limit on the total row, so the column sums like the others.
//!
//! **Spreadsheets, not just CSV readers.** Names are typed by workers, and the file is opened in
//! Excel or LibreOffice, which split on more than the file's own separator (Norwegian Excel splits
//! on `;`) and run a cell as a formula when it starts with `=`, `+`, `-` or `@`, also after
//! leading white space, also in full-width forms (`＝`). So every cell that is not a number is
//! quoted, whatever separator it holds (a number cannot hold one), and a cell whose first
//! character after any white space is a formula character ([`FORMULA_STARTS`]), or that starts
//! with a tab or line break, gets a leading `'` (OWASP's advice on CSV injection), which
//! spreadsheets show as text.
//!
//! **Two separators.** The default is RFC 4180's comma, no byte order mark: what `api.md` promises
//! and what tools read. `?separator=semicolon` gives what a spreadsheet set to Norwegian expects
//! when the file is opened with a double-click: `;` between cells (the comma is its decimal sign)
//! and a UTF-8 byte order mark, without which Excel reads æ, ø and å as Windows-1252. The
//! coordinator's screens ask for it when they are in Norwegian.

use chrono::SecondsFormat;
use csv::{QuoteStyle, Terminator, WriterBuilder};
use peerline_core::{PressureCounts, ServiceUserPressure};

use crate::summary::{TeamSummary, WorkerSummary};

/// What separates the cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// `,` (RFC 4180), no byte order mark.
    #[default]
    Comma,
    /// `;` with a UTF-8 byte order mark, for a spreadsheet set to Norwegian.
    Semicolon,
}

/// The characters that make a spreadsheet read a cell as a formula when they come first (after
/// any white space): `=`, `+`, `-`, `@`, their full-width forms (Excel in an East Asian locale, and
/// some versions elsewhere, read `＝` as `=`), the small forms, and the minus sign.
pub const FORMULA_STARTS: [char; 13] = [
    '=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−',
];

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
pub fn summary_csv(summary: &TeamSummary, separator: Separator) -> String {
    let (delimiter, start) = match separator {
        Separator::Comma => (b',', ""),
        Separator::Semicolon => (b';', "\u{feff}"),
    };
    let mut writer = WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(QuoteStyle::NonNumeric)
        .terminator(Terminator::CRLF)
        .from_writer(start.as_bytes().to_vec());
    let mut rows = vec![COLUMNS.iter().map(|column| (*column).to_owned()).collect()];
    let week = summary.week.to_string();
    for worker in &summary.workers {
        for service_user in &worker.pressure.service_users {
            rows.push(service_user_row(&week, worker, service_user));
        }
        rows.push(total_row(&week, worker));
    }
    for row in rows {
        // Writing into a Vec cannot fail, and every row has the header's length.
        let _ = writer.write_record(row.iter().map(|text| guard_formula(text).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
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

/// `text`, with a leading `'` if a spreadsheet would read it as a formula.
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    let runs_as_formula = text.starts_with(['\t', '\r', '\n'])
        || text
            .trim_start()
            .starts_with(|first: char| FORMULA_STARTS.contains(&first));
    if runs_as_formula {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One helper, a table of cases: the cell as written into a one-cell CSV line.
    #[test]
    fn cells_are_quoted_unless_numbers_and_formulas_are_defused() {
        let write = |text: &str, separator: Separator| {
            let delimiter = match separator {
                Separator::Comma => b',',
                Separator::Semicolon => b';',
            };
            let mut writer = WriterBuilder::new()
                .delimiter(delimiter)
                .quote_style(QuoteStyle::NonNumeric)
                .terminator(Terminator::CRLF)
                .from_writer(Vec::new());
            writer
                .write_record([guard_formula(text).into_owned()])
                .unwrap();
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        };
        let cases = [
            ("Ola", "\"Ola\""),
            ("", "\"\""),
            ("12", "12"),
            ("Nordmann, Ola", "\"Nordmann, Ola\""),
            ("Ola;=cmd|' /C calc'!A0", "\"Ola;=cmd|' /C calc'!A0\""),
            ("Ola\t=1", "\"Ola\t=1\""),
            ("Ola \"O\" N", "\"Ola \"\"O\"\" N\""),
            ("two\nlines", "\"two\nlines\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+47 900", "\"'+47 900\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            (" =1+1", "\"' =1+1\""),
            ("\u{a0}\u{3000}=1+1", "\"'\u{a0}\u{3000}=1+1\""),
            ("＝SUM(1)", "\"'＝SUM(1)\""),
            (" ＋1", "\"' ＋1\""),
            ("－1", "\"'－1\""),
            ("＠A1", "\"'＠A1\""),
            ("\tx", "\"'\tx\""),
            ("\r=1", "\"'\r=1\""),
            ("a=b", "\"a=b\""),
            ("2026-W48", "\"2026-W48\""),
        ];
        for (text, expected) in cases {
            assert_eq!(
                write(text, Separator::Comma),
                format!("{expected}\r\n"),
                "{text:?}"
            );
            assert_eq!(
                write(text, Separator::Semicolon),
                format!("{expected}\r\n"),
                "{text:?} with ;"
            );
        }
    }
}
