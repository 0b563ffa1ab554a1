//! The compact text form of records and mutations in the app's localStorage (the app's store,
//! `peerline-store`, keeps one table per chunk). It is here rather than in the app so that the fuzz
//! target `stored_record` (`fuzz/`) can reach it; nothing else uses it.
//!
//! Two years of a busy worker are about 11,000 logs; as plain JSON objects with field names they
//! would not fit the budget of 1.5 MB. A *table* writes the field names once and each record as one
//! array row:
//!
//! ```text
//! {"v":1,"f":["contact_id","at","channel",...],"k":["<uuid>",...],"c":"<client id>","r":[row,...]}
//! record row:   [id, deleted 0|1, mask, value..., {extra fields}?]
//! mutation row: [mid, kind, id, hlc millis, hlc counter, deleted -1|0|1, mask, value..., {extra}?]
//! ```
//!
//! `mask` has bit `i` set when field `f[i]` is present; the values of the present fields follow in
//! field order. Some fields have a shorter *code*: ids of other records become an index into `k`,
//! canonical instants become Unix seconds, enum names their index, booleans 0 or 1. A value the code
//! cannot express (say, a future enum name) is kept as it is, wrapped in a one-element array, so the
//! encoding never loses anything: `decode(encode(x)) == x` for every record (a test checks it),
//! except that a float, which no known field holds, may read back a few ULP off (serde_json's
//! parsing; see `fuzz/src/lib.rs`).
//!
//! Decoding never panics, whatever the text: a text that is not a table is an error, a row that
//! cannot be read is counted and left out.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::hlc::Hlc;
use crate::kind::RecordKind;
use crate::mutation::Mutation;
use crate::records::{AbsenceKind, AgendaTopic, Channel, Direction, Role};
use crate::stored::WireRecord;

/// The version of the table layout, written as `"v"`.
const TABLE_VERSION: u64 = 1;
/// A mask is a `u64`; fields past the 64th of a table go into the row's extra object.
const MASK_BITS: usize = 64;

/// Why a stored text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(pub String);

fn bad(message: impl Into<String>) -> CodecError {
    CodecError(message.into())
}

#[derive(Serialize, Deserialize)]
struct Table {
    v: u64,
    f: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    k: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    c: String,
    r: Vec<Vec<Value>>,
}

/// How one field's values are shortened.
#[derive(Clone, Copy, Debug)]
enum Code {
    Raw,
    /// An id of another record: an index into the table's `k`.
    Reference,
    /// An RFC 3339 instant with whole seconds and `Z`: Unix seconds.
    Instant,
    /// One of a fixed list of names: its index.
    Name(&'static [&'static str]),
    Bool,
}

/// The `status` names of both kinds that have one: a contact's (`active`, `paused`, `ended`: the
/// first three, as tables written before cover requests existed hold them) and a cover request's.
/// A field's code depends on its name only, and one list keeps every stored index meaning what it
/// meant.
const STATUS_NAMES: [&str; 5] = ["active", "paused", "ended", "open", "withdrawn"];

fn code_of(field: &str) -> Code {
    match field {
        "contact_id" | "stand_in_contact_id" | "absence_id" | "request_id" => Code::Reference,
        "at" => Code::Instant,
        "channel" => Code::Name(&Channel::NAMES),
        "direction" => Code::Name(&Direction::NAMES),
        "kind" => Code::Name(&AbsenceKind::NAMES),
        "role" => Code::Name(&Role::NAMES),
        "status" => Code::Name(&STATUS_NAMES),
        "topic" => Code::Name(&AgendaTopic::NAMES),
        "accepted"
        | "answered"
        | "needs_guidance"
        | "share_with_coordinator"
        | "observe_public_holidays"
        | "show_limits_to_service_users" => Code::Bool,
        _ => Code::Raw,
    }
}

