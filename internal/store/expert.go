package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"riskgate/internal/audit"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// ExpertStore implements expert.Store.
type ExpertStore struct{ db *DB }

// Experts returns the expert register's store.
func (db *DB) Experts() *ExpertStore { return &ExpertStore{db: db} }

var _ expert.Store = (*ExpertStore)(nil)

const expertCols = `id, name, field, organisation, title, COALESCE(user_id, 0), conflicts, notes, active, created_at, updated_at, rev`

func scanExpert(row rowScanner) (*expert.Expert, error) {
	var e expert.Expert
	var id, user int64
	var field, conflicts string
	if err := row.Scan(&id, &e.Name, &field, &e.Organisation, &e.Title, &user, &conflicts, &e.Notes, &e.Active, &e.CreatedAt, &e.UpdatedAt, &e.Rev); err != nil {
		return nil, err
	}
	e.ID, e.UserID, e.Field = risk.ID(id), risk.ID(user), expert.Field(field)
	if err := json.Unmarshal([]byte(conflicts), &e.Conflicts); err != nil {
		return nil, fmt.Errorf("store: expert %d conflicts: %w", id, err)
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

func (s *ExpertStore) userTaken(err error) error {
	if s.db.d.uniqueViolation(err) {
		return &risk.Error{Kind: risk.ErrConflict, Field: "user_id", Message: risk.Bilingual("该账号已登记为另一位专家。", "that account is another expert's already.")}
	}
	return err
}

// Create stores a new entry.
func (s *ExpertStore) Create(ctx context.Context, e *expert.Expert, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO experts (name, field, organisation, title, user_id, conflicts, notes, active, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`,
			e.Name, string(e.Field), e.Organisation, e.Title, nullID(e.UserID), jsonText(e.Conflicts), e.Notes, e.Active, now, e.Rev).Scan(&id)
		if err != nil {
			return s.userTaken(err)
		}
		e.ID, e.CreatedAt, e.UpdatedAt = risk.ID(id), now, now
		ae.EntityID = e.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Update writes e under its revision.
func (s *ExpertStore) Update(ctx context.Context, e *expert.Expert, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE experts SET name = $1, field = $2, organisation = $3, title = $4, user_id = $5, conflicts = $6,
			notes = $7, active = $8, updated_at = $9, rev = $10 WHERE id = $11 AND rev = $12`,
			e.Name, string(e.Field), e.Organisation, e.Title, nullID(e.UserID), jsonText(e.Conflicts), e.Notes, e.Active, now, e.Rev, int64(e.ID), e.Rev-1)
		if err != nil {
			return s.userTaken(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("专家信息已被他人修改，请刷新后重试。", "the entry was changed by someone else; reload and try again.")}
		}
		e.UpdatedAt = now
		return appendAudit(ctx, tx, &ae)
	})
}

// Get returns one entry.
func (s *ExpertStore) Get(ctx context.Context, id risk.ID) (*expert.Expert, error) {
	e, err := scanExpert(s.db.queryRow(ctx, `SELECT `+expertCols+` FROM experts WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "专家库中没有该专家。 / No such expert.")
	}
	return e, err
}

// ByUser returns the entry of an account.
func (s *ExpertStore) ByUser(ctx context.Context, userID risk.ID) (*expert.Expert, error) {
	e, err := scanExpert(s.db.queryRow(ctx, `SELECT `+expertCols+` FROM experts WHERE user_id = $1`, int64(userID)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "不是专家库中的专家。 / Not an expert of the register.")
	}
	return e, err
}

// List returns the entries matching f, by name.
func (s *ExpertStore) List(ctx context.Context, f expert.Filter) ([]*expert.Expert, error) {
	active := -1
	if f.Active != nil {
		active = 0
		if *f.Active {
			active = 1
		}
	}
	pat := ""
	if f.Text != "" {
		pat = "%" + escapeLike(f.Text) + "%"
	}
	like := s.db.d.like()
	return collect(scanExpert)(s.db.query(ctx, `SELECT `+expertCols+` FROM experts
		WHERE ($1 = '' OR field = $1) AND ($2 = -1 OR active = ($2 = 1))
			AND ($3 = '' OR name `+like+` $3 ESCAPE '\' OR organisation `+like+` $3 ESCAPE '\')
		ORDER BY active DESC, name, id`, string(f.Field), active, pat))
}
