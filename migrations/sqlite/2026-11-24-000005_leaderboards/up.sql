-- Leaderboards, badges and the ledger's links to content (issue 6).
-- Entries stay append-only: these columns are set when an entry is written.
ALTER TABLE point_entries ADD COLUMN subject_id TEXT;      -- the content whose removal reverses the entry
ALTER TABLE point_entries ADD COLUMN challenge_id TEXT;    -- the challenge the entry counts for
ALTER TABLE point_entries ADD COLUMN reason TEXT;          -- why a reversal was written
ALTER TABLE users ADD COLUMN points_at TIMESTAMP;          -- when the balance last changed (ties: earlier first)

CREATE INDEX point_entries_chain ON point_entries (user_id, rule, cause_type, cause_id);
CREATE INDEX point_entries_subject ON point_entries (subject_id, user_id);
CREATE INDEX point_entries_created ON point_entries (created_at);
DROP INDEX users_points;
CREATE INDEX users_board ON users (points DESC, points_at, id);

-- Precomputed sums for the windowed and per-challenge leaderboards, moved in
-- the transaction of every entry. scope: '30d' or 'challenge:<id>'.
CREATE TABLE point_totals (
    scope      TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    points     BIGINT NOT NULL,
    reached_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, user_id)
);
CREATE INDEX point_totals_board ON point_totals (scope, points DESC, reached_at, user_id);

-- A window's first counted instant; entries before it have been taken out.
CREATE TABLE point_windows (
    scope    TEXT PRIMARY KEY NOT NULL,
    day_from TIMESTAMP NOT NULL
);
INSERT INTO point_windows (scope, day_from) VALUES ('30d', '1970-01-01 00:00:00');

CREATE TABLE user_badges (
    user_id    TEXT NOT NULL REFERENCES users (id),
    badge      TEXT NOT NULL,
    awarded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, badge)
);
CREATE INDEX user_badges_badge ON user_badges (badge);

-- Entries written before this migration: supports carry their idea's id first in the cause.
UPDATE point_entries SET subject_id = substr(cause_id, 1, 36) WHERE cause_type = 'support';
UPDATE point_entries SET challenge_id = (SELECT challenge_id FROM ideas WHERE ideas.id = point_entries.subject_id)
    WHERE subject_id IS NOT NULL;
UPDATE users SET points_at = (SELECT MAX(created_at) FROM point_entries WHERE point_entries.user_id = users.id);
INSERT INTO point_totals (scope, user_id, points, reached_at)
    SELECT '30d', user_id, SUM(amount), MAX(created_at) FROM point_entries GROUP BY user_id;
INSERT INTO point_totals (scope, user_id, points, reached_at)
    SELECT 'challenge:' || challenge_id, user_id, SUM(amount), MAX(created_at) FROM point_entries
    WHERE challenge_id IS NOT NULL GROUP BY challenge_id, user_id;
