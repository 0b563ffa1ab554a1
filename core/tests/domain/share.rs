//! The share page: the response built from a worker's records (exactly api.md's keys, nothing
//! private), and a stored response recomputed at later instants, the page's offline mode. Cases read
//! `NOW => CARD` in Oslo wall time.

use chrono::Duration;
use peerline_core::{
    encode_share_token, share_response, Card, CardState, ShareResponse, SHARE_TOKEN_BYTES,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{oslo, show, World, KARI, NILS, OLA};

/// Ola, a service user with an agreement, expectations and a note that must never be shared; Kari,
/// the coordinator; Nils, a colleague. Evenings Mon-Fri, Saturday afternoon.
fn world() -> World {
    world_with_profile(json!({}))
}

/// [`world`] with more profile fields.
fn world_with_profile(extra: Value) -> World {
    let mut profile = json!({"display_name": "Per", "phone": "+47 400 12 345",
                             "away_message": "I'm resting, talk soon"});
    if let (Some(profile), Value::Object(extra)) = (profile.as_object_mut(), extra) {
        profile.extend(extra);
    }
    World::new()
        .evenings()
        .profile(profile)
        .contact(
            OLA,
            json!({"name": "Ola", "phone": "+47 912 34 567", "notes": "CANARY-NOTE",
                   "max_contacts_per_day": 2, "max_contacts_per_week": 5,
                   "expectations": "Call in the evening; SMS is fine any time",
                   "share_token": "CANARYTOKEN0123456789abcdef"}),
        )
        .contact(
            KARI,
            json!({"name": "Kari", "role": "coordinator", "phone": "+47 900 00 001",
                   "notes": "CANARY-KARI"}),
        )
        .contact(
            NILS,
            json!({"name": "Nils", "role": "colleague", "phone": "+47 400 00 000"}),
        )
}

fn response(world: &World, now: &str) -> ShareResponse {
    share_response(&world.build(), OLA, oslo(now)).expect("Ola is shared")
}

/// `reachable until 2024-11-04 21:00+01 (message)`.
fn describe(card: Card<'_>) -> String {
    let state = match card.state {
        CardState::Reachable { until } => format!("reachable until {}", show(until)),
        CardState::NotNow { next_start } => format!("not_now {}", show(next_start)),
        CardState::LimitReached { next_start } => format!("limit_reached {}", show(next_start)),
        CardState::Away { until } => format!("away until {}", show(until)),
        CardState::NoUpcoming => "no_upcoming".to_owned(),
        CardState::Unknown => "unknown".to_owned(),
    };
    match card.message {
        Some(message) => format!("{state} ({message})"),
        None => state,
    }
}

/// The card of the response made at `generated` for each case's later (or earlier) now.
fn check_cards(world: &World, generated: &str, cases: &[&str]) {
    let stored = response(world, generated);
    // What the page stores is the JSON; recompute from a round trip of it.
    let text = serde_json::to_string(&stored).expect("serialize");
    let stored: ShareResponse = serde_json::from_str(&text).expect("deserialize");
    for case in cases {
        let (now, expected) = case.split_once(" => ").expect("NOW => CARD");
        assert_eq!(
            describe(stored.card_at(oslo(now))),
            expected,
            "made {generated}, case `{case}`"
        );
    }
}

#[test]
fn the_response_has_exactly_the_contract_keys_and_no_private_field() {
    let world = world().log(OLA, oslo("2024-11-04 17:10"), "in");
    let body = serde_json::to_value(response(&world, "2024-11-04 18:00")).expect("json");
    let expected = json!({
        "worker": {"display_name": "Per", "phone": "+47 400 12 345"},
        "contact": {"name": "Ola"},
        "timezone": "Europe/Oslo",
        "reachability": {"state": "reachable", "until": "2024-11-04T20:00:00Z",
                         "next_start": null, "message": null},
        "windows": [
            {"start": "2024-11-04T16:00:00Z", "end": "2024-11-04T20:00:00Z"},
            {"start": "2024-11-05T16:00:00Z", "end": "2024-11-05T20:00:00Z"},
            {"start": "2024-11-06T16:00:00Z", "end": "2024-11-06T20:00:00Z"},
            {"start": "2024-11-07T16:00:00Z", "end": "2024-11-07T20:00:00Z"},
            {"start": "2024-11-08T16:00:00Z", "end": "2024-11-08T20:00:00Z"},
            {"start": "2024-11-09T11:00:00Z", "end": "2024-11-09T15:00:00Z"},
            {"start": "2024-11-11T16:00:00Z", "end": "2024-11-11T20:00:00Z"},
            {"start": "2024-11-12T16:00:00Z", "end": "2024-11-12T20:00:00Z"},
            {"start": "2024-11-13T16:00:00Z", "end": "2024-11-13T20:00:00Z"},
            {"start": "2024-11-14T16:00:00Z", "end": "2024-11-14T20:00:00Z"},
            {"start": "2024-11-15T16:00:00Z", "end": "2024-11-15T20:00:00Z"},
            {"start": "2024-11-16T11:00:00Z", "end": "2024-11-16T15:00:00Z"},
            {"start": "2024-11-18T16:00:00Z", "end": "2024-11-18T20:00:00Z"},
        ],
        "expectations": "Call in the evening; SMS is fine any time",
        "limits": {"per_day": 2, "per_week": 5},
        "fallbacks": [
            {"label": "Kari", "phone": "+47 900 00 001"},
            {"label": "Mental Helse hjelpetelefon", "phone": "116 123"},
            {"label": "Legevakt", "phone": "116 117"},
            {"label": "Nødnummer", "phone": "113"},
        ],
        "generated_at": "2024-11-04T17:00:00Z",
        "upcoming_absences": [],
        "next_agreement_change": null,
    });
    assert_eq!(body, expected);
    let text = body.to_string();
    for canary in ["CANARY", "912 34 567", "Nils", "400 00 000"] {
        assert!(!text.contains(canary), "{canary} leaked: {text}");
    }
}

#[test]
fn limits_hidden_read_as_not_now_and_null() {
    let world = world_with_profile(json!({"show_limits_to_service_users": false})).logs(
        OLA,
        &[("2024-11-04 17:10", "in"), ("2024-11-04 17:20", "out")],
    );
    let body = serde_json::to_value(response(&world, "2024-11-04 18:00")).expect("json");
    assert_eq!(body["limits"], Value::Null);
    assert_eq!(body["reachability"]["state"], "not_now");
    assert_eq!(body["reachability"]["next_start"], "2024-11-05T16:00:00Z");
}

#[test]
fn only_a_live_ongoing_contact_is_shared() {
    let unshared =
        |world: World, id: Uuid| share_response(&world.build(), id, oslo("2024-11-04 18:00"));
    assert!(
        unshared(world(), Uuid::from_u128(0xdead)).is_none(),
        "unknown"
    );
    let ended = World::new()
        .evenings()
        .contact(OLA, json!({"name": "Ola", "status": "ended"}));
    assert!(unshared(ended, OLA).is_none(), "ended");
    let deleted = World::new()
        .evenings()
        .deleted_contact(OLA, json!({"name": "Ola"}));
    assert!(unshared(deleted, OLA).is_none(), "deleted");
    let paused = World::new()
        .evenings()
        .contact(OLA, json!({"name": "Ola", "status": "paused"}));
    assert!(unshared(paused, OLA).is_some(), "paused is still shared");
    // Links are for service users only: a colleague's or the coordinator's contact shows nothing.
    for role in ["colleague", "coordinator", "service"] {
        let other = World::new()
            .evenings()
            .contact(OLA, json!({"name": "Ola", "role": role}));
        assert!(unshared(other, OLA).is_none(), "{role}");
    }
    assert!(unshared(world(), KARI).is_none(), "the coordinator");
    assert!(unshared(world(), NILS).is_none(), "a colleague");
}

#[test]
fn a_stored_card_moves_on_with_the_clock() {
    check_cards(
        &world(),
        "2024-11-04 18:00",
        &[
            "2024-11-04 18:00 => reachable until 2024-11-04 21:00+01",
            "2024-11-04 20:59 => reachable until 2024-11-04 21:00+01",
            // The away message was not known while reachable: it cannot be shown offline.
            "2024-11-04 21:00 => not_now 2024-11-05 17:00+01",
            "2024-11-05 17:30 => reachable until 2024-11-05 21:00+01",
            "2024-11-09 16:00 => not_now 2024-11-11 17:00+01",
            "2024-11-16 15:59 => reachable until 2024-11-16 16:00+01",
            "2024-11-18 20:00 => reachable until 2024-11-18 21:00+01",
            // Past the 14 stored days: the page cannot tell any more.
            "2024-11-18 21:00 => unknown",
            // A phone clock behind the server's: the server's answer stands.
            "2024-11-04 12:00 => reachable until 2024-11-04 21:00+01",
        ],
    );
    check_cards(
        &world(),
        "2024-11-04 12:00",
        &[
            "2024-11-04 12:00 => not_now 2024-11-04 17:00+01 (I'm resting, talk soon)",
            "2024-11-04 17:00 => reachable until 2024-11-04 21:00+01",
            "2024-11-04 22:00 => not_now 2024-11-05 17:00+01 (I'm resting, talk soon)",
        ],
    );
}

#[test]
fn a_stored_limit_or_absence_holds_until_its_end() {
    let limited = world().logs(
        OLA,
        &[("2024-11-04 17:10", "in"), ("2024-11-04 17:20", "out")],
    );
    check_cards(
        &limited,
        "2024-11-04 18:00",
        &[
            "2024-11-04 19:00 => limit_reached 2024-11-05 17:00+01 (I'm resting, talk soon)",
            "2024-11-05 17:00 => reachable until 2024-11-05 21:00+01",
        ],
    );
    let away = world().absence(
        "2024-11-04T00:00",
        "2024-11-07T00:00",
        json!({"message": "Back Thursday", "kind": "vacation", "stand_in_contact_id": NILS}),
    );
    let stored = response(&away, "2024-11-04 18:00");
    assert_eq!(stored.fallbacks[0].label, "Nils", "the stand-in first");
    check_cards(
        &away,
        "2024-11-04 18:00",
        &[
            "2024-11-06 23:59 => away until 2024-11-07 00:00+01 (Back Thursday)",
            // The absence's message ends with it.
            "2024-11-07 00:00 => not_now 2024-11-07 17:00+01",
            "2024-11-07 18:00 => reachable until 2024-11-07 21:00+01",
        ],
    );
}

#[test]
fn no_upcoming_stays_within_the_sixty_days_looked_at() {
    let nothing = World::new().contact(OLA, json!({"name": "Ola"}));
    check_cards(
        &nothing,
        "2024-11-04 18:00",
        &[
            "2024-11-04 18:00 => no_upcoming",
            "2024-12-20 18:00 => no_upcoming",
            "2025-01-04 18:00 => unknown",
        ],
    );
}

/// The coming days' list: `DATE: START-END, ...` or `DATE ?` when not covered.
fn check_days(stored: &ShareResponse, now: &str, count: u64, expected: &[&str]) {
    let shown: Vec<String> = stored
        .days(oslo(now), count)
        .iter()
        .map(|day| {
            let windows: Vec<String> = day
                .windows
                .iter()
                .map(|w| format!("{}-{}", &show(w.start)[11..16], &show(w.end)[11..16]))
                .collect();
            let mark = if day.known { "" } else { " ?" };
            format!("{}{mark}: {}", day.date, windows.join(", "))
        })
        .collect();
    assert_eq!(shown, expected, "now {now}");
}

#[test]
fn the_coming_days_by_local_date() {
    let stored = response(&world(), "2024-11-04 18:00");
    check_days(
        &stored,
        "2024-11-04 18:00",
        7,
        &[
            "2024-11-04: 17:00-21:00",
            "2024-11-05: 17:00-21:00",
            "2024-11-06: 17:00-21:00",
            "2024-11-07: 17:00-21:00",
            "2024-11-08: 17:00-21:00",
            "2024-11-09: 12:00-16:00",
            "2024-11-10: ",
        ],
    );
    // Ten days on, offline: today's window is over, and the last days are past the stored 14.
    check_days(
        &stored,
        "2024-11-14 22:00",
        7,
        &[
            "2024-11-14: ",
            "2024-11-15: 17:00-21:00",
            "2024-11-16: 12:00-16:00",
            "2024-11-17: ",
            "2024-11-18 ?: 17:00-21:00",
            "2024-11-19 ?: ",
            "2024-11-20 ?: ",
        ],
    );
    let past_midnight = World::new()
        .weekly(&[(&[5], "22:00", "24:00"), (&[6], "00:00", "02:00")])
        .contact(OLA, json!({"name": "Ola"}));
    let stored = response(&past_midnight, "2024-11-09 01:00");
    check_days(&stored, "2024-11-09 01:00", 1, &["2024-11-09: 22:00-02:00"]);
}

#[test]
fn windows_cross_daylight_saving_in_real_time() {
    // Spring forward on 31 March 2024: 01:30-03:30 lasts one real hour.
    let world = World::new()
        .weekly(&[(&[7], "01:30", "03:30")])
        .profile(json!({"observe_public_holidays": false}))
        .contact(OLA, json!({"name": "Ola"}));
    let stored = response(&world, "2024-03-30 12:00");
    let window = stored.windows[0];
    assert_eq!((window.end - window.start), Duration::hours(1));
    check_cards(
        &world,
        "2024-03-30 12:00",
        &[
            "2024-03-31 01:45 => reachable until 2024-03-31 03:30+02",
            "2024-03-31 03:30 => not_now 2024-04-07 01:30+02",
        ],
    );
}

#[test]
fn tokens_are_base64url_of_the_random_bytes() {
    let zeros = encode_share_token(&[0; SHARE_TOKEN_BYTES]);
    assert_eq!(zeros, "A".repeat(43));
    let ones = encode_share_token(&[0xff; SHARE_TOKEN_BYTES]);
    assert_eq!(ones, format!("{}8", "_".repeat(42)));
    let mut counting = [0u8; SHARE_TOKEN_BYTES];
    counting
        .iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = i as u8);
    // `base64 -w0 | tr '+/' '-_' | tr -d =` of bytes 0..32.
    assert_eq!(
        encode_share_token(&counting),
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    );
}

