-- Product tests (docs/PRODUCT_TESTS.md): members apply to test a product, a verifiable weighted draw picks the
-- testers, who report back. The seed is secret until the draw; pseudonym_key never leaves the server.
CREATE TABLE product_tests (
    id               TEXT PRIMARY KEY NOT NULL,
    product_id       TEXT NOT NULL REFERENCES products (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    units            INTEGER NOT NULL,
    apply_from       TIMESTAMP NOT NULL,
    apply_until      TIMESTAMP NOT NULL,
    report_due       TIMESTAMP NOT NULL,
    questions        TEXT NOT NULL,
    report_questions TEXT NOT NULL,
    min_level        INTEGER,
    seed_commitment  TEXT NOT NULL,
    seed             TEXT NOT NULL,
    pseudonym_key    TEXT NOT NULL,
    applicants_hash  TEXT,
    applicants_count INTEGER,
    drawn_at         TIMESTAMP,
    created_by       TEXT NOT NULL REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX product_tests_product ON product_tests (product_id, id);
CREATE INDEX product_tests_until ON product_tests (apply_until, id);

-- One application per member and test. The address is kept only with the member's consent (consent_at), only
-- for the selected testers after the draw, and until 30 days after report_due (the jobs clear it).
-- pseudonym, weight, position and selected are frozen at the draw.
CREATE TABLE product_test_applications (
    test_id          TEXT NOT NULL REFERENCES product_tests (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answers          TEXT NOT NULL,
    shipping_address TEXT,
    consent_at       TIMESTAMP,
    address_deleted_at TIMESTAMP,
    pseudonym        TEXT,
    weight           INTEGER,
    position         INTEGER,
    selected         BOOLEAN NOT NULL DEFAULT 0,
    reminded_at      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (test_id, user_id)
);
CREATE INDEX product_test_applications_user ON product_test_applications (user_id, test_id);

-- A selected tester's report; its stars and text are the member's rating of the product (ratings.product_test_id).
CREATE TABLE product_test_reports (
    id         TEXT PRIMARY KEY NOT NULL,
    test_id    TEXT NOT NULL REFERENCES product_tests (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating_id  TEXT,
    pros       TEXT NOT NULL,
    cons       TEXT NOT NULL,
    answers    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (test_id, user_id)
);

ALTER TABLE ratings ADD COLUMN product_test_id TEXT;
