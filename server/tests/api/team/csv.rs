//! `GET /team/summary.csv`: RFC 4180, a header, a row per service user and a total per worker,
//! names guarded against spreadsheet formulas.

use axum::http::StatusCode;
use peerline_server::summary::csv::COLUMNS;

use super::fixture::{seed_team, text};
use crate::api::support::for_each_app;

/// RFC 4180 records: fields split on commas, quoted fields with doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '"' && c != '\n' && c != '\r', "bad CSV: {text}");
                field.push(c);
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated CSV: {text}"
    );
    rows
}

#[tokio::test]
async fn the_csv_has_a_header_a_row_per_service_user_and_a_total_per_worker() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let response = app
            .get("/api/v1/team/summary.csv?week=2026-W47", Some(&t.lead))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert!(response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv"));
        assert_eq!(
            response.header("content-disposition"),
            Some("attachment; filename=\"peerline-summary-2026-W47.csv\"")
        );
        let rows = parse_csv(&text(&response));
        assert_eq!(rows[0], COLUMNS);
        assert_eq!(
            rows.len(),
            1 + 1 + 4,
            "header, Kari's total, Ola's 3 + total"
        );
        assert!(rows.iter().all(|row| row.len() == COLUMNS.len()));
        let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let row_of = |kind: &str, name: &str| {
            rows.iter()
                .find(|row| {
                    row[column("row")] == kind
                        && (row[column("service_user")] == name || row[column("worker")] == name)
                })
                .unwrap_or_else(|| panic!("no {kind} row for {name}"))
                .clone()
        };
        // Guarded against formulas, quoted where needed, and read back exactly.
        let kari = row_of("total", "'-Kari, \"K\"");
        assert_eq!(kari[column("contacts")], "0");
        assert_eq!(kari[column("checkin_energy")], "");
        let cecilie = row_of("service_user", "'=Cecilie");
        assert_eq!(cecilie[column("contact_id")], t.cecilie.to_string());
        let anna = row_of("service_user", "Anna");
        let counts = |row: &[String]| -> Vec<String> {
            [
                "contacts",
                "after_hours_contacts",
                "outside_agreement_contacts",
                "limit_exceeded_days",
                "weekly_limit_exceeded",
                "unanswered_incoming",
            ]
            .iter()
            .map(|name| row[column(name)].clone())
            .collect()
        };
        assert_eq!(counts(&anna), ["5", "2", "3", "1", "1", "2"]);
        assert_eq!(anna[column("worker_id")], t.ola.to_string());
        assert_eq!(anna[column("week")], "2026-W47");
        assert_eq!(anna[column("last_sync_at")], "");
        let total = row_of("total", "Ola Nordmann");
        assert_eq!(counts(&total), ["8", "4", "5", "1", "1", "3"]);
        assert_eq!(total[column("active_service_users")], "2");
        assert_eq!(total[column("relationships_ending_soon")], "1");
        assert_eq!(total[column("last_sync_at")], "2026-11-26T15:45:00Z");
        assert_eq!(
            [
                column("checkin_energy"),
                column("checkin_strain"),
                column("checkin_burnout"),
                column("checkin_needs_guidance")
            ]
            .map(|c| total[c].clone()),
            ["2", "4", "3", "true"]
        );
        app
    })
    .await;
}
