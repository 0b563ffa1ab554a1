//! The statements of erasure (domain.md, Data lifecycle; the rules are in [`crate::erase`]).
//!
//! Erasing a record empties its row rather than deleting it: `fields` and `private_fields` become
//! `{}`, the tombstone is set, `erased` is 1 and `updated_seq` moves to the erasing request's
//! sequence number, so the next pull of every device of the worker, however old its cursor,
//! carries the record as a fieldless tombstone. Nothing of the record's content stays in the row.
//! A worker's whole data (a coordinator's erasure of a deactivated worker) is deleted outright:
//! no device of theirs syncs again (see [`crate::accounts::members`]).

use sqlx::{Any, AnyConnection, Executor, Row};
use uuid::Uuid;

use crate::{db::Backend, Error, Result};

/// How many ids one `IN (...)` lists (well below both backends' parameter limits).
const IDS_PER_QUERY: usize = 500;

/// Empties the caller's not yet erased records `ids` into fieldless tombstones at sequence `seq`,
/// their tombstone field `deleted_stamp` (JSON of a stamped `true`). Returns how many it erased.
pub async fn erase_records(
    connection: &mut AnyConnection,
    user_id: Uuid,
    ids: &[Uuid],
    seq: i64,
    deleted_stamp: &str,
) -> Result<u64> {
    let mut erased = 0;
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let placeholders: Vec<String> = (4..chunk.len() + 4).map(|n| format!("${n}")).collect();
        let sql = format!(
            "UPDATE records SET fields = '{{}}', private_fields = '{{}}', deleted_stamp = $1, \
             deleted = 1, occurred_at = NULL, erased = 1, updated_seq = $2 \
             WHERE user_id = $3 AND erased = 0 AND id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql)
            .bind(deleted_stamp)
            .bind(seq)
            .bind(user_id.to_string());
        for id in chunk {
            query = query.bind(id.to_string());
        }
        erased += query.execute(&mut *connection).await?.rows_affected();
    }
    Ok(erased)
}

/// Stores record `id` of `kind` as an erased, fieldless tombstone of `user_id` at `seq`, whether
/// or not it existed (a write that arrives after its contact was erased). Another worker's record
/// with that id is left alone.
pub async fn write_erased<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
    kind: &str,
    id: Uuid,
    seq: i64,
    deleted_stamp: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO records (id, user_id, kind, fields, private_fields, deleted_stamp, deleted, \
         occurred_at, updated_seq, erased) VALUES ($1, $2, $3, '{}', '{}', $4, 1, NULL, $5, 1) \
         ON CONFLICT (id) DO UPDATE SET fields = '{}', private_fields = '{}', \
         deleted_stamp = excluded.deleted_stamp, deleted = 1, occurred_at = NULL, erased = 1, \
         updated_seq = excluded.updated_seq WHERE records.user_id = excluded.user_id",
    )
    .bind(id.to_string())
    .bind(user_id.to_string())
    .bind(kind)
    .bind(deleted_stamp)
    .bind(seq)
    .execute(executor)
    .await?;
    Ok(())
}

/// (record id, contact id) of every not yet erased record of `user_id` whose `contact_id` field
/// holds a string: logs, agenda items, any kind that names a contact that way.
///
/// The JSON path is spelled differently by the two databases (`json_extract` in SQLite, `#>>` on
/// a `jsonb` cast in PostgreSQL); fields are stored as `{"name": {"value": ..., "hlc": ...}}`.
pub async fn records_naming_contacts<'c>(
    executor: impl Executor<'c, Database = Any>,
    backend: Backend,
    user_id: Uuid,
) -> Result<Vec<(Uuid, Uuid)>> {
    let contact_id = match backend {
        Backend::Sqlite => "json_extract(fields, '$.contact_id.value')",
        Backend::Postgres => "(fields::jsonb #>> '{contact_id,value}')",
    };
    let sql = format!(
        "SELECT id, contact_id FROM (SELECT id, {contact_id} AS contact_id FROM records \
         WHERE user_id = $1 AND erased = 0) named WHERE contact_id IS NOT NULL"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id.to_string())
        .fetch_all(executor)
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let id = id
            .parse()
            .map_err(|_| Error::Corrupt(format!("bad record id {id:?}")))?;
        // A contact_id that is not a UUID names no contact (the sync would not have stored it).
        if let Ok(contact_id) = row.try_get::<String, _>("contact_id")?.parse() {
            found.push((id, contact_id));
        }
    }
    Ok(found)
}

/// Kills the share link of `contact_id`, if it has one.
pub async fn delete_share_link<'c>(
    executor: impl Executor<'c, Database = Any>,
    contact_id: Uuid,
) -> Result<()> {
    sqlx::query("DELETE FROM share_tokens WHERE contact_id = $1")
        .bind(contact_id.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

/// Deletes every record of `user_id`, their share links and their devices' sync state. Returns
/// how many records went.
pub async fn delete_all_records(connection: &mut AnyConnection, user_id: Uuid) -> Result<u64> {
    let user = user_id.to_string();
    for statement in [
        "DELETE FROM share_tokens WHERE user_id = $1",
        "DELETE FROM sync_clients WHERE user_id = $1",
    ] {
        sqlx::query(statement)
            .bind(&user)
            .execute(&mut *connection)
            .await?;
    }
    let result = sqlx::query("DELETE FROM records WHERE user_id = $1")
        .bind(&user)
        .execute(&mut *connection)
        .await?;
    Ok(result.rows_affected())
}

/// Takes the user's next change sequence number without counting as a sync (the server's own
/// writes: erasure, retention). Like the sync's, the UPDATE locks the user's row until the
/// transaction ends, so it runs between the user's syncs, never inside one.
pub async fn next_change_seq<'c>(
    executor: impl Executor<'c, Database = Any>,
    user_id: Uuid,
) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE users SET change_seq = change_seq + 1 WHERE id = $1 RETURNING change_seq",
    )
    .bind(user_id.to_string())
    .fetch_one(executor)
    .await?;
    Ok(row.try_get("change_seq")?)
}
