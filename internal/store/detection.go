package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/detection"
	"riskgate/internal/injury"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// DetectionStore implements detection.Store.
type DetectionStore struct{ db *DB }

// Detection returns the detection store.
func (db *DB) Detection() *DetectionStore { return &DetectionStore{db: db} }

var _ detection.Store = (*DetectionStore)(nil)

const detectorCols = `id, name, group_by, channels, period, method, params, suppress_days, dept, active, created_by, created_at, last_run_at`

func scanDetector(row interface{ Scan(...any) error }) (*detection.Detector, error) {
	var d detection.Detector
	var id int64
	var groupBy, channels, params string
	var last sql.NullTime
	if err := row.Scan(&id, &d.Name, &groupBy, &channels, &d.Period, &d.Method, &params, &d.SuppressDays, &d.Dept,
		&d.Active, &d.CreatedBy, &d.CreatedAt, &last); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, risk.ErrNotFound
		}
		return nil, err
	}
	d.ID = risk.ID(id)
	d.GroupBy = splitList(groupBy)
	d.Channels = splitList(channels)
	if err := json.Unmarshal([]byte(params), &d.Params); err != nil {
		return nil, fmt.Errorf("store: detector %d params: %w", id, err)
	}
	d.CreatedAt = d.CreatedAt.UTC()
	d.LastRunAt = nullTimePtr(last)
	if d.LastRunAt != nil {
		t := d.LastRunAt.UTC()
		d.LastRunAt = &t
	}
	return &d, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// CreateDetector inserts a detector and its audit entry.
