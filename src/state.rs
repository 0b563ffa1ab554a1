//! The app's shared state in Leptos: the store behind a signal, a clock that ticks, and the
//! notices the shell shows. Components get it with [`use_app`] and change records only through
//! [`App::write`], which stores a change before the signal says it happened. At each tick of the
//! clock, a change storage refused is written again, and once the phone holds records the browser
//! is asked to keep them (`storage::ask_to_keep`).

use crate::io::{browser, storage};
use crate::model::cover::Kept;
use crate::model::today::log_range;
use crate::words::{language_from_code, I18n, Message};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use peerline_core::{
    covers_from_team_cover, ids, AnyRecord, Error, Language, Profile, RecordKind, WorkerData,
};
use peerline_store::{Change, Device, LoadReport, LocalStore, Saved, WriteFailure, MIGRATIONS};
use std::time::Duration;
use uuid::Uuid;

/// The prefix of every key Peerline keeps in localStorage.
pub(crate) const STORAGE_PREFIX: &str = "peerline.";

/// Things the shell tells the user about until they are dismissed or fixed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Notices {
    /// Keys set aside at start-up because they could not be read.
    pub(crate) quarantined: Vec<String>,
    /// The last write did not reach storage.
    pub(crate) not_saved: Option<WriteFailure>,
    /// Storage holds data from a newer Peerline, or a migration failed: nothing is written.
    pub(crate) read_only: bool,
    /// The browser keeps no storage at all for this site.
    pub(crate) no_storage: bool,
    /// The account was deactivated and its data cleared from this phone (until read).
    pub(crate) deactivated: bool,
}

#[derive(Clone, Copy)]
pub(crate) struct App {
    store: RwSignal<LocalStore>,
    now: RwSignal<DateTime<Utc>>,
    pub(crate) notices: RwSignal<Notices>,
    pub(crate) i18n: I18n,
    /// The team's cover requests as last fetched (`crate::cover` fetches them).
    cover: RwSignal<Option<Kept>>,
}

fn new_device() -> Device {
    Device::new(browser::random_id(), browser::random_id())
}

impl App {
    /// Opens the store and starts the clock; called once by the shell.
    pub(crate) fn start(i18n: I18n) -> App {
        let (store, report) = storage::with_storage(|kv| {
            LocalStore::open(kv, STORAGE_PREFIX, new_device, MIGRATIONS)
        });
        let app = App {
            store: RwSignal::new(store),
            now: RwSignal::new(browser::now()),
            notices: RwSignal::new(notices_of(&report)),
            i18n,
            cover: RwSignal::new(storage::with_storage(Kept::load)),
        };
        app.follow_other_tabs();
        app.load_older_months();
        set_interval(move || app.tick(), Duration::from_secs(20));
        Effect::new(move |_| {
            if let Some(language) = app.chosen_language() {
                i18n.set_language(language);
            }
        });
        app
    }

    /// Reads the months `open_recent` left out, two per task so taps stay answered, then tells
    /// the screens once.
    fn load_older_months(self) {
        let left = self
            .store
            .try_update_untracked(|store| {
                let left = storage::with_storage(|kv| store.load_deferred(kv, 2));
                let late = store.take_late_quarantined();
                if !late.is_empty() {
                    self.notices
                        .update(|notices| notices.quarantined.extend(late));
                }
                left
            })
            .unwrap_or(0);
        if left > 0 {
            set_timeout(move || self.load_older_months(), Duration::ZERO);
        } else {
            self.store.notify();
        }
    }

    /// Everything of the worker's as one JSON document (all months read first).
    pub(crate) fn export(self, now: DateTime<Utc>) -> serde_json::Value {
        self.store
            .try_update_untracked(|store| storage::with_storage(|kv| store.export(kv, now)))
            .unwrap_or_default()
    }

    fn follow_other_tabs(self) {
        storage::on_other_tab_change(STORAGE_PREFIX, move |key| {
            self.store.update(|store| {
                storage::with_storage(|kv| match key {
                    Some(key) => store.reload_key(kv, &key),
                    None => {
                        *store = LocalStore::open(kv, STORAGE_PREFIX, new_device, MIGRATIONS).0;
                    }
                })
            });
        });
    }

    /// The current time, ticking every 20 seconds (tracked).
    pub(crate) fn now(self) -> DateTime<Utc> {
        self.now.get()
    }

    /// Reads the store (tracked).
    pub(crate) fn with_store<R>(self, f: impl FnOnce(&LocalStore) -> R) -> R {
        self.store.with(f)
    }

    /// Stores a change, then shows it. An invalid change returns core's error and changes nothing.
    pub(crate) fn write(self, change: Change) -> Result<(), Error> {
        let now = browser::now();
        let saved = self
            .store
            .try_update(|store| storage::with_storage(|kv| store.write(kv, change, now)))
            .unwrap_or(Ok(Saved::OnDevice))?;
        self.show_saved(saved);
        self.now.set(now);
        Ok(())
    }

    /// Moves the clock on; writes again what storage refused (space may have been freed since:
    /// without this, a reload before the next write lost it); asks the browser to keep the records.
    fn tick(self) {
        self.now.set(browser::now());
        let saved = self.store.try_update_untracked(|store| {
            if store.holds_records() {
                storage::ask_to_keep();
            }
            storage::with_storage(|kv| store.retry_unsaved(kv))
        });
        self.show_saved(saved.unwrap_or(Saved::OnDevice));
    }

