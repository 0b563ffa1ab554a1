//! [`WorkerData`]: everything of one worker that reachability and boundary pressure need, decoded
//! and indexed once (windows as minute spans per weekday, each contact's agreements over time,
//! absences as UTC spans, logs sorted per contact), so each question costs a few binary searches
//! instead of a scan of two years of logs. It also keeps the worker's cover requests and offers,
//! agenda items, and the covers of their absences ([`WorkerData::with_covers`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::agreement::AgreementTimeline;
use crate::cover::Cover;
use crate::error::Error;
use crate::iso_week::IsoWeek;
use crate::kind::RecordKind;
use crate::local_time::{local_instant, Edge};
use crate::records::{
    Absence, AgendaItem, AnyRecord, Checkin, Contact, CoverOffer, CoverRequest, DayWindow,
    Direction, Fallback, Log, Profile, Role, WeeklyWindow,
};
use crate::spans::{join, MinuteSpan, Span};
use crate::stored::{StoredRecord, WireRecord};

/// Minute spans for each ISO weekday, Monday first.
pub(crate) type WeekSpans = [Vec<MinuteSpan>; 7];

/// One contact event, as much of it as the figures need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogEntry {
    pub(crate) at: DateTime<Utc>,
    pub(crate) incoming_unanswered: bool,
    pub(crate) minutes: Option<u32>,
}

/// A contact and what is derived from it.
#[derive(Debug, Clone)]
pub(crate) struct ContactEntry {
    pub(crate) contact: Contact,
    /// Deleted contacts stay, so their logs still count in boundary pressure (domain.md).
    pub(crate) deleted: bool,
    /// The agreement over time (service users only: others have none).
    pub(crate) agreements: AgreementTimeline,
}

/// An absence and the instants it covers (rule 1 of domain.md).
#[derive(Debug, Clone)]
pub(crate) struct AbsenceEntry {
    pub(crate) span: Span,
    pub(crate) absence: Absence,
}

/// One worker's records, indexed. Build it once per change of records, then ask many questions.
#[derive(Debug, Clone)]
pub struct WorkerData {
    pub(crate) profile: Profile,
    pub(crate) weekly: WeekSpans,
    pub(crate) overrides: BTreeMap<NaiveDate, Vec<MinuteSpan>>,
    /// Sorted by start.
    pub(crate) absences: Vec<AbsenceEntry>,
    /// The absences' spans, joined: the time removed from every window.
    pub(crate) away: Vec<Span>,
    pub(crate) contacts: BTreeMap<Uuid, ContactEntry>,
    /// Per contact id (known or not), sorted by `at`.
    pub(crate) logs: BTreeMap<Uuid, Vec<LogEntry>>,
    pub(crate) checkins: BTreeMap<IsoWeek, Checkin>,
    /// Live cover requests and offers and agenda items, by id.
    pub(crate) cover_requests: Vec<CoverRequest>,
    pub(crate) cover_offers: Vec<CoverOffer>,
    pub(crate) agenda: Vec<AgendaItem>,
    /// The stand-in of each covered absence, by absence id (see [`WorkerData::with_covers`]).
    pub(crate) covers: BTreeMap<Uuid, Fallback>,
    skipped: Vec<(Uuid, Error)>,
}

/// The typed records of one worker, gathered before indexing.
#[derive(Default)]
struct Gathered {
    profile: Option<Profile>,
    availability: Option<(Uuid, Vec<WeeklyWindow>)>,
    overrides: BTreeMap<NaiveDate, (Uuid, Vec<DayWindow>)>,
    absences: Vec<Absence>,
    contacts: Vec<(Contact, bool)>,
    logs: Vec<Log>,
    checkins: BTreeMap<IsoWeek, Checkin>,
    cover_requests: Vec<CoverRequest>,
    cover_offers: Vec<CoverOffer>,
    agenda: Vec<AgendaItem>,
}

/// Keeps the record with the greater id where two claim one worker, date or week (domain.md, Ids).
fn keep_greater<T>(slot: &mut Option<T>, candidate: T, id: impl Fn(&T) -> Uuid) {
    if slot
        .as_ref()
        .is_none_or(|current| id(current) < id(&candidate))
    {
        *slot = Some(candidate);
    }
}

impl Gathered {
    fn add(&mut self, record: AnyRecord) {
        match record {
            AnyRecord::Profile(profile) => keep_greater(&mut self.profile, profile, |p| p.id),
            AnyRecord::Availability(a) => {
                keep_greater(&mut self.availability, (a.id, a.windows), |a| a.0)
            }
            AnyRecord::DateOverride(o) => {
                let mut slot = self.overrides.remove(&o.date);
                keep_greater(&mut slot, (o.id, o.windows), |o| o.0);
                self.overrides.extend(slot.map(|kept| (o.date, kept)));
            }
            AnyRecord::Checkin(checkin) => {
                let mut slot = self.checkins.remove(&checkin.week);
                let week = checkin.week;
                keep_greater(&mut slot, checkin, |c| c.id);
                self.checkins.extend(slot.map(|kept| (week, kept)));
            }
            AnyRecord::Absence(absence) => self.absences.push(absence),
            AnyRecord::Contact(contact) => self.contacts.push((contact, false)),
            AnyRecord::Log(log) => self.logs.push(log),
            AnyRecord::CoverRequest(request) => self.cover_requests.push(request),
            AnyRecord::CoverOffer(offer) => self.cover_offers.push(offer),
            AnyRecord::AgendaItem(item) => self.agenda.push(item),
        }
    }
}

