//! `peerline-server demo`: a demo team to click through. One coordinator and two workers with
//! contacts (service users with agreements, the coordinator, a colleague), availability with
//! evening and weekend windows, about two weeks of contact logs (some after hours, with minutes),
//! a shared check-in, and the guidance loop and team cover: Ingrid's day off next Friday, which
//! Jonas covers, and her Christmas holiday, which nobody covers yet (both asked of the team); a
//! planned change of Marius's agreement; Marius's own kind reply; an agenda item shared with the
//! coordinator; and a pending invite of the coordinator's, so the Team members screen has one to
//! show.
//!
//! The records go through [`crate::sync::sync`] exactly like a device's mutations, so they are real
//! synced records: validated and merged by peerline-core, cursors and share links included. The
//! command is safe to run twice: when the demo coordinator's account exists it only prints the
//! credentials again. It refuses a database that holds any other team unless forced
//! ([`OtherTeams`]): its accounts have a published password.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use peerline_core::{
    envelope::{IncomingMutation, IncomingRequest},
    ids, HlcClock, IsoWeek, Mutation, RecordKind,
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::{
    accounts::{
        self,
        invites::{self, Inviter},
        username_key, NewUser, Role, User,
    },
    db::Db,
    store::{self, users},
    sync, tokens, Error, Result,
};

/// The demo team's name.
pub const TEAM_NAME: &str = "Peerline demo";
/// The password of every demo account.
pub const PASSWORD: &str = "peerline-demo";

/// A demo account: (username, display name, role).
const ACCOUNTS: [(&str, &str, Role); 3] = [
    ("demo-coordinator", "Kari Nilsen", Role::Coordinator),
    ("demo-worker-1", "Ingrid Haugen", Role::Worker),
    ("demo-worker-2", "Jonas Berg", Role::Worker),
];

/// What `demo` did.
#[derive(Debug, Clone)]
pub struct DemoOutcome {
    /// False when the demo existed already and nothing was written.
    pub created: bool,
    /// The share link path (`/s/TOKEN`) of one service user, when just created.
    pub share_path: Option<String>,
    /// The pending invite's link path (`/invite/CODE`), when just created.
    pub invite_path: Option<String>,
}

/// Who the demo's pending invite is for.
pub const INVITED_NAME: &str = "Nora Lie";

/// Whether `demo` may write into a database that holds teams other than the demo's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherTeams {
    /// Refuse (the default): the demo accounts' password is published, so seeding them into a
    /// database with real users would hand anyone a login to it.
    Refuse,
    /// Seed anyway (`demo --force`), for test databases.
    Allow,
}

/// Seeds the demo team at `now`, unless it is there already; refuses a database that holds other
/// teams.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<DemoOutcome> {
    seed_with(db, now, OtherTeams::Refuse).await
}

/// [`seed`], saying whether other teams may be there.
pub async fn seed_with(
    db: &Db,
    now: DateTime<Utc>,
    other_teams: OtherTeams,
) -> Result<DemoOutcome> {
    if other_teams == OtherTeams::Refuse {
        refuse_other_teams(db).await?;
    }
    if users::user_for_login(db.pool(), &username_key(ACCOUNTS[0].0))
        .await?
        .is_some()
    {
        return Ok(DemoOutcome {
            created: false,
            share_path: None,
            invite_path: None,
        });
    }
    let team_id = match users::team_id_by_name(db.pool(), TEAM_NAME).await? {
        Some(id) => Uuid::parse_str(&id).map_err(|_| Error::Corrupt("team id".into()))?,
        None => accounts::create_team(db, TEAM_NAME, now).await?,
    };
    let mut user_ids = Vec::new();
    for (username, display_name, role) in ACCOUNTS {
        let new_user = NewUser {
            team_id,
            role,
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            password: PASSWORD.to_owned(),
        };
        user_ids.push(accounts::create_user(db, new_user, now).await?);
    }
    let share_token = tokens::new_token();
    let cover = CoverIds {
        day_off: Uuid::new_v4(),
        day_off_request: Uuid::new_v4(),
        christmas: Uuid::new_v4(),
        christmas_request: Uuid::new_v4(),
    };
    let ingrid = WorkerPlan::ingrid(user_ids[1], now, &share_token, &cover);
    let jonas = WorkerPlan::jonas(user_ids[2], now, &cover);
    for plan in [ingrid, jonas] {
        plan.write(db, now).await?;
    }
    let (username, display_name, role) = ACCOUNTS[0];
    let coordinator = User {
        id: user_ids[0],
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        team_id,
    };
    let inviter = Inviter::Coordinator {
        user: &coordinator,
        endpoint: "/api/v1/team/invites",
    };
    let invite = invites::create(db, inviter, Role::Worker, INVITED_NAME, now).await?;
    Ok(DemoOutcome {
        created: true,
        share_path: Some(format!("/s/{share_token}")),
        invite_path: Some(format!("/invite/{}", invite.code)),
    })
}

