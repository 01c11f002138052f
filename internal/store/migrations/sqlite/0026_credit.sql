-- Enterprise credit (信用, task 12): the rule table by version; each firm's
-- credit record (base tier by certification, an official decision's
-- override, since when it holds its tier, why, and a revision that
-- serialises changes to one firm); credit events; tier changes with their
-- explanation; applications for repair; and the exports of the lists to
-- the credit platform, each with what it held so the next can report the
-- changes since. enterprises.credit_tier stays the tier screening reads.
-- SQLite version; postgres/0026_credit.sql is its twin.
CREATE TABLE credit_rules (
	version    INTEGER PRIMARY KEY,
	body       TEXT NOT NULL,   -- JSON
	created_at DATETIME NOT NULL
);

CREATE TABLE credit_firms (
	enterprise_id   BIGINT PRIMARY KEY REFERENCES enterprises (id),
	base_tier       TEXT NOT NULL,
	override_tier   TEXT NOT NULL DEFAULT '',
	override_reason TEXT NOT NULL DEFAULT '',
	since           DATETIME NOT NULL,
	outcome         TEXT NOT NULL,  -- JSON: the tier's explanation
	rev             INTEGER NOT NULL
);

CREATE TABLE credit_events (
	id            INTEGER PRIMARY KEY,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	kind          TEXT NOT NULL,
	severity      TEXT NOT NULL,
	occurred_on   TEXT NOT NULL,   -- YYYY-MM-DD
	ends_on       TEXT NOT NULL,
	source        TEXT NOT NULL,
	source_id     BIGINT NOT NULL DEFAULT 0,
	status        TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON: the event
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL
);
CREATE INDEX credit_events_enterprise ON credit_events (enterprise_id, id);
CREATE INDEX credit_events_due ON credit_events (status, ends_on);
CREATE INDEX credit_events_source ON credit_events (source, source_id);

CREATE TABLE credit_changes (
	id            INTEGER PRIMARY KEY,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	from_tier     TEXT NOT NULL,
	to_tier       TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON: the change with its explanation
	at            DATETIME NOT NULL
);
CREATE INDEX credit_changes_enterprise ON credit_changes (enterprise_id, id);
CREATE INDEX credit_changes_at ON credit_changes (at);

CREATE TABLE credit_repairs (
	id            INTEGER PRIMARY KEY,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	status        TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL,
	rev           INTEGER NOT NULL
);
CREATE INDEX credit_repairs_enterprise ON credit_repairs (enterprise_id, id);
CREATE INDEX credit_repairs_status ON credit_repairs (status, id);

CREATE TABLE credit_exports (
	id         INTEGER PRIMARY KEY,
	list       TEXT NOT NULL,
	format     TEXT NOT NULL,
	items      TEXT NOT NULL,   -- JSON: what the export held
	by_login   TEXT NOT NULL,
	at         DATETIME NOT NULL
);
CREATE INDEX credit_exports_list ON credit_exports (list, id);
