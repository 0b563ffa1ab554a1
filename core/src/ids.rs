//! Ids of the records that exist once per worker, date or week (domain.md, Ids): every device of the
//! worker derives the same UUIDv5 in the namespace of the worker's user id, so two offline devices
//! write the same record instead of two competing ones.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::iso_week::IsoWeek;

/// The id of the worker's `profile`.
pub fn profile_id(worker_user_id: Uuid) -> Uuid {
    Uuid::new_v5(&worker_user_id, b"profile")
}

/// The id of the worker's `availability`.
pub fn availability_id(worker_user_id: Uuid) -> Uuid {
    Uuid::new_v5(&worker_user_id, b"availability")
}

/// The id of the worker's `date_override` for `date` (name `date_override:YYYY-MM-DD`).
pub fn date_override_id(worker_user_id: Uuid, date: NaiveDate) -> Uuid {
    let name = format!("date_override:{}", crate::wire_time::date_text(date));
    Uuid::new_v5(&worker_user_id, name.as_bytes())
}

/// The id of the worker's `checkin` for `week` (name `checkin:YYYY-Www`).
pub fn checkin_id(worker_user_id: Uuid, week: IsoWeek) -> Uuid {
    Uuid::new_v5(&worker_user_id, format!("checkin:{week}").as_bytes())
}
