package store

import (
	"context"
	"time"

	"riskgate/internal/search"
)

// Kinds of search documents.
const (
	searchWarning = "warning"
	searchSignal  = "signal"
)

// indexDoc adds or replaces the search document of (kind, ref) in tx.
func indexDoc(ctx context.Context, tx *Tx, kind string, ref int64, public bool, at time.Time, text string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO search_docs (kind, ref, public, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kind, ref) DO UPDATE SET public = excluded.public, at = excluded.at RETURNING id`,
		kind, ref, public, at.UTC()).Scan(&id)
	if err != nil {
		return err
	}
	return tx.db.d.searchPut(ctx, tx, id, search.Terms(text))
}

// searchRefs returns the refs of the documents of kind (public ones only
// when public is set) that hold every term of q, most relevant first, at
// most limit.
func (db *DB) searchRefs(ctx context.Context, kind string, public bool, q search.Query, limit int) ([]int64, error) {
	if q.Empty() {
		return nil, nil
	}
	from, cond, rank, arg := db.d.searchMatch(q, 1)
	var w where
	w.args = []any{arg}
	w.conds = []string{cond}
	w.add("d.kind = ?", kind)
	if public {
		w.add("d.public")
	}
	rows, err := db.query(ctx, `SELECT d.ref FROM `+from+w.sql()+` ORDER BY `+rank+`, d.at DESC`+w.page(limit, 0), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var ref int64
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out = append(out, ref)
	}
	return out, rows.Err()
}
