-- Challenge news (docs/FEEDS.md): the challenge's staff post news on a challenge. published_at may lie in
-- the future (scheduled); lists and the feed show a post from then on. The author is kept for the staff;
-- members see the handle only, and an erased author's posts stay without one.
CREATE TABLE challenge_news (
    id TEXT PRIMARY KEY NOT NULL,
    challenge_id TEXT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX challenge_news_published ON challenge_news (challenge_id, published_at);
