package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/emergency"
	"riskgate/internal/risk"
)

// EmergencyStore implements emergency.Store.
type EmergencyStore struct{ db *DB }

// Emergency returns the store of emergency plans, incidents and drills.
func (db *DB) Emergency() *EmergencyStore { return &EmergencyStore{db: db} }

var _ emergency.Store = (*EmergencyStore)(nil)

// scanBody reads the id, JSON body, times and revision of a record into v.
func scanBody(row rowScanner, v any) (id int64, created, updated time.Time, rev int, err error) {
	var body string
	if err = row.Scan(&id, &body, &created, &updated, &rev); err != nil {
		return
	}
	if err = json.Unmarshal([]byte(body), v); err != nil {
		err = fmt.Errorf("store: %T %d: %w", v, id, err)
	}
	return id, created.UTC(), updated.UTC(), rev, err
}

func conflict(zh, en string) error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual(zh, en)}
}

const emergencyPlanCols = `id, body, created_at, updated_at, rev`

func scanEmergencyPlan(row rowScanner) (*emergency.Plan, error) {
	var p emergency.Plan
	id, created, updated, rev, err := scanBody(row, &p)
	if err != nil {
		return nil, err
	}
	p.ID, p.CreatedAt, p.UpdatedAt, p.Rev = risk.ID(id), created, updated, rev
	return &p, nil
}

// CreatePlan inserts p with its audit entry.
func (s *EmergencyStore) CreatePlan(ctx context.Context, p *emergency.Plan, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO emergency_plans (title, hazard, lead, body, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			p.Title, string(p.Hazard), p.Lead, jsonText(p), p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.Rev).Scan(&id); err != nil {
			return fmt.Errorf("store: insert emergency plan: %w", err)
		}
		p.ID = risk.ID(id)
		ae.EntityID = p.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdatePlan writes p under its revision with its audit entry.
func (s *EmergencyStore) UpdatePlan(ctx context.Context, p *emergency.Plan, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE emergency_plans SET title = $1, hazard = $2, lead = $3, body = $4, updated_at = $5, rev = $6
			WHERE id = $7 AND rev = $8`, p.Title, string(p.Hazard), p.Lead, jsonText(p), p.UpdatedAt.UTC(), p.Rev, int64(p.ID), p.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update emergency plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("预案已被他人修改，请刷新后重试。", "the plan was changed by someone else; reload and try again.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Plan returns one plan.
func (s *EmergencyStore) Plan(ctx context.Context, id risk.ID) (*emergency.Plan, error) {
	p, err := scanEmergencyPlan(s.db.queryRow(ctx, `SELECT `+emergencyPlanCols+` FROM emergency_plans WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该应急预案。 / No such emergency plan.")
	}
	return p, err
}

// Plans lists plans by title.
func (s *EmergencyStore) Plans(ctx context.Context, f emergency.PlanFilter) ([]*emergency.Plan, int, error) {
	var w where
	if f.Hazard != "" {
		w.add("hazard = ?", string(f.Hazard))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM emergency_plans`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count emergency plans: %w", err)
	}
	ps, err := collect(scanEmergencyPlan)(s.db.query(ctx, `SELECT `+emergencyPlanCols+` FROM emergency_plans`+w.sql()+` ORDER BY hazard, id`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list emergency plans: %w", err)
	}
	return ps, total, nil
}

const incidentCols = `id, body, opened_at, updated_at, rev`

func scanIncident(row rowScanner) (*emergency.Incident, error) {
	var inc emergency.Incident
	id, opened, updated, rev, err := scanBody(row, &inc)
	if err != nil {
		return nil, err
	}
	inc.ID, inc.OpenedAt, inc.UpdatedAt, inc.Rev = risk.ID(id), opened, updated, rev
	return &inc, nil
}

// writeTasks rewrites the task index of an incident.
func writeTasks(ctx context.Context, tx *Tx, inc *emergency.Incident) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM emergency_tasks WHERE incident_id = $1`, int64(inc.ID)); err != nil {
		return fmt.Errorf("store: clear emergency tasks: %w", err)
	}
	for _, t := range inc.Tasks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO emergency_tasks (incident_id, seq, dept, due, status) VALUES ($1, $2, $3, $4, $5)`,
			int64(inc.ID), t.Seq, t.Dept, t.Due.UTC(), string(t.Status)); err != nil {
			return fmt.Errorf("store: insert emergency task: %w", err)
		}
	}
	return nil
}

// CreateIncident inserts inc, its tasks and audit entries, and the drill
// it runs when d is not nil.
func (s *EmergencyStore) CreateIncident(ctx context.Context, inc *emergency.Incident, ae []audit.Entry, d *emergency.Drill) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO emergency_incidents (plan_id, status, drill, depts, body, opened_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			int64(inc.PlanID), string(inc.Status), inc.Drill, jsonText(inc.Depts), jsonText(inc), inc.OpenedAt.UTC(), inc.UpdatedAt.UTC(), inc.Rev).Scan(&id); err != nil {
			return fmt.Errorf("store: insert emergency incident: %w", err)
		}
		inc.ID = risk.ID(id)
		if err := writeTasks(ctx, tx, inc); err != nil {
			return err
		}
		for i := range ae {
			if ae[i].Entity == "emergency_incident" {
				ae[i].EntityID = inc.ID
			}
		}
		if d != nil {
			d.IncidentID = inc.ID
			if err := updateDrill(ctx, tx, d); err != nil {
				return err
			}
		}
		return appendAuditBatch(ctx, tx, ae)
	})
}

// UpdateIncident writes inc under its revision with its tasks and audit
// entries.
func (s *EmergencyStore) UpdateIncident(ctx context.Context, inc *emergency.Incident, ae []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE emergency_incidents SET status = $1, depts = $2, body = $3, updated_at = $4, rev = $5
			WHERE id = $6 AND rev = $7`, string(inc.Status), jsonText(inc.Depts), jsonText(inc), inc.UpdatedAt.UTC(), inc.Rev, int64(inc.ID), inc.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update emergency incident: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("突发事件已被他人更新，请刷新后重试。", "the incident was changed by someone else; reload and try again.")
		}
		if err := writeTasks(ctx, tx, inc); err != nil {
			return err
		}
		return appendAuditBatch(ctx, tx, ae)
	})
}