    /// Shows whether the last change reached storage.
    fn show_saved(self, saved: Saved) {
        let not_saved = match saved {
            Saved::OnDevice => None,
            Saved::InMemoryOnly(failure) => Some(failure),
        };
        if self
            .notices
            .with_untracked(|notices| notices.not_saved != not_saved)
        {
            self.notices.update(|notices| notices.not_saved = not_saved);
        }
    }

    /// Stores a change like [`App::write`]; if core refuses it, says why in the language shown
    /// (the words of every form's error slot).
    pub(crate) fn save(self, change: Change) -> Result<(), String> {
        self.write(change).map_err(|error| {
            let field = error.field().unwrap_or("");
            Message::CheckField(field).in_language(untrack(|| self.i18n.language()))
        })
    }

    /// Deletes every local record and starts as a new install.
    pub(crate) fn delete_everything(self) {
        self.store.update(|store| {
            storage::with_storage(|kv| store.delete_all(kv, new_device()));
        });
        self.notices.set(Notices::default());
        self.cover.set(None);
    }

    /// The worker's records with the logs of `[from, to)` (tracked), their covered absences'
    /// stand-ins taken from the team's cover list as last fetched.
    pub(crate) fn worker_data(self, from: DateTime<Utc>, to: DateTime<Utc>) -> WorkerData {
        let data = self.with_store(|store| store.worker_data(from, to));
        let covers = self.cover.with(|kept| match kept {
            Some(kept) => covers_from_team_cover(&data, &kept.entries),
            None => Vec::new(),
        });
        data.with_covers(covers)
    }

    /// The team's cover list as last fetched (tracked).
    pub(crate) fn kept_cover(self) -> Option<Kept> {
        self.cover.get()
    }

    /// Keeps a fresh cover list, on the phone and on screen.
    pub(crate) fn keep_cover(self, kept: Kept) {
        storage::with_storage(|kv| kept.save(kv));
        self.cover.set(Some(kept));
    }

    /// The records Today needs, rebuilt when the store or the clock changes.
    pub(crate) fn today_data(self) -> Memo<WorkerData> {
        Memo::new_with_compare(
            move |_| {
                let now = self.now();
                let zone = self.profile().timezone;
                let (from, to) = log_range(zone, now);
                self.worker_data(from, to)
            },
            |_, _| true,
        )
    }

    /// The worker's id namespace (domain.md, Ids).
    pub(crate) fn worker_id(self) -> Uuid {
        self.store.with_untracked(|store| store.device().worker_id)
    }

    pub(crate) fn profile_id(self) -> Uuid {
        ids::profile_id(self.worker_id())
    }

    /// The profile as stored, or its defaults (tracked).
    pub(crate) fn profile(self) -> Profile {
        let id = self.profile_id();
        self.with_store(
            |store| match store.entry(id).and_then(|entry| entry.live()) {
                Some(AnyRecord::Profile(profile)) => profile.clone(),
                _ => Profile::with_defaults(id),
            },
        )
    }

    /// The language the worker chose in Settings, if they did (tracked).
    fn chosen_language(self) -> Option<Language> {
        let id = self.profile_id();
        self.with_store(|store| {
            let entry = store.entry(id).filter(|entry| !entry.wire.deleted)?;
            let code = entry.wire.fields.get("language")?.as_str()?;
            language_from_code(code)
        })
    }

    /// Switches the language now and remembers it in the profile.
    pub(crate) fn choose_language(self, language: Language) -> Result<(), Error> {
        self.i18n.set_language(language);
        let mut fields = serde_json::Map::new();
        fields.insert(
            "language".into(),
            serde_json::to_value(language).unwrap_or_default(),
        );
        self.write(crate::model::changes::set(
            RecordKind::Profile,
            self.profile_id(),
            fields,
        ))
    }

    /// The store itself, for the two that change it outside [`App::write`]: sync folding in the
    /// server's answer, and login moving the phone's records into the user's namespace.
    pub(crate) fn store(self) -> RwSignal<LocalStore> {
        self.store
    }

    /// Mutations waiting for the server (tracked).
    pub(crate) fn pending(self) -> usize {
        self.with_store(|store| store.pending())
    }
}

fn notices_of(report: &LoadReport) -> Notices {
    Notices {
        quarantined: report.quarantined.clone(),
        not_saved: None,
        read_only: report.newer_layout || report.migration_failed.is_some(),
        no_storage: !storage::is_persistent(),
        deactivated: storage::with_storage(|kv| kv.get(&deactivated_key()).is_some()),
    }
}

fn deactivated_key() -> String {
    format!("{STORAGE_PREFIX}{}", crate::session::DEACTIVATED_KEY)
}

impl App {
    /// The user has read why the phone is empty.
    pub(crate) fn dismiss_deactivated(self) {
        storage::with_storage(|kv| kv.remove(&deactivated_key()));
        self.notices.update(|notices| notices.deactivated = false);
    }
}

pub(crate) fn use_app() -> App {
    expect_context::<App>()
}
