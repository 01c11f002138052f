package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/gateway"
	"riskgate/internal/risk"
)

// GatewayStore implements gateway.Store: answers to 通告 with their
// evidence files, and standard self-declarations.
type GatewayStore struct{ db *DB }

// Gateway returns the gateway store.
func (db *DB) Gateway() *GatewayStore { return &GatewayStore{db: db} }

var _ gateway.Store = (*GatewayStore)(nil)

const filingCols = `id, status, body, created_at, updated_at, rev`

// scanFiling reads the common columns into v, a filing whose body is JSON.
func scanFiling(row rowScanner, v any, id *int64, status *string, created, updated *time.Time, rev *int) error {
	var body string
	if err := row.Scan(id, status, &body, created, updated, rev); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return fmt.Errorf("store: filing %d: %w", *id, err)
	}
	return nil
}

func scanAnswer(row rowScanner) (*gateway.Answer, error) {
	var a gateway.Answer
	var id int64
	var status string
	var created, updated time.Time
	var rev int
	if err := scanFiling(row, &a, &id, &status, &created, &updated, &rev); err != nil {
		return nil, err
	}
	a.ID, a.Status, a.Rev, a.CreatedAt, a.UpdatedAt = risk.ID(id), gateway.Status(status), rev, created.UTC(), updated.UTC()
	a.Attachments = []gateway.Attachment{}
	return &a, nil
}

// answerBody is the answer as stored in body: its attachments live in
// answer_attachments.
func answerBody(a *gateway.Answer) string {
	c := *a
	c.Attachments = nil
	return jsonText(&c)
}

// CreateAnswer inserts a with its audit entry and sets a.ID.
func (s *GatewayStore) CreateAnswer(ctx context.Context, a *gateway.Answer, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO answers (warning_id, enterprise_id, dept, status, body, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			int64(a.WarningID), int64(a.EnterpriseID), a.Dept, string(a.Status), answerBody(a), a.CreatedAt.UTC(), a.UpdatedAt.UTC(), a.Rev).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert answer: %w", err)
		}
		a.ID = risk.ID(id)
		ae.EntityID = a.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdateAnswer writes a if the stored revision is a.Rev-1, and the file
