//! Benchmarks for a realistic worker: 10 weekly windows, 5 date overrides, 2 absences, 3 service
//! users and two years of logs (about 10,000). `reachability` at random instants (target: median
//! under 5 µs), the share page's 14-day listing, a week's boundary pressure, and building the index.
//! The same worker once more with a taper of planned agreement changes for every service user
//! (a change a month), so the cost of the agreement in force on a date shows beside the first.
//! Run with `cargo bench -p peerline-core`.

use std::hint::black_box;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use peerline_core::{
    effective_windows, reachability, week_pressure, IsoWeek, RecordKind, WireRecord, WorkerData,
};
use serde_json::{json, Value};
use uuid::Uuid;

const SERVICE_USERS: [u128; 3] = [0x01a, 0x9e2, 0xe7a];

/// A small deterministic generator, so runs compare without a `rand` dependency.
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

fn record(kind: RecordKind, id: Uuid, fields: Value) -> WireRecord {
    let Value::Object(fields) = fields else {
        unreachable!("fields are objects")
    };
    WireRecord {
        kind,
        id,
        fields,
        deleted: false,
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 25, 0, 0, 0)
        .single()
        .expect("a valid instant")
}

fn worker() -> Vec<WireRecord> {
    let id = |n: u128| Uuid::from_u128(n);
    let mut records = vec![
        record(
            RecordKind::Profile,
            id(1),
            json!({"display_name": "Kari", "timezone": "Europe/Oslo"}),
        ),
        record(
            RecordKind::Availability,
            id(2),
            json!({"windows": [
                {"days": [1], "start": "17:00", "end": "21:00"}, {"days": [2], "start": "17:00", "end": "21:00"},
                {"days": [3], "start": "09:00", "end": "11:00"}, {"days": [3], "start": "17:00", "end": "21:00"},
                {"days": [4], "start": "17:00", "end": "21:00"}, {"days": [5], "start": "17:00", "end": "22:00"},
                {"days": [5], "start": "22:00", "end": "24:00"}, {"days": [6], "start": "00:00", "end": "01:00"},
                {"days": [6], "start": "12:00", "end": "16:00"}, {"days": [7], "start": "18:00", "end": "20:00"}
            ]}),
        ),
        record(
            RecordKind::Absence,
            id(3),
            json!({"starts_at": "2025-07-07T00:00", "ends_at": "2025-07-28T00:00", "kind": "vacation"}),
        ),
        record(
            RecordKind::Absence,
            id(4),
            json!({"starts_at": "2026-02-10T12:00", "ends_at": "2026-02-12T00:00", "kind": "sick"}),
        ),
        record(
            RecordKind::Contact,
            id(5),
            json!({"name": "Kari K.", "role": "coordinator", "phone": "+47 900 00 001"}),
        ),
    ];
    for (n, date) in [
        "2024-12-24",
        "2024-12-31",
        "2025-05-16",
        "2025-12-24",
        "2026-05-16",
    ]
    .iter()
    .enumerate()
    {
        let windows = if n % 2 == 0 {
            json!([])
        } else {
            json!([{"start": "12:00", "end": "15:00"}])
        };
        records.push(record(
            RecordKind::DateOverride,
            id(10 + n as u128),
            json!({"date": date, "windows": windows}),
        ));
    }
    for (n, user) in SERVICE_USERS.iter().enumerate() {
        let agreement = if n == 0 {
            json!([{"days": [1, 2, 3, 4, 5], "start": "18:00", "end": "20:00"}])
        } else {
            json!([])
        };
        records.push(record(
            RecordKind::Contact,
            id(*user),
            json!({"name": format!("Service user {n}"), "started_on": "2024-11-01", "agreement_windows": agreement,
                   "max_contacts_per_day": 3, "max_contacts_per_week": 10}),
        ));
    }
    // About 14 logs a day over two years, spread over the three service users.
    let mut random = Lcg(7);
    for n in 0..10_000u128 {
        let at = start() + Duration::minutes(random.below(730 * 24 * 60) as i64);
        let user = SERVICE_USERS[random.below(3) as usize];
        let fields = json!({"contact_id": id(user), "at": at.to_rfc3339(), "channel": "call",
                            "direction": if random.below(2) == 0 { "incoming" } else { "outgoing" },
                            "answered": random.below(4) != 0});
        records.push(record(RecordKind::Log, id(1_000_000 + n), fields));
    }
    records
}

/// [`worker`] with twelve monthly planned changes in every service user's agreement, over the
/// two years the instants fall in.
fn worker_with_tapers() -> Vec<WireRecord> {
    let mut records = worker();
    for record in records.iter_mut().filter(|record| {
        record.kind == RecordKind::Contact && SERVICE_USERS.contains(&record.id.as_u128())
    }) {
        let changes: Vec<Value> = (0..12)
            .map(|month| {
                let from = start().date_naive() + Duration::days(60 * month + 30);
                json!({"from": from.format("%Y-%m-%d").to_string(),
                       "max_contacts_per_day": 1 + month % 3,
                       "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "18:00",
                                              "end": format!("{}:00", 19 + month % 3)}]})
            })
            .collect();
        record
            .fields
            .insert("agreement_changes".into(), Value::Array(changes));
    }
    records
}

fn instants(count: usize) -> Vec<DateTime<Utc>> {
    let mut random = Lcg(42);
    (0..count)
        .map(|_| start() + Duration::seconds(random.below(730 * 24 * 3600) as i64))
        .collect()
}

fn benchmarks(c: &mut Criterion) {
    let records = worker();
    let data = WorkerData::from_wire(&records);
    assert!(
        data.skipped().is_empty(),
        "bench records must decode: {:?}",
        data.skipped()
    );
    let nows = instants(1024);
    let contacts: Vec<Option<Uuid>> = SERVICE_USERS
        .iter()
        .map(|u| Some(Uuid::from_u128(*u)))
        .chain([None])
        .collect();

    let mut n = 0;
    c.bench_function("reachability at a random instant", |b| {
        b.iter(|| {
            n += 1;
            black_box(reachability(
                &data,
                contacts[n % contacts.len()],
                nows[n % nows.len()],
            ))
        })
    });
    let now = Utc
        .with_ymd_and_hms(2025, 11, 26, 15, 45, 0)
        .single()
        .expect("instant");
    let ola = Some(Uuid::from_u128(SERVICE_USERS[0]));
    c.bench_function("effective windows for 14 days", |b| {
        b.iter(|| black_box(effective_windows(&data, ola, now, now + Duration::days(14))))
    });
    let week: IsoWeek = "2025-W48".parse().expect("week");
    c.bench_function("week pressure", |b| {
        b.iter(|| black_box(week_pressure(&data, week)))
    });
    c.bench_function("WorkerData::from_wire (10,000 logs)", |b| {
        b.iter(|| black_box(WorkerData::from_wire(&records)))
    });
    let tapered = WorkerData::from_wire(&worker_with_tapers());
    assert!(tapered.skipped().is_empty(), "{:?}", tapered.skipped());
    let mut n = 0;
    c.bench_function(
        "reachability at a random instant, 12 planned changes",
        |b| {
            b.iter(|| {
                n += 1;
                black_box(reachability(
                    &tapered,
                    contacts[n % contacts.len()],
                    nows[n % nows.len()],
                ))
            })
        },
    );
    c.bench_function("week pressure, 12 planned changes", |b| {
        b.iter(|| black_box(week_pressure(&tapered, week)))
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
