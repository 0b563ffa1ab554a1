-- Login throttling counts an attempt before it is judged (src/api/throttle.rs), so parallel
-- requests cannot all be judged before the first failure is written: one row per attempt of the
-- last 15 minutes, pending while its password is checked, failed once it was wrong; an attempt
-- that succeeded or was not judged is deleted. The failure that reached a limit carries the
-- lockout it started, so the lockout and the failures live in one table (no second table whose
-- rows other transactions would lock). The rows are kept 15 minutes, longer while they lock.
DROP TABLE login_failures;
DROP TABLE login_lockouts;

CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    username_key TEXT NOT NULL,
    address TEXT NOT NULL,
    attempted_at BIGINT NOT NULL,
    -- 0 while the password is checked, 1 once it was wrong.
    failed INTEGER NOT NULL DEFAULT 0,
    -- Milliseconds: until when this failure locks its username / its address (0: it does not).
    username_locked_until BIGINT NOT NULL DEFAULT 0,
    address_locked_until BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX login_attempts_username ON login_attempts (username_key, attempted_at);
CREATE INDEX login_attempts_address ON login_attempts (address, attempted_at);
CREATE INDEX login_attempts_time ON login_attempts (attempted_at);
