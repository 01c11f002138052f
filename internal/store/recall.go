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
	"riskgate/internal/recall"
	"riskgate/internal/risk"
)

// RecallStore implements recall.Store.
type RecallStore struct{ db *DB }

// Recalls returns the recall store.
func (db *DB) Recalls() *RecallStore { return &RecallStore{db: db} }

var _ recall.Store = (*RecallStore)(nil)

const recallCols = `id, kind, ordered, status, enterprise_id, enterprise_uscc, enterprise_name, products, defect, cause, hazard,
	consequences, incidents, foreign_recalls, trigger_code, aware_on, reported_on, plan, dept, supporting,
	COALESCE(case_id, 0), COALESCE(warning_id, 0), plan_returned, notice_on, completed_on, summary_on, created_by, created_at, updated_at, rev, distributors`

func scanRecall(row rowScanner) (*recall.Recall, error) {
	var r recall.Recall
	var id, firm, caseID, warningID int64
	var products, foreign, supporting, distributors string
	var plan sql.NullString
	var kind, status string
	if err := row.Scan(&id, &kind, &r.Ordered, &status, &firm, &r.EnterpriseUSCC, &r.EnterpriseName, &products, &r.Defect, &r.Cause, &r.Hazard,
		&r.Consequences, &r.Incidents, &foreign, &r.Trigger, &r.AwareOn, &r.ReportedOn, &plan, &r.Dept, &supporting,
		&caseID, &warningID, &r.PlanReturned, &r.NoticeOn, &r.CompletedOn, &r.SummaryOn, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.Rev, &distributors); err != nil {
		return nil, err
	}
	r.ID, r.EnterpriseID, r.CaseID, r.WarningID = risk.ID(id), risk.ID(firm), risk.ID(caseID), risk.ID(warningID)
	r.Kind, r.Status = recall.Kind(kind), recall.Status(status)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	for _, j := range []struct {
		text string
		into any
	}{{products, &r.Products}, {foreign, &r.ForeignRecalls}, {supporting, &r.Supporting}, {distributors, &r.Distributors}} {
		if err := json.Unmarshal([]byte(j.text), j.into); err != nil {
			return nil, fmt.Errorf("store: recall %d: %w", id, err)
		}
	}
	if plan.Valid {
		r.Plan = new(recall.Plan)
		if err := json.Unmarshal([]byte(plan.String), r.Plan); err != nil {
			return nil, fmt.Errorf("store: recall %d plan: %w", id, err)
		}
	}
	return &r, nil
}

func planText(p *recall.Plan) any {
	if p == nil {
		return nil
	}
	return jsonText(p)
}

