-- The team access log (api.md, Coordinator summaries): every read of a summary, its CSV or this
-- log itself, by whom, when, of which endpoint and week. Rows are only ever added.

CREATE TABLE team_access_log (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    -- The path read, e.g. /api/v1/team/summary.csv.
    endpoint TEXT NOT NULL,
    -- The ISO week read (2026-W48); NULL for reads of the log itself.
    week TEXT
);

-- Newest first, paged by (at, id).
CREATE INDEX team_access_log_team_time ON team_access_log (team_id, at, id);