/// The canonical text of an instant given in Unix seconds (`2026-11-23T18:00:00Z`), for years
/// 0000-9999. Written by hand: it runs for every stored log when the store opens, and chrono's
/// formatter was a third of the opening time.
pub fn instant_text(seconds: i64) -> Option<String> {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"
    ))
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn instant_seconds(text: &str) -> Option<i64> {
    let seconds = chrono::DateTime::parse_from_rfc3339(text).ok()?.timestamp();
    // Only texts that come back identical are shortened; others stay as they are.
    (instant_text(seconds).as_deref() == Some(text)).then_some(seconds)
}

/// Builds one table: the field list and reference list grow as rows are added.
struct Writer {
    fields: Vec<String>,
    field_index: HashMap<String, usize>,
    references: Vec<String>,
    reference_index: HashMap<String, usize>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            fields: Vec::new(),
            field_index: HashMap::new(),
            references: Vec::new(),
            reference_index: HashMap::new(),
        }
    }

    fn field_slot(&mut self, name: &str) -> usize {
        if let Some(slot) = self.field_index.get(name) {
            return *slot;
        }
        self.fields.push(name.to_owned());
        self.field_index
            .insert(name.to_owned(), self.fields.len() - 1);
        self.fields.len() - 1
    }

    fn reference(&mut self, id: &str) -> usize {
        if let Some(slot) = self.reference_index.get(id) {
            return *slot;
        }
        self.references.push(id.to_owned());
        self.reference_index
            .insert(id.to_owned(), self.references.len() - 1);
        self.references.len() - 1
    }

    fn encode_value(&mut self, field: &str, value: &Value) -> Value {
        let coded = match (code_of(field), value) {
            (Code::Raw, _) => return value.clone(),
            (Code::Reference, Value::String(id)) => Some(self.reference(id) as u64),
            (Code::Instant, Value::String(text)) => {
                instant_seconds(text).and_then(|seconds| u64::try_from(seconds).ok())
            }
            (Code::Name(names), Value::String(name)) => names
                .iter()
                .position(|known| known == name)
                .map(|index| index as u64),
            (Code::Bool, Value::Bool(flag)) => Some(u64::from(*flag)),
            _ => None,
        };
        match coded {
            Some(number) => Value::from(number),
            None => Value::Array(vec![value.clone()]),
        }
    }

    /// Appends the mask, the present values and, if needed, the extra object to `row`.
    fn encode_fields(&mut self, fields: &Map<String, Value>, row: &mut Vec<Value>) {
        let mut mask = 0u64;
        let mut values = Vec::with_capacity(fields.len());
        let mut extra = Map::new();
        let mut slotted: Vec<(usize, &String, &Value)> = fields
            .iter()
            .map(|(name, value)| (self.field_slot(name), name, value))
            .collect();
        crate::order::sort_by_key(&mut slotted, |(slot, _, _)| *slot);
        for (slot, name, value) in slotted {
            let encoded = self.encode_value(name, value);
            if slot < MASK_BITS {
                mask |= 1u64 << slot;
                values.push(encoded);
            } else {
                extra.insert(name.clone(), encoded);
            }
        }
        row.push(Value::from(mask));
        row.extend(values);
        if !extra.is_empty() {
            row.push(Value::Object(extra));
        }
    }

    fn finish(self, client: String, rows: Vec<Vec<Value>>) -> String {
        let table = Table {
            v: TABLE_VERSION,
            f: self.fields,
            k: self.references,
            c: client,
            r: rows,
        };
        // A table of JSON values always serializes.
        serde_json::to_string(&table).unwrap_or_default()
    }
}

/// Reads one table's rows back.
struct Reader {
    fields: Vec<String>,
    /// The code of each field, worked out once per table rather than once per value.
    codes: Vec<Code>,
    references: Vec<String>,
}

impl Reader {
    fn new(fields: Vec<String>, references: Vec<String>) -> Reader {
        let codes = fields.iter().map(|name| code_of(name)).collect();
        Reader {
            fields,
            codes,
            references,
        }
    }

