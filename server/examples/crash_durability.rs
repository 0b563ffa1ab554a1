//! Crash durability check: a 200 from `/sync` means the mutations are on disk.
//!
//! Starts the real `peerline-server` binary, keeps a few workers pushing new log records through
//! `/sync`, kills a server with SIGKILL at a random moment, restarts it, and repeats (50 times by
//! default). Every mutation whose request got a 200 is booked; at the end every worker pulls
//! everything from no cursor and the check is that each booked record is there exactly once, with
//! the values it was written with. Requests cut off by the kill are not booked: the server may or
//! may not have applied them, and either is allowed.
//!
//! Two modes:
//! - default: one server on a fresh SQLite file, killed and restarted on the same file;
//! - `--postgres ADMIN_URL`: two instances on one fresh PostgreSQL database (created on the server
//!   of ADMIN_URL, dropped at the end), every request sent to either at random as a load balancer
//!   would; one of the two is killed under load, the workers carry on against the survivor for a
//!   moment (their requests to the dead one fail and are not booked), then the dead one restarts.
//!
//! ```sh
//! cargo build --release -p peerline-server --bin peerline-server --example crash_durability
//! target/release/examples/crash_durability --kills 50
//! target/release/examples/crash_durability --kills 20 --postgres postgres://postgres@127.0.0.1:5432/postgres
//! ```
//! Exits non-zero on any lost or duplicated record. Only loopback is ever contacted.

#![allow(clippy::unwrap_used)]

#[path = "common/loopback.rs"]
mod loopback;

use std::collections::HashMap;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::Utc;
use loopback::{post, HttpClient};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};
use uuid::Uuid;

const WORKERS: usize = 4;

struct Worker {
    token: String,
    client_id: Uuid,
    next_mid: u64,
    contact: Uuid,
    /// Log id -> the `minutes` it was written with, for every log whose sync got a 200.
    acknowledged: HashMap<Uuid, u64>,
}

/// The running instances: the base URL of each, or `None` while it is down.
type Bases = Arc<RwLock<Vec<Option<String>>>>;

struct Options {
    kills: usize,
    server_bin: String,
    postgres: Option<String>,
}

fn options() -> Options {
    let mut options = Options {
        kills: 50,
        server_bin: "target/release/peerline-server".to_owned(),
        postgres: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        match (pair[0].as_str(), pair.get(1)) {
            ("--kills", Some(value)) => options.kills = value.parse().expect("--kills N"),
            ("--server-bin", Some(value)) => options.server_bin = value.clone(),
            ("--postgres", Some(value)) => options.postgres = Some(value.clone()),
            _ => panic!(
                "usage: crash_durability [--kills N] [--server-bin PATH] [--postgres ADMIN_URL]"
            ),
        }
    }
    options
}

fn hlc(client_id: Uuid, counter: u64) -> String {
    format!(
        "{:013}:{:04x}:{client_id}",
        Utc::now().timestamp_millis(),
        counter % 0xffff
    )
}

/// A random running instance's base URL.
fn pick(bases: &Bases, rng: &mut StdRng) -> Option<String> {
    let live: Vec<String> = bases.read().unwrap().iter().flatten().cloned().collect();
    (!live.is_empty()).then(|| live[rng.gen_range(0..live.len())].clone())
}

