-- The status tracker, moderation, notifications and the audit log.

-- Tiers as JSON ([{supports, days}, ...]); the last tier's supports is the threshold.
ALTER TABLE challenges ADD COLUMN support_tiers TEXT NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN premoderation BOOLEAN NOT NULL DEFAULT 0;

ALTER TABLE ideas ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN tier_deadline TIMESTAMP;
ALTER TABLE ideas ADD COLUMN status_changed_at TIMESTAMP;
ALTER TABLE ideas ADD COLUMN merged_into TEXT REFERENCES ideas (id);
ALTER TABLE ideas ADD COLUMN product_ref TEXT;
ALTER TABLE ideas ADD COLUMN hidden_at TIMESTAMP;
ALTER TABLE ideas ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN status_reason TEXT;
ALTER TABLE ideas ADD COLUMN status_note TEXT;
UPDATE ideas SET status_changed_at = created_at;
CREATE INDEX ideas_deadline ON ideas (status, tier_deadline);
CREATE INDEX ideas_status_changed ON ideas (status, status_changed_at);

ALTER TABLE comments ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN moved_from TEXT;

-- A support that a merge added to the target idea (un-merge removes exactly these).
ALTER TABLE supports ADD COLUMN merged_from TEXT;
CREATE INDEX supports_merged_from ON supports (merged_from);

CREATE TABLE idea_events (
    id          TEXT PRIMARY KEY NOT NULL,
    idea_id     TEXT NOT NULL REFERENCES ideas (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    actor_id    TEXT REFERENCES users (id),
    actor_role  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reason      TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX idea_events_idea ON idea_events (idea_id, id);

CREATE TABLE idea_updates (
    id         TEXT PRIMARY KEY NOT NULL,
    idea_id    TEXT NOT NULL REFERENCES ideas (id),
    author_id  TEXT NOT NULL REFERENCES users (id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idea_updates_idea ON idea_updates (idea_id, id);

CREATE TABLE reports (
    id          TEXT PRIMARY KEY NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by TEXT REFERENCES users (id),
    UNIQUE (target_type, target_id, reporter_id)
);
CREATE INDEX reports_open ON reports (status, target_type, target_id);

CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY NOT NULL,
    actor_id     TEXT REFERENCES users (id),
    actor_handle TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    reason       TEXT,
    details      TEXT NOT NULL DEFAULT '{}',
    created_at   TIMESTAMP NOT NULL
);

-- Fan-out writes one row per recipient in one INSERT ... SELECT; a serial id
-- keeps that cheap and orders a member's notifications.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    idea_id    TEXT REFERENCES ideas (id),
    data       TEXT NOT NULL DEFAULT '{}',
    read_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
