package store

import (
	"context"
	"database/sql"
	"slices"
)

// ExecRaw runs a statement on the writer, for tests that tamper with data.
func (db *DB) ExecRaw(ctx context.Context, q string, args ...any) error {
	_, err := db.w.ExecContext(ctx, q, args...)
	return err
}

// CountRaw runs a one-row, one-integer query on the writer, for tests
// that look at tables no store method reads.
func (db *DB) CountRaw(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := db.w.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// BeginRaw begins a transaction on the writer, for tests that hold locks.
func (db *DB) BeginRaw(ctx context.Context) (*sql.Tx, error) { return db.w.BeginTx(ctx, nil) }

// PostingsRaw returns every row of search_postings decoded, as
// "kind term" → the document ids, ascending, for tests that compare the
// rows written with those migration 0041 backfills.
func (db *DB) PostingsRaw(ctx context.Context) (map[string][]int64, error) {
	rows, err := db.w.QueryContext(ctx, `SELECT kind, term, chunk, ids FROM search_postings ORDER BY kind, term, chunk`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var kind, term string
		var chunk int64
		var raw []byte
		if err := rows.Scan(&kind, &term, &chunk, &raw); err != nil {
			return nil, err
		}
		var b block
		decodeBlock(&b, raw)
		for i := range postingBlock {
			if b[i>>6]&(1<<(i&63)) != 0 {
				out[kind+" "+term] = append(out[kind+" "+term], chunk<<postingShift|int64(i))
			}
		}
	}
	for k, ids := range out { // a block's rows of a term, merged
		out[k] = slices.Compact(slices.Sorted(slices.Values(ids)))
	}
	return out, rows.Err()
}
