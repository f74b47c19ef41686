-- Write limits (docs/TRUST.md, "Limits on writing"): each counted write is a row, kept only as long as
-- the longest window it can count in. A bucket is a member (`u:<id>`) or a client address (`a:<keyed
-- hash>`); the address itself is never stored.
CREATE TABLE write_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    action TEXT NOT NULL,
    at     TIMESTAMP NOT NULL
);
CREATE INDEX write_events_bucket ON write_events (bucket, action, at);
CREATE INDEX write_events_at ON write_events (at);

-- One row per bucket and action, updated first in each check: on PostgreSQL its row lock makes two
-- instances count one after the other (SQLite's write transactions are serial already).
CREATE TABLE write_buckets (
    bucket  TEXT NOT NULL,
    action  TEXT NOT NULL,
    touched TIMESTAMP NOT NULL,
    PRIMARY KEY (bucket, action)
);
CREATE INDEX write_buckets_touched ON write_buckets (touched);
