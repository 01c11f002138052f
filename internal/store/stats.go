package store

import "context"

// Stats implements the dashboard's figures.
type Stats struct{ db *DB }

// Stats returns the dashboard statistics.
func (db *DB) Stats() *Stats { return &Stats{db: db} }

// EnterpriseCounts counts enterprises by credit tier and by prefecture
// (the first four digits of the region code; "" when no region is given).
func (s *Stats) EnterpriseCounts(ctx context.Context) (byTier, byPrefecture map[string]int, total int, err error) {
	byTier, byPrefecture = map[string]int{}, map[string]int{}
	if err := s.group(ctx, `SELECT credit_tier, count(*) FROM enterprises GROUP BY credit_tier`, byTier); err != nil {
		return nil, nil, 0, err
	}
	if err := s.group(ctx, `SELECT substr(region, 1, 4), count(*) FROM enterprises GROUP BY substr(region, 1, 4)`, byPrefecture); err != nil {
		return nil, nil, 0, err
	}
	for _, n := range byTier {
		total += n
	}
	return byTier, byPrefecture, total, nil
}

func (s *Stats) group(ctx context.Context, q string, into map[string]int) error {
	rows, err := s.db.query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		into[k] = n
	}
	return rows.Err()
}

// CountUsers returns the number of accounts.
func (s *Stats) CountUsers(ctx context.Context) (int, error) { return s.db.Auth().CountUsers(ctx) }

// AuditCount returns the length of the audit chain.
func (s *Stats) AuditCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&n)
	return n, err
}
