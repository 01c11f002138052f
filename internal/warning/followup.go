package warning

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// A 通报 goes to departments that must act on it in their own remit: the
// market regulator looks for the product on the market, the commerce
// department among exporters. Each recipient reports back what it found
// and did — RASFF's follow-up notification: found on the market or not,
// the measures taken (free text and codes of the measures catalogue), the
// quantities found, withdrawn or seized and destroyed, and a note. A
// department may report several times as its work goes on; the issuing
// department sees every recipient's reports and who has not answered by
// the deadline.
//
// The deadline is FollowupWorkingDays working days after the day the 通报
// was issued, counted on the official calendar (calendar.Current): a 通报
// carries no deadline of its own (its validity runs for months), and a
// fixed period in 工作日 is how the provincial rules set such answers.

// FollowupWorkingDays is the period, in working days after the day of
// issue, within which each recipient of a 通报 reports its first
// follow-up.
const FollowupWorkingDays = 10

// Limits on follow-ups.
const (
	MaxFollowupsPerDept = 50      // reports of one department on one 通报
	MaxFollowupMeasures = 20      // measure codes in one report
	MaxQuantity         = 1e12    // of any unit
	MaxFollowupText     = MaxNote // the actions and the note
)

// Finding is whether the recipient found the product in its remit. Values
// are stored.
type Finding string

// Findings.
const (
	FindingFound      Finding = "found"       // 已发现
	FindingNotFound   Finding = "not_found"   // 经核查未发现
	FindingNotChecked Finding = "not_checked" // 尚未核查
)

var findingLabels = risk.Labels{
	string(FindingFound):      {"在市场上发现涉及产品", "Product found on the market"},
	string(FindingNotFound):   {"经核查未发现", "Checked, not found"},
	string(FindingNotChecked): {"尚未核查", "Not checked yet"},
}

// Label returns the finding's Chinese and English names.
func (f Finding) Label() (zh, en string) { return findingLabels.Of(string(f)) }

// Findings are the findings a follow-up may report, in form order.
func Findings() []Finding { return []Finding{FindingFound, FindingNotFound, FindingNotChecked} }

// Unit is the unit of a follow-up's quantities. Values are stored.
type Unit string

var unitLabels = risk.Labels{
	"piece": {"件", "pieces"},
	"set":   {"套", "sets"},
	"box":   {"箱", "boxes"},
	"batch": {"批", "batches"},
	"kg":    {"千克", "kg"},
	"tonne": {"吨", "tonnes"},
	"litre": {"升", "litres"},
}

// Label returns the unit's Chinese and English names.
func (u Unit) Label() (zh, en string) { return unitLabels.Of(string(u)) }

// Units are the units a follow-up may count in, in form order.
func Units() []Unit {
	return []Unit{"piece", "set", "box", "batch", "kg", "tonne", "litre"}
}

// Quantities are what a follow-up counts, in one unit.
type Quantities struct {
	Found     float64 `json:"found"`     // found on the market
	Withdrawn float64 `json:"withdrawn"` // withdrawn, seized or detained
	Destroyed float64 `json:"destroyed"`
	Unit      Unit    `json:"unit,omitempty"`
}

// Zero reports whether nothing is counted.
func (q Quantities) Zero() bool { return q.Found == 0 && q.Withdrawn == 0 && q.Destroyed == 0 }

// Followup is one recipient department's report on a 通报.
type Followup struct {
	ID         risk.ID    `json:"id"`
	WarningID  risk.ID    `json:"warning_id"`
	Dept       string     `json:"dept"`
	Finding    Finding    `json:"finding"`
	Measures   []string   `json:"measures"` // measures catalogue codes
	Actions    string     `json:"actions"`  // what was done, in words
	Quantities Quantities `json:"quantities"`
	Note       string     `json:"note,omitempty"`
	ReportedAt time.Time  `json:"reported_at"`
	ReportedBy string     `json:"reported_by"` // the person's name
}

// FollowupInput is what a recipient reports.
type FollowupInput struct {
	Finding    Finding    `json:"finding"`
	Measures   []string   `json:"measures"`
	Actions    string     `json:"actions"`
	Quantities Quantities `json:"quantities"`
	Note       string     `json:"note"`
}

