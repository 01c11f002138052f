package store

import (
	"context"
	"encoding/json"
	"fmt"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// AddFollowup stores a recipient's follow-up on a 通报 with its audit
// entry, in one transaction.
func (s *WarningStore) AddFollowup(ctx context.Context, f *warning.Followup, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		q := f.Quantities
		err := tx.QueryRowContext(ctx, `INSERT INTO warning_followups (warning_id, dept, finding, measures, actions,
			qty_found, qty_withdrawn, qty_destroyed, qty_unit, note, reported_at, reported_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			int64(f.WarningID), f.Dept, string(f.Finding), jsonText(nonNilStrings(f.Measures)), f.Actions,
			q.Found, q.Withdrawn, q.Destroyed, string(q.Unit), f.Note, f.ReportedAt.UTC(), f.ReportedBy).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert follow-up: %w", err)
		}
		f.ID = risk.ID(id)
		return appendAudit(ctx, tx, &ae)
	})
}

// Followups lists the follow-ups on a warning, oldest first.
func (s *WarningStore) Followups(ctx context.Context, warningID risk.ID) ([]warning.Followup, error) {
	rows, err := s.db.query(ctx, `SELECT id, warning_id, dept, finding, measures, actions, qty_found, qty_withdrawn, qty_destroyed,
		qty_unit, note, reported_at, reported_by FROM warning_followups WHERE warning_id = $1 ORDER BY reported_at, id`, int64(warningID))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []warning.Followup{}
	for rows.Next() {
		var f warning.Followup
		var id, wid int64
		var finding, measures, unit string
		if err := rows.Scan(&id, &wid, &f.Dept, &finding, &measures, &f.Actions, &f.Quantities.Found, &f.Quantities.Withdrawn,
			&f.Quantities.Destroyed, &unit, &f.Note, &f.ReportedAt, &f.ReportedBy); err != nil {
			return nil, err
		}
		f.ID, f.WarningID, f.Finding, f.Quantities.Unit = risk.ID(id), risk.ID(wid), warning.Finding(finding), warning.Unit(unit)
		f.ReportedAt = f.ReportedAt.UTC()
		if err := json.Unmarshal([]byte(measures), &f.Measures); err != nil {
			return nil, fmt.Errorf("store: follow-up %d: %w", id, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
