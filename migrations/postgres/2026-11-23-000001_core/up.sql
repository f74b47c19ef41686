-- Core: accounts, challenges, ideas, supports, comments.
-- Ids are UUIDv7 as TEXT (both backends); times are UTC without zone.
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    handle        TEXT NOT NULL,
    handle_key    TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'member',
    locale        TEXT,
    suspended_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE challenges (
    id                TEXT PRIMARY KEY NOT NULL,
    slug              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    brief             TEXT NOT NULL,
    brief_html        TEXT NOT NULL,
    opens_at          TIMESTAMP NOT NULL,
    closes_at         TIMESTAMP NOT NULL,
    support_threshold INTEGER NOT NULL,
    vote_mode         TEXT NOT NULL,
    vote_budget       INTEGER,
    created_by        TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX challenges_closes ON challenges (closes_at, id);

CREATE TABLE ideas (
    id                TEXT PRIMARY KEY NOT NULL,
    challenge_id      TEXT REFERENCES challenges (id),
    author_id         TEXT NOT NULL REFERENCES users (id),
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    body              TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    status            TEXT NOT NULL,
    supports_count    INTEGER NOT NULL DEFAULT 0,
    comments_count    INTEGER NOT NULL DEFAULT 0,
    trend_score       DOUBLE PRECISION NOT NULL,
    last_supported_at TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- Keyset pagination: one index per sort, with and without the challenge filter.
CREATE INDEX ideas_new ON ideas (id);
CREATE INDEX ideas_top ON ideas (supports_count, id);
CREATE INDEX ideas_trending ON ideas (trend_score, id);
CREATE INDEX ideas_challenge_new ON ideas (challenge_id, id);
CREATE INDEX ideas_challenge_top ON ideas (challenge_id, supports_count, id);
CREATE INDEX ideas_challenge_trending ON ideas (challenge_id, trend_score, id);
CREATE INDEX ideas_author ON ideas (author_id, id);

CREATE TABLE idea_tags (
    idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (idea_id, tag)
);
CREATE INDEX idea_tags_tag ON idea_tags (tag, idea_id);

CREATE TABLE supports (
    idea_id      TEXT NOT NULL REFERENCES ideas (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    challenge_id TEXT REFERENCES challenges (id),
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX supports_user ON supports (user_id, created_at);
CREATE INDEX supports_idea_time ON supports (idea_id, created_at);

-- Budget mode: one row per member and challenge; 'used' only moves inside the
-- transaction that adds or removes a support, guarded by 'used < budget'.
CREATE TABLE vote_budgets (
    user_id      TEXT NOT NULL REFERENCES users (id),
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    used         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, challenge_id)
);

CREATE TABLE comments (
    id         TEXT PRIMARY KEY NOT NULL,
    idea_id    TEXT NOT NULL REFERENCES ideas (id),
    parent_id  TEXT REFERENCES comments (id),
    author_id  TEXT NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    hidden_at  TIMESTAMP,
    edited_at  TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_idea ON comments (idea_id, parent_id, id);
CREATE INDEX comments_parent ON comments (parent_id, id);
