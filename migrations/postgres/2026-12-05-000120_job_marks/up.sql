-- Where a batch job got to (issue 20): `search_ranks` is the time up to which the ideas supported since were
-- queued for the search index (a support no longer queues its idea itself: it changes no text, only the rank).
CREATE TABLE job_marks (
    name TEXT PRIMARY KEY NOT NULL,
    mark TIMESTAMP NOT NULL
);
-- The ideas supported since the mark, for that batch.
CREATE INDEX supports_created ON supports (created_at);
INSERT INTO job_marks (name, mark) VALUES ('search_ranks', now() AT TIME ZONE 'UTC');
