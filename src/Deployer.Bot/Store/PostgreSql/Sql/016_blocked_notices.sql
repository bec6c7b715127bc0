-- Issue 16: the "blocked too long" mentions made, one row per (pair, commit, check), so each is made once across
-- cycles, nodes and restarts. Inserted in one transaction with its announcement.
CREATE TABLE deployer_blocked_notices (
    notice_key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
