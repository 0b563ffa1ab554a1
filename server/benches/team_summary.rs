//! The coordinator summary of a big team: 50 workers with two years of synced data each (about
//! 10,000 logs per worker, ~14 a day, plus 8 contacts, 104 weekly check-ins, 24 date overrides,
//! 12 absences, profile and availability: about 507,000 records) in one SQLite file. Target: the
//! whole `GET /api/v1/team/summary` (auth, access-log write, queries, peerline-core, JSON) under
//! 100 ms. Run with `cargo bench -p peerline-server --bench team_summary`.
//!
//! The records are written through the sync engine, exactly as devices write them, week by week
//! for the whole team, so the rows lie in the file as they would after two real years. Seeding
//! takes a few minutes, so the file is kept in Cargo's target tmp directory and reused by later runs
//! (delete `team_summary-*.db` there to seed afresh). Before measuring, the bench checks that
//! the summary's figures equal peerline-core's over *all* of every worker's records.

#![allow(clippy::unwrap_used)]

use std::{path::PathBuf, time::Instant};

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use http_body_util::BodyExt;
use peerline_core::{
    envelope::{IncomingMutation, IncomingRequest},
    ids, week_pressure, HlcClock, IsoWeek, Mutation, RecordKind, WorkerData,
};
use peerline_server::{
    accounts::{self, NewUser, Role},
    clock::ManualClock,
    db::Db,
    router,
    store::records,
    summary, sync, AppState,
};
use serde_json::{json, Map, Value};
use tower::ServiceExt;
use uuid::Uuid;

const WORKERS: usize = 50;
const LOGS_PER_WORKER: u64 = 10_000;
const PASSWORD: &str = "bench password";
/// Bump when the seeded data changes, so an old file is not reused.
const DATA_VERSION: u32 = 3;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0).unwrap()
}

fn two_years_ago() -> DateTime<Utc> {
    now() - Duration::days(730)
}

/// A small deterministic generator: every run seeds the same data.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn date(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%d").to_string()
}

/// A record and when its worker writes it.
type Timed = (DateTime<Utc>, RecordKind, Uuid, Value);

