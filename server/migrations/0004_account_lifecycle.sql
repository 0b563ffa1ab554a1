-- Accounts a coordinator runs without a terminal, sessions a user can see and end, and erasure
-- (api.md, "Added 2026-12-02"; domain.md, Data lifecycle). Same conventions as 0001: ids TEXT,
-- instants BIGINT milliseconds, flags INTEGER 0/1; plain SQL both SQLite and PostgreSQL accept.

-- A deactivated account cannot log in; its tokens answer 401 account_disabled.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;

-- Sessions get an id the user may see (the token hash stays secret), the time of their last use
-- (written with the sliding expiry, so accurate to the hour) and the browser that logged in.
-- A session made before this migration gets an id from its token hash (a SHA-256, which no one
-- can turn back into the token) and, as its last use, the start of its current 30 days.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
UPDATE sessions SET
    id = substr(token_hash, 1, 8) || '-' || substr(token_hash, 9, 4) || '-'
        || substr(token_hash, 13, 4) || '-' || substr(token_hash, 17, 4) || '-'
        || substr(token_hash, 21, 12),
    last_used_at = expires_at - 2592000000;
CREATE UNIQUE INDEX sessions_id ON sessions (id);

-- The token hashes of the sessions a deactivation ended: such a token answers 401
-- account_disabled (its device then clears itself) rather than 401 unauthorized (which keeps the
-- device's data and asks for a login), even after a reactivation. Kept for as long as the account.
CREATE TABLE disabled_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    disabled_at BIGINT NOT NULL
);

-- Pending invites: the code is stored only as its SHA-256 (hex). A row is deleted when its invite
-- is accepted or withdrawn, and once expired; so a row is a pending invite or an expired one.
CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id),
    code_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('worker', 'coordinator')),
    display_name TEXT NOT NULL,
    -- The coordinator who made it; NULL when made on the command line.
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX invites_team ON invites (team_id, expires_at);

-- An erased record keeps only its id, kind, owner and position in the change order, so every
-- device of its worker gets a fieldless tombstone; its fields and private fields are emptied.
-- Writes to an erased id are dropped (see server/src/erase.rs).
ALTER TABLE records ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;

-- Coordinator actions on members in the access log: what was done (NULL for reads), and to whom
-- (a member's or an invite's id and the name it had then).
ALTER TABLE team_access_log ADD COLUMN action TEXT;
ALTER TABLE team_access_log ADD COLUMN subject_id TEXT;
ALTER TABLE team_access_log ADD COLUMN subject_name TEXT;
