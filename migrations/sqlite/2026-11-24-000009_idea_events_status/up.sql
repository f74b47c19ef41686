-- The dashboard's funnel: the ideas whose timeline ever moved them to a stage (an index-only range per stage).
CREATE INDEX idea_events_to_status ON idea_events (to_status, idea_id);
