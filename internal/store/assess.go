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
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// AssessStore implements assess.Store.
type AssessStore struct{ db *DB }

// Assessments returns the assessment store.
func (db *DB) Assessments() *AssessStore { return &AssessStore{db: db} }

var _ assess.Store = (*AssessStore)(nil)

// Profile returns the active version of a profile.
func (s *AssessStore) Profile(ctx context.Context, name string) (*assess.Profile, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM assessment_profiles WHERE name = $1 AND status = 'active'`, name).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "评估矩阵 %s 不存在或未启用。 / No active profile %s.", name, name)
	}
	if err != nil {
		return nil, err
	}
	return assess.ParseProfile([]byte(body))
}

const profileCols = `body, status, note, created_by, created_at, activated_at`

func scanProfile(row rowScanner) (*assess.StoredProfile, error) {
	var sp assess.StoredProfile
	var body, status string
	var activated sql.NullTime
	if err := row.Scan(&body, &status, &sp.Note, &sp.CreatedBy, &sp.CreatedAt, &activated); err != nil {
		return nil, err
	}
	p, err := assess.ParseProfile([]byte(body))
	if err != nil {
		return nil, fmt.Errorf("store: profile body: %w", err)
	}
	sp.Profile, sp.Status, sp.ActivatedAt = p, assess.ProfileStatus(status), nullTimePtr(activated)
	sp.CreatedAt = sp.CreatedAt.UTC()
	return &sp, nil
}

// ProfileAt returns one version of a profile.
func (s *AssessStore) ProfileAt(ctx context.Context, name string, version int) (*assess.StoredProfile, error) {
	sp, err := scanProfile(s.db.queryRow(ctx, `SELECT `+profileCols+` FROM assessment_profiles WHERE name = $1 AND version = $2`, name, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "评估矩阵 %s 没有第 %d 版。 / Profile %s has no version %d.", name, version, name, version)
	}
	return sp, err
}

// ProfileVersions returns the versions of a profile ("" all), by name,
// newest version first.
func (s *AssessStore) ProfileVersions(ctx context.Context, name string) ([]*assess.StoredProfile, error) {
	return collect(scanProfile)(s.db.query(ctx, `SELECT `+profileCols+` FROM assessment_profiles
		WHERE ($1 = '' OR name = $1) ORDER BY name, version DESC`, name))
}

// SaveProfiles stores new builtin profile versions as active, each with
// an audit entry.
func (s *AssessStore) SaveProfiles(ctx context.Context, ps []*assess.Profile) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		for _, p := range ps {
			b, err := json.Marshal(p)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO assessment_profiles (name, version, body, created_at, status, activated_at)
				SELECT $1, $2, $3, $4, 'active', $4 WHERE NOT EXISTS (SELECT 1 FROM assessment_profiles WHERE name = $1)`,
				p.Name, p.Version, string(b), tx.Now())
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

// SaveProfileDraft stores a draft version, new or over the stored draft.
func (s *AssessStore) SaveProfileDraft(ctx context.Context, sp *assess.StoredProfile, replace bool, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		p := sp.Profile
		body := jsonText(p)
		if replace {
			res, err := tx.ExecContext(ctx, `UPDATE assessment_profiles SET body = $1, note = $2, created_by = $3, created_at = $4
				WHERE name = $5 AND version = $6 AND status = 'draft'`, body, sp.Note, sp.CreatedBy, now, p.Name, p.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return risk.Errorf(risk.ErrConflict, "评估矩阵 %s 第 %d 版已不是草稿。 / Version %d of %s is no longer a draft.", p.Name, p.Version, p.Version, p.Name)
			}
		} else {
			_, err := tx.ExecContext(ctx, `INSERT INTO assessment_profiles (name, version, body, created_at, status, note, created_by)
				VALUES ($1, $2, $3, $4, 'draft', $5, $6)`, p.Name, p.Version, body, now, sp.Note, sp.CreatedBy)
			if s.db.d.uniqueViolation(err) {
				return risk.Errorf(risk.ErrConflict, "评估矩阵 %s 已有第 %d 版或已有草稿，请刷新后重试。 / Profile %s has version %d or a draft already; reload and try again.", p.Name, p.Version, p.Name, p.Version)
			}
			if err != nil {
				return err
			}
		}
		sp.Status, sp.CreatedAt = assess.ProfileDraft, now
		return appendAudit(ctx, tx, &ae)
	})
}

