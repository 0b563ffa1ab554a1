//! The simulated world of one seed: the server (one or several instances of the real `Router`
//! with manual clocks, see [`super::servers`]), one worker's devices (peerline-core `Replica`s,
//! the same sync client the app runs), a faulty network between them, and an omniscient ledger of
//! what the server answered, including the answers the network lost.

use std::collections::{BTreeMap, HashMap};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use peerline_core::{
    merge, Mutation, Replica, StoredRecord, SyncRequest, SyncResponse, WireRecord,
};
use peerline_server::{
    accounts::{self, NewUser, Role},
    db::Db,
};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

use super::edits::{random_edit, Pools};
use super::servers::{Backing, SeedDatabase, Servers};

const DEVICES: usize = 3;
const STEPS: usize = 60;
const PASSWORD: &str = "simulation password";

/// When every seed's day starts (a Thursday morning in Oslo).
fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 7, 0, 0).unwrap()
}

/// A database with one worker who has logged in, made once and copied for every seed (hashing a
/// password a thousand times would cost more than the simulation).
pub(crate) struct Template {
    database: SeedDatabase,
    team: Uuid,
    user_id: Uuid,
    token: String,
}

impl Template {
    pub(crate) async fn create(backing: &Backing) -> Template {
        let database = backing.create_template().await;
        let db = Db::connect_and_migrate(&database.url).await.unwrap();
        let team = accounts::create_team(&db, "Simulated team", start_time())
            .await
            .unwrap();
        let user = NewUser {
            team_id: team,
            role: Role::Worker,
            username: "sim-worker".into(),
            display_name: "Sim Worker".into(),
            password: PASSWORD.into(),
        };
        let user_id = accounts::create_user(&db, user, start_time())
            .await
            .unwrap();
        let server = Servers::start(
            &database.url,
            1,
            start_time(),
            &mut StdRng::seed_from_u64(0),
        )
        .await;
        let token = login(&server, "sim-worker").await;
        server.close().await;
        db.close().await;
        Template {
            database,
            team,
            user_id,
            token,
        }
    }

    /// The worker of `seed`'s world and their token: the template's, or (on a database the seeds
    /// share) a new worker's.
    async fn worker(
        &self,
        database: &SeedDatabase,
        servers: &Servers,
        seed: u64,
    ) -> (Uuid, String) {
        if !database.shared {
            return (self.user_id, self.token.clone());
        }
        let username = format!("sim-worker-{seed}");
        let user = NewUser {
            team_id: self.team,
            role: Role::Worker,
            username: username.clone(),
            display_name: "Sim Worker".into(),
            password: PASSWORD.into(),
        };
        let user_id = accounts::create_user(servers.db(), user, start_time())
            .await
            .unwrap();
        (user_id, login(servers, &username).await)
    }

    /// Deletes the template's database.
    pub(crate) async fn remove(&self) {
        self.database.remove().await;
    }
}

/// One install of the app: its replica and how wrong its clock is.
struct Device {
    replica: Replica,
    skew: Duration,
}

/// What the network does to one sync attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    DropRequest,
    DropResponse,
    Duplicate,
    ReplayStale,
}

/// Everything the server said, as an observer who sees every response, lost ones too.
#[derive(Default)]
struct Ledger {
    /// Every mutation any device ever queued, by (client id, mid).
    written: HashMap<(String, u64), Mutation>,
    /// The server's last applied mid per client, as its responses told.
    applied_up_to: HashMap<String, u64>,
    accepted: Vec<(String, u64)>,
    rejected: Vec<(String, u64)>,
    responses: usize,
}

impl Ledger {
    /// Books one 200 response to `request`; an error if the server broke the contract.
    fn book(&mut self, request: &SyncRequest, response: &SyncResponse) -> Result<(), String> {
        self.responses += 1;
        let client = request.client_id.clone();
        let before = self.applied_up_to.get(&client).copied().unwrap_or(0);
        let highest_sent = request.mutations.iter().map(|m| m.mid).max().unwrap_or(0);
        if response.last_mid != before.max(highest_sent) {
            return Err(format!(
                "last_mid {} after applying up to {before} and receiving mids up to {highest_sent}",
                response.last_mid
            ));
        }
        for rejection in &response.rejected {
            let fresh = request.mutations.iter().any(|m| m.mid == rejection.mid);
            if rejection.mid <= before || !fresh {
                return Err(format!(
                    "mid {} of {client} was rejected again, or was never sent",
                    rejection.mid
                ));
            }
        }
        for mutation in request.mutations.iter().filter(|m| m.mid > before) {
            let key = (client.clone(), mutation.mid);
            if response.rejected.iter().any(|r| r.mid == mutation.mid) {
                self.rejected.push(key);
            } else {
                self.accepted.push(key);
            }
        }
        self.applied_up_to.insert(client, response.last_mid);
        Ok(())
    }