/// Pushes batches of new logs to random running instances until `stop`, or, with one instance,
/// until it stops answering.
async fn push_under_kills(
    client: HttpClient,
    bases: Bases,
    stop: Arc<AtomicBool>,
    mut worker: Worker,
    seed: u64,
) -> Worker {
    let mut rng = StdRng::seed_from_u64(seed);
    let single = bases.read().unwrap().len() == 1;
    while !stop.load(Ordering::Relaxed) {
        let Some(base) = pick(&bases, &mut rng) else {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        };
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
            // The instance is gone (killed mid-request, or refusing): not booked.
            None if single => return worker,
            None => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
    worker
}

/// Pulls everything of each worker from no cursor and counts the acknowledged logs that are
/// missing, changed or duplicated; returns (checked, failures).
async fn check(client: &HttpClient, base: &str, workers: &[Worker]) -> (usize, usize) {
    let mut failures = 0;
    let mut total = 0;
    for worker in workers {
        let mut seen: HashMap<Uuid, u64> = HashMap::new();
        let mut cursor = Value::Null;
        loop {
            let body = json!({"client_id": Uuid::new_v4(), "cursor": cursor, "mutations": []});
            let (status, answer) = post(client, base, "/api/v1/sync", Some(&worker.token), &body)
                .await
                .unwrap();
            assert_eq!(status, 200, "{answer}");
            for record in answer["records"].as_array().unwrap() {
                if record["kind"] == "log" {
                    let id: Uuid = record["id"].as_str().unwrap().parse().unwrap();
                    let minutes = record["fields"]["minutes"].as_u64().unwrap_or(u64::MAX);
                    if seen.insert(id, minutes).is_some() {
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
    (total, failures)
}

/// Logs every worker in and gives each a contact for its logs.
async fn sign_in(client: &HttpClient, base: &str, usernames: &[String]) -> Vec<Worker> {
    let mut workers = Vec::new();
    for username in usernames {
        let worker = Worker {
            token: loopback::login(client, base, username).await,
            client_id: Uuid::new_v4(),
            next_mid: 2,
            contact: Uuid::new_v4(),
            acknowledged: HashMap::new(),
        };
        let contact = json!({"client_id": worker.client_id, "cursor": Value::Null, "mutations": [
            {"mid": 1, "kind": "contact", "id": worker.contact, "hlc": hlc(worker.client_id, 1), "set": {"name": "Ola"}}]});
        let (status, body) = post(client, base, "/api/v1/sync", Some(&worker.token), &contact)
            .await
            .unwrap();
        assert_eq!(status, 200, "{body}");
        workers.push(worker);
    }
    workers
}

#[tokio::main]
async fn main() {
    let options = options();
    let dir = tempfile::TempDir::new().unwrap();
    let (database_url, instances) = match &options.postgres {
        Some(admin_url) => (
            loopback::fresh_postgres_database(admin_url, "peerline_crash").await,
            2,
        ),
        None => (
            format!("sqlite://{}", dir.path().join("crash.db").display()),
            1,
        ),
    };
    let usernames = loopback::seed_workers(&database_url, "crash", WORKERS).await;
    let start = || loopback::start_server(&options.server_bin, &database_url, &[]);
    let client = loopback::client();
    let mut servers: Vec<Child> = Vec::new();
    let bases: Bases = Arc::new(RwLock::new(Vec::new()));
    for _ in 0..instances {
        let (child, base) = start();
        servers.push(child);
        bases.write().unwrap().push(Some(base));
    }
    let first_base = bases.read().unwrap()[0].clone().unwrap();
    let mut workers = sign_in(&client, &first_base, &usernames).await;

    let mut rng = StdRng::seed_from_u64(0x5EED);
    for round in 0..options.kills {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks: Vec<_> = workers
            .drain(..)
            .enumerate()
            .map(|(index, worker)| {
                tokio::spawn(push_under_kills(
                    client.clone(),
                    bases.clone(),
                    stop.clone(),
                    worker,
                    (round * WORKERS + index) as u64,
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(rng.gen_range(50..1500))).await;
        let victim = rng.gen_range(0..instances);
        servers[victim].kill().unwrap(); // SIGKILL: no shutdown, no flush
        servers[victim].wait().unwrap();
        bases.write().unwrap()[victim] = None;
        if instances > 1 {
            // The survivor carries the load alone for a moment.
            tokio::time::sleep(Duration::from_millis(rng.gen_range(50..500))).await;
        }
        stop.store(true, Ordering::Relaxed);
        for task in tasks {
            workers.push(task.await.unwrap());
        }
        let (child, base) = start();
        servers[victim] = child;
        bases.write().unwrap()[victim] = Some(base);
    }

    let check_base = bases.read().unwrap()[0].clone().unwrap();
    let (total, failures) = check(&client, &check_base, &workers).await;
    for server in &mut servers {
        let _ = server.kill();
        let _ = server.wait();
    }
    if let Some(admin_url) = &options.postgres {
        loopback::drop_postgres_database(admin_url, &database_url).await;
    }
    let mode = if instances > 1 {
        "two instances on PostgreSQL, one killed each time"
    } else {
        "one instance on SQLite"
    };
    println!(
        "{} kills ({mode}), {total} acknowledged mutations checked, {failures} lost or wrong",
        options.kills
    );
    if failures > 0 || total == 0 {
        std::process::exit(1);
    }
}
