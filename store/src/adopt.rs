//! The first login as a worker: the records this install wrote before it move into the user's
//! namespace (domain.md, Ids).
//!
//! Records that exist once per worker, date or week (profile, availability, a date's override, a
//! week's check-in) have ids derived from the worker's id, and until the first login that is a
//! random id of the install. The server refuses a profile or availability id not derived from the
//! caller, and two devices of one worker only meet on the same record if both derive its id from
//! the user's id. So at login the pending mutations (and any confirmed copies) of those records
//! take the ids derived from the user's id; on the next sync they merge, field by field, with what
//! the worker's other devices wrote. Other records keep their random ids.

use super::{keys, KeyValue, LocalStore, Saved};
use peerline_core::{ids, IsoWeek, RecordKind, WireRecord};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

impl LocalStore {
    /// Moves this install's per-worker records to `user_id`'s ids and makes it the namespace of
    /// later writes. Nothing changes when the store already is `user_id`'s.
    pub fn adopt_worker(&mut self, kv: &dyn KeyValue, user_id: Uuid) -> Saved {
        let old = self.device().worker_id;
        if old == user_id {
            return Saved::OnDevice;
        }
        self.load_deferred(kv, usize::MAX);
        self.catch_up_with_other_tabs(kv);
        let moves: HashMap<Uuid, Uuid> = self
            .view()
            .filter_map(|entry| Some((entry.wire.id, derived_id(&entry.wire, old, user_id)?)))
            .collect();
        let mut changed = BTreeSet::new();
        changed.insert(keys::DEVICE.to_owned());
        let mut touched = BTreeSet::new();
        touched.extend(moves.keys().chain(moves.values()).copied());
        for mutation in self.replica.outbox_mut() {
            if let Some(new) = moves.get(&mutation.id) {
                mutation.id = *new;
                changed.insert(keys::outbox_chunk(mutation.mid));
            }
        }
        let mut moved = Vec::new();
        for (old_id, new_id) in &moves {
            if let Some(mut record) = self.replica.forget(*old_id) {
                let chunk = keys::record_chunk(&record);
                if let Some(ids) = self.chunks.get_mut(&chunk) {
                    ids.remove(old_id);
                }
                changed.insert(chunk);
                record.id = *new_id;
                moved.push(record);
            }
        }
        touched.extend(moved.iter().map(|record| record.id));
        changed.extend(self.confirm(moved));
        self.replica.device_mut().worker_id = user_id;
        self.replica.rebuild_view(&touched);
        self.persist(kv, changed)
    }
}

/// The id `record` gets in `new`'s namespace, if its id is the one derived in `old`'s.
fn derived_id(record: &WireRecord, old: Uuid, new: Uuid) -> Option<Uuid> {
    let field = |name: &str| record.fields.get(name).and_then(|value| value.as_str());
    let (was, becomes) = match record.kind {
        RecordKind::Profile => (ids::profile_id(old), ids::profile_id(new)),
        RecordKind::Availability => (ids::availability_id(old), ids::availability_id(new)),
        RecordKind::DateOverride => {
            let date = peerline_core::wire_time::parse_date(field("date")?)?;
            (
                ids::date_override_id(old, date),
                ids::date_override_id(new, date),
            )
        }
        RecordKind::Checkin => {
            let week: IsoWeek = field("week")?.parse().ok()?;
            (ids::checkin_id(old, week), ids::checkin_id(new, week))
        }
        _ => return None,
    };
    (record.id == was).then_some(becomes)
}

#[cfg(test)]
mod tests {
    use super::super::kv::MemoryStorage;
    use super::super::{load, Change, Device, LocalStore};
    use super::*;
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use peerline_core::{AnyRecord, SyncResponse};
    use serde_json::{json, Value};

