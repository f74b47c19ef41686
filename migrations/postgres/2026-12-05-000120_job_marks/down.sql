DROP TABLE point_pending;
DROP INDEX supports_created;
DROP TABLE job_marks;