/// Worker `n`'s records, each with when it is written (sorted by that).
fn worker_records(n: usize, user_id: Uuid) -> Vec<Timed> {
    let mut random = Lcg(n as u64 + 1);
    let zone = ["Europe/Oslo", "Europe/Oslo", "Europe/Oslo", "Europe/London"][n % 4];
    let mut records: Vec<(RecordKind, Uuid, Value)> = vec![
        (
            RecordKind::Profile,
            ids::profile_id(user_id),
            json!({"display_name": format!("Worker {n}"), "timezone": zone, "phone": "+47 400 00 000"}),
        ),
        (
            RecordKind::Availability,
            ids::availability_id(user_id),
            json!({"windows": [
                {"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "11:00"},
                {"days": [1, 2, 3, 4], "start": "17:00", "end": "21:00"},
                {"days": [5], "start": "17:00", "end": "24:00"},
                {"days": [6], "start": "00:00", "end": "01:00"},
                {"days": [6], "start": "12:00", "end": "16:00"},
                {"days": [7], "start": "18:00", "end": "20:00"},
            ]}),
        ),
    ];
    let contacts: Vec<Uuid> = (0..8).map(|_| Uuid::new_v4()).collect();
    for (index, id) in contacts.iter().enumerate() {
        let started = two_years_ago() + Duration::days(index as i64 * 60);
        let fields = match index {
            0..=2 => json!({"name": format!("Active {n}-{index}"), "started_on": date(started),
                "review_on": date(now() + Duration::days(index as i64 * 40)),
                "agreement_windows": if index == 0 { json!([]) } else {
                    json!([{"days": [1, 2, 3, 4], "start": "18:00", "end": "20:00"}]) },
                "max_contacts_per_day": 3, "max_contacts_per_week": 10,
                "notes": "Private notes that the coordinator never sees."}),
            3..=5 => json!({"name": format!("Ended {n}-{index}"), "started_on": date(started),
                "status": "ended", "max_contacts_per_day": 2}),
            6 => json!({"name": "Coordinator", "role": "coordinator", "phone": "+47 400 00 001"}),
            _ => json!({"name": "Colleague", "role": "colleague", "phone": "+47 400 00 002"}),
        };
        records.push((RecordKind::Contact, *id, fields));
    }
    let mut timed: Vec<Timed> = records
        .into_iter()
        .map(|(kind, id, fields)| (two_years_ago(), kind, id, fields))
        .collect();
    let mut week = IsoWeek::of(two_years_ago().date_naive());
    for index in 0..104 {
        let sunday = week.monday().and_hms_opt(20, 0, 0).unwrap().and_utc() + Duration::days(6);
        timed.push((
            sunday,
            RecordKind::Checkin,
            ids::checkin_id(user_id, week),
            json!({
            "week": week.to_string(), "energy": 1 + index % 5, "strain": 1 + index % 4,
            "burnout": 1 + index % 3, "needs_guidance": index % 7 == 0,
            "share_with_coordinator": index % 2 == 0, "note": "A private note."}),
        ));
        week = IsoWeek::of(week.monday() + Duration::days(7));
    }
    for index in 0..24 {
        let day = two_years_ago() + Duration::days(index * 30 + 3);
        timed.push((
            day - Duration::days(5),
            RecordKind::DateOverride,
            ids::date_override_id(user_id, day.date_naive()),
            json!({"date": date(day), "windows": if index % 2 == 0 { json!([]) } else {
                json!([{"start": "12:00", "end": "15:00"}]) }}),
        ));
    }
    for index in 0..12 {
        let start = two_years_ago() + Duration::days(index * 60 + 10);
        timed.push((
            start - Duration::days(3),
            RecordKind::Absence,
            Uuid::new_v4(),
            json!({
            "starts_at": format!("{}T08:00", date(start)),
            "ends_at": format!("{}T20:00", date(start + Duration::days(1 + index % 5))),
            "kind": (["day_off", "vacation", "sick", "other"][index as usize % 4])}),
        ));
    }
    let minutes = (now() - two_years_ago()).num_minutes() as u64;
    for _ in 0..LOGS_PER_WORKER {
        let at = two_years_ago() + Duration::minutes(random.below(minutes) as i64);
        let contact = contacts[[0, 1, 2, 3, 4, 5, 7][random.below(7) as usize]];
        let incoming = random.below(3) != 0;
        timed.push((
            at,
            RecordKind::Log,
            Uuid::new_v4(),
            json!({
            "contact_id": contact.to_string(),
            "at": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "channel": (["call", "sms", "message", "meeting"][random.below(4) as usize]),
            "direction": if incoming { "incoming" } else { "outgoing" },
            "answered": !incoming || random.below(4) != 0,
            "minutes": 5 + random.below(30),
            "note": "What was said stays with the worker."}),
        ));
    }
    timed.sort_by_key(|record| record.0);
    timed
}

/// A worker's device, writing through the sync engine like the app.
struct Device {
    user_id: Uuid,
    client_id: Uuid,
    clock: HlcClock,
    next_mid: u64,
    cursor: Option<String>,
}

impl Device {
    fn new(user_id: Uuid) -> Device {
        let client_id = Uuid::new_v4();
        Device {
            user_id,
            client_id,
            clock: HlcClock::new(&client_id.to_string()).unwrap(),
            next_mid: 1,
            cursor: None,
        }
    }

    /// Pushes `records` in requests of up to 1,000 mutations.
    async fn sync(&mut self, db: &Db, records: Vec<(RecordKind, Uuid, Value)>) {
        let now_millis = u64::try_from(now().timestamp_millis()).unwrap();
        for chunk in records.chunks(1000) {
            let mutations = chunk
                .iter()
                .map(|(kind, id, fields)| {
                    let mid = self.next_mid;
                    self.next_mid += 1;
                    let Value::Object(set) = fields.clone() else {
                        unreachable!("fields are objects")
                    };
                    IncomingMutation {
                        mid,
                        parsed: Ok(Mutation {
                            mid,
                            kind: *kind,
                            id: *id,
                            hlc: self.clock.tick(now_millis),
                            set,
                            deleted: None,
                        }),
                    }
                })
                .collect();
            let request = IncomingRequest {
                client_id: self.client_id,
                cursor: self.cursor.take(),
                mutations,
            };
            let outcome = sync::sync(db, self.user_id, request, now()).await.unwrap();
            assert!(outcome.rejected.is_empty(), "{:?}", outcome.rejected);
            self.cursor = Some(outcome.cursor);
        }
    }
}

fn database_path() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("team_summary-v{DATA_VERSION}.db"))
}

