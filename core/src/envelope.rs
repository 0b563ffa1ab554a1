//! Reading a sync request (api.md, Sync), the server's decoder of a `POST /sync` body: the envelope
//! is checked whole before anything is applied, so a request with a malformed envelope (400
//! `invalid_request`) or too many mutations (413 `too_many_mutations`) changes nothing. Inside a
//! well-formed envelope, each mutation is parsed by [`Mutation::from_json`]; what is wrong with one
//! mutation (`unknown_kind`, `invalid_hlc`, a bad `id`...) rejects only that mutation, later, when
//! its turn comes. It lives here, not in the server, so the fuzz target `sync_request` (`fuzz/`)
//! runs the very decoder the server runs without building the server.
//!
//! The envelope: `client_id` a UUID; `cursor` null, absent or a string; `mutations` absent or an
//! array of at most [`MAX_MUTATIONS_PER_REQUEST`] objects, each with a `mid` that is a whole number
//! from 1 to [`MAX_MID`] (the largest integer a JavaScript number holds exactly; 0 can never be
//! above "the last applied", which starts at 0), mids strictly increasing, and `set` absent, null
//! or an object. Unknown top-level keys are ignored, for forward compatibility.

use serde_json::Value;
use uuid::Uuid;

use crate::error::Error;
use crate::mutation::Mutation;
use crate::replica::MAX_MUTATIONS_PER_REQUEST;

/// The largest accepted `mid`: 2^53 - 1.
pub const MAX_MID: u64 = (1 << 53) - 1;

/// A sync request whose envelope is well formed (the device's side writes a
/// [`crate::replica::SyncRequest`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingRequest {
    /// The device install.
    pub client_id: Uuid,
    /// The cursor the client holds (`None`: everything).
    pub cursor: Option<String>,
    /// The mutations, mids strictly increasing.
    pub mutations: Vec<IncomingMutation>,
}

/// One mutation: its mid, and the mutation or what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingMutation {
    /// The mutation's mid.
    pub mid: u64,
    /// The parsed mutation, or the reason to reject it.
    pub parsed: Result<Mutation, Error>,
}

/// Why a request is refused whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// 400 `invalid_request`.
    #[error("{0}")]
    Invalid(String),
    /// 413 `too_many_mutations`.
    #[error("{0} mutations in one request; at most {MAX_MUTATIONS_PER_REQUEST} are allowed")]
    TooManyMutations(usize),
}

/// Checks the envelope of a sync request body.
pub fn parse(body: &Value) -> Result<IncomingRequest, EnvelopeError> {
    let invalid = |message: &str| EnvelopeError::Invalid(message.to_owned());
    let object = body
        .as_object()
        .ok_or_else(|| invalid("the body must be a JSON object"))?;
    let client_id = object
        .get("client_id")
        .and_then(Value::as_str)
        .and_then(|text| Uuid::parse_str(text).ok())
        .ok_or_else(|| invalid("`client_id` must be a UUID"))?;
    let cursor = match object.get("cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(cursor)) => Some(cursor.clone()),
        Some(_) => return Err(invalid("`cursor` must be null or a string")),
    };
    let items = match object.get("mutations") {
        None | Some(Value::Null) => &Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid("`mutations` must be an array")),
    };
    if items.len() > MAX_MUTATIONS_PER_REQUEST {
        return Err(EnvelopeError::TooManyMutations(items.len()));
    }
    let mut mutations = Vec::with_capacity(items.len());
    let mut previous_mid = 0;
    for (index, item) in items.iter().enumerate() {
        let mutation = parse_mutation(index, item)?;
        if mutation.mid <= previous_mid {
            return Err(EnvelopeError::Invalid(format!(
                "mutations[{index}].mid must be greater than the mid before it ({previous_mid})"
            )));
        }
        previous_mid = mutation.mid;
        mutations.push(mutation);
    }
    Ok(IncomingRequest {
        client_id,
        cursor,
        mutations,
    })
}

