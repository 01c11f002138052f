package monitoring

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Task is what one point samples for one item in one period. The counts
// are the samples recorded against it.
type Task struct {
	ID          risk.ID `json:"id"`
	PlanID      risk.ID `json:"plan_id"`
	ItemNo      int     `json:"item_no"`
	PointID     risk.ID `json:"point_id"`
	PointName   string  `json:"point_name"`
	Commodity   string  `json:"commodity"`
	PeriodStart string  `json:"period_start"`
	PeriodEnd   string  `json:"period_end"`
	Quota       int     `json:"quota"`
	Dept        string  `json:"dept"`
	ReportDays  int     `json:"report_days"`
	Taken       int     `json:"taken"`
	ResultsIn   int     `json:"results_in"`
	Failed      int     `json:"failed"`
	// Due is the last day for the results (the period's end plus the
	// item's working days on the official calendar); empty when the
	// calendar of that year is not entered yet. Filled by the service.
	Due     string `json:"due,omitempty"`
	Overdue bool   `json:"overdue"`
}

// CommodityName is the commodity in words.
func (t *Task) CommodityName() risk.Labeled { return Commodity(t.Commodity) }

// Done reports whether the task has its quota and all results in.
func (t *Task) Done() bool { return t.Taken >= t.Quota && t.ResultsIn >= t.Taken }

// Conclusion is a result's or a sample's outcome. Values are stored.
type Conclusion string

// Conclusions. A sample is pending until its results are in.
const (
	Pass    Conclusion = "pass"
	Fail    Conclusion = "fail"
	Pending Conclusion = "pending"
)

var conclusionLabels = risk.Labels{string(Pass): {"合格", "Pass"}, string(Fail): {"不合格", "Fail"}, string(Pending): {"待出结果", "Results pending"}}

// Label names the conclusion.
func (c Conclusion) Label() (zh, en string) { return conclusionLabels.Of(string(c)) }

// Result is the laboratory's result for one test item, with the limit it
// applied.
type Result struct {
	TestItem   string     `json:"test_item"`
	Value      string     `json:"value"`
	Limit      string     `json:"limit"`
	Unit       string     `json:"unit,omitempty"`
	Method     string     `json:"method,omitempty"`
	Conclusion Conclusion `json:"conclusion"`
}

// ConclusionName is the conclusion in words.
func (r *Result) ConclusionName() risk.Labeled { return r.Conclusion }

