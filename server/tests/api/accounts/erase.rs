//! `POST /erase/contact`: the contact, its logs and its share link leave the database; every
//! phone of the worker, however long offline, gets fieldless tombstones; writes that arrive later
//! cannot bring the person back; past weeks' summaries no longer count the logs.

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::{RecordKind, WireRecord};
use peerline_server::tokens;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::{assert_no_content, log_with, service_user, team, Phone, Team, PASSWORD};
use crate::api::support::{for_each_app, TestApp};

/// Words planted in the erased contact's fields and its logs' notes.
const CANARIES: [&str; 3] = [
    "ERASE-ME-NAME-4c1e",
    "ERASE-ME-NOTES-4c1e",
    "ERASE-ME-NOTE-4c1e",
];

/// A worker's phone with two service users: Ola (the canaries, a share link, three logs) and
/// Kari (one log, kept).
struct Seeded {
    ola: Uuid,
    ola_logs: Vec<Uuid>,
    kari: Uuid,
    kari_log: Uuid,
    share_token: String,
}

async fn seed(app: &TestApp, phone: &mut Phone) -> Seeded {
    let (ola, kari) = (Uuid::new_v4(), Uuid::new_v4());
    let share_token = tokens::new_token();
    let mut ola_fields = service_user(CANARIES[0]);
    ola_fields["notes"] = json!(CANARIES[1]);
    ola_fields["share_token"] = json!(share_token);
    phone.write(app, RecordKind::Contact, ola, ola_fields);
    phone.write(app, RecordKind::Contact, kari, service_user("Kari"));
    let ola_logs: Vec<Uuid> = (0..3).map(|_| Uuid::new_v4()).collect();
    // Two this week (2026-W48) and one the week before.
    for (id, at) in ola_logs.iter().zip([
        "2026-11-26T10:00:00Z",
        "2026-11-24T19:00:00Z",
        "2026-11-18T21:30:00Z",
    ]) {
        phone.write(app, RecordKind::Log, *id, log_with(ola, at, CANARIES[2]));
    }
    let kari_log = Uuid::new_v4();
    phone.write(
        app,
        RecordKind::Log,
        kari_log,
        log_with(kari, "2026-11-18T11:00:00Z", "kept"),
    );
    phone.sync(app).await;
    Seeded {
        ola,
        ola_logs,
        kari,
        kari_log,
        share_token,
    }
}

async fn erase(app: &TestApp, token: &str, contact_id: Uuid) -> axum::http::StatusCode {
    app.post_json(
        "/api/v1/erase/contact",
        Some(token),
        &json!({"contact_id": contact_id}),
    )
    .await
    .status
}

fn tombstone(kind: RecordKind, id: Uuid) -> WireRecord {
    WireRecord {
        kind,
        id,
        fields: Map::new(),
        deleted: true,
    }
}

/// The erased contact and its logs, as tombstones, in id order.
fn tombstones_of(seeded: &Seeded) -> Vec<WireRecord> {
    let mut expected = vec![tombstone(RecordKind::Contact, seeded.ola)];
    expected.extend(
        seeded
            .ola_logs
            .iter()
            .map(|id| tombstone(RecordKind::Log, *id)),
    );
    expected.sort_by_key(|record| record.id);
    expected
}

fn sorted(mut records: Vec<WireRecord>) -> Vec<WireRecord> {
    records.sort_by_key(|record| record.id);
    records
}

/// Asserts no row of `records` holds any canary in any column.
async fn assert_no_canary_stored(app: &TestApp) {
    for canary in CANARIES {
        let found = app
            .count_where(
                "records",
                &format!(
                    "fields LIKE '%{canary}%' OR private_fields LIKE '%{canary}%' \
                     OR COALESCE(deleted_stamp, '') LIKE '%{canary}%'"
                ),
            )
            .await;
        assert_eq!(found, 0, "{canary} is still stored");
    }
}

/// On SQLite: once the write-ahead log is checkpointed into the file, no byte of the file holds a
/// canary (`secure_delete` zeroes freed content).
async fn assert_no_canary_in_the_sqlite_file(app: &TestApp) {
    use sqlx::Row;
    let Some(path) = app.test_db.sqlite_file() else {
        return;
    };
    let checkpoint = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(app.db().pool())
        .await
        .unwrap();
    assert_eq!(checkpoint.get::<i64, _>(0), 0, "the checkpoint was blocked");
    let bytes = std::fs::read(&path).unwrap();
    for canary in CANARIES {
        let found = bytes
            .windows(canary.len())
            .any(|window| window == canary.as_bytes());
        assert!(!found, "{canary} is still in {}", path.display());
    }
}

