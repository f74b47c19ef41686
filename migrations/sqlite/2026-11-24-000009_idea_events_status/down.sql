DROP INDEX idea_events_to_status;
