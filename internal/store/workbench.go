package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/matching"
	"riskgate/internal/workbench"
)

// WorkbenchStore implements workbench.Store: counts, in one consistent read.
type WorkbenchStore struct{ db *DB }

var _ workbench.Store = (*WorkbenchStore)(nil)

// Workbench returns the workbench's counts.
func (db *DB) Workbench() *WorkbenchStore { return &WorkbenchStore{db: db} }

// counter runs count queries inside one read transaction.
type counter struct {
	ctx context.Context
	tx  *sql.Tx
	err error
}

func (c *counter) one(into *int, q string, args ...any) {
	if c.err != nil {
		return
	}
	if err := c.tx.QueryRowContext(c.ctx, q, args...).Scan(into); err != nil {
		c.err = fmt.Errorf("workbench: %w", err)
	}
}

func (c *counter) group(into map[string]int, q string, args ...any) {
	if c.err != nil {
		return
	}
	rows, err := c.tx.QueryContext(c.ctx, q, args...)
	if err != nil {
		c.err = fmt.Errorf("workbench: %w", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			c.err = err
			return
		}
		into[k] += n
	}
	c.err = rows.Err()
}

func (c *counter) times(into *[]time.Time, q string, args ...any) {
	if c.err != nil {
		return
	}
	rows, err := c.tx.QueryContext(c.ctx, q, args...)
	if err != nil {
		c.err = fmt.Errorf("workbench: %w", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			c.err = err
			return
		}
		*into = append(*into, t.UTC())
	}
	c.err = rows.Err()
}

// weekCase is a CASE expression that numbers the week col falls in, from
// 0 (the oldest) to weeks-2, given weeks boundaries as the arguments that
// follow the first n; rows outside them are filtered by the caller.
func weekCase(col string, n int, weeks int) string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i < weeks-1; i++ {
		fmt.Fprintf(&b, " WHEN %s < $%d THEN '%d'", col, n+1+i, i-1)
	}
	fmt.Fprintf(&b, " ELSE '%d' END", weeks-2)
	return b.String()
}

