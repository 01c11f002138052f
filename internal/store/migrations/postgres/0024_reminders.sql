-- Reminders: what waits on a person (assigned, due soon, overdue,
-- escalated), once per person and key, with the state of its e-mail; and
-- each person's address and choice (e-mail and inbox, or inbox only).
-- PostgreSQL version; sqlite/0024_reminders.sql is its twin.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN remind_by TEXT NOT NULL DEFAULT 'email';

CREATE TABLE reminders (
	id             BIGSERIAL PRIMARY KEY,
	user_id        BIGINT NOT NULL REFERENCES users (id),
	rkey           TEXT NOT NULL,
	stage          TEXT NOT NULL,
	subject        TEXT NOT NULL,
	href           TEXT NOT NULL,
	due            TEXT NOT NULL DEFAULT '',
	created_at     TIMESTAMPTZ NOT NULL,
	read_at        TIMESTAMPTZ,
	email_state    TEXT NOT NULL DEFAULT '',  -- pending, sent, failed; '' none
	email_attempts INTEGER NOT NULL DEFAULT 0,
	email_error    TEXT NOT NULL DEFAULT '',
	emailed_at     TIMESTAMPTZ,
	UNIQUE (user_id, rkey)
);
CREATE INDEX reminders_user ON reminders (user_id, read_at, id);
CREATE INDEX reminders_email ON reminders (email_state, id);