    fn decode_value(&self, field: &str, code: Code, value: Value) -> Result<Value, CodecError> {
        let number = match (code, value) {
            (Code::Raw, value) => return Ok(value),
            (_, Value::Array(mut kept)) if kept.len() == 1 => return Ok(kept.remove(0)),
            (_, value) => value
                .as_u64()
                .ok_or_else(|| bad(format!("`{field}`: not a code")))?,
        };
        Ok(match code {
            Code::Raw => Value::Null,
            Code::Reference => {
                let id = usize::try_from(number)
                    .ok()
                    .and_then(|at| self.references.get(at))
                    .ok_or_else(|| bad(format!("`{field}`: no reference {number}")))?;
                Value::String(id.clone())
            }
            Code::Instant => {
                let seconds = i64::try_from(number).map_err(|_| bad("instant out of range"))?;
                Value::String(instant_text(seconds).ok_or_else(|| bad("instant out of range"))?)
            }
            Code::Name(names) => Value::String(
                usize::try_from(number)
                    .ok()
                    .and_then(|at| names.get(at))
                    .ok_or_else(|| bad(format!("`{field}`: no name {number}")))?
                    .to_string(),
            ),
            Code::Bool => match number {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                other => return Err(bad(format!("`{field}`: {other} is not 0 or 1"))),
            },
        })
    }

    /// Reads `mask, value..., {extra}?` from `row[start..]`, taking the values out of the row.
    fn decode_fields(
        &self,
        row: Vec<Value>,
        start: usize,
    ) -> Result<Map<String, Value>, CodecError> {
        let mut cells = row.into_iter().skip(start);
        let mask = cells
            .next()
            .and_then(|mask| mask.as_u64())
            .ok_or_else(|| bad("no field mask"))?;
        if self.fields.len() < MASK_BITS && mask >> self.fields.len() != 0 {
            return Err(bad("the mask names fields the table does not have"));
        }
        let mut fields = Map::new();
        for (slot, (name, code)) in self
            .fields
            .iter()
            .zip(&self.codes)
            .enumerate()
            .take(MASK_BITS)
        {
            if mask & (1u64 << slot) == 0 {
                continue;
            }
            let value = cells
                .next()
                .ok_or_else(|| bad("fewer values than the mask says"))?;
            fields.insert(name.clone(), self.decode_value(name, *code, value)?);
        }
        match (cells.next(), cells.next()) {
            (None, _) => {}
            (Some(Value::Object(extra)), None) => {
                for (name, value) in extra {
                    let value = self.decode_value(&name, code_of(&name), value)?;
                    fields.insert(name, value);
                }
            }
            _ => return Err(bad("more values than the mask says")),
        }
        Ok(fields)
    }
}

fn parse_table(text: &str) -> Result<(Table, Reader), CodecError> {
    let mut table: Table =
        serde_json::from_str(text).map_err(|error| bad(format!("not a table: {error}")))?;
    if table.v != TABLE_VERSION {
        return Err(bad(format!(
            "table version {} is not {TABLE_VERSION}",
            table.v
        )));
    }
    let reader = Reader::new(std::mem::take(&mut table.f), std::mem::take(&mut table.k));
    Ok((table, reader))
}

fn uuid_text(id: Uuid) -> Value {
    Value::String(id.simple().to_string())
}

fn uuid_at(row: &[Value], index: usize) -> Result<Uuid, CodecError> {
    row.get(index)
        .and_then(Value::as_str)
        .and_then(|text| Uuid::try_parse(text).ok())
        .ok_or_else(|| bad("bad record id"))
}

/// One table of records (of one kind, as the chunk key says).
pub fn encode_records<'a>(records: impl IntoIterator<Item = &'a WireRecord>) -> String {
    let mut writer = Writer::new();
    let rows = records
        .into_iter()
        .map(|record| {
            let mut row = vec![uuid_text(record.id), Value::from(u8::from(record.deleted))];
            writer.encode_fields(&record.fields, &mut row);
            row
        })
        .collect();
    writer.finish(String::new(), rows)
}

/// Decoded rows, and the number of rows that could not be read (left out).
pub type Decoded<T> = (Vec<T>, usize);