// Create inserts r with its audit entry, and sets r.ID.
func (s *RecallStore) Create(ctx context.Context, r *recall.Recall, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO recalls (ordered, kind, status, enterprise_id, enterprise_uscc, enterprise_name, products, defect,
			cause, hazard, consequences, incidents, foreign_recalls, trigger_code, aware_on, reported_on, plan, dept, supporting,
			completed_on, summary_on, created_by, created_at, updated_at, rev, case_id, distributors)
			VALUES ($26, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $27) RETURNING id`,
			string(r.Kind), string(r.Status), int64(r.EnterpriseID), r.EnterpriseUSCC, r.EnterpriseName, jsonText(r.Products), r.Defect,
			r.Cause, r.Hazard, r.Consequences, r.Incidents, jsonText(orEmpty(r.ForeignRecalls)), r.Trigger, r.AwareOn, r.ReportedOn, planText(r.Plan),
			r.Dept, jsonText(orEmpty(r.Supporting)), r.CompletedOn, r.SummaryOn, r.CreatedBy, r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.Rev,
			nullID(r.CaseID), r.Ordered, distributorsText(r.Distributors)).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert recall: %w", err)
		}
		r.ID = risk.ID(id)
		ae.EntityID = r.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func distributorsText(ds []recall.Distributor) string {
	if ds == nil {
		ds = []recall.Distributor{}
	}
	return jsonText(ds)
}

func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Update writes r if the stored revision is r.Rev-1.
func (s *RecallStore) Update(ctx context.Context, r *recall.Recall, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recalls SET kind = $1, status = $2, products = $3, defect = $4, cause = $5, hazard = $6,
			consequences = $7, incidents = $8, foreign_recalls = $9, trigger_code = $10, aware_on = $11, reported_on = $12, plan = $13,
			dept = $14, supporting = $15, completed_on = $16, summary_on = $17, updated_at = $18, rev = $19, notice_on = $22, plan_returned = $23, ordered = $24, distributors = $25 WHERE id = $20 AND rev = $21`,
			string(r.Kind), string(r.Status), jsonText(r.Products), r.Defect, r.Cause, r.Hazard, r.Consequences, r.Incidents,
			jsonText(orEmpty(r.ForeignRecalls)), r.Trigger, r.AwareOn, r.ReportedOn, planText(r.Plan), r.Dept, jsonText(orEmpty(r.Supporting)),
			r.CompletedOn, r.SummaryOn, r.UpdatedAt.UTC(), r.Rev, int64(r.ID), r.Rev-1, r.NoticeOn, r.PlanReturned, r.Ordered, distributorsText(r.Distributors))
		if err != nil {
			return fmt.Errorf("store: update recall: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("召回已被他人修改，请刷新后重试。", "the recall was changed by someone else; reload and try again.")}
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Get returns one recall.
func (s *RecallStore) Get(ctx context.Context, id risk.ID) (*recall.Recall, error) {
	r, err := scanRecall(s.db.queryRow(ctx, `SELECT `+recallCols+` FROM recalls WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该召回。 / No such recall.")
	}
	return r, err
}

// List returns matching recalls, newest first, and how many match.
func (s *RecallStore) List(ctx context.Context, f recall.Filter) ([]*recall.Recall, int, error) {
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Open {
		w.add("status NOT IN (?, ?)", string(recall.StatusClosed), string(recall.StatusEvaluated))
	}
	if f.Public {
		var st []string
		for _, x := range recall.PublicStatuses {
			st = append(st, string(x))
		}
		w.conds = append(w.conds, "status IN ("+inList(&w, st)+")")
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Depts != nil {
		if len(f.Depts) == 0 {
			return nil, 0, nil
		}
		var ors []string
		for _, d := range f.Depts {
			w.args = append(w.args, d, "%\""+escapeLike(d)+"\"%")
			ors = append(ors, fmt.Sprintf("(dept = $%d OR supporting LIKE $%d ESCAPE '\\')", len(w.args)-1, len(w.args)))
		}
		w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM recalls`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count recalls: %w", err)
	}
	rs, err := collect(scanRecall)(s.db.query(ctx, `SELECT `+recallCols+` FROM recalls`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list recalls: %w", err)
	}
	return rs, total, nil
}

var _ recall.ProgressStore = (*RecallStore)(nil)

// AddProgress writes p with its audit entry and sets p.ID.
func (s *RecallStore) AddProgress(ctx context.Context, p *recall.Progress, rev int, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recalls SET rev = rev + 1, updated_at = $1 WHERE id = $2 AND rev = $3 AND status IN ($4, $5)`,
			p.CreatedAt.UTC(), int64(p.RecallID), rev, string(recall.StatusInProgress), string(recall.StatusCompleted))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("召回已被他人修改或报告了进度，请刷新后重试。",
				"the recall was changed or its progress reported meanwhile; reload and try again.")}
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO recall_progress (recall_id, as_of, located, corrected, returned, destroyed,
			by_channel, by_region, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			int64(p.RecallID), p.AsOf, p.Located, p.Corrected, p.Returned, p.Destroyed, jsonText(orEmptyMap(p.ByChannel)),
			jsonText(orEmptyMap(p.ByRegion)), p.Note, p.CreatedBy, p.CreatedAt.UTC()).Scan(&id); err != nil {
			return fmt.Errorf("store: insert recall progress: %w", err)
		}
		p.ID = risk.ID(id)
		return appendAudit(ctx, tx, &ae)
	})
}

func orEmptyMap(m map[string]int64) map[string]int64 {
	if m == nil {
		return map[string]int64{}
	}
	return m
}

// Progress lists a recall's progress reports, oldest first.
func (s *RecallStore) Progress(ctx context.Context, recallID risk.ID) ([]*recall.Progress, error) {
	return collect(func(r rowScanner) (*recall.Progress, error) {
		var p recall.Progress
		var id, rid int64
		var byChannel, byRegion string
		if err := r.Scan(&id, &rid, &p.AsOf, &p.Located, &p.Corrected, &p.Returned, &p.Destroyed, &byChannel, &byRegion, &p.Note,
			&p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.ID, p.RecallID, p.CreatedAt = risk.ID(id), risk.ID(rid), p.CreatedAt.UTC()
		if err := json.Unmarshal([]byte(byChannel), &p.ByChannel); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(byRegion), &p.ByRegion); err != nil {
			return nil, err
		}
		return &p, nil
	})(s.db.query(ctx, `SELECT id, recall_id, as_of, located, corrected, returned, destroyed, by_channel, by_region, note, created_by, created_at
		FROM recall_progress WHERE recall_id = $1 ORDER BY as_of, id`, int64(recallID)))
}

// SignalsAbout counts the signals about products — by GTIN, or by model
// with brand — received in [from, to).
func (s *RecallStore) SignalsAbout(ctx context.Context, products []recall.Product, from, to time.Time) (int, error) {
	var w where
	var ors []string
	for _, p := range products {
		switch {
		case p.GTIN != "":
			w.args = append(w.args, p.GTIN)
			ors = append(ors, fmt.Sprintf("gtin = $%d", len(w.args)))
		case p.Model != "":
			w.args = append(w.args, p.Model, p.Brand)
			ors = append(ors, fmt.Sprintf("(model = $%d AND brand = $%d)", len(w.args)-1, len(w.args)))
		}
	}
	if len(ors) == 0 {
		return 0, nil
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	w.add("received_at >= ?", from.UTC())
	w.add("received_at < ?", to.UTC())
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM signals`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// completionOfCase is the completion of the recalls under a case that have
// reported progress (their dealt-with units over their units to recall),
// or nil when none has.
func completionOfCase(ctx context.Context, db *DB, caseID risk.ID) (*float64, error) {
	rs := db.Recalls()
	recalls, err := collect(scanRecall)(db.query(ctx, `SELECT `+recallCols+` FROM recalls WHERE case_id = $1 ORDER BY id`, int64(caseID)))
	if err != nil {
		return nil, err
	}
	var dealt, total float64
	reported := false
	for _, r := range recalls {
		if r.Status == recall.StatusClosed {
			continue // no defect: nothing to recall
		}
		ps, err := rs.Progress(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			continue // counts once it reports
		}
		reported = true
		c := recall.Completion(ps[len(ps)-1], r)
		dealt += c * float64(r.ToRecall())
		total += float64(r.ToRecall())
	}
	if !reported || total == 0 {
		return nil, nil
	}
	pct := 100 * dealt / total
	return &pct, nil
}
