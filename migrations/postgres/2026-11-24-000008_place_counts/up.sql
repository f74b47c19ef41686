-- How many members hold each points value on each board ('all', '30d',
-- 'challenge:<id>'), so that a member's place is the sum of the buckets above
-- theirs plus the few tied ahead, not a count over every member above them.
-- Writers only ever insert signed deltas (id: a fresh UUID), in the
-- transaction that moves the member's total, so they never wait on each
-- other; the background jobs fold the deltas into one row per bucket
-- (id: ''). A bucket's count is the sum of its rows at every moment.
CREATE TABLE point_counts (
    scope   TEXT NOT NULL,
    points  BIGINT NOT NULL,
    id      TEXT NOT NULL,
    members INTEGER NOT NULL,
    PRIMARY KEY (scope, points, id)
);
CREATE INDEX point_counts_deltas ON point_counts (id) WHERE id <> '';
-- A place's sum over the buckets above, read from the index alone.
CREATE INDEX point_counts_sums ON point_counts (scope, points, members);

INSERT INTO point_counts (scope, points, id, members)
    SELECT 'all', points, '', COUNT(*) FROM users WHERE points > 0 GROUP BY points;
INSERT INTO point_counts (scope, points, id, members)
    SELECT scope, points, '', COUNT(*) FROM point_totals WHERE points > 0 GROUP BY scope, points;
