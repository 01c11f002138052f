package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"riskgate/internal/audit"
	"riskgate/internal/casefile"
	"riskgate/internal/risk"
)

// CaseStore implements casefile.Store.
type CaseStore struct{ db *DB }

// Cases returns the case store.
func (db *DB) Cases() *CaseStore { return &CaseStore{db: db} }

var _ casefile.Store = (*CaseStore)(nil)

const caseCols = `c.id, c.number, c.title, c.summary, c.dept, COALESCE(c.assignee_id, 0), COALESCE(u.login, ''), COALESCE(u.name, ''), c.status,
	c.recall_completion, c.created_by, c.created_at, c.updated_at, c.version,
	(SELECT count(*) FROM signals s WHERE s.case_id = c.id)`

const caseFrom = ` FROM cases c LEFT JOIN users u ON u.id = c.assignee_id`

func scanCase(row interface{ Scan(...any) error }) (*casefile.Case, error) {
	var c casefile.Case
	var id, assignee int64
	var status string
	var rc sql.NullFloat64
	if err := row.Scan(&id, &c.Number, &c.Title, &c.Summary, &c.Dept, &assignee, &c.Assignee, &c.AssigneeName, &status,
		&rc, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Version, &c.Signals); err != nil {
		return nil, err
	}
	c.ID, c.AssigneeID, c.Status = risk.ID(id), risk.ID(assignee), casefile.Status(status)
	if rc.Valid {
		c.RecallCompletion = &rc.Float64
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.SharedWith = []string{}
	return &c, nil
}

// moveSignals puts new signals into a case; ErrConflict if one is taken.
func moveSignals(ctx context.Context, tx *Tx, caseID risk.ID, ids []risk.ID) error {
	for _, sid := range ids {
		res, err := tx.ExecContext(ctx, `UPDATE signals SET case_id = $1, status = 'triaged', updated_at = $2
			WHERE id = $3 AND case_id IS NULL AND status = 'new'`, int64(caseID), tx.Now(), int64(sid))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "signal_ids",
				Message: risk.Bilingual(fmt.Sprintf("风险信息 %d 已被其他案件处理。", sid), fmt.Sprintf("signal %d was taken by another case meanwhile.", sid))}
		}
	}
	return nil
}

// Open creates the case with the next number of its year.
func (s *CaseStore) Open(ctx context.Context, c *casefile.Case, signals []risk.ID, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		year := now.In(risk.China).Year()
		n, err := nextCounter(ctx, tx, fmt.Sprintf("case:%d", year))
		if err != nil {
			return err
		}
		c.Number = fmt.Sprintf("RC%d-%05d", year, n)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO cases (number, title, summary, dept, assignee_id, status, created_by, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id`,
			c.Number, c.Title, c.Summary, c.Dept, nullID(c.AssigneeID), string(c.Status), c.CreatedBy, now).Scan(&id); err != nil {
			return err
		}
		c.ID, c.CreatedAt, c.UpdatedAt, c.Signals = risk.ID(id), now, now, len(signals)
		c.SharedWith = []string{}
		if err := moveSignals(ctx, tx, c.ID, signals); err != nil {
			return err
		}
		ae.EntityID = c.ID
		ae.Summary = c.Number + " " + ae.Summary
		return appendAudit(ctx, tx, &ae)
	})
}

// AddSignals moves signals into a case.
func (s *CaseStore) AddSignals(ctx context.Context, id risk.ID, signals []risk.ID, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if err := moveSignals(ctx, tx, id, signals); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = $1 WHERE id = $2`, tx.Now(), int64(id)); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Get returns a case with its shares.
func (s *CaseStore) Get(ctx context.Context, id risk.ID) (*casefile.Case, error) {
	c, err := scanCase(s.db.queryRow(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "案件不存在。 / No such case.")
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.query(ctx, `SELECT dept FROM case_shares WHERE case_id = $1 ORDER BY dept`, int64(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		c.SharedWith = append(c.SharedWith, d)
	}
	return c, rows.Err()
}

// List returns matching cases, most recently updated first.
func (s *CaseStore) List(ctx context.Context, f casefile.Filter) ([]*casefile.Case, int, error) {
	var w where
	like := s.db.d.like()
	if f.Text != "" {
		pat := "%" + escapeLike(f.Text) + "%"
		w.add("(c.title "+like+" ? ESCAPE '\\' OR c.number "+like+" ? ESCAPE '\\' OR c.summary "+like+" ? ESCAPE '\\')", pat, pat, pat)
	}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.Dept != "" {
		w.add("c.dept = ?", f.Dept)
	}
	if f.Assignee != "" {
		w.add("u.login = ?", f.Assignee)
	}
	if f.Unassigned {
		w.conds = append(w.conds, "c.assignee_id IS NULL")
	}
	if f.Viewer != "" {
		w.add("(c.dept = ? OR c.id IN (SELECT case_id FROM case_shares WHERE dept = ?))", f.Viewer, f.Viewer)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*)`+caseFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count cases: %w", err)
	}
	out, err := collect(scanCase)(s.db.query(ctx, `SELECT `+caseCols+caseFrom+w.sql()+` ORDER BY c.updated_at DESC, c.id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list cases: %w", err)
	}
	return out, total, nil
}

// Update writes the editable fields under optimistic locking.
func (s *CaseStore) Update(ctx context.Context, c *casefile.Case, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var rc any
		if c.RecallCompletion != nil {
			rc = *c.RecallCompletion
		}
		res, err := tx.ExecContext(ctx, `UPDATE cases SET title = $1, summary = $2, dept = $3, assignee_id = $4, status = $5,
			recall_completion = $6, updated_at = $7, version = $8 WHERE id = $9 AND version = $10`,
			c.Title, c.Summary, c.Dept, nullID(c.AssigneeID), string(c.Status), rc, tx.Now(), c.Version, int64(c.ID), c.Version-1)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "version",
				Message: risk.Bilingual("案件已被他人修改，请刷新后重试。", "the case was changed by someone else; reload and try again.")}
		}
		c.UpdatedAt = tx.Now()
		return appendAudit(ctx, tx, &ae)
	})
}

