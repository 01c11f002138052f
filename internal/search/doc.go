// Package search turns Chinese and mixed text into index terms that both
// database engines can index and match without a Chinese segmenter: each
// run of Han characters gives its overlapping bigrams (玩具奶粉 → 玩具 具奶
// 奶粉) and its last character, and each run of letters or digits one
// lowercase word. A query matches a document holding all of its terms, so
// two-character words such as 玩具 or 奶粉 are found exactly where they occur
// (a trigram index cannot do this), and a single character matches as a
// prefix. SQLite indexes the terms with FTS5, PostgreSQL with a GIN index
// on a tsvector built from them (no text-search parser, so no locale
// dependence).
package search
