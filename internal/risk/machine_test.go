package risk

import (
	"errors"
	"testing"
)

func TestMachineStepNamesInWords(t *testing.T) {
	m := Machine{Name: "门 door",
		StateNames:  Labels{"shut": {"关闭", "Shut"}, "open": {"打开", "Open"}},
		ActionNames: Labels{"open": {"开门", "open"}, "shut": {"关门", "shut"}},
		Next:        map[string]map[string]string{"shut": {"open": "open"}, "open": {"shut": "shut"}}}
	if to, err := m.Step("shut", "open"); err != nil || to != "open" {
		t.Fatalf("Step(shut, open) = %q, %v", to, err)
	}
	_, err := m.Step("shut", "shut")
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("Step(shut, shut) = %v, want a conflict", err)
	}
	e, _ := AsError(err)
	want := "门处于“关闭”状态，不能执行“关门”；允许的操作：开门。 / the door is “Shut” and cannot “shut”; allowed: open."
	if e.Message != want {
		t.Errorf("message\n got %s\nwant %s", e.Message, want)
	}
}
