-- Single sign-on with OpenID Connect (docs/ACCOUNTS.md, "Single sign-on").
-- A member's linked identity at a provider: only what signing in needs (the provider's id from the configuration
-- and the stable subject), never a token. One member per (provider, subject).
CREATE TABLE oidc_identities (
    provider_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A sign-in in progress, bound to one browser by a random id in a cookie; taken (deleted) on use, gone after
-- about ten minutes. Before the provider answers: state, nonce and the PKCE verifier (and the member who links,
-- if signed in). After it answered but before the member finished (a first sign-in's handle, or the password
-- that links an existing account): the checked claims (subject, email, email_verified, proposed handle, role).
CREATE TABLE oidc_logins (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    state TEXT,
    nonce TEXT,
    pkce_verifier TEXT,
    link_user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    next TEXT NOT NULL,
    subject TEXT,
    email TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    display_name TEXT,
    proposed_handle TEXT,
    role TEXT,
    existing_user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);
