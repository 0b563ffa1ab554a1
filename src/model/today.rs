//! What the Today screen shows, computed from core's answers: my state now, the rest of today's
//! windows, and for each service user their contacts today and this week against the agreement.

use super::time::{day_bounds, local, week_bounds, week_of};
use chrono::{DateTime, Utc};
use peerline_core::order;
use peerline_core::{
    agreement_on, effective_windows, kind_reply, reachability, week_pressure, Absence, AbsenceKind,
    AgendaTopic, AnyRecord, IsoWeek, Reachability, RecordKind, Span, State, Status, WeekPressure,
    WorkerData,
};
use peerline_store::LocalStore;
use uuid::Uuid;

/// A gentle word about one person's contacts, caring for the worker and blaming no one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Heads {
    /// Today's contacts reached the daily limit.
    Day { count: u32, limit: u32 },
    /// This week's contacts reached the weekly limit.
    Week { count: u32, limit: u32 },
    /// Contacts this week came outside the agreed windows.
    Outside { count: u32 },
}

impl Heads {
    /// What the coordinator talk it asks for is about: each of them is about the agreement's
    /// boundaries (a limit, or the agreed hours; `after_hours` is for the worker's own time,
    /// which they add themselves on the check-in).
    pub(crate) fn topic(&self) -> AgendaTopic {
        match self {
            Heads::Day { .. } | Heads::Week { .. } | Heads::Outside { .. } => {
                AgendaTopic::Boundaries
            }
        }
    }
}

/// One service user on Today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) phone: Option<String>,
    pub(crate) today: u32,
    pub(crate) week: u32,
    pub(crate) per_day: Option<u32>,
    pub(crate) per_week: Option<u32>,
    pub(crate) heads_up: Option<Heads>,
    /// The heads-up's talk is on this week's agenda already (not talked about yet).
    pub(crate) on_agenda: bool,
    /// The kind reply filled in for now, when a message from them now would come outside the
    /// agreement or past a limit (their state is not "reachable") and they have a phone.
    pub(crate) kind_reply: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Today {
    pub(crate) reachability: Reachability,
    /// The absence covering now, if any (what "Back on" ends) and whether it is a day off.
    pub(crate) absence: Option<Absence>,
    /// The worker's windows from now to the end of today.
    pub(crate) windows_left: Vec<Span>,
    pub(crate) people: Vec<Person>,
    /// This week's contacts outside my own hours, the minutes they took, and how many of them
    /// have no minutes (core's pressure totals).
    pub(crate) after_hours: AfterHours,
}

/// The week's time given outside the worker's own hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AfterHours {
    pub(crate) contacts: u32,
    pub(crate) minutes: u32,
    pub(crate) untimed: u32,
}

impl AfterHours {
    pub(crate) fn of(pressure: &WeekPressure) -> AfterHours {
        let counts = pressure.totals.counts;
        AfterHours {
            contacts: counts.after_hours_contacts,
            minutes: counts.after_hours_minutes,
            untimed: counts.after_hours_untimed,
        }
    }
}

/// The logs Today needs: from the start of this ISO week (or of today, if that is earlier after a
/// week boundary in another zone) to the end of today.
pub(crate) fn log_range(
    data_zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let (day_start, day_end) = day_bounds(data_zone, now);
    let (week_start, week_end) = week_bounds(data_zone, week_of(data_zone, now));
    (day_start.min(week_start), day_end.max(week_end))
}

/// Today's figures. `data` must hold this week's logs (see [`log_range`]).
pub(crate) fn today(store: &LocalStore, data: &WorkerData, now: DateTime<Utc>) -> Today {
    let zone = data.timezone();
    let (day_start, day_end) = day_bounds(zone, now);
    let week = week_of(zone, now);
    let (week_start, week_end) = week_bounds(zone, week);
    let pressure = week_pressure(data, week);
    let local_now = local(zone, now);
    let absence = store
        .live(RecordKind::Absence)
        .filter_map(|record| match record {
            AnyRecord::Absence(absence) => Some(absence),
            _ => None,
        })
        .filter(|absence| absence.starts_at <= local_now && local_now < absence.ends_at)
        .max_by_key(|absence| (absence.kind == AbsenceKind::DayOff, absence.ends_at))
        .cloned();
    let mut people: Vec<Person> = data
        .contacts()
        .filter(|contact| contact.is_service_user() && contact.status == Status::Active)
        .map(|contact| {
            let today = data.count_logs(contact.id, day_start, day_end) as u32;
            let this_week = data.count_logs(contact.id, week_start, week_end) as u32;
            let outside = pressure
                .service_users
                .iter()
                .find(|row| row.contact_id == contact.id)
                .map_or(0, |row| row.counts.outside_agreement_contacts);
            // The limits in force (planned changes applied), read as core's rule 4 reads them:
            // today's daily limit, the weekly limit the week began with.
            let per_day = agreement_on(contact, local_now.date()).max_contacts_per_day;
            let per_week = agreement_on(contact, week.monday()).max_contacts_per_week;
            let heads_up = match (per_day, per_week) {
                (Some(limit), _) if today >= limit => Some(Heads::Day {
                    count: today,
                    limit,
                }),
                (_, Some(limit)) if this_week >= limit => Some(Heads::Week {
                    count: this_week,
                    limit,
                }),
                _ if outside > 0 => Some(Heads::Outside { count: outside }),
                _ => None,
            };
            Person {
                id: contact.id,
                name: contact.name.clone(),
                phone: contact.phone.clone(),
                today,
                week: this_week,
                per_day,
                per_week,
                on_agenda: heads_up
                    .as_ref()
                    .is_some_and(|heads| on_agenda(data, contact.id, heads.topic(), week)),
                heads_up,
                kind_reply: contact
                    .phone
                    .as_ref()
                    .and_then(|_| kind_reply_now(data, contact.id, now)),
            }
        })
        .collect();
    order::sort_by(&mut people, |a, b| {
        crate::words::compare_names(&a.name, &b.name)
    });
    Today {
        reachability: reachability(data, None, now),
        absence,
        windows_left: effective_windows(data, None, now, day_end)
            .into_iter()
            .map(|(start, end)| (start.max(now), end.min(day_end)))
            .filter(|(start, end)| start < end)
            .collect(),
        people,
        after_hours: AfterHours::of(&pressure),
    }
}

