-- The enterprise gateway (task 15): a firm's answers to the 通告 addressed
-- to it (整改报告) with their evidence files, and its standard
-- self-declarations (标准自我声明). The columns are what lists filter on;
-- body is the filing as a JSON document. Evidence files are kept as signal
-- attachments are, with their SHA-256. PostgreSQL version;
-- sqlite/0025_gateway.sql is its twin.
CREATE TABLE answers (
	id            BIGSERIAL PRIMARY KEY,
	warning_id    BIGINT NOT NULL REFERENCES warnings (id),
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	dept          TEXT NOT NULL,   -- the 通告's issuer, who reviews
	status        TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON, without the attachments
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL,
	rev           INTEGER NOT NULL
);
CREATE INDEX answers_enterprise ON answers (enterprise_id, id);
CREATE INDEX answers_warning ON answers (warning_id);
CREATE INDEX answers_dept ON answers (dept, status);

CREATE TABLE answer_attachments (
	id           BIGSERIAL PRIMARY KEY,
	answer_id    BIGINT NOT NULL REFERENCES answers (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         BYTEA NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX answer_attachments_answer ON answer_attachments (answer_id);

CREATE TABLE self_declarations (
	id            BIGSERIAL PRIMARY KEY,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	status        TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL,
	rev           INTEGER NOT NULL
);
CREATE INDEX self_declarations_enterprise ON self_declarations (enterprise_id, id);
CREATE INDEX self_declarations_status ON self_declarations (status);