/// Reads a table of records of `kind`. A table that is not readable at all is an error; single
/// bad rows are counted and left out.
pub fn decode_records(kind: RecordKind, text: &str) -> Result<Decoded<WireRecord>, CodecError> {
    let (mut table, reader) = parse_table(text)?;
    let reader = &reader;
    let mut bad_rows = 0;
    let mut records = Vec::with_capacity(table.r.len());
    for row in std::mem::take(&mut table.r) {
        let record = (move || {
            let id = uuid_at(&row, 0)?;
            let deleted = match row.get(1).and_then(Value::as_u64) {
                Some(0) => false,
                Some(1) => true,
                _ => return Err(bad("bad deleted flag")),
            };
            Ok(WireRecord {
                kind,
                id,
                fields: reader.decode_fields(row, 2)?,
                deleted,
            })
        })();
        match record {
            Ok(record) => records.push(record),
            Err(_) => bad_rows += 1,
        }
    }
    Ok((records, bad_rows))
}

/// One table of mutations; hlcs of `client_id` are written as millis and counter only.
pub fn encode_mutations<'a>(
    client_id: &str,
    mutations: impl IntoIterator<Item = &'a Mutation>,
) -> String {
    let mut writer = Writer::new();
    let rows = mutations
        .into_iter()
        .map(|mutation| {
            let kind = RecordKind::ALL
                .iter()
                .position(|kind| *kind == mutation.kind)
                .unwrap_or(0);
            let mut row = vec![
                Value::from(mutation.mid),
                Value::from(kind as u64),
                uuid_text(mutation.id),
            ];
            if mutation.hlc.client_id() == client_id {
                row.push(Value::from(mutation.hlc.millis()));
                row.push(Value::from(mutation.hlc.counter()));
            } else {
                row.push(Value::String(mutation.hlc.to_string()));
                row.push(Value::from(0));
            }
            row.push(Value::from(match mutation.deleted {
                None => -1,
                Some(false) => 0,
                Some(true) => 1,
            }));
            writer.encode_fields(&mutation.set, &mut row);
            row
        })
        .collect();
    writer.finish(client_id.to_owned(), rows)
}

/// Reads a table of mutations; see [`decode_records`] for bad rows.
pub fn decode_mutations(text: &str) -> Result<Decoded<Mutation>, CodecError> {
    let (mut table, reader) = parse_table(text)?;
    let (reader, client) = (&reader, table.c.as_str());
    let mut bad_rows = 0;
    let mut mutations = Vec::with_capacity(table.r.len());
    for row in std::mem::take(&mut table.r) {
        let mutation = (move || {
            let mid = row
                .first()
                .and_then(Value::as_u64)
                .ok_or_else(|| bad("bad mid"))?;
            let kind = row
                .get(1)
                .and_then(Value::as_u64)
                .and_then(|index| RecordKind::ALL.get(usize::try_from(index).ok()?).copied())
                .ok_or_else(|| bad("bad kind"))?;
            let id = uuid_at(&row, 2)?;
            let hlc = match (row.get(3), row.get(4).and_then(Value::as_u64)) {
                (Some(Value::String(text)), _) => text.parse::<Hlc>().ok(),
                (Some(millis), Some(counter)) => millis
                    .as_u64()
                    .zip(u16::try_from(counter).ok())
                    .and_then(|(millis, counter)| Hlc::new(millis, counter, client)),
                _ => None,
            }
            .ok_or_else(|| bad("bad hlc"))?;
            let deleted = match row.get(5).and_then(Value::as_i64) {
                Some(-1) => None,
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => return Err(bad("bad deleted flag")),
            };
            Ok(Mutation {
                mid,
                kind,
                id,
                hlc,
                set: reader.decode_fields(row, 6)?,
                deleted,
            })
        })();
        match mutation {
            Ok(mutation) => mutations.push(mutation),
            Err(_) => bad_rows += 1,
        }
    }
    Ok((mutations, bad_rows))
}
