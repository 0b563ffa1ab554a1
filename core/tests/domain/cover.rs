//! Team cover (domain.md, "Team cover"): what an offer and a request may name, which offer
//! covers, and that the covering colleague stands in first, with their current profile's name
//! and phone.

use peerline_core::cover::{absence_dates, check_offer_request, check_request_absence, Referenced};
use peerline_core::{
    covering_offer, covers_from_team_cover, reachability, resolve_covers, team_cover_entry,
    AnyRecord, Colleague, CoverRequest, CoverWorker, Profile, ReceivedOffer, RecordKind, State,
    TeamCoverEntry, WorkerData,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{oslo, uuid, World, OLA, PER};

const ANNA: Uuid = Uuid::from_u128(0xa);
const JONAS: Uuid = Uuid::from_u128(0xb);
const SIV: Uuid = Uuid::from_u128(0xc);
const TEAM: Uuid = Uuid::from_u128(0x7);
const OTHER_TEAM: Uuid = Uuid::from_u128(0x8);
const REQUEST: Uuid = Uuid::from_u128(0x4e9);
const ABSENCE: Uuid = Uuid::from_u128(0xab5);

fn referenced(kind: RecordKind, owner: Uuid, team: Uuid) -> Option<Referenced> {
    Some(Referenced { kind, owner, team })
}

/// Each case: a name, the record the reference names (if any), and `ok` or the error's start.
fn check_references(
    check: impl Fn(Option<&Referenced>) -> peerline_core::Result<()>,
    cases: &[(&str, Option<Referenced>, &str)],
) {
    for (name, target, expected) in cases {
        let got =
            check(target.as_ref()).map_or_else(|e| format!("{} {e}", e.code()), |()| "ok".into());
        assert!(got.starts_with(expected), "{name}: {got}");
    }
}

#[test]
fn an_offer_names_a_colleague_request_in_the_team_and_a_request_an_own_absence() {
    let elsewhere =
        "invalid_field `request_id` must be a cover request of a colleague in your team";
    check_references(
        |target| check_offer_request(JONAS, TEAM, target),
        &[
            (
                "a colleague's request",
                referenced(RecordKind::CoverRequest, ANNA, TEAM),
                "ok",
            ),
            (
                "one's own",
                referenced(RecordKind::CoverRequest, JONAS, TEAM),
                "invalid_field `request_id` is your own request",
            ),
            (
                "another team's",
                referenced(RecordKind::CoverRequest, SIV, OTHER_TEAM),
                elsewhere,
            ),
            (
                "not a request",
                referenced(RecordKind::Absence, ANNA, TEAM),
                elsewhere,
            ),
            ("nothing", None, elsewhere),
        ],
    );
    let not_own = "invalid_field `absence_id` must be one of your absences";
    check_references(
        |target| check_request_absence(ANNA, target),
        &[
            (
                "own absence",
                referenced(RecordKind::Absence, ANNA, TEAM),
                "ok",
            ),
            (
                "a colleague's absence",
                referenced(RecordKind::Absence, JONAS, TEAM),
                not_own,
            ),
            (
                "own contact",
                referenced(RecordKind::Contact, ANNA, TEAM),
                not_own,
            ),
            ("nothing", None, not_own),
        ],
    );
}

fn request(status: &str) -> CoverRequest {
    let fields = json!({"absence_id": ABSENCE, "note_to_team": "Jul", "status": status});
    let Value::Object(fields) = fields else {
        unreachable!()
    };
    match AnyRecord::decode(RecordKind::CoverRequest, REQUEST, &fields) {
        Ok(AnyRecord::CoverRequest(request)) => request,
        other => panic!("request decodes: {other:?}"),
    }
}

/// An offer `(who, accepted, received)` for [`REQUEST`].
fn offer(who: Uuid, accepted: bool, received: i64) -> ReceivedOffer {
    ReceivedOffer {
        offer_id: Uuid::new_v5(&who, b"offer"),
        request_id: REQUEST,
        colleague: who,
        accepted,
        received,
    }
}

fn christmas(stand_in: Option<Uuid>) -> World {
    World::new()
        .evenings()
        .profile(json!({"display_name": "Anna", "phone": "+47 400 11 111"}))
        .contact(OLA, json!({"name": "Ola"}))
        .contact(PER, json!({"name": "Per", "role": "colleague", "phone": "+47 400 00 009"}))
        .with(
            RecordKind::Absence,
            ABSENCE,
            json!({"starts_at": "2026-12-23T00:00", "ends_at": "2026-12-28T00:00", "kind": "vacation",
                   "stand_in_contact_id": stand_in}),
        )
}

/// A name, the request, whether its absence is live, the offers, and who covers.
type CoveringCase = (
    &'static str,
    CoverRequest,
    bool,
    Vec<ReceivedOffer>,
    Option<Uuid>,
);

#[test]
fn the_first_standing_offer_the_server_received_covers() {
    let with_absence = christmas(None).build();
    let absence = with_absence.absence(ABSENCE);
    let cases: [CoveringCase; 8] = [
        ("no offer", request("open"), true, vec![], None),
        (
            "one offer",
            request("open"),
            true,
            vec![offer(JONAS, true, 7)],
            Some(JONAS),
        ),
        (
            "the first received, whatever the list order",
            request("open"),
            true,
            vec![offer(SIV, true, 9), offer(JONAS, true, 4)],
            Some(JONAS),
        ),
        (
            "a taken-back offer frees the request for the next",
            request("open"),
            true,
            vec![offer(JONAS, false, 4), offer(SIV, true, 9)],
            Some(SIV),
        ),
        (
            "every offer taken back",
            request("open"),
            true,
            vec![offer(JONAS, false, 4)],
            None,
        ),
        (
            "a withdrawn request covers nothing",
            request("withdrawn"),
            true,
            vec![offer(JONAS, true, 4)],
            None,
        ),
        (
            "a deleted absence covers nothing",
            request("open"),
            false,
            vec![offer(JONAS, true, 4)],
            None,
        ),
        (
            "an offer for another request does not count",
            request("open"),
            true,
            vec![
                ReceivedOffer {
                    request_id: uuid(0x999),
                    ..offer(JONAS, true, 1)
                },
                offer(SIV, true, 2),
            ],
            Some(SIV),
        ),
    ];
    for (name, request, absence_live, offers, expected) in cases {
        let live = if absence_live { absence } else { None };
        let got = covering_offer(&request, live, &offers).map(|offer| offer.colleague);
        assert_eq!(got, expected, "{name}");
    }
}

fn colleague(who: Uuid, name: &str, phone: Option<&str>) -> Colleague {
    Colleague {
        worker_id: who,
        display_name: name.to_owned(),
        phone: phone.map(str::to_owned),
    }
}

/// Anna's data with the request, covered as `offers` say, by `colleagues`.
fn covered(world: World, offers: &[ReceivedOffer], colleagues: &[Colleague]) -> WorkerData {
    let data = world
        .with(
            RecordKind::CoverRequest,
            REQUEST,
            json!({"absence_id": ABSENCE}),
        )
        .build();
    let covers = resolve_covers(&data, offers, colleagues);
    data.with_covers(covers)
}

/// The stand-in and the first two fallbacks while the absence lasts.
fn during_christmas(data: &WorkerData) -> String {
    let answer = reachability(data, Some(OLA), oslo("2026-12-24 18:00"));
    let State::Away { stand_in, .. } = &answer.state else {
        panic!("away at Christmas: {answer:?}")
    };
    let stand_in = stand_in
        .as_ref()
        .map_or("none".to_owned(), |s| format!("{} {}", s.label, s.phone));
    let first: Vec<String> = answer
        .fallbacks
        .iter()
        .take(2)
        .map(|f| f.label.clone())
        .collect();
    format!("{stand_in}; {}", first.join(", "))
}

#[test]
fn the_covering_colleague_stands_in_before_the_absence_own_stand_in_and_the_fallbacks() {
    let jonas = [colleague(JONAS, "Jonas Berg", Some("22 33 44 55"))];
    let cases = [
        (
            "covered, with a stand-in of its own",
            covered(christmas(Some(PER)), &[offer(JONAS, true, 1)], &jonas),
            "Jonas Berg 22 33 44 55; Jonas Berg, Mental Helse hjelpetelefon",
        ),
        (
            "not covered: the absence's own stand-in",
            covered(christmas(Some(PER)), &[offer(JONAS, false, 1)], &jonas),
            "Per +47 400 00 009; Per, Mental Helse hjelpetelefon",
        ),
        (
            "covered, no stand-in of its own",
            covered(christmas(None), &[offer(JONAS, true, 1)], &jonas),
            "Jonas Berg 22 33 44 55; Jonas Berg, Mental Helse hjelpetelefon",
        ),
        (
            "a colleague without a phone cannot be called: the absence's own stand-in",
            covered(
                christmas(Some(PER)),
                &[offer(JONAS, true, 1)],
                &[colleague(JONAS, "Jonas Berg", None)],
            ),
            "Per +47 400 00 009; Per, Mental Helse hjelpetelefon",
        ),
        (
            "a colleague no longer in the team covers nothing",
            covered(christmas(None), &[offer(JONAS, true, 1)], &[]),
            "none; Mental Helse hjelpetelefon, Legevakt",
        ),
        (
            "the phone follows the colleague's current profile",
            covered(
                christmas(None),
                &[offer(JONAS, true, 1)],
                &[colleague(JONAS, "Jonas", Some("99 88 77 66"))],
            ),
            "Jonas 99 88 77 66; Jonas, Mental Helse hjelpetelefon",
        ),
    ];
    for (name, data, expected) in cases {
        assert_eq!(during_christmas(&data), expected, "{name}");
    }
}

#[test]
fn a_colleague_is_named_by_their_profile_else_their_account() {
    let mut profile = Profile::with_defaults(JONAS);
    profile.phone = Some("22 33 44 55".into());
    assert_eq!(
        Colleague::from_profile(JONAS, &profile, "Jonas B."),
        colleague(JONAS, "Jonas B.", Some("22 33 44 55"))
    );
    profile.display_name = "Jonas Berg".into();
    assert_eq!(
        Colleague::from_profile(JONAS, &profile, "Jonas B."),
        colleague(JONAS, "Jonas Berg", Some("22 33 44 55"))
    );
}

#[test]
fn the_team_sees_who_when_what_kind_the_note_and_who_covers_with_holidays_marked() {
    let data = christmas(Some(PER))
        .with(
            RecordKind::CoverRequest,
            REQUEST,
            json!({"absence_id": ABSENCE, "note_to_team": "Jul"}),
        )
        .build();
    let request = &data.cover_requests()[0];
    let jonas = colleague(JONAS, "Jonas Berg", Some("22 33 44 55"));
    let worker = CoverWorker {
        id: ANNA,
        display_name: "Anna".into(),
    };
    let entry = team_cover_entry(worker, &data, request, Some(jonas)).expect("the absence exists");
    let wire = serde_json::to_value(&entry).expect("json");
    assert_eq!(
        wire,
        json!({
            "request_id": REQUEST, "worker": {"id": ANNA, "display_name": "Anna"},
            "starts_at": "2026-12-22T23:00:00Z", "ends_at": "2026-12-27T23:00:00Z",
            "kind": "vacation", "note_to_team": "Jul", "status": "open",
            "holiday_dates": ["2026-12-25", "2026-12-26"],
            "covered_by": {"worker_id": JONAS, "display_name": "Jonas Berg", "phone": "22 33 44 55"},
        })
    );
    // The app reads its cached answer back and finds the same cover.
    let cached: Vec<TeamCoverEntry> = serde_json::from_value(json!([wire])).expect("reads back");
    let from_cache = data
        .clone()
        .with_covers(covers_from_team_cover(&data, &cached));
    assert_eq!(
        during_christmas(&from_cache),
        "Jonas Berg 22 33 44 55; Jonas Berg, Mental Helse hjelpetelefon"
    );
    // Another worker's entry, or an uncovered one, gives no cover.
    let mut others = cached.clone();
    others[0].request_id = uuid(0x123);
    assert!(covers_from_team_cover(&data, &others).is_empty());
    others[0].request_id = REQUEST;
    others[0].covered_by = None;
    assert!(covers_from_team_cover(&data, &others).is_empty());
}

#[test]
fn an_absence_covers_its_local_dates_an_end_at_midnight_leaving_its_day() {
    let cases = [
        (
            "2026-12-23T00:00",
            "2026-12-28T00:00",
            "2026-12-23..2026-12-27",
        ),
        (
            "2026-12-23T09:00",
            "2026-12-23T15:00",
            "2026-12-23..2026-12-23",
        ),
        (
            "2026-12-23T09:00",
            "2026-12-24T00:00",
            "2026-12-23..2026-12-23",
        ),
        (
            "2026-12-23T22:00",
            "2026-12-24T00:30",
            "2026-12-23..2026-12-24",
        ),
    ];
    for (starts_at, ends_at, expected) in cases {
        let data = World::new().absence(starts_at, ends_at, json!({})).build();
        let absence = data.absences().next().expect("one absence");
        let (first, last) = absence_dates(absence);
        assert_eq!(
            format!("{first}..{last}"),
            expected,
            "{starts_at} to {ends_at}"
        );
    }
}

proptest::proptest! {
    /// The cover depends on the offers, not on the order the server lists them in; and it is the
    /// standing offer received first.
    #[test]
    fn the_cover_does_not_depend_on_the_listing_order(
        offers in proptest::collection::vec((0..6u128, proptest::bool::ANY, 0..20i64), 0..8),
        rotate in 0..8usize,
    ) {
        let world = christmas(None).build();
        let request = request("open");
        let offers: Vec<ReceivedOffer> = offers
            .iter()
            .enumerate()
            .map(|(n, (who, accepted, received))| ReceivedOffer {
                offer_id: uuid(0x100 + n as u128),
                ..offer(uuid(*who), *accepted, *received)
            })
            .collect();
        let mut rotated = offers.clone();
        if !rotated.is_empty() {
            let by = rotate % rotated.len();
            rotated.rotate_left(by);
        }
        rotated.reverse();
        let absence = world.absence(ABSENCE);
        let first = covering_offer(&request, absence, &offers).copied();
        proptest::prop_assert_eq!(first, covering_offer(&request, absence, &rotated).copied());
        let earliest = offers.iter().filter(|o| o.accepted).map(|o| o.received).min();
        proptest::prop_assert_eq!(first.map(|o| o.received), earliest);
    }
}
