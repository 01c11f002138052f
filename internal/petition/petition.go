package petition

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// Status is where a petition stands. Values are stored.
type Status string

// Statuses.
const (
	StatusSubmitted     Status = "submitted"
	StatusMoreRequested Status = "more_requested"
	StatusAccepted      Status = "accepted"
	StatusRejected      Status = "rejected"
)

var statusLabels = risk.Labels{
	string(StatusSubmitted):     {"已提交", "Submitted"},
	string(StatusMoreRequested): {"需补充材料", "More evidence requested"},
	string(StatusAccepted):      {"已采纳", "Accepted"},
	string(StatusRejected):      {"未采纳", "Rejected"},
}

// Label names the status.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Open reports whether the petition awaits someone: the reviewers, or the
// firm's further evidence.
func (s Status) Open() bool { return s == StatusSubmitted || s == StatusMoreRequested }

// Actions on a petition.
const (
	ActSubmit      = "submit" // its first submission: an event, not a step
	ActAccept      = "accept"
	ActRequestMore = "request_more"
	ActReject      = "reject"
	ActResubmit    = "resubmit"
)

var actionLabels = risk.Labels{
	ActSubmit:      {"提交申请", "Submitted"},
	ActAccept:      {"采纳", "Accept"},
	ActRequestMore: {"要求补充材料", "Ask for more evidence"},
	ActReject:      {"不予采纳", "Reject"},
	ActResubmit:    {"补充后重新提交", "Resubmit with more evidence"},
}

// ActionLabel names an action.
func ActionLabel(a string) (zh, en string) { return actionLabels.Of(a) }

// Action names an action in words, for pages.
type Action string

// Label names the action.
func (a Action) Label() (zh, en string) { return actionLabels.Of(string(a)) }

// Machine is the petition's life.
var Machine = risk.Machine{
	Name: "解除申请 petition",
	Next: map[string]map[string]string{
		string(StatusSubmitted): {ActAccept: string(StatusAccepted), ActRequestMore: string(StatusMoreRequested),
			ActReject: string(StatusRejected)},
		string(StatusMoreRequested): {ActResubmit: string(StatusSubmitted), ActReject: string(StatusRejected)},
	},
	StateNames:  statusLabels,
	ActionNames: actionLabels,
}

// Target is what a petition asks to lift. Values are stored.
type Target string

// Targets.
const (
	TargetMeasure Target = "measure"
	TargetWarning Target = "warning"
)

var targetLabels = risk.Labels{string(TargetMeasure): {"措施", "Measure"}, string(TargetWarning): {"预警", "Warning"}}

// Label names the target.
func (t Target) Label() (zh, en string) { return targetLabels.Of(string(t)) }

// Limits, in characters and items.
const (
	MaxGrounds      = 5000
	MaxNote         = 2000
	MaxDeclarations = 50
	MaxNumber       = 40
)

// Consignment is one cited declaration as checked: the firm's, within the
// scope, every line in scope inspected or tested and passed.
type Consignment struct {
	Number     string    `json:"number"`
	DeclaredAt time.Time `json:"declared_at"`
	Goods      string    `json:"goods"`   // the names of its lines in scope
	Results    int       `json:"results"` // passing results on those lines
	First      time.Time `json:"first_inspected_at"`
	Last       time.Time `json:"last_inspected_at"`
}

// Event is one step of a petition's life: a submission or a review.
type Event struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Action string    `json:"action"`
	Note   string    `json:"note,omitempty"`
}

// ActionName is the event's action in words.
func (e Event) ActionName() risk.Labeled { return Action(e.Action) }

// Petition is a firm's petition to lift a measure or a warning.
type Petition struct {
	ID             risk.ID `json:"id"`
	EnterpriseID   risk.ID `json:"enterprise_id"`
	EnterpriseUSCC string  `json:"enterprise_uscc"`
	EnterpriseName string  `json:"enterprise_name"`
	Target         Target  `json:"target"`
	MeasureID      risk.ID `json:"measure_id,omitempty"`
	MeasureType    string  `json:"measure_type,omitempty"` // measures catalogue code
	WarningID      risk.ID `json:"warning_id"`
	WarningNumber  string  `json:"warning_number,omitempty"`
	WarningTitle   string  `json:"warning_title"`
	// Dept reviews: the measure's lead department, or the warning's
	// issuer; IssuerDept, the warning's issuer, may review a measure too.
	Dept         string        `json:"dept"`
	IssuerDept   string        `json:"issuer_dept"`
	Grounds      string        `json:"grounds"`
	Declarations []string      `json:"declarations"`
	Consignments []Consignment `json:"consignments"`
	// Required is the run of clean lots the warning's lifting conditions
	// ask for (0: none), shown beside the run the petition shows.
	Required  int       `json:"required,omitempty"`
	Status    Status    `json:"status"`
	Events    []Event   `json:"events"`
	Outcome   string    `json:"outcome,omitempty"` // what accepting did, or why it was rejected
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Rev       int       `json:"rev"`
}

// TargetName is the target in words.
func (p *Petition) TargetName() risk.Labeled { return p.Target }