    /// The records the server must hold: every accepted mutation folded with core's merge.
    fn expected_records(&self) -> Vec<WireRecord> {
        let mut records: BTreeMap<Uuid, StoredRecord> = BTreeMap::new();
        for key in &self.accepted {
            let writes = self.written[key].to_record();
            let merged = match records.get(&writes.id) {
                Some(record) => merge(record, &writes).unwrap(),
                None => writes,
            };
            records.insert(merged.id, merged);
        }
        records.values().map(StoredRecord::to_wire).collect()
    }
}

/// Logs `username` in through the first instance; the token.
async fn login(servers: &Servers, username: &str) -> String {
    let login = json!({"username": username, "password": PASSWORD});
    // One instance's pick draws nothing: a throwaway generator for the several.
    let mut rng = StdRng::seed_from_u64(0);
    let (status, body) = servers
        .call(&mut rng, "/api/v1/auth/login", None, &login)
        .await;
    assert_eq!(status, StatusCode::OK, "login: {body}");
    body["token"].as_str().unwrap().to_owned()
}

pub(crate) struct World {
    rng: StdRng,
    database: SeedDatabase,
    servers: Servers,
    now: DateTime<Utc>,
    user_id: Uuid,
    token: String,
    pools: Pools,
    devices: Vec<Device>,
    ledger: Ledger,
    /// Requests sent earlier, for the network to replay out of order.
    sent: Vec<SyncRequest>,
}

impl World {
    /// The world of `seed`, its server `instances` instances over a copy of the template.
    pub(crate) async fn new(
        template: &Template,
        seed: u64,
        backing: &Backing,
        instances: usize,
    ) -> World {
        let database = backing.for_seed(&template.database, seed);
        let mut rng = StdRng::seed_from_u64(seed);
        let devices = (0..DEVICES)
            .map(|index| Device {
                replica: Replica::new(
                    &Uuid::from_u128(rng.gen::<u128>() ^ index as u128).to_string(),
                )
                .unwrap(),
                skew: Duration::seconds(rng.gen_range(-300..=300)),
            })
            .collect();
        let pools = Pools::new(&mut rng);
        let servers = Servers::start(&database.url, instances, start_time(), &mut rng).await;
        let (user_id, token) = template.worker(&database, &servers, seed).await;
        World {
            pools,
            rng,
            database,
            servers,
            now: start_time(),
            user_id,
            token,
            devices,
            ledger: Ledger::default(),
            sent: Vec::new(),
        }
    }

    /// Closes the instances and deletes the seed's database.
    pub(crate) async fn remove(self) {
        self.servers.close().await;
        self.database.remove().await;
    }

    fn device_now(&self, device: usize) -> DateTime<Utc> {
        self.now + self.devices[device].skew
    }

    fn millis(instant: DateTime<Utc>) -> u64 {
        u64::try_from(instant.timestamp_millis()).unwrap()
    }

    /// Random life: edits, syncs through a faulty network, server restarts, time passing.
    pub(crate) async fn live(&mut self) -> Result<(), String> {
        for _ in 0..STEPS {
            let elapsed = Duration::seconds(self.rng.gen_range(0..1800));
            self.now += elapsed;
            self.servers.advance(elapsed);
            let device = self.rng.gen_range(0..DEVICES);
            match self.rng.gen_range(0..100) {
                0..=54 => self.edit(device),
                55..=96 => {
                    let fault = match self.rng.gen_range(0..10) {
                        0 => Fault::DropRequest,
                        1..=2 => Fault::DropResponse,
                        3 => Fault::Duplicate,
                        4 => Fault::ReplayStale,
                        _ => Fault::None,
                    };
                    let batch = self.rng.gen_range(1..=8);
                    self.sync(device, fault, batch).await?;
                }
                _ => self.restart().await,
            }
        }
        Ok(())
    }

    fn edit(&mut self, device: usize) {
        let now = self.device_now(device);
        let view = self.devices[device].replica.records();
        let Some(edit) = random_edit(&mut self.rng, &self.pools, self.user_id, &view, now) else {
            return;
        };
        let replica = &mut self.devices[device].replica;
        // A write the replica refuses (the merged record would be invalid) changes nothing.
        let client_id = replica.client_id().to_owned();
        if let Ok(mutation) = replica.write(
            edit.kind,
            edit.id,
            edit.set,
            edit.deleted,
            Self::millis(now),
        ) {
            self.ledger
                .written
                .insert((client_id, mutation.mid), mutation.clone());
        }
    }

    async fn restart(&mut self) {
        self.servers.restart(&mut self.rng).await;
    }