/// A response stored before `upcoming_absences` and `next_agreement_change` existed still reads.
#[test]
fn a_response_stored_before_the_additions_still_reads() {
    let mut body = serde_json::to_value(response(&world(), "2024-11-04 18:00")).expect("json");
    let object = body.as_object_mut().expect("object");
    object.remove("upcoming_absences");
    object.remove("next_agreement_change");
    let stored: ShareResponse = serde_json::from_value(body).expect("reads");
    assert!(stored.upcoming_absences.is_empty() && stored.next_agreement_change.is_none());
}

/// Absences ahead: those starting within 14 days, not the current one, with who answers.
#[test]
fn upcoming_absences_within_fourteen_days_with_who_answers() {
    let world = world()
        .absence(
            "2024-11-04T00:00",
            "2024-11-05T00:00",
            json!({"message": "today"}),
        )
        .absence(
            "2024-11-08T00:00",
            "2024-11-09T00:00",
            json!({"message": "Friday", "stand_in_contact_id": NILS}),
        )
        .absence(
            "2024-11-18T12:00",
            "2024-11-19T00:00",
            json!({"stand_in_contact_id": KARI}),
        )
        .absence(
            "2024-11-18T18:01",
            "2024-11-20T00:00",
            json!({"message": "too far"}),
        );
    let stored = response(&world, "2024-11-04 18:00");
    let shown: Vec<String> = stored
        .upcoming_absences
        .iter()
        .map(|absence| {
            let who = absence
                .stand_in
                .as_ref()
                .map_or("nobody".to_owned(), |s| s.label.clone());
            format!(
                "{} - {} {:?} {who}",
                show(absence.starts_at),
                show(absence.ends_at),
                absence.message.as_deref()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "2024-11-08 00:00+01 - 2024-11-09 00:00+01 Some(\"Friday\") Nils",
            "2024-11-18 12:00+01 - 2024-11-19 00:00+01 None Kari",
        ]
    );
    // Offline, the card turns to the absence as it begins, its stand-in first.
    check_cards(
        &world,
        "2024-11-04 18:00",
        &[
            "2024-11-07 18:00 => reachable until 2024-11-07 21:00+01",
            "2024-11-08 00:00 => away until 2024-11-09 00:00+01 (Friday)",
            "2024-11-08 18:00 => away until 2024-11-09 00:00+01 (Friday)",
            "2024-11-09 12:30 => reachable until 2024-11-09 16:00+01",
        ],
    );
    let text = serde_json::to_string(&stored).expect("json");
    let stored: ShareResponse = serde_json::from_str(&text).expect("reads");
    let first = |now: &str| stored.fallbacks_at(oslo(now))[0].label.clone();
    assert_eq!(first("2024-11-07 18:00"), "Kari");
    assert_eq!(first("2024-11-08 18:00"), "Nils");
    assert_eq!(
        stored.fallbacks_at(oslo("2024-11-08 18:00")).len(),
        stored.fallbacks.len() + 1
    );
}

/// The next planned change within 60 days: what it sets, as in force from its date.
#[test]
fn the_next_agreement_change_shows_what_it_sets() {
    let with_changes = |show_limits: bool, changes: Value| {
        World::new()
            .evenings()
            .profile(json!({"display_name": "Per", "show_limits_to_service_users": show_limits}))
            .contact(
            OLA,
            json!({"name": "Ola", "max_contacts_per_day": 2, "max_contacts_per_week": 5,
                   "expectations": "Call in the evening",
                   "agreement_windows": [{"days": [1, 2, 3, 4, 5], "start": "18:00", "end": "22:00"}],
                   "agreement_changes": changes}),
        )
    };
    let taper = json!([
        {"from": "2024-11-01", "expectations": "Past"},
        {"from": "2024-12-02", "max_contacts_per_day": 1,
         "agreement_windows": [{"days": [1, 3, 6], "start": "12:00", "end": "20:00"}]},
        {"from": "2025-02-01", "expectations": "Later"},
    ]);
    let cases = [
        (
            "limits and windows",
            with_changes(true, taper.clone()),
            json!({"from": "2024-12-02", "limits": {"per_day": 1, "per_week": 5}, "expectations": null,
                   "windows": [{"days": [1, 3], "start": "17:00", "end": "20:00"},
                               {"days": [6], "start": "12:00", "end": "16:00"}]}),
        ),
        (
            "limits hidden",
            with_changes(false, taper.clone()),
            json!({"from": "2024-12-02", "limits": null, "expectations": null,
                   "windows": [{"days": [1, 3], "start": "17:00", "end": "20:00"},
                               {"days": [6], "start": "12:00", "end": "16:00"}]}),
        ),
        (
            "back to the worker's own windows",
            with_changes(
                true,
                json!([{"from": "2024-11-11", "agreement_windows": [], "expectations": "New"}]),
            ),
            json!({"from": "2024-11-11", "limits": null, "expectations": "New",
                   "windows": [{"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"},
                               {"days": [6], "start": "12:00", "end": "16:00"}]}),
        ),
        (
            "nothing planned",
            with_changes(true, json!([])),
            Value::Null,
        ),
        (
            "too far ahead",
            with_changes(
                true,
                json!([{"from": "2025-01-04", "expectations": "Later"}]),
            ),
            Value::Null,
        ),
    ];
    for (name, world, expected) in cases {
        let body = serde_json::to_value(response(&world, "2024-11-04 18:00")).expect("json");
        assert_eq!(body["next_agreement_change"], expected, "{name}");
    }
    // The expectations shown are the ones in force today (the change of 1 November).
    let body = serde_json::to_value(response(&with_changes(true, taper), "2024-11-04 18:00"))
        .expect("json");
    assert_eq!(body["expectations"], "Past");
}
