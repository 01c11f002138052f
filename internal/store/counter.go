package store

import (
	"context"
	"fmt"
)

// nextCounter returns the next value of a named counter inside tx. The
// UPDATE takes the row's lock, so concurrent transactions on PostgreSQL
// get consecutive values in commit order, and a rolled-back transaction
// gives its value back: numbers are never skipped or reused.
func nextCounter(ctx context.Context, tx *Tx, name string) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	var v int64
	if err := tx.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value`, name).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	return v, nil
}

// bumpRules marks, inside tx, that the screening rules changed: warnings,
// measures or credit tiers. Screening engines poll the counter and rebuild
// their index when it moves.
func bumpRules(ctx context.Context, tx *Tx) error {
	if _, err := nextCounter(ctx, tx, "rules"); err != nil {
		return err
	}
	return tx.db.d.notify(ctx, tx, rulesChannel) // other processes follow at once
}
