-- For product teams (issue 7): the demand signal on supports, and raffles.

-- Price bands a challenge offers supporters ("would you buy it, and at what price?"), a JSON array of labels.
ALTER TABLE challenges ADD COLUMN price_bands TEXT NOT NULL DEFAULT '[]';
-- The supporter's optional answers: yes / maybe / no, and one of the challenge's bands.
ALTER TABLE supports ADD COLUMN would_buy TEXT;
ALTER TABLE supports ADD COLUMN price_band TEXT;

-- A challenge's prize draw. The seed stays secret until the draw; its SHA-256
-- (the commitment) is public from the start.
CREATE TABLE raffles (
    id                 TEXT PRIMARY KEY NOT NULL,
    challenge_id       TEXT NOT NULL UNIQUE REFERENCES challenges (id),
    prizes             INTEGER NOT NULL,
    seed_commitment    TEXT NOT NULL,
    seed               TEXT NOT NULL,
    participants_hash  TEXT,
    participants_count INTEGER,
    winners            TEXT,
    created_by         TEXT NOT NULL REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    drawn_at           TIMESTAMP
);

-- The frozen participant list, in the published order.
CREATE TABLE raffle_participants (
    raffle_id TEXT NOT NULL REFERENCES raffles (id),
    position  INTEGER NOT NULL,
    user_id   TEXT NOT NULL REFERENCES users (id),
    handle    TEXT NOT NULL,
    PRIMARY KEY (raffle_id, position)
);
