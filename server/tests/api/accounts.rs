//! The account and data lifecycle (api.md, "Added 2026-12-02": accounts a coordinator runs
//! without a terminal, erasing; domain.md, Data lifecycle), on every configured backend.
//!
//! - [`invites`]: making, listing, withdrawing and accepting invites; the password rule.
//! - [`members`]: the member list, deactivation (`account_disabled` vs `unauthorized`),
//!   reactivation, erasing a deactivated worker's data, the access log of it all.
//! - [`sessions`]: the session list, ending sessions, password change, 30/90-day expiry.
//! - [`erase`]: `POST /erase/contact` as the worker's other phones and the summary see it.
//! - [`retention`]: the retention pass over ended relationships.

mod erase;
pub(crate) mod invites;
mod members;
mod retention;
mod sessions;

use axum::http::{Method, StatusCode};
use peerline_core::{Change, Device, RecordKind, Replica, SyncResponse, WireRecord};
use peerline_server::{accounts::Role, clock::Clock};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::support::{TestApp, TestResponse};

/// Every account's password in these tests.
pub(crate) const PASSWORD: &str = "lifecycle password";

/// A team with a coordinator and a worker, both logged in.
pub(crate) struct Team {
    pub(crate) id: Uuid,
    pub(crate) lead_id: Uuid,
    pub(crate) lead: String,
    pub(crate) worker_id: Uuid,
    pub(crate) worker: String,
}

/// A team called `name`, its accounts `{name}-lead` and `{name}-worker`.
pub(crate) async fn team(app: &TestApp, name: &str) -> Team {
    let id = app.team(name).await;
    let lead_name = format!("{name}-lead");
    let worker_name = format!("{name}-worker");
    let lead_id = app.user(id, Role::Coordinator, &lead_name, PASSWORD).await;
    let worker_id = app.user(id, Role::Worker, &worker_name, PASSWORD).await;
    Team {
        id,
        lead_id,
        lead: app.login(&lead_name, PASSWORD).await,
        worker_id,
        worker: app.login(&worker_name, PASSWORD).await,
    }
}

impl TestApp {
    pub(crate) async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::DELETE, path, token, None).await
    }

    /// `POST path` with no body.
    pub(crate) async fn post_empty(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::POST, path, token, None).await
    }

    /// A `SELECT COUNT(*)` with a `WHERE` clause.
    pub(crate) async fn count_where(&self, table: &str, condition: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE {condition}"
        ))
        .fetch_one(self.db().pool())
        .await
        .unwrap()
        .get("n")
    }
}

/// Asserts a 204 with an empty body.
#[track_caller]
pub(crate) fn assert_no_content(response: &TestResponse) {
    assert_eq!(
        response.status,
        StatusCode::NO_CONTENT,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert!(response.body.is_empty());
}

/// One phone of a worker: peerline-core's [`Replica`] (the app's sync client) over `POST /sync`.
pub(crate) struct Phone {
    pub(crate) token: String,
    pub(crate) replica: Replica,
}

impl Phone {
    pub(crate) fn new(token: &str) -> Phone {
        Phone {
            token: token.to_owned(),
            replica: Replica::new(Device::new(Uuid::new_v4(), Uuid::new_v4())),
        }
    }

    /// A local write (checked by the replica like the app's).
    pub(crate) fn write(&mut self, app: &TestApp, kind: RecordKind, id: Uuid, set: Value) {
        let Value::Object(set) = set else {
            panic!("set must be an object")
        };
        self.write_map(app, kind, id, set, None);
    }

    pub(crate) fn write_map(
        &mut self,
        app: &TestApp,
        kind: RecordKind,
        id: Uuid,
        set: Map<String, Value>,
        deleted: Option<bool>,
    ) {
        let change = Change {
            kind,
            id,
            set,
            deleted,
        };
        self.replica
            .write(change, app.clock.now())
            .unwrap_or_else(|error| panic!("the phone refused {kind} {id}: {error}"));
    }

    /// Syncs until the server has nothing more; returns every record the responses carried and
    /// asserts nothing was rejected.
    pub(crate) async fn sync(&mut self, app: &TestApp) -> Vec<WireRecord> {
        let mut received = Vec::new();
        loop {
            let request = self.replica.request(1000);
            let response = app
                .post_json("/api/v1/sync", Some(&self.token), &json!(request))
                .await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&response.body)
            );
            let body: SyncResponse = serde_json::from_slice(&response.body).unwrap();
            let more = body.more;
            received.extend(body.records.clone());
            let now = u64::try_from(app.clock.now().timestamp_millis()).unwrap();
            let rejected = self.replica.receive(body, now);
            assert_eq!(rejected, vec![], "the server rejected a write");
            if !more && self.replica.request(1).mutations.is_empty() {
                return received;
            }
        }
    }

    /// The record as the phone shows it.
    pub(crate) fn record(&self, id: Uuid) -> Option<WireRecord> {
        self.replica.entry(id).map(|entry| entry.wire.clone())
    }
}

/// A service user's contact record.
pub(crate) fn service_user(name: &str) -> Value {
    json!({"name": name, "role": "service_user", "phone": "+47 912 34 567"})
}

/// A log with `contact_id` at `at` (RFC 3339).
pub(crate) fn log_with(contact_id: Uuid, at: &str, note: &str) -> Value {
    json!({"contact_id": contact_id.to_string(), "at": at, "channel": "call",
           "direction": "incoming", "answered": false, "note": note})
}
