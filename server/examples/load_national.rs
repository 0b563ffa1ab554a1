//! National load (issue 15): N workers syncing as they do today plus 3N service users' share
//! pages polling the way the page does (every minute, with `If-None-Match`), against two
//! `peerline-server` instances on one PostgreSQL database, all on loopback.
//!
//! It creates a fresh database on the PostgreSQL server of `--postgres ADMIN_URL` (dropped at the
//! end), seeds N workers each sharing with three service users, starts two instances (each with
//! `--metrics-addr`, to read its pool), and runs four bounded phases of `--seconds` each on the
//! same data and the same machine, so the two-instance figures have a one-instance baseline from
//! the same run:
//!
//! 1. one instance, syncs paced at `--sync-rate` (default 200/s: each of 1,000 workers every 5 s);
//! 2. two instances, the same pacing, each request to either at random (a load balancer);
//! 3. one instance, syncs as fast as answered (`--concurrency` in flight): capacity;
//! 4. two instances, as fast as answered.
//!
//! The share pages poll at their own pace in every phase (3N pages every `--share-interval-ms`,
//! default 60,000). Each phase prints throughput, `/sync` and share p50/p99, the share answers
//! that were 304s, errors, the database connections seen (`pg_stat_activity`, sampled every
//! 250 ms: how many, how many active, and what the active ones waited on: nothing (on CPU), `Lock`,
//! `LWLock`, `IO`, `Client`...), the pools' busiest moment (`/metrics`), and the CPU seconds spent
//! by the server instances, the PostgreSQL backends and this load generator (from `/proc`): the
//! evidence for where the limit is.
//!
//! ```sh
//! scripts/verify load-national [WORKERS] [SECONDS]   # starts a throwaway PostgreSQL itself
//! target/release/examples/load_national --postgres postgres://postgres@127.0.0.1:5432/postgres \
//!     --workers 1000 --seconds 15
//! ```
//! Exits non-zero if any request failed. Only loopback is ever contacted.

#![allow(clippy::unwrap_used)]

#[path = "common/loopback.rs"]
mod loopback;

use std::collections::BTreeMap;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use loopback::{get_conditional, paced, percentile, post, Device, HttpClient};
use peerline_core::ids;
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};
use sqlx::{Connection, Row};
use uuid::Uuid;

struct Options {
    workers: usize,
    seconds: u64,
    sync_rate: f64,
    share_interval_ms: u64,
    concurrency: usize,
    pool_size: u32,
    postgres: String,
    server_bin: String,
}

fn options() -> Options {
    let mut options = Options {
        workers: 1000,
        seconds: 15,
        sync_rate: 200.0,
        share_interval_ms: 60_000,
        concurrency: 32,
        pool_size: 10,
        postgres: String::new(),
        server_bin: "target/release/peerline-server".into(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--workers" => options.workers = value.parse().expect("--workers N"),
            "--seconds" => options.seconds = value.parse().expect("--seconds N"),
            "--sync-rate" => options.sync_rate = value.parse().expect("--sync-rate N"),
            "--share-interval-ms" => {
                options.share_interval_ms = value.parse().expect("--share-interval-ms N");
            }
            "--concurrency" => options.concurrency = value.parse().expect("--concurrency N"),
            "--pool-size" => options.pool_size = value.parse().expect("--pool-size N"),
            "--postgres" => options.postgres = value,
            "--server-bin" => options.server_bin = value,
            other => panic!("unknown option {other}; see the module doc"),
        }
    }
    assert!(
        !options.postgres.is_empty(),
        "--postgres ADMIN_URL is required (scripts/verify load-national starts one)"
    );
    options
}

/// A service user's page: its link and the tag of the answer it keeps.
struct Page {
    path: String,
    etag: Option<String>,
}

/// A running instance: its process, API and metrics addresses.
struct Instance {
    child: Child,
    base: String,
    metrics: String,
}

