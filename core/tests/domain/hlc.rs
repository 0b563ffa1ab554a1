//! The hybrid logical clock of api.md: its string form, its order, and the device clock.

use peerline_core::{Hlc, HlcClock};
use proptest::prelude::*;

/// Each case: a string and whether it parses (and then formats back to itself).
fn check_parse(cases: &[(&str, bool)]) {
    for (text, valid) in cases {
        let parsed = text.parse::<Hlc>();
        assert_eq!(parsed.is_ok(), *valid, "{text}");
        match parsed {
            Ok(hlc) => assert_eq!(hlc.to_string(), *text),
            Err(error) => assert_eq!(error.code(), "invalid_hlc", "{text}"),
        }
    }
}

#[test]
fn string_form() {
    check_parse(&[
        (
            "1764158400000:0000:6f1c2b9e-8d3a-4f5e-9b7c-1a2b3c4d5e6f",
            true,
        ),
        ("0000000000000:ffff:a", true),
        ("9999999999999:00a0:client_1", true),
        ("1764158400000:0000:", false),
        ("176415840000:0000:a", false),
        ("17641584000000:0000:a", false),
        ("1764158400000:000:a", false),
        ("1764158400000:00A0:a", false),
        ("1764158400000:00g0:a", false),
        ("+764158400000:0000:a", false),
        ("1764158400000:0000:a:b", false),
        ("1764158400000:0000:a b", false),
        ("1764158400000-0000-a", false),
        ("", false),
    ]);
}

/// Each case: a sequence of `tick` (`t`) and `receive` (`r`, with the remote stamp) at wall times,
/// and the stamps the clock gives.
fn check_clock(steps: &[(&str, u64, Option<&str>, &str)]) {
    let mut clock = HlcClock::new("a").expect("client id");
    for (what, now, remote, expected) in steps {
        let stamp = match remote {
            Some(remote) => clock.receive(&remote.parse().expect("remote"), *now),
            None => clock.tick(*now),
        };
        assert_eq!(stamp.to_string(), *expected, "{what} at {now}");
    }
}

#[test]
fn clock_tick_and_receive() {
    check_clock(&[
        ("first tick", 1000, None, "0000000001000:0000:a"),
        ("same millisecond", 1000, None, "0000000001000:0001:a"),
        ("clock stepped back", 900, None, "0000000001000:0002:a"),
        ("clock moved on", 2000, None, "0000000002000:0000:a"),
        (
            "remote ahead of us",
            2100,
            Some("0000000005000:0007:b"),
            "0000000005000:0008:a",
        ),
        ("tick after it", 2200, None, "0000000005000:0009:a"),
        (
            "remote behind, wall ahead",
            9000,
            Some("0000000001000:0003:b"),
            "0000000009000:0000:a",
        ),
        (
            "remote at our millisecond",
            9000,
            Some("0000000009000:0004:b"),
            "0000000009000:0005:a",
        ),
    ]);
}

#[test]
fn counter_overflow_moves_to_the_next_millisecond() {
    let mut clock = HlcClock::new("a").expect("client id");
    let first = clock.receive(&"0000000001000:ffff:b".parse().expect("hlc"), 10);
    assert_eq!(first.to_string(), "0000000001001:0000:a");
    assert!(clock.tick(10) > first);
}

#[test]
fn skew_is_checked_against_the_server_clock() {
    let hlc: Hlc = "0000000700000:0000:a".parse().expect("hlc");
    assert!(hlc.check_skew(100_000).is_ok(), "exactly 10 minutes ahead");
    assert_eq!(
        hlc.check_skew(99_999).map_err(|e| e.code()),
        Err("clock_skew")
    );
}

fn any_hlc() -> impl Strategy<Value = Hlc> {
    (0..=9_999_999_999_999u64, any::<u16>(), "[A-Za-z0-9_-]{1,8}").prop_map(
        |(millis, counter, client)| Hlc::new(millis, counter, &client).expect("valid parts"),
    )
}

proptest! {
    #[test]
    fn string_order_is_hlc_order(a in any_hlc(), b in any_hlc()) {
        prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        prop_assert_eq!(a.to_string().parse::<Hlc>().ok(), Some(a));
    }

    #[test]
    fn stamps_always_grow(events in prop::collection::vec((any::<bool>(), 0..5_000u64, any_hlc()), 1..40)) {
        let mut clock = HlcClock::new("me").expect("client id");
        let mut last: Option<Hlc> = None;
        for (local, now, remote) in events {
            let stamp = if local { clock.tick(now) } else { clock.receive(&remote, now) };
            if !local {
                prop_assert!(stamp > remote || remote.millis() == peerline_core::hlc::MAX_MILLIS);
            }
            if let Some(last) = &last {
                prop_assert!(stamp > *last || stamp.millis() == peerline_core::hlc::MAX_MILLIS);
            }
            last = Some(stamp);
        }
    }
}
