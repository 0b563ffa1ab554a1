//! The OpenAPI document under an outside validator: openapi-spec-validator (PyPI), which
//! `scripts/lib.sh` installs into `.tools/openapi-venv/` for `scripts/test` (issue 17: the
//! access log's `limit` and `before` were declared required path parameters, which the document's
//! own generator did not notice and a generated client would have got wrong).
//!
//! A test of its own binary, so that `cargo test --test api` needs no Python. With the validator
//! missing the test fails and says how to install it; it is never skipped.

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use peerline_server::api::openapi::ApiDoc;
use serde_json::{json, Value};
use utoipa::OpenApi;

/// The version `scripts/lib.sh` installs.
const VALIDATOR_VERSION: &str = "0.9.0";

fn validator() -> PathBuf {
    if let Some(path) = std::env::var_os("PEERLINE_OPENAPI_SPEC_VALIDATOR") {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/openapi-venv/bin/openapi-spec-validator")
}

/// Runs the validator on `document`; (whether it passed, what it printed).
fn validate(document: &Value) -> (bool, String) {
    let validator = validator();
    assert!(
        validator.exists(),
        "{} is missing: scripts/test installs it (scripts/lib.sh, setup_test_tools), or run \
         python3 -m venv .tools/openapi-venv && .tools/openapi-venv/bin/pip install \
         openapi-spec-validator=={VALIDATOR_VERSION}",
        validator.display()
    );
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(document).unwrap()).unwrap();
    let output = Command::new(&validator).arg(&file).output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

fn document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap()
}

#[test]
fn the_openapi_document_passes_openapi_spec_validator() {
    let (passed, printed) = validate(&document());
    assert!(
        passed,
        "openapi-spec-validator rejects the document:\n{printed}"
    );
}

/// The validator is not a rubber stamp: the mistake of issue 17 (a query parameter declared as a
/// required path parameter of a path without it) is rejected.
#[test]
fn the_validator_rejects_the_mistake_it_found() {
    let mut broken = document();
    broken["paths"]["/api/v1/team/access-log"]["get"]["parameters"] = json!([
        {"name": "limit", "in": "path", "required": true, "schema": {"type": "string"}}
    ]);
    let (passed, printed) = validate(&broken);
    assert!(
        !passed,
        "the validator accepted a broken document:\n{printed}"
    );
}
