//! The sync engine: pushes the outbox and pulls the worker's records with `POST /api/v1/sync`
//! (api.md, Sync), folding each answer into the store (`LocalStore::receive`).
//!
//! When: at start, when the browser comes back `online`, two seconds after the last local change,
//! every few minutes while the app is open, and when the user taps "Sync now". A round sends
//! requests until the server has no `more` and the outbox is empty. A failed round is retried after
//! an exponentially growing, jittered wait (`plan::retry_delay`); new local changes do not cut that
//! wait short, coming back online does. A 401 drops the token (not the outbox) and the shell shows
//! the login screen. Rejected changes leave the outbox (the store drops them) and are listed for the
//! user with what they were and why.
//!
//! A 401 `account_disabled` instead clears the phone (`Account::deactivated`). After a round has
//! pushed the outbox, the erasures waiting (`crate::erase`) are sent and the tombstones pulled.
//!
//! Only one tab syncs (`io::tabs`); the others show the same status, read from
//! `peerline.sync.state`, and ask the syncing tab for a round through `peerline.sync.kick`.
//!
//! - `plan`: the decisions in plain Rust (badge, backoff, when a round ends, what is kept).
//! - `view`: the header's badge and the panel under it.

pub(crate) mod plan;
pub(crate) mod view;

use crate::erase;
use crate::io::{browser, http, storage, tabs};
use crate::session::{self, Account, Ended, Role};
use crate::state::{App, STORAGE_PREFIX};
use leptos::prelude::*;
use peerline_store::Saved;
use plan::{Problem, SyncState};
use std::cell::Cell;
use std::time::Duration;

const STATE_KEY: &str = "sync.state";
const KICK_KEY: &str = "sync.kick";

thread_local! {
    static TIMER: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Why a round stopped early.
enum Failure {
    /// A 401: the session or the account ended.
    Ended(Ended),
    Problem(Problem),
}

impl Failure {
    /// No answer at all.
    fn unreachable() -> Failure {
        Failure::Problem(Problem {
            status: None,
            message: None,
            next_try: None,
        })
    }

    /// An answer that was not the one hoped for.
    fn of(reply: &http::Reply) -> Failure {
        match session::ended_by(reply) {
            Some(ended) => Failure::Ended(ended),
            None => Failure::Problem(Problem {
                status: Some(reply.status),
                message: http::error_of(&reply.body).map(|(_, message)| message),
                next_try: None,
            }),
        }
    }
}

/// The engine's state in Leptos, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct Sync {
    pub(crate) state: RwSignal<SyncState>,
    pub(crate) running: RwSignal<bool>,
    pub(crate) online: ReadSignal<bool>,
    /// The panel under the header is open.
    pub(crate) panel: RwSignal<bool>,
    leader: RwSignal<bool>,
    app: App,
    account: Account,
}

fn load_state() -> SyncState {
    storage::with_storage(|kv| kv.get(&format!("{STORAGE_PREFIX}{STATE_KEY}")))
        .map(|text| SyncState::from_json(&text))
        .unwrap_or_default()
}

impl Sync {
    /// Starts the engine; called once by the shell.
    pub(crate) fn start(app: App, account: Account) -> Sync {
        let sync = Sync {
            state: RwSignal::new(load_state()),
            running: RwSignal::new(false),
            online: browser::online_signal(),
            panel: RwSignal::new(false),
            leader: RwSignal::new(false),
            app,
            account,
        };
        storage::on_other_tab_change(STORAGE_PREFIX, move |key| match key.as_deref() {
            Some(STATE_KEY) | None => sync.state.set(load_state()),
            Some(KICK_KEY) if sync.leader.get_untracked() => sync.sync_now(),
            _ => {}
        });
        tabs::lead(move |lead| sync.leader.set(lead));
        // At once when sync becomes possible (start, leading, a login, the network back); two
        // seconds after local changes (this tab's or, through storage events, another's), unless a
        // failure's backoff is running. One effect for both: each effect costs WASM.
        Effect::new(move |previous: Option<(bool, usize)>| {
            let ready = sync.leader.get() && account.token().is_some() && sync.online.get();
            let pending = app.pending();
            let (was_ready, before) = previous.unwrap_or((false, pending));
            if ready && !was_ready {
                FAILURES.with(|f| f.set(0));
                sync.schedule(Duration::ZERO);
            } else if ready && pending > before && FAILURES.with(Cell::get) == 0 {
                sync.schedule(plan::DEBOUNCE);
            }
            (ready, pending)
        });
        set_interval(
            move || {
                if FAILURES.with(Cell::get) == 0 {
                    sync.schedule(Duration::ZERO);
                }
            },
            plan::EVERY,
        );
        sync
    }

    /// A round as soon as possible, whichever tab syncs; resets the backoff.
    pub(crate) fn sync_now(self) {
        if self.leader.get_untracked() {
            FAILURES.with(|f| f.set(0));
            self.schedule(Duration::ZERO);
        } else {
            let key = format!("{STORAGE_PREFIX}{KICK_KEY}");
            let stamp = (js_sys::Date::now() as u64).to_string();
            storage::with_storage(|kv| kv.set(&key, &stamp)).ok();
        }
    }

    /// The coordinator's screens report their fetches here, so the badge speaks for them too.
    pub(crate) fn fetched(self, problem: Option<Problem>) {
        self.update_state(|state| {
            if problem.is_none() {
                state.last_synced_at = Some(browser::now());
            }
            state.problem = problem;
        });
    }

