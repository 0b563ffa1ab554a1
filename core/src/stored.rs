//! The merge form of a record: each field with the hlc it was written with, plus the tombstone
//! `deleted` as a field of its own (api.md, Sync). Merging keeps, per field, the value with the
//! greatest hlc, which makes merge commutative, associative and idempotent, so replicas that saw the
//! same writes in any order and with duplicates agree.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::kind::RecordKind;
use crate::records::AnyRecord;

/// A value and the hlc it was written with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped<T> {
    pub value: T,
    pub hlc: Hlc,
}

impl<T> Stamped<T> {
    pub fn new(value: T, hlc: Hlc) -> Self {
        Stamped { value, hlc }
    }
}

/// A record as the server stores it and as merges see it. `null` values are kept: an unset is a
/// write like any other and must beat older values.
///
/// Deserializing checks the shape (kind, id, hlcs); field values are checked when the record is
/// decoded ([`StoredRecord::decode`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    #[serde(default)]
    pub fields: BTreeMap<String, Stamped<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Stamped<bool>>,
}

impl StoredRecord {
    /// A record nobody has written to yet.
    pub fn new(kind: RecordKind, id: Uuid) -> StoredRecord {
        StoredRecord {
            kind,
            id,
            fields: BTreeMap::new(),
            deleted: None,
        }
    }

    /// Whether the tombstone is set.
    pub fn is_deleted(&self) -> bool {
        self.deleted.as_ref().is_some_and(|deleted| deleted.value)
    }

    /// Writes `value` into `field` unless the field already holds a later write.
    pub fn write_field(&mut self, field: &str, value: Value, hlc: &Hlc) {
        let incoming = Stamped::new(value, hlc.clone());
        match self.fields.get_mut(field) {
            Some(current) if stamp_order(current, &incoming) != Ordering::Less => {}
            Some(current) => *current = incoming,
            None => {
                self.fields.insert(field.to_owned(), incoming);
            }
        }
    }

    /// Writes the tombstone unless a later write of it exists.
    pub fn write_deleted(&mut self, deleted: bool, hlc: &Hlc) {
        let incoming = Stamped::new(deleted, hlc.clone());
        let later = |current: &Stamped<bool>| {
            (&current.hlc, current.value) >= (&incoming.hlc, incoming.value)
        };
        if !self.deleted.as_ref().is_some_and(later) {
            self.deleted = Some(incoming);
        }
    }

    /// The current field values (`null` for unset ones), the `fields` of the wire form.
    pub fn values(&self) -> Map<String, Value> {
        self.fields
            .iter()
            .map(|(name, stamped)| (name.clone(), stamped.value.clone()))
            .collect()
    }

    /// The wire form of api.md's sync response.
    pub fn to_wire(&self) -> WireRecord {
        WireRecord {
            kind: self.kind,
            id: self.id,
            fields: self.values(),
            deleted: self.is_deleted(),
        }
    }

    /// The typed record, validated, with defaults for unset fields.
    pub fn decode(&self) -> Result<AnyRecord> {
        AnyRecord::decode(self.kind, self.id, &self.values())
    }

    /// The greatest hlc written into this record.
    pub fn latest_hlc(&self) -> Option<&Hlc> {
        let fields = self.fields.values().map(|stamped| &stamped.hlc);
        fields
            .chain(self.deleted.as_ref().map(|deleted| &deleted.hlc))
            .max()
    }
}

/// Merges two replicas of one record: per field, the later write. Fails only if they are not the
/// same record (kind and id differ).
pub fn merge(a: &StoredRecord, b: &StoredRecord) -> Result<StoredRecord> {
    if a.kind != b.kind || a.id != b.id {
        return Err(Error::invalid(
            "id",
            format!("cannot merge {} {} with {} {}", a.kind, a.id, b.kind, b.id),
        ));
    }
    let mut merged = a.clone();
    for (name, stamped) in &b.fields {
        merged.write_field(name, stamped.value.clone(), &stamped.hlc);
    }
    if let Some(deleted) = &b.deleted {
        merged.write_deleted(deleted.value, &deleted.hlc);
    }
    Ok(merged)
}

/// Later hlc wins. Equal hlcs with different values cannot come from honest clients (the hlc holds
/// the client id), but a deterministic order for them keeps merge commutative anyway.
fn stamp_order(a: &Stamped<Value>, b: &Stamped<Value>) -> Ordering {
    a.hlc
        .cmp(&b.hlc)
        .then_with(|| json_order(&a.value, &b.value))
}

/// A total order on JSON values that ignores object key order (serde_json may preserve insertion
/// order if another crate turns that feature on).
fn json_order(a: &Value, b: &Value) -> Ordering {
    fn rank(value: &Value) -> u8 {
        match value {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.to_string().cmp(&y.to_string()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => {
            let items = x
                .iter()
                .zip(y)
                .map(|(p, q)| json_order(p, q))
                .find(|order| order.is_ne());
            items.unwrap_or_else(|| x.len().cmp(&y.len()))
        }
        (Value::Object(x), Value::Object(y)) => {
            let (x, y) = (sorted_entries(x), sorted_entries(y));
            let entries = x
                .iter()
                .zip(&y)
                .map(|(p, q)| p.0.cmp(q.0).then_with(|| json_order(p.1, q.1)));
            entries
                .into_iter()
                .find(|order| order.is_ne())
                .unwrap_or_else(|| x.len().cmp(&y.len()))
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    crate::order::sort_by(&mut entries, |p, q| p.0.cmp(q.0));
    entries
}

/// A record as the sync response carries it: field values without hlcs, and the tombstone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    #[serde(default)]
    pub fields: Map<String, Value>,
    #[serde(default)]
    pub deleted: bool,
}

impl WireRecord {
    /// The typed record, validated, with defaults for unset fields.
    pub fn decode(&self) -> Result<AnyRecord> {
        AnyRecord::decode(self.kind, self.id, &self.fields)
    }
}
