-- Product questions and answers (docs/QUESTIONS.md), and following a product.
CREATE TABLE questions (
    id                   TEXT PRIMARY KEY NOT NULL,
    product_id           TEXT NOT NULL REFERENCES products (id),
    author_id            TEXT NOT NULL REFERENCES users (id),
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL,
    body_html            TEXT NOT NULL,
    -- Kept exact in each answer's transaction (under the question's row lock): answers not hidden.
    answers_count        INTEGER NOT NULL DEFAULT 0,
    -- Helpful marks on its answers (the list's "most helpful" sort), kept exact with each mark.
    helpful_count        INTEGER NOT NULL DEFAULT 0,
    -- When the first visible official (product team) answer came; NULL while there is none.
    official_answered_at TIMESTAMP,
    accepted_answer_id   TEXT,
    open_reports         INTEGER NOT NULL DEFAULT 0,
    hidden_at            TIMESTAMP,
    edited_at            TIMESTAMP,
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX questions_product ON questions (product_id, id);
CREATE INDEX questions_helpful ON questions (product_id, helpful_count, id);
CREATE INDEX questions_waiting ON questions (official_answered_at, created_at);

CREATE TABLE answers (
    id            TEXT PRIMARY KEY NOT NULL,
    question_id   TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    author_id     TEXT NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    official      BOOLEAN NOT NULL DEFAULT FALSE,
    helpful_count INTEGER NOT NULL DEFAULT 0,
    open_reports  INTEGER NOT NULL DEFAULT 0,
    hidden_at     TIMESTAMP,
    edited_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX answers_question ON answers (question_id, id);

CREATE TABLE answer_helpful (
    answer_id  TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

CREATE TABLE product_follows (
    product_id TEXT NOT NULL REFERENCES products (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (product_id, user_id)
);
CREATE INDEX product_follows_user ON product_follows (user_id);
