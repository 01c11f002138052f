package tracker

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

// Report is a unit's report of its progress on a task in a quarter.
type Report struct {
	ID       risk.ID `json:"id"`
	Task     string  `json:"task"`
	Unit     string  `json:"unit"`
	Quarter  string  `json:"quarter"` // 2026Q3
	Progress string  `json:"progress"`
	Problems string  `json:"problems,omitempty"`
	Next     string  `json:"next,omitempty"`
	// Late: submitted after the quarter's deadline.
	Late          bool      `json:"late"`
	SubmittedAt   time.Time `json:"submitted_at"`
	SubmittedBy   string    `json:"submitted_by"` // login
	SubmittedName string    `json:"submitted_name"`
}

// ReportInput is a report as a unit submits it.
type ReportInput struct {
	Task     string `json:"task"`
	Unit     string `json:"unit"`
	Quarter  string `json:"quarter"`
	Progress string `json:"progress"`
	Problems string `json:"problems"`
	Next     string `json:"next"`
}

// ReportFilter selects reports; empty fields select all.
type ReportFilter struct {
	Task string
	Unit string
	// Since: reports of quarters from this one on ("" all).
	Since string
}

// Store keeps the reports and counts the figures.
type Store interface {
	// SubmitReport inserts r with its audit entry (risk.ErrConflict when
	// the unit has reported on the task for the quarter).
	SubmitReport(ctx context.Context, r *Report, ae audit.Entry) error
	// Reports lists reports by task, quarter and unit.
	Reports(ctx context.Context, f ReportFilter) ([]*Report, error)
	// Count counts each metric over records from since to now (a state
	// metric such as the active points: as it is now).
	Count(ctx context.Context, metrics []Metric, since time.Time) (map[Metric]int, error)
}

// Calendar is the official working-day calendar (calendar.Service).
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Service runs the tracker.
type Service struct {
	Store    Store
	Calendar Calendar // nil: the embedded official calendar
	Now      func() time.Time
}

// CanRead reports whether a may see the tasks, figures and reports.
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermTrackerRead) }

// CanReport reports whether a may submit its unit's reports (the system:
// any unit's).
func CanReport(a risk.Actor) bool { return risk.Can(a, risk.PermTrackerReport) }

// CanSupervise reports whether a may draw the 督查 report.
func CanSupervise(a risk.Actor) bool { return risk.Can(a, risk.PermTrackerSupervise) }

// ReportsFor reports whether a may report for a unit of a task: one of the
// task's units, its own unless a is the system.
func ReportsFor(a risk.Actor, t *Task, unit string) bool {
	u, ok := t.Unit(unit)
	return CanReport(a) && ok && u.Code != Collective && (a.System || a.Dept == unit)
}

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

func (s *Service) calendar(ctx context.Context) (*calendar.Calendar, error) {
	if s.Calendar != nil {
		return s.Calendar.Calendar(ctx)
	}
	return calendar.Official()
}

// Deadline is the last day a quarter's reports are due: ReportDays
// working days after its last day (the end of that day, China time, as
// the midnight after it).
func Deadline(cal *calendar.Calendar, q Quarter) (time.Time, error) {
	d, err := cal.Add(q.End().AddDate(0, 0, -1), ReportDays)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, 1), nil
}

// Due is one report a unit owes (or gave) for a quarter.
type Due struct {
	Task     string    `json:"task"`
	Unit     Unit      `json:"unit"`
	Quarter  string    `json:"quarter"`
	Deadline time.Time `json:"deadline"` // the midnight after the last day
	Report   *Report   `json:"report,omitempty"`
	Overdue  bool      `json:"overdue"`
}

// LastDay is the deadline's own day, for pages.
func (d Due) LastDay() time.Time { return d.Deadline.AddDate(0, 0, -1) }

// Figure is an item's figure.
type Figure struct {
	Item  Item `json:"item"`
	Value int  `json:"value"`
	// Basis: the figure has something to measure (for the on-time rate,
	// reports whose deadline has passed).
	Basis bool `json:"basis"`
	// Attained is the share of the target reached, 0–100, capped.
	Attained int `json:"attained"`
}

// Status is a task with its figures, reports and progress.
type Status struct {
	*Task
	Figures  []Figure `json:"figures"`
	Progress int      `json:"progress"` // 0–100
	Overdue  bool     `json:"overdue"`
	// Dues are the reports owed for the tracking year's quarters, by
	// quarter then unit; Reports all reports of the tracking year, the
	// quarter under way included, newest first.
	Dues    []Due     `json:"dues"`
	Reports []*Report `json:"reports"`
}

