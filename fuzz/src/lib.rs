//! What the fuzz targets share: comparing JSON values the way a round trip through serde_json can
//! keep them.
//!
//! serde_json (without its `float_roundtrip` feature, which Peerline leaves off: +7.6 KB brotli of
//! wasm) reads a float to within a few units in the last place, not always to the nearest `f64`,
//! so a float it wrote may read back one ULP off. That was the first finding of both targets. No
//! field of any record can hold a float (core accepts only whole numbers; see the test
//! `no_field_accepts_a_float` in `core/tests/domain/records.rs`), so such a value never reaches
//! the server's storage; only an unknown field kept by the app's local store could drift. The
//! targets therefore hold floats to "the same within a few ULP" and everything else to equality.

use serde_json::Value;

/// Equal, except that floats may differ by a few units in the last place.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            x == y || x.as_f64().zip(y.as_f64()).is_some_and(|(x, y)| close(x, y))
        }
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(key, x)| ys.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

fn close(x: f64, y: f64) -> bool {
    let difference = (x - y).abs();
    difference <= 8.0 * f64::EPSILON * x.abs().max(y.abs()) || difference <= 1e-300
}
