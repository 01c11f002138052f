-- Signal detection: detectors (count series definitions) and their alarms.
-- SQLite version; postgres/0006_detection.sql is its twin.

CREATE TABLE detectors (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL,
	group_by      TEXT NOT NULL,
	channels      TEXT NOT NULL DEFAULT '',
	period        TEXT NOT NULL,
	method        TEXT NOT NULL,
	params        TEXT NOT NULL,
	suppress_days INTEGER NOT NULL,
	dept          TEXT NOT NULL,
	active        BOOLEAN NOT NULL DEFAULT TRUE,
	created_by    TEXT NOT NULL,
	created_at    DATETIME NOT NULL,
	last_run_at   DATETIME
);

CREATE TABLE detection_alarms (
	id           INTEGER PRIMARY KEY,
	detector_id  INTEGER NOT NULL REFERENCES detectors (id),
	group_key    TEXT NOT NULL,
	period_start DATETIME NOT NULL,
	observed     REAL NOT NULL,
	expected     REAL NOT NULL,
	upper_bound  REAL NOT NULL,
	score        REAL NOT NULL,
	p_value      REAL,
	method       TEXT NOT NULL,
	params       TEXT NOT NULL,
	signal_id    INTEGER REFERENCES signals (id),
	suppressed   BOOLEAN NOT NULL DEFAULT FALSE,
	created_at   DATETIME NOT NULL,
	UNIQUE (detector_id, group_key, period_start)
);
CREATE INDEX detection_alarms_recent ON detection_alarms (created_at);
CREATE INDEX signals_received ON signals (received_at);