    /// Forgets the rejected changes the user has read.
    pub(crate) fn dismiss_rejected(self) {
        self.update_state(|state| state.rejected.clear());
    }

    fn update_state(self, change: impl FnOnce(&mut SyncState)) {
        self.state.update(change);
        let text = self.state.with_untracked(SyncState::to_json);
        let key = format!("{STORAGE_PREFIX}{STATE_KEY}");
        storage::with_storage(|kv| kv.set(&key, &text)).ok();
    }

    /// Runs a round after `delay`, replacing whatever was scheduled.
    fn schedule(self, delay: Duration) {
        if let Some(timer) = TIMER.with(Cell::take) {
            timer.clear();
        }
        let timer = set_timeout_with_handle(move || self.run(), delay).ok();
        TIMER.with(|slot| slot.set(timer));
    }

    fn run(self) {
        TIMER.with(Cell::take);
        let worker = self.account.role() == Some(Role::Worker);
        let Some(token) = self.account.token().filter(|_| worker) else {
            return;
        };
        if !self.leader.get_untracked() || !self.online.get_untracked() {
            return;
        }
        if self.running.get_untracked() {
            AGAIN.with(|again| again.set(true));
            return;
        }
        self.running.set(true);
        leptos::task::spawn_local(async move {
            let outcome = self.round(&token).await;
            self.running.set(false);
            match outcome {
                Ok(()) => {
                    FAILURES.with(|f| f.set(0));
                    self.fetched(None);
                }
                Err(Failure::Ended(ended)) => self.account.ended(self.app, ended),
                Err(Failure::Problem(mut problem)) => {
                    let failures = FAILURES.with(|f| {
                        f.set(f.get() + 1);
                        f.get()
                    });
                    let wait = plan::retry_delay(failures, js_sys::Math::random());
                    problem.next_try = chrono::Duration::from_std(wait)
                        .ok()
                        .map(|wait| browser::now() + wait);
                    self.update_state(|state| state.problem = Some(problem));
                    self.schedule(wait);
                    return;
                }
            }
            if AGAIN.with(|again| again.replace(false)) {
                self.schedule(Duration::ZERO);
            }
        });
    }

    /// The outbox up and the records down, then the erasures waiting; when one was done, the
    /// records down again for its tombstones.
    async fn round(self, token: &str) -> Result<(), Failure> {
        self.exchange(token).await?;
        if self.erase_waiting(token).await? {
            self.exchange(token).await?;
        }
        Ok(())
    }

    /// Sends `POST /erase/contact` for each contact waiting; whether the server erased any. A
    /// contact the server never had (404) stops waiting once nothing is left in the outbox that
    /// could still bring it there.
    async fn erase_waiting(self, token: &str) -> Result<bool, Failure> {
        let mut erased = false;
        for contact in storage::with_storage(erase::waiting) {
            let body = erase::body(contact);
            let reply = http::send("POST", "/api/v1/erase/contact", Some(token), Some(&body))
                .await
                .map_err(|_| Failure::unreachable())?;
            let answer = erase::answer(reply.status);
            let outbox_empty = self.app.store().with_untracked(|s| s.pending() == 0);
            match answer {
                erase::Answer::Erased => erased = true,
                erase::Answer::Unknown if outbox_empty => {}
                erase::Answer::Unknown => continue,
                erase::Answer::Failed => return Err(Failure::of(&reply)),
            }
            storage::with_storage(|kv| erase::done(kv, contact));
        }
        Ok(erased)
    }

    /// Requests until the server has nothing more and the outbox is empty (or stops shrinking).
    async fn exchange(self, token: &str) -> Result<(), Failure> {
        let store = self.app.store();
        for _ in 0..plan::MAX_REQUESTS_PER_ROUND {
            let request = store.with_untracked(|s| s.request(plan::MUTATIONS_PER_REQUEST));
            // Through a `Value`: the app already has the code that turns mutations into one (the
            // export), so a direct `to_string` would only add a second copy of it.
            let body = serde_json::to_value(&request)
                .map(|body| body.to_string())
                .unwrap_or_default();
            let reply = http::send("POST", "/api/v1/sync", Some(token), Some(&body))
                .await
                .map_err(|_| Failure::unreachable())?;
            let response = match reply.status {
                200 => plan::read_response(&reply.body),
                _ => None,
            };
            let Some(response) = response else {
                return Err(Failure::of(&reply));
            };
            let rejected = store.with_untracked(|s| {
                plan::name_rejections(s, &request.mutations, &response.rejected)
            });
            let (more, last_mid) = (response.more, response.last_mid);
            let now = u64::try_from(js_sys::Date::now() as i64).unwrap_or(0);
            let saved = store
                .try_update(|s| storage::with_storage(|kv| s.receive(kv, response, now).1))
                .unwrap_or(Saved::OnDevice);
            if let Saved::InMemoryOnly(failure) = saved {
                self.app
                    .notices
                    .update(|notices| notices.not_saved = Some(failure));
            }
            if !rejected.is_empty() {
                self.update_state(|state| state.add_rejected(rejected));
                self.panel.set(true);
            }
            let pending = store.with_untracked(|s| s.pending());
            let first_sent = request.mutations.first().map(|m| m.mid);
            if !plan::go_on(more, first_sent, last_mid, pending) {
                return Ok(());
            }
        }
        Ok(())
    }
}

pub(crate) fn use_sync() -> Sync {
    expect_context::<Sync>()
}