fn parse_mutation(index: usize, item: &Value) -> Result<IncomingMutation, EnvelopeError> {
    let object = item
        .as_object()
        .ok_or_else(|| EnvelopeError::Invalid(format!("mutations[{index}] must be an object")))?;
    let mid = object
        .get("mid")
        .and_then(Value::as_u64)
        .filter(|mid| (1..=MAX_MID).contains(mid))
        .ok_or_else(|| {
            EnvelopeError::Invalid(format!(
                "mutations[{index}].mid must be a whole number from 1 to {MAX_MID}"
            ))
        })?;
    if !matches!(
        object.get("set"),
        None | Some(Value::Null | Value::Object(_))
    ) {
        return Err(EnvelopeError::Invalid(format!(
            "mutations[{index}].set must be an object"
        )));
    }
    let parsed = Mutation::from_json(item);
    if let Err(Error::InvalidRequest(reason)) = &parsed {
        return Err(EnvelopeError::Invalid(format!(
            "mutations[{index}]: {reason}"
        )));
    }
    Ok(IncomingMutation { mid, parsed })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const CLIENT: &str = "0b6f5c8e-3f7a-4c1e-9d2b-5a8e7f6c4d3b";

    fn with_mutations(mutations: Value) -> Value {
        json!({"client_id": CLIENT, "cursor": null, "mutations": mutations})
    }

    fn invalid(body: Value) -> bool {
        matches!(parse(&body), Err(EnvelopeError::Invalid(_)))
    }

    #[test]
    fn well_formed_envelopes_parse() {
        let request = parse(&json!({"client_id": CLIENT})).unwrap();
        assert!(request.cursor.is_none() && request.mutations.is_empty());
        let request = parse(&with_mutations(json!([
            {"mid": 3, "kind": "contact", "id": CLIENT, "hlc": "1764158400000:0000:c", "set": {}},
            {"mid": 9, "kind": "nonsense"},
        ])))
        .unwrap();
        assert_eq!(request.mutations.len(), 2);
        assert!(request.mutations[0].parsed.is_ok());
        assert_eq!(
            request.mutations[1].parsed.as_ref().unwrap_err().code(),
            "unknown_kind"
        );
    }

    #[test]
    fn malformed_envelopes_are_invalid() {
        assert!(invalid(json!([])));
        assert!(invalid(json!({"client_id": "not a uuid"})));
        assert!(invalid(json!({"client_id": 7})));
        assert!(invalid(json!({"client_id": CLIENT, "cursor": 5})));
        assert!(invalid(json!({"client_id": CLIENT, "mutations": {}})));
        assert!(invalid(with_mutations(json!([7]))));
        assert!(invalid(with_mutations(json!([{"kind": "contact"}]))));
        for mid in [
            json!(0),
            json!(-1),
            json!(1.5),
            json!("1"),
            json!(1e30),
            json!(MAX_MID + 1),
        ] {
            assert!(invalid(with_mutations(json!([{"mid": mid}]))), "{mid}");
        }
        assert!(invalid(with_mutations(json!([{"mid": 2}, {"mid": 2}]))));
        assert!(invalid(with_mutations(json!([{"mid": 3}, {"mid": 2}]))));
        assert!(invalid(with_mutations(
            json!([{"mid": 1, "kind": "contact", "set": [1]}])
        )));
    }

    #[test]
    fn more_than_a_thousand_mutations_are_too_many() {
        let mutations: Vec<Value> = (1..=1001).map(|mid| json!({"mid": mid})).collect();
        assert_eq!(
            parse(&with_mutations(Value::Array(mutations))).unwrap_err(),
            EnvelopeError::TooManyMutations(1001)
        );
        let mutations: Vec<Value> = (1..=1000).map(|mid| json!({"mid": mid})).collect();
        assert!(parse(&with_mutations(Value::Array(mutations))).is_ok());
    }
}
