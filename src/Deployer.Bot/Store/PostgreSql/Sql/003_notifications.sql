-- The notification queue: events to tell people about, written in the same transaction as the state change they
-- report (decision, hold, force request) and taken oldest first, one node at a time, into the Slack outbox.
-- The event is text, not jsonb: its type discriminator must stay the first property.
CREATE TABLE deployer_notifications (
    id BIGSERIAL PRIMARY KEY,
    service TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    event TEXT NOT NULL
);
