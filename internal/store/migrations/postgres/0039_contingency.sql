-- Contingency mode (issue 20 item 4): decisions and results made while the
-- database was unreachable, held in a node's journal and resubmitted, keep
-- their queue id (unique: a resubmission never stores one twice) and their
-- mark (JSON: queue id, node, time made, time resubmitted).
-- postgres version; sqlite/0039_contingency.sql is its twin.
ALTER TABLE declarations ADD COLUMN contingency_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX declarations_contingency ON declarations (contingency_id) WHERE contingency_id <> '';
ALTER TABLE inspections ADD COLUMN contingency_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inspections ADD COLUMN contingency TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX inspections_contingency ON inspections (contingency_id) WHERE contingency_id <> '';
