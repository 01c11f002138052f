-- Publication: every message a warning publishes (CAP Alert, Update,
-- Cancel), kept as sent. SQLite version; postgres/0010_publications.sql is
-- its twin.

CREATE TABLE publications (
	id          INTEGER PRIMARY KEY,
	warning_id  BIGINT NOT NULL REFERENCES warnings (id),
	seq         INTEGER NOT NULL,          -- 1 for the Alert, then one up per message
	msg_type    TEXT NOT NULL,             -- Alert, Update, Cancel
	identifier  TEXT NOT NULL UNIQUE,
	sent        DATETIME NOT NULL,
	public      BOOLEAN NOT NULL,          -- a 公告 issued to the public
	class       TEXT NOT NULL,
	grade       TEXT NOT NULL,
	facets      TEXT NOT NULL,             -- JSON publish.Facets
	snapshot    TEXT NOT NULL,             -- JSON warning.Warning as published
	latest      BOOLEAN NOT NULL,          -- the warning's newest message
	UNIQUE (warning_id, seq)
);
CREATE INDEX publications_latest ON publications (latest, public, sent);
