package warning

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Class is the audience of a warning (43号 §9). Values are stored.
type Class string

// Classes.
const (
	ClassBulletin     Class = "bulletin"     // 风险警示通报: regulators and ports
	ClassNotice       Class = "notice"       // 风险警示通告: named enterprises
	ClassAnnouncement Class = "announcement" // 风险警示公告: the public
)

// Label returns the class's Chinese and English names.
func (c Class) Label() (zh, en string) {
	switch c {
	case ClassBulletin:
		return "风险警示通报", "Risk bulletin"
	case ClassNotice:
		return "风险警示通告", "Risk notice"
	case ClassAnnouncement:
		return "风险警示公告", "Risk announcement"
	}
	return string(c), string(c)
}

// Status of a warning. Values are stored.
type Status string

// Statuses.
const (
	StatusDraft    Status = "draft"
	StatusReview   Status = "review"
	StatusApproved Status = "approved"
	StatusIssued   Status = "issued"
	StatusReferred Status = "referred" // grade I: for the national authority; provincial measures may apply
	StatusLifted   Status = "lifted"
	StatusExpired  Status = "expired"
)

var statusLabels = risk.Labels{
	string(StatusDraft):    {"草稿", "Draft"},
	string(StatusReview):   {"待审核", "Awaiting approval"},
	string(StatusApproved): {"已批准，待签发", "Approved, to issue"},
	string(StatusIssued):   {"已发布", "Issued"},
	string(StatusReferred): {"已上报", "Referred"},
	string(StatusLifted):   {"已解除", "Lifted"},
	string(StatusExpired):  {"已到期", "Expired"},
}

// Label returns the status's Chinese and English names. A grade I warning
// that went to the national authority reads 已上报 (referred).
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Actions of the warning lifecycle. A grade I warning is not issued by the
// province: it is referred (refer, 上报) to the national authority, and the
// authority's answer moves it on — issued nationally (national_issue), or
// returned with a grade II–IV for the province to issue (national_return).
var actionLabels = risk.Labels{
	"submit":          {"提交审核", "submit"},
	"approve":         {"批准", "approve"},
	"return":          {"退回", "return"},
	"issue":           {"签发", "issue"},
	"refer":           {"上报", "refer"},
	"update":          {"更新", "update"},
	"lift":            {"解除", "lift"},
	"expire":          {"到期解除", "expire"},
	"national_issue":  {"记录国家层面发布", "record the national issue"},
	"national_return": {"记录退回并由省级发布", "record the return and issue provincially"},
}

var lifecycle = risk.Machine{Name: "预警 warning", StateNames: statusLabels, ActionNames: actionLabels, Next: map[string]map[string]string{
	string(StatusDraft):    {"submit": string(StatusReview)},
	string(StatusReview):   {"approve": string(StatusApproved), "return": string(StatusDraft)},
	string(StatusApproved): {"issue": string(StatusIssued), "refer": string(StatusReferred)},
	string(StatusIssued):   {"update": string(StatusIssued), "lift": string(StatusLifted), "expire": string(StatusExpired)},
	string(StatusReferred): {"update": string(StatusReferred), "lift": string(StatusLifted), "expire": string(StatusExpired),
		"national_issue": string(StatusIssued), "national_return": string(StatusIssued)},
}}

// ActionLabel names a lifecycle action, Chinese and English.
func ActionLabel(action string) (zh, en string) { return actionLabels.Of(action) }

// Lifecycle is the warning state machine.
func Lifecycle() risk.Machine { return lifecycle }

// Active reports whether the warning is in force.
func (s Status) Active() bool { return s == StatusIssued || s == StatusReferred }

// Scope is what a warning (and a measure) applies to. A product matches
// when every field that is set matches.
type Scope struct {
	HSPrefixes []string `json:"hs_prefixes,omitempty"`
	Countries  []string `json:"countries,omitempty"` // origin or destination, ISO alpha-2
	USCCs      []string `json:"usccs,omitempty"`
	Brands     []string `json:"brands,omitempty"`
	Models     []string `json:"models,omitempty"`
	GTINs      []string `json:"gtins,omitempty"`
	Batches    []string `json:"batches,omitempty"`
	Keywords   []string `json:"keywords,omitempty"` // Chinese substrings of the product name
	Makers     []string `json:"manufacturers,omitempty"`
	Ports      []string `json:"ports,omitempty"` // customs port codes, 4 digits
	TradeModes []string `json:"trade_modes,omitempty"`
}

// Empty reports whether no field is set.
func (s *Scope) Empty() bool {
	return len(s.HSPrefixes)+len(s.Countries)+len(s.USCCs)+len(s.Brands)+len(s.Models)+len(s.GTINs)+
		len(s.Batches)+len(s.Keywords)+len(s.Makers)+len(s.Ports)+len(s.TradeModes) == 0
}

// MaxScopeValues bounds each scope list.
const MaxScopeValues = 500

