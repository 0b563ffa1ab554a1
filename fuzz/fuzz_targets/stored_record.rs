//! Fuzz target `stored_record`: arbitrary text as a chunk of the app's localStorage, read the way
//! the app's store reads it when it opens (`peerline_core::table::decode_records` for a
//! `records.*` chunk, `decode_mutations` for an `outbox.*` chunk).
//!
//! Invariants: nothing panics; what a table decodes to encodes to a canonical text that decodes to
//! the same rows with none left out, and encoding those again gives the same text (floats: within
//! a few ULP, see `peerline_fuzz::same_json`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use peerline_core::table::{decode_mutations, decode_records, encode_mutations, encode_records};
use peerline_core::{Mutation, RecordKind, WireRecord};
use peerline_fuzz::same_json;
use serde_json::Value;

fuzz_target!(|bytes: &[u8]| {
    // localStorage holds strings: anything else never reaches the decoder.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    check_records(text);
    check_mutations(text);
});

/// The kind only names the records; every kind's table is read alike.
fn check_records(text: &str) {
    let Ok((records, _bad_rows)) = decode_records(RecordKind::Log, text) else {
        return;
    };
    let canonical = encode_records(&records);
    let again = match decode_records(RecordKind::Log, &canonical) {
        Ok((again, 0)) => again,
        other => panic!("{canonical} decodes to {other:?}"),
    };
    assert!(
        records.len() == again.len() && records.iter().zip(&again).all(same_record),
        "{canonical}: {records:?} != {again:?}"
    );
    assert_same_text(&encode_records(&again), &canonical);
}

/// Mutations of the table's own client keep only the hlc's millis and counter; those of any other
/// client keep the whole hlc. Both ways must read back the same.
fn check_mutations(text: &str) {
    let Ok((mutations, _bad_rows)) = decode_mutations(text) else {
        return;
    };
    let own_client = mutations.first().map(|m| m.hlc.client_id().to_owned());
    for client_id in [own_client.as_deref().unwrap_or("device"), "another-device"] {
        let canonical = encode_mutations(client_id, &mutations);
        let again = match decode_mutations(&canonical) {
            Ok((again, 0)) => again,
            other => panic!("{canonical} decodes to {other:?}"),
        };
        assert!(
            mutations.len() == again.len() && mutations.iter().zip(&again).all(same_mutation),
            "{canonical}: {mutations:?} != {again:?}"
        );
        assert_same_text(&encode_mutations(client_id, &again), &canonical);
    }
}

fn same_record((a, b): (&WireRecord, &WireRecord)) -> bool {
    (a.kind, a.id, a.deleted) == (b.kind, b.id, b.deleted)
        && same_json(
            &Value::Object(a.fields.clone()),
            &Value::Object(b.fields.clone()),
        )
}

fn same_mutation((a, b): (&Mutation, &Mutation)) -> bool {
    (a.mid, a.kind, a.id, &a.hlc, a.deleted) == (b.mid, b.kind, b.id, &b.hlc, b.deleted)
        && same_json(&Value::Object(a.set.clone()), &Value::Object(b.set.clone()))
}

fn assert_same_text(text: &str, canonical: &str) {
    let parse = |text: &str| serde_json::from_str::<Value>(text).expect("an encoded table is JSON");
    assert!(
        same_json(&parse(text), &parse(canonical)),
        "{text} != {canonical}"
    );
}
