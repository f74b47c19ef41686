-- Privacy: the consents a member gave or withdrew (append-only: the current state of a kind is its latest row),
-- and the time an account was erased (it can no longer sign in; its handle is a pseudonym).
ALTER TABLE users ADD COLUMN erased_at TIMESTAMP;
CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    given BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_user_kind ON consents (user_id, kind, id);
