-- Full-text search over Chinese and mixed text: documents hold the terms of
-- search.Terms (Han bigrams and last characters, lowercase words), indexed
-- by FTS5. SQLite version; postgres/0011_search.sql is its twin.

CREATE TABLE search_docs (
	id      INTEGER PRIMARY KEY,
	kind    TEXT NOT NULL,                 -- warning, signal
	ref     BIGINT NOT NULL,               -- the id of the warning or signal
	public  BOOLEAN NOT NULL,              -- shown on the public portal
	at      DATETIME NOT NULL,             -- publication or receipt
	UNIQUE (kind, ref)
);
CREATE INDEX search_docs_kind ON search_docs (kind, public, at);

-- The terms, by the rowid of search_docs; contentless (the text lives in
-- its own table) with deletes allowed.
CREATE VIRTUAL TABLE search_fts USING fts5(terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
