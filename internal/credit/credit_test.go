package credit

import (
	"strings"
	"testing"

	"riskgate/internal/risk"
)

func ev(id int, sev Severity, on string, r *Rules) *Event {
	sr := r.Severities[sev]
	return &Event{ID: risk.ID(id), Severity: sev, OccurredOn: on, EndsOn: addDays(on, sr.EffectDays), RepairableOn: addDays(on, sr.RepairWaitDays), Status: InForce}
}

// TestDecideReplay replays the default table on event sequences and checks
// the tier after each step.
func TestDecideReplay(t *testing.T) {
	r, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		add  *Event // nil: only the day moves
		day  string
		want string
	}
	cases := []struct {
		name  string
		base  string
		steps []step
	}{
		{"one serious event makes a routine firm seriously dishonest", TierRoutine, []step{
			{nil, "2026-01-01", TierRoutine},
			{ev(1, Serious, "2026-01-02", r), "2026-01-02", TierSeriouslyDishonest},
			{nil, "2030-12-31", TierSeriouslyDishonest}, // 1,825 days: still in force the day before
			{nil, "2031-01-01", TierRoutine},            // and over on its end day
		}},
		{"a first minor event is tolerated, a second within a year is not", TierCertified, []step{
			{ev(1, Minor, "2026-02-01", r), "2026-02-01", TierCertified},
			{ev(2, Minor, "2026-08-01", r), "2026-08-01", TierDishonest},
			{nil, "2027-02-01", TierCertified}, // the first ended: one minor left, tolerated
		}},
		{"two minor events more than a year apart stay tolerated", TierRoutine, []step{
			{ev(1, Minor, "2026-01-01", r), "2026-01-01", TierRoutine},
			{ev(2, Minor, "2027-01-05", r), "2027-01-05", TierRoutine},
		}},
		{"a general event on an advanced firm, then a serious one", TierAdvanced, []step{
			{ev(1, General, "2026-03-01", r), "2026-03-01", TierDishonest},
			{ev(2, Serious, "2026-04-01", r), "2026-04-01", TierSeriouslyDishonest},
			{nil, "2028-03-01", TierSeriouslyDishonest},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var events []*Event
			for i, s := range c.steps {
				if s.add != nil {
					events = append(events, s.add)
				}
				o := Decide(r, c.base, "", "", events, s.day)
				if o.Tier != s.want {
					t.Fatalf("step %d (%s): tier %s, want %s (%s)", i, s.day, o.Tier, s.want, o.WhyEn)
				}
				if o.WhyZh == "" || o.WhyEn == "" {
					t.Fatalf("step %d: no explanation", i)
				}
				if o.Rule < 0 {
					continue
				}
				if czh, cen := halves(r.Rules[o.Rule].Cite); !strings.Contains(o.WhyZh, czh) || !strings.Contains(o.WhyEn, cen) {
					t.Fatalf("step %d: explanation %q does not cite the rule", i, o.WhyZh)
				}
			}
		})
	}
}

func TestDecideRepairedAndWithdrawnDoNotCount(t *testing.T) {
	r, _ := DefaultRules()
	e := ev(1, Serious, "2026-01-01", r)
	e.Status = Repaired
	w := ev(2, General, "2026-01-01", r)
	w.Status = Withdrawn
	if o := Decide(r, TierRoutine, "", "", []*Event{e, w}, "2026-06-01"); o.Tier != TierRoutine {
		t.Fatalf("tier %s, want routine", o.Tier)
	}
}

func TestDecideOverride(t *testing.T) {
	r, _ := DefaultRules()
	o := Decide(r, TierRoutine, TierDishonest, "走私调查", nil, "2026-06-01")
	if o.Tier != TierDishonest || !strings.Contains(o.WhyZh, "走私调查") {
		t.Fatalf("override: %+v", o)
	}
	// An unknown base is read as routine.
	if o := Decide(r, "", "", "", nil, "2026-06-01"); o.Tier != TierRoutine {
		t.Fatalf("empty base: %s", o.Tier)
	}
}

func TestRulesCheckNamesFields(t *testing.T) {
	r, _ := DefaultRules()
	bad := *r
	bad.Rules = append([]Rule{{Tier: TierRoutine, MinSeverity: "grave", Count: 0, Basis: "x"}}, r.Rules...)
	bad.Kinds = append(bad.Kinds, Kind{Code: "Bad Code", Severity: "x"})
	err := bad.Check()
	if err == nil {
		t.Fatal("bad table accepted")
	}
	e, _ := risk.AsError(err)
	named := map[string]bool{}
	for _, p := range e.Details {
		named[p.Field] = true
	}
	for _, f := range []string{"rules[0].tier", "rules[0].min_severity", "rules[0].count", "rules[0].basis", "rules[0].cite", "kinds[12].code", "kinds[12].severity"} {
		if !named[f] {
			t.Errorf("error does not name %s: %v", f, e.Details)
		}
	}
}

func TestCompare(t *testing.T) {
	last := &Export{ID: 1, Items: []ListItem{{USCC: "A", Tier: TierDishonest, Since: "2026-01-01"}, {USCC: "B", Tier: TierDishonest, Since: "2026-01-01"}}}
	now := []ListItem{{USCC: "A", Tier: TierSeriouslyDishonest, Since: "2026-03-01"}, {USCC: "C", Tier: TierDishonest, Since: "2026-03-02"}}
	d := Compare("dishonest", last, now)
	got := map[string]string{}
	for _, it := range d.Items {
		got[it.USCC] = it.Change
	}
	if got["A"] != "changed" || got["B"] != "removed" || got["C"] != "added" || d.Added != 1 || d.Changed != 1 || d.Removed != 1 {
		t.Fatalf("delta %+v", d)
	}
	if d := Compare("dishonest", nil, now); d.Added != 0 || d.Items[0].Change != "" {
		t.Fatalf("first export marks nothing: %+v", d)
	}
}
