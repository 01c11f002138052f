package store

import "context"

// ExecRaw runs a statement on the writer, for tests that tamper with data.
func (db *DB) ExecRaw(ctx context.Context, q string, args ...any) error {
	_, err := db.w.ExecContext(ctx, q, args...)
	return err
}
