package risk

import (
	"fmt"
	"sort"
	"strings"
)

// Machine is a state machine: for each state, the actions allowed and the
// state each leads to. Lifecycles (assessment, warning, measure) declare
// theirs as data, so that tests can walk every transition.
type Machine struct {
	// Name is what the machine moves, for messages: the Chinese noun, a
	// space, the English one ("预警 warning").
	Name string
	Next map[string]map[string]string // state → action → next state
	// StateNames and ActionNames name the codes in messages, Chinese and English
	// (users see words, never codes); a code without a name shows as itself.
	StateNames, ActionNames Labels
}

// Step returns the state that action leads to from state, or an
// ErrConflict error (HTTP 409) that lists the actions allowed from state.
func (m Machine) Step(state, action string) (string, error) {
	if to, ok := m.Next[state][action]; ok {
		return to, nil
	}
	var zh, en []string
	for _, a := range m.Allowed(state) {
		z, e := m.ActionNames.Of(a)
		zh, en = append(zh, z), append(en, e)
	}
	if len(zh) == 0 {
		zh, en = []string{"—"}, []string{"—"}
	}
	stZh, stEn := m.StateNames.Of(state)
	actZh, actEn := m.ActionNames.Of(action)
	nounZh, nounEn, ok := strings.Cut(m.Name, " ")
	if !ok {
		nounEn = nounZh
	}
	return "", &Error{Kind: ErrConflict, Field: "action",
		Message: Bilingual(fmt.Sprintf("%s处于“%s”状态，不能执行“%s”；允许的操作：%s。", nounZh, stZh, actZh, strings.Join(zh, "、")),
			fmt.Sprintf("the %s is “%s” and cannot “%s”; allowed: %s.", nounEn, stEn, actEn, strings.Join(en, ", ")))}
}

// Allowed lists the actions allowed from state, sorted.
func (m Machine) Allowed(state string) []string {
	var out []string
	for a := range m.Next[state] {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// States lists every state that appears in the machine, sorted.
func (m Machine) States() []string {
	seen := map[string]bool{}
	for s, acts := range m.Next {
		seen[s] = true
		for _, to := range acts {
			seen[to] = true
		}
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Actions lists every action that appears in the machine, sorted.
func (m Machine) Actions() []string {
	seen := map[string]bool{}
	for _, acts := range m.Next {
		for a := range acts {
			seen[a] = true
		}
	}
	var out []string
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
