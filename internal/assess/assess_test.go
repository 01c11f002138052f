package assess_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/risk"
)

// The matrix of DESIGN.md, written out independently of the profile file.
var want = [8][4]risk.Level{
	{"high", "serious", "serious", "serious"},   // ≥ 1/2
	{"medium", "serious", "serious", "serious"}, // > 1/10
	{"medium", "serious", "serious", "serious"}, // > 1/100
	{"low", "high", "serious", "serious"},       // > 1/1 000
	{"low", "medium", "high", "serious"},        // > 1/10 000
	{"low", "low", "medium", "high"},            // > 1/100 000
	{"low", "low", "low", "medium"},             // > 1/1 000 000
	{"low", "low", "low", "low"},                // < 1/1 000 000
}

var bounds = []string{"1/2", "1/10", "1/100", "1/1000", "1/10000", "1/100000", "1/1000000"}

func profile(t *testing.T) *assess.Profile {
	ps, err := assess.BuiltinProfiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == assess.DefaultProfile {
			return p
		}
	}
	t.Fatal("no rag-2019 profile")
	return nil
}

func one(t *testing.T, p *assess.Profile, severity int, probs ...string) assess.ScenarioResult {
	t.Helper()
	s := assess.Scenario{Severity: severity}
	for _, pr := range probs {
		s.Steps = append(s.Steps, assess.Step{Probability: assess.Probability(pr)})
	}
	res, err := assess.Evaluate(p, []assess.Scenario{s})
	if err != nil {
		t.Fatalf("severity %d %v: %v", severity, probs, err)
	}
	return res.Scenarios[0]
}

// TestMatrixCells checks all 32 cells, each at its row's lower boundary
// (which belongs to the row) and just below the row above.
func TestMatrixCells(t *testing.T) {
	p := profile(t)
	for row := 0; row < 8; row++ {
		for sev := 1; sev <= 4; sev++ {
			var probs []string
			if row < 7 {
				probs = append(probs, bounds[row]) // exactly on the boundary
			} else {
				probs = append(probs, "1/2000000")
			}
			if row > 0 {
				// just under the row above: (upper bound) × (1 − 10⁻⁹)
				probs = append(probs, "__below:"+bounds[row-1])
			} else {
				probs = append(probs, "1")
			}
			for _, pr := range probs {
				steps := []string{pr}
				if b, ok := strings.CutPrefix(pr, "__below:"); ok {
					steps = []string{b, "999999999/1000000000"}
				}
				got := one(t, p, sev, steps...)
				if got.Level != want[row][sev-1] || got.Row != row {
					t.Errorf("row %d severity %d probability %v: level %s (row %d), want %s", row, sev, steps, got.Level, got.Row, want[row][sev-1])
				}
			}
		}
	}
}

func TestDesignChecks(t *testing.T) {
	p := profile(t)
	if got := one(t, p, 1, "1/500"); got.Level != risk.LevelLow {
		t.Errorf("severity 1, 1/500: %s, want low", got.Level)
	}
	// 1/2 × 1/5 is exactly 1/10: the "> 1/10" row, not the one below.
	if got := one(t, p, 1, "1/2", "0.2"); got.Exact != "1/10" || got.Level != risk.LevelMedium || got.Row != 1 {
		t.Errorf("1/2 × 0.2: %+v", got)
	}
	// Decimal products that floating point would put just past a boundary.
	if got := one(t, p, 2, "0.1", "0.1", "0.1"); got.Exact != "1/1000" || got.Level != risk.LevelHigh {
		t.Errorf("0.1³: %+v", got)
	}
}

func TestEvaluateRequestShape(t *testing.T) {
	var req struct {
		Scenarios []assess.Scenario `json:"scenarios"`
	}
	body := `{"scenarios": [{"severity": 2, "steps": [{"probability": "1/10"}, {"probability": 0.5}]}, {"severity": 1, "steps": [{"probability": 1}]}]}`
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	res, err := assess.Evaluate(profile(t), req.Scenarios)
	if err != nil {
		t.Fatal(err)
	}
	if res.Level != risk.LevelSerious || res.Worst != 0 || res.Scenarios[0].Probability != 0.05 || res.Scenarios[1].Level != risk.LevelHigh {
		t.Fatalf("result %+v", res)
	}
}

func TestEvaluateRejects(t *testing.T) {
	p := profile(t)
	bad := []assess.Scenario{
		{Severity: 5, Steps: []assess.Step{{Probability: "0.5"}}},
		{Severity: 2, Steps: []assess.Step{{Probability: "0.5"}, {Probability: "1.5"}}},
		{Severity: 2, Steps: []assess.Step{{Probability: "0"}}},
		{Severity: 2, Steps: []assess.Step{{Probability: "1/0"}}},
		{Severity: 2},
	}
	_, err := assess.Evaluate(p, bad)
	e, ok := risk.AsError(err)
	if !ok || !errors.Is(err, risk.ErrInvalid) {
		t.Fatalf("err %v", err)
	}
	var fields []string
	for _, d := range e.Details {
		fields = append(fields, d.Field)
	}
	wantFields := "scenarios[0].severity scenarios[1].steps[1].probability scenarios[2].steps[0].probability scenarios[3].steps[0].probability scenarios[4].steps"
	if got := strings.Join(fields, " "); got != wantFields {
		t.Fatalf("fields %s\nwant   %s", got, wantFields)
	}
	if _, err := assess.Evaluate(p, nil); err == nil {
		t.Fatal("no scenarios accepted")
	}
}

func TestProfileCheck(t *testing.T) {
	for _, b := range []string{
		`{"name": "x", "version": 1, "severities": 1, "rows": [{"min": "1/10", "levels": ["low"]}, {"min": "1/2", "levels": ["low"]}]}`,
		`{"name": "x", "version": 1, "severities": 1, "rows": [{"min": "1/10", "levels": ["low"]}]}`,
		`{"name": "x", "version": 1, "severities": 2, "rows": [{"min": "0", "levels": ["low"]}]}`,
		`{"name": "x", "version": 1, "severities": 1, "rows": [{"min": "0", "levels": ["dire"]}]}`,
	} {
		if _, err := assess.ParseProfile([]byte(b)); err == nil {
			t.Errorf("bad profile accepted: %s", b)
		}
	}
}
