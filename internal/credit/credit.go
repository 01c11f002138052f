package credit

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// Tier codes of the credit-tiers catalogue (internal/catalog).
const (
	TierAdvanced           = "advanced"
	TierCertified          = "certified"
	TierRoutine            = "routine"
	TierDishonest          = "dishonest"
	TierSeriouslyDishonest = "seriously-dishonest"
)

// Tiers are the five tiers, best first.
var Tiers = []string{TierAdvanced, TierCertified, TierRoutine, TierDishonest, TierSeriouslyDishonest}

// IsBase reports whether tier is one a firm holds by certification (set
// by decision): advanced, certified or routine.
func IsBase(tier string) bool {
	return tier == TierAdvanced || tier == TierCertified || tier == TierRoutine
}

// IsDishonest reports whether tier is one of the two dishonest tiers.
func IsDishonest(tier string) bool { return tier == TierDishonest || tier == TierSeriouslyDishonest }

// Severity grades an act of dishonesty (轻微/一般/严重). Values are stored.
type Severity string

// Severities, least first.
const (
	Minor   Severity = "minor"
	General Severity = "general"
	Serious Severity = "serious"
)

// Severities lists the grades, least first.
var Severities = []Severity{Minor, General, Serious}

var severityLabels = risk.Labels{string(Minor): {"轻微", "Minor"}, string(General): {"一般", "General"}, string(Serious): {"严重", "Serious"}}

// Label names the severity.
func (s Severity) Label() (zh, en string) { return severityLabels.Of(string(s)) }

// Rank orders severities: 1 minor, 2 general, 3 serious, 0 unknown.
func (s Severity) Rank() int { return slices.Index(Severities, s) + 1 }

// EventStatus is where an event stands. Values are stored.
type EventStatus string

// Event statuses. An event in force whose effect has ended is expired (the
// expiry job records it; Decide treats it as expired from its end date).
const (
	InForce   EventStatus = "in_force"
	Repaired  EventStatus = "repaired"
	Expired   EventStatus = "expired"
	Withdrawn EventStatus = "withdrawn"
)

var eventStatusLabels = risk.Labels{string(InForce): {"有效", "In force"}, string(Repaired): {"已修复", "Repaired"},
	string(Expired): {"已过期", "Expired"}, string(Withdrawn): {"已撤销", "Withdrawn"}}

// Label names the status.
func (s EventStatus) Label() (zh, en string) { return eventStatusLabels.Of(string(s)) }

// Source is the kind of record an event comes from. Values are stored.
type Source string

// Sources.
const (
	FromManual    Source = "manual" // recorded by an official from a document
	FromWarning   Source = "warning"
	FromMeasure   Source = "measure"
	FromRecall    Source = "recall"
	FromInterview Source = "interview"
	FromPenalty   Source = "penalty"
)

var sourceLabels = risk.Labels{string(FromManual): {"人工登记", "Recorded by hand"}, string(FromWarning): {"风险预警", "Warning"},
	string(FromMeasure): {"预警措施", "Measure"}, string(FromRecall): {"召回", "Recall"}, string(FromInterview): {"约谈", "Interview"},
	string(FromPenalty): {"行政处罚", "Penalty"}}

// Label names the source.
func (s Source) Label() (zh, en string) { return sourceLabels.Of(string(s)) }

