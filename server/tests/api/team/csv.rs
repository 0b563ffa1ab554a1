//! `GET /team/summary.csv`: a header, a row per service user and a total per worker, every text
//! cell quoted and guarded against spreadsheet formulas, with `,` (RFC 4180) or, for a spreadsheet
//! set to Norwegian, `;` and a byte order mark.

use axum::http::StatusCode;
use peerline_server::accounts::Role;
use peerline_server::summary::csv::COLUMNS;
use serde_json::json;
use uuid::Uuid;

use super::fixture::{account, seed_team, text, Device};
use crate::api::support::for_each_app;

/// The records of a CSV document separated by `separator`, read by the csv crate (which quotes
/// and unquotes as RFC 4180 says).
fn parse_separated(text: &str, separator: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text}");
    parse_separated(text, b',')
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

/// Names a worker could type that a spreadsheet would split or run (issue 17), and what the cell
/// must read back as in either separator: whole, and with a `'` where it would run.
const HOSTILE_NAMES: [(&str, &str); 7] = [
    ("Ola;=cmd|' /C calc'!A0", "Ola;=cmd|' /C calc'!A0"),
    (" =1+1", "' =1+1"),
    ("＝SUM(1)", "'＝SUM(1)"),
    ("\u{3000}＋47 900", "'\u{3000}＋47 900"),
    ("Nordmann, Ola", "Nordmann, Ola"),
    ("Kari \"K\" @home", "Kari \"K\" @home"),
    ("Åse Ødegård", "Åse Ødegård"),
];

#[tokio::test]
async fn hostile_names_stay_in_their_cell_and_never_run_in_either_separator() {
    for_each_app(|app| async move {
        let team = app.team("Team").await;
        let (_, lead) = account(&app, team, Role::Coordinator, "lead", "Lead").await;
        let (_, worker) = account(&app, team, Role::Worker, "per", "Per").await;
        let mut device = Device::new(&worker);
        for (name, _) in HOSTILE_NAMES {
            device
                .put(
                    &app,
                    "contact",
                    Uuid::new_v4(),
                    json!({"name": name, "role": "service_user"}),
                )
                .await;
        }
        for (query, separator, byte_order_mark) in [
            ("", b',', false),
            ("&separator=comma", b',', false),
            ("&separator=semicolon", b';', true),
        ] {
            let path = format!("/api/v1/team/summary.csv?week=2026-W48{query}");
            let response = app.get(&path, Some(&lead)).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            let body = text(&response);
            assert_eq!(body.starts_with('\u{feff}'), byte_order_mark, "{path}");
            let rows = parse_separated(body.trim_start_matches('\u{feff}'), separator);
            assert_eq!(rows[0], COLUMNS, "{path}");
            assert!(
                rows.iter().all(|row| row.len() == COLUMNS.len()),
                "{path}: {body}"
            );
            let column = COLUMNS.iter().position(|c| *c == "service_user").unwrap();
            let names: Vec<&str> = rows.iter().map(|row| row[column].as_str()).collect();
            for (name, cell) in HOSTILE_NAMES {
                assert!(
                    names.contains(&cell),
                    "{path}: {name:?} should read {cell:?} in {names:?}"
                );
            }
            // Not one cell holds a separator outside quotes: every non-number is quoted.
            for line in body.split("\r\n").filter(|line| !line.is_empty()) {
                let unquoted: String = line.split('"').step_by(2).collect();
                for other in [b',', b';', b'\t'] {
                    if other != separator {
                        assert!(!unquoted.contains(char::from(other)), "{path}: {line}");
                    }
                }
            }
        }
        app.get("/api/v1/team/summary.csv?separator=tab", Some(&lead))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        app
    })
    .await;
}
