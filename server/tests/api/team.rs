//! The coordinator's endpoints (api.md, Coordinator summaries): a hand-computed week, shared and
//! unshared check-ins, roles and teams, private-field canaries, the CSV and the access log.
//! [`recompute`] checks the figures against peerline-core over all of each worker's records.

mod recompute;

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::{ids, IsoWeek};
use peerline_server::{
    accounts::{self, NewUser, Role},
    summary::csv::COLUMNS,
    tokens,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{for_each_app, start_time, TestApp, TestResponse};

/// One device of a worker: pushes mutations through `POST /sync` with increasing mids and hlcs.
pub(crate) struct Device {
    token: String,
    client_id: Uuid,
    next_mid: u64,
    counter: u16,
}

impl Device {
    pub(crate) fn new(token: &str) -> Device {
        Device {
            token: token.to_owned(),
            client_id: Uuid::new_v4(),
            next_mid: 1,
            counter: 0,
        }
    }

    /// Writes `set` into record `id` of `kind` (a deletion when `deleted` is given); all accepted.
    pub(crate) async fn write(
        &mut self,
        app: &TestApp,
        writes: Vec<(&str, Uuid, Value, Option<bool>)>,
    ) {
        for chunk in writes.chunks(1000) {
            let millis = peerline_server::clock::Clock::now(&app.clock).timestamp_millis();
            let mutations: Vec<Value> = chunk
                .iter()
                .map(|(kind, id, set, deleted)| {
                    let hlc = format!("{millis:013}:{:04x}:{}", self.counter, self.client_id);
                    self.counter += 1;
                    let mut mutation = json!({"mid": self.next_mid, "kind": kind,
                        "id": id.to_string(), "hlc": hlc, "set": set});
                    if let Some(deleted) = deleted {
                        mutation["deleted"] = json!(deleted);
                    }
                    self.next_mid += 1;
                    mutation
                })
                .collect();
            let body = json!({"client_id": self.client_id.to_string(), "cursor": null,
                              "mutations": mutations});
            let response = app
                .post_json("/api/v1/sync", Some(&self.token), &body)
                .await;
            assert_eq!(response.status, StatusCode::OK);
            let rejected = &response.json()["rejected"];
            assert_eq!(rejected, &json!([]), "a test record was rejected");
        }
    }

    pub(crate) async fn put(&mut self, app: &TestApp, kind: &str, id: Uuid, set: Value) {
        self.write(app, vec![(kind, id, set, None)]).await;
    }
}

/// Creates an account with a chosen display name and logs it in: (id, token).
pub(crate) async fn account(
    app: &TestApp,
    team: Uuid,
    role: Role,
    username: &str,
    display_name: &str,
) -> (Uuid, String) {
    let new_user = NewUser {
        team_id: team,
        role,
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        password: "pw".to_owned(),
    };
    let id = accounts::create_user(app.db(), new_user, start_time())
        .await
        .unwrap();
    (id, app.login(username, "pw").await)
}

pub(crate) async fn summary(app: &TestApp, token: &str, week: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/team/summary?week={week}"), Some(token))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
    response.json()
}

fn text(response: &TestResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

fn log(contact: Uuid, at: &str, direction: &str, answered: bool) -> Value {
    json!({"contact_id": contact.to_string(), "at": at, "channel": "call",
           "direction": direction, "answered": answered})
}

const NOTES_CANARY: &str = "CANARY-contact-notes-7f3a";
const LOG_NOTE_CANARY: &str = "CANARY-log-note-91bc";
const CHECKIN_NOTE_CANARY: &str = "CANARY-checkin-note-c0de";

/// The hand-computed team: worker Ola in Europe/Oslo (UTC+1 in November), Mon-Fri 09-17, a day
/// off on Wednesday 18 November; ISO week 2026-W47 is 16-22 November.
struct Team {
    team: Uuid,
    lead: String,
    ola: Uuid,
    ola_token: String,
    kari: Uuid,
    anna: Uuid,
    bjorn: Uuid,
    cecilie: Uuid,
    share_token: String,
}

async fn seed_team(app: &TestApp) -> Team {
    let team = app.team("Team Nord").await;
    let (_, lead) = account(app, team, Role::Coordinator, "lead", "Lead Person").await;
    let (ola, ola_token) = account(app, team, Role::Worker, "ola", "Ola Nordmann").await;
    // Starts with `-` and holds a comma and quotes: CSV guarding and quoting.
    let (kari, _) = account(app, team, Role::Worker, "kari", "-Kari, \"K\"").await;
    let (anna, bjorn, cecilie, dag, per) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let share_token = tokens::new_token();
    let at = |local_day: u32, hour: u32, minute: u32| {
        // Local (UTC+1) 2026-11-DD HH:MM as UTC.
        let local = chrono::NaiveDate::from_ymd_opt(2026, 11, local_day)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap();
        (local - Duration::hours(1))
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let deleted_log = Uuid::new_v4();
    let mut device = Device::new(&ola_token);
    let writes = vec![
        (
            "profile",
            ids::profile_id(ola),
            json!({"display_name": "Ola N", "timezone": "Europe/Oslo"}),
            None,
        ),
        (
            "availability",
            ids::availability_id(ola),
            json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}]}),
            None,
        ),
        (
            "absence",
            Uuid::new_v4(),
            json!({"starts_at": "2026-11-18T00:00", "ends_at": "2026-11-19T00:00", "kind": "day_off"}),
            None,
        ),
        (
            "contact",
            anna,
            json!({"name": "Anna", "started_on": "2026-01-01", "notes": NOTES_CANARY,
            "share_token": share_token, "max_contacts_per_day": 2, "max_contacts_per_week": 4,
            "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "10:00", "end": "12:00"}]}),
            None,
        ),
        (
            "contact",
            bjorn,
            json!({"name": "Bjørn", "notes": NOTES_CANARY}),
            None,
        ),
        // Starts with `=`: a formula to a spreadsheet unless guarded.
        (
            "contact",
            cecilie,
            json!({"name": "=Cecilie", "started_on": "2026-06-01",
            "review_on": "2026-12-20"}),
            None,
        ),
        (
            "contact",
            dag,
            json!({"name": "Dag", "status": "ended", "planned_end_on": "2026-12-01"}),
            None,
        ),
        (
            "contact",
            per,
            json!({"name": "Per", "role": "colleague"}),
            None,
        ),
        // Anna: 5 in the week (weekly limit 4), 3 on Monday (daily limit 2).
        (
            "log",
            Uuid::new_v4(),
            log(anna, &at(16, 10, 30), "incoming", true),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(anna, &at(16, 11, 0), "outgoing", true),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            json!({"contact_id": anna.to_string(), "at": at(16, 13, 0),
            "channel": "sms", "direction": "incoming", "answered": false, "note": LOG_NOTE_CANARY}),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(anna, &at(17, 20, 0), "incoming", false),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(anna, &at(18, 10, 30), "incoming", true),
            None,
        ),
        (
            "log",
            deleted_log,
            log(anna, &at(19, 10, 30), "incoming", false),
            None,
        ),
        // Bjørn, deleted below: Monday 00:30 local is Sunday 23:30 UTC, still week 47 in Oslo.
        (
            "log",
            Uuid::new_v4(),
            log(bjorn, "2026-11-15T23:30:00Z", "incoming", false),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(bjorn, &at(19, 9, 30), "outgoing", true),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(bjorn, &at(21, 14, 0), "incoming", true),
            None,
        ),
        // Monday 23 November 00:30 local: week 48.
        (
            "log",
            Uuid::new_v4(),
            log(bjorn, "2026-11-22T23:30:00Z", "incoming", false),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(per, &at(16, 10, 0), "incoming", false),
            None,
        ),
        (
            "log",
            Uuid::new_v4(),
            log(dag, &at(10, 10, 0), "incoming", false),
            None,
        ),
        (
            "checkin",
            ids::checkin_id(ola, week("2026-W47")),
            json!({"week": "2026-W47", "energy": 2,
            "strain": 4, "burnout": 3, "needs_guidance": true, "share_with_coordinator": true,
            "note": CHECKIN_NOTE_CANARY}),
            None,
        ),
        (
            "checkin",
            ids::checkin_id(ola, week("2026-W46")),
            json!({"week": "2026-W46", "energy": 5,
            "strain": 1, "burnout": 1, "needs_guidance": false, "note": CHECKIN_NOTE_CANARY}),
            None,
        ),
        ("log", deleted_log, json!({}), Some(true)),
        ("contact", bjorn, json!({}), Some(true)),
    ];
    device.write(app, writes).await;
    Team {
        team,
        lead,
        ola,
        ola_token,
        kari,
        anna,
        bjorn,
        cecilie,
        share_token,
    }
}

fn week(text: &str) -> IsoWeek {
    text.parse().unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn a_week_is_summed_up_as_computed_by_hand() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let body = summary(&app, &t.lead, "2026-W47").await;
        assert_eq!(keys(&body), ["team", "week", "workers"]);
        assert_eq!(
            body["team"],
            json!({"id": t.team.to_string(), "name": "Team Nord"})
        );
        assert_eq!(body["week"], "2026-W47");
        let workers = body["workers"].as_array().unwrap();
        // By display name: "-Kari..." sorts before "Ola Nordmann".
        assert_eq!(workers.len(), 2);
        let (kari, ola) = (&workers[0], &workers[1]);
        let service_user = |name: &str, id: Uuid, counts: [u32; 5], weekly: bool| {
            json!({"contact_id": id.to_string(), "name": name, "contacts": counts[0],
                   "after_hours_contacts": counts[1], "outside_agreement_contacts": counts[2],
                   "limit_exceeded_days": counts[3], "unanswered_incoming": counts[4],
                   "weekly_limit_exceeded": weekly})
        };
        let expected_ola = json!({
            "worker_id": t.ola.to_string(), "display_name": "Ola Nordmann",
            "last_sync_at": "2026-11-26T15:45:00Z",
            "active_service_users": 2, "relationships_ending_soon": 1,
            "contacts": 8, "after_hours_contacts": 4, "outside_agreement_contacts": 5,
            "limit_exceeded_days": 1, "unanswered_incoming": 3, "weekly_limit_exceeded": 1,
            "checkin": {"energy": 2, "strain": 4, "burnout": 3, "needs_guidance": true},
            "service_users": [
                // "=" sorts before letters.
                service_user("=Cecilie", t.cecilie, [0, 0, 0, 0, 0], false),
                service_user("Anna", t.anna, [5, 2, 3, 1, 2], true),
                service_user("Bjørn", t.bjorn, [3, 2, 2, 0, 1], false),
            ],
        });
        assert_eq!(ola, &expected_ola);
        let expected_kari = json!({
            "worker_id": t.kari.to_string(), "display_name": "-Kari, \"K\"",
            "last_sync_at": null, "active_service_users": 0, "relationships_ending_soon": 0,
            "contacts": 0, "after_hours_contacts": 0, "outside_agreement_contacts": 0,
            "limit_exceeded_days": 0, "unanswered_incoming": 0, "weekly_limit_exceeded": 0,
            "checkin": null, "service_users": [],
        });
        assert_eq!(kari, &expected_kari);

        // Week 46: an unshared check-in is not shown; only Dag's log, and Dag has ended, is
        // listed because of it; Anna and Cecilie are active.
        let body = summary(&app, &t.lead, "2026-W46").await;
        let ola = &body["workers"][1];
        assert_eq!(ola["checkin"], Value::Null);
        let names: Vec<&str> = ola["service_users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["=Cecilie", "Anna", "Dag"]);
        assert_eq!(ola["contacts"], 1);
        // Week 48 (the default): Bjørn's Monday 00:30 log, still counted though he is deleted.
        let response = app.get("/api/v1/team/summary", Some(&t.lead)).await;
        let body = response.json();
        assert_eq!(body["week"], "2026-W48");
        assert_eq!(body["workers"][1]["contacts"], 1);
        assert_eq!(body["workers"][1]["unanswered_incoming"], 1);
        app
    })
    .await;
}