/// Seeds the team into a new file (then renamed, so a half-seeded file is never reused).
async fn seed(path: &PathBuf) {
    let partial = path.with_extension("partial");
    for leftover in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{leftover}", partial.display()));
    }
    let db = Db::connect_and_migrate(&format!("sqlite://{}", partial.display()))
        .await
        .unwrap();
    let started = Instant::now();
    let team = accounts::create_team(&db, "Big team", now()).await.unwrap();
    let user = |role, username: String, display_name: String| NewUser {
        team_id: team,
        role,
        username,
        display_name,
        password: PASSWORD.to_owned(),
    };
    accounts::create_user(
        &db,
        user(Role::Coordinator, "lead".into(), "Lead".into()),
        now(),
    )
    .await
    .unwrap();
    let mut workers = Vec::new();
    for n in 0..WORKERS {
        let account = user(Role::Worker, format!("worker{n}"), format!("Worker {n:02}"));
        let user_id = accounts::create_user(&db, account, now()).await.unwrap();
        workers.push((
            Device::new(user_id),
            worker_records(n, user_id).into_iter().peekable(),
        ));
    }
    // Week by week, every worker syncs what they wrote that week: the rows lie in the file in the
    // order a real team's devices would have written them.
    let mut week_end = two_years_ago() + Duration::days(1);
    while workers
        .iter_mut()
        .any(|(_, records)| records.peek().is_some())
    {
        for (device, records) in &mut workers {
            let mut batch = Vec::new();
            while let Some((_, kind, id, fields)) = records.next_if(|record| record.0 < week_end) {
                batch.push((kind, id, fields));
            }
            device.sync(&db, batch).await;
        }
        week_end += Duration::days(7);
        eprint!(
            "\rseeded up to {} ({:.0?})",
            date(week_end),
            started.elapsed()
        );
    }
    eprintln!();
    db.close().await;
    std::fs::rename(&partial, path).unwrap();
}