// Check normalises in and reports every problem, naming the fields as the
// API does.
func (in *FollowupInput) Check() error {
	var v risk.Validation
	switch in.Finding {
	case FindingFound, FindingNotFound, FindingNotChecked:
	case "":
		v.Add("finding", "请填写核查结果：发现、未发现或尚未核查。", "the finding is required: found, not found or not checked.")
	default:
		v.Add("finding", "核查结果无效："+string(in.Finding)+"。", "unknown finding "+string(in.Finding)+".")
	}
	in.Actions, in.Note = strings.TrimSpace(in.Actions), strings.TrimSpace(in.Note)
	v.Paragraph("actions", in.Actions, MaxFollowupText, in.Finding == FindingFound, "采取的措施", "the actions taken")
	v.Paragraph("note", in.Note, MaxFollowupText, false, "备注", "the note")
	if len(in.Measures) > MaxFollowupMeasures {
		v.Add("measures", fmt.Sprintf("措施最多 %d 项。", MaxFollowupMeasures), fmt.Sprintf("at most %d measures.", MaxFollowupMeasures))
	} else {
		t, _ := catalog.BuiltinTable("measures")
		var codes []string
		for _, c := range in.Measures {
			c = strings.TrimSpace(c)
			switch {
			case c == "" || slices.Contains(codes, c):
			case t.Find(c) == nil:
				v.Add("measures", "措施代码无效："+c+"。", "unknown measure "+c+".")
			default:
				codes = append(codes, c)
			}
		}
		in.Measures = codes
	}
	q := &in.Quantities
	for _, x := range []struct {
		field, zh, en string
		n             float64
	}{
		{"quantities.found", "发现数量", "the quantity found", q.Found},
		{"quantities.withdrawn", "下架、查封扣押数量", "the quantity withdrawn or seized", q.Withdrawn},
		{"quantities.destroyed", "销毁数量", "the quantity destroyed", q.Destroyed},
	} {
		switch {
		case math.IsNaN(x.n) || math.IsInf(x.n, 0) || x.n > MaxQuantity:
			v.Add(x.field, x.zh+"无效。", x.en+" is not a valid number.")
		case x.n < 0:
			v.Add(x.field, x.zh+"不能为负数。", x.en+" must not be negative.")
		}
	}
	switch {
	case in.Finding != FindingFound && q.Found > 0:
		v.Add("quantities.found", "未发现涉及产品时，发现数量应为 0。", "with the product not found, the quantity found must be 0.")
	case q.Withdrawn+q.Destroyed > q.Found:
		v.Add("quantities.withdrawn", "下架、查封扣押数量与销毁数量之和不能超过发现数量。",
			"the quantities withdrawn and destroyed together must not exceed the quantity found.")
	}
	switch {
	case q.Unit == "" && !q.Zero():
		v.Add("quantities.unit", "填写数量时须选择计量单位。", "choose the unit of the quantities.")
	case q.Unit != "" && !slices.Contains(Units(), q.Unit):
		v.Add("quantities.unit", "计量单位无效："+string(q.Unit)+"。", "unknown unit "+string(q.Unit)+".")
	}
	return v.Err()
}

// CanReportFollowup reports whether a may report a follow-up on w: an
// officer or approver of a department the 通报 was sent to, once it is
// issued. Enterprises, the issuing department (unless it is also a
// recipient) and other departments may not.
func CanReportFollowup(a risk.Actor, w *Warning) bool {
	if w == nil || w.Class != ClassBulletin || w.IssuedAt == nil || !a.IsOfficial() || a.Dept == "" ||
		!risk.Can(a, risk.PermFollowupReport) {
		return false
	}
	return slices.Contains(w.Recipients, a.Dept)
}

// FollowupDue is the last day for w's recipients to report: the
// FollowupWorkingDays-th working day after the day of issue (China time,
// midnight of that day). An error when the calendar does not cover it or
// w is not issued.
func FollowupDue(w *Warning) (time.Time, error) {
	if w.IssuedAt == nil {
		return time.Time{}, risk.Errorf(risk.ErrConflict, "通报尚未发布。 / The bulletin is not issued.")
	}
	cal, err := calendar.Current()
	if err != nil {
		return time.Time{}, err
	}
	return cal.Add(*w.IssuedAt, FollowupWorkingDays)
}

// FollowupOverdue reports whether a 通报 issued at issued, not answered,
// is past its follow-up due day at now (false when the calendar cannot
// say).
func FollowupOverdue(issued, now time.Time) bool {
	due, err := FollowupDue(&Warning{IssuedAt: &issued})
	return err == nil && !now.Before(due.AddDate(0, 0, 1))
}

// RecipientFollowups is one recipient's follow-ups on a 通报 and whether it
// has answered in time.
type RecipientFollowups struct {
	Dept      string     `json:"dept"`
	Answered  bool       `json:"answered"`
	Late      bool       `json:"late,omitempty"`                 // the first report came after the due day
	Overdue   bool       `json:"overdue"`                        // no report and the due day has passed
	DaysLate  int        `json:"working_days_overdue,omitempty"` // working days past the due day, while overdue
	Followups []Followup `json:"followups"`
}

// FollowupReport is every recipient's follow-ups on a 通报, with the
// deadline.
type FollowupReport struct {
	WarningID risk.ID `json:"warning_id"`
	Dept      string  `json:"dept"` // the issuing department
	// Due is the last day to answer, YYYY-MM-DD; DueError says why there
	// is none (the calendar does not cover it).
	Due          string               `json:"due,omitempty"`
	DueError     string               `json:"due_error,omitempty"`
	WorkingDays  int                  `json:"working_days"`
	Recipients   []RecipientFollowups `json:"recipients"`
	Overdue      int                  `json:"overdue"` // recipients overdue
	CanReport    bool                 `json:"-"`
	ReportingFor string               `json:"-"` // the viewer's department, when it may report
}