#[tokio::test]
async fn only_coordinators_of_the_team_see_it() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let other_team = app.team("Team Sør").await;
        let (_, other_lead) = account(
            &app,
            other_team,
            Role::Coordinator,
            "other-lead",
            "Other Lead",
        )
        .await;
        let (stranger, stranger_token) =
            account(&app, other_team, Role::Worker, "stranger", "Stranger").await;
        Device::new(&stranger_token)
            .put(
                &app,
                "contact",
                Uuid::new_v4(),
                json!({"name": "Someone else's"}),
            )
            .await;

        let ours = summary(&app, &t.lead, "2026-W47").await.to_string();
        assert!(!ours.contains(&stranger.to_string()) && !ours.contains("Someone else"));
        let theirs = summary(&app, &other_lead, "2026-W47").await;
        assert_eq!(theirs["team"]["name"], "Team Sør");
        let workers = theirs["workers"].as_array().unwrap();
        assert_eq!(workers.len(), 1);
        assert_eq!(workers[0]["worker_id"], stranger.to_string());
        let theirs = theirs.to_string();
        for id in [t.ola, t.kari, t.anna] {
            assert!(!theirs.contains(&id.to_string()));
        }
        let log = app
            .get("/api/v1/team/access-log", Some(&other_lead))
            .await
            .json();
        let endpoints: Vec<&Value> = log["entries"].as_array().unwrap().iter().collect();
        assert_eq!(endpoints.len(), 2, "their summary and this read: {log}");
        assert!(!log.to_string().contains("Lead Person"));

        let before = app.count("team_access_log").await;
        for path in [
            "/api/v1/team/summary",
            "/api/v1/team/summary.csv?week=2026-W47",
            "/api/v1/team/access-log",
        ] {
            app.get(path, Some(&t.ola_token))
                .await
                .assert_error(StatusCode::FORBIDDEN, "forbidden");
            app.get(path, None)
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
            app.get(path, Some(&tokens::new_token()))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        }
        assert_eq!(app.count("team_access_log").await, before);
        app
    })
    .await;
}

