package assess

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"

	"riskgate/internal/risk"
)

// Probability is a step probability as written: a decimal (0.5, 7.4e-05)
// or a fraction ("1/10"). JSON accepts any number or a string.
type Probability string

// UnmarshalJSON accepts 0.5, 7.4e-05, "0.5" and "1/10"; whether the value
// lies in (0, 1] is checked with the rest of the input (Rat).
func (p *Probability) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*p = Probability(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return risk.Invalid("probability", "步骤概率须为数字或 \"1/10\" 形式的分数。", "a step probability must be a number or a fraction such as \"1/10\".")
	}
	*p = Probability(n.String())
	return nil
}

// MarshalJSON writes the probability as the string it was given, so that
// what is stored is exactly what was assessed.
func (p Probability) MarshalJSON() ([]byte, error) { return json.Marshal(string(p)) }

// Rat parses the probability exactly and checks that it lies in (0, 1].
func (p Probability) Rat() (*big.Rat, error) {
	r, err := parseRat(string(p))
	if err != nil {
		return nil, err
	}
	if r.Sign() <= 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("out of range")
	}
	return r, nil
}

// Step is one link in a harm scenario ("the child removes the small part",
// "swallows it", …).
type Step struct {
	Description string      `json:"description,omitempty"`
	Probability Probability `json:"probability"`
}

// Scenario is a path from the hazard to harm.
type Scenario struct {
	Description string `json:"description,omitempty"`
	Hazard      string `json:"hazard,omitempty"`     // hazards catalogue code
	Population  string `json:"population,omitempty"` // who is harmed
	Vulnerable  bool   `json:"vulnerable,omitempty"` // children, elderly, … (PRISM "vulnerable consumers")
	Injury      string `json:"injury,omitempty"`
	Severity    int    `json:"severity"`
	Steps       []Step `json:"steps"`
	Uncertainty string `json:"uncertainty,omitempty"` // low, medium, high, with the reasons in Notes
	Notes       string `json:"notes,omitempty"`
}

// ScenarioResult is the evaluation of one scenario.
type ScenarioResult struct {
	Probability float64    `json:"probability"`
	Exact       string     `json:"exact"` // the product as a fraction, e.g. "1/20"
	Level       risk.Level `json:"level"`
	Row         int        `json:"row"` // index of the matrix row used
}

// Result is the evaluation of an assessment.
type Result struct {
	Profile   string           `json:"profile"`
	Version   int              `json:"version"`
	Level     risk.Level       `json:"level"`
	Worst     int              `json:"worst"` // index of the scenario that set the level
	Scenarios []ScenarioResult `json:"scenarios"`
}

// Limits of one assessment; those of texts are in characters (the form's
// maxlength).
const (
	MaxScenarios = 50
	MaxSteps     = 20
	// MaxText bounds the product description, a scenario's description
	// and notes, and an approver's note.
	MaxText = 2000
	// MaxStepText bounds a step's description.
	MaxStepText = 1000
	// MaxShort bounds the organisation, a scenario's population and injury.
	MaxShort = 200
	// MaxAssessor bounds the assessor's name.
	MaxAssessor = 100
)

// Evaluate computes the level of each scenario and of the whole under p.
// Every problem is reported, naming the scenario and step
// ("scenarios[0].steps[1].probability").
func Evaluate(p *Profile, scenarios []Scenario) (*Result, error) {
	var v risk.Validation
	switch {
	case len(scenarios) == 0:
		v.Add("scenarios", "至少需要一个伤害情景。", "at least one harm scenario is required.")
	case len(scenarios) > MaxScenarios:
		v.Add("scenarios", fmt.Sprintf("最多 %d 个伤害情景。", MaxScenarios), fmt.Sprintf("at most %d scenarios.", MaxScenarios))
	}
	res := &Result{Profile: p.Name, Version: p.Version, Scenarios: make([]ScenarioResult, len(scenarios))}
	for i, s := range scenarios {
		field := fmt.Sprintf("scenarios[%d]", i)
		if s.Severity < 1 || s.Severity > p.Severities {
			v.Add(field+".severity", fmt.Sprintf("伤害程度须为 1–%d。", p.Severities), fmt.Sprintf("severity must be 1–%d.", p.Severities))
		}
		switch {
		case len(s.Steps) == 0:
			v.Add(field+".steps", "每个情景至少需要一个步骤。", "each scenario needs at least one step.")
		case len(s.Steps) > MaxSteps:
			v.Add(field+".steps", fmt.Sprintf("每个情景最多 %d 个步骤。", MaxSteps), fmt.Sprintf("at most %d steps per scenario.", MaxSteps))
		}
		prob := big.NewRat(1, 1)
		ok := true
		for j, st := range s.Steps {
			r, err := st.Probability.Rat()
			if err != nil {
				ok = false
				v.Add(fmt.Sprintf("%s.steps[%d].probability", field, j),
					fmt.Sprintf("步骤概率 %q 无效：须为 (0, 1] 区间内的小数或 \"1/N\" 形式的分数。", st.Probability),
					fmt.Sprintf("step probability %q is invalid: it must be a decimal or a fraction \"1/N\" in (0, 1].", st.Probability))
				continue
			}
			prob.Mul(prob, r)
		}
		if !ok || s.Severity < 1 || s.Severity > p.Severities || len(s.Steps) == 0 {
			continue
		}
		level, row := p.Level(prob, s.Severity)
		f, _ := prob.Float64()
		res.Scenarios[i] = ScenarioResult{Probability: f, Exact: prob.RatString(), Level: level, Row: row}
		if level.Rank() > res.Level.Rank() {
			res.Level, res.Worst = level, i
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// SeverityLabel names a severity of harm (Decision (EU) 2019/417; DESIGN.md
// "Risk level"), Chinese and English.
func SeverityLabel(n int) (zh, en string) {
	switch n {
	case 1:
		return "1级：需急救处理，可完全恢复", "1: first aid, fully reversible"
	case 2:
		return "2级：需急诊，约6个月内恢复", "2: emergency treatment, recovery within about 6 months"
	case 3:
		return "3级：需住院，或损伤逾6个月、永久性", "3: hospitalisation, or harm for over 6 months or permanent"
	case 4:
		return "4级：致死、生殖伤害或逾10%失能", "4: fatal, reproductive harm or over 10 % disability"
	}
	return "—", "—"
}

// UncertaintyLabel names an uncertainty (low, medium, high).
func UncertaintyLabel(u string) (zh, en string) {
	switch u {
	case "low":
		return "低", "Low"
	case "medium":
		return "中", "Medium"
	case "high":
		return "高", "High"
	}
	return u, u
}
