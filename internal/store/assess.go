package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// AssessStore implements assess.Store.
type AssessStore struct{ db *DB }

// Assessments returns the assessment store.
func (db *DB) Assessments() *AssessStore { return &AssessStore{db: db} }

var _ assess.Store = (*AssessStore)(nil)

// Profile returns the latest version of a profile.
func (s *AssessStore) Profile(ctx context.Context, name string) (*assess.Profile, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM assessment_profiles WHERE name = $1 ORDER BY version DESC LIMIT 1`, name).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "评估矩阵 %s 不存在。 / No profile %s.", name, name)
	}
	if err != nil {
		return nil, err
	}
	return assess.ParseProfile([]byte(body))
}

// SaveProfiles stores new profile versions, each with an audit entry.
func (s *AssessStore) SaveProfiles(ctx context.Context, ps []*assess.Profile) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		for _, p := range ps {
			b, err := json.Marshal(p)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO assessment_profiles (name, version, body, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (name, version) DO NOTHING`, p.Name, p.Version, string(b), tx.Now())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				e := audit.New(risk.System, "assessment.profile", "assessment_profile", 0, fmt.Sprintf("载入评估矩阵 %s 第 %d 版 / loaded risk matrix %s v%d", p.Name, p.Version, p.Name, p.Version))
				if err := appendAudit(ctx, tx, &e); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

const assessCols = `id, case_id, version, status, profile, profile_version, product, scenarios, level, result, assessor, organisation,
	author_id, dept, COALESCE(approver_id, 0), decision_note, submitted_at, decided_at, COALESCE(supersedes, 0), created_at, updated_at, rev`

func scanAssessment(row interface{ Scan(...any) error }) (*assess.Assessment, error) {
	var x assess.Assessment
	var id, caseID, author, approver, supersedes int64
	var status, level, scenarios, result string
	var submitted, decided sql.NullTime
	if err := row.Scan(&id, &caseID, &x.Version, &status, &x.Profile, &x.ProfileVersion, &x.Product, &scenarios, &level, &result,
		&x.Assessor, &x.Organisation, &author, &x.Dept, &approver, &x.DecisionNote, &submitted, &decided, &supersedes,
		&x.CreatedAt, &x.UpdatedAt, &x.Rev); err != nil {
		return nil, err
	}
	x.ID, x.CaseID, x.AuthorID, x.ApproverID, x.Supersedes = risk.ID(id), risk.ID(caseID), risk.ID(author), risk.ID(approver), risk.ID(supersedes)
	x.Status, x.Level = assess.Status(status), risk.Level(level)
	if err := json.Unmarshal([]byte(scenarios), &x.Scenarios); err != nil {
		return nil, fmt.Errorf("store: assessment %d scenarios: %w", id, err)
	}
	if result != "" {
		x.Result = &assess.Result{}
		if err := json.Unmarshal([]byte(result), x.Result); err != nil {
			return nil, fmt.Errorf("store: assessment %d result: %w", id, err)
		}
	}
	x.SubmittedAt, x.DecidedAt = nullTimePtr(submitted), nullTimePtr(decided)
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return &x, nil
}

func nullTimePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func timeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func resultJSON(r *assess.Result) string {
	if r == nil {
		return ""
	}
	return jsonText(r)
}

// Create stores a new version.
func (s *AssessStore) Create(ctx context.Context, x *assess.Assessment, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO assessments (case_id, version, status, profile, profile_version, product, scenarios, level, result,
			assessor, organisation, author_id, dept, supersedes, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) RETURNING id`,
			int64(x.CaseID), x.Version, string(x.Status), x.Profile, x.ProfileVersion, x.Product, assess.MarshalScenarios(x.Scenarios),
			string(x.Level), resultJSON(x.Result), x.Assessor, x.Organisation, int64(x.AuthorID), x.Dept, nullID(x.Supersedes), now, x.Rev).Scan(&id)
		if s.db.d.uniqueViolation(err) {
			return risk.Errorf(risk.ErrConflict, "该版本的评估已存在。 / That version of the assessment exists already.")
		}
		if err != nil {
			return err
		}
		x.ID, x.CreatedAt, x.UpdatedAt = risk.ID(id), now, now
		ae.EntityID = x.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Update writes x under its revision; approving supersedes the previous
// approved version of the case in the same transaction.
func (s *AssessStore) Update(ctx context.Context, x *assess.Assessment, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE assessments SET status = $1, profile = $2, profile_version = $3, product = $4, scenarios = $5,
			level = $6, result = $7, assessor = $8, organisation = $9, approver_id = $10, decision_note = $11, submitted_at = $12,
			decided_at = $13, updated_at = $14, rev = $15 WHERE id = $16 AND rev = $17`,
			string(x.Status), x.Profile, x.ProfileVersion, x.Product, assess.MarshalScenarios(x.Scenarios), string(x.Level), resultJSON(x.Result),
			x.Assessor, x.Organisation, nullID(x.ApproverID), x.DecisionNote, timeArg(x.SubmittedAt), timeArg(x.DecidedAt), now, x.Rev, int64(x.ID), x.Rev-1)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("评估已被他人修改，请刷新后重试。", "the assessment was changed by someone else; reload and try again.")}
		}
		x.UpdatedAt = now
		if err := appendAudit(ctx, tx, &ae); err != nil {
			return err
		}
		if x.Status != assess.StatusApproved {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `UPDATE assessments SET status = 'superseded', updated_at = $1, rev = rev + 1
			WHERE case_id = $2 AND status = 'approved' AND id <> $3 RETURNING id, version`, now, int64(x.CaseID), int64(x.ID))
		if err != nil {
			return err
		}
		type sup struct{ id, version int64 }
		var sups []sup
		for rows.Next() {
			var u sup
			if err := rows.Scan(&u.id, &u.version); err != nil {
				rows.Close()
				return err
			}
			sups = append(sups, u)
		}
		rows.Close()
		for _, u := range sups {
			e := audit.Entry{Actor: ae.Actor, ActorID: ae.ActorID, Dept: ae.Dept, Action: "assessment.supersede", Entity: "assessment", EntityID: risk.ID(u.id),
				Summary: fmt.Sprintf("风险评估第 %d 版被第 %d 版取代 / assessment v%d superseded by v%d", u.version, x.Version, u.version, x.Version)}
			if err := appendAudit(ctx, tx, &e); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// Get returns one assessment.
func (s *AssessStore) Get(ctx context.Context, id risk.ID) (*assess.Assessment, error) {
	x, err := scanAssessment(s.db.queryRow(ctx, `SELECT `+assessCols+` FROM assessments WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "风险评估不存在。 / No such assessment.")
	}
	return x, err
}

// Submitted lists the assessments waiting for a decision.
func (s *AssessStore) Submitted(ctx context.Context, dept string) ([]*assess.Assessment, error) {
	return collect(scanAssessment)(s.db.query(ctx, `SELECT `+assessCols+` FROM assessments
		WHERE status = 'submitted' AND ($1 = '' OR dept = $1) ORDER BY submitted_at, id`, dept))
}

// ByCase lists a case's assessments, newest version first.
func (s *AssessStore) ByCase(ctx context.Context, caseID risk.ID) ([]*assess.Assessment, error) {
	return collect(scanAssessment)(s.db.query(ctx, `SELECT `+assessCols+` FROM assessments WHERE case_id = $1 ORDER BY version DESC`, int64(caseID)))
}
