package store

import (
	"context"
	"database/sql"
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
