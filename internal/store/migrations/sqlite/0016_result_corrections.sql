-- Declarations keep the consignor's name as declared, for the queue (the
-- register's name wins when the USCC is registered).
--
-- A declaration line's inspection or lab result is recorded once per kind;
-- a change is a correction: a new result that supersedes the earlier one,
-- with a reason, while the earlier stays as history. line_results holds the
-- current result of each line and kind, so that two results cannot both be
-- current. Results recorded before this migration become the current ones
-- (the latest of each line and kind).
-- SQLite version; postgres/0016_result_corrections.sql is its twin.

ALTER TABLE declarations ADD COLUMN consignor_name TEXT NOT NULL DEFAULT '';

ALTER TABLE inspections ADD COLUMN supersedes BIGINT;
ALTER TABLE inspections ADD COLUMN superseded_by BIGINT;
ALTER TABLE inspections ADD COLUMN correction_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX inspections_declaration ON inspections (declaration_ref) WHERE declaration_ref <> '';

CREATE TABLE line_results (
	declaration_ref TEXT NOT NULL,
	kind            TEXT NOT NULL,
	inspection_id   BIGINT NOT NULL REFERENCES inspections (id),
	PRIMARY KEY (declaration_ref, kind)
);

INSERT INTO line_results (declaration_ref, kind, inspection_id)
	SELECT declaration_ref, kind, max(id) FROM inspections WHERE declaration_ref LIKE '%#%' GROUP BY declaration_ref, kind;