#[tokio::test]
async fn bad_parameters_are_400_invalid_request_and_not_logged() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        for week in [
            "2026-W54",
            "2026-W00",
            "2026-48",
            "26-W48",
            "2026-W4",
            "x",
            "",
            "2020-W53x",
        ] {
            for path in ["summary", "summary.csv"] {
                app.get(&format!("/api/v1/team/{path}?week={week}"), Some(&t.lead))
                    .await
                    .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
            }
        }
        for query in [
            "limit=0",
            "limit=501",
            "limit=ten",
            "limit=-1",
            "before=abc",
            "before=",
        ] {
            app.get(&format!("/api/v1/team/access-log?{query}"), Some(&t.lead))
                .await
                .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        assert_eq!(app.count("team_access_log").await, 0);
        // 2020 has a week 53.
        summary(&app, &t.lead, "2020-W53").await;
        assert_eq!(app.count("team_access_log").await, 1);
        app
    })
    .await;
}

#[tokio::test]
async fn private_fields_never_reach_the_coordinator() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let mut bodies = Vec::new();
        for path in [
            "/api/v1/team/summary?week=2026-W47",
            "/api/v1/team/summary?week=2026-W46",
            "/api/v1/team/summary.csv?week=2026-W47",
            "/api/v1/team/access-log",
        ] {
            let response = app.get(path, Some(&t.lead)).await;
            assert_eq!(response.status, StatusCode::OK);
            bodies.push(text(&response));
        }
        for body in &bodies {
            for canary in [
                NOTES_CANARY,
                LOG_NOTE_CANARY,
                CHECKIN_NOTE_CANARY,
                &t.share_token,
            ] {
                assert!(!body.contains(canary), "{canary} leaked: {body}");
            }
            for field in ["\"notes\"", "\"note\"", "share_token"] {
                assert!(!body.contains(field), "{field} in {body}");
            }
        }
        // The worker's own sync still has them: the canaries were really stored.
        let pulled = app
            .post_json(
                "/api/v1/sync",
                Some(&t.ola_token),
                &json!({"client_id": Uuid::new_v4().to_string(), "cursor": null}),
            )
            .await;
        let pulled = text(&pulled);
        for canary in [
            NOTES_CANARY,
            LOG_NOTE_CANARY,
            CHECKIN_NOTE_CANARY,
            &t.share_token,
        ] {
            assert!(pulled.contains(canary));
        }
        app
    })
    .await;
}

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

