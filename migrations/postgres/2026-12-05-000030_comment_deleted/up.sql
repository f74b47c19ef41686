-- A comment its author deleted while it had replies stays as a placeholder (body emptied) that keeps the thread.
ALTER TABLE comments ADD COLUMN deleted_at TIMESTAMP;