// Evidence is what the check of cited declarations reads: the stored
// declarations by number, the current results of their lines by line
// reference, and the firm's current failed results since the measure took
// effect.
type Evidence struct {
	Declarations map[string]*screening.Declaration
	Results      map[string][]*inspection.Inspection
	Failures     []*inspection.Inspection
}

// CheckEvidence checks the declarations cited by number against what the
// ports recorded, for the firm of USCC uscc and a measure or warning of
// scope in force since since. It returns the consignments in the order of
// their inspection, or a validation error naming each bad entry
// (declarations[i]) and, when a failed lot breaks the run, the field
// declarations. A declaration counts when the firm is its consignor or
// consignee, it has lines within the scope, and every such line has a
// current result, passed, at or after since. The run must be unbroken: no
// current failed result of the firm's goods within the scope at or after
// the earliest of them.
func CheckEvidence(uscc string, scope warning.Scope, since time.Time, numbers []string, ev Evidence) ([]Consignment, error) {
	var v risk.Validation
	if len(numbers) > MaxDeclarations {
		v.Add("declarations", fmt.Sprintf("最多引用 %d 份报关单。", MaxDeclarations), fmt.Sprintf("at most %d declarations.", MaxDeclarations))
		return nil, v.Err()
	}
	seen := map[string]bool{}
	var out []Consignment
	for i, n := range numbers {
		field := fmt.Sprintf("declarations[%d]", i)
		if n == "" {
			v.Add(field, "报关单号不能为空。", "the declaration number is empty.")
			continue
		}
		if seen[n] {
			v.Add(field, "报关单 "+n+" 重复引用。", "declaration "+n+" is cited twice.")
			continue
		}
		seen[n] = true
		d, ok := ev.Declarations[n]
		if !ok {
			v.Add(field, "没有报关单 "+n+"。", "no declaration "+n+" is recorded.")
			continue
		}
		if uscc == "" || d.ConsignorUSCC != uscc && d.ConsigneeUSCC != uscc {
			v.Add(field, "报关单 "+n+" 不是本企业的（收发货人不是本企业）。", "declaration "+n+" is not the firm's own (another firm is its consignor or consignee).")
			continue
		}
		c := Consignment{Number: n, DeclaredAt: d.DeclaredAt}
		var goods []string
		bad := false
		for li := range d.Lines {
			if !scope.Matches(d.LineLot(li)) {
				continue
			}
			goods = append(goods, d.Lines[li].Name)
			var cur []*inspection.Inspection
			for _, x := range ev.Results[inspection.LineRef(n, li)] {
				if x.Current() {
					cur = append(cur, x)
				}
			}
			if len(cur) == 0 {
				v.Add(field, fmt.Sprintf("报关单 %s 第 %d 项（%s）未经查验或检测。", n, li+1, d.Lines[li].Name),
					fmt.Sprintf("line %d of declaration %s (%s) was neither inspected nor tested.", li+1, n, d.Lines[li].Name))
				bad = true
				break
			}
			for _, x := range cur {
				kzh, ken := inspection.Kind(x.Kind).Label()
				if x.Result != inspection.ResultPass {
					v.Add(field, fmt.Sprintf("报关单 %s 第 %d 项（%s）%s不合格。", n, li+1, d.Lines[li].Name, kzh),
						fmt.Sprintf("line %d of declaration %s (%s) failed its %s.", li+1, n, d.Lines[li].Name, strings.ToLower(ken)))
					bad = true
					break
				}
				if x.InspectedAt.Before(since) {
					v.Add(field, fmt.Sprintf("报关单 %s 的%s早于措施实施，不能作为整改后的证据。", n, kzh),
						fmt.Sprintf("the %s of declaration %s predates the measure: it is no evidence of correction.", strings.ToLower(ken), n))
					bad = true
					break
				}
				c.Results++
				if c.First.IsZero() || x.InspectedAt.Before(c.First) {
					c.First = x.InspectedAt
				}
				if x.InspectedAt.After(c.Last) {
					c.Last = x.InspectedAt
				}
			}
			if bad {
				break
			}
		}
		if bad {
			continue
		}
		if len(goods) == 0 {
			v.Add(field, "报关单 "+n+" 没有在措施范围内的货物。", "declaration "+n+" has no goods within the measure's scope.")
			continue
		}
		c.Goods = strings.Join(slices.Compact(goods), "、")
		out = append(out, c)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First.Before(out[j].First) })
	if len(out) > 0 {
		from := out[0].First
		for _, f := range ev.Failures {
			if !f.Current() || f.Result != inspection.ResultFail || f.InspectedAt.Before(from) || f.Lot.USCC != uscc || !scope.Matches(f.Lot) {
				continue
			}
			kzh, ken := inspection.Kind(f.Kind).Label()
			day := f.InspectedAt.In(risk.China).Format("2006-01-02")
			return nil, risk.Invalid("declarations", fmt.Sprintf("所引批次并非连续合格：%s 本企业的%s%s不合格，合格批次的连续记录自此中断。", day, f.Lot.Name, kzh),
				fmt.Sprintf("the cited lots are not consecutive: the firm's %s failed its %s on %s, which breaks the run.", f.Lot.Name, strings.ToLower(ken), day))
		}
	}
	return out, nil
}
