-- Trust and safety (docs/TRUST.md): what a registration and a support looked like from the network, only as
-- keyed hashes (the address, its /24 or /48, the device cookie), deleted after 90 days by the jobs.
CREATE TABLE client_marks (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject_id TEXT,
    net_hash TEXT NOT NULL,
    addr_hash TEXT NOT NULL,
    device_hash TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX client_marks_created ON client_marks (created_at);
CREATE INDEX client_marks_user ON client_marks (user_id);

-- A suspected vote ring: one case per set of accounts (the fingerprint), open, voided or cleared.
CREATE TABLE trust_cases (
    id TEXT PRIMARY KEY NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    signals TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    decided_by TEXT
);
CREATE INDEX trust_cases_status ON trust_cases (status, created_at);

CREATE TABLE trust_case_members (
    case_id TEXT NOT NULL REFERENCES trust_cases (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX trust_case_members_user ON trust_case_members (user_id);

-- The supports a case flagged (and, once voided, removed): idea, supporter and when it was given.
CREATE TABLE trust_case_supports (
    case_id TEXT NOT NULL REFERENCES trust_cases (id) ON DELETE CASCADE,
    idea_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, idea_id, user_id)
);
CREATE INDEX trust_case_supports_idea ON trust_case_supports (idea_id);

-- An idea held for a moderator instead of crossing a tier (too many flagged supports).
CREATE TABLE trust_holds (
    idea_id TEXT PRIMARY KEY NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    flagged INTEGER NOT NULL,
    supports INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    released_at TIMESTAMP,
    released_by TEXT
);
INSERT INTO leases (name, holder, expires_at) VALUES ('trust_scan', '', '1970-01-01 00:00:00');
