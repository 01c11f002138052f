-- Accepted reports' PDFs (采信, issue 17 item 2), uploaded from the page with
-- the report: one per report, its SHA-256 the report's pdf_sha256.
-- PostgreSQL version; sqlite/0034_lab_report_files.sql is its twin.
CREATE TABLE lab_report_files (
	report_id  BIGINT PRIMARY KEY REFERENCES lab_reports (id),
	size       BIGINT NOT NULL,
	sha256     TEXT NOT NULL,
	data       BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