// Report sorts fs (oldest first) by recipient and marks who has not
// answered by the due day, as of now. Follow-ups of departments no longer
// among the recipients are kept at the end: a record stays.
func Report(w *Warning, fs []Followup, now time.Time) *FollowupReport {
	r := &FollowupReport{WarningID: w.ID, Dept: w.Dept, WorkingDays: FollowupWorkingDays}
	due, err := FollowupDue(w)
	if err != nil {
		r.DueError = risk.Bilingual(errMessage(err))
	} else {
		r.Due = due.Format("2006-01-02")
	}
	depts := slices.Clone(w.Recipients)
	for _, f := range fs {
		if !slices.Contains(depts, f.Dept) {
			depts = append(depts, f.Dept)
		}
	}
	end := due.AddDate(0, 0, 1) // the due day ends at midnight
	for _, d := range depts {
		rf := RecipientFollowups{Dept: d, Followups: []Followup{}}
		for _, f := range fs {
			if f.Dept == d {
				rf.Followups = append(rf.Followups, f)
			}
		}
		rf.Answered = len(rf.Followups) > 0
		if r.Due != "" {
			if rf.Answered {
				rf.Late = !rf.Followups[0].ReportedAt.Before(end)
			} else if !now.Before(end) {
				rf.Overdue = true
				if cal, err := calendar.Current(); err == nil {
					rf.DaysLate, _ = cal.Count(due, now)
				}
				r.Overdue++
			}
		}
		r.Recipients = append(r.Recipients, rf)
	}
	return r
}

// errMessage splits a user-safe error message into its Chinese and English
// halves.
func errMessage(err error) (zh, en string) {
	msg := err.Error()
	if e, ok := risk.AsError(err); ok {
		msg = e.Message
	}
	zh, en, _ = strings.Cut(msg, " / ")
	return zh, en
}

// ReportFollowup records what a's department, a recipient of the issued
// 通报 id, found and did. Bad input is refused naming the field, and
// nothing is written; the follow-up and its audit entry are written in
// one transaction.
func (s *Service) ReportFollowup(ctx context.Context, a risk.Actor, id risk.ID, in FollowupInput) (*Followup, error) {
	if !risk.Can(a, risk.PermFollowupReport) {
		return nil, forbidden("无权报告通报的处置情况。", "Not allowed to report follow-ups.")
	}
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if w.Class != ClassBulletin || w.IssuedAt == nil {
		return nil, risk.Errorf(risk.ErrConflict, "只有已发布的风险警示通报需要报告处置情况。 / Follow-ups are reported on issued bulletins only.")
	}
	if !CanReportFollowup(a, w) {
		return nil, forbidden("只有通报的接收部门可以报告处置情况。", "Only a department the bulletin was sent to may report a follow-up.")
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	prior, err := s.Store.Followups(ctx, id)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, f := range prior {
		if f.Dept == a.Dept {
			n++
		}
	}
	if n >= MaxFollowupsPerDept {
		return nil, risk.Errorf(risk.ErrConflict, "本部门对该通报的处置情况报告已达 %d 次上限。 / Your department has reached the limit of %d follow-ups on this bulletin.", MaxFollowupsPerDept, MaxFollowupsPerDept)
	}
	f := &Followup{WarningID: id, Dept: a.Dept, Finding: in.Finding, Measures: in.Measures, Actions: in.Actions,
		Quantities: in.Quantities, Note: in.Note, ReportedAt: s.now(), ReportedBy: person(a)}
	if f.Measures == nil {
		f.Measures = []string{}
	}
	if f.Quantities.Zero() {
		f.Quantities.Unit = ""
	}
	zh, en := f.Finding.Label()
	ae := audit.New(a, "warning.followup", "warning", id,
		fmt.Sprintf("报告通报 %s 的处置情况：%s / follow-up on bulletin %s: %s", w.Number, zh, w.Number, en)).WithChange(nil, f)
	if err := s.Store.AddFollowup(ctx, f, ae); err != nil {
		return nil, err
	}
	return f, nil
}

// Followups returns every recipient's follow-ups on the 通报 id with the
// deadline, to those who may see the warning: the issuing department and
// the recipients (administrators too). ErrNotFound for others.
func (s *Service) Followups(ctx context.Context, a risk.Actor, id risk.ID) (*FollowupReport, error) {
	if a.Role == risk.RoleEnterprise || !risk.Can(a, risk.PermWarningRead) {
		return nil, forbidden("无权查看通报的处置情况。", "Not allowed to read follow-ups.")
	}
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if w.Class != ClassBulletin {
		return nil, risk.Errorf(risk.ErrNotFound, "只有风险警示通报有处置情况报告。 / Only bulletins have follow-ups.")
	}
	fs, err := s.Store.Followups(ctx, id)
	if err != nil {
		return nil, err
	}
	r := Report(w, fs, s.now())
	if r.CanReport = CanReportFollowup(a, w); r.CanReport {
		r.ReportingFor = a.Dept
	}
	return r, nil
}
