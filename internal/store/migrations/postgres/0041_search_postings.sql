-- Posting lists beside the GIN index (issue 21, item 3): for each kind, term
-- and block of 4,096 document ids (chunk = id >> 12), the offsets (id & 4095)
-- of the documents of that kind that hold the term. A search walks the
-- blocks of its terms from the newest down, intersects them in the process
-- and stops at its limit; two common words that never occur together cost
-- a few hundred small rows instead of the GIN index decoding every posting
-- of both. Each write adds its own rows, never updating one (an update a
-- write of the newest block's common words bloated them); part tells them
-- apart and a search ors them. ids is one byte of form then the members:
-- 0, offsets as big-endian uint16 in ascending order; 1, a 512-byte
-- bitmap, bit i (most significant first) for offset i. Writers write fewer
-- than 256 members as offsets and more as a bitmap; the backfill below
-- writes offsets only. The bits are candidates: a search still tests each
-- document it returns against its words, so a replaced document's old
-- terms do no harm.
-- PostgreSQL version; sqlite/0041_search_postings.sql is its twin.
CREATE TABLE search_postings (
	kind  TEXT NOT NULL,   -- of the documents: warning, signal
	term  TEXT NOT NULL,   -- a term of search.Terms
	chunk BIGINT NOT NULL, -- search_docs.id >> 12
	part  BIGINT NOT NULL, -- which write: random, 0 for the backfill
	ids   BYTEA NOT NULL,  -- the members, as above
	PRIMARY KEY (kind, term, chunk, part)
);

INSERT INTO search_postings (kind, term, chunk, part, ids)
SELECT d.kind, t.term, d.id >> 12, 0, '\x00'::bytea || string_agg(int2send((d.id & 4095)::int2), ''::bytea ORDER BY d.id)
FROM search_docs d, unnest(tsvector_to_array(d.tsv)) AS t(term)
GROUP BY d.kind, t.term, d.id >> 12;
