package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/report"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// ReportStore implements report.Store.
type ReportStore struct{ db *DB }

// Reports returns the report store.
func (db *DB) Reports() *ReportStore { return &ReportStore{db: db} }

var _ report.Store = (*ReportStore)(nil)

// hsMatch is the condition that col starts with one of the prefixes, with
// its arguments numbered from n.
func hsMatch(col string, prefixes []string, n int) (string, []any) {
	conds := make([]string, len(prefixes))
	args := make([]any, len(prefixes))
	for i, p := range prefixes {
		conds[i] = fmt.Sprintf("%s LIKE $%d", col, n+i)
		args[i] = p + "%"
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// counts runs a two-column (code, count) query.
func (s *ReportStore) counts(ctx context.Context, q string, args ...any) (map[string]int, error) {
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] += n
	}
	return out, rows.Err()
}

func overlaps(scope, prefixes []string) bool {
	for _, a := range scope {
		for _, b := range prefixes {
			if strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
				return true
			}
		}
	}
	return false
}

// Figures counts a group's records over a period.
func (s *ReportStore) Figures(ctx context.Context, prefixes []string, from, to time.Time) (*report.Counts, error) {
	if len(prefixes) == 0 {
		return nil, risk.Invalid("group", "商品组没有 HS 编码。", "the group has no HS codes.")
	}
	from, to = from.UTC(), to.UTC()
	f := &report.Counts{}
	lotHS := s.db.d.jsonField("i.lot", "hs_code")
	insHS, insArgs := hsMatch(lotHS, prefixes, 3)
	sigHS, sigArgs := hsMatch("s.hs_code", prefixes, 3)
	period := func(extra []any) []any { return append([]any{from, to}, extra...) }

	var err error
	f.Results, err = s.counts(ctx, `SELECT i.result, count(*) FROM inspections i WHERE i.superseded_by IS NULL AND i.inspected_at >= $1 AND i.inspected_at < $2 AND `+insHS+` GROUP BY i.result`, period(insArgs)...)
	if err != nil {
		return nil, err
	}
	f.Causes, err = s.counts(ctx, `SELECT COALESCE(s.hazard, ''), count(*) FROM inspections i LEFT JOIN signals s ON s.id = i.signal_id
		WHERE i.result = 'fail' AND i.superseded_by IS NULL AND i.inspected_at >= $1 AND i.inspected_at < $2 AND `+insHS+` GROUP BY COALESCE(s.hazard, '')`, period(insArgs)...)
	if err != nil {
		return nil, err
	}
	f.Findings, err = collect(func(r rowScanner) (x string, err error) { return x, r.Scan(&x) })(s.db.query(ctx,
		`SELECT i.findings FROM inspections i WHERE i.result = 'fail' AND i.superseded_by IS NULL AND i.findings <> '' AND i.inspected_at >= $1 AND i.inspected_at < $2 AND `+
			insHS+` ORDER BY i.inspected_at DESC, i.id DESC LIMIT 10`, period(insArgs)...))
	if err != nil {
		return nil, err
	}
	f.Channels, err = s.counts(ctx, `SELECT s.channel, count(*) FROM signals s WHERE s.received_at >= $1 AND s.received_at < $2 AND `+sigHS+` GROUP BY s.channel`, period(sigArgs)...)
	if err != nil {
		return nil, err
	}
	f.Hazards, err = s.counts(ctx, `SELECT s.hazard, count(*) FROM signals s WHERE s.hazard <> '' AND s.received_at >= $1 AND s.received_at < $2 AND `+sigHS+` GROUP BY s.hazard`, period(sigArgs)...)
	if err != nil {
		return nil, err
	}

	// Monitoring samples with their results in, by point.
	smpHS, smpArgs := hsMatch("m.hs_code", prefixes, 3)
	rows, err := s.db.query(ctx, `SELECT `+s.db.d.jsonField("p.body", "name")+`, m.conclusion, count(*) FROM monitoring_samples m JOIN monitoring_points p ON p.id = m.point_id
		WHERE m.conclusion <> 'pending' AND m.taken_at >= $1 AND m.taken_at < $2 AND `+smpHS+` GROUP BY p.code, `+s.db.d.jsonField("p.body", "name")+`, m.conclusion ORDER BY p.code`, period(smpArgs)...)
	if err != nil {
		return nil, fmt.Errorf("store: report samples: %w", err)
	}
	for rows.Next() {
		var name, conclusion string
		var n int
		if err := rows.Scan(&name, &conclusion, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if k := len(f.SamplePoints); k == 0 || f.SamplePoints[k-1].Point != name {
			f.SamplePoints = append(f.SamplePoints, report.PointCounts{Point: name})
		}
		if conclusion == "fail" {
			f.SamplePoints[len(f.SamplePoints)-1].Fail += n
		} else {
			f.SamplePoints[len(f.SamplePoints)-1].Passed += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Warnings: those whose scope covers the group, issued within the
	// trend's twelve months or still in force in them.
	trendFrom := from.In(risk.China).AddDate(0, -11, 0).UTC()
	ws, err := s.db.Warnings().many(ctx, `SELECT `+warningCols+` FROM warnings w WHERE w.issued_at IS NOT NULL AND w.issued_at < $1
		AND (w.ended_at IS NULL OR w.ended_at >= $2) ORDER BY w.issued_at`, to, trendFrom)
	if err != nil {
		return nil, err
	}
	f.ByGrade = map[string]int{}
	var ids []string
	var mine []*warning.Warning
	for _, w := range ws {
		if !overlaps(w.Scope.HSPrefixes, prefixes) {
			continue
		}
		mine = append(mine, w)
		if !w.IssuedAt.Before(from) {
			f.Issued++
			f.ByGrade[string(w.Grade)]++
		}
		if w.EndedAt == nil || !w.EndedAt.Before(from) {
			f.InForce = append(f.InForce, report.WarningBrief{ID: w.ID, Number: w.Number, Title: w.Title, Class: string(w.Class), Grade: w.Grade, Status: string(w.Status)})
			ids = append(ids, strconv.FormatInt(int64(w.ID), 10))
		}
	}
	if len(ids) > 0 {
		f.Measures, err = s.counts(ctx, `SELECT m.type, count(*) FROM measures m WHERE m.starts_at >= $1 AND m.starts_at < $2 AND m.warning_id IN (`+strings.Join(ids, ",")+`) GROUP BY m.type`, from, to)
		if err != nil {
			return nil, err
		}
	}

	// The trend: twelve months ending with the period.
	for k := 11; k >= 0; k-- {
		mFrom := from.In(risk.China).AddDate(0, -k, 0)
		mTo := mFrom.AddDate(0, 1, 0)
		m := report.MonthCounts{Month: mFrom.Format("2006-01")}
		args := append([]any{mFrom.UTC(), mTo.UTC()}, insArgs...)
		m.Results, err = s.counts(ctx, `SELECT i.result, count(*) FROM inspections i WHERE i.superseded_by IS NULL AND i.inspected_at >= $1 AND i.inspected_at < $2 AND `+insHS+` GROUP BY i.result`, args...)
		if err != nil {
			return nil, err
		}
		if err := s.db.queryRow(ctx, `SELECT count(*) FROM signals s WHERE s.received_at >= $1 AND s.received_at < $2 AND `+sigHS,
			append([]any{mFrom.UTC(), mTo.UTC()}, sigArgs...)...).Scan(&m.Signals); err != nil {
			return nil, err
		}
		for _, w := range mine {
			if !w.IssuedAt.Before(mFrom) && w.IssuedAt.Before(mTo) {
				m.Warnings++
			}
		}
		f.Trend = append(f.Trend, m)
	}
	return f, nil
}

// Save stores a report once per group and month.
func (s *ReportStore) Save(ctx context.Context, r *report.Report, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO reports (group_code, period_start, period_end, body, generated_at, generated_by)
			VALUES ($1, $2, $3, '{}', $4, $5) ON CONFLICT (group_code, period_start) DO NOTHING RETURNING id`,
			r.Group.Code, r.PeriodStart, r.PeriodEnd, r.GeneratedAt, r.GeneratedBy).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return risk.Errorf(risk.ErrConflict, "该商品组本月的报告已生成。 / The group's report for that month exists.")
		}
		if err != nil {
			return err
		}
		r.ID = risk.ID(id)
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET body = $1 WHERE id = $2`, jsonText(r), id); err != nil {
			return err
		}
		ae.EntityID = r.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func scanReport(row rowScanner) (*report.Report, error) {
	var id int64
	var body string
	if err := row.Scan(&id, &body); err != nil {
		return nil, err
	}
	var r report.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, fmt.Errorf("store: report %d: %w", id, err)
	}
	r.ID = risk.ID(id)
	return &r, nil
}

// Get returns a report.
func (s *ReportStore) Get(ctx context.Context, id risk.ID) (*report.Report, error) {
	r, err := scanReport(s.db.queryRow(ctx, `SELECT id, body FROM reports WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该报告。 / No such report.")
	}
	return r, err
}

// Exists reports whether a group's report of a month is stored.
func (s *ReportStore) Exists(ctx context.Context, group string, from time.Time) (bool, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM reports WHERE group_code = $1 AND period_start = $2`, group, from.UTC()).Scan(&n)
	return n > 0, err
}

// List lists reports, newest period first.
func (s *ReportStore) List(ctx context.Context, group string, limit int) ([]*report.Report, error) {
	var w where
	if group != "" {
		w.add("group_code = ?", group)
	}
	return collect(scanReport)(s.db.query(ctx, `SELECT id, body FROM reports`+w.sql()+` ORDER BY period_start DESC, group_code`+w.page(limit, 0), w.args...))
}
