-- The audit chain is keyed (HMAC-SHA256 under a key kept outside the
-- database) from the first entry written with a key on. Entries before it
-- keep their plain SHA-256 hashes and are verified as before; the head
-- records which key keys the chain and from which entry.
ALTER TABLE audit_log ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 0;
