//! Team cover's reads and writes: the order in which the server received the standing offers
//! (`cover_offers`, see `migrations/0006_team_cover.sql`), the teams of the workers a reference
//! names, and the colleagues' profiles a cover shows.
//!
//! Like the summary's, these queries never select `records.private_fields`.

use std::collections::HashMap;

use peerline_core::{AnyRecord, Colleague, Profile, ReceivedOffer, RecordKind, Stamped};
use serde_json::{Map, Value};
use sqlx::{any::AnyRow, Any, Executor, Row};
use uuid::Uuid;

use crate::{Error, Result};

/// How many ids one `IN (...)` lists (well below both backends' parameter limits).
const IDS_PER_QUERY: usize = 500;

/// The rows of `select` (SQL with `{ids}` where the list of ids goes) for every one of `ids`,
/// asked in chunks of [`IDS_PER_QUERY`].
async fn rows_for_ids(
    connection: &mut sqlx::AnyConnection,
    select: &str,
    ids: &[Uuid],
) -> Result<Vec<AnyRow>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let list: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let sql = select.replace("{ids}", &list.join(", "));
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(id.to_string());
        }
        rows.extend(query.fetch_all(&mut *connection).await?);
    }
    Ok(rows)
}

fn parse_id(text: &str) -> Result<Uuid> {
    text.parse()
        .map_err(|_| Error::Corrupt(format!("bad uuid {text:?}")))
}

/// The team of each of `user_ids` that exists.
pub async fn teams_of(
    connection: &mut sqlx::AnyConnection,
    user_ids: &[Uuid],
) -> Result<HashMap<Uuid, Uuid>> {
    let select = "SELECT id, team_id FROM users WHERE id IN ({ids})";
    let mut teams = HashMap::new();
    for row in rows_for_ids(connection, select, user_ids).await? {
        teams.insert(
            parse_id(&row.try_get::<String, _>("id")?)?,
            parse_id(&row.try_get::<String, _>("team_id")?)?,
        );
    }
    Ok(teams)
}

/// An offer's row as stored: the request it names and its number while it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferRow {
    /// The request.
    pub request_id: Uuid,
    /// Its number in the order of receipt; `None` while it does not stand.
    pub received_seq: Option<i64>,
}

/// The next number in the order of receipt. Locks the counter row until the transaction ends
/// (see the migration), so numbers follow commit order across server instances.
pub async fn take_receipt<'c>(executor: impl Executor<'c, Database = Any>) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE cover_offer_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
    )
    .fetch_one(executor)
    .await?;
    Ok(row.try_get("last_seq")?)
}

/// Writes the row of offer `offer_id` of `user_id`.
pub async fn save_offer<'c>(
    executor: impl Executor<'c, Database = Any>,
    offer_id: Uuid,
    user_id: Uuid,
    row: OfferRow,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cover_offers (offer_id, request_id, user_id, received_seq) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (offer_id) DO UPDATE SET \
         request_id = excluded.request_id, received_seq = excluded.received_seq",
    )
    .bind(offer_id.to_string())
    .bind(row.request_id.to_string())
    .bind(user_id.to_string())
    .bind(row.received_seq)
    .execute(executor)
    .await?;
    Ok(())
}

/// The standing offers for any of `request_ids`, of colleagues whose accounts are active: one who
/// was deactivated (has left) covers nothing, and the next offer in the order of receipt does.
pub async fn standing_offers(
    connection: &mut sqlx::AnyConnection,
    request_ids: &[Uuid],
) -> Result<Vec<ReceivedOffer>> {
    let select = "SELECT o.offer_id, o.request_id, o.user_id, o.received_seq FROM cover_offers o \
                  JOIN users u ON u.id = o.user_id \
                  WHERE o.received_seq IS NOT NULL AND u.active = 1 AND o.request_id IN ({ids})";
    let rows = rows_for_ids(connection, select, request_ids).await?;
    rows.iter()
        .map(|row| {
            Ok(ReceivedOffer {
                offer_id: parse_id(&row.try_get::<String, _>("offer_id")?)?,
                request_id: parse_id(&row.try_get::<String, _>("request_id")?)?,
                colleague: parse_id(&row.try_get::<String, _>("user_id")?)?,
                accepted: true,
                received: row.try_get("received_seq")?,
            })
        })
        .collect()
}

/// The colleagues `user_ids` as stand-ins: their profile's name (else the account's) and phone.
pub async fn colleagues(
    connection: &mut sqlx::AnyConnection,
    user_ids: &[Uuid],
) -> Result<Vec<Colleague>> {
    let select = "SELECT u.id, u.display_name, r.fields FROM users u \
                  LEFT JOIN records r ON r.user_id = u.id AND r.kind = 'profile' \
                  AND r.deleted = 0 WHERE u.id IN ({ids})";
    let rows = rows_for_ids(connection, select, user_ids).await?;
    rows.iter()
        .map(|row| {
            let user_id = parse_id(&row.try_get::<String, _>("id")?)?;
            let account_name: String = row.try_get("display_name")?;
            let profile = match row.try_get::<Option<String>, _>("fields")? {
                Some(fields) => profile_from(user_id, &fields)?,
                None => Profile::with_defaults(user_id),
            };
            Ok(Colleague::from_profile(user_id, &profile, &account_name))
        })
        .collect()
}

/// A stored profile's public fields as a profile (one that no longer decodes reads as the
/// defaults: the account's name and no phone).
fn profile_from(user_id: Uuid, fields: &str) -> Result<Profile> {
    let stamped: HashMap<String, Stamped<Value>> = serde_json::from_str(fields)
        .map_err(|_| Error::Corrupt(format!("profile fields of {user_id}")))?;
    let values: Map<String, Value> = stamped
        .into_iter()
        .map(|(name, stamped)| (name, stamped.value))
        .collect();
    Ok(
        match AnyRecord::decode(RecordKind::Profile, user_id, &values) {
            Ok(AnyRecord::Profile(profile)) => profile,
            _ => Profile::with_defaults(user_id),
        },
    )
}
