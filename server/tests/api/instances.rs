//! Several server instances on one PostgreSQL database (issue 15): instances that start at once
//! all migrate, and must not race. sqlx's migrator holds a PostgreSQL advisory lock for its whole
//! run (see `peerline_server::db`); this starts several pools migrating one fresh database at once
//! and checks every one starts and every migration is applied exactly once. (Sync across instances
//! is the simulation's multi-instance mode, `tests/simulation.rs`.)

use futures_util::future::join_all;
use peerline_server::db::{create_postgres_database, drop_postgres_database, Db, DbOptions};
use sqlx::Row;
use uuid::Uuid;

/// Instances starting together in each round.
const INSTANCES: usize = 6;
const ROUNDS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_at_once_migrate_a_fresh_database_once() {
    let Ok(admin_url) = std::env::var("PEERLINE_TEST_POSTGRES_URL") else {
        eprintln!("PEERLINE_TEST_POSTGRES_URL is not set: several instances need PostgreSQL");
        return;
    };
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .count();
    for round in 0..ROUNDS {
        let name = format!("peerline_race_{}", Uuid::new_v4().simple());
        let url = create_postgres_database(&admin_url, &name).await.unwrap();
        let options = DbOptions { pool_size: Some(2) };
        let starts = (0..INSTANCES).map(|_| Db::connect_and_migrate_with(&url, options));
        let instances: Vec<Db> = join_all(starts)
            .await
            .into_iter()
            .enumerate()
            .map(|(index, started)| {
                started.unwrap_or_else(|error| {
                    panic!("round {round}: instance {index} failed to start: {error}")
                })
            })
            .collect();
        let applied = sqlx::query(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS versions, \
             CAST(SUM(CASE WHEN success THEN 1 ELSE 0 END) AS BIGINT) AS ok FROM _sqlx_migrations",
        )
        .fetch_one(instances[0].pool())
        .await
        .unwrap();
        let count = |column: &str| usize::try_from(applied.get::<i64, _>(column)).unwrap();
        assert_eq!(
            (count("n"), count("versions"), count("ok")),
            (migrations, migrations, migrations),
            "round {round}: each migration once, successfully"
        );
        for (index, db) in instances.iter().enumerate() {
            db.ping()
                .await
                .unwrap_or_else(|error| panic!("instance {index}: {error}"));
            db.close().await;
        }
        drop_postgres_database(&admin_url, &name).await.unwrap();
    }
}
