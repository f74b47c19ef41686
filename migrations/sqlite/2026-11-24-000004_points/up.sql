-- The points ledger: append-only entries; a correction is a new entry that
-- names the one it reverses. users.points caches each member's sum.
ALTER TABLE users ADD COLUMN points BIGINT NOT NULL DEFAULT 0;

CREATE TABLE point_entries (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    amount     INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    cause_type TEXT NOT NULL,
    cause_id   TEXT NOT NULL,
    reverses   TEXT REFERENCES point_entries (id),
    created_at TIMESTAMP NOT NULL
);
-- An event pays once; a reversal happens once.
CREATE UNIQUE INDEX point_entries_once ON point_entries (user_id, rule, cause_type, cause_id) WHERE reverses IS NULL;
CREATE UNIQUE INDEX point_entries_reversal ON point_entries (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX point_entries_user ON point_entries (user_id, id);
CREATE INDEX point_entries_day ON point_entries (user_id, rule, created_at);
CREATE INDEX users_points ON users (points, id);
