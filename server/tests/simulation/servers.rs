//! The server side of the simulated world: one instance of the real application over the seed's
//! SQLite file, or (the several-instances mode) two or three instances, each a `Router` with a
//! pool of its own and a clock a little apart from the others, over one PostgreSQL database, as
//! behind a load balancer: every request goes to a random instance, and a restart restarts one.
//!
//! On SQLite each seed's database is a copy of a template file holding one logged-in worker
//! (hashing a password per seed would cost more than the simulation). On PostgreSQL, where
//! creating a database takes over a second, the seeds share one database and each has a worker of
//! its own (the invariants are about one worker's records, which no other worker can touch).

use std::path::PathBuf;

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use chrono::{DateTime, Duration, Utc};
use http_body_util::BodyExt;
use peerline_server::{
    clock::ManualClock,
    db::{create_postgres_database, drop_postgres_database, Db, DbOptions},
    router, AppState,
};
use rand::{rngs::StdRng, Rng};
use serde_json::Value;
use tower::ServiceExt;
use uuid::Uuid;

/// Where the template and the seeds' databases live.
#[derive(Debug, Clone)]
pub(crate) enum Backing {
    /// Files in this directory.
    Sqlite(PathBuf),
    /// Databases on the server of this admin URL.
    Postgres(String),
}

/// The template's database, or a seed's.
#[derive(Debug, Clone)]
pub(crate) struct SeedDatabase {
    pub(crate) url: String,
    backing: Backing,
    /// The file, or the PostgreSQL database's name.
    name: String,
    /// The template's database, which the seeds share (PostgreSQL): a seed does not remove it.
    pub(crate) shared: bool,
}

impl Backing {
    /// A new, empty database for the template.
    pub(crate) async fn create_template(&self) -> SeedDatabase {
        match self {
            Backing::Sqlite(dir) => {
                let path = dir.join("template.db");
                SeedDatabase {
                    url: format!("sqlite://{}", path.display()),
                    backing: self.clone(),
                    name: path.display().to_string(),
                    shared: false,
                }
            }
            Backing::Postgres(admin_url) => {
                let name = format!("peerline_sim_{}", Uuid::new_v4().simple());
                SeedDatabase {
                    url: create_postgres_database(admin_url, &name).await.unwrap(),
                    backing: self.clone(),
                    name,
                    shared: false,
                }
            }
        }
    }

    /// The database of `seed`'s world: a copy of the template's file, or the template's
    /// PostgreSQL database itself, shared.
    pub(crate) fn for_seed(&self, template: &SeedDatabase, seed: u64) -> SeedDatabase {
        match self {
            Backing::Sqlite(dir) => {
                let path = dir.join(format!("seed-{seed}.db"));
                std::fs::copy(&template.name, &path).unwrap();
                SeedDatabase {
                    url: format!("sqlite://{}", path.display()),
                    backing: self.clone(),
                    name: path.display().to_string(),
                    shared: false,
                }
            }
            Backing::Postgres(_) => SeedDatabase {
                shared: true,
                ..template.clone()
            },
        }
    }
}

impl SeedDatabase {
    /// Deletes the database (every connection to it must be closed), unless it is shared.
    pub(crate) async fn remove(&self) {
        if self.shared {
            return;
        }
        match &self.backing {
            Backing::Sqlite(_) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
            Backing::Postgres(admin_url) => {
                drop_postgres_database(admin_url, &self.name).await.unwrap();
            }
        }
    }
}

/// One instance: the real application over its own pool, with its own clock.
struct Instance {
    db: Db,
    router: Router,
    // Serves no files; the router wants a static directory.
    _static_dir: tempfile::TempDir,
}

impl Instance {
    async fn start(url: &str, clock: ManualClock) -> Instance {
        // Small pools: the seeds of two threads, each with up to three instances, share one
        // PostgreSQL server.
        let options = DbOptions { pool_size: Some(3) };
        let db = Db::connect_and_migrate_with(url, options).await.unwrap();
        let static_dir = tempfile::TempDir::new().unwrap();
        let router = router(AppState::new(db.clone(), static_dir.path()).with_clock(clock));
        Instance {
            db,
            router,
            _static_dir: static_dir,
        }
    }
}

/// The instances of one world.
pub(crate) struct Servers {
    url: String,
    instances: Vec<Instance>,
    clocks: Vec<ManualClock>,
}

/// How far apart the instances' clocks may be (NTP keeps real servers closer than this).
const MAX_CLOCK_SPREAD_MILLIS: i64 = 2_000;

impl Servers {
    /// `count` instances over `url`, their clocks at `now` (one) or spread around it (several:
    /// the spread draws from `rng`; one instance draws nothing, so the one-instance mode's seeds
    /// play as they always did).
    pub(crate) async fn start(
        url: &str,
        count: usize,
        now: DateTime<Utc>,
        rng: &mut StdRng,
    ) -> Servers {
        let clocks: Vec<ManualClock> = (0..count)
            .map(|_| {
                let spread = if count > 1 {
                    Duration::milliseconds(
                        rng.gen_range(-MAX_CLOCK_SPREAD_MILLIS..=MAX_CLOCK_SPREAD_MILLIS),
                    )
                } else {
                    Duration::zero()
                };
                ManualClock::new(now + spread)
            })
            .collect();
        let mut instances = Vec::with_capacity(count);
        for clock in &clocks {
            instances.push(Instance::start(url, clock.clone()).await);
        }
        Servers {
            url: url.to_owned(),
            instances,
            clocks,
        }
    }

    /// Moves every instance's clock on.
    pub(crate) fn advance(&self, by: Duration) {
        for clock in &self.clocks {
            clock.advance(by);
        }
    }

    /// Restarts one instance (a random one of several): a new pool and router over the same
    /// database, the same clock.
    pub(crate) async fn restart(&mut self, rng: &mut StdRng) {
        let index = self.pick(rng);
        self.instances[index].db.close().await;
        self.instances[index] = Instance::start(&self.url, self.clocks[index].clone()).await;
    }

    /// The first instance's database pool.
    pub(crate) fn db(&self) -> &Db {
        &self.instances[0].db
    }

    /// Closes every instance's pool.
    pub(crate) async fn close(&self) {
        for instance in &self.instances {
            instance.db.close().await;
        }
    }

    /// Which instance the load balancer picks (no draw with one instance).
    fn pick(&self, rng: &mut StdRng) -> usize {
        if self.instances.len() > 1 {
            rng.gen_range(0..self.instances.len())
        } else {
            0
        }
    }

    /// Sends a JSON `POST` to a random instance.
    pub(crate) async fn call(
        &self,
        rng: &mut StdRng,
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
        let request = request.body(Body::from(body.to_string())).unwrap();
        let router = self.instances[self.pick(rng)].router.clone();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, body)
    }
}
