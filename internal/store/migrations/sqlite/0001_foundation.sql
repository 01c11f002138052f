-- Foundation: reference catalogues, parties, identity, audit. SQLite version;
-- postgres/0001_foundation.sql is its twin and must stay in step.

CREATE TABLE catalog_entries (
	catalog  TEXT NOT NULL,
	code     TEXT NOT NULL,
	parent   TEXT NOT NULL DEFAULT '',
	level    INTEGER NOT NULL DEFAULT 1,
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	attrs    TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (catalog, code)
);
CREATE INDEX catalog_entries_parent ON catalog_entries (catalog, parent);

-- One row per loaded catalogue file, so that seeding is idempotent and a
-- changed file is reloaded.
CREATE TABLE catalog_versions (
	catalog   TEXT PRIMARY KEY,
	checksum  TEXT NOT NULL,
	rows      INTEGER NOT NULL,
	loaded_at DATETIME NOT NULL
);

CREATE TABLE labs (
	id         INTEGER PRIMARY KEY,
	name_zh    TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	uscc       TEXT NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL
);

CREATE TABLE enterprises (
	id            INTEGER PRIMARY KEY,
	uscc          TEXT NOT NULL UNIQUE,
	name_zh       TEXT NOT NULL,
	name_en       TEXT NOT NULL DEFAULT '',
	address       TEXT NOT NULL DEFAULT '',
	region        TEXT NOT NULL DEFAULT '',
	roles         TEXT NOT NULL DEFAULT '',
	credit_tier   TEXT NOT NULL DEFAULT 'routine',
	contact_name  TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	dept          TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region);
CREATE INDEX enterprises_name ON enterprises (name_zh);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	dept          TEXT NOT NULL,
	role          TEXT NOT NULL,
	enterprise_id INTEGER REFERENCES enterprises (id),
	lab_id        INTEGER REFERENCES labs (id),
	password_hash TEXT NOT NULL,
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL
);

CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	csrf       TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	name       TEXT NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	revoked_at DATETIME
);

-- The audit trail. Append-only and hash-chained: each entry's hash covers its
-- fields and the previous entry's hash. No foreign keys, so that an entry
-- outlives what it describes.
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        DATETIME NOT NULL,
	actor     TEXT NOT NULL,
	actor_id  INTEGER NOT NULL DEFAULT 0,
	dept      TEXT NOT NULL DEFAULT '',
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id INTEGER NOT NULL DEFAULT 0,
	summary   TEXT NOT NULL DEFAULT '',
	before    TEXT NOT NULL DEFAULT '',
	after     TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The head of the chain: one row, updated in the same transaction as each
-- append, so that concurrent writers queue on it and a deleted tail is noticed.
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- Append-only in the database too: updates and deletes of audit entries fail.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
