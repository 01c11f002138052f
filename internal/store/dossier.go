package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"riskgate/internal/dossier"
	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// DossierStore implements dossier.Store.
type DossierStore struct{ db *DB }

// Dossiers returns the dossier store.
func (db *DB) Dossiers() *DossierStore { return &DossierStore{db: db} }

var _ dossier.Store = (*DossierStore)(nil)

// Warnings lists the issued warnings naming the firm: its USCC in the
// scope, or its id among the addressees (read back from the JSON, the
// LIKE only narrowing the rows read).
func (s *DossierStore) Warnings(ctx context.Context, uscc string, id risk.ID, limit int) ([]dossier.WarningRef, error) {
	rows, err := s.db.query(ctx, `SELECT id, number, title, class, grade, status, issued_at, addressees FROM warnings
		WHERE issued_at IS NOT NULL AND (scope LIKE $1 ESCAPE '\' OR addressees LIKE $2) ORDER BY issued_at DESC, id DESC`,
		`%"`+escapeLike(uscc)+`"%`, "%"+strconv.FormatInt(int64(id), 10)+"%")
	if err != nil {
		return nil, fmt.Errorf("store: warnings of a firm: %w", err)
	}
	defer rows.Close()
	var out []dossier.WarningRef
	for rows.Next() && len(out) < limit {
		var w dossier.WarningRef
		var wid int64
		var class, grade, status, addressees string
		var issued sql.NullTime
		if err := rows.Scan(&wid, &w.Number, &w.Title, &class, &grade, &status, &issued, &addressees); err != nil {
			return nil, err
		}
		var ids []risk.ID
		if err := json.Unmarshal([]byte(addressees), &ids); err != nil {
			return nil, fmt.Errorf("store: warning %d addressees: %w", wid, err)
		}
		w.ID, w.Class, w.Grade, w.Status, w.Addressed = risk.ID(wid), warning.Class(class), risk.Grade(grade), warning.Status(status), slices.Contains(ids, id)
		if issued.Valid {
			t := issued.Time.UTC()
			w.IssuedAt = &t
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Results counts the current results of the lines of the firm's
// declarations inspected at or after since, by kind. A line's reference is
// "number#line", so the firm's declarations' lines are the references
// from "number#" up to (not including) "number$".
func (s *DossierStore) Results(ctx context.Context, uscc string, since time.Time) ([]dossier.Tally, error) {
	rows, err := s.db.query(ctx, `SELECT i.kind, i.result, count(*) FROM declarations d
		JOIN line_results lr ON lr.declaration_ref >= d.number || '#' AND lr.declaration_ref < d.number || '$'
		JOIN inspections i ON i.id = lr.inspection_id
		WHERE (d.consignor_uscc = $1 OR d.consignee_uscc = $1) AND i.inspected_at >= $2
		GROUP BY i.kind, i.result`, uscc, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: results of a firm: %w", err)
	}
	defer rows.Close()
	by := map[string]*dossier.Tally{}
	for rows.Next() {
		var kind, result string
		var n int
		if err := rows.Scan(&kind, &result, &n); err != nil {
			return nil, err
		}
		t := by[kind]
		if t == nil {
			t = &dossier.Tally{Kind: kind}
			by[kind] = t
		}
		if result == inspection.ResultPass {
			t.Passed += n
		} else {
			t.Failed += n
		}
	}
	var out []dossier.Tally
	for _, k := range []string{inspection.KindInspection, inspection.KindLabTest} {
		if t := by[k]; t != nil {
			if t.Passed+t.Failed > 0 {
				t.Rate = float64(t.Passed) / float64(t.Passed+t.Failed)
			}
			out = append(out, *t)
		}
	}
	return out, rows.Err()
}