// Event is one credit event: what a firm did, how grave, when, and the
// record and document it comes from.
type Event struct {
	ID             risk.ID     `json:"id"`
	EnterpriseID   risk.ID     `json:"enterprise_id"`
	EnterpriseUSCC string      `json:"enterprise_uscc"`
	EnterpriseName string      `json:"enterprise_name"`
	Kind           string      `json:"kind"` // a code of the rules' kinds
	Severity       Severity    `json:"severity"`
	OccurredOn     string      `json:"occurred_on"` // YYYY-MM-DD
	EndsOn         string      `json:"ends_on"`     // its effect ends (exclusive), by the rules in force when recorded
	RepairableOn   string      `json:"repairable_on"`
	Reference      string      `json:"reference"` // the source document: decision number, warning number, …
	Source         Source      `json:"source"`
	SourceID       risk.ID     `json:"source_id,omitempty"`
	Note           string      `json:"note,omitempty"`
	Status         EventStatus `json:"status"`
	StatusNote     string      `json:"status_note,omitempty"` // why it was withdrawn, the repair that ended it
	Dept           string      `json:"dept"`
	CreatedBy      string      `json:"created_by"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// InForceOn reports whether the event counts on day (YYYY-MM-DD).
func (e *Event) InForceOn(day string) bool {
	return e.Status == InForce && e.OccurredOn <= day && (e.EndsOn == "" || day < e.EndsOn)
}

// SeverityName is the severity in words.
func (e *Event) SeverityName() risk.Labeled { return e.Severity }

// StatusName is the status in words.
func (e *Event) StatusName() risk.Labeled { return e.Status }

// SourceName is the source in words.
func (e *Event) SourceName() risk.Labeled { return e.Source }

// Kind is one kind of credit event, with the severity it usually has.
type Kind struct {
	Code     string   `json:"code"`
	Zh       string   `json:"zh"`
	En       string   `json:"en"`
	Severity Severity `json:"severity"`
}

// SeverityRule is how long an event of one severity stays in force and how
// long the firm waits before it may apply for repair.
type SeverityRule struct {
	EffectDays     int    `json:"effect_days"`
	RepairWaitDays int    `json:"repair_wait_days"`
	Basis          string `json:"basis"` // "order" (stated by 令282) or "provincial"
	Cite           string `json:"cite"`
}

// Rule decides a tier: the firm holds Tier when at least Count events in
// force are of MinSeverity or graver (and, with WithinDays, occurred within
// that many days before the day of the decision).
type Rule struct {
	Tier        string   `json:"tier"`
	MinSeverity Severity `json:"min_severity"`
	Count       int      `json:"count"`
	WithinDays  int      `json:"within_days,omitempty"`
	Basis       string   `json:"basis"`
	Cite        string   `json:"cite"`
}

// Rules is the rule table, as data: a new version each edit.
type Rules struct {
	Version    int                       `json:"version"`
	Note       string                    `json:"note,omitempty"`
	Severities map[Severity]SeverityRule `json:"severities"`
	// Rules are tried in order; the first met decides.
	Rules []Rule `json:"rules"`
	// MeasureSeverity is the severity of the event the measure 调整信用等级
	// raises, by the grade of its warning.
	MeasureSeverity map[risk.Grade]Severity `json:"measure_severity"`
	// PublicTiers are the tiers whose firms the public list names.
	PublicTiers []string `json:"public_tiers"`
	Kinds       []Kind   `json:"kinds"`
	CreatedBy   string   `json:"created_by,omitempty"`
	CreatedAt   string   `json:"created_at,omitempty"`
}

//go:embed rules.json
var defaultRules []byte

// DefaultRules returns the default rule table.
func DefaultRules() (*Rules, error) {
	var r Rules
	if err := json.Unmarshal(defaultRules, &r); err != nil {
		return nil, fmt.Errorf("credit: default rules: %w", err)
	}
	return &r, r.Check()
}

// Kind returns the kind with code.
func (r *Rules) Kind(code string) (Kind, bool) {
	for _, k := range r.Kinds {
		if k.Code == code {
			return k, true
		}
	}
	return Kind{}, false
}

// KindName names a kind code in words (the code itself when unknown).
func (r *Rules) KindName(code string) (zh, en string) {
	if k, ok := r.Kind(code); ok {
		return k.Zh, k.En
	}
	return code, code
}

// Public reports whether firms of tier are listed to the public.
func (r *Rules) Public(tier string) bool { return slices.Contains(r.PublicTiers, tier) }

// Limits of the rule table and of events, in characters or entries.
const (
	MaxRules     = 50
	MaxKinds     = 100
	MaxCite      = 300
	MaxNote      = 2000
	MaxReference = 200
	MaxDays      = 36500
)

// Check validates the table, naming each bad field.
func (r *Rules) Check() error {
	var v risk.Validation
	if r.Version < 1 {
		v.Add("version", "版本号须为正整数。", "version must be a positive integer.")
	}
	v.Paragraph("note", r.Note, MaxNote, false, "说明", "the note")
	for _, s := range Severities {
		sr, ok := r.Severities[s]
		f := "severities." + string(s)
		if !ok {
			v.Add(f, "缺少该失信等级的设置。", "the severity has no setting.")
			continue
		}
		if sr.EffectDays < 1 || sr.EffectDays > MaxDays {
			v.Add(f+".effect_days", fmt.Sprintf("有效天数须在 1–%d 之间。", MaxDays), fmt.Sprintf("effect_days must be 1–%d.", MaxDays))
		}
		if sr.RepairWaitDays < 0 || sr.RepairWaitDays > sr.EffectDays {
			v.Add(f+".repair_wait_days", "修复等待天数须在 0 与有效天数之间。", "repair_wait_days must be between 0 and effect_days.")
		}
		checkBasis(&v, f, sr.Basis, sr.Cite)
	}
	for s := range r.Severities {
		if s.Rank() == 0 {
			v.Add("severities."+string(s), "失信等级只能是 minor、general 或 serious。", "severity must be minor, general or serious.")
		}
	}
	if len(r.Rules) == 0 || len(r.Rules) > MaxRules {
		v.Add("rules", fmt.Sprintf("规则须有 1–%d 条。", MaxRules), fmt.Sprintf("there must be 1–%d rules.", MaxRules))
	}
	for i, ru := range r.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if !IsDishonest(ru.Tier) {
			v.Add(f+".tier", "规则只能认定失信企业或严重失信企业。", "a rule decides dishonest or seriously-dishonest only.")
		}
		if ru.MinSeverity.Rank() == 0 {
			v.Add(f+".min_severity", "失信等级只能是 minor、general 或 serious。", "min_severity must be minor, general or serious.")
		}
		if ru.Count < 1 || ru.Count > 100 {
			v.Add(f+".count", "次数须在 1–100 之间。", "count must be 1–100.")
		}
		if ru.WithinDays < 0 || ru.WithinDays > MaxDays {
			v.Add(f+".within_days", fmt.Sprintf("天数须在 0–%d 之间。", MaxDays), fmt.Sprintf("within_days must be 0–%d.", MaxDays))
		}
		checkBasis(&v, f, ru.Basis, ru.Cite)
	}
	for _, g := range []risk.Grade{risk.GradeI, risk.GradeII, risk.GradeIII, risk.GradeIV} {
		if s, ok := r.MeasureSeverity[g]; !ok || s.Rank() == 0 {
			v.Add("measure_severity."+string(g), "须为每个预警级别设定失信等级（minor、general 或 serious）。", "each warning grade needs a severity (minor, general or serious).")
		}
	}
	for i, t := range r.PublicTiers {
		if !IsDishonest(t) {
			v.Add(fmt.Sprintf("public_tiers[%d]", i), "只能公开失信或严重失信名单。", "only dishonest tiers can be public.")
		}
	}
	if len(r.Kinds) == 0 || len(r.Kinds) > MaxKinds {
		v.Add("kinds", fmt.Sprintf("事件类型须有 1–%d 个。", MaxKinds), fmt.Sprintf("there must be 1–%d kinds.", MaxKinds))
	}
	seen := map[string]bool{}
	for i, k := range r.Kinds {
		f := fmt.Sprintf("kinds[%d]", i)
		if k.Code == "" || strings.Trim(k.Code, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || len(k.Code) > 40 {
			v.Add(f+".code", "代码只能由小写字母、数字和连字符组成（最多 40 个）。", "code must be lower-case letters, digits and hyphens (at most 40).")
		} else if seen[k.Code] {
			v.Add(f+".code", "代码 "+k.Code+" 重复。", "code "+k.Code+" appears twice.")
		}
		seen[k.Code] = true
		v.Text(f+".zh", k.Zh, 100, true, "中文名称", "the Chinese name")
		v.Text(f+".en", k.En, 100, true, "英文名称", "the English name")
		if k.Severity.Rank() == 0 {
			v.Add(f+".severity", "失信等级只能是 minor、general 或 serious。", "severity must be minor, general or serious.")
		}
	}
	return v.Err()
}

func checkBasis(v *risk.Validation, f, basis, cite string) {
	if basis != "order" && basis != "provincial" {
		v.Add(f+".basis", "依据只能是 order（令282 规定）或 provincial（省级设置）。", "basis must be order (stated by Order 282) or provincial.")
	}
	v.Text(f+".cite", cite, MaxCite, true, "依据说明", "the citation")
}

// Outcome is a tier worked out, with why.
type Outcome struct {
	Tier string `json:"tier"`
	Base string `json:"base"`
	// Rule is the index of the rule met in the table of RulesVersion, -1
	// when none was (the base tier, or a decision).
	Rule         int       `json:"rule"`
	RulesVersion int       `json:"rules_version"`
	Events       []risk.ID `json:"events,omitempty"`    // the events that met the rule
	Tolerated    []risk.ID `json:"tolerated,omitempty"` // minor events in force that met no rule (容错)
	Decision     string    `json:"decision,omitempty"`  // an official decision's reason, when one set the tier
	WhyZh        string    `json:"why_zh"`
	WhyEn        string    `json:"why_en"`
}

// Why is the explanation in lang ("en" or else Chinese).
func (o *Outcome) Why(lang string) string {
	if lang == "en" {
		return o.WhyEn
	}
	return o.WhyZh
}

// Decide works out a firm's tier on day (YYYY-MM-DD): an official
// decision's override (non-empty override) wins; else the first rule that
// the events in force meet; else the base tier. Pure: the same input gives
// the same outcome, so tests replay the table on event sequences.
func Decide(r *Rules, base, override, reason string, events []*Event, day string) Outcome {
	if !IsBase(base) {
		base = TierRoutine
	}
	o := Outcome{Tier: base, Base: base, Rule: -1, RulesVersion: r.Version}
	if override != "" {
		o.Tier, o.Decision = override, reason
		zh, en := tierName(override)
		o.WhyZh = fmt.Sprintf("经信用决定认定为%s：%s", zh, reason)
		o.WhyEn = fmt.Sprintf("set to %s by decision: %s", en, reason)
		return o
	}
	in := make([]*Event, 0, len(events))
	for _, e := range events {
		if e.InForceOn(day) {
			in = append(in, e)
		}
	}
	slices.SortFunc(in, func(a, b *Event) int {
		if c := strings.Compare(a.OccurredOn, b.OccurredOn); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	for i, ru := range r.Rules {
		var met []risk.ID
		from := ""
		if ru.WithinDays > 0 {
			from = addDays(day, -ru.WithinDays)
		}
		for _, e := range in {
			if e.Severity.Rank() >= ru.MinSeverity.Rank() && e.OccurredOn > from {
				met = append(met, e.ID)
			}
		}
		if len(met) >= ru.Count {
			o.Tier, o.Rule, o.Events = ru.Tier, i, met
			zh, en := tierName(ru.Tier)
			szh, sen := ru.MinSeverity.Label()
			within := ""
			withinEn := ""
			if ru.WithinDays > 0 {
				within, withinEn = fmt.Sprintf("%d 天内", ru.WithinDays), fmt.Sprintf(" within %d days", ru.WithinDays)
			}
			czh, cen := halves(ru.Cite)
			o.WhyZh = fmt.Sprintf("第 %d 版规则第 %d 条：%s有%s及以上失信行为 %d 件（达到 %d 件），认定为%s。依据：%s",
				r.Version, i+1, within, szh, len(met), ru.Count, zh, czh)
			o.WhyEn = fmt.Sprintf("rule %d of version %d: %d events of %s severity or graver%s (%d needed) make the firm a %s. Basis: %s",
				i+1, r.Version, len(met), strings.ToLower(sen), withinEn, ru.Count, strings.ToLower(en), cen)
			return o
		}
	}
	zh, en := tierName(base)
	for _, e := range in {
		o.Tolerated = append(o.Tolerated, e.ID)
	}
	if len(o.Tolerated) > 0 {
		o.WhyZh = fmt.Sprintf("有效失信行为 %d 件，未达到第 %d 版任何规则的条件（容错），保持%s。", len(in), r.Version, zh)
		o.WhyEn = fmt.Sprintf("%d events in force meet no rule of version %d (tolerated): the firm stays a %s.", len(in), r.Version, strings.ToLower(en))
	} else {
		o.WhyZh = fmt.Sprintf("无有效失信行为，按认证结果为%s。", zh)
		o.WhyEn = fmt.Sprintf("no events in force: a %s by certification.", strings.ToLower(en))
	}
	return o
}

// tierNames are the catalogue's names of the tiers, for explanations
// (stored text, so they do not follow the catalogue's later edits).
var tierNames = risk.Labels{TierAdvanced: {"高级认证企业", "Advanced certified enterprise"}, TierCertified: {"认证企业", "Certified enterprise"},
	TierRoutine: {"常规企业", "Routine enterprise"}, TierDishonest: {"失信企业", "Dishonest enterprise"},
	TierSeriouslyDishonest: {"严重失信企业", "Seriously dishonest enterprise"}}

func tierName(t string) (zh, en string) { return tierNames.Of(t) }

// halves splits a "中文 / English" text; a text with no English half is
// both.
func halves(s string) (zh, en string) {
	zh, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s, s
	}
	return zh, en
}

// addDays moves a YYYY-MM-DD day by n days.
func addDays(day string, n int) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// ParseDay reads a YYYY-MM-DD day, naming field when it is not one.
func ParseDay(field, s string) (string, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return "", risk.Invalid(field, "日期格式应为 YYYY-MM-DD。", "the date must be YYYY-MM-DD.")
	}
	return t.Format("2006-01-02"), nil
}

// Today is now's day in China.
func Today(now time.Time) string { return now.In(risk.China).Format("2006-01-02") }
