//! Push throughput of `POST /api/v1/sync` against the floor of what the same SQLite file can do.
//!
//! Each iteration pushes a batch of new contact records (10 or 100) through the whole router:
//! JSON, bearer auth, field validation, merge, the change sequence, one durable transaction. The
//! baseline inserts the same number of equivalent rows into the same `records` table of the same
//! file in one transaction, with nothing else. Criterion reports both as records/s; the target is
//! sync at least 0.5x the raw inserts (`scripts/bench` prints the ratios).

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicU64, Ordering};

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use chrono::Utc;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use http_body_util::BodyExt;
use peerline_server::{
    accounts::{self, NewUser, Role},
    db::Db,
    router, AppState,
};
use serde_json::{json, Value};
use tower::ServiceExt;
use uuid::Uuid;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    db: Db,
    router: Router,
    token: String,
    user_id: Uuid,
    client_id: Uuid,
    next_mid: AtomicU64,
    cursor: std::sync::Mutex<Value>,
    _dir: tempfile::TempDir,
}

async fn post(
    router: &Router,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

impl Fixture {
    fn new() -> Fixture {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let (db, router, token, user_id) = runtime.block_on(async {
            let db = Db::connect_and_migrate(&url).await.unwrap();
            let team = accounts::create_team(&db, "Bench", Utc::now())
                .await
                .unwrap();
            let user = NewUser {
                team_id: team,
                role: Role::Worker,
                username: "bench".into(),
                display_name: "Bench".into(),
                password: "bench password".into(),
            };
            let user_id = accounts::create_user(&db, user, Utc::now()).await.unwrap();
            let router = router(AppState::new(db.clone(), dir.path()));
            let login = json!({"username": "bench", "password": "bench password"});
            let (status, body) = post(&router, "/api/v1/auth/login", None, &login).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            (
                db,
                router,
                body["token"].as_str().unwrap().to_owned(),
                user_id,
            )
        });
        Fixture {
            runtime,
            db,
            router,
            token,
            user_id,
            client_id: Uuid::new_v4(),
            next_mid: AtomicU64::new(1),
            cursor: std::sync::Mutex::new(Value::Null),
            _dir: dir,
        }
    }

    /// A sync request creating `count` new contacts, and the fields one of them stores.
    fn request(&self, count: usize) -> Value {
        let now_ms = Utc::now().timestamp_millis();
        let mutations: Vec<Value> = (0..count)
            .map(|index| {
                let mid = self.next_mid.fetch_add(1, Ordering::Relaxed);
                json!({
                    "mid": mid,
                    "kind": "contact",
                    "id": Uuid::new_v4(),
                    "hlc": format!("{now_ms:013}:{:04x}:{}", index % 0xffff, self.client_id),
                    "set": {"name": format!("Contact {mid}"), "phone": "+47 912 34 567", "role": "service_user"},
                })
            })
            .collect();
        // The newest cursor: the response carries only this batch, as for a device that is in sync.
        let cursor = self.cursor.lock().unwrap().clone();
        json!({"client_id": self.client_id, "cursor": cursor, "mutations": mutations})
    }

    async fn sync(&self, body: &Value) {
        let (status, answer) = post(&self.router, "/api/v1/sync", Some(&self.token), body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        *self.cursor.lock().unwrap() = answer["cursor"].clone();
    }

    /// The baseline: `count` rows like the ones sync stores, in one transaction.
    async fn raw_insert(&self, count: usize) {
        let hlc = format!(
            "{:013}:0000:{}",
            Utc::now().timestamp_millis(),
            self.client_id
        );
        let mut transaction = self.db.pool().begin().await.unwrap();
        for index in 0..count {
            let fields = json!({
                "name": {"value": format!("Contact {index}"), "hlc": hlc},
                "phone": {"value": "+47 912 34 567", "hlc": hlc},
                "role": {"value": "service_user", "hlc": hlc},
            });
            sqlx::query(
                "INSERT INTO records (id, user_id, kind, fields, private_fields, deleted_stamp, \
                 deleted, occurred_at, updated_seq) VALUES ($1, $2, 'contact', $3, '{}', NULL, 0, NULL, 0)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(self.user_id.to_string())
            .bind(fields.to_string())
            .execute(&mut *transaction)
            .await
            .unwrap();
        }
        transaction.commit().await.unwrap();
    }
}

fn push_throughput(criterion: &mut Criterion) {
    let fixture = Fixture::new();
    let mut group = criterion.benchmark_group("push");
    for batch in [10_usize, 100] {
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_with_input(
            BenchmarkId::new("sync", batch),
            &batch,
            |bencher, &batch| {
                // Built inside the loop: each request must carry the cursor of the one before.
                bencher.iter(|| {
                    fixture
                        .runtime
                        .block_on(fixture.sync(&fixture.request(batch)))
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("raw_insert", batch),
            &batch,
            |bencher, &batch| {
                bencher.iter(|| fixture.runtime.block_on(fixture.raw_insert(batch)));
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = push_throughput
}
criterion_main!(benches);
