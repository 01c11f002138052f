package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/petition"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// PetitionStore implements petition.Store.
type PetitionStore struct{ db *DB }

// Petitions returns the petition store.
func (db *DB) Petitions() *PetitionStore { return &PetitionStore{db: db} }

var _ petition.Store = (*PetitionStore)(nil)

const petitionCols = `id, status, body, created_at, updated_at, rev`

func scanPetition(row rowScanner) (*petition.Petition, error) {
	var p petition.Petition
	var id int64
	var status, body string
	var created, updated time.Time
	if err := row.Scan(&id, &status, &body, &created, &updated, &p.Rev); err != nil {
		return nil, err
	}
	rev := p.Rev
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("store: petition %d: %w", id, err)
	}
	p.ID, p.Status, p.Rev = risk.ID(id), petition.Status(status), rev
	p.CreatedAt, p.UpdatedAt = created.UTC(), updated.UTC()
	return &p, nil
}

// Create inserts p with its audit entry, and sets p.ID.
func (s *PetitionStore) Create(ctx context.Context, p *petition.Petition, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO petitions (enterprise_id, target, measure_id, warning_id, dept, issuer_dept, status, body,
			created_at, updated_at, rev) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			int64(p.EnterpriseID), string(p.Target), int64(p.MeasureID), int64(p.WarningID), p.Dept, p.IssuerDept, string(p.Status),
			jsonText(p), p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.Rev).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert petition: %w", err)
		}
		p.ID = risk.ID(id)
		ae.EntityID = p.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Update writes p if the stored revision is p.Rev-1, with the effects of
// its review: the measure lifted, or the warning's lifting proposed.
func (s *PetitionStore) Update(ctx context.Context, p *petition.Petition, fx petition.Effects) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE petitions SET status = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
			string(p.Status), jsonText(p), p.UpdatedAt.UTC(), p.Rev, int64(p.ID), p.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update petition: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("申请已被他人处理，请刷新后重试。", "the petition was changed by someone else; reload and try again.")}
		}
		if err := appendAudit(ctx, tx, &fx.Audit); err != nil {
			return err
		}
		if fx.Lift != nil {
			if err := endMeasures(ctx, tx, []warning.MeasureEnd{*fx.Lift}); err != nil {
				return err
			}
			if err := bumpRules(ctx, tx); err != nil { // the port rules follow the measures in force
				return err
			}
		}
		if fx.Propose != nil {
			if err := proposeLift(ctx, tx, fx.Propose.WarningID, fx.Propose.Text, fx.Propose.Audit); err != nil {
				return err
			}
		}
		return nil
	})
}

// Get returns one petition.
func (s *PetitionStore) Get(ctx context.Context, id risk.ID) (*petition.Petition, error) {
	p, err := scanPetition(s.db.queryRow(ctx, `SELECT `+petitionCols+` FROM petitions WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该解除申请。 / No such petition.")
	}
	return p, err
}

// List returns matching petitions, newest first, and how many match.
func (s *PetitionStore) List(ctx context.Context, f petition.Filter) ([]*petition.Petition, int, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Open {
		w.add("status IN (?, ?)", string(petition.StatusSubmitted), string(petition.StatusMoreRequested))
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Target != "" {
		w.add("target = ?", string(f.Target))
	}
	if f.MeasureID != 0 {
		w.add("measure_id = ?", int64(f.MeasureID))
	}
	if f.WarningID != 0 {
		w.add("warning_id = ?", int64(f.WarningID))
	}
	if f.Dept != "" {
		w.add("(dept = ? OR issuer_dept = ?)", f.Dept, f.Dept)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM petitions`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count petitions: %w", err)
	}
	ps, err := collect(scanPetition)(s.db.query(ctx, `SELECT `+petitionCols+` FROM petitions`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list petitions: %w", err)
	}
	return ps, total, nil
}
