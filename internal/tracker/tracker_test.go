package tracker

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

func names(us []Unit) string {
	var out []string
	for _, u := range us {
		out = append(out, u.Short+"="+u.Code)
	}
	return strings.Join(out, " ")
}

// TestPlan reads the notice's 18 tasks and 3 safeguards with their units as
// the notice names them, tied to the department catalogue.
func TestPlan(t *testing.T) {
	ts, err := Plan()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 21 {
		t.Fatalf("%d tasks, want 18 tasks and 3 safeguards", len(ts))
	}
	for i, task := range ts[:18] {
		if task.Section != SectionTask || task.Number != i+1 || task.Code == "" || task.Title == "" || len(task.Items) == 0 {
			t.Errorf("task %d: %+v", i+1, task)
		}
		// Every unit the parenthesis names is on the task, in its order.
		for _, u := range task.Units {
			if !strings.Contains(task.UnitsText, u.Short) || u.Code == "" || u.NameZh == "" || u.NameEn == "" {
				t.Errorf("task %d: unit %+v", task.Number, u)
			}
		}
	}
	want := map[string]struct {
		title, lead, supporting string
		named                   bool
		answering               int
	}{
		"T01": {"制定实施风险监测计划", "长沙海关=cs-customs", "省农业农村厅=hn-agri 省市场监管局=hn-amr 省卫生健康委=hn-health", true, 1},
		"T03": {"加快创建风险监测点", "长沙海关=cs-customs", "", true, 1},
		"T08": {"实施风险分级分类预警", "长沙海关=cs-customs", "省卫生健康委=hn-health 省市场监管局=hn-amr", false, 3},
		"T11": {"加强缺陷进口商品召回", "省市场监管局=hn-amr", "省生态环境厅=hn-ecoenv 长沙海关=cs-customs", true, 1},
		"T12": {"强化质量信用激励惩戒", "省发展改革委=hn-ndrc", "省商务厅=hn-commerce 人民银行长沙中心支行=pbc-cs 省税务局=hn-tax 省市场监管局=hn-amr 长沙海关=cs-customs", false, 6},
		"T14": {"完善口岸风险应急处置", "省政府口岸办=hn-port", "长沙海关=cs-customs 省应急厅=hn-emergency 省市场监管局=hn-amr 省生态环境厅=hn-ecoenv 省交通运输厅=hn-transport", true, 1},
		"S1":  {"加强组织领导", "各责任单位=responsible-units", "各市州人民政府=hn-cities", false, 1},
		"S3":  {"加强督促检查和宣传引导", "省政府新闻办=hn-news", "省商务厅=hn-commerce 长沙海关=cs-customs", false, 3},
	}
	for code, w := range want {
		task, err := FindTask(code)
		if err != nil {
			t.Fatal(err)
		}
		if task.Title != w.title || names([]Unit{task.Lead()}) != w.lead || names(task.Supporting()) != w.supporting || task.LeadNamed != w.named || len(task.Answering()) != w.answering {
			t.Errorf("%s: %q lead %s supporting %s named %v answering %d, want %+v", code, task.Title, names([]Unit{task.Lead()}),
				names(task.Supporting()), task.LeadNamed, len(task.Answering()), w)
		}
	}
	if ts[18].Section != SectionSafeguard || ts[18].Number != 1 {
		t.Errorf("S1: %+v", ts[18])
	}
	if _, err := FindTask("T19"); !errors.Is(err, risk.ErrNotFound) {
		t.Errorf("T19: %v", err)
	}
}

