package warning

import (
	"encoding/json"
	"fmt"
	"strings"

	"riskgate/internal/risk"
)

// Urgency is how pressing the risk is (紧急程度).
type Urgency string

// Urgencies.
const (
	UrgencyNormal    Urgency = "normal"
	UrgencyImmediate Urgency = "immediate" // harm has occurred, or the product is on sale now
)

// Label returns the urgency's Chinese and English names.
func (u Urgency) Label() (zh, en string) {
	return risk.Labels{string(UrgencyNormal): {"一般", "Normal"},
		string(UrgencyImmediate): {"紧急（已造成伤害或正在销售）", "Immediate (harm occurred or on sale now)"}}.Of(string(u))
}

// Reach is the scope of impact (影响范围).
type Reach string

// Reaches.
const (
	ReachLocal Reach = "local"
	ReachWide  Reach = "wide" // several 市州 or ports, or nationwide channels such as cross-border e-commerce
)

// Label returns the reach's Chinese and English names.
func (r Reach) Label() (zh, en string) {
	return risk.Labels{string(ReachLocal): {"局部", "Local"},
		string(ReachWide): {"广泛（多个市州、口岸或全国性渠道）", "Wide (several prefectures, ports or nationwide channels)"}}.Of(string(r))
}

// Rules is the grading rule table: data, versioned, editable by
// administrators (DESIGN.md "Warning grade").
type Rules struct {
	Version int `json:"version"`
	// Base maps a risk level to its grade; a level missing here gives no
	// warning (the risk stays risk information).
	Base map[risk.Level]risk.Grade `json:"base"`
	// ImmediateSteps and WideSteps raise the grade by that many steps.
	ImmediateSteps int `json:"immediate_steps"`
	WideSteps      int `json:"wide_steps"`
}

// DefaultRules is version 1 of the table, from 国发〔2017〕43号.
var DefaultRules = Rules{Version: 1,
	Base:           map[risk.Level]risk.Grade{risk.LevelSerious: risk.GradeII, risk.LevelHigh: risk.GradeIII, risk.LevelMedium: risk.GradeIV},
	ImmediateSteps: 1, WideSteps: 1}

// Check validates a rule table.
func (r *Rules) Check() error {
	var v risk.Validation
	if len(r.Base) == 0 {
		v.Add("base", "至少需要一条基础等级规则。", "at least one base grade is required.")
	}
	for l, g := range r.Base {
		if _, err := risk.ParseLevel(string(l)); err != nil {
			v.Add("base", "风险等级 "+string(l)+" 无效。", "invalid level "+string(l)+".")
		}
		if _, err := risk.ParseGrade(string(g)); err != nil {
			v.Add("base", "预警等级 "+string(g)+" 无效。", "invalid grade "+string(g)+".")
		}
	}
	if r.ImmediateSteps < 0 || r.ImmediateSteps > 3 || r.WideSteps < 0 || r.WideSteps > 3 {
		v.Add("steps", "上调级数须为 0–3。", "steps must be 0–3.")
	}
	return v.Err()
}

// Encode returns the table as JSON.
func (r *Rules) Encode() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// DecodeRules parses and checks a stored table.
func DecodeRules(s string) (*Rules, error) {
	var r Rules
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, err
	}
	return &r, r.Check()
}

// Grade computes the grade of a risk and explains it, Chinese then
// English. ok is false when the level warrants no warning.
func (r *Rules) Grade(level risk.Level, urgency Urgency, reach Reach) (g risk.Grade, ok bool, reason string) {
	lz, le := level.Label()
	base, ok := r.Base[level]
	if !ok {
		return "", false, fmt.Sprintf("%s：不发布预警，作为风险信息管理（规则第 %d 版）。 / %s: no warning; kept as risk information (rules v%d).", lz, r.Version, le, r.Version)
	}
	rank := base.Rank()
	zh := []string{fmt.Sprintf("%s → %s级", lz, base)}
	en := []string{fmt.Sprintf("%s → grade %s", le, base)}
	if urgency == UrgencyImmediate && r.ImmediateSteps > 0 {
		rank += r.ImmediateSteps
		zh = append(zh, fmt.Sprintf("紧急（已发生伤害或正在销售）上调 %d 级", r.ImmediateSteps))
		en = append(en, fmt.Sprintf("immediate (harm occurred or on sale) +%d", r.ImmediateSteps))
	}
	if reach == ReachWide && r.WideSteps > 0 {
		rank += r.WideSteps
		zh = append(zh, fmt.Sprintf("影响范围广上调 %d 级", r.WideSteps))
		en = append(en, fmt.Sprintf("wide scope +%d", r.WideSteps))
	}
	if rank > 4 {
		zh = append(zh, "最高为 I 级")
		en = append(en, "capped at I")
	}
	g = risk.GradeOfRank(rank)
	return g, true, fmt.Sprintf("%s = %s级（规则第 %d 版）。 / %s = grade %s (rules v%d).",
		strings.Join(zh, "；"), g, r.Version, strings.Join(en, "; "), g, r.Version)
}
