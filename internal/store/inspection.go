package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/contingency"
	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// InspectionStore implements inspection.Store.
type InspectionStore struct{ db *DB }

// Inspections returns the inspection store.
func (db *DB) Inspections() *InspectionStore { return &InspectionStore{db: db} }

var _ inspection.Store = (*InspectionStore)(nil)

const inspectionCols = `id, kind, result, inspected_at, lot, findings, declaration_ref, external_ref, COALESCE(signal_id, 0), dept,
	COALESCE(lab_id, 0), created_by, created_at, COALESCE(supersedes, 0), COALESCE(superseded_by, 0), correction_reason, contingency`

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// scanInspection reads one row of inspectionCols.
func scanInspection(row interface{ Scan(...any) error }) (*inspection.Inspection, error) {
	var x inspection.Inspection
	var id, sig, lab, sup, supBy int64
	var lot, mark string
	if err := row.Scan(&id, &x.Kind, &x.Result, &x.InspectedAt, &lot, &x.Findings, &x.DeclarationRef, &x.ExternalRef, &sig, &x.Dept, &lab,
		&x.CreatedBy, &x.CreatedAt, &sup, &supBy, &x.CorrectionReason, &mark); err != nil {
		return nil, err
	}
	if mark != "" {
		x.Contingency = &contingency.Mark{}
		if err := json.Unmarshal([]byte(mark), x.Contingency); err != nil {
			return nil, err
		}
	}
	x.ID, x.SignalID, x.LabID, x.Supersedes, x.SupersededBy = risk.ID(id), risk.ID(sig), risk.ID(lab), risk.ID(sup), risk.ID(supBy)
	x.InspectedAt, x.CreatedAt = x.InspectedAt.UTC(), x.CreatedAt.UTC()
	x.Warnings = []risk.ID{}
	return &x, json.Unmarshal([]byte(lot), &x.Lot)
}

