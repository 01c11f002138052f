-- The subscription fan-out marks each publication it has handled, instead of
-- a cursor of the last id: ids are handed out when rows are inserted, not
-- when they commit, so a cursor could pass a message committed late. Rows
-- that exist now count as handled (an upgrade does not mail the history).
-- PostgreSQL version; sqlite/0014_fanout_flag.sql is its twin.

ALTER TABLE publications ADD COLUMN fanned_out BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX publications_fanout ON publications (id) WHERE NOT fanned_out;
DROP TABLE job_cursors;
