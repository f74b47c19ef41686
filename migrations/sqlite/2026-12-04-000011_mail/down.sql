ALTER TABLE users DROP COLUMN time_zone;
ALTER TABLE users DROP COLUMN email_verified_at;
DROP TABLE email_tokens;
DELETE FROM leases WHERE name = 'mail_outbox';
DROP TABLE mail_outbox;
