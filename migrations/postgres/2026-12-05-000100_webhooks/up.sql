-- Signed webhooks (docs/WEBHOOKS.md). Admins register endpoints; the secret signs every delivery
-- (Standard Webhooks). During a rotation's overlap the previous secret signs too, until previous_until.
CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until TIMESTAMP,
    enabled BOOLEAN NOT NULL,
    disabled_reason TEXT,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Which events an endpoint receives: the fan-out joins here.
CREATE TABLE webhook_subscriptions (
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, event)
);
CREATE INDEX webhook_subscriptions_event ON webhook_subscriptions (event);

-- The outbox: one row per (event, endpoint), written in the event's transaction. A row is pending until a
-- 2xx (delivered) or a day of failures (failed). A worker claims the oldest pending row of an endpoint with a
-- conditional UPDATE of locked_until (so two instances never send the same row at once); a later row of the
-- same endpoint waits while an earlier one is pending.
CREATE TABLE webhook_messages (
    id BIGSERIAL PRIMARY KEY,
    msg_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    locked_by TEXT,
    finished_at TIMESTAMP
);
CREATE INDEX webhook_messages_pending ON webhook_messages (status, endpoint_id, id);
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, id);

-- The delivery log: one row per attempt.
CREATE TABLE webhook_attempts (
    id BIGSERIAL PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    response_status INTEGER,
    duration_ms INTEGER NOT NULL,
    succeeded BOOLEAN NOT NULL,
    error TEXT
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id);
