DROP INDEX users_points;
DROP TABLE point_entries;
ALTER TABLE users DROP COLUMN points;