impl WorkerData {
    /// Indexes live (not deleted) typed records, plus deleted contacts whose logs still count.
    pub fn new(
        records: impl IntoIterator<Item = AnyRecord>,
        deleted_contacts: impl IntoIterator<Item = Contact>,
    ) -> WorkerData {
        let mut gathered = Gathered::default();
        records.into_iter().for_each(|record| gathered.add(record));
        gathered
            .contacts
            .extend(deleted_contacts.into_iter().map(|contact| (contact, true)));
        WorkerData::index(gathered, Vec::new())
    }

    /// Decodes and indexes wire records (the app's store). Records that fail to decode are left out
    /// and listed in [`WorkerData::skipped`]; deleted records are left out, except contacts.
    pub fn from_wire<'a>(records: impl IntoIterator<Item = &'a WireRecord>) -> WorkerData {
        let mut gathered = Gathered::default();
        let mut skipped = Vec::new();
        for record in records {
            if record.deleted {
                if record.kind == RecordKind::Contact {
                    gathered
                        .contacts
                        .push((deleted_contact(record.id, &record.fields), true));
                }
                continue;
            }
            match record.decode() {
                Ok(typed) => gathered.add(typed),
                Err(error) => skipped.push((record.id, error)),
            }
        }
        WorkerData::index(gathered, skipped)
    }

    /// Decodes and indexes stored records (the server's store); see [`WorkerData::from_wire`].
    pub fn from_stored<'a>(records: impl IntoIterator<Item = &'a StoredRecord>) -> WorkerData {
        let wire: Vec<WireRecord> = records.into_iter().map(StoredRecord::to_wire).collect();
        WorkerData::from_wire(&wire)
    }

    fn index(gathered: Gathered, skipped: Vec<(Uuid, Error)>) -> WorkerData {
        let profile = gathered
            .profile
            .unwrap_or_else(|| Profile::with_defaults(Uuid::nil()));
        let zone = profile.timezone;
        let weekly = week_spans(
            gathered
                .availability
                .map(|(_, windows)| windows)
                .unwrap_or_default()
                .iter(),
        );
        // Inserted one by one, not collected: `collect` into a map sorts first (another compiled
        // copy of the sort in the app's WASM), and these come in date order already.
        let mut overrides = BTreeMap::new();
        for (date, (_, windows)) in gathered.overrides {
            let spans = windows
                .iter()
                .map(|w| (w.start.minutes(), w.end.minutes()))
                .collect();
            overrides.insert(date, join(spans));
        }
        let mut absences: Vec<AbsenceEntry> = gathered
            .absences
            .into_iter()
            .map(|a| absence_entry(zone, a))
            .collect();
        crate::order::sort_by_key(&mut absences, |entry| (entry.span, entry.absence.id));
        let away = join(absences.iter().map(|entry| entry.span).collect());
        let contacts = gathered.contacts.into_iter().fold(
            BTreeMap::new(),
            |mut contacts, (contact, deleted)| {
                // A live record of a contact beats a deleted copy of it.
                let entry = contact_entry(contact, deleted);
                match contacts.get(&entry.contact.id) {
                    Some(ContactEntry { deleted: false, .. }) => {}
                    _ => {
                        contacts.insert(entry.contact.id, entry);
                    }
                }
                contacts
            },
        );
        WorkerData {
            profile,
            weekly,
            overrides,
            absences,
            away,
            contacts,
            logs: index_logs(gathered.logs),
            checkins: gathered.checkins,
            cover_requests: by_id(gathered.cover_requests, |request| request.id),
            cover_offers: by_id(gathered.cover_offers, |offer| offer.id),
            agenda: by_id(gathered.agenda, |item| item.id),
            covers: BTreeMap::new(),
            skipped,
        }
    }

    /// The same worker with `covers` (from [`crate::cover::resolve_covers`] on the server, or
    /// [`crate::cover::covers_from_team_cover`] in the app): while a covered absence lasts, its
    /// stand-in is the covering colleague, before the absence's own `stand_in_contact_id`.
    pub fn with_covers(mut self, covers: impl IntoIterator<Item = Cover>) -> WorkerData {
        self.covers = BTreeMap::new();
        for cover in covers {
            if let Some(stand_in) = cover.stand_in() {
                self.covers.insert(cover.absence_id, stand_in);
            }
        }
        self
    }

    /// Who stands in during `absence`: the covering colleague, else the absence's own
    /// `stand_in_contact_id` (a live contact with a phone), else nobody.
    pub fn stand_in_of(&self, absence: &Absence) -> Option<Fallback> {
        if let Some(cover) = self.covers.get(&absence.id) {
            return Some(cover.clone());
        }
        let contact = self
            .contacts
            .get(&absence.stand_in_contact_id?)
            .filter(|entry| !entry.deleted)?;
        Some(Fallback::new(
            &contact.contact.name,
            contact.contact.phone.as_deref()?,
        ))
    }

    /// The absences, by start (then id).
    pub fn absences(&self) -> impl Iterator<Item = &Absence> {
        self.absences.iter().map(|entry| &entry.absence)
    }

    /// An absence by id.
    pub fn absence(&self, id: Uuid) -> Option<&Absence> {
        self.absences().find(|absence| absence.id == id)
    }

    /// The worker's live cover requests, by id.
    pub fn cover_requests(&self) -> &[CoverRequest] {
        &self.cover_requests
    }

    /// The worker's live cover offers (for colleagues' requests), by id.
    pub fn cover_offers(&self) -> &[CoverOffer] {
        &self.cover_offers
    }

    /// The worker's live agenda items, by id.
    pub fn agenda(&self) -> &[AgendaItem] {
        &self.agenda
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn timezone(&self) -> Tz {
        self.profile.timezone
    }

    /// A contact, deleted ones included.
    pub fn contact(&self, id: Uuid) -> Option<&Contact> {
        self.contacts.get(&id).map(|entry| &entry.contact)
    }

    /// The live contacts, by id.
    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts
            .values()
            .filter(|entry| !entry.deleted)
            .map(|entry| &entry.contact)
    }

    /// The check-in of `week`, if any.
    pub fn checkin(&self, week: IsoWeek) -> Option<&Checkin> {
        self.checkins.get(&week)
    }

    /// Records that failed to decode, with why; they take no part in any figure.
    pub fn skipped(&self) -> &[(Uuid, Error)] {
        &self.skipped
    }

    /// How many logs with `contact` fall in `[from, to)`: two binary searches.
    pub fn count_logs(&self, contact: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
        self.logs_between(contact, from, to).len()
    }

    pub(crate) fn logs_between(
        &self,
        contact: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> &[LogEntry] {
        let Some(logs) = self.logs.get(&contact) else {
            return &[];
        };
        let first = logs.partition_point(|log| log.at < from);
        let end = logs.partition_point(|log| log.at < to).max(first);
        &logs[first..end]
    }
}

