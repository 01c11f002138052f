package warning_test

import (
	"strings"
	"testing"

	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func TestGradeTable(t *testing.T) {
	r := warning.DefaultRules
	cases := []struct {
		level   risk.Level
		urgency warning.Urgency
		reach   warning.Reach
		want    risk.Grade
		ok      bool
	}{
		{risk.LevelSerious, warning.UrgencyNormal, warning.ReachLocal, risk.GradeII, true},
		{risk.LevelSerious, warning.UrgencyImmediate, warning.ReachLocal, risk.GradeI, true},
		{risk.LevelSerious, warning.UrgencyNormal, warning.ReachWide, risk.GradeI, true},
		{risk.LevelSerious, warning.UrgencyImmediate, warning.ReachWide, risk.GradeI, true}, // never above I
		{risk.LevelHigh, warning.UrgencyNormal, warning.ReachLocal, risk.GradeIII, true},
		{risk.LevelHigh, warning.UrgencyImmediate, warning.ReachWide, risk.GradeI, true},
		{risk.LevelMedium, warning.UrgencyNormal, warning.ReachLocal, risk.GradeIV, true},
		{risk.LevelMedium, warning.UrgencyImmediate, warning.ReachLocal, risk.GradeIII, true},
		{risk.LevelMedium, warning.UrgencyImmediate, warning.ReachWide, risk.GradeII, true},
		{risk.LevelLow, warning.UrgencyImmediate, warning.ReachWide, "", false},
	}
	for _, c := range cases {
		g, ok, reason := r.Grade(c.level, c.urgency, c.reach)
		if g != c.want || ok != c.ok {
			t.Errorf("%s/%s/%s: grade %q ok %v, want %q %v", c.level, c.urgency, c.reach, g, ok, c.want, c.ok)
		}
		if !strings.Contains(reason, " / ") || !strings.Contains(reason, "v1") {
			t.Errorf("reason %q is not a bilingual explanation naming the rules version", reason)
		}
	}
	_, _, reason := r.Grade(risk.LevelSerious, warning.UrgencyImmediate, warning.ReachWide)
	if !strings.Contains(reason, "capped at I") {
		t.Errorf("capped grade not explained: %q", reason)
	}
	// The table is data: another version changes the outcome without code.
	strict := warning.Rules{Version: 2, Base: map[risk.Level]risk.Grade{risk.LevelSerious: risk.GradeI, risk.LevelHigh: risk.GradeII, risk.LevelMedium: risk.GradeIII, risk.LevelLow: risk.GradeIV}}
	if err := strict.Check(); err != nil {
		t.Fatal(err)
	}
	if g, ok, _ := strict.Grade(risk.LevelLow, warning.UrgencyNormal, warning.ReachLocal); !ok || g != risk.GradeIV {
		t.Errorf("v2 low: %s %v", g, ok)
	}
	bad := warning.Rules{Version: 3, Base: map[risk.Level]risk.Grade{"dire": "V"}, WideSteps: 9}
	if err := bad.Check(); err == nil {
		t.Error("bad rules accepted")
	}
}

func TestScopeMatches(t *testing.T) {
	s := warning.Scope{HSPrefixes: []string{"9613"}, Keywords: []string{"打火机"}, Countries: []string{"DE"}}
	cases := []struct {
		lot  warning.Lot
		want bool
	}{
		{warning.Lot{HSCode: "9613100000", Name: "一次性打火机", Destination: "DE"}, true},
		{warning.Lot{HSCode: "9613100000", Name: "一次性打火机", Origin: "DE"}, true},
		{warning.Lot{HSCode: "9613100000", Name: "一次性打火机", Destination: "FR"}, false},
		{warning.Lot{HSCode: "3604100000", Name: "打火机", Destination: "DE"}, false},
		{warning.Lot{HSCode: "9613100000", Name: "点火枪", Destination: "DE"}, false},
	}
	for _, c := range cases {
		if got := s.Matches(c.lot); got != c.want {
			t.Errorf("%+v: %v, want %v", c.lot, got, c.want)
		}
	}
	if (&warning.Scope{}).Matches(cases[0].lot) {
		t.Error("an empty scope matched")
	}
	b := warning.Scope{Brands: []string{"Zippo"}}
	if !b.Matches(warning.Lot{Brand: "ZIPPO"}) || b.Matches(warning.Lot{}) {
		t.Error("brand matching is not case-insensitive equality")
	}
}
