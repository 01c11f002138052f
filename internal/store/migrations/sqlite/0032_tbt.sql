-- WTO TBT/SPS notifications (task 16, issue 19 items 5–7): notifications and
-- their later documents (addenda, corrigenda, revisions) linked to their
-- base by symbol, each with its body as JSON and its HS codes in a side
-- table for subscriptions and lists; subscriptions by HS code and market;
-- special studies. For the impact on Hunan's exporters, declaration lines
-- gain their destination and declared value as columns (filled from the
-- declarations' bodies), indexed by destination and HS code.
-- SQLite version; postgres/0032_tbt.sql is its twin. (0030 and 0031 are
-- reserved for other branches.)
CREATE TABLE tbt_notifications (
	id               INTEGER PRIMARY KEY,
	symbol           TEXT NOT NULL UNIQUE,
	base_symbol      TEXT NOT NULL,
	base_id          BIGINT REFERENCES tbt_notifications (id),
	agreement        TEXT NOT NULL,
	kind             TEXT NOT NULL,
	member           TEXT NOT NULL,
	distributed_on   TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD
	comment_deadline TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD
	comment_status   TEXT NOT NULL DEFAULT '',
	body             TEXT NOT NULL,             -- JSON
	rev              INTEGER NOT NULL DEFAULT 1,
	created_at       DATETIME NOT NULL,
	updated_at       DATETIME NOT NULL
);
CREATE INDEX tbt_notifications_base ON tbt_notifications (base_symbol);
CREATE INDEX tbt_notifications_base_id ON tbt_notifications (base_id);
CREATE INDEX tbt_notifications_deadline ON tbt_notifications (comment_deadline) WHERE comment_deadline <> '';
CREATE INDEX tbt_notifications_created ON tbt_notifications (created_at);

CREATE TABLE tbt_notification_hs (
	notification_id BIGINT NOT NULL REFERENCES tbt_notifications (id),
	hs_code         TEXT NOT NULL,
	PRIMARY KEY (notification_id, hs_code)
);
CREATE INDEX tbt_notification_hs_code ON tbt_notification_hs (hs_code);

CREATE TABLE tbt_subscriptions (
	id         INTEGER PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id),
	body       TEXT NOT NULL,  -- JSON: hs_codes, members
	created_at DATETIME NOT NULL
);
CREATE INDEX tbt_subscriptions_user ON tbt_subscriptions (user_id);

CREATE TABLE tbt_studies (
	id              INTEGER PRIMARY KEY,
	notification_id BIGINT REFERENCES tbt_notifications (id),
	status          TEXT NOT NULL,
	body            TEXT NOT NULL,  -- JSON
	rev             INTEGER NOT NULL DEFAULT 1,
	created_at      DATETIME NOT NULL,
	updated_at      DATETIME NOT NULL
);
CREATE INDEX tbt_studies_notification ON tbt_studies (notification_id);

ALTER TABLE declaration_lines ADD COLUMN destination TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration_lines ADD COLUMN value REAL NOT NULL DEFAULT 0;
UPDATE declaration_lines SET
	destination = COALESCE((SELECT json_extract(d.body, '$.lines[' || declaration_lines.line_no || '].destination')
		FROM declarations d WHERE d.id = declaration_lines.declaration_id), ''),
	value = COALESCE((SELECT json_extract(d.body, '$.lines[' || declaration_lines.line_no || '].value')
		FROM declarations d WHERE d.id = declaration_lines.declaration_id), 0);
CREATE INDEX declaration_lines_destination ON declaration_lines (destination, hs_code, declaration_id);
