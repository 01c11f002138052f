-- Posting lists beside the FTS5 index (issue 21, item 3): for each kind,
-- term and block of 4,096 document ids (chunk = id >> 12), the offsets
-- (id & 4095) of the documents of that kind that hold the term. A search
-- walks the blocks of its terms from the newest down, intersects them in
-- the process and stops at its limit; two common words that never occur
-- together cost a few hundred small rows instead of the index reading
-- every posting of both. Each write adds its own rows, never updating
-- one; part tells them apart and a search ors them. ids is one byte of
-- form then the members: 0, offsets as big-endian uint16 in ascending
-- order; 1, a 512-byte bitmap, bit i (most significant first) for offset
-- i. Writers write fewer than 256 members as offsets and more as a
-- bitmap; the backfill below writes offsets only, read from FTS5's own
-- index (fts5vocab) since the terms are stored nowhere else. The bits
-- are candidates: a search still tests each document it returns against
-- its words (the terms column below), so a replaced document's old terms
-- do no harm. SQLite version; postgres/0041_search_postings.sql is its
-- twin.
CREATE TABLE search_postings (
	kind  TEXT NOT NULL,    -- of the documents: warning, signal
	term  TEXT NOT NULL,    -- a term of search.Terms
	chunk INTEGER NOT NULL, -- search_docs.id >> 12
	part  INTEGER NOT NULL, -- which write: random, 0 for the backfill
	ids   BLOB NOT NULL,    -- the members, as above
	PRIMARY KEY (kind, term, chunk, part)
) WITHOUT ROWID;

-- A document's terms, space-separated, which the contentless FTS5 table
-- cannot return: the search tests its candidates against them (FTS5 takes
-- milliseconds to test one document, reading whole posting lists).
ALTER TABLE search_docs ADD COLUMN terms TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, instance);
CREATE TEMP TABLE search_doc_terms AS SELECT DISTINCT doc, term FROM temp.search_vocab;

INSERT INTO search_postings (kind, term, chunk, part, ids)
SELECT d.kind, v.term, d.id >> 12, 0, unhex('00' || group_concat(printf('%04X', d.id & 4095), '' ORDER BY d.id))
FROM temp.search_doc_terms v JOIN search_docs d ON d.id = v.doc
GROUP BY d.kind, v.term, d.id >> 12;

UPDATE search_docs SET terms = t.terms
FROM (SELECT doc, group_concat(term, ' ' ORDER BY term) AS terms FROM temp.search_doc_terms GROUP BY doc) t
WHERE search_docs.id = t.doc;

DROP TABLE temp.search_doc_terms;
DROP TABLE temp.search_vocab;
