//! The proof that sync loses nothing: a deterministic, seeded simulation of one worker's phones
//! against the real server (the `Router` in-process, a real SQLite file) through a faulty network.
//! Each phone runs the app's own store (`peerline_store::LocalStore` over an in-memory storage),
//! the code the PWA ships.
//!
//! Each seed runs a day or two of random life: phones edit every kind of record while offline,
//! sync at random moments, and the network drops requests, drops responses (the server applied the
//! request, the phone never heard), duplicates requests and replays stale ones; the server
//! restarts; phone clocks are minutes off. What a phone does besides: a tab is killed and the app
//! reloaded from storage between syncs; a third of the phones have a storage quota that refuses
//! writes once full (the app keeps them in memory) until the worker frees space; a second tab of
//! the same install opens and closes, hearing of the other's writes late (one tab per install
//! syncs, as the app's Web Lock has it; no second tab on a phone with a quota: a known defect,
//! see `World::open_or_close_second_tab`). Then the network heals,
//! space is freed, every tab syncs until it has nothing left to send, and the simulation checks:
//! - every tab, every phone reloaded from its storage, and the server hold identical records;
//! - the server's records are exactly the merge of every mutation the server accepted (none lost,
//!   none applied twice, nothing invented), folded by peerline-core's own merge;
//! - every write was ruled on (accepted or rejected), except one the app said was only in memory
//!   (storage full) and a reload then lost;
//! - no rejection is reported twice, and no response is anything but 200.
//!
//! `a_planted_bug_is_caught` plants bugs in the phones (a reload that loses the outbox, a phone
//! that folds in only part of a response) and fails unless the simulation catches each.
//!
//! `cargo test -p peerline-server --test simulation` runs 1,000 seeds. `PEERLINE_SIM_SEEDS=100000`
//! runs more (see README, Verification), `PEERLINE_SIM_SEED=N` replays one; a failure names its
//! seed.
//!
//! The several-instances mode runs the same world against two or three server instances (separate
//! `Router`s and pools, clocks up to 2 s apart) on one PostgreSQL database, each request to a
//! random instance and each restart restarting one, with the same invariants: the devices keep
//! their cursors across instances. It needs `PEERLINE_TEST_POSTGRES_URL` (as `scripts/test` and
//! `scripts/verify sim-instances` set it) and runs 30 seeds, `PEERLINE_SIM_INSTANCE_SEEDS` more;
//! `PEERLINE_SIM_SEED` replays one in both modes.

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

mod simulation {
    pub(crate) mod edits;
    pub(crate) mod servers;
    pub(crate) mod world;
}

use std::path::Path;

use simulation::servers::Backing;
use simulation::world::{Bug, Template, World};

const DEFAULT_SEEDS: u64 = 1_000;
/// Seeds of the several-instances mode in a plain test run: each creates a PostgreSQL database.
const DEFAULT_INSTANCE_SEEDS: u64 = 30;

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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// How many server instances a seed's world has.
#[derive(Debug, Clone, Copy)]
enum Instances {
    One,
    /// Two or three, by the seed.
    Several,
}

impl Instances {
    fn of(self, seed: u64) -> usize {
        match self {
            Instances::One => 1,
            Instances::Several => 2 + usize::from(seed % 2 == 1),
        }
    }
}

/// Runs one seed's world; the first invariant it broke.
fn run_seed(
    runtime: &tokio::runtime::Runtime,
    template: &Template,
    backing: &Backing,
    instances: Instances,
    seed: u64,
    bug: Bug,
) -> Result<(), String> {
    runtime.block_on(async {
        let mut world = World::new(template, seed, backing, instances.of(seed)).await;
        world.plant(bug);
        let outcome = match world.live().await {
            Ok(()) => world.heal_and_check().await,
            Err(failure) => Err(failure),
        };
        world.remove().await;
        outcome
    })
}

fn run_seeds(template: &Template, backing: &Backing, instances: Instances, seeds: Vec<u64>) {
    let runtime = runtime();
    for seed in seeds {
        let outcome = run_seed(&runtime, template, backing, instances, seed, Bug::None);
        if let Err(failure) = outcome {
            let (variable, test) = match instances {
                Instances::One => ("", "devices_converge"),
                Instances::Several => ("PEERLINE_TEST_POSTGRES_URL=... ", "several_instances"),
            };
            panic!(
                "simulation seed {seed} ({} instance(s)) failed: {failure}\n\
                 replay it with: {variable}PEERLINE_SIM_SEED={seed} cargo test -p peerline-server \
                 --test simulation {test}",
                instances.of(seed)
            );
        }
    }
}

/// The seeds to run: `PEERLINE_SIM_SEED` alone, or `count_variable` (default `default`) from
/// `PEERLINE_SIM_FIRST_SEED` (default 0) on.
fn seeds(count_variable: &str, default: u64) -> Vec<u64> {
    match env_u64("PEERLINE_SIM_SEED") {
        Some(seed) => vec![seed],
        None => {
            let first = env_u64("PEERLINE_SIM_FIRST_SEED").unwrap_or(0);
            (first..first + env_u64(count_variable).unwrap_or(default)).collect()
        }
    }
}

/// Runs `seeds` on two threads (the machines this runs on have two cores) from one template.
fn run_all(backing: &Backing, instances: Instances, seeds: Vec<u64>) {
    let template = runtime().block_on(Template::create(backing));
    let count = seeds.len();
    let (even, odd): (Vec<u64>, Vec<u64>) = seeds.into_iter().partition(|seed| seed % 2 == 0);
    std::thread::scope(|scope| {
        for share in [even, odd] {
            let template = &template;
            scope.spawn(move || run_seeds(template, backing, instances, share));
        }
    });
    runtime().block_on(template.remove());
    eprintln!("simulation ({instances:?} instance(s)): {count} seeds converged");
}

#[test]
fn devices_converge_and_nothing_acknowledged_is_lost() {
    let dir = scratch_dir();
    let backing = Backing::Sqlite(dir.path().to_owned());
    run_all(
        &backing,
        Instances::One,
        seeds("PEERLINE_SIM_SEEDS", DEFAULT_SEEDS),
    );
}

#[test]
fn several_instances_on_one_postgres_database_lose_nothing() {
    let Ok(admin_url) = std::env::var("PEERLINE_TEST_POSTGRES_URL") else {
        eprintln!("PEERLINE_TEST_POSTGRES_URL is not set: several instances need PostgreSQL");
        return;
    };
    let backing = Backing::Postgres(admin_url);
    let seeds = seeds("PEERLINE_SIM_INSTANCE_SEEDS", DEFAULT_INSTANCE_SEEDS);
    run_all(&backing, Instances::Several, seeds);
}

/// The simulation can fail: with a bug planted in the phones, some of the first seeds must break
/// an invariant (each bug is caught within a few seeds; 40 leaves a wide margin).
#[test]
fn a_planted_bug_is_caught() {
    let dir = scratch_dir();
    let backing = Backing::Sqlite(dir.path().to_owned());
    let runtime = runtime();
    let template = runtime.block_on(Template::create(&backing));
    for bug in [Bug::ReloadLosesOutbox, Bug::ReceiveDropsRecords] {
        let caught = (0..40).find_map(|seed| {
            run_seed(&runtime, &template, &backing, Instances::One, seed, bug)
                .err()
                .map(|failure| (seed, failure))
        });
        match caught {
            Some((seed, failure)) => eprintln!("{bug:?} caught by seed {seed}: {failure}"),
            None => panic!("the simulation missed the planted bug {bug:?} in 40 seeds"),
        }
    }
    runtime.block_on(template.remove());
}
