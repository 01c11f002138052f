-- Foreign notifications: every source record as received, keyed within
-- its source, with the signal it maps to; and a log of imports.
-- SQLite version; postgres/0007_foreign.sql is its twin.

CREATE TABLE foreign_records (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,             -- safetygate, rasff, cpsc, openfda, fda-press
	record_key  TEXT NOT NULL,             -- the alert or recall number, or a digest
	digest      TEXT NOT NULL,             -- SHA-256 of the record as received
	record      TEXT NOT NULL,             -- the record as received, a JSON object of field → value
	notified_on DATETIME,
	url         TEXT NOT NULL DEFAULT '',
	category    TEXT NOT NULL DEFAULT '',  -- riskgate product category
	measures    TEXT NOT NULL DEFAULT '',  -- riskgate measure codes, comma-separated
	words       TEXT NOT NULL DEFAULT '',  -- the product's words, for matching
	signal_id   INTEGER NOT NULL REFERENCES signals (id),
	imported_at DATETIME NOT NULL,
	updated_at  DATETIME NOT NULL,
	UNIQUE (source, record_key)
);
CREATE INDEX foreign_records_signal ON foreign_records (signal_id);

CREATE TABLE foreign_imports (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	file_sha256 TEXT NOT NULL,
	records     INTEGER NOT NULL,
	new_count   INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	unchanged   INTEGER NOT NULL,
	rejected    INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	dept        TEXT NOT NULL,
	created_at  DATETIME NOT NULL
);