// att (with data) when given, with ae, in one transaction.
func (s *GatewayStore) UpdateAnswer(ctx context.Context, a *gateway.Answer, att *gateway.Attachment, data []byte, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE answers SET status = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
			string(a.Status), answerBody(a), a.UpdatedAt.UTC(), a.Rev, int64(a.ID), a.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update answer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("整改报告已被他人处理，请刷新后重试。", "the answer was changed by someone else; reload and try again.")}
		}
		if att != nil {
			var aid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO answer_attachments (answer_id, name, content_type, size, sha256, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(a.ID), att.Name, att.ContentType, att.Size, att.SHA256, data, att.CreatedAt.UTC()).Scan(&aid); err != nil {
				return fmt.Errorf("store: insert answer attachment: %w", err)
			}
			att.ID = risk.ID(aid)
			a.Attachments = append(a.Attachments, *att)
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// attach reads the attachments' metadata of the answers as.
func (s *GatewayStore) attach(ctx context.Context, as []*gateway.Answer) error {
	for _, a := range as {
		rows, err := s.db.query(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM answer_attachments WHERE answer_id = $1 ORDER BY id`, int64(a.ID))
		if err != nil {
			return fmt.Errorf("store: answer attachments: %w", err)
		}
		for rows.Next() {
			var f gateway.Attachment
			var id int64
			if err := rows.Scan(&id, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt); err != nil {
				rows.Close()
				return err
			}
			f.ID, f.CreatedAt = risk.ID(id), f.CreatedAt.UTC()
			a.Attachments = append(a.Attachments, f)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// GetAnswer returns one answer with its attachments' metadata.
func (s *GatewayStore) GetAnswer(ctx context.Context, id risk.ID) (*gateway.Answer, error) {
	a, err := scanAnswer(s.db.queryRow(ctx, `SELECT `+filingCols+` FROM answers WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该整改报告。 / No such answer.")
	}
	if err != nil {
		return nil, err
	}
	return a, s.attach(ctx, []*gateway.Answer{a})
}

// ListAnswers returns matching answers, newest first, and how many match.
func (s *GatewayStore) ListAnswers(ctx context.Context, f gateway.AnswerFilter) ([]*gateway.Answer, int, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Open {
		w.add("status IN (?, ?)", string(gateway.StatusSubmitted), string(gateway.StatusMoreRequested))
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.WarningID != 0 {
		w.add("warning_id = ?", int64(f.WarningID))
	}
	if f.Dept != "" {
		w.add("dept = ?", f.Dept)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM answers`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count answers: %w", err)
	}
	as, err := collect(scanAnswer)(s.db.query(ctx, `SELECT `+filingCols+` FROM answers`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list answers: %w", err)
	}
	return as, total, s.attach(ctx, as)
}

// AnswerFile returns one evidence file with its content.
func (s *GatewayStore) AnswerFile(ctx context.Context, answerID, id risk.ID) (*gateway.Attachment, []byte, error) {
	var f gateway.Attachment
	var data []byte
	var aid int64
	err := s.db.queryRow(ctx, `SELECT id, name, content_type, size, sha256, created_at, data FROM answer_attachments WHERE answer_id = $1 AND id = $2`,
		int64(answerID), int64(id)).Scan(&aid, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, risk.Errorf(risk.ErrNotFound, "附件不存在。 / No such attachment.")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: answer attachment: %w", err)
	}
	f.ID, f.CreatedAt = risk.ID(aid), f.CreatedAt.UTC()
	return &f, data, nil
}

func scanDeclaration(row rowScanner) (*gateway.SelfDeclaration, error) {
	var d gateway.SelfDeclaration
	var id int64
	var status string
	var created, updated time.Time
	var rev int
	if err := scanFiling(row, &d, &id, &status, &created, &updated, &rev); err != nil {
		return nil, err
	}
	d.ID, d.Status, d.Rev, d.CreatedAt, d.UpdatedAt = risk.ID(id), gateway.Status(status), rev, created.UTC(), updated.UTC()
	return &d, nil
}

// CreateDeclaration inserts d with its audit entry and sets d.ID.
func (s *GatewayStore) CreateDeclaration(ctx context.Context, d *gateway.SelfDeclaration, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO self_declarations (enterprise_id, status, body, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			int64(d.EnterpriseID), string(d.Status), jsonText(d), d.CreatedAt.UTC(), d.UpdatedAt.UTC(), d.Rev).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert self-declaration: %w", err)
		}
		d.ID = risk.ID(id)
		ae.EntityID = d.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdateDeclaration writes d if the stored revision is d.Rev-1.
func (s *GatewayStore) UpdateDeclaration(ctx context.Context, d *gateway.SelfDeclaration, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE self_declarations SET status = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
			string(d.Status), jsonText(d), d.UpdatedAt.UTC(), d.Rev, int64(d.ID), d.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update self-declaration: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("声明已被他人处理，请刷新后重试。", "the self-declaration was changed by someone else; reload and try again.")}
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// GetDeclaration returns one self-declaration.
func (s *GatewayStore) GetDeclaration(ctx context.Context, id risk.ID) (*gateway.SelfDeclaration, error) {
	d, err := scanDeclaration(s.db.queryRow(ctx, `SELECT `+filingCols+` FROM self_declarations WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该标准自我声明。 / No such self-declaration.")
	}
	return d, err
}

// ListDeclarations returns matching self-declarations, newest first, and
// how many match.
func (s *GatewayStore) ListDeclarations(ctx context.Context, f gateway.DeclarationFilter) ([]*gateway.SelfDeclaration, int, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM self_declarations`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count self-declarations: %w", err)
	}
	ds, err := collect(scanDeclaration)(s.db.query(ctx, `SELECT `+filingCols+` FROM self_declarations`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list self-declarations: %w", err)
	}
	return ds, total, nil
}
