-- Teams, accounts, sessions and login throttling.
-- One schema for SQLite and PostgreSQL (see src/db.rs): ids are TEXT (UUIDs), instants BIGINT
-- milliseconds since the Unix epoch, flags INTEGER 0/1.

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id),
    -- As typed at creation; username_key (trimmed, lowercased) is what login matches and what
    -- must be unique, so "Ola" and "ola" are one account.
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('worker', 'coordinator')),
    -- argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX users_team ON users (team_id);

-- Bearer tokens, stored only as the hex SHA-256 of the token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins of the last 15 minutes (older ones are deleted as new ones arrive).
CREATE TABLE login_failures (
    username_key TEXT NOT NULL,
    address TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);

CREATE INDEX login_failures_username ON login_failures (username_key, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);
CREATE INDEX login_failures_time ON login_failures (failed_at);

-- Active lockouts: scope is 'username' or 'address'.
CREATE TABLE login_lockouts (
    scope TEXT NOT NULL,
    lock_key TEXT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (scope, lock_key)
);
