package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// MonitoringStore implements monitoring.Store.
type MonitoringStore struct{ db *DB }

// Monitoring returns the monitoring store.
func (db *DB) Monitoring() *MonitoringStore { return &MonitoringStore{db: db} }

var _ monitoring.Store = (*MonitoringStore)(nil)

// CreatePoint inserts a point with its audit entry.
func (s *MonitoringStore) CreatePoint(ctx context.Context, p *monitoring.Point, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO monitoring_points (code, type, prefecture, county, dept, status, body, rev, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			p.Code, string(p.Type), p.Prefecture, p.County, p.Dept, string(p.Status), jsonText(p), p.Rev, p.CreatedAt).Scan(&id); err != nil {
			if s.db.d.uniqueViolation(err) {
				return &risk.Error{Kind: risk.ErrConflict, Field: "code", Message: risk.Bilingual("监测点编号 "+p.Code+" 已被使用。", "monitoring point code "+p.Code+" is in use.")}
			}
			return fmt.Errorf("store: insert monitoring point: %w", err)
		}
		p.ID = risk.ID(id)
		ae.EntityID = p.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdatePoint writes a point under its revision with its audit entry.
func (s *MonitoringStore) UpdatePoint(ctx context.Context, p *monitoring.Point, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		next := *p
		next.Rev = p.Rev + 1
		res, err := tx.ExecContext(ctx, `UPDATE monitoring_points SET type = $1, prefecture = $2, county = $3, dept = $4, status = $5, body = $6, rev = $7
			WHERE id = $8 AND rev = $9`, string(p.Type), p.Prefecture, p.County, p.Dept, string(p.Status), jsonText(&next), next.Rev, int64(p.ID), p.Rev)
		if err != nil {
			return fmt.Errorf("store: update monitoring point: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("监测点已被他人修改，请刷新后重试。", "the point was changed by someone else; reload and try again.")}
		}
		if err := appendAudit(ctx, tx, &ae); err != nil {
			return err
		}
		p.Rev = next.Rev
		return nil
	})
}

