-- Issue 15: the verification of the last promotion into each stage, and the commits rejected there. One row per
-- service and stage (lower-cased key), the record as jsonb; written in one transaction with its announcement.
CREATE TABLE deployer_verifications (
    stage_key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    state TEXT NOT NULL,
    doc JSONB NOT NULL
);
CREATE INDEX deployer_verifications_service ON deployer_verifications (service);