// Incident returns one incident.
func (s *EmergencyStore) Incident(ctx context.Context, id risk.ID) (*emergency.Incident, error) {
	inc, err := scanIncident(s.db.queryRow(ctx, `SELECT `+incidentCols+` FROM emergency_incidents WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该突发事件。 / No such incident.")
	}
	return inc, err
}

// deptIn is the condition that a JSON list of departments holds dept.
func deptIn(w *where, dept string) {
	w.add("depts LIKE ? ESCAPE '\\'", "%\""+escapeLike(dept)+"\"%")
}

// Incidents lists matching incidents, newest first.
func (s *EmergencyStore) Incidents(ctx context.Context, f emergency.IncidentFilter) ([]*emergency.Incident, int, error) {
	var w where
	if f.Dept != "" {
		deptIn(&w, f.Dept)
	}
	if f.PlanID != 0 {
		w.add("plan_id = ?", int64(f.PlanID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Drill != nil {
		w.add("drill = ?", *f.Drill)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM emergency_incidents`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count emergency incidents: %w", err)
	}
	incs, err := collect(scanIncident)(s.db.query(ctx, `SELECT `+incidentCols+` FROM emergency_incidents`+w.sql()+` ORDER BY opened_at DESC, id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list emergency incidents: %w", err)
	}
	return incs, total, nil
}

// Tasks counts the open tasks of dept ("" every department) and those due
// before now.
func (s *EmergencyStore) Tasks(ctx context.Context, dept string, now time.Time) (open, overdue int, err error) {
	var w where
	w.add("status = ?", string(emergency.TaskOpen))
	if dept != "" {
		w.add("dept = ?", dept)
	}
	n := len(w.args) + 1
	err = s.db.queryRow(ctx, fmt.Sprintf(`SELECT count(*), COALESCE(SUM(CASE WHEN due < $%d THEN 1 ELSE 0 END), 0) FROM emergency_tasks`, n)+w.sql(),
		append(w.args, now.UTC())...).Scan(&open, &overdue)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count emergency tasks: %w", err)
	}
	return open, overdue, nil
}

const drillCols = `id, body, created_at, updated_at, rev`

func scanDrill(row rowScanner) (*emergency.Drill, error) {
	var d emergency.Drill
	id, created, updated, rev, err := scanBody(row, &d)
	if err != nil {
		return nil, err
	}
	d.ID, d.CreatedAt, d.UpdatedAt, d.Rev = risk.ID(id), created, updated, rev
	return &d, nil
}

// CreateDrill inserts d with its audit entry.
func (s *EmergencyStore) CreateDrill(ctx context.Context, d *emergency.Drill, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO emergency_drills (plan_id, port, status, scheduled_on, depts, body, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			int64(d.PlanID), d.Port, string(d.Status), d.ScheduledOn, jsonText(d.Depts), jsonText(d), d.CreatedAt.UTC(), d.UpdatedAt.UTC(), d.Rev).Scan(&id); err != nil {
			return fmt.Errorf("store: insert emergency drill: %w", err)
		}
		d.ID = risk.ID(id)
		ae.EntityID = d.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func updateDrill(ctx context.Context, tx *Tx, d *emergency.Drill) error {
	res, err := tx.ExecContext(ctx, `UPDATE emergency_drills SET status = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
		string(d.Status), jsonText(d), d.UpdatedAt.UTC(), d.Rev, int64(d.ID), d.Rev-1)
	if err != nil {
		return fmt.Errorf("store: update emergency drill: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("演练已被他人更新，请刷新后重试。", "the drill was changed by someone else; reload and try again.")
	}
	return nil
}

// UpdateDrill writes d under its revision with its audit entry.
func (s *EmergencyStore) UpdateDrill(ctx context.Context, d *emergency.Drill, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if err := updateDrill(ctx, tx, d); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Drill returns one drill.
func (s *EmergencyStore) Drill(ctx context.Context, id risk.ID) (*emergency.Drill, error) {
	d, err := scanDrill(s.db.queryRow(ctx, `SELECT `+drillCols+` FROM emergency_drills WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该应急演练。 / No such drill.")
	}
	return d, err
}

// Drills lists matching drills by day, the latest first.
func (s *EmergencyStore) Drills(ctx context.Context, f emergency.DrillFilter) ([]*emergency.Drill, int, error) {
	var w where
	if f.Dept != "" {
		deptIn(&w, f.Dept)
	}
	if f.PlanID != 0 {
		w.add("plan_id = ?", int64(f.PlanID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Before != "" {
		w.add("scheduled_on < ?", f.Before)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM emergency_drills`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count emergency drills: %w", err)
	}
	ds, err := collect(scanDrill)(s.db.query(ctx, `SELECT `+drillCols+` FROM emergency_drills`+w.sql()+` ORDER BY scheduled_on DESC, id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list emergency drills: %w", err)
	}
	return ds, total, nil
}
