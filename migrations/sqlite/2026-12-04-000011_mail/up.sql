-- Mail: an outbox written in the transaction of the event that causes a mail, handed to SMTP (or written as an
-- .eml file) by one instance at a time under the 'mail_outbox' lease. A row goes once the mail is handed over,
-- or given up (a permanent refusal, or a day of failures), so no address or text is kept longer than needed.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- Extra headers as a JSON object (List-Unsubscribe, List-Unsubscribe-Post).
    headers TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
INSERT INTO leases (name, holder, expires_at) VALUES ('mail_outbox', '', '1970-01-01 00:00:00');

-- Single-use tokens sent by mail (verify an address, reset a password, confirm a new address). Only a hash of
-- the token is stored; a row goes when used, replaced by a newer one, or expired (the jobs delete those).
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    -- The address being confirmed (verification and address change).
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);
CREATE INDEX email_tokens_expires ON email_tokens (expires_at);

-- Accounts that existed before verification came count as verified (they were made by operators or demo data).
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
UPDATE users SET email_verified_at = created_at;
ALTER TABLE users ADD COLUMN time_zone TEXT;