func scanPoint(row rowScanner) (*monitoring.Point, error) {
	var p monitoring.Point
	var id int64
	var body string
	var rev int
	if err := row.Scan(&id, &body, &rev); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("store: monitoring point %d: %w", id, err)
	}
	p.ID, p.Rev = risk.ID(id), rev
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// Point returns one point.
func (s *MonitoringStore) Point(ctx context.Context, id risk.ID) (*monitoring.Point, error) {
	p, err := scanPoint(s.db.queryRow(ctx, `SELECT id, body, rev FROM monitoring_points WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该监测点。 / No such monitoring point.")
	}
	return p, err
}

// Points lists matching points by code and how many match.
func (s *MonitoringStore) Points(ctx context.Context, f monitoring.PointFilter) ([]*monitoring.Point, int, error) {
	var w where
	if f.Type != "" {
		w.add("type = ?", string(f.Type))
	}
	if f.Prefecture != "" {
		w.add("prefecture = ?", f.Prefecture)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Dept != "" {
		w.add("dept = ?", f.Dept)
	}
	if f.IDs != nil {
		ids := make([]int64, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = int64(id)
		}
		w.add("id IN (" + inList(&w, ids) + ")")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM monitoring_points`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count monitoring points: %w", err)
	}
	ps, err := collect(scanPoint)(s.db.query(ctx, `SELECT id, body, rev FROM monitoring_points`+w.sql()+` ORDER BY code`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list monitoring points: %w", err)
	}
	return ps, total, nil
}

// planBody is the plan as stored: without the completion, which is worked
// out on reading.
func planBody(p *monitoring.Plan) string {
	c := *p
	c.ByPoint, c.ByDept, c.Total = nil, nil, nil
	c.Items = make([]monitoring.Item, len(p.Items))
	for i, it := range p.Items {
		it.Completion = nil
		c.Items[i] = it
	}
	return jsonText(&c)
}

// CreatePlan inserts a plan with its audit entry.
func (s *MonitoringStore) CreatePlan(ctx context.Context, p *monitoring.Plan, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO monitoring_plans (year, status, version, body, rev, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			p.Year, string(p.Status), p.Version, planBody(p), p.Rev, p.CreatedAt).Scan(&id); err != nil {
			return fmt.Errorf("store: insert monitoring plan: %w", err)
		}
		p.ID = risk.ID(id)
		ae.EntityID = p.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func scanPlan(row rowScanner) (*monitoring.Plan, error) {
	var p monitoring.Plan
	var id int64
	var body string
	var rev int
	if err := row.Scan(&id, &body, &rev); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("store: monitoring plan %d: %w", id, err)
	}
	p.ID, p.Rev = risk.ID(id), rev
	p.CreatedAt, p.UpdatedAt, p.ApprovedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.ApprovedAt.UTC()
	return &p, nil
}

// Plan returns one plan.
func (s *MonitoringStore) Plan(ctx context.Context, id risk.ID) (*monitoring.Plan, error) {
	p, err := scanPlan(s.db.queryRow(ctx, `SELECT id, body, rev FROM monitoring_plans WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该监测计划。 / No such monitoring plan.")
	}
	return p, err
}

// Plans lists plans, newest year first.
func (s *MonitoringStore) Plans(ctx context.Context, f monitoring.PlanFilter) ([]*monitoring.Plan, int, error) {
	var w where
	if f.Year != 0 {
		w.add("year = ?", f.Year)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM monitoring_plans`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count monitoring plans: %w", err)
	}
	ps, err := collect(scanPlan)(s.db.query(ctx, `SELECT id, body, rev FROM monitoring_plans`+w.sql()+` ORDER BY year DESC, id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list monitoring plans: %w", err)
	}
	return ps, total, nil
}

// SavePlan writes a plan under its revision, its version, its new tasks
// and the audit entry in one transaction.
func (s *MonitoringStore) SavePlan(ctx context.Context, p *monitoring.Plan, v *monitoring.Version, tasks []*monitoring.Task, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE monitoring_plans SET status = $1, version = $2, body = $3, rev = rev + 1 WHERE id = $4 AND rev = $5`,
			string(p.Status), p.Version, planBody(p), int64(p.ID), p.Rev)
		if err != nil {
			return fmt.Errorf("store: update monitoring plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该监测计划已被他人修改，请刷新后重试。", "the plan was changed by someone else; reload and try again.")}
		}
		if v != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_plan_versions (plan_id, version, body, at) VALUES ($1, $2, $3, $4)`,
				int64(v.PlanID), v.Version, jsonText(v), v.At); err != nil {
				if s.db.d.uniqueViolation(err) {
					return &risk.Error{Kind: risk.ErrConflict, Field: "version", Message: risk.Bilingual("该版本已存在，请刷新后重试。", "that version exists; reload and try again.")}
				}
				return fmt.Errorf("store: insert monitoring plan version: %w", err)
			}
		}
		for _, t := range tasks {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO monitoring_tasks (plan_id, item_no, point_id, commodity, period_start, period_end, quota, dept, report_days)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				int64(t.PlanID), t.ItemNo, int64(t.PointID), t.Commodity, t.PeriodStart, t.PeriodEnd, t.Quota, t.Dept, t.ReportDays).Scan(&id); err != nil {
				return fmt.Errorf("store: insert monitoring task: %w", err)
			}
			t.ID = risk.ID(id)
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Versions lists a plan's versions, oldest first.
func (s *MonitoringStore) Versions(ctx context.Context, planID risk.ID) ([]*monitoring.Version, error) {
	return collect(func(row rowScanner) (*monitoring.Version, error) {
		var body string
		if err := row.Scan(&body); err != nil {
			return nil, err
		}
		var v monitoring.Version
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return nil, err
		}
		v.At = v.At.UTC()
		return &v, nil
	})(s.db.query(ctx, `SELECT body FROM monitoring_plan_versions WHERE plan_id = $1 ORDER BY version`, int64(planID)))
}

// Tasks lists tasks with their sample counts.
func (s *MonitoringStore) Tasks(ctx context.Context, f monitoring.TaskFilter) ([]*monitoring.Task, error) {
	var w where
	if f.PlanID != 0 {
		w.add("t.plan_id = ?", int64(f.PlanID))
	}
	if f.PointID != 0 {
		w.add("t.point_id = ?", int64(f.PointID))
	}
	if f.Dept != "" {
		w.add("t.dept = ?", f.Dept)
	}
	if f.Approved {
		w.add("t.plan_id IN (SELECT id FROM monitoring_plans WHERE status = ?)", string(monitoring.Approved))
	}
	return collect(func(row rowScanner) (*monitoring.Task, error) {
		var t monitoring.Task
		var id, plan, point int64
		if err := row.Scan(&id, &plan, &t.ItemNo, &point, &t.PointName, &t.Commodity, &t.PeriodStart, &t.PeriodEnd, &t.Quota, &t.Dept, &t.ReportDays,
			&t.Taken, &t.ResultsIn, &t.Failed); err != nil {
			return nil, err
		}
		t.ID, t.PlanID, t.PointID = risk.ID(id), risk.ID(plan), risk.ID(point)
		return &t, nil
	})(s.db.query(ctx, `SELECT t.id, t.plan_id, t.item_no, t.point_id, `+s.db.d.jsonField("p.body", "name")+`, t.commodity, t.period_start, t.period_end,
		t.quota, t.dept, t.report_days,
		(SELECT count(*) FROM monitoring_samples m WHERE m.task_id = t.id),
		(SELECT count(*) FROM monitoring_samples m WHERE m.task_id = t.id AND m.conclusion <> 'pending'),
		(SELECT count(*) FROM monitoring_samples m WHERE m.task_id = t.id AND m.conclusion = 'fail')
		FROM monitoring_tasks t JOIN monitoring_points p ON p.id = t.point_id`+w.sql()+` ORDER BY t.plan_id, t.item_no, p.code, t.period_start`, w.args...))
}

func scanSample(row rowScanner) (*monitoring.Sample, error) {
	var m monitoring.Sample
	var id int64
	var body string
	var sig sql.NullInt64
	if err := row.Scan(&id, &body, &sig); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return nil, fmt.Errorf("store: monitoring sample %d: %w", id, err)
	}
	m.ID, m.SignalID = risk.ID(id), risk.ID(sig.Int64)
	if m.Warnings == nil {
		m.Warnings = []risk.ID{}
	}
	m.TakenAt, m.CreatedAt = m.TakenAt.UTC(), m.CreatedAt.UTC()
	return &m, nil
}

// Sample returns one sample.
func (s *MonitoringStore) Sample(ctx context.Context, id risk.ID) (*monitoring.Sample, error) {
	m, err := scanSample(s.db.queryRow(ctx, `SELECT id, body, signal_id FROM monitoring_samples WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该监测样品。 / No such monitoring sample.")
	}
	return m, err
}

// Samples lists samples, newest first.
func (s *MonitoringStore) Samples(ctx context.Context, f monitoring.SampleFilter) ([]*monitoring.Sample, int, error) {
	var w where
	if f.PlanID != 0 {
		w.add("plan_id = ?", int64(f.PlanID))
	}
	if f.ItemNo != 0 {
		w.add("item_no = ?", f.ItemNo)
	}
	if f.PointID != 0 {
		w.add("point_id = ?", int64(f.PointID))
	}
	if f.Conclusion != "" {
		w.add("conclusion = ?", string(f.Conclusion))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM monitoring_samples`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count monitoring samples: %w", err)
	}
	ms, err := collect(scanSample)(s.db.query(ctx, `SELECT id, body, signal_id FROM monitoring_samples`+w.sql()+` ORDER BY taken_at DESC, id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list monitoring samples: %w", err)
	}
	return ms, total, nil
}

// raiseSignal inserts the signal a failed sample raises and ties it to
// the sample.
func raiseSignal(ctx context.Context, tx *Tx, m *monitoring.Sample, sig *signal.Signal, entries []audit.Entry) error {
	if sig == nil {
		return nil
	}
	if _, err := insertSignals(ctx, tx, []*signal.Signal{sig}, entries[1:2]); err != nil {
		return err
	}
	m.SignalID = sig.ID
	_, err := tx.ExecContext(ctx, `UPDATE monitoring_samples SET signal_id = $1 WHERE id = $2`, int64(sig.ID), int64(m.ID))
	return err
}

// RecordSample inserts a sample, the signal a failure raises and the
// audit entries in one transaction.
func (s *MonitoringStore) RecordSample(ctx context.Context, m *monitoring.Sample, sig *signal.Signal, entries []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO monitoring_samples (number, plan_id, item_no, task_id, point_id, hs_code, hazard, region, conclusion, taken_at, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			m.Number, int64(m.PlanID), m.ItemNo, int64(m.TaskID), int64(m.PointID), m.HSCode, m.Hazard, m.Region, string(m.Conclusion), m.TakenAt, jsonText(m), m.CreatedAt).Scan(&id); err != nil {
			if s.db.d.uniqueViolation(err) {
				return &risk.Error{Kind: risk.ErrConflict, Field: "number", Message: risk.Bilingual("样品编号 "+m.Number+" 已被使用。", "sample number "+m.Number+" is in use.")}
			}
			return fmt.Errorf("store: insert monitoring sample: %w", err)
		}
		m.ID = risk.ID(id)
		for _, w := range m.Warnings {
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_sample_matches (sample_id, warning_id) VALUES ($1, $2)`, id, int64(w)); err != nil {
				return fmt.Errorf("store: insert monitoring sample match: %w", err)
			}
		}
		entries[0].EntityID = m.ID
		if err := appendAudit(ctx, tx, &entries[0]); err != nil {
			return err
		}
		if err := withdrawLiftProposals(ctx, tx, m); err != nil {
			return err
		}
		return raiseSignal(ctx, tx, m, sig, entries)
	})
}

// withdrawLiftProposals: a failed sample in a warning's scope undoes its
// lifting proposal, as a failed inspection does; the conditions are
// evaluated afresh.
func withdrawLiftProposals(ctx context.Context, tx *Tx, m *monitoring.Sample) error {
	if m.Conclusion != monitoring.Fail {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE warnings SET lift_proposed_at = NULL, lift_proposal = ''
		WHERE id IN (SELECT warning_id FROM monitoring_sample_matches WHERE sample_id = $1)`, int64(m.ID))
	return err
}

// SetResults stores the results of a pending sample with the signal a
// failure raises.
func (s *MonitoringStore) SetResults(ctx context.Context, m *monitoring.Sample, sig *signal.Signal, entries []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE monitoring_samples SET conclusion = $1, body = $2 WHERE id = $3 AND conclusion = 'pending'`,
			string(m.Conclusion), jsonText(m), int64(m.ID))
		if err != nil {
			return fmt.Errorf("store: update monitoring sample: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "results", Message: risk.Bilingual("该样品已有检测结果。", "the sample has its results already.")}
		}
		if err := appendAudit(ctx, tx, &entries[0]); err != nil {
			return err
		}
		if err := withdrawLiftProposals(ctx, tx, m); err != nil {
			return err
		}
		return raiseSignal(ctx, tx, m, sig, entries)
	})
}

// Hotspots counts the signals received since a time by HS heading, hazard
// and channel, and the current inspection results since then by HS
// heading and outcome.
func (s *MonitoringStore) Hotspots(ctx context.Context, since time.Time) ([]monitoring.Hotspot, error) {
	var out []monitoring.Hotspot
	rows, err := s.db.query(ctx, `SELECT substr(hs_code, 1, 4), hazard, channel, count(*) FROM signals
		WHERE received_at >= $1 AND length(hs_code) >= 4 GROUP BY substr(hs_code, 1, 4), hazard, channel`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: signal hotspots: %w", err)
	}
	for rows.Next() {
		var h monitoring.Hotspot
		if err := rows.Scan(&h.Heading, &h.Hazard, &h.Channel, &h.N); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hs := "substr(" + s.db.d.jsonField("lot", "hs_code") + ", 1, 4)"
	rows, err = s.db.query(ctx, `SELECT `+hs+`, result, count(*) FROM inspections
		WHERE inspected_at >= $1 AND superseded_by IS NULL GROUP BY `+hs+`, result`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: inspection hotspots: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h monitoring.Hotspot
		var heading sql.NullString
		var result string
		if err := rows.Scan(&heading, &result, &h.N); err != nil {
			return nil, err
		}
		h.Heading, h.Failed = heading.String, result == "fail"
		out = append(out, h)
	}
	return out, rows.Err()
}
