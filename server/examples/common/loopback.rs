//! What the load and crash tools share: starting the real `peerline-server` binary on loopback,
//! an HTTP client, seeding workers through the library, fresh PostgreSQL databases, and
//! percentiles. Included by each tool with `#[path = "common/loopback.rs"] mod loopback;` (cargo
//! makes an example of every file directly in `examples/`, not of this one).

#![allow(clippy::unwrap_used, dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use chrono::Utc;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper::header::HeaderValue;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use peerline_server::{
    accounts::{self, NewUser, Role},
    db::{self, Db},
};
use rand::{rngs::StdRng, Rng};
use serde_json::{json, Value};
use uuid::Uuid;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A client that keeps connections alive, as a phone's browser or a load balancer would.
pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(1024)
        .build_http()
}

/// `POST base+path` with a JSON body; `None` when the server did not answer (gone, reset).
pub async fn post(
    client: &HttpClient,
    base: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> Option<(u16, Value)> {
    let mut request =
        hyper::Request::post(format!("{base}{path}")).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap();
    let response = client.request(request).await.ok()?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.ok()?.to_bytes();
    Some((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// `GET base+path` with an optional `If-None-Match`: the status and the `ETag`, or `None` when
/// the server did not answer.
pub async fn get_conditional(
    client: &HttpClient,
    base: &str,
    path: &str,
    if_none_match: Option<&str>,
) -> Option<(u16, Option<String>)> {
    let mut request = hyper::Request::get(format!("{base}{path}"));
    if let Some(etag) = if_none_match {
        request = request.header("if-none-match", etag);
    }
    let request = request.body(Full::new(Bytes::new())).unwrap();
    let response = client.request(request).await.ok()?;
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .and_then(|value: &HeaderValue| value.to_str().ok())
        .map(str::to_owned);
    response.into_body().collect().await.ok()?;
    Some((status, etag))
}

/// Plain GET of a whole body, for `/metrics`.
pub async fn get_text(base: &str, path: &str) -> Option<String> {
    let client: Client<HttpConnector, Empty<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let request = hyper::Request::get(format!("{base}{path}"))
        .body(Empty::new())
        .unwrap();
    let response = client.request(request).await.ok()?;
    let bytes = response.into_body().collect().await.ok()?.to_bytes();
    String::from_utf8(bytes.to_vec()).ok()
}

/// Starts `bin serve` on a free loopback port with `extra` arguments; returns the child and its
/// base URL, read from the log line it prints once listening.
pub fn start_server(bin: &str, database_url: &str, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            database_url,
            "--static-dir",
            "/nonexistent",
        ])
        .args(extra)
        .env("RUST_LOG", "warn,peerline_server::serve=info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start {bin} ({error}); build it with cargo build --release")
        });
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server exited before listening")
            .unwrap();
        if line.contains("listening on") {
            if let Some(at) = line.find("http://127.0.0.1:") {
                break line[at..].split_whitespace().next().unwrap().to_owned();
            }
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

/// Creates `count` workers named `{prefix}-{index}` (password [`PASSWORD`]) in a new team. The
/// first is created through the library (a real argon2 hash); the others are copies of its row
/// with their own id and name (column by column whatever the schema), so a thousand workers do
/// not cost a thousand password hashes.
pub async fn seed_workers(database_url: &str, prefix: &str, count: usize) -> Vec<String> {
    let db = Db::connect_and_migrate(database_url).await.unwrap();
    let team = accounts::create_team(&db, prefix, Utc::now())
        .await
        .unwrap();
    let usernames: Vec<String> = (0..count)
        .map(|index| format!("{prefix}-{index}"))
        .collect();
    let Some(first) = usernames.first() else {
        return usernames;
    };
    let user = NewUser {
        team_id: team,
        role: Role::Worker,
        username: first.clone(),
        display_name: "Worker 0".into(),
        password: PASSWORD.into(),
    };
    let first_id = accounts::create_user(&db, user, Utc::now()).await.unwrap();
    let mut transaction = db.pool().begin().await.unwrap();
    sqlx::query("CREATE TEMPORARY TABLE seed_user AS SELECT * FROM users WHERE id = $1")
        .bind(first_id.to_string())
        .execute(&mut *transaction)
        .await
        .unwrap();
    for (index, username) in usernames.iter().enumerate().skip(1) {
        sqlx::query(
            "UPDATE seed_user SET id = $1, username = $2, username_key = $2, display_name = $3",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(username)
        .bind(format!("Worker {index}"))
        .execute(&mut *transaction)
        .await
        .unwrap();
        sqlx::query("INSERT INTO users SELECT * FROM seed_user")
            .execute(&mut *transaction)
            .await
            .unwrap();
    }
    sqlx::query("DROP TABLE seed_user")
        .execute(&mut *transaction)
        .await
        .unwrap();
    transaction.commit().await.unwrap();
    db.close().await;
    usernames
}

/// Logs every one of `usernames` in, eight at a time (the server hashes on both cores); the
/// tokens, in order.
pub async fn login_all(client: &HttpClient, base: &str, usernames: &[String]) -> Vec<String> {
    use futures_util::stream::{self, StreamExt};
    stream::iter(usernames)
        .map(|username| login(client, base, username))
        .buffered(8)
        .collect()
        .await
}

/// Every seeded worker's password.
pub const PASSWORD: &str = "load password";

/// Logs `username` in; the bearer token.
pub async fn login(client: &HttpClient, base: &str, username: &str) -> String {
    let body = serde_json::json!({"username": username, "password": PASSWORD});
    let (status, answer) = post(client, base, "/api/v1/auth/login", None, &body)
        .await
        .expect("the server answers a login");
    assert_eq!(status, 200, "login of {username}: {answer}");
    answer["token"].as_str().unwrap().to_owned()
}

/// A new, empty database on the PostgreSQL server of `admin_url`; its URL.
pub async fn fresh_postgres_database(admin_url: &str, prefix: &str) -> String {
    let name = format!("{prefix}_{}", Uuid::new_v4().simple());
    db::create_postgres_database(admin_url, &name)
        .await
        .unwrap()
}

/// Drops the database of `url` (made by [`fresh_postgres_database`]).
pub async fn drop_postgres_database(admin_url: &str, url: &str) {
    let name = url
        .split('?')
        .next()
        .and_then(|address| address.rsplit('/').next())
        .unwrap();
    db::drop_postgres_database(admin_url, name).await.unwrap();
}

/// A ticker for paced load: one tick per `interval`, late ticks delayed rather than bunched. Task
/// `task` of `tasks` first ticks `task / tasks` of an interval in, so the tasks' requests arrive
/// spread evenly over each interval, as independent phones' do, not all at once: with every task
/// ticking together, 32 tasks sent bursts of 32 requests and the tail measured the burst's
/// draining (a p99 of 33-45 ms against 200 spread requests/s, where the service time is a few
/// milliseconds).
pub fn paced(interval: std::time::Duration, task: usize, tasks: usize) -> tokio::time::Interval {
    let phase = interval.mul_f64(task as f64 / tasks.max(1) as f64);
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + phase, interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticker
}

/// The `fraction` percentile of sorted microseconds, in milliseconds.
pub fn percentile(sorted: &[u64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index] as f64 / 1000.0
}

/// A process's resident memory in KiB (0 if unknown).
pub fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One simulated worker's device, syncing as the app does: its cursor kept, a few new records
/// each time.
pub struct Device {
    pub token: String,
    pub client_id: Uuid,
    pub next_mid: u64,
    pub cursor: Value,
    pub contacts: Vec<Uuid>,
}

impl Device {
    /// A logged-in device that has not synced yet.
    pub fn new(token: String) -> Device {
        Device {
            token,
            client_id: Uuid::new_v4(),
            next_mid: 1,
            cursor: Value::Null,
            contacts: Vec::new(),
        }
    }

    /// An incremental sync: 0-5 new changes (a new service user one time in five, else a log
    /// of a call with one), and the stored cursor.
    pub fn sync_body(&mut self, rng: &mut StdRng) -> Value {
        let now_ms = Utc::now().timestamp_millis();
        let changes = rng.gen_range(0..=5);
        let mutations: Vec<Value> = (0..changes)
            .map(|index| {
                let mid = self.next_mid;
                self.next_mid += 1;
                let hlc = format!("{now_ms:013}:{index:04x}:{}", self.client_id);
                if self.contacts.is_empty() || rng.gen_bool(0.2) {
                    let id = Uuid::from_u128(rng.gen());
                    self.contacts.push(id);
                    json!({"mid": mid, "kind": "contact", "id": id, "hlc": hlc,
                           "set": {"name": "Ola", "role": "service_user", "max_contacts_per_day": 3}})
                } else {
                    let contact = self.contacts[rng.gen_range(0..self.contacts.len())];
                    json!({"mid": mid, "kind": "log", "id": Uuid::from_u128(rng.gen()), "hlc": hlc,
                           "set": {"contact_id": contact, "at": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                                   "channel": "call", "direction": "incoming", "answered": true}})
                }
            })
            .collect();
        json!({"client_id": self.client_id, "cursor": self.cursor, "mutations": mutations})
    }
}
