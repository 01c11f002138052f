-- The implementation tracker of 湘政发〔2019〕4号 (issue 20 item 5): the units'
-- quarterly progress reports on the plan's tasks, one per task, unit and
-- quarter. The tasks, their units and items are data in internal/tracker;
-- the figures are counted from the other domains' records.
-- SQLite version; postgres/0035_tracker.sql is its twin.
CREATE TABLE tracker_reports (
	id           INTEGER PRIMARY KEY,
	task         TEXT NOT NULL,   -- T01–T18, S1–S3
	unit         TEXT NOT NULL,   -- department code
	quarter      TEXT NOT NULL,   -- 2026Q3
	late         BOOLEAN NOT NULL,
	body         TEXT NOT NULL,   -- JSON: the report
	submitted_at DATETIME NOT NULL,
	UNIQUE (task, unit, quarter)
);
CREATE INDEX tracker_reports_quarter ON tracker_reports (quarter, task);
