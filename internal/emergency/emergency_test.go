package emergency

import (
	"strings"
	"testing"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

func plan() *Plan {
	return &Plan{Title: "预案", Lead: "hn-port", Levels: []PlanLevel{
		{Level: LevelI, Triggers: []Trigger{{Fact: FactDeaths, Min: 1, Text: "造成人员死亡"}}},
		{Level: LevelII, Triggers: []Trigger{{Fact: FactTonnes, Min: 500, Text: "500 吨以上"}, {Fact: FactInjured, Min: 10, Text: "10 人以上伤病"}}},
		{Level: LevelIV}}}
}

func TestAssess(t *testing.T) {
	tests := []struct {
		name   string
		facts  map[Fact]float64
		want   Level
		reason string
	}{
		{"none met: the lowest level", map[Fact]float64{FactTonnes: 20}, LevelIV, "未达到预案中更高等级"},
		{"no facts", nil, LevelIV, "plan's lowest level applies"},
		{"threshold met exactly", map[Fact]float64{FactTonnes: 500}, LevelII, "500 吨以上"},
		{"second trigger", map[Fact]float64{FactInjured: 12}, LevelII, "伤病人数为 12"},
		{"the most severe wins", map[Fact]float64{FactTonnes: 800, FactDeaths: 1}, LevelI, "造成人员死亡"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := plan().Assess(tt.facts)
			if got != tt.want || !strings.Contains(reason, tt.reason) || !strings.Contains(reason, " / ") {
				t.Errorf("Assess = %s, %q; want %s with %q", got, reason, tt.want, tt.reason)
			}
		})
	}
}

func TestLevelOf(t *testing.T) {
	p := plan()
	if _, err := levelOf(p, "level", LevelIII); err == nil || !strings.Contains(err.Error(), "不在预案“预案”的分级中") {
		t.Errorf("level III on a plan without it: %v", err)
	}
	if _, err := levelOf(p, "level", "V"); err == nil {
		t.Error("level V accepted")
	}
	if l, err := levelOf(p, "level", LevelII); err != nil || l != LevelII {
		t.Errorf("level II: %v %v", l, err)
	}
}

func TestMachines(t *testing.T) {
	for _, m := range []risk.Machine{IncidentMachine, DrillMachine} {
		for _, st := range m.States() {
			if zh, _ := m.StateNames.Of(st); zh == st {
				t.Errorf("%s: state %s has no name", m.Name, st)
			}
		}
		for _, a := range m.Actions() {
			if zh, _ := m.ActionNames.Of(a); zh == a {
				t.Errorf("%s: action %s has no name", m.Name, a)
			}
		}
	}
	if _, err := IncidentMachine.Step(string(Closed), ActRecord); err == nil {
		t.Error("a closed incident takes records")
	}
	if to, err := DrillMachine.Step(string(DrillScheduled), ActRun); err != nil || to != string(DrillRunning) {
		t.Errorf("run: %s %v", to, err)
	}
}

func TestDue(t *testing.T) {
	c, err := calendar.Official()
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 12, 4, 10, 0, 0, 0, risk.China) // Friday
	if got := due(c, from, Action{Within: 6, Unit: Hours}); !got.Equal(from.Add(6 * time.Hour)) {
		t.Errorf("6 hours: %v", got)
	}
	if got, want := due(c, from, Action{Within: 1, Unit: Workdays}), time.Date(2026, 12, 7, 23, 59, 59, 0, risk.China); !got.Equal(want) {
		t.Errorf("1 working day: %v, want %v", got, want)
	}
	// A year the calendar does not know counts Monday to Friday.
	far := time.Date(2031, 1, 3, 10, 0, 0, 0, risk.China) // Friday
	if got, want := due(c, far, Action{Within: 1, Unit: Workdays}), time.Date(2031, 1, 6, 23, 59, 59, 0, risk.China); !got.Equal(want) {
		t.Errorf("unknown year: %v, want %v", got, want)
	}
}

func TestLabels(t *testing.T) {
	var all []risk.Labeled
	for _, h := range Hazards {
		all = append(all, h)
	}
	for _, l := range Levels {
		all = append(all, l)
	}
	for _, f := range Facts {
		all = append(all, f)
	}
	for _, tr := range Tiers {
		all = append(all, tr)
	}
	all = append(all, FromSignal, FromHold, FromHand, FromDrill, Responding, Closed, TaskOpen, TaskDone, TaskCancelled,
		EvOpened, EvRaised, EvLowered, EvTaskDone, EvAction, EvLinked, EvClosed, Hours, Workdays, LinkWarning, LinkMeasure, LinkCase)
	for _, v := range all {
		zh, en := v.Label()
		if zh == en {
			t.Errorf("%v has no Chinese label", v)
		}
	}
}