/// An error naming the other teams, if the database holds any.
async fn refuse_other_teams(db: &Db) -> Result<()> {
    const NAMED: i64 = 3;
    let others = users::team_names_other_than(db.pool(), TEAM_NAME, NAMED + 1).await?;
    if others.is_empty() {
        return Ok(());
    }
    let mut named = others
        .iter()
        .take(NAMED as usize)
        .map(|name| format!("{name:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if others.len() > NAMED as usize {
        named.push_str(", ...");
    }
    Err(Error::InvalidInput(format!(
        "this database already holds other teams ({named}); demo adds accounts whose password \
         ({PASSWORD}) is published, so it refuses. Seed a database of its own, or pass --force \
         if this one is for testing"
    )))
}

/// The lines `demo` prints: the accounts and their password.
pub fn credentials() -> Vec<String> {
    let mut lines = vec![format!(
        "Demo team \"{TEAM_NAME}\"; every account's password is {PASSWORD}"
    )];
    for (username, display_name, role) in ACCOUNTS {
        lines.push(format!(
            "  {:<12} {username:<17} {display_name}",
            role.as_str()
        ));
    }
    lines
}

/// The ids of Ingrid's absences and cover requests, which Jonas's offer names.
struct CoverIds {
    day_off: Uuid,
    day_off_request: Uuid,
    christmas: Uuid,
    christmas_request: Uuid,
}

/// One worker's records, as (kind, id, fields) in writing order.
struct WorkerPlan {
    user_id: Uuid,
    records: Vec<(RecordKind, Uuid, Value)>,
}

impl WorkerPlan {
    /// Ingrid: two service users with agreements (one shared by link, with a planned change and a
    /// kind reply of its own), evening and weekend availability, busy logs, a day off next Friday
    /// and a Christmas holiday (both asked of the team), a shared check-in asking for guidance,
    /// and an agenda item for the coordinator.
    fn ingrid(user_id: Uuid, now: DateTime<Utc>, share_token: &str, cover: &CoverIds) -> Self {
        let today = now.date_naive();
        let (marius, sara) = (Uuid::new_v4(), Uuid::new_v4());
        let mut plan = Self::base(user_id, "Ingrid Haugen", "+47 400 00 001");
        plan.add(
            RecordKind::Availability,
            ids::availability_id(user_id),
            json!({"windows": [
                {"days": [1, 2, 3, 4, 5], "start": "10:00", "end": "14:00"},
                {"days": [1, 2, 3, 4], "start": "18:00", "end": "21:00"},
                {"days": [6], "start": "12:00", "end": "16:00"},
            ]}),
        );
        plan.add(
            RecordKind::Contact,
            marius,
            json!({
                "name": "Marius", "phone": "+47 911 22 333", "role": "service_user",
                "started_on": date(today - Duration::days(180)), "status": "active",
                "agreement_windows": [
                    {"days": [1, 2, 3, 4], "start": "18:00", "end": "20:00"},
                    {"days": [6], "start": "12:00", "end": "14:00"},
                ],
                "max_contacts_per_day": 3, "max_contacts_per_week": 10,
                "expectations": "Send en SMS først. Jeg ringer tilbake samme kveld.",
                "notes": "Privat: liker å gå tur når vi møtes.",
                "share_token": share_token,
                "kind_reply": "Hei {name}! Jeg ser at du har prøvd å nå meg. Jeg er tilbake \
                               {next}. Trenger du noen nå, ring {fallback}. Hilsen Ingrid",
                "agreement_changes": [{
                    "from": date(next_weekday(today, 1) + Duration::days(14)),
                    "agreement_windows": [{"days": [1, 2, 3, 4], "start": "18:00", "end": "19:30"}],
                    "max_contacts_per_day": 2, "max_contacts_per_week": 8,
                    "expectations": "Send en SMS først. Vi snakkes mandag til torsdag kveld.",
                }],
            }),
        );
        plan.add(RecordKind::Contact, sara, json!({
            "name": "Sara", "phone": "+47 922 33 444", "role": "service_user",
            "started_on": date(today - Duration::days(700)), "review_on": date(today + Duration::days(30)),
            "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "12:00", "end": "14:00"}],
            "max_contacts_per_day": 2,
            "expectations": "Vi snakkes i lunsjen på hverdager.",
        }));
        plan.add_colleagues();
        plan.add_logs(now, &[marius, sara], 14);
        let next_friday = next_weekday(today, 5);
        plan.add_away(
            (cover.day_off, cover.day_off_request),
            (next_friday, 1, "day_off"),
            "Jeg har fri i dag. Jonas svarer for meg.",
            "Fri fredag. To deltakere kan ringe.",
        );
        plan.add_away(
            (cover.christmas, cover.christmas_request),
            (christmas_eve_eve(today), 5, "vacation"),
            "God jul! Jeg er tilbake 28. desember.",
            "Juleferie. Hvem kan ta romjulen?",
        );
        plan.add(
            RecordKind::AgendaItem,
            Uuid::new_v4(),
            json!({
                "week": IsoWeek::of(today).to_string(), "topic": "boundaries",
                "contact_id": marius.to_string(), "share_with_coordinator": true,
                "note": "Privat: Marius ringer sent om kvelden.",
            }),
        );
        plan.add_checkin(
            today,
            json!({
                "energy": 2, "strain": 4, "burnout": 3, "needs_guidance": true,
                "share_with_coordinator": true, "note": "Privat: travel uke med Marius.",
            }),
        );
        plan
    }

    /// Jonas: one service user, weekend-heavy availability, fewer logs, an unshared check-in, and
    /// his offer to cover Ingrid's day off.
    fn jonas(user_id: Uuid, now: DateTime<Utc>, cover: &CoverIds) -> Self {
        let today = now.date_naive();
        let ali = Uuid::new_v4();
        let mut plan = Self::base(user_id, "Jonas Berg", "+47 400 00 002");
        plan.add(
            RecordKind::Availability,
            ids::availability_id(user_id),
            json!({"windows": [
                {"days": [2, 4], "start": "16:00", "end": "22:00"},
                {"days": [6, 7], "start": "10:00", "end": "18:00"},
            ]}),
        );
        plan.add(
            RecordKind::Contact,
            ali,
            json!({
                "name": "Ali", "phone": "+47 933 44 555", "role": "service_user",
                "started_on": date(today - Duration::days(60)),
                "agreement_windows": [{"days": [6, 7], "start": "12:00", "end": "16:00"}],
                "max_contacts_per_week": 4,
                "expectations": "Helgene er våre. I ukene svarer jeg på SMS.",
            }),
        );
        plan.add_colleagues();
        plan.add_logs(now, &[ali], 14);
        plan.add_checkin(
            today,
            json!({
                "energy": 4, "strain": 2, "burnout": 1, "needs_guidance": false,
                "share_with_coordinator": false,
            }),
        );
        plan.add(
            RecordKind::CoverOffer,
            Uuid::new_v4(),
            json!({"request_id": cover.day_off_request, "accepted": true}),
        );
        plan
    }

    fn base(user_id: Uuid, display_name: &str, phone: &str) -> Self {
        let mut plan = Self {
            user_id,
            records: Vec::new(),
        };
        plan.add(
            RecordKind::Profile,
            ids::profile_id(user_id),
            json!({
                "display_name": display_name, "phone": phone, "timezone": "Europe/Oslo",
                "language": "nb", "away_message": "Jeg er ikke tilgjengelig nå. Prøv igjen senere.",
            }),
        );
        plan
    }

    fn add(&mut self, kind: RecordKind, id: Uuid, fields: Value) {
        self.records.push((kind, id, fields));
    }

    /// An absence of whole days `(first, days, kind)` with its message, and a request to the team
    /// to cover it with a note: ids `(absence, request)`.
    fn add_away(
        &mut self,
        (absence, request): (Uuid, Uuid),
        (first, days, kind): (NaiveDate, i64, &str),
        message: &str,
        note_to_team: &str,
    ) {
        self.add(
            RecordKind::Absence,
            absence,
            json!({
                "starts_at": format!("{}T00:00", date(first)),
                "ends_at": format!("{}T00:00", date(first + Duration::days(days))),
                "kind": kind, "message": message,
            }),
        );
        self.add(
            RecordKind::CoverRequest,
            request,
            json!({"absence_id": absence, "note_to_team": note_to_team}),
        );
    }

    fn add_colleagues(&mut self) {
        self.add(RecordKind::Contact, Uuid::new_v4(), json!({
            "name": "Kari Nilsen (koordinator)", "phone": "+47 400 00 000", "role": "coordinator",
        }));
        self.add(
            RecordKind::Contact,
            Uuid::new_v4(),
            json!({
                "name": "Per", "phone": "+47 400 00 009", "role": "colleague",
            }),
        );
    }

    /// About two logs a day over `days` days with the given contacts: calls and SMS both ways,
    /// some unanswered, some late in the evening and on weekends. Deterministic.
    fn add_logs(&mut self, now: DateTime<Utc>, contacts: &[Uuid], days: i64) {
        const CHANNELS: [&str; 4] = ["call", "sms", "call", "message"];
        const HOURS_UTC: [i64; 5] = [11, 17, 18, 21, 16];
        for day in 0..days {
            for slot in 0..(1 + day % 3) {
                let seed = usize::try_from(day * 3 + slot).unwrap_or(0);
                let at = start_of_day(now) - Duration::days(day)
                    + Duration::hours(HOURS_UTC[seed % 5])
                    + Duration::minutes((seed as i64 * 17) % 60);
                if at > now {
                    continue;
                }
                let incoming = seed % 3 != 1;
                self.add(RecordKind::Log, Uuid::new_v4(), json!({
                    "contact_id": contacts[seed % contacts.len()].to_string(),
                    "at": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "channel": CHANNELS[seed % 4],
                    "direction": if incoming { "incoming" } else { "outgoing" },
                    "answered": !(incoming && seed % 4 == 0),
                    "minutes": if CHANNELS[seed % 4] == "call" { json!(5 + seed % 20) } else { Value::Null },
                }));
            }
        }
    }

    fn add_checkin(&mut self, today: NaiveDate, mut fields: Value) {
        let week = IsoWeek::of(today);
        fields["week"] = json!(week.to_string());
        self.add(
            RecordKind::Checkin,
            ids::checkin_id(self.user_id, week),
            fields,
        );
    }

    /// Writes the records through the sync engine, as the demo device's mutations.
    async fn write(self, db: &Db, now: DateTime<Utc>) -> Result<()> {
        let client_id = Uuid::new_v4();
        let mut clock = HlcClock::new(&client_id.to_string())
            .ok_or_else(|| Error::Corrupt("demo client id".into()))?;
        let now_millis = u64::try_from(store::to_millis(now)).unwrap_or(0);
        let mutations = (1_u64..)
            .zip(self.records)
            .map(|(mid, (kind, id, fields))| IncomingMutation {
                mid,
                parsed: Ok(Mutation {
                    mid,
                    kind,
                    id,
                    hlc: clock.tick(now_millis),
                    set: into_map(fields),
                    deleted: None,
                }),
            })
            .collect();
        let request = IncomingRequest {
            client_id,
            cursor: None,
            mutations,
        };
        let outcome = sync::sync(db, self.user_id, request, now).await?;
        match outcome.rejected.first() {
            Some(rejection) => Err(Error::Corrupt(format!(
                "a demo record was rejected ({}: {})",
                rejection.code, rejection.message
            ))),
            None => Ok(()),
        }
    }
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn start_of_day(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(now, |midnight| midnight.and_utc())
}

/// The next 23 December from `today` on (this year's until it has begun, then next year's).
fn christmas_eve_eve(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 12, 23).unwrap_or(today);
    if today < this_year {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 12, 23).unwrap_or(today)
    }
}

/// The next date after `today` that is ISO weekday `weekday` (1 = Monday).
fn next_weekday(today: NaiveDate, weekday: u32) -> NaiveDate {
    let current = today.weekday().number_from_monday();
    let ahead = (weekday + 7 - current) % 7;
    today + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}