/// Whether an item about `contact` and `topic` is on the agenda of `week`, not talked about yet.
fn on_agenda(data: &WorkerData, contact: Uuid, topic: AgendaTopic, week: IsoWeek) -> bool {
    data.agenda().iter().any(|item| {
        item.contact_id == Some(contact)
            && item.topic == topic
            && item.week == week
            && item.discussed_on.is_none()
    })
}

/// The kind reply to `contact` at `now`, if a message from them now would come outside the
/// agreement or past a limit: any state but "reachable" (not now, limit reached, away, nothing
/// ahead).
pub(crate) fn kind_reply_now(
    data: &WorkerData,
    contact: Uuid,
    now: DateTime<Utc>,
) -> Option<String> {
    let state = reachability(data, Some(contact), now).state;
    if matches!(state, State::Reachable { .. }) {
        return None;
    }
    kind_reply(data, contact, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::changes;
    use chrono_tz::Europe::Oslo;
    use peerline_core::{ids, State};
    use peerline_store::{Device, LocalStore, MemoryStorage, MIGRATIONS};
    use serde_json::json;

    const OLA: Uuid = Uuid::from_u128(1);

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    /// A worker reachable 17:00-21:00 on weekdays, with Ola (at most 3 contacts a day).
    fn store(now: DateTime<Utc>) -> (MemoryStorage, LocalStore) {
        let kv = MemoryStorage::default();
        let device = || Device::new(Uuid::from_u128(7), Uuid::from_u128(8));
        let (mut store, _) = LocalStore::open(&kv, "t.", device, MIGRATIONS);
        let windows =
            json!({"windows": [{"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"}]});
        let availability = ids::availability_id(Uuid::from_u128(8));
        let ola = json!({
            "name": "Ola", "role": "service_user", "phone": "+47 912 34 567",
            "max_contacts_per_day": 3,
            "agreement_changes": [{"from": "2026-11-30", "max_contacts_per_day": 1}],
        });
        for change in [
            changes::set(
                RecordKind::Availability,
                availability,
                windows.as_object().cloned().unwrap_or_default(),
            ),
            changes::set(
                RecordKind::Contact,
                OLA,
                ola.as_object().cloned().unwrap_or_default(),
            ),
        ] {
            store.write(&kv, change, now).ok();
        }
        (kv, store)
    }

    fn today_of(store: &LocalStore, now: DateTime<Utc>) -> Today {
        let (from, to) = log_range(Oslo, now);
        today(store, &store.worker_data(from, to), now)
    }

    #[test]
    fn the_third_call_of_three_brings_a_gentle_word() {
        let now = at("2026-11-26T16:30:00Z"); // Thursday 17:30 in Oslo
        let (kv, mut store) = store(now);
        let first = today_of(&store, now);
        assert!(matches!(first.reachability.state, State::Reachable { .. }));
        assert_eq!(first.windows_left, vec![(now, at("2026-11-26T20:00:00Z"))]);
        for n in 0..3 {
            store
                .write(
                    &kv,
                    changes::incoming_call(Uuid::from_u128(100 + n), OLA, now),
                    now,
                )
                .ok();
            let person = today_of(&store, now).people.remove(0);
            let expected = (n == 2).then_some(Heads::Day { count: 3, limit: 3 });
            assert_eq!((person.today, person.heads_up), (n as u32 + 1, expected));
            // The kind reply is there once a message now would come past the limit.
            assert_eq!(person.kind_reply.is_some(), n == 2, "call {n}");
        }
        let reply = today_of(&store, now).people.remove(0).kind_reply;
        let reply = reply.unwrap_or_default();
        assert!(
            reply.starts_with("Hei Ola!") && reply.contains("i morgen kl. 17:00"),
            "{reply}"
        );
    }

    /// Each case: now => Ola's limits on Today and whether one call brings the heads-up.
    #[test]
    fn the_limits_are_the_ones_in_force_on_the_day() {
        let cases = [
            ("2026-11-27T16:30:00Z", Some(3), None), // Friday, before the planned change
            (
                "2026-11-30T16:30:00Z",
                Some(1),
                Some(Heads::Day { count: 1, limit: 1 }),
            ), // Monday
        ];
        for (now, per_day, heads_up) in cases {
            let now = at(now);
            let (kv, mut store) = store(now);
            let call = changes::incoming_call(Uuid::from_u128(100), OLA, now);
            store.write(&kv, call, now).ok();
            let person = today_of(&store, now).people.remove(0);
            assert_eq!(
                (person.per_day, person.heads_up),
                (per_day, heads_up),
                "{now}"
            );
        }
    }

    #[test]
    fn a_heads_up_on_the_agenda_says_so_until_it_is_talked_about() {
        let now = at("2026-11-26T16:30:00Z");
        let (kv, mut store) = store(now);
        for n in 0..3 {
            let call = changes::incoming_call(Uuid::from_u128(100 + n), OLA, now);
            store.write(&kv, call, now).ok();
        }
        let on_agenda = |store: &LocalStore| today_of(store, now).people[0].on_agenda;
        assert!(!on_agenda(&store));
        let week = week_of(Oslo, now);
        let item = Uuid::from_u128(60);
        let add =
            crate::parts::agenda::new_item(item, week, AgendaTopic::Boundaries, Some(OLA), "");
        store.write(&kv, add, now).ok();
        assert!(on_agenda(&store));
        let mut talked = serde_json::Map::new();
        talked.insert("discussed_on".into(), json!("2026-11-26"));
        let talked = changes::set(RecordKind::AgendaItem, item, talked);
        store.write(&kv, talked, now).ok();
        assert!(!on_agenda(&store));
    }

    #[test]
    fn a_call_outside_the_agreed_hours_is_mentioned() {
        let now = at("2026-11-26T09:00:00Z"); // Thursday 10:00, before the evening window
        let (kv, mut store) = store(now);
        store
            .write(
                &kv,
                changes::incoming_call(Uuid::from_u128(100), OLA, now),
                now,
            )
            .ok();
        let view = today_of(&store, now);
        assert!(matches!(view.reachability.state, State::NotNow { .. }));
        assert_eq!(view.people[0].heads_up, Some(Heads::Outside { count: 1 }));
    }

    #[test]
    fn the_weeks_time_outside_my_hours_counts_minutes_and_the_logs_without() {
        let now = at("2026-11-26T21:30:00Z"); // Thursday 22:30, after the evening window
        let (kv, mut store) = store(now);
        for (n, minutes) in [(0, Some(20)), (1, None), (2, Some(25))] {
            let input = changes::LogInput {
                contact_id: OLA,
                at: now - chrono::Duration::minutes(n * 30),
                channel: peerline_core::Channel::Call,
                direction: peerline_core::Direction::Incoming,
                answered: true,
                minutes,
                note: String::new(),
            };
            store
                .write(
                    &kv,
                    changes::log(Uuid::from_u128(100 + n as u128), &input),
                    now,
                )
                .ok();
        }
        let within = changes::incoming_call(Uuid::from_u128(200), OLA, at("2026-11-26T17:00:00Z"));
        store.write(&kv, within, now).ok();
        let expected = AfterHours {
            contacts: 3,
            minutes: 45,
            untimed: 1,
        };
        assert_eq!(today_of(&store, now).after_hours, expected);
    }

    #[test]
    fn a_day_off_makes_me_away_until_midnight_and_back_on_ends_it() {
        let now = at("2026-11-26T16:30:00Z");
        let (kv, mut store) = store(now);
        let local_now = local(Oslo, now);
        store
            .write(
                &kv,
                changes::day_off_today(Uuid::from_u128(50), local_now),
                now,
            )
            .ok();
        let away = today_of(&store, now);
        assert!(
            matches!(away.reachability.state, State::Away { until, .. } if until == at("2026-11-26T23:00:00Z"))
        );
        let absence = away.absence.clone().map(|a| a.kind);
        assert_eq!(absence, Some(AbsenceKind::DayOff));
        let later = now + chrono::Duration::minutes(30);
        if let Some(absence) = away.absence {
            store
                .write(
                    &kv,
                    changes::end_absence(&absence, local(Oslo, later)),
                    later,
                )
                .ok();
        }
        let back = today_of(&store, later);
        assert!(back.absence.is_none());
        assert!(matches!(back.reachability.state, State::Reachable { .. }));
    }
}
