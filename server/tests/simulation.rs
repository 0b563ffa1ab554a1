//! The proof that sync loses nothing: a deterministic, seeded simulation of one worker's devices
//! against the real server (the `Router` in-process, a real SQLite file) through a faulty network.
//!
//! Each seed runs a day or two of random life: devices edit every kind of record while offline,
//! sync at random moments, and the network drops requests, drops responses (the server applied the
//! request, the device never heard), duplicates requests and replays stale ones; the server
//! restarts; device clocks are minutes off. Then the network heals, every device syncs until it
//! has nothing left to send, and the simulation checks that:
//! - every device and the server hold identical records;
//! - the server's records are exactly the merge of every mutation the server accepted (none lost,
//!   none applied twice, nothing invented), folded by peerline-core's own merge;
//! - no rejection is reported twice, and no response is anything but 200.
//!
//! `cargo test -p peerline-server --test simulation` runs 1,000 seeds. `PEERLINE_SIM_SEEDS=100000`
//! runs more (see README, Verification), `PEERLINE_SIM_SEED=N` replays one; a failure names its
//! seed.

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

mod simulation {
    pub(crate) mod edits;
    pub(crate) mod world;
}

use std::path::{Path, PathBuf};

use simulation::world::{Template, World};

const DEFAULT_SEEDS: u64 = 1_000;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|value| {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}"))
    })
}

/// A fast place for the seeds' databases: durability is not what the simulation checks (the
/// crash test of `scripts/verify` does), so RAM-backed storage is fine where the machine has it.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::TempDir::new_in(shm).unwrap()
    } else {
        tempfile::TempDir::new().unwrap()
    }
}

fn run_seeds(template: &Template, seeds: Vec<u64>, dir: PathBuf) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for seed in seeds {
        let db_path = dir.join(format!("seed-{seed}.db"));
        let outcome = runtime.block_on(async {
            let mut world = World::new(template, seed, &db_path).await;
            world.live().await?;
            world.heal_and_check().await
        });
        if let Err(failure) = outcome {
            panic!(
                "simulation seed {seed} failed: {failure}\n\
                 replay it with: PEERLINE_SIM_SEED={seed} cargo test -p peerline-server --test simulation"
            );
        }
        World::remove_database(&db_path);
    }
}

#[test]
fn devices_converge_and_nothing_acknowledged_is_lost() {
    let dir = scratch_dir();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let template = runtime.block_on(Template::create(dir.path()));
    drop(runtime);

    let seeds: Vec<u64> = match env_u64("PEERLINE_SIM_SEED") {
        Some(seed) => vec![seed],
        None => {
            let first = env_u64("PEERLINE_SIM_FIRST_SEED").unwrap_or(0);
            (first..first + env_u64("PEERLINE_SIM_SEEDS").unwrap_or(DEFAULT_SEEDS)).collect()
        }
    };
    let count = seeds.len();
    // Two threads: the machines this runs on have two cores.
    let (even, odd): (Vec<u64>, Vec<u64>) = seeds.into_iter().partition(|seed| seed % 2 == 0);
    std::thread::scope(|scope| {
        for share in [even, odd] {
            let template = &template;
            let dir = dir.path().to_owned();
            scope.spawn(move || run_seeds(template, share, dir));
        }
    });
    eprintln!("simulation: {count} seeds converged");
}
