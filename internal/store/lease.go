package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TryLease takes or renews the lease on the job name for holder until
// now+ttl, when no other holder's lease on it runs past now. It reports
// whether holder holds the lease. The upsert is one statement, so two nodes
// racing for a free lease cannot both win.
func (db *DB) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	now = now.UTC().Truncate(time.Microsecond)
	res, err := db.w.ExecContext(ctx, `INSERT INTO job_leases (name, holder, expires_at, acquired) VALUES ($1, $2, $3, 1)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
			acquired = job_leases.acquired + CASE WHEN job_leases.holder = excluded.holder AND job_leases.expires_at > $4 THEN 0 ELSE 1 END
		WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4`,
		name, holder, now.Add(ttl), now)
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives up holder's lease on the job name, so that any node
// may run it at its next due time.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE job_leases SET expires_at = $1 WHERE name = $2 AND holder = $3`,
		now.UTC().Truncate(time.Microsecond), name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}

// Lease is a job's lease as stored.
type Lease struct {
	Name      string
	Holder    string
	ExpiresAt time.Time
	Acquired  int64
}

// LeaseOf returns the lease on the job name; the zero Lease when none was
// ever taken.
func (db *DB) LeaseOf(ctx context.Context, name string) (Lease, error) {
	l := Lease{Name: name}
	err := db.queryRow(ctx, `SELECT holder, expires_at, acquired FROM job_leases WHERE name = $1`, name).Scan(&l.Holder, &l.ExpiresAt, &l.Acquired)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("store: lease %s: %w", name, err)
	}
	l.ExpiresAt = l.ExpiresAt.UTC()
	return l, nil
}
