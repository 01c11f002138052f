-- Turning a trace into scope (追溯结果转为措施和召回范围, task 18): the GLN
-- register says which Global Location Numbers riskgate knows — a port
-- (customs district code) or an enterprise of the register — so that the
-- places and parties of a trace become the ports and enterprises of a
-- measure's scope; a recall records the distributors a trace found.
-- SQLite version; postgres/0040_trace_scope.sql is its twin.
CREATE TABLE trace_glns (
	gln           TEXT PRIMARY KEY,           -- 13 digits, check digit verified
	kind          TEXT NOT NULL,              -- port, enterprise
	port          TEXT NOT NULL DEFAULT '',   -- customs district code (kind port)
	enterprise_id BIGINT NOT NULL DEFAULT 0,  -- enterprises.id (kind enterprise)
	note          TEXT NOT NULL DEFAULT '',
	created_by    TEXT NOT NULL,
	created_at    DATETIME NOT NULL
);
CREATE INDEX trace_glns_enterprise ON trace_glns (enterprise_id);

ALTER TABLE recalls ADD COLUMN distributors TEXT NOT NULL DEFAULT '[]'; -- JSON: the parties a trace found
