package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/risk"
)

// EnforcementStore implements enforcement.Store.
type EnforcementStore struct{ db *DB }

// Enforcement returns the store of interviews and penalty records.
func (db *DB) Enforcement() *EnforcementStore { return &EnforcementStore{db: db} }

var _ enforcement.Store = (*EnforcementStore)(nil)

const interviewCols = `id, body, created_at, updated_at, rev`

func scanInterview(row rowScanner) (*enforcement.Interview, error) {
	var iv enforcement.Interview
	var id int64
	var body string
	var created, updated time.Time
	var rev int
	if err := row.Scan(&id, &body, &created, &updated, &rev); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &iv); err != nil {
		return nil, fmt.Errorf("store: interview %d: %w", id, err)
	}
	iv.ID, iv.Rev, iv.CreatedAt, iv.UpdatedAt = risk.ID(id), rev, created.UTC(), updated.UTC()
	return &iv, nil
}

// CreateInterview inserts iv, its firms and its audit entry.
func (s *EnforcementStore) CreateInterview(ctx context.Context, iv *enforcement.Interview, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO interviews (dept, depts, case_id, held_on, next_due, body, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			iv.Dept(), jsonText(iv.Depts), int64(iv.CaseID), iv.HeldOn, iv.NextDue(), jsonText(iv), iv.CreatedAt.UTC(), iv.UpdatedAt.UTC(), iv.Rev).Scan(&id); err != nil {
			return fmt.Errorf("store: insert interview: %w", err)
		}
		iv.ID = risk.ID(id)
		for _, f := range iv.Firms() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO interview_firms (interview_id, enterprise_id) VALUES ($1, $2)`, id, int64(f)); err != nil {
				return fmt.Errorf("store: insert interview firm: %w", err)
			}
		}
		ae.EntityID = iv.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdateInterview writes iv under its revision with its audit entries and
// credit effects.
func (s *EnforcementStore) UpdateInterview(ctx context.Context, iv *enforcement.Interview, ae []audit.Entry, fx []credit.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE interviews SET next_due = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
			iv.NextDue(), jsonText(iv), iv.UpdatedAt.UTC(), iv.Rev, int64(iv.ID), iv.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update interview: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("约谈记录已被他人修改，请刷新后重试。", "the interview was changed by someone else; reload and try again.")}
		}
		if err := appendAuditBatch(ctx, tx, ae); err != nil {
			return err
		}
		return applyCredit(ctx, tx, fx)
	})
}

// Interview returns one interview.
func (s *EnforcementStore) Interview(ctx context.Context, id risk.ID) (*enforcement.Interview, error) {
	iv, err := scanInterview(s.db.queryRow(ctx, `SELECT `+interviewCols+` FROM interviews WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该约谈记录。 / No such interview.")
	}
	return iv, err
}

// Interviews lists matching interviews, newest first (the due ones by
// deadline), and how many match.
func (s *EnforcementStore) Interviews(ctx context.Context, f enforcement.InterviewFilter) ([]*enforcement.Interview, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("id IN (SELECT interview_id FROM interview_firms WHERE enterprise_id = ?)", int64(f.EnterpriseID))
	}
	if f.Dept != "" {
		w.add("depts LIKE ? ESCAPE '\\'", "%\""+escapeLike(f.Dept)+"\"%")
	}
	if f.CaseID != 0 {
		w.add("case_id = ?", int64(f.CaseID))
	}
	order := ` ORDER BY held_on DESC, id DESC`
	if f.DueBy != "" {
		w.add("next_due <> '' AND next_due <= ?", f.DueBy)
		order = ` ORDER BY next_due, id`
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM interviews`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count interviews: %w", err)
	}
	ivs, err := collect(scanInterview)(s.db.query(ctx, `SELECT `+interviewCols+` FROM interviews`+w.sql()+order+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list interviews: %w", err)
	}
	return ivs, total, nil
}

const penaltyCols = `id, body, created_at`

func scanPenalty(row rowScanner) (*enforcement.Penalty, error) {
	var p enforcement.Penalty
	var id int64
	var body string
	var created time.Time
	if err := row.Scan(&id, &body, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("store: penalty %d: %w", id, err)
	}
	p.ID, p.CreatedAt = risk.ID(id), created.UTC()
	return &p, nil
}

// CreatePenalty inserts p with its audit entry and the credit effects it
// causes; the new events that name the record being created get its ID.
func (s *EnforcementStore) CreatePenalty(ctx context.Context, p *enforcement.Penalty, ae audit.Entry, fx []credit.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO penalties (kind, dept, number, enterprise_id, case_id, decided_on, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			string(p.Kind), p.Dept, p.Number, int64(p.EnterpriseID), int64(p.CaseID), p.DecidedOn, jsonText(p), p.CreatedAt.UTC()).Scan(&id)
		if err != nil {
			if tx.db.d.uniqueViolation(err) {
				return &risk.Error{Kind: risk.ErrConflict, Field: "number", Message: risk.Bilingual("本部门已登记过文号 "+p.Number+"。", "the department has recorded number "+p.Number+" already.")}
			}
			return fmt.Errorf("store: insert penalty: %w", err)
		}
		p.ID = risk.ID(id)
		ae.EntityID = p.ID
		for i := range fx {
			for _, e := range fx[i].NewEvents {
				if e.SourceID == enforcement.NewRecord {
					e.SourceID = p.ID
				}
			}
		}
		if err := appendAudit(ctx, tx, &ae); err != nil {
			return err
		}
		return applyCredit(ctx, tx, fx)
	})
}

// Penalty returns one record.
func (s *EnforcementStore) Penalty(ctx context.Context, id risk.ID) (*enforcement.Penalty, error) {
	p, err := scanPenalty(s.db.queryRow(ctx, `SELECT `+penaltyCols+` FROM penalties WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该处罚记录。 / No such penalty record.")
	}
	return p, err
}

// Penalties lists matching records, newest decision first, and how many
// match.
func (s *EnforcementStore) Penalties(ctx context.Context, f enforcement.PenaltyFilter) ([]*enforcement.Penalty, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Dept != "" {
		w.add("dept = ?", f.Dept)
	}
	if f.CaseID != 0 {
		w.add("case_id = ?", int64(f.CaseID))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM penalties`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count penalties: %w", err)
	}
	ps, err := collect(scanPenalty)(s.db.query(ctx, `SELECT `+penaltyCols+` FROM penalties`+w.sql()+` ORDER BY decided_on DESC, id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list penalties: %w", err)
	}
	return ps, total, nil
}
