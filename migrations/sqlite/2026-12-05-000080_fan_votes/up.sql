-- Staff picks (issue 19): the product team's pick of an idea, with a short public note. One per idea.
CREATE TABLE staff_picks (
    idea_id TEXT PRIMARY KEY NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    picked_by TEXT,
    picked_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_picks_picked_at ON staff_picks (picked_at);

-- Fan votes (issue 19, docs/FAN_VOTES.md): a vote among 2 to 6 finalist ideas in a window.
-- settled_at is set once, by the conditional UPDATE that first observes the close; the same transaction
-- records the winners (JSON list of idea ids) and writes their timeline events.
CREATE TABLE fan_votes (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    show_results TEXT NOT NULL,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    settled_at TIMESTAMP,
    winners TEXT,
    total_votes INTEGER
);
CREATE INDEX fan_votes_closes ON fan_votes (closes_at);

CREATE TABLE fan_vote_finalists (
    fan_vote_id TEXT NOT NULL REFERENCES fan_votes (id) ON DELETE CASCADE,
    idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (fan_vote_id, idea_id)
);
CREATE INDEX fan_vote_finalists_idea ON fan_vote_finalists (idea_id);

-- One row per voter and vote: changing one's vote updates the row (an upsert), so counts are exact.
CREATE TABLE fan_vote_ballots (
    fan_vote_id TEXT NOT NULL REFERENCES fan_votes (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idea_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (fan_vote_id, user_id)
);
CREATE INDEX fan_vote_ballots_count ON fan_vote_ballots (fan_vote_id, idea_id);
