-- Synced records and the sync bookkeeping (api.md, Sync).

-- A per-user change counter: every sync request takes the next value (the UPDATE that takes it
-- also locks the user's row, which serialises the syncs of one user), and every record it changes
-- is stamped with it. Cursors are positions in (updated_seq, id) order.
ALTER TABLE users ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_sync_at BIGINT;

-- The last applied mid per (user, client_id).
CREATE TABLE sync_clients (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    last_mid BIGINT NOT NULL,
    last_sync_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- One row per record, in peerline-core's merge form: each field with the hlc it was written
-- with, as JSON {"name": {"value": ..., "hlc": "..."}}. Private fields (notes, note, share_token)
-- are kept apart in private_fields, which only the worker's own sync ever reads.
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    private_fields TEXT NOT NULL,
    -- The tombstone field {"value": bool, "hlc": "..."}, NULL if never written.
    deleted_stamp TEXT,
    deleted INTEGER NOT NULL,
    -- For logs: the log's `at` in milliseconds, so a week of logs is an index range.
    occurred_at BIGINT,
    updated_seq BIGINT NOT NULL
);

CREATE INDEX records_user_seq ON records (user_id, updated_seq, id);
CREATE INDEX records_user_kind_time ON records (user_id, kind, occurred_at);

-- Share links: the SHA-256 (hex) of each live contact's share_token, never the token.
CREATE TABLE share_tokens (
    token_hash TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL UNIQUE REFERENCES records (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
