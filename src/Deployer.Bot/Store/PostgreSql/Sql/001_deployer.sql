-- The deployer's own tables. Each row keeps the domain record as a jsonb document (System.Text.Json, as LiteDB keeps
-- it) plus the key columns that are indexed or constrained, so a field added to a record needs no migration.

CREATE TABLE deployer_decisions (
    pair_key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_decisions_service ON deployer_decisions (service);

CREATE TABLE deployer_promotions (
    id TEXT PRIMARY KEY,
    seq BIGSERIAL NOT NULL UNIQUE,
    service TEXT NOT NULL,
    pair_key TEXT NOT NULL,
    open BOOLEAN NOT NULL,
    -- The node (Quartz instance id) that began it: its open intents are settled only once it left the cluster.
    node TEXT NOT NULL,
    doc JSONB NOT NULL
);
-- At most one open promotion intent per pair, whichever node tries to begin a second one.
CREATE UNIQUE INDEX deployer_promotions_one_open_per_pair ON deployer_promotions (pair_key) WHERE open;
CREATE INDEX deployer_promotions_service_seq ON deployer_promotions (service, seq DESC);

CREATE TABLE deployer_holds (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    stage TEXT NULL,
    created_at_ticks BIGINT NOT NULL,
    -- UTC ticks; long.MaxValue for holds that never expire, so one range condition finds the expired.
    until_ticks BIGINT NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_holds_service ON deployer_holds (service);
CREATE INDEX deployer_holds_until ON deployer_holds (until_ticks);

CREATE TABLE deployer_audit (
    id BIGSERIAL PRIMARY KEY,
    service TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_audit_service_id ON deployer_audit (service, id DESC);

CREATE TABLE deployer_test_results (
    id BIGSERIAL PRIMARY KEY,
    service TEXT NULL,
    short_commit TEXT NOT NULL,
    commit TEXT NOT NULL,
    suite TEXT NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_test_results_short_commit ON deployer_test_results (short_commit);

CREATE TABLE deployer_force_requests (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    open BOOLEAN NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_force_requests_open ON deployer_force_requests (id) WHERE open;

-- One row per approval: the same person approving one request twice is refused by the database.
CREATE TABLE deployer_force_approvals (
    request_id TEXT NOT NULL REFERENCES deployer_force_requests (id) ON DELETE CASCADE,
    approver TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, approver)
);

CREATE TABLE deployer_outbox (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at_ticks BIGINT NOT NULL,
    not_before_ticks BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    dead BOOLEAN NOT NULL DEFAULT FALSE,
    -- The node that claimed the item for sending, until when: another node sends it only after the claim lapsed.
    claimed_by TEXT NULL,
    claimed_until_ticks BIGINT NULL
);
CREATE INDEX deployer_outbox_key ON deployer_outbox (key) WHERE NOT dead;
CREATE INDEX deployer_outbox_pending ON deployer_outbox (id) WHERE NOT dead;

CREATE TABLE deployer_outbox_messages (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    ts TEXT NULL
);

-- The last promotion cycle, whichever node ran it (for /healthz on every node).
CREATE TABLE deployer_cycle_runs (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    node TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    completed BIGINT NOT NULL DEFAULT 0
);