// Check normalises the scope and records problems under prefix+"scope.".
func (s *Scope) Check(sets *catalog.Sets, prefix string, v *risk.Validation) {
	f := func(name string) string { return prefix + "scope." + name }
	list := func(name string, vals *[]string, each func(i int, x string) (string, error)) {
		if len(*vals) > MaxScopeValues {
			v.Add(f(name), fmt.Sprintf("最多 %d 项。", MaxScopeValues), fmt.Sprintf("at most %d values.", MaxScopeValues))
			return
		}
		seen := map[string]bool{}
		out := (*vals)[:0]
		for i, x := range *vals {
			x = strings.TrimSpace(x)
			if x == "" {
				continue
			}
			y, err := each(i, x)
			if err != nil {
				v.AddErr(fmt.Sprintf("%s[%d]", f(name), i), err)
				continue
			}
			if !seen[y] {
				seen[y] = true
				out = append(out, y)
			}
		}
		*vals = out
	}
	text := func(max int) func(int, string) (string, error) {
		return func(_ int, x string) (string, error) {
			var tv risk.Validation
			tv.Text("value", x, max, true, "值", "the value")
			if err := tv.Err(); err != nil {
				return "", err
			}
			return x, nil
		}
	}
	digits := func(n int, zh, en string) func(int, string) (string, error) {
		return func(_ int, x string) (string, error) {
			if utf8.RuneCountInString(x) != n || strings.Trim(x, "0123456789") != "" {
				return "", risk.Invalid("value", fmt.Sprintf("%s应为 %d 位数字：%s。", zh, n, x), fmt.Sprintf("%s must be %d digits: %s.", en, n, x))
			}
			return x, nil
		}
	}
	list("hs_prefixes", &s.HSPrefixes, func(_ int, x string) (string, error) {
		c, err := ident.ParseHS(x)
		if err == nil {
			err = sets.HS.Check(c)
		}
		return string(c), err
	})
	list("countries", &s.Countries, func(_ int, x string) (string, error) {
		c, err := ident.ParseCountry(x)
		if err == nil {
			err = sets.Countries.Check(c)
		}
		return string(c), err
	})
	list("usccs", &s.USCCs, func(_ int, x string) (string, error) {
		u, err := ident.ParseUSCC(x)
		return string(u), err
	})
	list("gtins", &s.GTINs, func(_ int, x string) (string, error) {
		g, err := ident.ParseGTIN(x)
		return string(g), err
	})
	list("brands", &s.Brands, text(100))
	list("models", &s.Models, text(100))
	list("batches", &s.Batches, text(100))
	list("keywords", &s.Keywords, text(50))
	list("manufacturers", &s.Makers, text(200))
	list("ports", &s.Ports, digits(4, "口岸代码", "a port code"))
	list("trade_modes", &s.TradeModes, digits(4, "贸易方式代码", "a trade mode code"))
}

// Condition is one lifting condition (解除条件).
type Condition struct {
	Kind    string  `json:"kind"`              // consecutive_clean_lots, recall_completion, no_new_signals, expires_at, manual
	N       int     `json:"n,omitempty"`       // consecutive_clean_lots
	Percent float64 `json:"percent,omitempty"` // recall_completion
	Days    int     `json:"days,omitempty"`    // no_new_signals
	Text    string  `json:"text,omitempty"`    // manual: what must happen
}

// Condition kinds.
const (
	CondCleanLots  = "consecutive_clean_lots"
	CondRecall     = "recall_completion"
	CondNoSignals  = "no_new_signals"
	CondExpiresAt  = "expires_at"
	CondManual     = "manual"
	MaxConditions  = 10
	MaxValidity    = 5 * 365 * 24 * time.Hour
	MaxMattersText = 10_000
	// MaxTitle bounds a warning's title.
	MaxTitle = 200
	// MaxNote bounds the other texts of a warning and of its forms: the
	// public summary, a justification, a reason, a note, a manual condition.
	MaxNote = 2000
	// MaxURLLen bounds the web address of a national issue.
	MaxURLLen = 500
)

func (c *Condition) check(field string, v *risk.Validation) {
	switch c.Kind {
	case CondCleanLots:
		if c.N < 1 || c.N > 1000 {
			v.Add(field+".n", "连续合格批次数须为 1–1000。", "the number of consecutive clean lots must be 1–1000.")
		}
	case CondRecall:
		if !(c.Percent > 0 && c.Percent <= 100) { // also refuses NaN
			v.Add(field+".percent", "召回完成率须在 (0, 100] 之间。", "the recall completion must be in (0, 100].")
		}
	case CondNoSignals:
		if c.Days < 1 || c.Days > 3650 {
			v.Add(field+".days", "天数须为 1–3650。", "the number of days must be 1–3650.")
		}
	case CondExpiresAt:
	case CondManual:
		v.Paragraph(field+".text", c.Text, MaxNote, true, "人工解除条件说明", "the text of a manual condition")
	default:
		v.Add(field+".kind", "解除条件类型无效。", "unknown kind of condition.")
	}
}

