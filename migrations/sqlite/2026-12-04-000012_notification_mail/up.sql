-- How each member wants to hear of each kind of notification: off, in_app, email (at once), daily or weekly (a
-- digest). Only choices that differ from the defaults (notifications::rules::default_channel) are stored.
CREATE TABLE notification_settings (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- A notification is the outbox of its mail: written in the event's transaction, marked pending, and turned
-- into a mail (or not, by the member's choice) by the mail worker, which clears the mark in the same
-- transaction. Notifications from before this migration are not mailed.
ALTER TABLE notifications ADD COLUMN mail_pending BOOLEAN NOT NULL DEFAULT 1;
UPDATE notifications SET mail_pending = 0;
CREATE INDEX notifications_mail_pending ON notifications (id) WHERE mail_pending;

-- Digests: up to when each member's daily or weekly digest covered their notifications.
CREATE TABLE digests (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    sent_until TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, period)
);