// matchesOf fills in the warnings each inspection's lot matched.
func matchesOf(ctx context.Context, q querier, xs []*inspection.Inspection) error {
	for _, x := range xs {
		rows, err := q.QueryContext(ctx, `SELECT warning_id FROM inspection_matches WHERE inspection_id = $1 ORDER BY warning_id`, int64(x.ID))
		if err != nil {
			return err
		}
		for rows.Next() {
			var w int64
			if err := rows.Scan(&w); err != nil {
				rows.Close()
				return err
			}
			x.Warnings = append(x.Warnings, risk.ID(w))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *InspectionStore) scan(ctx context.Context, q querier, cond string, args ...any) (*inspection.Inspection, error) {
	x, err := scanInspection(q.QueryRowContext(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "检验记录不存在。 / No such inspection.")
	}
	if err != nil {
		return nil, err
	}
	return x, matchesOf(ctx, q, []*inspection.Inspection{x})
}

// Record stores an inspection, its matches and the signal it raises.
func (s *InspectionStore) Record(ctx context.Context, x *inspection.Inspection, sig *signal.Signal, entries []audit.Entry) (bool, error) {
	created := false
	err := s.db.Transact(ctx, func(tx *Tx) error {
		var err error
		created, err = s.insert(ctx, tx, x, sig, entries)
		return err
	})
	return created, err
}

// insert writes an inspection with its matches, audit entries and the
// signal it raises; an inspection whose external reference is stored is
// not written again, and x becomes the stored one (false).
func (s *InspectionStore) insert(ctx context.Context, tx *Tx, x *inspection.Inspection, sig *signal.Signal, entries []audit.Entry) (bool, error) {
	now := tx.Now()
	var id int64
	queueID, mark := "", ""
	if x.Contingency != nil {
		queueID, mark = x.Contingency.QueueID, jsonText(x.Contingency)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO inspections (kind, result, inspected_at, lot, findings, declaration_ref, external_ref, dept, lab_id, created_by, created_at,
		supersedes, correction_reason, contingency_id, contingency)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (external_ref) WHERE external_ref <> '' DO NOTHING RETURNING id`,
		x.Kind, x.Result, x.InspectedAt, jsonText(x.Lot), x.Findings, x.DeclarationRef, x.ExternalRef, x.Dept, nullID(x.LabID), x.CreatedBy, now,
		nullID(x.Supersedes), x.CorrectionReason, queueID, mark).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		old, err := s.scan(ctx, tx, "external_ref = $1", x.ExternalRef)
		if err != nil {
			return false, err
		}
		*x = *old
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: insert inspection: %w", err)
	}
	x.ID, x.CreatedAt = risk.ID(id), now
	for _, w := range x.Warnings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_matches (inspection_id, warning_id) VALUES ($1, $2)`, id, int64(w)); err != nil {
			return false, err
		}
		if x.Result == inspection.ResultFail {
			// A failure undoes a lifting proposal: the conditions are
			// evaluated afresh.
			if _, err := tx.ExecContext(ctx, `UPDATE warnings SET lift_proposed_at = NULL, lift_proposal = '' WHERE id = $1`, int64(w)); err != nil {
				return false, err
			}
		}
	}
	entries[0].EntityID = x.ID
	if err := appendAudit(ctx, tx, &entries[0]); err != nil {
		return false, err
	}
	if sig == nil {
		return true, nil
	}
	if _, err := insertSignals(ctx, tx, []*signal.Signal{sig}, entries[1:2]); err != nil {
		return false, err
	}
	x.SignalID = sig.ID
	_, err = tx.ExecContext(ctx, `UPDATE inspections SET signal_id = $1 WHERE id = $2`, int64(sig.ID), id)
	return true, err
}

// ByQueueID returns the result resubmitted under a contingency queue id.
func (s *InspectionStore) ByQueueID(ctx context.Context, id string) (*inspection.Inspection, error) {
	if id == "" {
		return nil, risk.Errorf(risk.ErrNotFound, "检验记录不存在。 / No such inspection.")
	}
	return s.scan(ctx, s.db.r, `contingency_id = $1`, id)
}

// CurrentLine returns the current result of a kind on a declaration line.
func (s *InspectionStore) CurrentLine(ctx context.Context, ref, kind string) (*inspection.Inspection, error) {
	return s.scan(ctx, s.db.r, `id = (SELECT inspection_id FROM line_results WHERE declaration_ref = $1 AND kind = $2)`, ref, kind)
}

// RecordLine stores the result of a declaration line as the current one of
// its kind, superseding x.Supersedes when set.
func (s *InspectionStore) RecordLine(ctx context.Context, x *inspection.Inspection, sig *signal.Signal, entries []audit.Entry) error {
	if x.ExternalRef != "" {
		return fmt.Errorf("store: a declaration line's result has no external reference")
	}
	taken := &risk.Error{Kind: risk.ErrConflict, Field: "result", Message: risk.Bilingual(
		"该行的结果已被他人录入或更正，请刷新后重试。", "the line's result was recorded or corrected by someone else; reload and try again.")}
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := s.insert(ctx, tx, x, sig, entries); err != nil {
			return err
		}
		var res sql.Result
		var err error
		if x.Supersedes == 0 {
			res, err = tx.ExecContext(ctx, `INSERT INTO line_results (declaration_ref, kind, inspection_id) VALUES ($1, $2, $3)
				ON CONFLICT (declaration_ref, kind) DO NOTHING`, x.DeclarationRef, x.Kind, int64(x.ID))
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE line_results SET inspection_id = $1 WHERE declaration_ref = $2 AND kind = $3 AND inspection_id = $4`,
				int64(x.ID), x.DeclarationRef, x.Kind, int64(x.Supersedes))
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n != 1 {
			return taken
		}
		if x.Supersedes == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE inspections SET superseded_by = $1 WHERE id = $2`, int64(x.ID), int64(x.Supersedes))
		return err
	})
}

