package recall

import (
	"strings"
	"testing"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, risk.China)
	if err != nil {
		panic(err)
	}
	return t
}

// TestWorkOut: the three periods on the official calendar — counted from
// the day after, across a holiday block and a worked Saturday — days left,
// overdue, met and late; and a period reaching a year the calendar does
// not hold says so instead of a date.
func TestWorkOut(t *testing.T) {
	cal, err := calendar.Official()
	if err != nil {
		t.Fatal(err)
	}
	r := &Recall{AwareOn: "2026-09-30", Plan: &Plan{StartDate: "2026-10-09", CompletionDate: "2026-12-10", FiledAt: day("2026-10-12")}}
	r.WorkOut(cal, day("2026-10-12"))
	if r.Deadlines.ReportDue != "2026-10-09" || r.Deadlines.PlanDue != "2026-10-09" || r.Deadlines.SummaryDue != "2026-12-31" {
		t.Fatalf("deadlines: %+v", r.Deadlines)
	}
	byCode := map[string]Deadline{}
	for _, d := range r.DeadlineList {
		byCode[d.Code] = d
	}
	// Not reported: 10-12 is the first working day after 10-09 (the 10th,
	// a worked Saturday, counts).
	if d := byCode["report"]; !d.Overdue || d.DaysLeft != -2 {
		t.Errorf("report: %+v", d)
	}
	if d := byCode["plan"]; d.Met != "2026-10-12" || !d.Late || d.Overdue {
		t.Errorf("plan filed after the start: %+v", d)
	}
	if d := byCode["summary"]; d.Overdue || d.DaysLeft <= 0 {
		t.Errorf("summary: %+v", d)
	}
	zh, _ := byCode["summary"].Label()
	if zh != "召回总结报告" || !strings.Contains(byCode["summary"].Source, "15个工作日") {
		t.Errorf("summary named %q from %q", zh, byCode["summary"].Source)
	}

	r.Plan.CompletionDate = "2026-12-28"
	r.WorkOut(cal, day("2026-12-01"))
	for _, d := range r.DeadlineList {
		if d.Code == "summary" && (d.Due != "" || !strings.Contains(d.Unknown, "工作日历")) {
			t.Errorf("a summary due in a year the calendar lacks: %+v", d)
		}
	}
	if r.Deadlines.SummaryDue != "" {
		t.Errorf("summary_due guessed: %s", r.Deadlines.SummaryDue)
	}
}

// TestMachine: every status but the ends has a way on; the plan can be
// filed before a defect is confirmed (a voluntary recall) but not once
// the notice is out.
func TestMachine(t *testing.T) {
	for _, s := range []Status{StatusSuspected, StatusInvestigating, StatusConfirmed, StatusPlanFiled, StatusNoticePublished,
		StatusInProgress, StatusCompleted, StatusSummaryFiled} {
		if len(Machine.Allowed(string(s))) == 0 {
			t.Errorf("%s leads nowhere", s)
		}
		if zh, _ := s.Label(); zh == string(s) {
			t.Errorf("%s has no name", s)
		}
	}
	for _, s := range []Status{StatusClosed, StatusEvaluated} {
		if len(Machine.Allowed(string(s))) != 0 || s.Open() {
			t.Errorf("%s is not an end", s)
		}
	}
	if _, err := Machine.Step(string(StatusSuspected), ActFilePlan); err != nil {
		t.Error(err)
	}
	if _, err := Machine.Step(string(StatusNoticePublished), ActFilePlan); err == nil {
		t.Error("a plan filed after the notice")
	}
	if to, _ := Machine.Step(string(StatusSummaryFiled), ActMoreMeasures); to != string(StatusInProgress) {
		t.Errorf("more measures lead to %s", to)
	}
}

func TestInputCheck(t *testing.T) {
	now := day("2026-12-04")
	good := func() Input {
		return Input{Kind: Voluntary, EnterpriseUSCC: "91430100MA4L1A2B3F", Products: []Product{{Name: "打火机", Made: 100, Sold: 60, InChain: 30}},
			Defect: "外壳开裂", AwareOn: "2026-12-01"}
	}
	in := good()
	if err := in.Check(nil, now); err != nil {
		t.Fatalf("good input: %v", err)
	}
	for _, c := range []struct {
		field string
		edit  func(*Input)
	}{
		{"products[0].quantity_in_chain", func(in *Input) { in.Products[0].InChain = 50 }},
		{"products[0].quantity_sold", func(in *Input) { in.Products[0].Sold = 101 }},
		{"products[0].produced_to", func(in *Input) {
			in.Products[0].ProducedFrom, in.Products[0].ProducedTo = "2026-06-01", "2026-05-01"
		}},
		{"products[0].gtin", func(in *Input) { in.Products[0].GTIN = "6901234567891" }},
		{"aware_on", func(in *Input) { in.AwareOn = "2026-12-05" }},
		{"reported_on", func(in *Input) { in.ReportedOn = "2026-11-30" }},
		{"trigger", func(in *Input) { in.Trigger = "rumour" }},
		{"defect", func(in *Input) { in.Defect = "坏\u202e了" }},
	} {
		in := good()
		c.edit(&in)
		err := in.Check(nil, now)
		e, ok := risk.AsError(err)
		if !ok || e.Field != c.field {
			t.Errorf("%s: %v", c.field, err)
		}
	}
	p := PlanInput{Remedy: Repair, StartDate: "2026-12-10", CompletionDate: "2026-12-09", TargetCompletion: 0.9}
	if e, ok := risk.AsError(p.Check(now)); !ok || e.Field != "completion_date" {
		t.Errorf("a plan ending before it starts: %v", p.Check(now))
	}
}
