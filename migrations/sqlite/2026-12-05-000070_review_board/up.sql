-- Private feedback for creators and the review board (docs/REVIEW.md).

-- A member's private feedback on an idea: four scores 1-5 and a note, one per member and idea (changeable).
-- Only the author reads it, as aggregates and notes without names; a moderator may hide an abusive note.
CREATE TABLE idea_feedback (
    id           TEXT PRIMARY KEY NOT NULL,
    idea_id      TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    originality  INTEGER NOT NULL,
    execution    INTEGER NOT NULL,
    detail       INTEGER NOT NULL,
    presentation INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    note_html    TEXT NOT NULL DEFAULT '',
    note_hidden_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (idea_id, user_id)
);

-- The review criteria of a challenge (scope = its id) or of the open board (scope = 'open'): a JSON list
-- of {key, label, weight}. No row: the defaults.
CREATE TABLE review_criteria (
    scope      TEXT PRIMARY KEY NOT NULL,
    criteria   TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- An evaluator's assignment to an idea in review: assigned, submitted or recused; the scores (a JSON
-- object criterion key -> 1..5) and the private note once submitted.
CREATE TABLE review_assignments (
    idea_id      TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    evaluator_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    scores       TEXT NOT NULL DEFAULT '{}',
    note         TEXT NOT NULL DEFAULT '',
    assigned_at  TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    PRIMARY KEY (idea_id, evaluator_id)
);
CREATE INDEX review_assignments_evaluator ON review_assignments (evaluator_id, status);

-- The public decision memo of a timeline event: the outcome per criterion (a JSON list of {key, label,
-- outcome}), never an evaluator or a single score.
CREATE TABLE review_memos (
    event_id   TEXT PRIMARY KEY NOT NULL REFERENCES idea_events (id) ON DELETE CASCADE,
    idea_id    TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    outcomes   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX review_memos_idea ON review_memos (idea_id);
