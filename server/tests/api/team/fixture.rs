//! The teams the coordinator tests read: a device that syncs like the app, accounts with chosen
//! display names, and the hand-computed team of [`super::figures`].

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::{ids, IsoWeek};
use peerline_server::{
    accounts::{self, NewUser, Role},
    tokens,
};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::api::support::{start_time, TestApp, TestResponse};

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
        password: "team password".to_owned(),
    };
    let id = accounts::create_user(app.db(), new_user, start_time())
        .await
        .unwrap();
    (id, app.login(username, "team password").await)
}

pub(crate) async fn summary(app: &TestApp, token: &str, week: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/team/summary?week={week}"), Some(token))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
    response.json()
}

pub(crate) fn text(response: &TestResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

pub(crate) fn log(contact: Uuid, at: &str, direction: &str, answered: bool) -> Value {
    json!({"contact_id": contact.to_string(), "at": at, "channel": "call",
           "direction": direction, "answered": answered})
}

pub(crate) const NOTES_CANARY: &str = "CANARY-contact-notes-7f3a";
pub(crate) const LOG_NOTE_CANARY: &str = "CANARY-log-note-91bc";
pub(crate) const CHECKIN_NOTE_CANARY: &str = "CANARY-checkin-note-c0de";

/// The hand-computed team: worker Ola in Europe/Oslo (UTC+1 in November), Mon-Fri 09-17, a day
/// off on Wednesday 18 November; ISO week 2026-W47 is 16-22 November.
pub(crate) struct Team {
    pub(crate) team: Uuid,
    pub(crate) lead: String,
    pub(crate) ola: Uuid,
    pub(crate) ola_token: String,
    pub(crate) kari: Uuid,
    pub(crate) anna: Uuid,
    pub(crate) bjorn: Uuid,
    pub(crate) cecilie: Uuid,
    pub(crate) share_token: String,
}

pub(crate) async fn seed_team(app: &TestApp) -> Team {
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

pub(crate) fn week(text: &str) -> IsoWeek {
    text.parse().unwrap()
}

pub(crate) fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}