fn start_instance(options: &Options, database_url: &str) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics_addr = format!("127.0.0.1:{port}");
    let pool_size = options.pool_size.to_string();
    let extra = [
        "--db-pool-size",
        &pool_size,
        "--metrics-addr",
        &metrics_addr,
    ];
    let (child, base) = loopback::start_server(&options.server_bin, database_url, &extra);
    Instance {
        child,
        base,
        metrics: format!("http://{metrics_addr}"),
    }
}

/// Each worker's profile, hours and three shared service users, through `/sync`; the links.
async fn share_links(client: &HttpClient, base: &str, devices: &mut [Device]) -> Vec<Page> {
    let mut pages = Vec::new();
    for device in devices.iter_mut() {
        let user_id = me(client, base, &device.token).await;
        let now_ms = Utc::now().timestamp_millis();
        let mut mutations = vec![
            (
                "profile",
                ids::profile_id(user_id),
                json!({"display_name": "Per", "phone": "+47 400 12 345"}),
            ),
            (
                "availability",
                ids::availability_id(user_id),
                json!({"windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "08:00", "end": "22:00"}]}),
            ),
        ];
        for _ in 0..3 {
            let token = peerline_server::tokens::new_token();
            let contact = Uuid::new_v4();
            device.contacts.push(contact);
            pages.push(Page {
                path: format!("/api/v1/share/{token}"),
                etag: None,
            });
            mutations.push((
                "contact",
                contact,
                json!({"name": "Ola", "role": "service_user",
                "max_contacts_per_day": 3, "share_token": token}),
            ));
        }
        let mutations: Vec<Value> = mutations
            .into_iter()
            .enumerate()
            .map(|(index, (kind, id, set))| {
                let mid = device.next_mid;
                device.next_mid += 1;
                let hlc = format!("{now_ms:013}:{index:04x}:{}", device.client_id);
                json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": set})
            })
            .collect();
        let body =
            json!({"client_id": device.client_id, "cursor": device.cursor, "mutations": mutations});
        let (status, answer) = post(client, base, "/api/v1/sync", Some(&device.token), &body)
            .await
            .unwrap();
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["rejected"], json!([]), "{answer}");
        device.cursor = answer["cursor"].clone();
    }
    pages
}

/// The caller's user id from `GET /me`.
async fn me(client: &HttpClient, base: &str, token: &str) -> Uuid {
    let request = hyper::Request::get(format!("{base}/api/v1/me"))
        .header("authorization", format!("Bearer {token}"))
        .body(http_body_util::Full::new(hyper::body::Bytes::new()))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let me: Value = serde_json::from_slice(&bytes).unwrap();
    me["id"].as_str().unwrap().parse().unwrap()
}

/// A phase's headline figures.
struct PhaseResult {
    sync_rate: f64,
    sync_p99: f64,
    share_p99: f64,
    errors: u64,
}

/// What one phase measured.
#[derive(Default)]
struct Measured {
    sync_micros: Vec<u64>,
    share_micros: Vec<u64>,
    share_not_modified: u64,
    errors: u64,
}

/// `pg_stat_activity` samples of the phase's database and the cluster's backends' CPU.
#[derive(Default)]
struct DatabaseSamples {
    samples: u64,
    most_connections: i64,
    active_sum: i64,
    /// Active backends by what they waited on ("CPU" when on no wait event).
    waits: BTreeMap<String, i64>,
}

async fn sample_database(database_url: String, stop: Arc<AtomicBool>) -> DatabaseSamples {
    let mut connection = sqlx::PgConnection::connect(&database_url).await.unwrap();
    let mut samples = DatabaseSamples::default();
    while !stop.load(Ordering::Relaxed) {
        let rows = sqlx::query(
            "SELECT state, COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS waited FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap();
        samples.samples += 1;
        samples.most_connections = samples.most_connections.max(rows.len() as i64);
        for row in &rows {
            let state: Option<String> = row.get("state");
            if state.as_deref() == Some("active") {
                samples.active_sum += 1;
                *samples.waits.entry(row.get("waited")).or_default() += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    connection.close().await.unwrap();
    samples
}

/// The busiest moment of each instance's pool, from its `/metrics` every 250 ms.
async fn sample_pools(metrics: Vec<String>, stop: Arc<AtomicBool>) -> Vec<(f64, f64)> {
    let mut busiest = vec![(0.0, 0.0); metrics.len()];
    while !stop.load(Ordering::Relaxed) {
        for (index, base) in metrics.iter().enumerate() {
            let text = loopback::get_text(base, "/metrics")
                .await
                .unwrap_or_default();
            let value = |state: &str| {
                let series = format!("peerline_db_pool_connections{{state=\"{state}\"}}");
                text.lines()
                    .find_map(|line| line.strip_prefix(series.as_str())?.trim().parse().ok())
                    .unwrap_or(0.0)
            };
            busiest[index].0 = f64::max(busiest[index].0, value("in_use"));
            busiest[index].1 = value("max");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    busiest
}

/// CPU seconds (user + system) a process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the command's ")": state is field 0, utime 11, stime 12 (proc(5) 14 and 15).
    (ticks(11) + ticks(12)) / 100.0
}

async fn postgres_pids(admin_url: &str) -> Vec<u32> {
    let mut connection = sqlx::PgConnection::connect(admin_url).await.unwrap();
    let rows = sqlx::query("SELECT pid FROM pg_stat_activity")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    rows.iter()
        .map(|row| u32::try_from(row.get::<i32, _>("pid")).unwrap())
        .collect()
}

struct Phase {
    name: &'static str,
    instances: usize,
    paced: bool,
}

#[allow(clippy::too_many_arguments)]
async fn run_phase(
    options: &Options,
    phase: &Phase,
    client: &HttpClient,
    instances: &[Instance],
    devices: &Arc<Vec<tokio::sync::Mutex<Device>>>,
    pages: &Arc<Vec<tokio::sync::Mutex<Page>>>,
    database_url: &str,
) -> PhaseResult {
    let bases: Arc<Vec<String>> = Arc::new(
        instances[..phase.instances]
            .iter()
            .map(|instance| instance.base.clone())
            .collect(),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let measured = Arc::new(Mutex::new(Measured::default()));
    let pids = postgres_pids(&options.postgres).await;
    let server_pids: Vec<u32> = instances
        .iter()
        .map(|instance| instance.child.id())
        .collect();
    let cpu = |pids: &[u32]| pids.iter().map(|pid| cpu_seconds(*pid)).sum::<f64>();
    let (servers_before, postgres_before, own_before) = (
        cpu(&server_pids),
        cpu(&pids),
        cpu_seconds(std::process::id()),
    );
    let database = tokio::spawn(sample_database(database_url.to_owned(), stop.clone()));
    let pools = tokio::spawn(sample_pools(
        instances[..phase.instances]
            .iter()
            .map(|i| i.metrics.clone())
            .collect(),
        stop.clone(),
    ));
    let started = Instant::now();
    let mut tasks = Vec::new();
    // Syncs: `concurrency` tasks, each paced (or not) to its share of the rate.
    let sync_interval = (phase.paced && options.sync_rate > 0.0)
        .then(|| Duration::from_secs_f64(options.concurrency as f64 / options.sync_rate));
    let concurrency = options.concurrency;
    for task in 0..concurrency {
        let (client, bases, devices, measured, stop) = (
            client.clone(),
            bases.clone(),
            devices.clone(),
            measured.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(task as u64);
            let mut ticker = sync_interval.map(|interval| paced(interval, task, concurrency));
            while !stop.load(Ordering::Relaxed) {
                if let Some(ticker) = ticker.as_mut() {
                    ticker.tick().await;
                }
                let index = rng.gen_range(0..devices.len());
                let Ok(mut device) = devices[index].try_lock() else {
                    continue;
                };
                let body = device.sync_body(&mut rng);
                let base = &bases[rng.gen_range(0..bases.len())];
                let sent = Instant::now();
                let answer = post(&client, base, "/api/v1/sync", Some(&device.token), &body).await;
                let micros = sent.elapsed().as_micros() as u64;
                let mut measured = measured.lock().unwrap();
                match answer {
                    Some((200, answer)) => {
                        device.cursor = answer["cursor"].clone();
                        measured.sync_micros.push(micros);
                    }
                    other => {
                        measured.errors += 1;
                        if measured.errors <= 5 {
                            eprintln!("sync failed: {other:?}");
                        }
                    }
                }
            }
        }));
    }
    // Share pages: 3N pages every interval, spread over a few tasks.
    let share_tasks = 16;
    let share_rate = pages.len() as f64 * 1000.0 / options.share_interval_ms as f64;
    let share_interval = Duration::from_secs_f64(share_tasks as f64 / share_rate);
    for task in 0..share_tasks {
        let (client, bases, pages, measured, stop) = (
            client.clone(),
            bases.clone(),
            pages.clone(),
            measured.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(1_000 + task as u64);
            let mut ticker = paced(share_interval, task, share_tasks);
            while !stop.load(Ordering::Relaxed) {
                ticker.tick().await;
                let index = rng.gen_range(0..pages.len());
                let Ok(mut page) = pages[index].try_lock() else {
                    continue;
                };
                let base = &bases[rng.gen_range(0..bases.len())];
                let sent = Instant::now();
                let answer = get_conditional(&client, base, &page.path, page.etag.as_deref()).await;
                let micros = sent.elapsed().as_micros() as u64;
                let mut measured = measured.lock().unwrap();
                match answer {
                    Some((200, etag)) => {
                        page.etag = etag;
                        measured.share_micros.push(micros);
                    }
                    Some((304, _)) => {
                        measured.share_not_modified += 1;
                        measured.share_micros.push(micros);
                    }
                    other => {
                        measured.errors += 1;
                        if measured.errors <= 5 {
                            eprintln!("share poll failed: {other:?}");
                        }
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(options.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let database = database.await.unwrap();
    let pools = pools.await.unwrap();
    let (servers_cpu, postgres_cpu, own_cpu) = (
        cpu(&server_pids) - servers_before,
        cpu(&pids) - postgres_before,
        cpu_seconds(std::process::id()) - own_before,
    );

    let mut measured = measured.lock().unwrap();
    measured.sync_micros.sort_unstable();
    measured.share_micros.sort_unstable();
    let (syncs, shares) = (measured.sync_micros.len(), measured.share_micros.len());
    let sync_rate = syncs as f64 / elapsed;
    let sync_p99 = percentile(&measured.sync_micros, 0.99);
    println!(
        "\n== {} ({} instance{}, {:.1} s)",
        phase.name,
        phase.instances,
        if phase.instances == 1 { "" } else { "s" },
        elapsed
    );
    println!(
        "  /sync: {syncs} ok ({sync_rate:.0}/s), p50 {:.1} ms, p99 {sync_p99:.1} ms, max {:.1} ms",
        percentile(&measured.sync_micros, 0.5),
        percentile(&measured.sync_micros, 1.0)
    );
    let share_p99 = percentile(&measured.share_micros, 0.99);
    println!(
        "  share: {shares} ok ({:.0}/s, {:.0} % of them 304), p50 {:.1} ms, p99 {share_p99:.1} ms, max {:.1} ms",
        shares as f64 / elapsed,
        100.0 * measured.share_not_modified as f64 / shares.max(1) as f64,
        percentile(&measured.share_micros, 0.5),
        percentile(&measured.share_micros, 1.0)
    );
    println!("  errors: {}", measured.errors);
    let active = database.active_sum as f64 / database.samples.max(1) as f64;
    let waits: Vec<String> = database
        .waits
        .iter()
        .map(|(wait, count)| {
            format!(
                "{wait} {:.0} %",
                100.0 * *count as f64 / database.active_sum.max(1) as f64
            )
        })
        .collect();
    println!(
        "  database connections: at most {} open, {active:.1} active on average; active ones waiting on: {}",
        database.most_connections,
        waits.join(", ")
    );
    let pools: Vec<String> = pools
        .iter()
        .map(|(in_use, max)| format!("{in_use:.0} of {max:.0}"))
        .collect();
    println!(
        "  busiest pool moment (in use of size), per instance: {}",
        pools.join("; ")
    );
    println!(
        "  CPU seconds: servers {servers_cpu:.1}, PostgreSQL {postgres_cpu:.1}, load generator {own_cpu:.1} \
         (of {:.1} available on 2 cores)",
        2.0 * elapsed
    );
    PhaseResult {
        sync_rate,
        sync_p99,
        share_p99,
        errors: measured.errors,
    }
}

#[tokio::main]
async fn main() {
    let options = options();
    let database_url = loopback::fresh_postgres_database(&options.postgres, "peerline_load").await;
    eprintln!("seeding {} workers...", options.workers);
    let usernames = loopback::seed_workers(&database_url, "national", options.workers).await;
    let mut instances: Vec<Instance> = (0..2)
        .map(|_| start_instance(&options, &database_url))
        .collect();
    let client = loopback::client();
    eprintln!(
        "logging in {} workers and sharing 3 links each...",
        usernames.len()
    );
    let mut devices: Vec<Device> = loopback::login_all(&client, &instances[0].base, &usernames)
        .await
        .into_iter()
        .map(Device::new)
        .collect();
    let pages = share_links(&client, &instances[0].base, &mut devices).await;
    println!(
        "{} workers, {} share pages polling every {} ms, syncs paced at {}/s (phases 1-2) or {} in flight (3-4), \
         pool size {} per instance",
        devices.len(),
        pages.len(),
        options.share_interval_ms,
        options.sync_rate,
        options.concurrency,
        options.pool_size
    );
    let devices = Arc::new(
        devices
            .into_iter()
            .map(tokio::sync::Mutex::new)
            .collect::<Vec<_>>(),
    );
    let pages = Arc::new(
        pages
            .into_iter()
            .map(tokio::sync::Mutex::new)
            .collect::<Vec<_>>(),
    );
    let phases = [
        Phase {
            name: "paced, one instance",
            instances: 1,
            paced: true,
        },
        Phase {
            name: "paced, two instances",
            instances: 2,
            paced: true,
        },
        Phase {
            name: "as fast as answered, one instance",
            instances: 1,
            paced: false,
        },
        Phase {
            name: "as fast as answered, two instances",
            instances: 2,
            paced: false,
        },
    ];
    let mut results = Vec::new();
    for phase in &phases {
        results.push(
            run_phase(
                &options,
                phase,
                &client,
                &instances,
                &devices,
                &pages,
                &database_url,
            )
            .await,
        );
    }
    println!("\n== one instance to two, same run");
    let ratio = |two: f64, one: f64| two / one.max(0.001);
    println!(
        "  paced: /sync p99 {:.1} -> {:.1} ms (ratio {:.2}), share p99 {:.1} -> {:.1} ms (ratio {:.2})",
        results[0].sync_p99,
        results[1].sync_p99,
        ratio(results[1].sync_p99, results[0].sync_p99),
        results[0].share_p99,
        results[1].share_p99,
        ratio(results[1].share_p99, results[0].share_p99),
    );
    println!(
        "  as fast as answered: {:.0} -> {:.0} syncs/s (ratio {:.2})",
        results[2].sync_rate,
        results[3].sync_rate,
        ratio(results[3].sync_rate, results[2].sync_rate)
    );
    for instance in &mut instances {
        let _ = instance.child.kill();
        let _ = instance.child.wait();
    }
    loopback::drop_postgres_database(&options.postgres, &database_url).await;
    if results.iter().any(|result| result.errors > 0) {
        std::process::exit(1);
    }
}