// Sample is one sample taken under the plan.
type Sample struct {
	ID             risk.ID    `json:"id"`
	Number         string     `json:"number"` // the sample number, unique
	PlanID         risk.ID    `json:"plan_id"`
	ItemNo         int        `json:"item_no"`
	TaskID         risk.ID    `json:"task_id"`
	PointID        risk.ID    `json:"point_id"`
	PointName      string     `json:"point_name"`
	Region         string     `json:"region"` // the point's county
	Dept           string     `json:"dept"`
	Product        string     `json:"product"`
	HSCode         string     `json:"hs_code"`
	Hazard         string     `json:"hazard"`
	Lot            string     `json:"lot"`
	EnterpriseUSCC string     `json:"enterprise_uscc,omitempty"`
	Place          string     `json:"place"` // where at the point it was taken
	TakenAt        time.Time  `json:"taken_at"`
	Lab            string     `json:"lab"`
	Results        []Result   `json:"results"`
	Conclusion     Conclusion `json:"conclusion"`
	SignalID       risk.ID    `json:"signal_id,omitempty"`
	// Warnings are the warnings in force whose scope the sample's lot fell
	// in when it was recorded: its result counts as a clean lot or a
	// failure toward their lifting conditions.
	Warnings  []risk.ID `json:"warnings"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// AsLot is the sample as a lot, for warnings' scopes.
func (s *Sample) AsLot() warning.Lot {
	return warning.Lot{HSCode: s.HSCode, Name: s.Product, Batch: s.Lot, USCC: s.EnterpriseUSCC}
}

// ConclusionName is the conclusion in words.
func (s *Sample) ConclusionName() risk.Labeled { return s.Conclusion }

// SampleInput is a sample as recorded. Results may be left out and
// recorded later.
type SampleInput struct {
	Number         string    `json:"number"`
	PlanID         risk.ID   `json:"plan_id"`
	ItemNo         int       `json:"item_no"`
	PointID        risk.ID   `json:"point_id"`
	Product        string    `json:"product"`
	HSCode         string    `json:"hs_code"`
	Lot            string    `json:"lot"`
	EnterpriseUSCC string    `json:"enterprise_uscc,omitempty"`
	Place          string    `json:"place"`
	TakenAt        time.Time `json:"taken_at"`
	Lab            string    `json:"lab"`
	Results        []Result  `json:"results,omitempty"`
}

// checkResults validates results against the item's test items and
// returns the sample's conclusion: fail when any item failed, pass when
// all passed, pending with none.
func checkResults(v *risk.Validation, it *Item, rs []Result) Conclusion {
	if len(rs) == 0 {
		return Pending
	}
	if len(rs) > MaxTestItems {
		v.Add("results", fmt.Sprintf("检测结果最多 %d 项。", MaxTestItems), fmt.Sprintf("at most %d results.", MaxTestItems))
		return Pending
	}
	out := Pass
	seen := map[string]bool{}
	for i := range rs {
		r := &rs[i]
		f := fmt.Sprintf("results[%d].", i)
		r.TestItem, r.Value, r.Limit, r.Unit, r.Method = strings.TrimSpace(r.TestItem), strings.TrimSpace(r.Value), strings.TrimSpace(r.Limit), strings.TrimSpace(r.Unit), strings.TrimSpace(r.Method)
		v.Text(f+"test_item", r.TestItem, MaxText, true, "检测项目", "the test item")
		v.Text(f+"value", r.Value, MaxValue, true, "检测值", "the value")
		v.Text(f+"limit", r.Limit, MaxValue, true, "限值", "the limit")
		v.Text(f+"unit", r.Unit, MaxUnit, false, "单位", "the unit")
		v.Text(f+"method", r.Method, MaxText, false, "方法或标准", "the method")
		if it != nil && r.TestItem != "" && !slices.Contains(it.TestItems, r.TestItem) {
			v.Add(f+"test_item", "检测项目“"+r.TestItem+"”不在该计划项目中。", "test item “"+r.TestItem+"” is not one of the plan item's.")
		}
		if seen[r.TestItem] {
			v.Add(f+"test_item", "检测项目“"+r.TestItem+"”重复。", "test item “"+r.TestItem+"” appears twice.")
		}
		seen[r.TestItem] = true
		switch r.Conclusion {
		case Pass:
		case Fail:
			out = Fail
		default:
			v.Add(f+"conclusion", "单项结论只能是 pass（合格）或 fail（不合格）。", "conclusion must be pass or fail.")
		}
	}
	return out
}

// Evidence is the description of the signal a nonconforming sample
// raises: what was sampled where, and each failed item with its value and
// limit.
func Evidence(s *Sample) string {
	var zh, en []string
	for _, r := range s.Results {
		if r.Conclusion != Fail {
			continue
		}
		zh = append(zh, fmt.Sprintf("%s 检测值 %s%s，限值 %s%s", r.TestItem, r.Value, r.Unit, r.Limit, r.Unit))
		en = append(en, fmt.Sprintf("%s %s%s against a limit of %s%s", r.TestItem, r.Value, r.Unit, r.Limit, r.Unit))
	}
	day := s.TakenAt.In(risk.China).Format("2006-01-02")
	return fmt.Sprintf("监测抽样不合格：样品 %s，%s（批次 %s），%s 于 %s 在 %s（%s）抽取，检测机构 %s；不合格项目：%s。 / "+
		"Monitoring sample %s failed: %s (lot %s) taken %s at %s (%s), laboratory %s; failed: %s.",
		s.Number, s.Product, s.Lot, s.CreatedBy, day, s.PointName, s.Place, s.Lab, strings.Join(zh, "；"),
		s.Number, s.Product, s.Lot, day, s.PointName, s.Place, s.Lab, strings.Join(en, "; "))
}

// Completion is how far a part of the plan has come.
type Completion struct {
	Quota     int `json:"quota"`
	Taken     int `json:"taken"`
	ResultsIn int `json:"results_in"`
	Failed    int `json:"failed"`
	Overdue   int `json:"overdue_tasks"`
	// TakenPercent is samples taken / quota, ResultsPercent results in /
	// samples taken, in per cent (0 with nothing to divide by).
	TakenPercent   int `json:"taken_percent"`
	ResultsPercent int `json:"results_percent"`
}

func (c *Completion) add(t *Task) {
	c.Quota += t.Quota
	c.Taken += t.Taken
	c.ResultsIn += t.ResultsIn
	c.Failed += t.Failed
	if t.Overdue {
		c.Overdue++
	}
}

func (c *Completion) finish() {
	if c.Quota > 0 {
		c.TakenPercent = c.Taken * 100 / c.Quota
	}
	if c.Taken > 0 {
		c.ResultsPercent = c.ResultsIn * 100 / c.Taken
	}
}

// PointCompletion is a point's completion across the plan.
type PointCompletion struct {
	PointID   risk.ID `json:"point_id"`
	PointName string  `json:"point_name"`
	Completion
}

// DeptCompletion is a department's completion across the plan.
type DeptCompletion struct {
	Dept string `json:"dept"`
	Completion
}

// DeptName is the department in words.
func (d *DeptCompletion) DeptName() risk.Labeled { return CatalogCode{"departments", d.Dept} }

// Complete fills in the plan's completion from its tasks: per item, per
// point and per department, and in total.
func Complete(p *Plan, tasks []*Task) {
	items := map[int]*Completion{}
	points := map[risk.ID]*PointCompletion{}
	depts := map[string]*DeptCompletion{}
	total := &Completion{}
	for i := range p.Items {
		c := &Completion{}
		p.Items[i].Completion = c
		items[p.Items[i].No] = c
	}
	var pointOrder []risk.ID
	var deptOrder []string
	for _, t := range tasks {
		if c := items[t.ItemNo]; c != nil {
			c.add(t)
		}
		pc := points[t.PointID]
		if pc == nil {
			pc = &PointCompletion{PointID: t.PointID, PointName: t.PointName}
			points[t.PointID] = pc
			pointOrder = append(pointOrder, t.PointID)
		}
		pc.add(t)
		dc := depts[t.Dept]
		if dc == nil {
			dc = &DeptCompletion{Dept: t.Dept}
			depts[t.Dept] = dc
			deptOrder = append(deptOrder, t.Dept)
		}
		dc.add(t)
		total.add(t)
	}
	for _, c := range items {
		c.finish()
	}
	slices.Sort(pointOrder)
	slices.Sort(deptOrder)
	p.ByPoint, p.ByDept = nil, nil
	for _, id := range pointOrder {
		points[id].finish()
		p.ByPoint = append(p.ByPoint, *points[id])
	}
	for _, d := range deptOrder {
		depts[d].finish()
		p.ByDept = append(p.ByDept, *depts[d])
	}
	total.finish()
	p.Total = total
}
