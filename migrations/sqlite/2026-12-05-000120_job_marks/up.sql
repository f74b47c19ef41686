-- Where a batch job got to (issue 20): `search_ranks` is the time up to which the ideas supported since were
-- queued for the search index (a support no longer queues its idea itself: it changes no text, only the rank).
CREATE TABLE job_marks (
    name TEXT PRIMARY KEY NOT NULL,
    mark TIMESTAMP NOT NULL
);
-- The ideas supported since the mark, for that batch.
CREATE INDEX supports_created ON supports (created_at);
INSERT INTO job_marks (name, mark) VALUES ('search_ranks', CURRENT_TIMESTAMP);

-- Ledger entries whose leaderboard caches are not moved yet (issue 20, docs/POINTS.md "Deferred caches"): a
-- support moves the balances in its transaction and leaves the 30-day and challenge totals, the boards'
-- histograms and the badges to a batch. balance_from/balance_to: the balance the entry moved, for the
-- all-time board's histogram.
CREATE TABLE point_pending (
    entry_id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    rule TEXT NOT NULL,
    challenge_id TEXT,
    created_at TIMESTAMP NOT NULL,
    balance_from BIGINT NOT NULL,
    balance_to BIGINT NOT NULL
);
