//! Load and soak tool: many simulated workers doing incremental syncs against a real
//! `peerline-server` process on loopback.
//!
//! It seeds N workers into a fresh SQLite file (through the library, so passwords are real argon2
//! hashes), starts the server binary on 127.0.0.1 with a free port, logs every worker in, then for
//! the given duration keeps `concurrency` requests in flight: each picks a worker and sends an
//! incremental sync (its cursor set, 0-5 new changes), paced to `--rate` requests/s in all (default
//! 200: every worker syncing every 5 s; `--rate 0` for as fast as the server answers). At the end it
//! prints requests/s, latency
//! percentiles, errors, and the server's resident memory at the start and end of the load.
//!
//! ```sh
//! cargo build --release -p peerline-server
//! cargo run --release -p peerline-server --example sync_load -- --workers 1000 --seconds 60
//! cargo run --release -p peerline-server --example sync_load -- --workers 1000 --seconds 600  # soak
//! ```
//! Exits non-zero if any request failed. Only loopback is ever contacted.

#![allow(clippy::unwrap_used)]

#[path = "common/loopback.rs"]
mod loopback;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use loopback::{percentile, post, resident_kib, Device};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::json;

struct Options {
    workers: usize,
    seconds: u64,
    concurrency: usize,
    /// Requests per second across all workers (0: as fast as the server answers).
    rate: f64,
    server_bin: String,
}

fn options() -> Options {
    let mut options = Options {
        workers: 1000,
        seconds: 60,
        concurrency: 32,
        rate: 200.0,
        server_bin: "target/release/peerline-server".into(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--workers" => options.workers = value.parse().expect("--workers N"),
            "--seconds" => options.seconds = value.parse().expect("--seconds N"),
            "--concurrency" => options.concurrency = value.parse().expect("--concurrency N"),
            "--rate" => options.rate = value.parse().expect("--rate N"),
            "--server-bin" => options.server_bin = value,
            other => panic!("unknown option {other}; see the module doc"),
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let dir = tempfile::TempDir::new().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("load.db").display());
    eprintln!("seeding {} workers...", options.workers);
    let usernames = loopback::seed_workers(&database_url, "load", options.workers).await;
    let (mut server, base) = loopback::start_server(&options.server_bin, &database_url, &[]);
    let client = loopback::client();

    eprintln!("logging in {} workers at {base}...", usernames.len());
    let workers: Vec<_> = loopback::login_all(&client, &base, &usernames)
        .await
        .into_iter()
        .map(|token| tokio::sync::Mutex::new(Device::new(token)))
        .collect();
    let workers = Arc::new(workers);
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let rss_start = resident_kib(server.id());
    let started = Instant::now();

    let mut tasks = Vec::new();
    for task in 0..options.concurrency {
        let (client, base, workers, latencies, errors, stop) = (
            client.clone(),
            base.clone(),
            workers.clone(),
            latencies.clone(),
            errors.clone(),
            stop.clone(),
        );
        // Paced: each task starts a request every `interval`, so the whole load arrives at `rate`
        // (1,000 workers syncing every 5 s is 200 requests/s) instead of as fast as possible.
        let interval = (options.rate > 0.0)
            .then(|| Duration::from_secs_f64(options.concurrency as f64 / options.rate));
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(task as u64);
            let concurrency = options.concurrency;
            let mut ticker = interval.map(|interval| loopback::paced(interval, task, concurrency));
            while !stop.load(Ordering::Relaxed) {
                if let Some(ticker) = ticker.as_mut() {
                    ticker.tick().await;
                }
                let index = rng.gen_range(0..workers.len());
                // A worker's device syncs one request at a time; skip it if another task has it.
                // (tokio's Mutex: the guard is held across the request's await.)
                let Ok(mut worker) = workers[index].try_lock() else {
                    continue;
                };
                let body = worker.sync_body(&mut rng);
                let token = worker.token.clone();
                let sent = Instant::now();
                let (status, answer) = post(&client, &base, "/api/v1/sync", Some(&token), &body)
                    .await
                    .unwrap_or((0, json!({"transport_error": true})));
                let micros = sent.elapsed().as_micros() as u64;
                if status == 200 {
                    worker.cursor = answer["cursor"].clone();
                    latencies.lock().unwrap().push(micros);
                } else {
                    if errors.fetch_add(1, Ordering::Relaxed) < 5 {
                        eprintln!("sync failed with {status}: {answer}");
                    }
                }
            }
        }));
    }
    let mut peak_kib = rss_start;
    while started.elapsed() < Duration::from_secs(options.seconds) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        peak_kib = peak_kib.max(resident_kib(server.id()));
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rss_end = resident_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();

    let mut sorted = latencies.lock().unwrap().clone();
    sorted.sort_unstable();
    let errors = errors.load(Ordering::Relaxed);
    println!(
        "workers: {}, concurrency: {}, duration: {elapsed:.1} s",
        options.workers, options.concurrency
    );
    println!(
        "requests: {} ok, {errors} failed, {:.0} requests/s",
        sorted.len(),
        sorted.len() as f64 / elapsed
    );
    println!(
        "latency ms: p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        percentile(&sorted, 0.50),
        percentile(&sorted, 0.90),
        percentile(&sorted, 0.99),
        percentile(&sorted, 1.0)
    );
    println!(
        "server RSS: {} KiB at start of load, {rss_end} KiB at end, {peak_kib} KiB peak",
        rss_start
    );
    if errors > 0 {
        std::process::exit(1);
    }
}