// Share adds a department to the case's readers.
func (s *CaseStore) Share(ctx context.Context, id risk.ID, dept string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_shares (case_id, dept, shared_at) VALUES ($1, $2, $3) ON CONFLICT (case_id, dept) DO NOTHING`,
			int64(id), dept, tx.Now()); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// UserByLogin returns an assignee candidate.
func (s *CaseStore) UserByLogin(ctx context.Context, login string) (*casefile.User, error) {
	var u casefile.User
	var id int64
	var role string
	err := s.db.queryRow(ctx, `SELECT id, dept, role FROM users WHERE login = $1 AND NOT disabled`, login).Scan(&id, &u.Dept, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "用户不存在。 / No such user.")
	}
	u.ID, u.Role = risk.ID(id), risk.Role(role)
	return &u, err
}

// SignalState returns what the case service checks of a signal.
func (s *CaseStore) SignalState(ctx context.Context, id risk.ID) (string, string, risk.ID, error) {
	var dept, status string
	var caseID int64
	err := s.db.queryRow(ctx, `SELECT dept, status, COALESCE(case_id, 0) FROM signals WHERE id = $1`, int64(id)).Scan(&dept, &status, &caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", 0, risk.Errorf(risk.ErrNotFound, "风险信息不存在。 / No such signal.")
	}
	return dept, status, risk.ID(caseID), err
}

// History returns the entries about case id, its assessments and, as sc
// admits, its warnings, newest first.
func (s *CaseStore) History(ctx context.Context, id risk.ID, sc casefile.HistoryScope) ([]*audit.Entry, error) {
	q := `SELECT ` + auditCols + ` FROM audit_log
		WHERE (entity = 'case' AND entity_id = $1)
		OR (entity = 'assessment' AND entity_id IN (SELECT id FROM assessments WHERE case_id = $1))`
	args := []any{int64(id)}
	switch {
	case sc.Warnings && sc.Viewer == "":
		q += `
		OR (entity = 'warning' AND entity_id IN (SELECT id FROM warnings WHERE case_id = $1))`
	case sc.Warnings:
		q += `
		OR (entity = 'warning' AND entity_id IN (SELECT w.id FROM warnings w WHERE w.case_id = $1
			AND (w.dept = $2 OR w.id IN (SELECT warning_id FROM warning_deliveries WHERE recipient = $3))))`
		args = append(args, sc.Viewer, "dept:"+sc.Viewer)
	}
	q += `
		ORDER BY seq DESC`
	if sc.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", sc.Limit)
	}
	out, err := collect(scanAudit)(s.db.query(ctx, q, args...))
	if err != nil {
		return nil, fmt.Errorf("store: case %d history: %w", id, err)
	}
	return out, (&AuditStore{db: s.db}).names(ctx, out)
}