// Describe returns the condition in words, Chinese then English.
func (c Condition) Describe() (zh, en string) {
	switch c.Kind {
	case CondCleanLots:
		return fmt.Sprintf("范围内连续 %d 批检验合格", c.N), fmt.Sprintf("%d consecutive clean lots in scope", c.N)
	case CondRecall:
		return fmt.Sprintf("召回完成率达到 %.0f%%", c.Percent), fmt.Sprintf("recall completion ≥ %.0f%%", c.Percent)
	case CondNoSignals:
		return fmt.Sprintf("%d 天内无新的风险信息", c.Days), fmt.Sprintf("no new signals for %d days", c.Days)
	case CondExpiresAt:
		return "有效期届满", "validity expires"
	case CondManual:
		return "人工确认：" + c.Text, "manual: " + c.Text
	}
	return c.Kind, c.Kind
}

// Warning is a risk warning.
type Warning struct {
	ID                 risk.ID     `json:"id"`
	CaseID             risk.ID     `json:"case_id,omitempty"` // 0 in an enterprise's view
	AssessmentID       risk.ID     `json:"assessment_id"`
	Class              Class       `json:"class"`
	Title              string      `json:"title"`
	Summary            string      `json:"summary"` // public summary (公告)
	Level              risk.Level  `json:"level"`
	Urgency            Urgency     `json:"urgency"`
	Reach              Reach       `json:"reach"`
	Grade              risk.Grade  `json:"grade"`
	ComputedGrade      risk.Grade  `json:"computed_grade"`
	GradeReason        string      `json:"grade_reason"`
	GradeJustification string      `json:"grade_justification,omitempty"`
	RulesVersion       int         `json:"rules_version"`
	Scope              Scope       `json:"scope"`
	Matters            string      `json:"matters"` // 警示事项
	Advice             string      `json:"advice"`  // what consumers or enterprises should do
	StartsAt           time.Time   `json:"starts_at"`
	ValidUntil         time.Time   `json:"valid_until"`
	Conditions         []Condition `json:"lifting_conditions"`
	Addressees         []risk.ID   `json:"addressees,omitempty"` // enterprises (通告)
	Recipients         []string    `json:"recipients,omitempty"` // departments (通报)
	Dept               string      `json:"dept"`                 // issuer
	Number             string      `json:"number,omitempty"`
	Status             Status      `json:"status"`
	IssuedAt           *time.Time  `json:"issued_at,omitempty"`
	EndedAt            *time.Time  `json:"ended_at,omitempty"`
	EndReason          string      `json:"end_reason,omitempty"`
	ApproverID         risk.ID     `json:"approver_id,omitempty"`
	LiftProposedAt     *time.Time  `json:"lift_proposed_at,omitempty"` // when the conditions were found met
	LiftProposal       string      `json:"lift_proposal,omitempty"`
	Referral           *Referral   `json:"referral,omitempty"` // grade I: the referral to the national authority and its outcome
	CreatedBy          string      `json:"created_by,omitempty"`
	CreatedAt          time.Time   `json:"created_at,omitzero"`
	UpdatedAt          time.Time   `json:"updated_at,omitzero"`
	Rev                int         `json:"rev"`
}

// Lot identifies a product lot for matching against a scope.
type Lot struct {
	HSCode       string `json:"hs_code"`
	Name         string `json:"name"`
	Brand        string `json:"brand,omitempty"`
	Model        string `json:"model,omitempty"`
	GTIN         string `json:"gtin,omitempty"`
	Batch        string `json:"batch,omitempty"`
	USCC         string `json:"uscc,omitempty"` // consignor, consignee or manufacturer
	Manufacturer string `json:"manufacturer,omitempty"`
	Origin       string `json:"origin,omitempty"`
	Destination  string `json:"destination,omitempty"`
	Port         string `json:"port,omitempty"`
	TradeMode    string `json:"trade_mode,omitempty"`
}

// Matches reports whether a lot falls in the scope: every field the scope
// sets matches (an HS code under one of the prefixes, a country as origin
// or destination, a keyword inside the product name, the other fields by
// equality). An empty scope matches nothing.
func (s *Scope) Matches(l Lot) bool {
	if s.Empty() {
		return false
	}
	anyOf := func(set []string, ok func(string) bool) bool {
		if len(set) == 0 {
			return true
		}
		for _, x := range set {
			if ok(x) {
				return true
			}
		}
		return false
	}
	eq := func(v string) func(string) bool { return func(x string) bool { return x == v } }
	fold := func(v string) func(string) bool {
		return func(x string) bool { return v != "" && strings.EqualFold(x, v) }
	}
	return anyOf(s.HSPrefixes, func(p string) bool { return l.HSCode != "" && strings.HasPrefix(l.HSCode, p) }) &&
		anyOf(s.Countries, func(c string) bool { return c == l.Origin || c == l.Destination }) &&
		anyOf(s.USCCs, eq(l.USCC)) && anyOf(s.Brands, fold(l.Brand)) && anyOf(s.Models, fold(l.Model)) &&
		anyOf(s.GTINs, eq(l.GTIN)) && anyOf(s.Batches, eq(l.Batch)) &&
		anyOf(s.Keywords, func(k string) bool { return l.Name != "" && strings.Contains(l.Name, k) }) &&
		anyOf(s.Makers, fold(l.Manufacturer)) &&
		anyOf(s.Ports, eq(l.Port)) && anyOf(s.TradeModes, eq(l.TradeMode))
}
