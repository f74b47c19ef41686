-- Products with ratings and reviews, community tips, review-spike alerts, and
-- the search outbox that keeps the search engine in step with the database.

CREATE TABLE products (
    id               TEXT PRIMARY KEY NOT NULL,
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    brand            TEXT NOT NULL,
    category         TEXT NOT NULL,
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    image_ref        TEXT,
    gtin             TEXT UNIQUE,
    available        BOOLEAN NOT NULL DEFAULT TRUE,
    idea_id          TEXT REFERENCES ideas (id),
    -- The rating summary: kept exact in the transaction of every rating change.
    ratings_count    INTEGER NOT NULL DEFAULT 0,
    ratings_sum      INTEGER NOT NULL DEFAULT 0,
    rating_avg       DOUBLE PRECISION NOT NULL DEFAULT 0,
    stars_1          INTEGER NOT NULL DEFAULT 0,
    stars_2          INTEGER NOT NULL DEFAULT 0,
    stars_3          INTEGER NOT NULL DEFAULT 0,
    stars_4          INTEGER NOT NULL DEFAULT 0,
    stars_5          INTEGER NOT NULL DEFAULT 0,
    created_by       TEXT NOT NULL REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX products_name ON products (name_key, id);
CREATE INDEX products_rating ON products (rating_avg, id);
CREATE INDEX products_category ON products (category, name_key, id);
CREATE INDEX products_brand ON products (brand, name_key, id);
CREATE INDEX products_idea ON products (idea_id);

-- One rating per member and product; a review is its optional title and text.
CREATE TABLE ratings (
    id            TEXT PRIMARY KEY NOT NULL,
    product_id    TEXT NOT NULL REFERENCES products (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    stars         INTEGER NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    body_html     TEXT NOT NULL DEFAULT '',
    helpful_count INTEGER NOT NULL DEFAULT 0,
    open_reports  INTEGER NOT NULL DEFAULT 0,
    hidden_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (product_id, user_id)
);
CREATE INDEX ratings_new ON ratings (product_id, id);
CREATE INDEX ratings_helpful ON ratings (product_id, helpful_count, id);
CREATE INDEX ratings_stars ON ratings (product_id, stars, id);
CREATE INDEX ratings_time ON ratings (product_id, created_at);
CREATE INDEX ratings_user ON ratings (user_id, id);

CREATE TABLE review_helpful (
    rating_id  TEXT NOT NULL REFERENCES ratings (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rating_id, user_id)
);

CREATE TABLE product_alerts (
    id            TEXT PRIMARY KEY NOT NULL,
    product_id    TEXT NOT NULL REFERENCES products (id),
    kind          TEXT NOT NULL,
    low_ratings   INTEGER NOT NULL,
    window_hours  INTEGER NOT NULL,
    usual_rate    DOUBLE PRECISION NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    resolved_at   TIMESTAMP,
    resolved_by   TEXT REFERENCES users (id)
);
CREATE INDEX product_alerts_product ON product_alerts (product_id, created_at);
CREATE INDEX product_alerts_open ON product_alerts (resolved_at, created_at);

CREATE TABLE tips (
    id            TEXT PRIMARY KEY NOT NULL,
    author_id     TEXT NOT NULL REFERENCES users (id),
    product_id    TEXT REFERENCES products (id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    helpful_count INTEGER NOT NULL DEFAULT 0,
    open_reports  INTEGER NOT NULL DEFAULT 0,
    hidden_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX tips_new ON tips (id);
CREATE INDEX tips_helpful ON tips (helpful_count, id);
CREATE INDEX tips_product ON tips (product_id, helpful_count, id);
CREATE INDEX tips_author ON tips (author_id, id);

CREATE TABLE tip_tags (
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (tip_id, tag)
);
CREATE INDEX tip_tags_tag ON tip_tags (tag, tip_id);

CREATE TABLE tip_helpful (
    tip_id     TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tip_id, user_id)
);

-- The search outbox: a row per change to a searchable document, written in the
-- change's transaction; removed only after the engine confirms it applied it.
CREATE TABLE search_outbox (
    id         BIGSERIAL PRIMARY KEY,
    doc_kind   TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

-- Leases for work that one instance at a time must do (applying the outbox).
CREATE TABLE leases (
    name       TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL DEFAULT '',
    expires_at TIMESTAMP NOT NULL
);
INSERT INTO leases (name, holder, expires_at) VALUES ('search_outbox', '', '1970-01-01 00:00:00');

-- Every idea is searchable from the start: queue the existing ones.
INSERT INTO search_outbox (doc_kind, doc_id, created_at) SELECT 'idea', id, created_at FROM ideas;
