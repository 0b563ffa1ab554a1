//! Retention: a pass erases the logs and notes of relationships ended (or deleted) longer ago than
//! the retention period, counted from when the worker ended them, and nothing else; a second pass
//! changes nothing.

use chrono::Duration;
use peerline_core::RecordKind;
use peerline_server::{
    clock::Clock,
    erase::retention::{ended_since, run_pass, RetentionReport},
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::{log_with, service_user, team, Phone, PASSWORD};
use crate::api::support::{for_each_app, start_time, TestApp};

/// What the worker does to a relationship, on which day after the start.
#[derive(Debug, Clone, Copy)]
enum Step {
    End,
    Reopen,
    Delete,
    Rename,
}

/// The worker's steps on a relationship: (day, step).
type Steps = &'static [(i64, Step)];

/// (what, the steps, whether a pass on day 366 with 365 days' retention erases).
const CASES: [(&str, Steps, bool); 7] = [
    ("ended 366 days ago", &[(0, Step::End)], true),
    ("ended 364 days ago", &[(2, Step::End)], false),
    ("active, with a log two years old", &[], false),
    ("deleted 366 days ago", &[(0, Step::Delete)], true),
    (
        "ended, then reopened",
        &[(0, Step::End), (1, Step::Reopen)],
        false,
    ),
    (
        "ended, renamed since",
        &[(0, Step::End), (100, Step::Rename)],
        true,
    ),
    (
        "ended, deleted since",
        &[(0, Step::End), (3, Step::Delete)],
        true,
    ),
];

fn write_step(app: &TestApp, phone: &mut Phone, contact: Uuid, step: Step) {
    let (set, deleted) = match step {
        Step::End => (json!({"status": "ended"}), None),
        Step::Reopen => (json!({"status": "active"}), None),
        Step::Rename => (json!({"name": "Renamed"}), None),
        Step::Delete => (json!({}), Some(true)),
    };
    let Value::Object(set) = set else {
        unreachable!()
    };
    phone.write_map(app, RecordKind::Contact, contact, set, deleted);
}

/// Logs in again (sessions end after 30 idle days) and syncs.
async fn sync_fresh(
    app: &TestApp,
    phone: &mut Phone,
    username: &str,
) -> Vec<peerline_core::WireRecord> {
    phone.token = app.login(username, PASSWORD).await;
    phone.sync(app).await
}

#[tokio::test]
async fn a_pass_erases_what_ended_longer_ago_than_the_retention_and_nothing_else() {
    for_each_app(|app| async move {
        let t = team(&app, "oslo").await;
        let mut phone = Phone::new(&t.worker);
        let mut seeded = Vec::new();
        for (what, _, _) in CASES {
            let (contact, log) = (Uuid::new_v4(), Uuid::new_v4());
            let mut fields = service_user(what);
            fields["notes"] = json!(format!("notes of {what}"));
            phone.write(&app, RecordKind::Contact, contact, fields);
            let two_years_ago = start_time() - Duration::days(730);
            let at = two_years_ago.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            phone.write(&app, RecordKind::Log, log, log_with(contact, &at, "note"));
            seeded.push((contact, log));
        }
        phone.sync(&app).await;
        // Each case's steps, day by day.
        let mut day = 0;
        for target in [0, 1, 2, 3, 100] {
            app.clock.advance(Duration::days(target - day));
            day = target;
            for ((_, steps, _), (contact, _)) in CASES.iter().zip(&seeded) {
                for (_, step) in steps.iter().filter(|(on, _)| *on == day) {
                    write_step(&app, &mut phone, *contact, *step);
                }
            }
            sync_fresh(&app, &mut phone, "oslo-worker").await;
        }
        app.clock.advance(Duration::days(366 - day));

        let report = run_pass(app.db(), app.clock.now(), Duration::days(365))
            .await
            .unwrap();
        let erased = CASES.iter().filter(|(_, _, erased)| *erased).count() as u64;
        assert_eq!(
            report,
            RetentionReport {
                records_erased: erased,
                notes_cleared: erased
            }
        );

        // What the worker's phone shows after its next sync.
        sync_fresh(&app, &mut phone, "oslo-worker").await;
        for ((what, _, expect_erased), (contact, log)) in CASES.iter().zip(&seeded) {
            let contact = phone.record(*contact).unwrap();
            let log = phone.record(*log).unwrap();
            if *expect_erased {
                assert_eq!(contact.fields["notes"], Value::Null, "{what}");
                assert!(
                    contact.fields.contains_key("name"),
                    "{what}: the contact stays"
                );
                assert_eq!((log.fields, log.deleted), (Map::new(), true), "{what}");
            } else {
                assert_eq!(
                    contact.fields["notes"],
                    format!("notes of {what}"),
                    "{what}"
                );
                assert_eq!(log.fields["note"], "note", "{what}");
            }
        }
        // A second pass finds nothing to do and writes nothing.
        let seq = max_change_seq(&app).await;
        let again = run_pass(app.db(), app.clock.now(), Duration::days(365))
            .await
            .unwrap();
        assert_eq!(again, RetentionReport::default());
        assert_eq!(max_change_seq(&app).await, seq);
        let stored = app
            .count_where("records", "private_fields LIKE '%notes of ended 366%'")
            .await;
        assert_eq!(stored, 0);
        app
    })
    .await;
}

async fn max_change_seq(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT MAX(change_seq) AS seq FROM users")
        .fetch_one(app.db().pool())
        .await
        .unwrap()
        .get("seq")
}

#[tokio::test]
async fn a_contact_counts_as_ended_from_its_status_write_or_its_deletion() {
    use peerline_core::{Hlc, Stamped, StoredRecord};
    let hlc = |millis: u64| Hlc::new(millis, 0, "device").unwrap();
    let contact = |status: Option<(&str, u64)>, deleted: Option<(bool, u64)>| {
        let mut record = StoredRecord::new(RecordKind::Contact, Uuid::nil());
        record.write_field("name", json!("Ola"), &hlc(5));
        if let Some((status, at)) = status {
            record.write_field("status", json!(status), &hlc(at));
        }
        record.deleted = deleted.map(|(value, at)| Stamped::new(value, hlc(at)));
        record
    };
    let at = |millis: i64| chrono::DateTime::from_timestamp_millis(millis);
    // (status and its hlc, tombstone and its hlc, ended since)
    let cases = [
        (None, None, None),
        (Some(("active", 10)), None, None),
        (Some(("paused", 10)), None, None),
        (Some(("ended", 10)), None, at(10)),
        (None, Some((true, 20)), at(20)),
        (None, Some((false, 20)), None),
        (Some(("ended", 30)), Some((true, 20)), at(20)),
        (Some(("ended", 10)), Some((true, 20)), at(10)),
        (Some(("active", 10)), Some((true, 20)), at(20)),
    ];
    for (status, deleted, expected) in cases {
        assert_eq!(
            ended_since(&contact(status, deleted)),
            expected,
            "{status:?} {deleted:?}"
        );
    }
}
