package screening_test

import (
	"testing"
	"time"

	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// TestRulesOf checks how measures and 通报 become port rules: the decision
// by measure type, the validity and the reason in both languages. No
// database needed.
func TestRulesOf(t *testing.T) {
	at := func(d int) *time.Time { x := time.Date(2026, 5, d, 0, 0, 0, 0, time.UTC); return &x }
	scope := warning.Scope{HSPrefixes: []string{"961310"}}
	src := screening.Sources{
		Version: 7,
		Measures: []screening.MeasureSource{
			{MeasureID: 11, Type: "raised-lab-test", Rate: 0.3, Scope: scope, Starts: at(3), Ends: at(20), WarningID: 2, WarningNumber: "湘关预警〔2026〕2号",
				WarningStarts: at(1), WarningUntil: at(30)},
			{MeasureID: 12, Type: "trace-investigation", Scope: scope, Starts: at(1), WarningID: 2}, // does not act at the port
			{MeasureID: 13, Type: "strengthened-supervision", Scope: scope, Starts: at(1), WarningID: 3, WarningNumber: "湘关预警〔2026〕3号",
				WarningStarts: at(5), WarningUntil: at(25)},
		},
		Bulletins: []screening.BulletinSource{{WarningID: 4, WarningNumber: "湘关预警〔2026〕4号", Scope: scope, Starts: at(2)}},
		Tiers:     map[string]string{"91430500MA4Q6L7M8": "advanced"},
		Rates:     map[string]float64{"advanced": 0.01},
	}
	rules, credit := screening.RulesOf(src)
	want := []struct {
		measure     int64
		decision    screening.Decision
		from, until time.Time
		why         string
	}{
		{11, screening.LabTest, at(3).UTC(), at(20).UTC(), "措施 11（提高抽样检测比例） / measure 11 (Raised laboratory test ratio)"},
		{13, screening.Inspect, at(5).UTC(), at(25).UTC(), "措施 13（加强监管/加严监管） / measure 13 (Strengthened supervision)"},
		{0, screening.DocumentCheck, at(2).UTC(), time.Time{}, "属风险警示通报 湘关预警〔2026〕4号 范围 / within the scope of bulletin 湘关预警〔2026〕4号"},
	}
	if len(rules) != len(want) {
		t.Fatalf("%d rules, want %d: %+v", len(rules), len(want), rules)
	}
	for i, w := range want {
		r := rules[i]
		if int64(r.MeasureID) != w.measure || r.Decision != w.decision || !r.From.Equal(w.from) || !r.Until.Equal(w.until) || r.Why != w.why {
			t.Errorf("rule %d = %+v, want measure %d %s %v–%v %q", i, r, w.measure, w.decision, w.from, w.until, w.why)
		}
	}
	if rules[0].Rate != 0.3 || rules[0].WarningNumber != "湘关预警〔2026〕2号" {
		t.Errorf("rule 0 keeps rate and number: %+v", rules[0])
	}
	if credit.DefaultTier != "routine" || credit.Tiers["91430500MA4Q6L7M8"] != "advanced" || credit.Rates["advanced"] != 0.01 {
		t.Errorf("credit = %+v", credit)
	}
	if n := credit.TierNames["advanced"]; n[0] != "高级认证企业" || n[1] != "Advanced certified enterprise" {
		t.Errorf("tier names = %v", n)
	}
}
