-- Leases on scheduled jobs: several nodes on one database run each job once
-- at a time. A node holds a job's lease until it expires or is released; a
-- node killed in the middle of a job stops renewing it, and another takes
-- the job over when it expires.
CREATE TABLE job_leases (
	name       TEXT PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_at DATETIME NOT NULL,
	acquired   INTEGER NOT NULL DEFAULT 0 -- how many times a node took the lease
);