// Counts implements workbench.Store.
func (s *WorkbenchStore) Counts(ctx context.Context, q workbench.Query) (*workbench.Counts, error) {
	tx, err := s.db.r.BeginTx(ctx, s.db.d.snapshot())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c := &counter{ctx: ctx, tx: tx}
	out := &workbench.Counts{NewSignals: map[string]int{}, OwnSignals: map[string]int{}, InForce: map[string]int{},
		SignalsByPrefecture: map[string]int{}, WarningsByPrefecture: map[string]int{}}
	has := q.Figures
	// dept is a condition on a department column with its argument as $1;
	// administrators see every department.
	// ("OR TRUE" keeps $1 in the statement, typed, for PostgreSQL.)
	dept := func(col string) string {
		if q.AllDepts {
			return "(" + col + " = $1 OR TRUE)"
		}
		return col + " = $1"
	}
	if has[workbench.FigNewSignals] {
		c.group(out.NewSignals, `SELECT channel, count(*) FROM signals WHERE `+dept("dept")+` AND status = 'new' GROUP BY channel`, q.Dept)
	}
	if has[workbench.FigAlarms] {
		c.one(&out.NewAlarms, `SELECT count(*) FROM detection_alarms a JOIN detectors d ON d.id = a.detector_id
			WHERE `+dept("d.dept")+` AND a.created_at >= $2 AND NOT a.suppressed`, q.Dept, q.AlarmsSince)
	}
	if has[workbench.FigMatches] {
		c.one(&out.Matches, `SELECT count(*) FROM match_candidates m JOIN signals s ON s.id = m.signal_id
			WHERE `+dept("s.dept")+` AND m.status IN (`+matching.OpenSQL+`)`, q.Dept)
	}
	if has[workbench.FigCases] {
		c.one(&out.MyCases, `SELECT count(*) FROM cases WHERE assignee_id = $1 AND status = 'open'`, int64(q.UserID))
		c.one(&out.UnassignedCases, `SELECT count(*) FROM cases WHERE `+dept("dept")+` AND assignee_id IS NULL AND status = 'open'`, q.Dept)
	}
	if has[workbench.FigDrafts] {
		c.one(&out.DraftAssessments, `SELECT count(*) FROM assessments a JOIN cases c ON c.id = a.case_id
			WHERE `+dept("a.dept")+` AND a.status IN ('draft', 'returned') AND c.status = 'open'`, q.Dept)
		c.one(&out.DraftWarnings, `SELECT count(*) FROM warnings WHERE `+dept("dept")+` AND status = 'draft'`, q.Dept)
	}
	if has[workbench.FigApprovals] {
		c.one(&out.AssessmentsToApprove, `SELECT count(*) FROM assessments WHERE `+dept("dept")+` AND status = 'submitted'`, q.Dept)
		c.one(&out.WarningsToApprove, `SELECT count(*) FROM warnings WHERE `+dept("dept")+` AND status = 'review'`, q.Dept)
		c.one(&out.LiftProposals, `SELECT count(*) FROM warnings WHERE `+dept("dept")+`
			AND status IN ('issued', 'referred') AND lift_proposed_at IS NOT NULL`, q.Dept)
		c.one(&out.Referrals, `SELECT count(*) FROM warnings WHERE `+dept("dept")+` AND status = 'referred'`, q.Dept)
	}
	if has[workbench.FigMeasures] {
		// Measures the department leads or supports (supporting is a JSON
		// array of codes), still to be done.
		cond := `(lead = $1 OR supporting LIKE $2 ESCAPE '\') AND status IN ('planned', 'in_force') AND deadline IS NOT NULL`
		if q.AllDepts {
			cond = `(lead = $1 OR supporting LIKE $2 ESCAPE '\' OR TRUE) AND status IN ('planned', 'in_force') AND deadline IS NOT NULL`
		}
		like := "%\"" + escapeLike(q.Dept) + "\"%"
		c.one(&out.MeasuresOverdue, `SELECT count(*) FROM measures WHERE `+cond+` AND deadline < $3`, q.Dept, like, q.Now)
		c.one(&out.MeasuresDue, `SELECT count(*) FROM measures WHERE `+cond+` AND deadline >= $3 AND deadline < $4`, q.Dept, like, q.Now, q.DueBy)
	}
	if has[workbench.FigDeclarations] {
		c.one(&out.DeclarationsWaiting, `SELECT count(*) FROM declarations d WHERE d.decision <> 'release'
			AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.declaration_ref = d.number)`)
	}
	if has[workbench.FigPetitions] {
		c.one(&out.PetitionsToReview, `SELECT count(*) FROM petitions WHERE (dept = $1 OR issuer_dept = $1) AND status = 'submitted'`, q.Dept)
	}
	if has[workbench.FigOwn] && q.EnterpriseID != 0 {
		c.one(&out.PetitionsMoreRequested, `SELECT count(*) FROM petitions WHERE enterprise_id = $1 AND status = 'more_requested'`, int64(q.EnterpriseID))
	}
	if has[workbench.FigInbox] && q.Inbox != "" {
		c.one(&out.InboxUnread, `SELECT count(*) FROM warning_deliveries WHERE recipient = $1 AND ack_at IS NULL`, q.Inbox)
	}
	if has[workbench.FigFollowups] && q.Inbox != "" {
		// Issued 通报 naming the department among their recipients (a JSON
		// array of codes; the issuer's own inbox holds its 通报 too), with
		// no follow-up of the department yet.
		c.times(&out.FollowupsAwaited, `SELECT w.issued_at FROM warning_deliveries d JOIN warnings w ON w.id = d.warning_id
			WHERE d.recipient = $1 AND w.class = 'bulletin' AND w.issued_at IS NOT NULL AND w.recipients LIKE $3 ESCAPE '\'
			AND NOT EXISTS (SELECT 1 FROM warning_followups f WHERE f.warning_id = w.id AND f.dept = $2)`,
			q.Inbox, q.Dept, "%\""+escapeLike(q.Dept)+"\"%")
	}
	if has[workbench.FigOwn] {
		c.group(out.OwnSignals, `SELECT status, count(*) FROM signals WHERE created_by_id = $1 GROUP BY status`, int64(q.UserID))
		if q.LabID != 0 {
			c.one(&out.OwnInspections, `SELECT count(*) FROM inspections WHERE lab_id = $1`, int64(q.LabID))
		}
	}
	if has[workbench.FigPicture] && len(q.Weeks) > 1 {
		// Warnings the user may read: the department's own and those
		// delivered to it; public announcements are everyone's.
		visible := `(w.dept = $1 OR w.class = 'announcement' OR w.id IN (SELECT warning_id FROM warning_deliveries WHERE recipient = 'dept:' || $1))`
		if q.AllDepts {
			visible = `(w.dept = $1 OR TRUE)`
		}
		c.group(out.InForce, `SELECT w.grade, count(*) FROM warnings w WHERE w.status IN ('issued', 'referred') AND `+visible+` GROUP BY w.grade`, q.Dept)
		weeks := make([]any, 0, len(q.Weeks)+1)
		weeks = append(weeks, q.Dept)
		for _, t := range q.Weeks {
			weeks = append(weeks, t)
		}
		last := len(q.Weeks) + 1 // argument number of the end
		sw, ww := map[string]int{}, map[string]int{}
		c.group(sw, `SELECT `+weekCase("received_at", 1, len(q.Weeks))+`, count(*) FROM signals
			WHERE `+dept("dept")+` AND received_at >= $2 AND received_at < $`+fmt.Sprint(last)+` GROUP BY 1`, weeks...)
		c.group(ww, `SELECT `+weekCase("w.issued_at", 1, len(q.Weeks))+`, count(*) FROM warnings w
			WHERE `+visible+` AND w.issued_at >= $2 AND w.issued_at < $`+fmt.Sprint(last)+` GROUP BY 1`, weeks...)
		out.SignalWeeks, out.WarningWeeks = make([]int, len(q.Weeks)-1), make([]int, len(q.Weeks)-1)
		for i := range out.SignalWeeks {
			out.SignalWeeks[i], out.WarningWeeks[i] = sw[fmt.Sprint(i)], ww[fmt.Sprint(i)]
		}
		// The map: signals by the prefecture they came from, and warnings
		// in force by the prefectures of their case's signals.
		c.group(out.SignalsByPrefecture, `SELECT substr(region, 1, 4) || '00', count(*) FROM signals
			WHERE `+dept("dept")+` AND region LIKE '43%' AND received_at >= $2 GROUP BY 1`, q.Dept, q.MapSince)
		c.group(out.WarningsByPrefecture, `SELECT p, count(*) FROM (SELECT DISTINCT w.id, substr(s.region, 1, 4) || '00' AS p
			FROM warnings w JOIN signals s ON s.case_id = w.case_id
			WHERE w.status IN ('issued', 'referred') AND s.region LIKE '43%' AND `+visible+`) x GROUP BY p`, q.Dept)
	}
	if c.err != nil {
		return nil, c.err
	}
	return out, nil
}