// ActivateProfile makes a draft active and retires the active version.
func (s *AssessStore) ActivateProfile(ctx context.Context, name string, version int, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessment_profiles WHERE name = $1 AND version = $2 AND status = 'draft'`, name, version).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return risk.Errorf(risk.ErrConflict, "评估矩阵 %s 第 %d 版已不是草稿。 / Version %d of %s is no longer a draft.", name, version, version, name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessment_profiles SET status = 'retired' WHERE name = $1 AND status = 'active'`, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessment_profiles SET status = 'active', activated_at = $1 WHERE name = $2 AND version = $3`, now, name, version); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Panel returns an assessment's panel with its members.
func (s *AssessStore) Panel(ctx context.Context, assessmentID risk.ID) (*assess.Panel, error) {
	var p assess.Panel
	var convener, concluder int64
	var outcome string
	var concluded sql.NullTime
	err := s.db.queryRow(ctx, `SELECT convened_by, convened_at, outcome, conclusion, COALESCE(concluded_by, 0), concluded_at
		FROM assessment_panels WHERE assessment_id = $1`, int64(assessmentID)).Scan(&convener, &p.ConvenedAt, &outcome, &p.Conclusion, &concluder, &concluded)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "该评估没有专家组。 / The assessment has no panel.")
	}
	if err != nil {
		return nil, err
	}
	p.AssessmentID, p.ConvenedBy, p.ConcludedBy, p.Outcome = assessmentID, risk.ID(convener), risk.ID(concluder), assess.Outcome(outcome)
	p.ConvenedAt, p.ConcludedAt = p.ConvenedAt.UTC(), nullTimePtr(concluded)
	p.Members, err = collect(func(row rowScanner) (assess.Member, error) {
		var m assess.Member
		var expertID, userID, addedBy, recordedBy int64
		var field, stance string
		var at sql.NullTime
		if err := row.Scan(&expertID, &m.Name, &field, &m.Organisation, &m.Title, &userID, &addedBy, &m.AddedAt, &stance, &m.Opinion, &at, &recordedBy); err != nil {
			return m, err
		}
		m.ExpertID, m.UserID, m.AddedBy, m.RecordedBy = risk.ID(expertID), risk.ID(userID), risk.ID(addedBy), risk.ID(recordedBy)
		m.Field, m.Stance, m.OpinionAt, m.AddedAt = expert.Field(field), assess.Stance(stance), nullTimePtr(at), m.AddedAt.UTC()
		return m, nil
	})(s.db.query(ctx, `SELECT m.expert_id, e.name, e.field, e.organisation, e.title, COALESCE(e.user_id, 0), m.added_by, m.added_at,
		m.stance, m.opinion, m.opinion_at, COALESCE(m.recorded_by, 0)
		FROM assessment_panel_members m JOIN experts e ON e.id = m.expert_id WHERE m.assessment_id = $1 ORDER BY m.added_at, m.expert_id`, int64(assessmentID)))
	if err != nil {
		return nil, err
	}
	if p.Members == nil {
		p.Members = []assess.Member{}
	}
	return &p, nil
}

// AddPanelist adds a member, convening the panel first when asked.
func (s *AssessStore) AddPanelist(ctx context.Context, assessmentID risk.ID, m assess.Member, convene bool, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if convene {
			_, err := tx.ExecContext(ctx, `INSERT INTO assessment_panels (assessment_id, convened_by, convened_at) VALUES ($1, $2, $3)`,
				int64(assessmentID), int64(m.AddedBy), m.AddedAt)
			if s.db.d.uniqueViolation(err) {
				return risk.Errorf(risk.ErrConflict, "专家组已由他人组建，请刷新后重试。 / Someone else convened the panel; reload and try again.")
			}
			if err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO assessment_panel_members (assessment_id, expert_id, added_by, added_at) VALUES ($1, $2, $3, $4)`,
			int64(assessmentID), int64(m.ExpertID), int64(m.AddedBy), m.AddedAt)
		if s.db.d.uniqueViolation(err) {
			return &risk.Error{Kind: risk.ErrConflict, Field: "expert_id", Message: risk.Bilingual("该专家已在专家组中。", "the expert is on the panel already.")}
		}
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// SaveOpinion writes a member's opinion.
func (s *AssessStore) SaveOpinion(ctx context.Context, assessmentID risk.ID, m assess.Member, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessment_panel_members SET stance = $1, opinion = $2, opinion_at = $3, recorded_by = $4
			WHERE assessment_id = $5 AND expert_id = $6`, string(m.Stance), m.Opinion, timeArg(m.OpinionAt), nullID(m.RecordedBy), int64(assessmentID), int64(m.ExpertID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrNotFound, "该专家不在专家组中。 / The expert is not on the panel.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// ConcludePanel writes the conclusion unless the panel concluded since it
// was read.
func (s *AssessStore) ConcludePanel(ctx context.Context, p *assess.Panel, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessment_panels SET outcome = $1, conclusion = $2, concluded_by = $3, concluded_at = $4
			WHERE assessment_id = $5 AND (concluded_at IS NULL OR concluded_at < (SELECT submitted_at FROM assessments WHERE id = $5))`,
			string(p.Outcome), p.Conclusion, nullID(p.ConcludedBy), timeArg(p.ConcludedAt), int64(p.AssessmentID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrConflict, "专家组已出具结论。 / The panel has concluded already.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// CaseEnterprises returns the distinct USCCs of a case's signals.
func (s *AssessStore) CaseEnterprises(ctx context.Context, caseID risk.ID) ([]string, error) {
	return collect(func(row rowScanner) (string, error) {
		var u string
		return u, row.Scan(&u)
	})(s.db.query(ctx, `SELECT DISTINCT uscc FROM signals WHERE case_id = $1 AND uscc <> '' ORDER BY uscc`, int64(caseID)))
}

// PendingReviews lists the submitted assessments waiting for an expert's
// opinion.
func (s *AssessStore) PendingReviews(ctx context.Context, expertID risk.ID) ([]*assess.Assessment, error) {
	return collect(scanAssessment)(s.db.query(ctx, `SELECT `+assessCols+` FROM assessments WHERE id IN (
		SELECT a.id FROM assessments a
		JOIN assessment_panel_members m ON m.assessment_id = a.id AND m.expert_id = $1
		JOIN assessment_panels p ON p.assessment_id = a.id
		WHERE a.status = 'submitted' AND (m.opinion_at IS NULL OR m.opinion_at < a.submitted_at)
			AND (p.concluded_at IS NULL OR p.concluded_at < a.submitted_at))
		ORDER BY submitted_at, id`, int64(expertID)))
}

const assessCols = `id, case_id, version, status, profile, profile_version, product, scenarios, level, result, assessor, organisation,
	author_id, dept, COALESCE(approver_id, 0), decision_note, submitted_at, decided_at, COALESCE(supersedes, 0), created_at, updated_at, rev`

func scanAssessment(row rowScanner) (*assess.Assessment, error) {
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
