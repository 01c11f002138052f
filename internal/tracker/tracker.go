package tracker

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

//go:embed data/tasks.csv
var tasksCSV []byte

//go:embed data/items.csv
var itemsCSV []byte

// Section is the part of the notice a task sits in.
type Section string

// Sections.
const (
	SectionTask      Section = "task"      // 二、主要任务
	SectionSafeguard Section = "safeguard" // 三、保障措施
)

// Label names the section.
func (s Section) Label() (zh, en string) {
	if s == SectionSafeguard {
		return "保障措施", "Safeguard"
	}
	return "主要任务", "Main task"
}

// Role is what a unit is on a task.
type Role string

// Roles.
const (
	RoleLead       Role = "lead"       // 牵头 (or 负责, alone)
	RoleJoint      Role = "joint"      // 按职责分工负责, no lead named
	RoleSupporting Role = "supporting" // the others of a task with a lead
)

// Label names the role.
func (r Role) Label() (zh, en string) {
	switch r {
	case RoleLead:
		return "牵头", "Lead"
	case RoleJoint:
		return "分工负责", "Jointly responsible"
	}
	return "配合", "Supporting"
}

// Collective is the 各责任单位 of the first safeguard: every responsible
// unit, no department of its own.
const Collective = "responsible-units"

// Unit is a unit on a task: a department of the catalogue (or the
// collective), with its role.
type Unit struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	// Short is the name the notice uses (省市场监管局).
	Short string `json:"short"`
	Role  Role   `json:"role"`
}

// Answers reports whether the unit answers for the task: it owes a report
// each quarter.
func (u Unit) Answers() bool {
	return u.Code != Collective && (u.Role == RoleLead || u.Role == RoleJoint)
}

// Name is the unit's name in lang.
func (u Unit) Name(lang string) string {
	if lang == "en" {
		return u.NameEn
	}
	return u.NameZh
}

// Metric names a figure the store counts from riskgate's records.
type Metric string

// Metrics.
const (
	MetricMonitoringPlans    Metric = "monitoring.plans"      // plans approved (a version stored) in the period
	MetricMonitoringSamples  Metric = "monitoring.samples"    // samples taken in the period
	MetricSignals            Metric = "signals"               // signals received in the period
	MetricSignalChannels     Metric = "signals.channels"      // channels that brought a signal in the period
	MetricMonitoringPoints   Metric = "monitoring.points"     // points active now
	MetricForeignRecords     Metric = "foreign.records"       // foreign notifications and recalls imported in the period
	MetricInjuryRecords      Metric = "injury.records"        // injury records imported in the period
	MetricSignalsShared      Metric = "signals.shared"        // signals received from other departments in the period
	MetricLabs               Metric = "labs"                  // laboratories registered
	MetricAssessmentsSubmit  Metric = "assessments.submitted" // assessments submitted in the period
	MetricAssessmentsApprove Metric = "assessments.approved"  // assessments approved in the period
	MetricQualityReports     Metric = "quality.reports"       // quality status reports generated in the period
	MetricWarningsBulletin   Metric = "warnings.bulletin"     // 通报 issued in the period
	MetricWarningsNotice     Metric = "warnings.notice"       // 通告 issued in the period
	MetricWarningsAnnounce   Metric = "warnings.announcement" // 公告 issued in the period
	MetricWarningsLifted     Metric = "warnings.lifted"       // warnings ended in the period
	MetricPublicationsPublic Metric = "publications.public"   // messages published to the public in the period
	MetricMeasuresStarted    Metric = "measures.started"      // measures started in the period
	MetricRecallsOpened      Metric = "recalls.opened"        // recalls opened in the period
	MetricRecallsCompleted   Metric = "recalls.completed"     // recalls completed in the period
	MetricCreditEvents       Metric = "credit.events"         // credit events recorded in the period
	MetricInterviews         Metric = "interviews"            // interviews held in the period
	MetricPenalties          Metric = "penalties"             // penalty decisions in the period
	MetricSelfDeclarations   Metric = "self-declarations"     // self-declarations filed in the period
	MetricAnswers            Metric = "answers"               // answers to 通告 filed in the period
	MetricTBTNotifications   Metric = "tbt.notifications"     // notifications entered in the period
	MetricTBTStudies         Metric = "tbt.studies"           // special studies begun in the period
	MetricLabReports         Metric = "lab.reports"           // test reports received in the period
	MetricLabCrossChecks     Metric = "lab.crosschecks"       // cross-checks recorded in the period
	MetricTraceEvents        Metric = "trace.events"          // EPCIS events captured in the period
	// MetricReportsOnTime is the tracker's own: the task's reports in by
	// their deadline, as a percentage of those due.
	MetricReportsOnTime Metric = "reports.on-time"
)