func TestParseUnits(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		lead bool
	}{
		{"长沙海关牵头,省农业农村厅、省市场监管局等单位按职责分工负责", "长沙海关 省农业农村厅 省市场监管局", true},
		{"长沙海关负责", "长沙海关", true},
		{"长沙海关、省市场监管局等单位按职责分工负责", "长沙海关 省市场监管局", false},
	} {
		got, lead, err := ParseUnits(c.in)
		if err != nil || strings.Join(got, " ") != c.want || lead != c.lead {
			t.Errorf("%s: %v %v %v", c.in, got, lead, err)
		}
	}
	for _, bad := range []string{"", "牵头,省商务厅等单位按职责分工负责", "A、B牵头", "A、、B等单位按职责分工负责"} {
		if _, _, err := ParseUnits(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestQuarters(t *testing.T) {
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	var got []string
	for _, q := range Rounds(now) {
		got = append(got, q.String())
	}
	if strings.Join(got, " ") != "2025Q4 2026Q1 2026Q2 2026Q3" {
		t.Fatalf("rounds %v", got)
	}
	if q, err := ParseQuarter("2026-q3"); err != nil || q != (Quarter{2026, 3}) {
		t.Fatalf("%v %v", q, err)
	}
	for _, bad := range []string{"2026Q5", "2026", "Q3", "1999Q1", "二〇二六Q1"} {
		if _, err := ParseQuarter(bad); err == nil {
			t.Errorf("%s accepted", bad)
		} else if e, _ := risk.AsError(err); e.Field != "quarter" {
			t.Errorf("%s: %v", bad, err)
		}
	}
	cal, err := calendar.Official()
	if err != nil {
		t.Fatal(err)
	}
	// Q3 2026 ends on 30 September; 1–7 October are the National Day
	// holiday and 8 October is a holiday too: the fifth working day
	// after is on the next week.
	dl, err := Deadline(cal, Quarter{2026, 3})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := cal.Count(Quarter{2026, 3}.End().AddDate(0, 0, -1), dl.AddDate(0, 0, -1))
	if n != ReportDays || dl.AddDate(0, 0, -1).Before(time.Date(2026, 10, 9, 0, 0, 0, 0, risk.China)) {
		t.Fatalf("deadline %v (%d working days)", dl, n)
	}
	zh, en := Quarter{2026, 3}.Label()
	if zh != "2026年第三季度" || en != "Q3 2026" {
		t.Fatal(zh, en)
	}
}

// memStore is a Store in memory.
type memStore struct {
	reports []*Report
	counts  map[Metric]int
	entries []audit.Entry
}

func (m *memStore) SubmitReport(ctx context.Context, r *Report, ae audit.Entry) error {
	for _, x := range m.reports {
		if x.Task == r.Task && x.Unit == r.Unit && x.Quarter == r.Quarter {
			return risk.Errorf(risk.ErrConflict, "dup")
		}
	}
	r.ID = risk.ID(len(m.reports) + 1)
	m.reports = append(m.reports, r)
	m.entries = append(m.entries, ae)
	return nil
}

func (m *memStore) Reports(ctx context.Context, f ReportFilter) ([]*Report, error) {
	var out []*Report
	for _, r := range m.reports {
		if (f.Task == "" || r.Task == f.Task) && (f.Unit == "" || r.Unit == f.Unit) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) Count(ctx context.Context, metrics []Metric, since time.Time) (map[Metric]int, error) {
	return m.counts, nil
}

func TestSubmitAndOverview(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 10, 10, 2, 0, 0, 0, time.UTC) // before Q3's deadline
	st := &memStore{counts: map[Metric]int{MetricMonitoringPlans: 1, MetricMonitoringSamples: 10}}
	svc := &Service{Store: st, Now: func() time.Time { return now }}
	customs := risk.Actor{UserID: 2, Login: "officer", Name: "李敏", Role: risk.RoleOfficer, Dept: "cs-customs"}
	police := risk.Actor{UserID: 3, Login: "police", Role: risk.RoleOfficer, Dept: "hn-police"}
	inspector := risk.Actor{UserID: 4, Login: "inspector", Role: risk.RoleInspector, Dept: "cs-customs"}
	in := ReportInput{Task: "T01", Unit: "cs-customs", Quarter: "2026Q3", Progress: "批准年度监测计划，完成抽样 10 批。"}

	field := func(err error) string {
		if e, ok := risk.AsError(err); ok && errors.Is(err, risk.ErrInvalid) {
			return e.Field
		}
		return "not invalid: " + err.Error()
	}
	// A unit not on the task: refused naming the field, nothing written.
	bad := in
	bad.Unit = "hn-police"
	_, err := svc.Submit(ctx, police, bad)
	if field(err) != "unit" || !strings.Contains(err.Error(), "不是任务 1") || !strings.Contains(err.Error(), " / the reporting unit hn-police is not one of the units of task 1") {
		t.Fatalf("unit not on the task: %v", err)
	}
	bad.Unit = Collective
	if _, err := svc.Submit(ctx, risk.System, ReportInput{Task: "S1", Unit: Collective, Quarter: "2026Q3", Progress: "x"}); field(err) != "unit" {
		t.Fatalf("the collective: %v", err)
	}
	bad = in
	bad.Quarter = "2027Q1"
	if _, err := svc.Submit(ctx, customs, bad); field(err) != "quarter" {
		t.Fatalf("future quarter: %v", err)
	}
	bad = in
	bad.Progress = " "
	if _, err := svc.Submit(ctx, customs, bad); field(err) != "progress" {
		t.Fatalf("no progress: %v", err)
	}
	if _, err := svc.Submit(ctx, customs, ReportInput{Task: "T99", Unit: "cs-customs", Quarter: "2026Q3", Progress: "x"}); field(err) != "task" {
		t.Fatalf("no task: %v", err)
	}
	// Another unit's report, or a role that does not report.
	bad = in
	bad.Unit = "hn-amr"
	if _, err := svc.Submit(ctx, customs, bad); !errors.Is(err, risk.ErrForbidden) {
		t.Fatalf("another unit: %v", err)
	}
	if _, err := svc.Submit(ctx, inspector, in); !errors.Is(err, risk.ErrForbidden) {
		t.Fatalf("inspector: %v", err)
	}
	if len(st.reports) != 0 {
		t.Fatalf("refusals wrote %d reports", len(st.reports))
	}
	r, err := svc.Submit(ctx, customs, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Late || r.SubmittedBy != "officer" || len(st.entries) != 1 || st.entries[0].Action != "tracker.report" ||
		!strings.Contains(st.entries[0].Summary, "长沙海关报送任务 1（2026年第三季度）进展") {
		t.Fatalf("report %+v, entries %+v", r, st.entries)
	}
	if _, err := svc.Submit(ctx, customs, in); !errors.Is(err, risk.ErrConflict) {
		t.Fatalf("twice: %v", err)
	}
	// A supporting unit may report too.
	if _, err := svc.Submit(ctx, risk.System, ReportInput{Task: "T01", Unit: "hn-amr", Quarter: "2026Q3", Progress: "配合开展市场抽样。"}); err != nil {
		t.Fatal(err)
	}

	// Overview on 10 October 2026: Q3's deadline has not passed; 2025Q4
	// to 2026Q2 are overdue for every answering unit but … none reported.
	o, err := svc.Overview(ctx, customs)
	if err != nil {
		t.Fatal(err)
	}
	t1 := o.Tasks[0]
	if t1.Code != "T01" || len(t1.Figures) != 2 || t1.Figures[0].Attained != 100 || t1.Figures[1].Attained != 25 || t1.Progress != 63 {
		t.Fatalf("T01: %+v", t1)
	}
	if !t1.Overdue || len(t1.Dues) != 4 || !t1.Dues[0].Overdue || t1.Dues[3].Overdue || t1.Dues[3].Report == nil {
		t.Fatalf("T01 dues: %+v", t1.Dues)
	}
	// T14 is measured by reports on time: none of the three due was.
	var t14 *Status
	for _, s := range o.Tasks {
		if s.Code == "T14" {
			t14 = s
		}
	}
	if t14.Figures[0].Value != 0 || !t14.Figures[0].Basis || t14.Progress != 0 || !t14.Overdue {
		t.Fatalf("T14: %+v", t14.Figures)
	}
	q, err := svc.Queue(ctx, customs)
	if err != nil {
		t.Fatal(err)
	}
	// 长沙海关 answers for T01–T10, T12, T13, T15–T18, S2 and S3 (it
	// supports T11 and T14; S1's units are the collective and the 市州):
	// 18 tasks × 3 quarters past their deadline.
	if q.Overdue != 18*3 {
		t.Fatalf("queue %+v", q)
	}
	if _, err := svc.Overview(ctx, risk.Actor{Role: risk.RoleEnterprise, UserID: 9}); !errors.Is(err, risk.ErrForbidden) {
		t.Fatalf("enterprise: %v", err)
	}
}

// TestSupervision lays the overview out as the 督查 report: every task, its
// items, the overdue reports and those received, in PDF and XLSX.
func TestSupervision(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	st := &memStore{counts: map[Metric]int{MetricMonitoringPlans: 1, MetricSignals: 250}}
	svc := &Service{Store: st, Now: func() time.Time { return now }}
	if _, err := svc.Submit(ctx, risk.System, ReportInput{Task: "T11", Unit: "hn-amr", Quarter: "2026Q3", Progress: "召回 3 起。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Supervision(ctx, risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "cs-customs"}); !errors.Is(err, risk.ErrForbidden) {
		t.Fatalf("officer: %v", err)
	}
	doc, err := svc.Supervision(ctx, risk.Actor{UserID: 3, Role: risk.RoleApprover, Dept: "cs-customs"})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := svc.Overview(ctx, risk.System)
	tables := doc.Tables
	if len(tables) != 4 || len(tables[0].Rows) != 21 || len(tables[1].Rows) != 35 || len(tables[2].Rows) != len(o.OverdueDues()) || len(tables[3].Rows) != 1 {
		t.Fatalf("tables: %d tasks, %d items, %d overdue, %d reports", len(tables[0].Rows), len(tables[1].Rows), len(tables[2].Rows), len(tables[3].Rows))
	}
	if r := tables[0].Rows[7]; r[0] != "任务 8" || r[2] != "长沙海关（首列）" || r[3] != "湖南省卫生健康委员会、湖南省市场监督管理局" {
		t.Errorf("task 8's row: %v", r)
	}
	if r := tables[3].Rows[0]; r[1] != "湖南省市场监督管理局" || r[2] != "2026年第三季度" || r[4] != "召回 3 起。" {
		t.Errorf("the report's row: %v", r)
	}
	if !strings.Contains(doc.Lines[0], "2025年第四季度至2026年第三季度") {
		t.Errorf("lines: %v", doc.Lines)
	}
	pdf, err := doc.PDF()
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("pdf: %v", err)
	}
	xlsx, err := doc.XLSX()
	if err != nil || !strings.HasPrefix(string(xlsx), "PK") {
		t.Fatalf("xlsx: %v", err)
	}
	if out := os.Getenv("TRACKER_SUPERVISION_OUT"); out != "" {
		os.WriteFile(out+".pdf", pdf, 0o644)
		os.WriteFile(out+".xlsx", xlsx, 0o644)
	}
}