func (s *DetectionStore) CreateDetector(ctx context.Context, d *detection.Detector, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO detectors (name, group_by, channels, period, method, params, suppress_days, dept, active, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			d.Name, strings.Join(d.GroupBy, ","), strings.Join(d.Channels, ","), d.Period, d.Method, jsonText(d.Params),
			d.SuppressDays, d.Dept, d.Active, d.CreatedBy, d.CreatedAt.UTC()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: insert detector: %w", err)
		}
		d.ID = risk.ID(id)
		ae.EntityID = d.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// UpdateDetector replaces a detector's configuration.
func (s *DetectionStore) UpdateDetector(ctx context.Context, d *detection.Detector, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE detectors SET name = $1, group_by = $2, channels = $3, period = $4, method = $5, params = $6,
			suppress_days = $7, active = $8 WHERE id = $9`,
			d.Name, strings.Join(d.GroupBy, ","), strings.Join(d.Channels, ","), d.Period, d.Method, jsonText(d.Params),
			d.SuppressDays, d.Active, int64(d.ID))
		if err != nil {
			return fmt.Errorf("store: update detector: %w", err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return risk.ErrNotFound
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Detector returns one detector.
func (s *DetectionStore) Detector(ctx context.Context, id risk.ID) (*detection.Detector, error) {
	return scanDetector(s.db.queryRow(ctx, `SELECT `+detectorCols+` FROM detectors WHERE id = $1`, int64(id)))
}

// Detectors returns all detectors by id.
func (s *DetectionStore) Detectors(ctx context.Context) ([]*detection.Detector, error) {
	return collect(scanDetector)(s.db.query(ctx, `SELECT `+detectorCols+` FROM detectors ORDER BY id`))
}

// Events returns what detectors count of the signals received in
// [from, to).
func (s *DetectionStore) Events(ctx context.Context, from, to time.Time, channels []string) ([]detection.Event, error) {
	q := `SELECT received_at, hs_code, hazard, region, channel, origin FROM signals
		WHERE received_at >= $1 AND received_at < $2 AND channel <> $3`
	args := []any{from.UTC(), to.UTC(), detection.AlarmChannel}
	if len(channels) > 0 {
		ph := make([]string, len(channels))
		for i, c := range channels {
			args = append(args, c)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		q += ` AND channel IN (` + strings.Join(ph, ", ") + `)`
	}
	// Injury records count on their channel like signals do.
	if len(channels) == 0 || slices.Contains(channels, injury.Channel) {
		q += ` UNION ALL SELECT treatment_date, hs_code, hazard, '', '` + injury.Channel + `', '' FROM injury_records
			WHERE treatment_date >= $1 AND treatment_date < $2`
	}
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []detection.Event
	for rows.Next() {
		var e detection.Event
		if err := rows.Scan(&e.At, &e.HSCode, &e.Hazard, &e.Region, &e.Channel, &e.Origin); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordRun stores a run's alarms; see detection.Store.
func (s *DetectionStore) RecordRun(ctx context.Context, d *detection.Detector, at time.Time, alarms []*detection.Alarm,
	raise func(*detection.Alarm) (*signal.Signal, audit.Entry), ae audit.Entry) ([]*detection.Alarm, error) {
	sort.SliceStable(alarms, func(i, j int) bool { return alarms[i].PeriodStart.Before(alarms[j].PeriodStart) })
	var stored []*detection.Alarm
	err := s.db.Transact(ctx, func(tx *Tx) error {
		stored = stored[:0]
		now := tx.Now()
		var log []audit.Entry
		for _, al := range alarms {
			var exists int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM detection_alarms WHERE detector_id = $1 AND group_key = $2 AND period_start = $3`,
				int64(d.ID), al.Group, al.PeriodStart.UTC()).Scan(&exists)
			if err != nil {
				return err
			}
			if exists > 0 {
				continue
			}
			// Suppressed when the series raised a signal for a period
			// that started within the window before this one.
			var recent int
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM detection_alarms WHERE detector_id = $1 AND group_key = $2
				AND signal_id IS NOT NULL AND period_start < $3 AND period_start >= $4`,
				int64(d.ID), al.Group, al.PeriodStart.UTC(), al.PeriodStart.UTC().AddDate(0, 0, -d.SuppressDays)).Scan(&recent)
			if err != nil {
				return err
			}
			al.Suppressed, al.SignalID, al.CreatedAt = recent > 0, 0, now
			var signalID any
			if !al.Suppressed {
				g, se := raise(al)
				if _, err := insertSignals(ctx, tx, []*signal.Signal{g}, []audit.Entry{se}); err != nil {
					return err
				}
				al.SignalID, signalID = g.ID, int64(g.ID)
			}
			var pv any
			if al.PValue != nil {
				pv = *al.PValue
			}
			var id int64
			err = tx.QueryRowContext(ctx, `INSERT INTO detection_alarms (detector_id, group_key, period_start, observed, expected, upper_bound,
				score, p_value, method, params, signal_id, suppressed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
				int64(d.ID), al.Group, al.PeriodStart.UTC(), al.Observed, al.Expected, al.UpperBound, al.Score, pv, al.Method,
				jsonText(al.Params), signalID, al.Suppressed, now).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: insert alarm: %w", err)
			}
			al.ID = risk.ID(id)
			e := ae
			e.Action, e.Entity, e.EntityID = "detection.alarm", "detection_alarm", al.ID
			e.Summary = fmt.Sprintf("统计预警 %s %s", al.Group, al.PeriodStart.In(risk.China).Format(time.DateOnly))
			e = e.WithChange(nil, al)
			log = append(log, e)
			stored = append(stored, al)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE detectors SET last_run_at = $1 WHERE id = $2`, at.UTC(), int64(d.ID)); err != nil {
			return err
		}
		log = append(log, ae)
		return appendAuditBatch(ctx, tx, log)
	})
	return stored, err
}

// Alarms lists alarms newest period first.
func (s *DetectionStore) Alarms(ctx context.Context, f detection.AlarmFilter) ([]*detection.Alarm, error) {
	q := `SELECT id, detector_id, group_key, period_start, observed, expected, upper_bound, score, p_value, method, params,
		signal_id, suppressed, created_at FROM detection_alarms WHERE 1 = 1`
	var args []any
	if f.DetectorID != 0 {
		args = append(args, int64(f.DetectorID))
		q += fmt.Sprintf(" AND detector_id = $%d", len(args))
	}
	if f.Group != "" {
		args = append(args, f.Group)
		q += fmt.Sprintf(" AND group_key = $%d", len(args))
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(" ORDER BY period_start DESC, id DESC LIMIT $%d", len(args))
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*detection.Alarm
	for rows.Next() {
		var a detection.Alarm
		var id, det int64
		var pv sql.NullFloat64
		var sig sql.NullInt64
		var params string
		if err := rows.Scan(&id, &det, &a.Group, &a.PeriodStart, &a.Observed, &a.Expected, &a.UpperBound, &a.Score, &pv,
			&a.Method, &params, &sig, &a.Suppressed, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.ID, a.DetectorID, a.SignalID = risk.ID(id), risk.ID(det), risk.ID(sig.Int64)
		if pv.Valid {
			a.PValue = &pv.Float64
		}
		if err := json.Unmarshal([]byte(params), &a.Params); err != nil {
			return nil, err
		}
		a.PeriodStart, a.CreatedAt = a.PeriodStart.UTC(), a.CreatedAt.UTC()
		out = append(out, &a)
	}
	return out, rows.Err()
}
