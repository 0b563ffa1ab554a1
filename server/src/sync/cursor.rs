//! Sync cursors: opaque to clients, a position in one user's change order to the server.
//!
//! Every sync request takes the user's next change sequence number and stamps each record it
//! changes with it (see `store::sync_clients::next_change_seq`); the syncs of one user are
//! serialised, so sequence numbers are committed in order and a position never has a gap behind
//! it. A cursor is the position (sequence, record id) of the last record delivered, in
//! (updated_seq, id) order; the next pull returns what lies after it. It is base64url of
//! `v1:USER_ID:SEQ:ID` (ID empty at the start). A cursor that does not decode, belongs to another
//! user, or lies beyond the user's sequence (a restored database) is not recognised and means
//! "everything", as api.md asks.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use uuid::Uuid;

/// A position in a user's change order: after the record `after_id` of sequence `after_seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The sequence number of the last record delivered (0 at the start).
    pub after_seq: i64,
    /// Its id, as stored (empty at the start, which sorts before every id).
    pub after_id: String,
}

impl Position {
    /// Before every record.
    pub fn start() -> Self {
        Self {
            after_seq: 0,
            after_id: String::new(),
        }
    }

    /// The cursor string for this position of `user_id`.
    pub fn encode(&self, user_id: Uuid) -> String {
        URL_SAFE_NO_PAD.encode(format!("v1:{user_id}:{}:{}", self.after_seq, self.after_id))
    }

    /// The position of `cursor`, if it is a cursor of `user_id` below `current_seq` (the sequence
    /// number of the request now running); else the start.
    pub fn decode(cursor: Option<&str>, user_id: Uuid, current_seq: i64) -> Self {
        cursor
            .and_then(|cursor| decode_cursor(cursor, user_id))
            .filter(|position| position.after_seq < current_seq)
            .unwrap_or_else(Self::start)
    }
}

fn decode_cursor(cursor: &str, user_id: Uuid) -> Option<Position> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.splitn(4, ':');
    let (version, user, seq, id) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let valid_id = id.is_empty() || Uuid::parse_str(id).is_ok();
    if version != "v1" || Uuid::parse_str(user).ok()? != user_id || !valid_id {
        return None;
    }
    let after_seq: i64 = seq.parse().ok().filter(|seq| *seq >= 0)?;
    Some(Position {
        after_seq,
        after_id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_for_their_user_only() {
        let user = Uuid::new_v4();
        let position = Position {
            after_seq: 41,
            after_id: Uuid::new_v4().to_string(),
        };
        let cursor = position.encode(user);
        assert_eq!(Position::decode(Some(&cursor), user, 42), position);
        assert_eq!(
            Position::decode(Some(&cursor), Uuid::new_v4(), 42),
            Position::start()
        );
        assert_eq!(Position::decode(Some(&cursor), user, 41), Position::start());
        assert!(!Position::start().encode(user).contains(':'));
    }

    #[test]
    fn unrecognised_cursors_mean_the_start() {
        let user = Uuid::new_v4();
        for cursor in [
            "",
            "garbage",
            "!!!",
            &URL_SAFE_NO_PAD.encode(format!("v2:{user}:1:")),
        ] {
            assert_eq!(
                Position::decode(Some(cursor), user, 10),
                Position::start(),
                "{cursor}"
            );
        }
        assert_eq!(Position::decode(None, user, 10), Position::start());
    }
}