    const PREFIX: &str = "peerline.";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0)
            .single()
            .unwrap_or_default()
    }

    fn install() -> Uuid {
        Uuid::from_u128(77)
    }

    fn user() -> Uuid {
        Uuid::from_u128(0xabc)
    }

    fn open(kv: &MemoryStorage) -> LocalStore {
        let device = || Device::new(Uuid::from_u128(1), install());
        LocalStore::open(kv, PREFIX, device, load::MIGRATIONS).0
    }

    fn change(kind: RecordKind, id: Uuid, set: Value) -> Change {
        Change {
            kind,
            id,
            set: set.as_object().cloned().unwrap_or_default(),
            deleted: None,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 24).unwrap_or_default()
    }

    fn week() -> IsoWeek {
        IsoWeek::of(day())
    }

    /// Writes one record of every kind before login, in the install's namespace.
    fn write_before_login(kv: &MemoryStorage, store: &mut LocalStore) {
        let contact = Uuid::from_u128(5);
        let writes = [
            change(
                RecordKind::Profile,
                ids::profile_id(install()),
                json!({"display_name": "Per"}),
            ),
            change(
                RecordKind::Availability,
                ids::availability_id(install()),
                json!({"windows": [{"days": [1], "start": "17:00", "end": "21:00"}]}),
            ),
            change(
                RecordKind::DateOverride,
                ids::date_override_id(install(), day()),
                json!({"date": "2026-12-24", "windows": []}),
            ),
            change(
                RecordKind::Checkin,
                ids::checkin_id(install(), week()),
                json!({"week": week().to_string(), "energy": 2, "strain": 4, "burnout": 3}),
            ),
            change(RecordKind::Contact, contact, json!({"name": "Ola"})),
            change(
                RecordKind::Profile,
                ids::profile_id(install()),
                json!({"phone": "+47 400 00 001"}),
            ),
        ];
        for write in writes {
            assert!(store.write(kv, write, now()).is_ok());
        }
    }

    fn expected_ids() -> BTreeSet<Uuid> {
        BTreeSet::from([
            ids::profile_id(user()),
            ids::availability_id(user()),
            ids::date_override_id(user(), day()),
            ids::checkin_id(user(), week()),
            Uuid::from_u128(5),
        ])
    }

    fn outbox_ids(store: &LocalStore) -> BTreeSet<Uuid> {
        store.outbox().iter().map(|mutation| mutation.id).collect()
    }

    #[test]
    fn records_written_before_login_move_to_the_users_ids() {
        let kv = MemoryStorage::default();
        let mut store = open(&kv);
        write_before_login(&kv, &mut store);
        assert_eq!(store.adopt_worker(&kv, user()), Saved::OnDevice);

        assert_eq!(store.device().worker_id, user());
        assert_eq!(outbox_ids(&store), expected_ids());
        // Mids, order and content stay: only the ids change.
        let mids: Vec<u64> = store.outbox().iter().map(|m| m.mid).collect();
        assert_eq!(mids, vec![1, 2, 3, 4, 5, 6]);
        match store.entry(ids::profile_id(user())).and_then(|e| e.live()) {
            Some(AnyRecord::Profile(profile)) => {
                assert_eq!(profile.display_name, "Per");
                assert_eq!(profile.phone.as_deref(), Some("+47 400 00 001"));
            }
            other => panic!("no profile under the user's id: {other:?}"),
        }
        assert!(store.entry(ids::profile_id(install())).is_none());
        assert!(store.entry(ids::checkin_id(install(), week())).is_none());

        // What storage holds says the same after a reload.
        let reopened = open(&kv);
        assert_eq!(reopened.device().worker_id, user());
        assert_eq!(outbox_ids(&reopened), expected_ids());
        assert_eq!(store.request(1_000), reopened.request(1_000));
    }

    #[test]
    fn adopting_twice_or_for_the_same_user_changes_nothing() {
        let kv = MemoryStorage::default();
        let mut store = open(&kv);
        write_before_login(&kv, &mut store);
        store.adopt_worker(&kv, user());
        let request = store.request(1_000);
        store.adopt_worker(&kv, user());
        assert_eq!(store.request(1_000), request);
    }

    #[test]
    fn confirmed_copies_move_too_and_leave_their_old_chunk() {
        let kv = MemoryStorage::default();
        let mut store = open(&kv);
        let old_profile = ids::profile_id(install());
        let response = SyncResponse {
            last_mid: 0,
            cursor: "c1".into(),
            records: vec![WireRecord {
                kind: RecordKind::Profile,
                id: old_profile,
                fields: json!({"display_name": "Per"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                deleted: false,
            }],
            rejected: vec![],
            server_time: now(),
            more: false,
        };
        store.receive(&kv, response, 0);
        store.adopt_worker(&kv, user());
        let reopened = open(&kv);
        assert!(reopened.confirmed(old_profile).is_none());
        assert!(reopened.confirmed(ids::profile_id(user())).is_some());
    }

    #[test]
    fn a_record_whose_id_is_not_derived_keeps_it() {
        let kv = MemoryStorage::default();
        let mut store = open(&kv);
        // A check-in under a random id (say, restored from an export) is not the install's.
        let odd = Uuid::from_u128(999);
        let set = json!({"week": week().to_string(), "energy": 2, "strain": 2, "burnout": 2});
        assert!(store
            .write(&kv, change(RecordKind::Checkin, odd, set), now())
            .is_ok());
        store.adopt_worker(&kv, user());
        assert_eq!(outbox_ids(&store), BTreeSet::from([odd]));
    }
}
