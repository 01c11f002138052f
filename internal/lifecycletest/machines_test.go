package lifecycletest_test

import (
	"errors"
	"strings"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// TestMachinesNameStatesInWords checks every lifecycle's 409: each state
// and action has a name in both languages, and a refused step names them
// in words — the state, the action refused and those allowed — never by
// their stored codes.
func TestMachinesNameStatesInWords(t *testing.T) {
	for _, m := range []risk.Machine{signal.Triage(), casefile.Lifecycle(), assess.Lifecycle(), warning.Lifecycle(), measure.Lifecycle()} {
		t.Run(m.Name, func(t *testing.T) {
			if _, _, ok := strings.Cut(m.Name, " "); !ok {
				t.Errorf("name %q is not “中文 English”", m.Name)
			}
			for _, s := range m.States() {
				if _, ok := m.StateNames[s]; !ok {
					t.Errorf("state %q has no name", s)
				}
			}
			for _, a := range m.Actions() {
				if _, ok := m.ActionNames[a]; !ok {
					t.Errorf("action %q has no name", a)
				}
			}
			for _, s := range m.States() {
				for _, a := range m.Actions() {
					if _, ok := m.Next[s][a]; ok {
						continue
					}
					_, err := m.Step(s, a)
					if !errors.Is(err, risk.ErrConflict) {
						t.Fatalf("Step(%s, %s) = %v, want a conflict", s, a, err)
					}
					e, _ := risk.AsError(err)
					zh, en, ok := strings.Cut(e.Message, " / ")
					if !ok {
						t.Fatalf("Step(%s, %s): message %q is not bilingual", s, a, e.Message)
					}
					sn, an := m.StateNames[s], m.ActionNames[a]
					if !strings.Contains(zh, "“"+sn[0]+"”") || !strings.Contains(zh, "“"+an[0]+"”") {
						t.Errorf("Step(%s, %s): %q does not name the state and action", s, a, zh)
					}
					if !strings.Contains(en, "“"+sn[1]+"”") || !strings.Contains(en, "“"+an[1]+"”") {
						t.Errorf("Step(%s, %s): %q does not name the state and action", s, a, en)
					}
					for _, allowed := range m.Allowed(s) {
						if n := m.ActionNames[allowed]; !strings.Contains(zh, n[0]) || !strings.Contains(en, n[1]) {
							t.Errorf("Step(%s, %s): %q does not name the allowed action %s", s, a, e.Message, allowed)
						}
					}
					// Codes with an underscore (in_force, national_issue) are never words.
					for _, code := range append(m.States(), m.Actions()...) {
						if strings.Contains(code, "_") && strings.Contains(e.Message, code) {
							t.Errorf("Step(%s, %s): %q shows the code %s", s, a, e.Message, code)
						}
					}
					if strings.Contains(zh, m.Name) {
						t.Errorf("Step(%s, %s): the Chinese half %q carries the English name", s, a, zh)
					}
				}
			}
		})
	}
}
