DROP TABLE digests;
DROP INDEX notifications_mail_pending;
ALTER TABLE notifications DROP COLUMN mail_pending;
DROP TABLE notification_settings;