#[tokio::test]
async fn every_read_is_in_the_access_log_newest_first_and_paged() {
    for_each_app(|app| async move {
        let t = seed_team(&app).await;
        let (lead2, lead2_token) =
            account(&app, t.team, Role::Coordinator, "lead2", "Second Lead").await;
        let reads = [
            (&t.lead, "/api/v1/team/summary?week=2026-W47"),
            (&lead2_token, "/api/v1/team/summary.csv?week=2026-W46"),
            (&t.lead, "/api/v1/team/summary"),
        ];
        for (token, path) in reads {
            assert_eq!(app.get(path, Some(token)).await.status, StatusCode::OK);
            app.clock.advance(Duration::minutes(1));
        }
        let page = app
            .get("/api/v1/team/access-log?limit=2", Some(&lead2_token))
            .await
            .json();
        assert_eq!(keys(&page), ["entries", "next"]);
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        let expected = |entry: &Value, user: &str, endpoint: &str, week: Value, minute: u32| {
            assert_eq!(
                keys(entry),
                ["at", "display_name", "endpoint", "id", "user_id", "week"]
            );
            assert_eq!(entry["display_name"], user);
            assert_eq!(entry["endpoint"], endpoint);
            assert_eq!(entry["week"], week);
            assert_eq!(entry["at"], format!("2026-11-26T15:{minute}:00.000Z"));
        };
        expected(
            &entries[0],
            "Second Lead",
            "/api/v1/team/access-log",
            Value::Null,
            48,
        );
        assert_eq!(entries[0]["user_id"], lead2.to_string());
        expected(
            &entries[1],
            "Lead Person",
            "/api/v1/team/summary",
            json!("2026-W48"),
            47,
        );

        let next = page["next"].as_str().unwrap();
        let page = app
            .get(
                &format!("/api/v1/team/access-log?limit=1&before={next}"),
                Some(&t.lead),
            )
            .await
            .json();
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1);
        expected(
            &entries[0],
            "Second Lead",
            "/api/v1/team/summary.csv",
            json!("2026-W46"),
            46,
        );
        let next = page["next"].as_str().unwrap();
        let page = app
            .get(
                &format!("/api/v1/team/access-log?before={next}"),
                Some(&t.lead),
            )
            .await
            .json();
        let entries = page["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1);
        expected(
            &entries[0],
            "Lead Person",
            "/api/v1/team/summary",
            json!("2026-W47"),
            45,
        );
        assert_eq!(page["next"], Value::Null);
        // Three summary reads and three reads of the log.
        assert_eq!(app.count("team_access_log").await, 6);
        let all = app
            .get("/api/v1/team/access-log", Some(&t.lead))
            .await
            .json();
        assert_eq!(all["entries"].as_array().unwrap().len(), 7);
        assert_eq!(all["next"], Value::Null);
        app
    })
    .await;
}
