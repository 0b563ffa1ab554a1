-- Team cover (domain.md, "Team cover"): of the accepted offers for a request, the one the server
-- received first covers it. The order of receipt is recorded here when an offer comes to stand
-- (accepted and not deleted), so every device and every server instance reads the same answer
-- however the offers' hlcs compare.

-- One row per cover_offer record: the request it names and, while it stands, its number in the
-- order of receipt (NULL while taken back or deleted; taken back and offered again, it gets a
-- new, later number).
CREATE TABLE cover_offers (
    offer_id TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    request_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    received_seq BIGINT
);

CREATE INDEX cover_offers_request ON cover_offers (request_id, received_seq);

-- The numbers come from one counter row. Taking one (an UPDATE) locks the row until the sync
-- that took it commits, so on PostgreSQL, with several instances, a later transaction waits and
-- gets a later number: the numbers follow the order the offers were committed in. Offers are
-- rare (some a week per team), so the brief lock costs nothing.
CREATE TABLE cover_offer_counter (
    id INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

INSERT INTO cover_offer_counter (id, last_seq) VALUES (1, 0);
