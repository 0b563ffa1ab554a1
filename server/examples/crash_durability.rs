//! Crash durability check: a 200 from `/sync` means the mutations are on disk.
//!
//! Starts the real `peerline-server` binary on a fresh SQLite file, keeps a few workers pushing
//! new log records through `/sync`, kills the server with SIGKILL at a random moment, restarts it
//! on the same file, and repeats (50 times by default). Every mutation whose request got a 200 is
//! booked; at the end every worker pulls everything from no cursor and the check is that each booked
//! record is there exactly once, with the values it was written with. Requests cut off by the kill
//! are not booked: the server may or may not have applied them, and either is allowed.
//!
//! ```sh
//! cargo build --release -p peerline-server
//! cargo run --release -p peerline-server --example crash_durability -- --kills 50
//! ```
//! Exits non-zero on any lost or duplicated record. Only loopback is ever contacted.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use peerline_server::{
    accounts::{self, NewUser, Role},
    db::Db,
};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};
use uuid::Uuid;

type HttpClient = Client<HttpConnector, Full<Bytes>>;

const WORKERS: usize = 4;

struct Worker {
    token: String,
    client_id: Uuid,
    next_mid: u64,
    contact: Uuid,
    /// Log id -> the `minutes` it was written with, for every log whose sync got a 200.
    acknowledged: HashMap<Uuid, u64>,
}

async fn post(
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
    let response = client
        .request(
            request
                .body(Full::new(Bytes::from(body.to_string())))
                .unwrap(),
        )
        .await
        .ok()?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.ok()?.to_bytes();
    Some((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

fn start_server(bin: &str, database_url: &str) -> (Child, String) {
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
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

fn hlc(client_id: Uuid, counter: u64) -> String {
    format!(
        "{:013}:{:04x}:{client_id}",
        Utc::now().timestamp_millis(),
        counter % 0xffff
    )
}

/// Pushes batches of new logs until the server stops answering.
async fn push_until_killed(
    client: HttpClient,
    base: String,
    mut worker: Worker,
    seed: u64,
) -> Worker {
    let mut rng = StdRng::seed_from_u64(seed);
    loop {
        let batch: Vec<(Uuid, u64, Value)> = (0..rng.gen_range(1..=20))
            .map(|_| {
                let (id, mid, minutes) = (Uuid::from_u128(rng.gen()), worker.next_mid, rng.gen_range(0..600));
                worker.next_mid += 1;
                let mutation = json!({"mid": mid, "kind": "log", "id": id, "hlc": hlc(worker.client_id, mid),
                    "set": {"contact_id": worker.contact, "at": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            "channel": "call", "direction": "incoming", "answered": true, "minutes": minutes}});
                (id, minutes, mutation)
            })
            .collect();
        let mutations: Vec<Value> = batch
            .iter()
            .map(|(_, _, mutation)| mutation.clone())
            .collect();
        let body =
            json!({"client_id": worker.client_id, "cursor": Value::Null, "mutations": mutations});
        match post(&client, &base, "/api/v1/sync", Some(&worker.token), &body).await {
            Some((200, answer)) => {
                assert_eq!(
                    answer["rejected"],
                    json!([]),
                    "a valid log was rejected: {answer}"
                );
                for (id, minutes, _) in batch {
                    worker.acknowledged.insert(id, minutes);
                }
            }
            Some((status, answer)) => panic!("sync answered {status}: {answer}"),
            None => return worker, // the server is gone
        }
    }
}

#[tokio::main]
async fn main() {
    let mut kills = 50;
    let mut server_bin = "target/release/peerline-server".to_owned();
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        match (pair[0].as_str(), pair.get(1)) {
            ("--kills", Some(value)) => kills = value.parse().expect("--kills N"),
            ("--server-bin", Some(value)) => server_bin = value.clone(),
            _ => panic!("usage: crash_durability [--kills N] [--server-bin PATH]"),
        }
    }
    let dir = tempfile::TempDir::new().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let db = Db::connect_and_migrate(&database_url).await.unwrap();
    let team = accounts::create_team(&db, "Crash", Utc::now())
        .await
        .unwrap();
    for index in 0..WORKERS {
        let user = NewUser {
            team_id: team,
            role: Role::Worker,
            username: format!("crash-{index}"),
            display_name: format!("Crash {index}"),
            password: "crash password".into(),
        };
        accounts::create_user(&db, user, Utc::now()).await.unwrap();
    }
    db.close().await;

    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let (mut server, mut base) = start_server(&server_bin, &database_url);
    let mut workers = Vec::new();
    for index in 0..WORKERS {
        let login = json!({"username": format!("crash-{index}"), "password": "crash password"});
        let (status, body) = post(&client, &base, "/api/v1/auth/login", None, &login)
            .await
            .unwrap();
        assert_eq!(status, 200, "{body}");
        let worker = Worker {
            token: body["token"].as_str().unwrap().to_owned(),
            client_id: Uuid::new_v4(),
            next_mid: 2,
            contact: Uuid::new_v4(),
            acknowledged: HashMap::new(),
        };
        let contact = json!({"client_id": worker.client_id, "cursor": Value::Null, "mutations": [
            {"mid": 1, "kind": "contact", "id": worker.contact, "hlc": hlc(worker.client_id, 1), "set": {"name": "Ola"}}]});
        let (status, body) = post(
            &client,
            &base,
            "/api/v1/sync",
            Some(&worker.token),
            &contact,
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "{body}");
        workers.push(worker);
    }

    let mut rng = StdRng::seed_from_u64(0x5EED);
    for round in 0..kills {
        let tasks: Vec<_> = workers
            .drain(..)
            .enumerate()
            .map(|(index, worker)| {
                tokio::spawn(push_until_killed(
                    client.clone(),
                    base.clone(),
                    worker,
                    (round * WORKERS + index) as u64,
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(rng.gen_range(50..1500))).await;
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.wait().unwrap();
        for task in tasks {
            workers.push(task.await.unwrap());
        }
        (server, base) = start_server(&server_bin, &database_url);
    }

    let mut failures = 0;
    let mut total = 0;
    for worker in &workers {
        let mut seen: HashMap<Uuid, u64> = HashMap::new();
        let mut cursor = Value::Null;
        loop {
            let body = json!({"client_id": Uuid::new_v4(), "cursor": cursor, "mutations": []});
            let (status, answer) = post(&client, &base, "/api/v1/sync", Some(&worker.token), &body)
                .await
                .unwrap();
            assert_eq!(status, 200, "{answer}");
            for record in answer["records"].as_array().unwrap() {
                if record["kind"] == "log" {
                    let id: Uuid = record["id"].as_str().unwrap().parse().unwrap();
                    if seen
                        .insert(id, record["fields"]["minutes"].as_u64().unwrap_or(u64::MAX))
                        .is_some()
                    {
                        eprintln!("log {id} came twice in one pull");
                        failures += 1;
                    }
                }
            }
            cursor = answer["cursor"].clone();
            if answer["more"] != json!(true) {
                break;
            }
        }
        for (id, minutes) in &worker.acknowledged {
            total += 1;
            match seen.get(id) {
                Some(found) if found == minutes => {}
                Some(found) => {
                    eprintln!("log {id}: minutes {found}, acknowledged with {minutes}");
                    failures += 1;
                }
                None => {
                    eprintln!("log {id} was acknowledged with a 200 and is gone");
                    failures += 1;
                }
            }
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    println!("{kills} kills, {total} acknowledged mutations checked, {failures} lost or wrong");
    if failures > 0 || total == 0 {
        std::process::exit(1);
    }
}