// Overview is the tracker at a time.
type Overview struct {
	At     time.Time `json:"at"`
	Rounds []string  `json:"rounds"`
	// Since is the first midnight of the tracking year, where the figures
	// start counting.
	Since time.Time `json:"since"`
	Tasks []*Status `json:"tasks"`
}

// OverdueDues are the overview's overdue reports, by task.
func (o *Overview) OverdueDues() []Due {
	var out []Due
	for _, t := range o.Tasks {
		for _, d := range t.Dues {
			if d.Overdue {
				out = append(out, d)
			}
		}
	}
	return out
}

// Overview computes every task's status now.
func (s *Service) Overview(ctx context.Context, a risk.Actor) (*Overview, error) {
	if !CanRead(a) {
		return nil, forbidden("无权查看任务落实情况。", "Not allowed to read the plan's implementation tracker.")
	}
	return s.overview(ctx, true)
}

// overview computes the tasks' status: their reports due and, with
// figures, their items' figures and progress (the queue needs only the
// reports, and the store's counts are most of the work).
func (s *Service) overview(ctx context.Context, figures bool) (*Overview, error) {
	tasks, err := Plan()
	if err != nil {
		return nil, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	rounds := Rounds(now)
	o := &Overview{At: now.UTC(), Since: rounds[0].Start()}
	deadlines := map[string]time.Time{}
	var tracked []Quarter
	for _, q := range rounds {
		dl, err := Deadline(cal, q)
		if errors.Is(err, risk.ErrInvalid) {
			continue // a year the working-day calendar does not hold: the quarter is not tracked
		} else if err != nil {
			return nil, err
		}
		deadlines[q.String()] = dl
		tracked = append(tracked, q)
		o.Rounds = append(o.Rounds, q.String())
	}
	rounds = tracked
	counts := map[Metric]int{}
	if figures {
		if counts, err = s.Store.Count(ctx, Counted, o.Since); err != nil {
			return nil, err
		}
	}
	reports, err := s.Store.Reports(ctx, ReportFilter{Since: Rounds(now)[0].String()})
	if err != nil {
		return nil, err
	}
	type key struct{ task, unit, quarter string }
	got := map[key]*Report{}
	byTask := map[string][]*Report{}
	for _, r := range reports {
		got[key{r.Task, r.Unit, r.Quarter}] = r
		byTask[r.Task] = append(byTask[r.Task], r)
	}
	for _, t := range tasks {
		st := &Status{Task: t, Reports: byTask[t.Code]}
		if st.Reports == nil {
			st.Reports = []*Report{}
		}
		due, onTime := 0, 0
		for _, q := range rounds {
			dl := deadlines[q.String()]
			for _, u := range t.Answering() {
				d := Due{Task: t.Code, Unit: u, Quarter: q.String(), Deadline: dl, Report: got[key{t.Code, u.Code, q.String()}]}
				passed := !now.Before(dl)
				d.Overdue = d.Report == nil && passed
				if passed {
					due++
					if d.Report != nil && !d.Report.Late {
						onTime++
					}
				}
				st.Overdue = st.Overdue || d.Overdue
				st.Dues = append(st.Dues, d)
			}
		}
		sum, n := 0, 0
		for _, it := range t.Items {
			if !figures {
				break
			}
			f := Figure{Item: it, Basis: true}
			if it.Metric == MetricReportsOnTime {
				f.Basis = due > 0
				if f.Basis {
					f.Value = int(math.Round(100 * float64(onTime) / float64(due)))
				}
			} else {
				f.Value = counts[it.Metric]
			}
			if f.Basis {
				f.Attained = min(100, int(math.Round(100*float64(f.Value)/float64(it.Target))))
				sum += f.Attained
				n++
			}
			st.Figures = append(st.Figures, f)
		}
		if n > 0 {
			st.Progress = int(math.Round(float64(sum) / float64(n)))
		}
		o.Tasks = append(o.Tasks, st)
	}
	return o, nil
}

// Task returns one task's status.
func (s *Service) Task(ctx context.Context, a risk.Actor, code string) (*Status, error) {
	if _, err := FindTask(code); err != nil {
		return nil, err
	}
	o, err := s.Overview(ctx, a)
	if err != nil {
		return nil, err
	}
	for _, t := range o.Tasks {
		if t.Code == code {
			return t, nil
		}
	}
	return nil, risk.Errorf(risk.ErrNotFound, "%s", risk.Bilingual("没有该任务。", "no such task."))
}

// Limits on a report's text.
const (
	MaxText = 2000
)

// Quarters are those a report may be for at now: the tracking year's and
// the one under way, newest first.
func Quarters(now time.Time) []Quarter {
	rs := Rounds(now)
	out := []Quarter{QuarterOf(now)}
	for i := len(rs) - 1; i >= 0; i-- {
		out = append(out, rs[i])
	}
	return out
}

// Submit records a unit's report on a task for a quarter. The unit must be
// one of the task's (a field error naming 填报单位 otherwise, nothing
// written) and the actor's own; the quarter one of the tracking year's or
// the one under way; one report per unit, task and quarter.
func (s *Service) Submit(ctx context.Context, a risk.Actor, in ReportInput) (*Report, error) {
	if !CanReport(a) {
		return nil, forbidden("无权报送任务进展。", "Not allowed to report on the plan's tasks.")
	}
	t, err := FindTask(strings.TrimSpace(in.Task))
	if err != nil {
		return nil, risk.Invalid("task", "任务无效："+in.Task+"。", "unknown task: "+in.Task+".")
	}
	var v risk.Validation
	unit := strings.TrimSpace(in.Unit)
	u, onTask := t.Unit(unit)
	tzh, ten := t.Label()
	switch {
	case unit == "":
		v.Add("unit", "填报单位不能为空。", "the reporting unit is required.")
	case !onTask || u.Code == Collective:
		v.Add("unit", fmt.Sprintf("填报单位 %s 不是%s（%s）的责任单位，不能报送该任务的进展。", unit, tzh, t.Title),
			fmt.Sprintf("the reporting unit %s is not one of the units of %s, so it cannot report on it.", unit, strings.ToLower(ten[:1])+ten[1:]))
	}
	now := s.Now()
	q, qerr := ParseQuarter(in.Quarter)
	if qerr != nil {
		v.AddErr("quarter", qerr)
	} else {
		ok := false
		for _, x := range Quarters(now) {
			ok = ok || x == q
		}
		if !ok {
			zh, en := QuarterOf(now).Label()
			v.Add("quarter", "报送季度须为本季度（"+zh+"）或此前四个季度之一："+q.String()+"。",
				"the quarter must be the current one ("+en+") or one of the four before it: "+q.String()+".")
		}
	}
	v.Paragraph("progress", in.Progress, MaxText, true, "工作进展", "the progress")
	v.Paragraph("problems", in.Problems, MaxText, false, "存在问题", "the problems")
	v.Paragraph("next", in.Next, MaxText, false, "下步计划", "the next steps")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !a.System && a.Dept != unit {
		return nil, forbidden("只能报送本单位的任务进展。", "You may report only for your own unit.")
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	dl, err := Deadline(cal, q)
	if err != nil {
		if e, ok := risk.AsError(err); ok && errors.Is(err, risk.ErrInvalid) {
			return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "quarter", Message: e.Message}
		}
		return nil, err
	}
	r := &Report{Task: t.Code, Unit: unit, Quarter: q.String(), Progress: strings.TrimSpace(in.Progress),
		Problems: strings.TrimSpace(in.Problems), Next: strings.TrimSpace(in.Next), Late: !now.Before(dl),
		SubmittedAt: now.UTC(), SubmittedBy: a.Label(), SubmittedName: a.Name}
	qzh, qen := q.Label()
	lateZh, lateEn := "", ""
	if r.Late {
		lateZh, lateEn = "（逾期）", " (late)"
	}
	ae := audit.New(a, "tracker.report", "tracker_report", 0,
		fmt.Sprintf("%s报送%s（%s）进展%s / %s reported on %s for %s%s", u.NameZh, tzh, qzh, lateZh, u.NameEn, strings.ToLower(ten), qen, lateEn)).WithChange(nil, r)
	if err := s.Store.SubmitReport(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, nil
}

// Queue is what waits for a unit in the tracker.
type Queue struct {
	Overdue int // its reports overdue
}

// Queue counts a's unit's overdue reports (every unit's for an
// administrator).
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if !CanRead(a) || (!CanReport(a) && !a.SeesAll()) || (!a.SeesAll() && a.Dept == "") {
		return q, nil
	}
	o, err := s.overview(ctx, false)
	if err != nil {
		return q, err
	}
	for _, d := range o.OverdueDues() {
		if a.SeesAll() || d.Unit.Code == a.Dept {
			q.Overdue++
		}
	}
	return q, nil
}