    /// Sends `request` and books the answer; `Err` if the server broke the contract.
    async fn send(&mut self, request: &SyncRequest) -> Result<SyncResponse, String> {
        let body = serde_json::to_value(request).unwrap();
        let (status, answer) = self
            .servers
            .call(&mut self.rng, "/api/v1/sync", Some(&self.token), &body)
            .await;
        if status != StatusCode::OK {
            return Err(format!("sync answered {status}: {answer}"));
        }
        let response: SyncResponse = serde_json::from_value(answer.clone())
            .map_err(|error| format!("sync response does not parse ({error}): {answer}"))?;
        self.ledger.book(request, &response)?;
        Ok(response)
    }

    /// One sync attempt of `device` with up to `batch` mutations. Returns whether the device got
    /// an answer and has nothing more to send or pull.
    async fn sync(&mut self, device: usize, fault: Fault, batch: usize) -> Result<bool, String> {
        let request = self.devices[device].replica.request(batch);
        if fault == Fault::ReplayStale && !self.sent.is_empty() {
            let stale = self.sent[self.rng.gen_range(0..self.sent.len())].clone();
            self.send(&stale).await?;
        }
        if fault == Fault::DropRequest {
            return Ok(false);
        }
        self.sent.push(request.clone());
        let mut response = self.send(&request).await?;
        if fault == Fault::Duplicate {
            response = self.send(&request).await?;
        }
        if fault == Fault::DropResponse {
            return Ok(false);
        }
        let more = response.more;
        let now = Self::millis(self.device_now(device));
        self.devices[device].replica.receive(response, now);
        Ok(!more && self.devices[device].replica.outbox().is_empty())
    }

    /// Heals the network, lets every device sync until it has nothing left, then checks the
    /// invariants. `Err` names the first one broken.
    pub(crate) async fn heal_and_check(&mut self) -> Result<(), String> {
        // Twice round: the second pass pulls what the others pushed in the first.
        for _round in 0..2 {
            for device in 0..DEVICES {
                let mut settled = false;
                for _attempt in 0..100 {
                    if self.sync(device, Fault::None, 50).await? {
                        settled = true;
                        break;
                    }
                }
                if !settled {
                    return Err(format!("device {device} did not settle in 100 syncs"));
                }
            }
        }

        // Nothing a device wrote may vanish unseen: after healing, the server has ruled on every
        // write, accepting or rejecting it.
        let ruled: std::collections::HashSet<&(String, u64)> = self
            .ledger
            .accepted
            .iter()
            .chain(&self.ledger.rejected)
            .collect();
        if let Some(lost) = self.ledger.written.keys().find(|key| !ruled.contains(key)) {
            return Err(format!(
                "mutation {} of client {} never reached the server",
                lost.1, lost.0
            ));
        }

        let truth = self.server_records().await?;
        let expected = self.ledger.expected_records();
        if truth != expected {
            return Err(difference(
                "server records",
                &truth,
                "the merge of every accepted mutation",
                &expected,
            ));
        }
        for (index, device) in self.devices.iter().enumerate() {
            let view = device.replica.records();
            if view != truth {
                return Err(difference(
                    &format!("device {index}"),
                    &view,
                    "the server",
                    &truth,
                ));
            }
        }
        if self.ledger.responses == 0 {
            return Err("the server never answered".into());
        }
        Ok(())
    }

    /// Everything the server holds for the worker, pulled by a new device from no cursor.
    async fn server_records(&mut self) -> Result<Vec<WireRecord>, String> {
        let mut observer = Replica::new(&Uuid::from_u128(self.rng.gen()).to_string()).unwrap();
        for _page in 0..100 {
            let request = observer.request(0);
            let response = self.send(&request).await?;
            let more = response.more;
            observer.receive(response, Self::millis(self.now));
            if !more {
                return Ok(observer.records());
            }
        }
        Err("the pull never ended (more: true 100 times)".into())
    }
}

fn difference(
    left_name: &str,
    left: &[WireRecord],
    right_name: &str,
    right: &[WireRecord],
) -> String {
    let left_map: BTreeMap<Uuid, &WireRecord> = left.iter().map(|r| (r.id, r)).collect();
    let right_map: BTreeMap<Uuid, &WireRecord> = right.iter().map(|r| (r.id, r)).collect();
    for (id, record) in &left_map {
        match right_map.get(id) {
            None => return format!("{left_name} has {record:?}, {right_name} has nothing"),
            Some(other) if other != record => {
                return format!(
                    "record {id} differs:\n  {left_name}: {record:?}\n  {right_name}: {other:?}"
                )
            }
            Some(_) => {}
        }
    }
    for (id, record) in &right_map {
        if !left_map.contains_key(id) {
            return format!("{right_name} has {record:?}, {left_name} has nothing ({id})");
        }
    }
    format!("{left_name} and {right_name} differ in order only")
}