async fn get(router: &Router, path: &str, token: &str) -> Vec<u8> {
    let request = Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

async fn login(router: &Router) -> String {
    let body = json!({"username": "lead", "password": PASSWORD}).to_string();
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: Map<String, Value> = serde_json::from_slice(&bytes).unwrap();
    body["token"].as_str().unwrap().to_owned()
}

/// The summary's figures against peerline-core over every record of every worker.
async fn check_against_all_records(db: &Db, summary_body: &Value, week: IsoWeek) {
    let workers = summary_body["workers"].as_array().unwrap();
    assert_eq!(workers.len(), WORKERS);
    let mut logs = 0;
    for worker in workers {
        let user_id: Uuid = worker["worker_id"].as_str().unwrap().parse().unwrap();
        let all = records::changed_after(db.pool(), user_id, 0, "", i64::MAX)
            .await
            .unwrap();
        logs += all
            .iter()
            .filter(|changed| changed.record.kind == RecordKind::Log)
            .count();
        let data = WorkerData::from_stored(all.iter().map(|changed| &changed.record));
        let pressure = week_pressure(&data, week);
        assert_eq!(worker["contacts"], pressure.totals.counts.contacts);
        assert_eq!(
            worker["outside_agreement_contacts"],
            pressure.totals.counts.outside_agreement_contacts
        );
        assert_eq!(
            worker["after_hours_contacts"],
            pressure.totals.counts.after_hours_contacts
        );
        assert_eq!(
            worker["limit_exceeded_days"],
            pressure.totals.counts.limit_exceeded_days
        );
        assert_eq!(
            worker["unanswered_incoming"],
            pressure.totals.counts.unanswered_incoming
        );
        assert_eq!(
            worker["weekly_limit_exceeded"],
            pressure.totals.weekly_limit_exceeded
        );
        assert_eq!(
            worker["service_users"].as_array().unwrap().len(),
            pressure.service_users.len()
        );
        assert_eq!(
            worker["checkin"].is_null(),
            peerline_core::pressure::shared_checkin(&data, week).is_none()
        );
    }
    assert_eq!(logs, WORKERS * LOGS_PER_WORKER as usize);
}

/// This process's CPU time (user + system) so far, from /proc (Linux; `None` elsewhere).
fn process_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Clock ticks are 1/100 s on Linux.
    Some(std::time::Duration::from_millis(ticks * 10))
}

/// Wall-clock time varies with whatever else the machine runs; CPU time per request (all of this
/// process's threads, SQLite's included) shows the cost itself. Printed once, before criterion.
fn report_cpu_time(runtime: &tokio::runtime::Runtime, router: &Router, token: &str) {
    const REQUESTS: u32 = 40;
    let (Some(cpu_before), wall_before) = (process_cpu_time(), Instant::now()) else {
        return;
    };
    for _ in 0..REQUESTS {
        runtime.block_on(get(router, "/api/v1/team/summary?week=2026-W47", token));
    }
    if let Some(cpu_after) = process_cpu_time() {
        eprintln!(
            "GET summary: {:.1?} CPU and {:.1?} wall per request (mean of {REQUESTS})",
            (cpu_after - cpu_before) / REQUESTS,
            wall_before.elapsed() / REQUESTS
        );
    }
}

fn team_summary(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let path = database_path();
    let week: IsoWeek = "2026-W47".parse().unwrap();
    let (db, router, token) = runtime.block_on(async {
        if !path.exists() {
            seed(&path).await;
        }
        let db = Db::connect_and_migrate(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let clock = ManualClock::new(now());
        let router = router(AppState::new(db.clone(), "/nonexistent").with_clock(clock));
        let token = login(&router).await;
        let body = get(
            &router,
            &format!("/api/v1/team/summary?week={week}"),
            &token,
        )
        .await;
        check_against_all_records(&db, &serde_json::from_slice(&body).unwrap(), week).await;
        (db, router, token)
    });
    report_cpu_time(&runtime, &router, &token);
    let mut group = criterion.benchmark_group("team_summary");
    group.bench_function("GET summary (50 workers, 2 years)", |bencher| {
        bencher
            .iter(|| runtime.block_on(get(&router, "/api/v1/team/summary?week=2026-W47", &token)))
    });
    group.bench_function("GET summary.csv (50 workers, 2 years)", |bencher| {
        bencher.iter(|| {
            runtime.block_on(get(
                &router,
                "/api/v1/team/summary.csv?week=2026-W47",
                &token,
            ))
        })
    });
    group.bench_function("summary::team_summary, no HTTP or access log", |bencher| {
        let team_id = runtime.block_on(async {
            let row: (String,) =
                sqlx::query_as("SELECT team_id FROM users WHERE username = 'lead'")
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
            row.0.parse::<Uuid>().unwrap()
        });
        bencher.iter(|| {
            runtime
                .block_on(summary::team_summary(&db, team_id, week, now()))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = team_summary
}
criterion_main!(benches);