/// A deleted contact's record need not be valid any more; its role is all the figures need.
fn deleted_contact(id: Uuid, fields: &Map<String, Value>) -> Contact {
    Contact::decode(id, fields).unwrap_or_else(|_| {
        let mut contact = Contact::with_defaults(id, "");
        contact.role = fields
            .get("role")
            .and_then(Role::deserialize_from)
            .unwrap_or(Role::ServiceUser);
        contact
    })
}

pub(crate) fn week_spans<'a>(windows: impl Iterator<Item = &'a WeeklyWindow> + Clone) -> WeekSpans {
    std::array::from_fn(|index| {
        let day = index as u8 + 1;
        let spans = windows
            .clone()
            .filter(|w| w.covers_day(day))
            .map(|w| (w.start.minutes(), w.end.minutes()));
        join(spans.collect())
    })
}

fn absence_entry(zone: Tz, absence: Absence) -> AbsenceEntry {
    let start = local_instant(zone, absence.starts_at, Edge::Start);
    let end = local_instant(zone, absence.ends_at, Edge::End);
    AbsenceEntry {
        span: (start, end),
        absence,
    }
}

fn contact_entry(contact: Contact, deleted: bool) -> ContactEntry {
    let agreements = if contact.is_service_user() {
        AgreementTimeline::of(&contact)
    } else {
        AgreementTimeline::of(&Contact::with_defaults(contact.id, ""))
    };
    ContactEntry {
        contact,
        deleted,
        agreements,
    }
}

/// Sorted by id, so every device lists them alike.
fn by_id<T>(mut items: Vec<T>, id: impl Fn(&T) -> Uuid) -> Vec<T> {
    crate::order::sort_by_key(&mut items, |item| id(item));
    items
}

fn index_logs(logs: Vec<Log>) -> BTreeMap<Uuid, Vec<LogEntry>> {
    let mut indexed: BTreeMap<Uuid, Vec<LogEntry>> = BTreeMap::new();
    for log in logs {
        let incoming_unanswered = log.direction == Direction::Incoming && !log.answered;
        indexed.entry(log.contact_id).or_default().push(LogEntry {
            at: log.at,
            incoming_unanswered,
            minutes: log.minutes,
        });
    }
    indexed
        .values_mut()
        .for_each(|entries| crate::order::sort_by_key(entries, |entry| entry.at));
    indexed
}
