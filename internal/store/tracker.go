package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/tracker"
)

// TrackerStore implements tracker.Store.
type TrackerStore struct{ db *DB }

// Tracker returns the tracker store.
func (db *DB) Tracker() *TrackerStore { return &TrackerStore{db: db} }

var _ tracker.Store = (*TrackerStore)(nil)

// SubmitReport inserts a report with its audit entry.
func (s *TrackerStore) SubmitReport(ctx context.Context, r *tracker.Report, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO tracker_reports (task, unit, quarter, late, body, submitted_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, r.Task, r.Unit, r.Quarter, r.Late, jsonText(r), r.SubmittedAt).Scan(&id); err != nil {
			if s.db.d.uniqueViolation(err) {
				return &risk.Error{Kind: risk.ErrConflict, Field: "quarter", Message: risk.Bilingual("该单位已报送本任务 "+r.Quarter+" 的进展。",
					"the unit has already reported on this task for "+r.Quarter+".")}
			}
			return fmt.Errorf("store: insert tracker report: %w", err)
		}
		r.ID = risk.ID(id)
		ae.EntityID = r.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Reports lists reports, newest quarter first, then by task and unit.
func (s *TrackerStore) Reports(ctx context.Context, f tracker.ReportFilter) ([]*tracker.Report, error) {
	var w where
	if f.Task != "" {
		w.add("task = ?", f.Task)
	}
	if f.Unit != "" {
		w.add("unit = ?", f.Unit)
	}
	if f.Since != "" {
		w.add("quarter >= ?", f.Since) // 2025Q4 < 2026Q1: the text sorts as the quarters do
	}
	return collect(func(row rowScanner) (*tracker.Report, error) {
		var id int64
		var body string
		if err := row.Scan(&id, &body); err != nil {
			return nil, err
		}
		var r tracker.Report
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("store: tracker report %d: %w", id, err)
		}
		r.ID = risk.ID(id)
		r.SubmittedAt = r.SubmittedAt.UTC()
		return &r, nil
	})(s.db.query(ctx, `SELECT id, body FROM tracker_reports`+w.sql()+` ORDER BY quarter DESC, task, submitted_at DESC, id DESC`, w.args...))
}

// trackerCounts are the queries of the tracker's metrics: $1 is the start
// of the period as a time, or as a day (YYYY-MM-DD, China time) for the
// queries marked "day:" whose columns hold days.
var trackerCounts = map[tracker.Metric]string{
	tracker.MetricMonitoringPlans:    `SELECT count(DISTINCT plan_id) FROM monitoring_plan_versions WHERE at >= $1`,
	tracker.MetricMonitoringSamples:  `SELECT count(*) FROM monitoring_samples WHERE taken_at >= $1`,
	tracker.MetricSignals:            `SELECT count(*) FROM signals WHERE received_at >= $1`,
	tracker.MetricSignalChannels:     `SELECT count(DISTINCT channel) FROM signals WHERE received_at >= $1`,
	tracker.MetricMonitoringPoints:   `SELECT count(*) FROM monitoring_points WHERE status = 'active'`,
	tracker.MetricForeignRecords:     `SELECT count(*) FROM foreign_records WHERE imported_at >= $1`,
	tracker.MetricInjuryRecords:      `SELECT count(*) FROM injury_records WHERE imported_at >= $1`,
	tracker.MetricSignalsShared:      `SELECT count(*) FROM signals WHERE channel = 'inter-department' AND received_at >= $1`,
	tracker.MetricLabs:               `SELECT count(*) FROM labs`,
	tracker.MetricAssessmentsSubmit:  `SELECT count(*) FROM assessments WHERE submitted_at >= $1`,
	tracker.MetricAssessmentsApprove: `SELECT count(*) FROM assessments WHERE status IN ('approved', 'superseded') AND decided_at >= $1`,
	tracker.MetricQualityReports:     `SELECT count(*) FROM reports WHERE generated_at >= $1`,
	tracker.MetricWarningsBulletin:   `SELECT count(*) FROM warnings WHERE class = 'bulletin' AND issued_at >= $1`,
	tracker.MetricWarningsNotice:     `SELECT count(*) FROM warnings WHERE class = 'notice' AND issued_at >= $1`,
	tracker.MetricWarningsAnnounce:   `SELECT count(*) FROM warnings WHERE class = 'announcement' AND issued_at >= $1`,
	tracker.MetricWarningsLifted:     `SELECT count(*) FROM warnings WHERE ended_at >= $1`,
	tracker.MetricPublicationsPublic: `SELECT count(*) FROM publications WHERE public AND sent >= $1`,
	tracker.MetricMeasuresStarted:    `SELECT count(*) FROM measures WHERE starts_at >= $1`,
	tracker.MetricRecallsOpened:      `SELECT count(*) FROM recalls WHERE created_at >= $1`,
	tracker.MetricRecallsCompleted:   `day:SELECT count(*) FROM recalls WHERE completed_on <> '' AND completed_on >= $1`,
	tracker.MetricCreditEvents:       `SELECT count(*) FROM credit_events WHERE created_at >= $1`,
	tracker.MetricInterviews:         `day:SELECT count(*) FROM interviews WHERE held_on >= $1`,
	tracker.MetricPenalties:          `day:SELECT count(*) FROM penalties WHERE decided_on >= $1`,
	tracker.MetricSelfDeclarations:   `SELECT count(*) FROM self_declarations WHERE created_at >= $1`,
	tracker.MetricAnswers:            `SELECT count(*) FROM answers WHERE created_at >= $1`,
	tracker.MetricTBTNotifications:   `SELECT count(*) FROM tbt_notifications WHERE created_at >= $1`,
	tracker.MetricTBTStudies:         `SELECT count(*) FROM tbt_studies WHERE created_at >= $1`,
	tracker.MetricLabReports:         `SELECT count(*) FROM lab_reports WHERE created_at >= $1`,
	tracker.MetricLabCrossChecks:     `SELECT count(*) FROM lab_crosschecks WHERE created_at >= $1`,
	tracker.MetricTraceEvents:        `SELECT count(*) FROM trace_events WHERE record_time >= $1`,
}

// Count counts each metric since a time.
func (s *TrackerStore) Count(ctx context.Context, metrics []tracker.Metric, since time.Time) (map[tracker.Metric]int, error) {
	out := map[tracker.Metric]int{}
	day := since.In(risk.China).Format("2006-01-02")
	for _, m := range metrics {
		q, ok := trackerCounts[m]
		if !ok {
			return nil, fmt.Errorf("store: tracker metric %s is not counted", m)
		}
		var args []any
		if rest, ok := strings.CutPrefix(q, "day:"); ok {
			q, args = rest, []any{day}
		} else if strings.Contains(q, "$1") {
			args = []any{since.UTC()}
		}
		var n int
		if err := s.db.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: tracker metric %s: %w", m, err)
		}
		out[m] = n
	}
	return out, nil
}
