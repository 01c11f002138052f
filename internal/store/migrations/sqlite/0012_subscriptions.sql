-- Subscriptions to published announcements and their outbox. SQLite
-- version; postgres/0012_subscriptions.sql is its twin.

CREATE TABLE subscriptions (
	id            INTEGER PRIMARY KEY,
	channel       TEXT NOT NULL,             -- email, webhook
	address       TEXT NOT NULL,             -- e-mail address or webhook URL
	lang          TEXT NOT NULL,             -- zh, en
	filter        TEXT NOT NULL,             -- JSON publish.Filter
	status        TEXT NOT NULL,             -- pending, active, ended
	secret        TEXT NOT NULL DEFAULT '',  -- webhook HMAC key
	confirm_token TEXT NOT NULL UNIQUE,
	unsub_token   TEXT NOT NULL UNIQUE,
	client        TEXT NOT NULL,             -- the address that asked
	created_at    DATETIME NOT NULL,
	confirmed_at  DATETIME,
	ended_at      DATETIME
);
CREATE INDEX subscriptions_status ON subscriptions (status, confirmed_at);
CREATE INDEX subscriptions_client ON subscriptions (client, created_at);
CREATE INDEX subscriptions_address ON subscriptions (address, status);

-- One row per thing to send: the confirmation of a subscription, or a
-- published message to a subscription. Written in the transaction that
-- decides it, delivered by the dispatcher, retried with backoff.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	subscription_id BIGINT NOT NULL REFERENCES subscriptions (id),
	kind            TEXT NOT NULL,           -- confirm, message
	publication_id  BIGINT REFERENCES publications (id),
	status          TEXT NOT NULL,           -- pending, sent, dead, dropped
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_at         DATETIME NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      DATETIME NOT NULL,
	sent_at         DATETIME,
	UNIQUE (subscription_id, kind, publication_id)
);
CREATE INDEX outbox_due ON outbox (status, next_at);

-- Durable positions of background jobs (the fan-out's last publication).
CREATE TABLE job_cursors (
	name  TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