// Counted are the metrics the store counts (all but the tracker's own).
var Counted = []Metric{MetricMonitoringPlans, MetricMonitoringSamples, MetricSignals, MetricSignalChannels, MetricMonitoringPoints,
	MetricForeignRecords, MetricInjuryRecords, MetricSignalsShared, MetricLabs, MetricAssessmentsSubmit, MetricAssessmentsApprove,
	MetricQualityReports, MetricWarningsBulletin, MetricWarningsNotice, MetricWarningsAnnounce, MetricWarningsLifted,
	MetricPublicationsPublic, MetricMeasuresStarted, MetricRecallsOpened, MetricRecallsCompleted, MetricCreditEvents,
	MetricInterviews, MetricPenalties, MetricSelfDeclarations, MetricAnswers, MetricTBTNotifications, MetricTBTStudies,
	MetricLabReports, MetricLabCrossChecks, MetricTraceEvents}

// Item is one measurable objective of a task.
type Item struct {
	Code   string `json:"code"`
	Metric Metric `json:"metric"`
	Target int    `json:"target"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Percent tells whether the item's figure is a percentage (its target
// 100) rather than a count.
func (it Item) Percent() bool { return it.Metric == MetricReportsOnTime }

// Task is one task of the plan.
type Task struct {
	Code    string  `json:"code"`
	Section Section `json:"section"`
	Number  int     `json:"number"`
	Group   string  `json:"group,omitempty"`
	Title   string  `json:"title"`
	// UnitsText is the notice's parenthesis naming the units, word for
	// word.
	UnitsText string `json:"units_text"`
	// Units in the notice's order; the lead first when one is named.
	Units []Unit `json:"units"`
	// LeadNamed: the notice names the lead (牵头, or a unit alone 负责);
	// otherwise the units are jointly responsible and the first listed
	// stands as the lead.
	LeadNamed bool   `json:"lead_named"`
	Items     []Item `json:"items"`
}

// Lead is the task's lead unit: the named one, or the first listed.
func (t *Task) Lead() Unit { return t.Units[0] }

// Supporting are the units other than the lead, in the notice's order.
func (t *Task) Supporting() []Unit { return t.Units[1:] }

// Unit returns the task's unit with a code.
func (t *Task) Unit(code string) (Unit, bool) {
	for _, u := range t.Units {
		if u.Code == code {
			return u, true
		}
	}
	return Unit{}, false
}

// Answering are the units that owe a report each quarter.
func (t *Task) Answering() []Unit {
	var out []Unit
	for _, u := range t.Units {
		if u.Answers() {
			out = append(out, u)
		}
	}
	return out
}

// Label is "任务 8" or "保障措施（二）" and its English.
func (t *Task) Label() (zh, en string) {
	if t.Section == SectionSafeguard {
		return "保障措施（" + []string{"一", "二", "三", "四", "五"}[t.Number-1] + "）", fmt.Sprintf("Safeguard %d", t.Number)
	}
	return fmt.Sprintf("任务 %d", t.Number), fmt.Sprintf("Task %d", t.Number)
}

var (
	planOnce sync.Once
	plan     []*Task
	planErr  error
)

// Plan returns the plan's tasks, the main tasks in order then the
// safeguards, as data/tasks.csv and data/items.csv give them.
func Plan() ([]*Task, error) {
	planOnce.Do(func() { plan, planErr = parsePlan(tasksCSV, itemsCSV) })
	return plan, planErr
}

// FindTask returns the task with a code (risk.ErrNotFound otherwise).
func FindTask(code string) (*Task, error) {
	ts, err := Plan()
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Code == code {
			return t, nil
		}
	}
	return nil, risk.Errorf(risk.ErrNotFound, "%s", risk.Bilingual("没有该任务："+code+"。", "no such task: "+code+"."))
}

func readCSV(b []byte, head string) ([][]string, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != head {
		return nil, fmt.Errorf("tracker: heading is not %s", head)
	}
	return recs[1:], nil
}

// parsePlan reads the tasks and their items, naming the units from the
// department catalogue.
func parsePlan(tasks, items []byte) ([]*Task, error) {
	depts, err := catalog.BuiltinTable("departments")
	if err != nil {
		return nil, err
	}
	byShort := map[string]*catalog.Entry{}
	for i := range depts.Entries {
		e := &depts.Entries[i]
		byShort[e.Attrs["abbr"]] = e
	}
	recs, err := readCSV(tasks, "code,section,number,group,title,units")
	if err != nil {
		return nil, err
	}
	var out []*Task
	byCode := map[string]*Task{}
	for _, r := range recs {
		n, err := strconv.Atoi(r[2])
		if err != nil {
			return nil, fmt.Errorf("tracker: task %s: number: %w", r[0], err)
		}
		t := &Task{Code: r[0], Section: Section(r[1]), Number: n, Group: r[3], Title: r[4], UnitsText: r[5]}
		names, lead, err := ParseUnits(r[5])
		if err != nil {
			return nil, fmt.Errorf("tracker: task %s: %w", t.Code, err)
		}
		t.LeadNamed = lead
		for i, short := range names {
			u := Unit{Short: short, Role: RoleSupporting}
			switch {
			case i == 0 && lead:
				u.Role = RoleLead
			case !lead:
				u.Role = RoleJoint
			}
			if short == "各责任单位" {
				u.Code, u.NameZh, u.NameEn = Collective, "各责任单位", "All responsible units"
			} else if e := byShort[short]; e != nil {
				u.Code, u.NameZh, u.NameEn = e.Code, e.NameZh, e.NameEn
			} else {
				return nil, fmt.Errorf("tracker: task %s: unit %s is not in the department catalogue", t.Code, short)
			}
			t.Units = append(t.Units, u)
		}
		byCode[t.Code] = t
		out = append(out, t)
	}
	irecs, err := readCSV(items, "code,task,metric,target,name_zh,name_en")
	if err != nil {
		return nil, err
	}
	for _, r := range irecs {
		t := byCode[r[1]]
		if t == nil {
			return nil, fmt.Errorf("tracker: item %s: no task %s", r[0], r[1])
		}
		target, err := strconv.Atoi(r[3])
		if err != nil || target <= 0 {
			return nil, fmt.Errorf("tracker: item %s: target %q", r[0], r[3])
		}
		it := Item{Code: r[0], Metric: Metric(r[2]), Target: target, NameZh: r[4], NameEn: r[5]}
		if !it.Metric.known() {
			return nil, fmt.Errorf("tracker: item %s: unknown metric %s", r[0], r[2])
		}
		t.Items = append(t.Items, it)
	}
	for _, t := range out {
		if len(t.Items) == 0 {
			return nil, fmt.Errorf("tracker: task %s has no item", t.Code)
		}
	}
	return out, nil
}

func (m Metric) known() bool {
	if m == MetricReportsOnTime {
		return true
	}
	for _, c := range Counted {
		if c == m {
			return true
		}
	}
	return false
}

// ParseUnits reads the notice's parenthesis naming a task's units: "A牵头,
// B、C等单位按职责分工负责" (lead A, supporting B and C), "A负责" (A alone,
// the lead) or "A、B等单位按职责分工负责" (jointly responsible, no lead).
// lead tells whether the first unit is a named lead.
func ParseUnits(s string) (names []string, lead bool, err error) {
	s = strings.TrimSpace(s)
	rest := s
	if head, tail, ok := strings.Cut(s, "牵头"); ok {
		if head == "" || strings.Contains(head, "、") {
			return nil, false, fmt.Errorf("no single lead before 牵头 in %q", s)
		}
		names, lead = []string{head}, true
		rest = strings.TrimLeft(tail, ",，")
	}
	for _, suffix := range []string{"等单位按职责分工负责", "等部门按职责分工负责", "等单位分工负责", "分工负责", "负责"} {
		if strings.HasSuffix(rest, suffix) {
			rest = strings.TrimSuffix(rest, suffix)
			break
		}
	}
	if rest != "" {
		for _, n := range strings.Split(rest, "、") {
			if n == "" {
				return nil, false, fmt.Errorf("empty unit in %q", s)
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, false, fmt.Errorf("no unit in %q", s)
	}
	if !lead && len(names) == 1 {
		lead = true // "长沙海关负责": the unit alone answers for the task
	}
	return names, lead, nil
}

// Quarter is a calendar quarter.
type Quarter struct {
	Year int
	Q    int // 1–4
}

// QuarterOf is the quarter holding t (China time).
func QuarterOf(t time.Time) Quarter {
	t = t.In(risk.China)
	return Quarter{t.Year(), (int(t.Month())-1)/3 + 1}
}

// ParseQuarter reads "2026Q3" (or "2026-Q3").
func ParseQuarter(s string) (Quarter, error) {
	bad := risk.Invalid("quarter", "季度格式应为 2026Q3："+s+"。", "the quarter must be written as 2026Q3: "+s+".")
	y, q, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "Q")
	y = strings.TrimSuffix(y, "-")
	if !ok {
		return Quarter{}, bad
	}
	yy, err1 := strconv.Atoi(y)
	qq, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || yy < 2019 || yy > 2100 || qq < 1 || qq > 4 {
		return Quarter{}, bad
	}
	return Quarter{yy, qq}, nil
}

func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Label is "2026年第三季度" and "Q3 2026".
func (q Quarter) Label() (zh, en string) {
	return fmt.Sprintf("%d年第%s季度", q.Year, []string{"一", "二", "三", "四"}[q.Q-1]), fmt.Sprintf("Q%d %d", q.Q, q.Year)
}

// Start is the quarter's first midnight, China time.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.Month(3*q.Q-2), 1, 0, 0, 0, 0, risk.China)
}

// End is the midnight after the quarter.
func (q Quarter) End() time.Time { return q.Start().AddDate(0, 3, 0) }

// Prev is the quarter before.
func (q Quarter) Prev() Quarter {
	if q.Q == 1 {
		return Quarter{q.Year - 1, 4}
	}
	return Quarter{q.Year, q.Q - 1}
}

// Before reports whether q comes before r.
func (q Quarter) Before(r Quarter) bool { return q.Year < r.Year || q.Year == r.Year && q.Q < r.Q }

// Rounds is the tracking year at now: the four quarters that have ended,
// oldest first. Reports are due for them; the quarter under way may be
// reported on too.
func Rounds(now time.Time) []Quarter {
	q := QuarterOf(now).Prev()
	out := []Quarter{q.Prev().Prev().Prev(), q.Prev().Prev(), q.Prev(), q}
	return out
}

// ReportDays is the working days after a quarter's end by which its
// reports are due.
const ReportDays = 5