// ByDeclaration lists the results recorded against declaration lines.
func (s *InspectionStore) ByDeclaration(ctx context.Context, refs []string) ([]*inspection.Inspection, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	args := make([]any, len(refs))
	marks := make([]string, len(refs))
	for i, r := range refs {
		args[i], marks[i] = r, fmt.Sprintf("$%d", i+1)
	}
	rows, err := s.db.query(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE declaration_ref IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*inspection.Inspection
	for rows.Next() {
		x, err := scanInspection(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, matchesOf(ctx, s.db.r, out)
}

// Get returns one inspection.
func (s *InspectionStore) Get(ctx context.Context, id risk.ID) (*inspection.Inspection, error) {
	return s.scan(ctx, s.db.r, "id = $1", int64(id))
}

// ActiveWarnings lists the warnings in force.
func (s *InspectionStore) ActiveWarnings(ctx context.Context) ([]*warning.Warning, error) {
	return s.db.Warnings().many(ctx, `SELECT `+warningCols+` FROM warnings w WHERE w.status IN ('issued', 'referred') ORDER BY w.id`)
}

// Results lists results matched to a warning, newest first.
func (s *InspectionStore) Results(ctx context.Context, warningID risk.ID, limit int) ([]string, error) {
	// Monitoring samples in the warning's scope count as lots too, once
	// their results are in.
	rows, err := s.db.query(ctx, `SELECT result FROM (
		SELECT i.result AS result, i.inspected_at AS at, 0 AS kind, i.id AS id FROM inspections i JOIN inspection_matches m ON m.inspection_id = i.id
		WHERE m.warning_id = $1 AND i.superseded_by IS NULL
		UNION ALL
		SELECT s.conclusion, s.taken_at, 1, s.id FROM monitoring_samples s JOIN monitoring_sample_matches x ON x.sample_id = s.id
		WHERE x.warning_id = $1 AND s.conclusion <> 'pending') r ORDER BY at DESC, kind DESC, id DESC LIMIT $2`, int64(warningID), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecallCompletion returns a case's recall completion.
func (s *InspectionStore) RecallCompletion(ctx context.Context, caseID risk.ID) (*float64, error) {
	// The recalls under the case, once they report progress; else the
	// percentage recorded on the case.
	if pct, err := completionOfCase(ctx, s.db, caseID); err != nil || pct != nil {
		return pct, err
	}
	var rc sql.NullFloat64
	if err := s.db.queryRow(ctx, `SELECT recall_completion FROM cases WHERE id = $1`, int64(caseID)).Scan(&rc); err != nil {
		return nil, err
	}
	if !rc.Valid {
		return nil, nil
	}
	return &rc.Float64, nil
}

// SignalsSince counts a case's signals received at or after t and the
// failed results matched to the warning since t.
func (s *InspectionStore) SignalsSince(ctx context.Context, caseID, warningID risk.ID, t time.Time) (int, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT (SELECT count(*) FROM signals WHERE case_id = $1 AND received_at >= $2)
		+ (SELECT count(*) FROM inspections i JOIN inspection_matches m ON m.inspection_id = i.id
		   WHERE m.warning_id = $3 AND i.result = 'fail' AND i.superseded_by IS NULL AND i.inspected_at >= $2)
		+ (SELECT count(*) FROM monitoring_samples s JOIN monitoring_sample_matches x ON x.sample_id = s.id
		   WHERE x.warning_id = $3 AND s.conclusion = 'fail' AND s.taken_at >= $2)`, int64(caseID), t.UTC(), int64(warningID)).Scan(&n)
	return n, err
}

// ProposeLift marks a warning as proposed for lifting, once.
func (s *InspectionStore) ProposeLift(ctx context.Context, warningID risk.ID, text string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return proposeLift(ctx, tx, warningID, text, ae) })
}

// proposeLift marks a warning in force as proposed for lifting, with its
// audit entry, unless it is proposed already (then it writes nothing).
func proposeLift(ctx context.Context, tx *Tx, warningID risk.ID, text string, ae audit.Entry) error {
	res, err := tx.ExecContext(ctx, `UPDATE warnings SET lift_proposed_at = $1, lift_proposal = $2, updated_at = $1
		WHERE id = $3 AND lift_proposed_at IS NULL AND status IN ('issued', 'referred')`, tx.Now(), text, int64(warningID))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return appendAudit(ctx, tx, &ae)
}

// FailedSince lists the current failed results inspected at or after t,
// oldest first.
func (s *InspectionStore) FailedSince(ctx context.Context, t time.Time) ([]*inspection.Inspection, error) {
	return collect(scanInspection)(s.db.query(ctx, `SELECT `+inspectionCols+` FROM inspections
		WHERE result = $1 AND superseded_by IS NULL AND inspected_at >= $2 ORDER BY inspected_at, id`, inspection.ResultFail, t.UTC()))
}
