package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/search"
)

// Kinds of search documents.
const (
	searchWarning = "warning"
	searchSignal  = "signal"
)

// SearchDoc is one document of the full-text index.
type SearchDoc struct {
	Kind   string // warning, signal, …
	Ref    int64  // the id of what it describes
	Public bool   // shown on the public portal
	At     time.Time
	Text   string
}

// indexDoc adds or replaces the search document of (kind, ref) in tx.
func indexDoc(ctx context.Context, tx *Tx, kind string, ref int64, public bool, at time.Time, text string) error {
	return tx.db.d.searchPut(ctx, tx, []SearchDoc{{Kind: kind, Ref: ref, Public: public, At: at, Text: text}}, true)
}

// SearchIndex is the full-text index on its own, for bulk loads and the
// search benchmark; the domains index their records through their stores.
type SearchIndex struct{ db *DB }

// Search returns the full-text index.
func (db *DB) Search() *SearchIndex { return &SearchIndex{db: db} }

// Put adds or replaces documents, in one transaction; of two documents
// with the same kind and ref, the later wins.
func (x *SearchIndex) Put(ctx context.Context, docs []SearchDoc) error {
	type key struct {
		kind string
		ref  int64
	}
	last := make(map[key]int, len(docs))
	for i, d := range docs {
		last[key{d.Kind, d.Ref}] = i
	}
	if len(last) < len(docs) {
		kept := make([]SearchDoc, 0, len(last))
		for i, d := range docs {
			if last[key{d.Kind, d.Ref}] == i {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	return x.db.Transact(ctx, func(tx *Tx) error { return x.db.d.searchPut(ctx, tx, docs, true) })
}

// Query returns the refs of the documents of kind that hold every term of
// q (public ones only when public is set), the newest limit of them,
// newest first. Signals queued for the index are indexed first.
func (x *SearchIndex) Query(ctx context.Context, kind string, public bool, q search.Query, limit int) ([]int64, error) {
	if kind == searchSignal {
		if err := x.db.searchCatchUp(ctx); err != nil {
			return nil, err
		}
	}
	return x.db.searchRefs(ctx, kind, public, q, limit)
}

// searchRefs returns the refs of the documents of kind (public ones only
// when public is set) that hold every term of q: the newest limit of them,
// newest first (by when they were first indexed). The posting lists answer
// first (searchPostings); a query of prefix terms only, or one they give
// up on, is asked of the full-text index in steps. Each step reads a bounded
// range of the newest documents first, stopping at the limit, which
// answers common words whatever their number; from the matches among the
// searchRecent newest it estimates how far back limit matches lie and
// reads that far (at most searchWalk documents); only rarer words ask the
// whole index, which then has few matches to return.
func (db *DB) searchRefs(ctx context.Context, kind string, public bool, q search.Query, limit int) ([]int64, error) {
	if q.Empty() {
		return nil, nil
	}
	if refs, ok, err := db.searchPostings(ctx, kind, public, q, limit); err != nil || ok {
		return refs, err
	}
	var top int64
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM search_docs`).Scan(&top); err != nil {
		return nil, err
	}
	if top > searchRecent {
		out, err := db.searchRun(ctx, q, kind, public, top-searchRecent, limit)
		if err != nil || len(out) >= limit {
			return out, err
		}
		if k := int64(len(out)); k > 0 {
			if back := 3 * int64(limit) * searchRecent / (2 * k); back <= searchWalk && top > back {
				out, err := db.searchRun(ctx, q, kind, public, top-back, limit)
				if err != nil || len(out) >= limit {
					return out, err
				}
			}
		}
	}
	return db.searchRun(ctx, q, kind, public, 0, limit)
}

// searchRun runs one step of a search and collects the refs.
func (db *DB) searchRun(ctx context.Context, q search.Query, kind string, public bool, after int64, limit int) ([]int64, error) {
	query, args := db.d.searchQuery(q, kind, public, after, limit)
	return collect(scanInt64)(db.query(ctx, query, args...))
}

// searchRecent is how many of the newest documents a search reads first;
// searchWalk how far back the second step may read (ranges, not matches:
// each step stops as soon as it has the limit).
const (
	searchRecent = 5000
	searchWalk   = 40_000
)

// valuesList is "($1, $2, …), ($n+1, …)" for rows of n columns.
func valuesList(rows, cols int, casts ...string) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", r*cols+c+1)
			if c < len(casts) {
				b.WriteString(casts[c])
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}