#[tokio::test]
async fn every_phone_gets_fieldless_tombstones_and_the_rows_hold_nothing() {
    for_each_app(|app| async move {
        let t = team(&app, "oslo").await;
        let mut phone = Phone::new(&t.worker);
        let seeded = seed(&app, &mut phone).await;
        let mut second = Phone::new(&app.login("oslo-worker", PASSWORD).await);
        second.sync(&app).await;
        let mut offline = Phone::new(&app.login("oslo-worker", PASSWORD).await);
        offline.sync(&app).await;
        let share_path = format!("/api/v1/share/{}", seeded.share_token);
        assert_eq!(app.get(&share_path, None).await.status, StatusCode::OK);

        assert_eq!(
            erase(&app, &t.worker, seeded.ola).await,
            StatusCode::NO_CONTENT
        );

        // The other phone gets exactly the erased records, as fieldless tombstones.
        assert_eq!(sorted(second.sync(&app).await), tombstones_of(&seeded));
        assert_eq!(
            second.record(seeded.ola),
            Some(tombstone(RecordKind::Contact, seeded.ola))
        );
        assert_eq!(second.record(seeded.kari).unwrap().fields["name"], "Kari");
        assert!(!second.record(seeded.kari_log).unwrap().deleted);
        // The wire form, as api.md writes it.
        let raw = app
            .post_json(
                "/api/v1/sync",
                Some(&t.worker),
                &json!({"client_id": Uuid::new_v4(), "cursor": null, "mutations": []}),
            )
            .await
            .json();
        let contact = raw["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|record| record["id"] == seeded.ola.to_string())
            .unwrap();
        assert_eq!(
            contact,
            &json!({"kind": "contact", "id": seeded.ola, "fields": {}, "deleted": true})
        );
        // A phone offline for a year, and a new install, get them too.
        app.clock.advance(Duration::days(365));
        let year_later = app.login("oslo-worker", PASSWORD).await;
        offline.token.clone_from(&year_later);
        assert_eq!(sorted(offline.sync(&app).await), tombstones_of(&seeded));
        let mut new_install = Phone::new(&year_later);
        let everything = new_install.sync(&app).await;
        for record in tombstones_of(&seeded) {
            assert!(everything.contains(&record), "{record:?}");
        }

        // Removed from the rows, not hidden, and on SQLite from the file too; the share link is
        // dead.
        assert_no_canary_stored(&app).await;
        assert_no_canary_in_the_sqlite_file(&app).await;
        let erased = app
            .count_where(
                "records",
                "erased = 1 AND fields = '{}' AND private_fields = '{}'",
            )
            .await;
        assert_eq!(erased, 4);
        assert_eq!(
            app.count_where("records", "erased = 1 AND occurred_at IS NOT NULL")
                .await,
            0
        );
        assert_eq!(app.count("share_tokens").await, 0);
        assert_eq!(
            app.get(&share_path, None).await.status,
            StatusCode::NOT_FOUND
        );
        app
    })
    .await;
}

#[tokio::test]
async fn writes_that_arrive_after_the_erasure_cannot_bring_the_person_back() {
    for_each_app(|app| async move {
        let t = team(&app, "bergen").await;
        let mut phone = Phone::new(&t.worker);
        let seeded = seed(&app, &mut phone).await;
        let mut offline = Phone::new(&app.login("bergen-worker", PASSWORD).await);
        offline.sync(&app).await;
        assert_eq!(
            erase(&app, &t.worker, seeded.ola).await,
            StatusCode::NO_CONTENT
        );

        // Offline, the second phone still shows Ola: it edits her, logs a call, undeletes a log.
        app.clock.advance(Duration::minutes(5));
        offline.write(
            &app,
            RecordKind::Contact,
            seeded.ola,
            json!({"notes": "ERASE-ME-NOTES-4c1e again"}),
        );
        let late_log = Uuid::new_v4();
        offline.write(
            &app,
            RecordKind::Log,
            late_log,
            log_with(seeded.ola, "2026-11-26T15:48:00Z", CANARIES[2]),
        );
        offline.write_map(
            &app,
            RecordKind::Log,
            seeded.ola_logs[0],
            Map::new(),
            Some(false),
        );
        let edited_kari = json!({"name": "Kari Nordmann"});
        offline.write(&app, RecordKind::Contact, seeded.kari, edited_kari);
        // Nothing is rejected (the phone would show errors for a deliberate erasure)...
        let received = offline.sync(&app).await;
        // ...and the phone ends with tombstones, the late log's included; Kari's edit stands.
        let mut expected = tombstones_of(&seeded);
        expected.push(tombstone(RecordKind::Log, late_log));
        for record in &expected {
            assert!(received.contains(record), "{record:?} not in {received:?}");
            assert_eq!(offline.record(record.id).as_ref(), Some(record));
        }
        assert_eq!(
            offline.record(seeded.kari).unwrap().fields["name"],
            "Kari Nordmann"
        );
        assert_no_canary_stored(&app).await;
        // The first phone learns of the late log too.
        let first = phone.sync(&app).await;
        assert!(
            first.contains(&tombstone(RecordKind::Log, late_log)),
            "{first:?}"
        );
        app
    })
    .await;
}

#[tokio::test]
async fn past_weeks_summaries_no_longer_count_the_erased_logs() {
    for_each_app(|app| async move {
        let t = team(&app, "molde").await;
        let mut phone = Phone::new(&t.worker);
        let seeded = seed(&app, &mut phone).await;
        let before = summary(&app, &t.lead, "2026-W47").await;
        assert_eq!(before["workers"][0]["contacts"], 2, "{before}");
        assert!(before.to_string().contains(CANARIES[0]));

        assert_eq!(
            erase(&app, &t.worker, seeded.ola).await,
            StatusCode::NO_CONTENT
        );
        for (name, contacts) in [("2026-W47", 1), ("2026-W48", 0)] {
            let after = summary(&app, &t.lead, name).await;
            assert_eq!(after["workers"][0]["contacts"], contacts, "{name}: {after}");
            assert!(!after.to_string().contains(CANARIES[0]), "{name}: {after}");
            let csv = app
                .get(
                    &format!("/api/v1/team/summary.csv?week={name}"),
                    Some(&t.lead),
                )
                .await;
            assert!(!String::from_utf8_lossy(&csv.body).contains(CANARIES[0]));
        }
        let after = summary(&app, &t.lead, "2026-W47").await;
        let kari_row = &after["workers"][0]["service_users"];
        assert_eq!(kari_row.as_array().unwrap().len(), 1, "{kari_row}");
        assert_eq!(kari_row[0]["name"], "Kari");
        app
    })
    .await;
}

#[tokio::test]
async fn only_the_owner_erases_only_a_contact_and_twice_is_harmless() {
    for_each_app(|app| async move {
        let t: Team = team(&app, "tromso").await;
        let mut phone = Phone::new(&t.worker);
        let seeded = seed(&app, &mut phone).await;
        let other = team(&app, "other").await;
        // (caller, contact id, status)
        let cases = [
            (&other.worker, seeded.ola, 404),
            (&t.worker, Uuid::new_v4(), 404),
            (&t.worker, seeded.kari_log, 404),
            (&t.lead, seeded.ola, 403),
        ];
        for (caller, contact_id, status) in cases {
            assert_eq!(
                erase(&app, caller, contact_id).await.as_u16(),
                status,
                "{contact_id}"
            );
        }
        for body in [json!({}), json!({"contact_id": "ola"}), json!([])] {
            app.post_json("/api/v1/erase/contact", Some(&t.worker), &body)
                .await
                .assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        assert_eq!(
            app.count_where("records", "erased = 1").await,
            0,
            "nothing erased yet"
        );
        let seq_before = change_seq(&app, &t).await;
        assert_eq!(
            erase(&app, &t.worker, seeded.ola).await,
            StatusCode::NO_CONTENT
        );
        let seq_after = change_seq(&app, &t).await;
        assert_eq!(seq_after, seq_before + 1);
        assert_no_content(
            &app.post_json(
                "/api/v1/erase/contact",
                Some(&t.worker),
                &json!({"contact_id": seeded.ola}),
            )
            .await,
        );
        assert_eq!(
            change_seq(&app, &t).await,
            seq_after,
            "the second erasure wrote nothing"
        );
        assert_eq!(app.count_where("records", "erased = 1").await, 4);
        app
    })
    .await;
}

async fn summary(app: &TestApp, lead: &str, week: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/team/summary?week={week}"), Some(lead))
        .await;
    assert_eq!(response.status, StatusCode::OK);
    response.json()
}

async fn change_seq(app: &TestApp, t: &Team) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT change_seq FROM users WHERE id = $1")
        .bind(t.worker_id.to_string())
        .fetch_one(app.db().pool())
        .await
        .unwrap()
        .get("change_seq")
}

#[tokio::test]
async fn erased_tombstones_page_like_any_other_change() {
    for_each_app(|app| async move {
        let t = team(&app, "narvik").await;
        let mut phone = Phone::new(&t.worker);
        let ola = Uuid::new_v4();
        phone.write(&app, RecordKind::Contact, ola, service_user("Ola"));
        let logs: Vec<Uuid> = (0..5_100).map(|_| Uuid::new_v4()).collect();
        for id in &logs {
            phone.write(
                &app,
                RecordKind::Log,
                *id,
                log_with(ola, "2026-11-20T10:00:00Z", "x"),
            );
        }
        phone.sync(&app).await;
        let mut offline = Phone::new(&t.worker);
        offline.sync(&app).await;
        assert_eq!(erase(&app, &t.worker, ola).await, StatusCode::NO_CONTENT);
        // Over 5,000 tombstones: two responses, the first with `more`.
        let received = offline.sync(&app).await;
        assert_eq!(received.len(), 5_101);
        assert!(received
            .iter()
            .all(|record| record.deleted && record.fields.is_empty()));
        let value: Value = serde_json::to_value(offline.record(logs[5_099])).unwrap();
        assert_eq!(
            value,
            json!({"kind": "log", "id": logs[5_099], "fields": {}, "deleted": true})
        );
        app
    })
    .await;
}
