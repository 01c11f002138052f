package lab

import (
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"
)

func rules(t *testing.T) *Rules {
	t.Helper()
	r, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// replay evaluates a laboratory after each of a sequence of cross-checks
// (true: agreed), one a day, and returns the outcome after the last.
func replay(t *testing.T, r *Rules, l *Lab, seq string) Outcome {
	t.Helper()
	start := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	var checks []*CrossCheck
	var o Outcome
	for i, c := range seq {
		at := start.AddDate(0, 0, i)
		checks = append(checks, &CrossCheck{ID: risk.ID(i + 1), Agree: c == '+', Falsified: c == 'x', CreatedAt: at})
		o = Evaluate(r, l, checks, at)
		l.Grade, l.Status = o.Grade, o.Status
	}
	return o
}

// TestEvaluate replays the default rules on sequences of cross-checks: the
// contract's two cases (all agree keeps the top grade; half of twenty in
// disagreement suspends), lowering and raising, a falsified report, and a
// suspension that only a review lifts.
func TestEvaluate(t *testing.T) {
	r := rules(t)
	tests := []struct {
		name, seq, from string
		grade           string
		status          Status
		rule            int
	}{
		{"all agree keeps the top grade", strings.Repeat("+", 20), "A", "A", Accepted, 4},
		{"few checks keep the grade", "++-", "A", "A", Accepted, -1},
		{"half of twenty disagree suspends", strings.Repeat("+-", 10), "A", "D", Suspended, 0},
		{"half of twenty, disagreements first", strings.Repeat("-", 10) + strings.Repeat("+", 10), "A", "D", Suspended, 0},
		{"nine of twenty is no suspension", strings.Repeat("-", 9) + strings.Repeat("+", 11), "A", "D", Accepted, 1},
		{"one in ten lowers to B", "+++++++++-", "A", "B", Accepted, 3},
		{"one in five lowers to C", "++++-", "A", "C", Accepted, 2},
		{"agreement raises C to A", strings.Repeat("+", 10), "C", "A", Accepted, 4},
		{"a falsified report revokes", "++x", "A", "A", Revoked, -2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Lab{Grade: tt.from, Status: Accepted}
			o := replay(t, r, l, tt.seq)
			if o.Grade != tt.grade || o.Status != tt.status || o.Rule != tt.rule {
				t.Errorf("got grade %s status %s rule %d, want %s %s %d (%s)", o.Grade, o.Status, o.Rule, tt.grade, tt.status, tt.rule, o.WhyEn)
			}
			if o.RulesVersion != 1 || o.WhyZh == "" || !strings.Contains(o.WhyEn, "2026-") {
				t.Errorf("explanation lacks version or window: %+v", o)
			}
		})
	}
	t.Run("suspension stays until a review", func(t *testing.T) {
		l := &Lab{Grade: "D", Status: Suspended}
		if o := replay(t, r, l, strings.Repeat("+", 20)); o.Status != Suspended {
			t.Errorf("evaluation lifted a suspension: %+v", o)
		}
	})
	t.Run("window starts at reinstatement", func(t *testing.T) {
		start := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
		var checks []*CrossCheck
		for i := range 20 {
			checks = append(checks, &CrossCheck{ID: risk.ID(i + 1), Agree: i%2 == 0, CreatedAt: start.AddDate(0, 0, i)})
		}
		l := &Lab{Grade: "D", Status: Accepted, CountFrom: start.AddDate(0, 0, 25)}
		o := Evaluate(r, l, checks, start.AddDate(0, 0, 30))
		if o.Status != Accepted || o.Checks != 0 {
			t.Errorf("checks before the reinstatement counted: %+v", o)
		}
	})
}

// TestCompare: conclusion and numeric tolerance decide agreement.
func TestCompare(t *testing.T) {
	r := rules(t)
	rep := &Report{Conclusion: Pass, Items: []Item{{TestItem: "甲醛含量", Result: "50"}, {TestItem: "pH值", Result: "6.0"}, {TestItem: "纤维含量", Result: "棉 100%"}}}
	tests := []struct {
		name    string
		customs Conclusion
		items   []CheckItem
		fals    bool
		agree   bool
	}{
		{"same conclusion", Pass, nil, false, true},
		{"other conclusion", Fail, nil, false, false},
		{"within relative tolerance", Pass, []CheckItem{{TestItem: "甲醛含量", Result: "60"}}, false, true},
		{"beyond relative tolerance", Pass, []CheckItem{{TestItem: "甲醛含量", Result: "60.5"}}, false, false},
		{"within absolute tolerance", Pass, []CheckItem{{TestItem: "pH值", Result: "6.5"}}, false, true},
		{"beyond absolute tolerance", Pass, []CheckItem{{TestItem: "pH值", Result: "6.6"}}, false, false},
		{"text result: the conclusion decides", Pass, []CheckItem{{TestItem: "纤维含量", Result: "棉 95%"}}, false, true},
		{"falsified never agrees", Pass, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			agree, _, zh, en := Compare(r, rep, tt.customs, tt.items, tt.fals)
			if agree != tt.agree || zh == "" || en == "" {
				t.Errorf("agree = %v (%s), want %v", agree, en, tt.agree)
			}
		})
	}
}

// TestDraw: the draw is reproducible from salt, laboratory and number, and
// falls in [0, 1).
func TestDraw(t *testing.T) {
	a, b := Draw([]byte("salt"), 1, "R-1"), Draw([]byte("salt"), 1, "R-1")
	if a != b || a < 0 || a >= 1 {
		t.Fatalf("draw %v, %v", a, b)
	}
	if Draw([]byte("salt"), 2, "R-1") == a || Draw([]byte("other"), 1, "R-1") == a {
		t.Error("the draw does not depend on laboratory and salt")
	}
	n := 0
	for i := range 2000 {
		if Draw([]byte("salt"), 1, "R-"+string(rune('a'+i%26))+time.Duration(i).String()) < 0.1 {
			n++
		}
	}
	if n < 140 || n > 260 {
		t.Errorf("%d of 2000 draws under 0.1", n)
	}
}

// TestLabInput: each bad field is named.
func TestLabInput(t *testing.T) {
	r := rules(t)
	in := LabInput{Name: "x", USCC: "91512081MA62K0260E", Accreditations: []Accreditation{{Scheme: "CNAS", ValidUntil: "2027-01-01"}, {Scheme: "XYZ", Number: "1", ValidUntil: "2020-01-01"}},
		Scopes: []Scope{{HSPrefix: "61a", TestItem: ""}, {HSPrefix: "61", TestItem: "pH", Accreditation: "nope"}}}
	err := in.Check(r, "2026-12-01")
	for _, f := range []string{"accreditations[0].number", "accreditations[1].scheme", "accreditations[1].valid_until", "scopes[0].hs_prefix", "scopes[0].test_item", "scopes[1].accreditation"} {
		if err == nil || !strings.Contains(fields(err), f) {
			t.Errorf("%s not named in %v", f, err)
		}
	}
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
}

// fields lists the fields an error names.
func fields(err error) string {
	var e *risk.Error
	if !errors.As(err, &e) {
		return ""
	}
	out := e.Field
	for _, d := range e.Details {
		out += " " + d.Field
	}
	return out
}
