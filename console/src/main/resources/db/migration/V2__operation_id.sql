-- The copy operation an event belongs to: a held copy (WARN_OVERRIDE) that the employee did not
-- continue opens review items for all of the operation's held files.
ALTER TABLE event ADD COLUMN operation_id VARCHAR(36);
CREATE INDEX event_by_operation ON event (agent_id, operation_id);
