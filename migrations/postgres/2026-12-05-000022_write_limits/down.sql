DROP TABLE write_buckets;
DROP TABLE write_events;
