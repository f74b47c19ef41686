-- Suspended members are few: a partial index finds those ahead of a member on a board.
CREATE INDEX users_suspended ON users (suspended_at) WHERE suspended_at IS NOT NULL;
