package screening

import (
	"strings"
	"testing"
	"time"

	"riskgate/internal/warning"
)

// A raised-lab-test measure that accepts reports covering 甲醛含量 and pH值
// decides a covered line by a document check, names the report in its
// reasons, and keeps the lab test wherever the report does not cover the
// line: another firm, another heading, a missing item, out of its dates,
// or drawn for a cross-check not yet made.
func TestAcceptedReportsRelieveLines(t *testing.T) {
	const firm, other = "91430500MA4Q6L7M8Y", "91430100MA4L0E1X2K"
	rule := Rule{MeasureID: 7, WarningNumber: "湘关预警〔2026〕9号", Decision: LabTest, Scope: warning.Scope{HSPrefixes: []string{"61"}},
		Why:    "措施 7（提高抽样检测比例） / measure 7 (Raised laboratory test ratio)",
		Relief: &Relief{TestItems: []string{"甲醛含量", "pH值"}, Decision: DocumentCheck}}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	report := Report{ID: 1, Number: "XJ-2026-0301", Lab: "湘检纺织", HSCode: "610910", EnterpriseUSCC: firm,
		IssuedOn: day("2026-03-01"), ValidUntil: day("2027-02-28"), TestItems: []string{"甲醛含量", "pH值", "色牢度"}}
	line := Line{HSCode: "6109100010", Name: "棉制T恤衫"}
	screen := func(reports []Report, d *Declaration) LineResult {
		t.Helper()
		ix := Build([]Rule{rule}, Credit{Rates: map[string]float64{}}, []byte("k"), 1)
		ix.SetReports(reports)
		return ix.Screen(d).Lines[0]
	}
	got := screen([]Report{report}, decl(line))
	if got.Decision != DocumentCheck || len(got.Reasons) != 1 || !strings.Contains(got.Reasons[0].Why, "采信报告 XJ-2026-0301（湘检纺织，有效至 2027-02-28）覆盖甲醛含量、pH值，改为单证审核") ||
		!strings.Contains(got.Reasons[0].Why, "document check instead") || got.Reasons[0].MeasureID != 7 {
		t.Fatalf("covered line: %+v", got)
	}

	for name, c := range map[string]struct {
		report Report
		d      *Declaration
	}{
		"another firm's report":   {with(report, func(r *Report) { r.EnterpriseUSCC = other }), decl(line)},
		"another heading":         {with(report, func(r *Report) { r.HSCode = "6110" }), decl(line)},
		"an item missing":         {with(report, func(r *Report) { r.TestItems = []string{"甲醛含量"} }), decl(line)},
		"not yet issued":          {with(report, func(r *Report) { r.IssuedOn = day("2026-12-01") }), decl(line)},
		"expired":                 {with(report, func(r *Report) { r.ValidUntil = day("2026-11-28") }), decl(line)},
		"no firm, no declaration": {with(report, func(r *Report) { r.EnterpriseUSCC = "" }), decl(line)},
	} {
		if got := screen([]Report{c.report}, c.d); got.Decision != LabTest || strings.Contains(got.Reasons[0].Why, "采信") {
			t.Errorf("%s: %+v", name, got)
		}
	}

	// Valid through its last day; the declaration it names; the maker's.
	if got := screen([]Report{with(report, func(r *Report) { r.ValidUntil = day("2026-11-29") })}, decl(line)); got.Decision != DocumentCheck {
		t.Errorf("on its last valid day: %+v", got)
	}
	byDecl := with(report, func(r *Report) { r.EnterpriseUSCC, r.DeclarationRef = "", "430120261129000001" })
	if got := screen([]Report{byDecl}, decl(line)); got.Decision != DocumentCheck {
		t.Errorf("report naming the declaration: %+v", got)
	}
	made := line
	made.ManufacturerUSCC = other
	if got := screen([]Report{with(report, func(r *Report) { r.EnterpriseUSCC = other })}, decl(made)); got.Decision != DocumentCheck {
		t.Errorf("report of the maker: %+v", got)
	}

	// Drawn for a cross-check: the port tests the goods; the reason says why.
	drawn := with(report, func(r *Report) { r.Awaiting = true })
	got = screen([]Report{drawn}, decl(line))
	if got.Decision != LabTest || !strings.Contains(got.Reasons[0].Why, "采信报告 XJ-2026-0301 已抽中待海关比对，不予减免") {
		t.Errorf("drawn report: %+v", got)
	}
	// …unless another report covers the line.
	second := with(report, func(r *Report) { r.ID, r.Number = 2, "XJ-2026-0455" })
	if got := screen([]Report{drawn, second}, decl(line)); got.Decision != DocumentCheck || !strings.Contains(got.Reasons[0].Why, "XJ-2026-0455") {
		t.Errorf("drawn and clean reports: %+v", got)
	}

	// Another measure on the line without acceptance still decides.
	strict := Rule{MeasureID: 8, Decision: Inspect, Scope: warning.Scope{HSPrefixes: []string{"6109"}}, Why: "inspect"}
	ix := Build([]Rule{rule, strict}, Credit{Rates: map[string]float64{}}, []byte("k"), 1)
	ix.SetReports([]Report{report})
	if got := ix.Screen(decl(line)).Lines[0]; got.Decision != Inspect {
		t.Errorf("relieved measure and a stricter one: %+v", got)
	}
}

// RulesOf keeps a measure's relief only when it lightens the decision.
func TestRulesOfRelief(t *testing.T) {
	src := Sources{Measures: []MeasureSource{
		{MeasureID: 1, Type: "raised-lab-test", Relief: &Relief{TestItems: []string{"甲醛含量"}, Decision: DocumentCheck}},
		{MeasureID: 2, Type: "raised-lab-test", Relief: &Relief{TestItems: []string{"甲醛含量"}, Decision: Detain}},
		{MeasureID: 3, Type: "raised-lab-test", Relief: &Relief{Decision: DocumentCheck}},
	}}
	rules, _ := RulesOf(src)
	if len(rules) != 3 || rules[0].Relief == nil || rules[1].Relief != nil || rules[2].Relief != nil {
		t.Fatalf("reliefs: %+v %+v %+v", rules[0].Relief, rules[1].Relief, rules[2].Relief)
	}
}

func with(r Report, f func(*Report)) Report {
	r.TestItems = append([]string(nil), r.TestItems...)
	f(&r)
	return r
}
