//! Fuzz target `sync_request`: arbitrary bytes as the body of `POST /sync`, read the way the server
//! reads it (serde_json into a `Value`, as its `ApiJson` extractor does, then
//! `peerline_core::envelope::parse`), and each well-formed mutation taken through the pure checks
//! the server's `Applier` runs (`Hlc::check_skew`, `peerline_core::apply`).
//!
//! Invariants: nothing panics; an accepted envelope keeps its limits (at most 1,000 mutations, mids
//! 1..=2^53-1 strictly increasing); re-encoding what was accepted (with the app's own encoder,
//! serde, for parsed mutations) and reading it again gives the same request (floats: within a few
//! ULP, see `peerline_fuzz::same_json`); applying a mutation to the record it produced changes
//! nothing (api.md: replays change nothing).

#![no_main]

use chrono::{DateTime, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use peerline_core::envelope::{self, IncomingMutation, IncomingRequest, MAX_MID};
use peerline_core::{apply, SyncRequest, MAX_MUTATIONS_PER_REQUEST};
use peerline_fuzz::same_json;
use serde_json::{json, Value};

fuzz_target!(|bytes: &[u8]| {
    let Ok(body) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    let Ok(request) = envelope::parse(&body) else {
        return;
    };
    check_limits(&request);
    check_round_trip(&body, &request);
    let now = server_now();
    for incoming in &request.mutations {
        if let Ok(mutation) = &incoming.parsed {
            assert_eq!(mutation.mid, incoming.mid);
            let _ = mutation.hlc.check_skew(now.timestamp_millis() as u64);
            if let Ok(merged) = apply(None, mutation, now) {
                assert_eq!(apply(Some(&merged), mutation, now).as_ref(), Ok(&merged));
            }
        }
    }
});

/// The clock of a server the fuzzed hlcs are checked against: the day api.md's examples are from.
fn server_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 45, 0)
        .single()
        .unwrap_or_default()
}

fn check_limits(request: &IncomingRequest) {
    assert!(request.mutations.len() <= MAX_MUTATIONS_PER_REQUEST);
    let mut previous = 0;
    for incoming in &request.mutations {
        assert!(incoming.mid > previous && incoming.mid <= MAX_MID);
        previous = incoming.mid;
    }
}

/// Writes the request out again and reads it back: with the device's `SyncRequest` when every
/// mutation parsed, else with each parsed mutation serialized and each rejected one as it came.
fn check_round_trip(body: &Value, request: &IncomingRequest) {
    let parsed: Option<Vec<_>> = request
        .mutations
        .iter()
        .map(|incoming| incoming.parsed.clone().ok())
        .collect();
    let encoded = match parsed {
        Some(mutations) => serde_json::to_vec(&SyncRequest {
            client_id: request.client_id.to_string(),
            cursor: request.cursor.clone(),
            mutations,
        }),
        None => {
            let originals = body["mutations"].as_array().cloned().unwrap_or_default();
            let mutations: Vec<Value> = request
                .mutations
                .iter()
                .zip(originals)
                .map(|(incoming, original)| match &incoming.parsed {
                    Ok(mutation) => serde_json::to_value(mutation).unwrap_or(Value::Null),
                    Err(_) => original,
                })
                .collect();
            serde_json::to_vec(&json!({
                "client_id": request.client_id,
                "cursor": request.cursor,
                "mutations": mutations,
            }))
        }
    }
    .expect("a request serializes");
    let again: Value = serde_json::from_slice(&encoded).expect("serde_json reads what it wrote");
    let again = envelope::parse(&again).expect("a request that was accepted is accepted again");
    assert!(
        (&again.client_id, &again.cursor) == (&request.client_id, &request.cursor)
            && again.mutations.len() == request.mutations.len()
            && again
                .mutations
                .iter()
                .zip(&request.mutations)
                .all(same_mutation),
        "{again:?} != {request:?}"
    );
}

/// Equal, but floats within a few ULP, and errors by code (a message may quote a float).
fn same_mutation((a, b): (&IncomingMutation, &IncomingMutation)) -> bool {
    a.mid == b.mid
        && match (&a.parsed, &b.parsed) {
            (Ok(a), Ok(b)) => {
                (a.mid, a.kind, a.id, &a.hlc, a.deleted) == (b.mid, b.kind, b.id, &b.hlc, b.deleted)
                    && same_json(&Value::Object(a.set.clone()), &Value::Object(b.set.clone()))
            }
            (Err(a), Err(b)) => a.code() == b.code(),
            _ => false,
        }
}
