package recall

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Kind is how a recall came about. Values are stored.
type Kind string

// Kinds.
const (
	Voluntary     Kind = "voluntary"     // 主动召回: the producer or importer recalls
	Ordered       Kind = "ordered"       // 责令召回: the regulator orders it
	Environmental Kind = "environmental" // 环境保护召回: imported vehicles and non-road machinery
)

var kindLabels = risk.Labels{
	string(Voluntary):     {"主动召回", "Voluntary recall"},
	string(Ordered):       {"责令召回", "Ordered recall"},
	string(Environmental): {"环境保护召回", "Environmental recall"},
}

// Label names the kind.
func (k Kind) Label() (zh, en string) { return kindLabels.Of(string(k)) }

// Status is where a recall stands. Values are stored.
type Status string

// Statuses.
const (
	StatusSuspected       Status = "suspected"
	StatusInvestigating   Status = "investigating"
	StatusConfirmed       Status = "confirmed"
	StatusClosed          Status = "closed" // investigated: no defect
	StatusPlanFiled       Status = "plan_filed"
	StatusNoticePublished Status = "notice_published"
	StatusInProgress      Status = "in_progress"
	StatusCompleted       Status = "completed"
	StatusSummaryFiled    Status = "summary_filed"
	StatusEvaluated       Status = "evaluated" // effective
)

var statusLabels = risk.Labels{
	string(StatusSuspected):       {"疑似缺陷", "Suspected defect"},
	string(StatusInvestigating):   {"缺陷调查中", "Defect investigation"},
	string(StatusConfirmed):       {"缺陷已确认", "Defect confirmed"},
	string(StatusClosed):          {"调查结案（无缺陷）", "Closed: no defect"},
	string(StatusPlanFiled):       {"召回计划已备案", "Recall plan filed"},
	string(StatusNoticePublished): {"召回公告已发布", "Recall notice published"},
	string(StatusInProgress):      {"召回实施中", "Recall in progress"},
	string(StatusCompleted):       {"召回已完成", "Recall completed"},
	string(StatusSummaryFiled):    {"总结报告已提交", "Summary filed"},
	string(StatusEvaluated):       {"效果评估：有效", "Evaluated: effective"},
}

// Label names the status.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Public reports whether the recall's notice is out, so that the public
// sees it.
func (s Status) Public() bool {
	switch s {
	case StatusNoticePublished, StatusInProgress, StatusCompleted, StatusSummaryFiled, StatusEvaluated:
		return true
	}
	return false
}

// PublicStatuses are the statuses whose recalls the public sees.
var PublicStatuses = []Status{StatusNoticePublished, StatusInProgress, StatusCompleted, StatusSummaryFiled, StatusEvaluated}

// Open reports whether the recall still has work ahead.
func (s Status) Open() bool { return s != StatusClosed && s != StatusEvaluated }

// Actions on a recall (besides filing its plan, which carries the plan).
const (
	ActReport        = "report" // the firm's report reaches the regulator (its 2 working days)
	ActInvestigate   = "investigate"
	ActConfirm       = "confirm"
	ActDismiss       = "dismiss"
	ActOrder         = "order" // 责令召回: the kind becomes ordered
	ActFilePlan      = "file_plan"
	ActReturnPlan    = "return_plan" // the regulator asks for more: the plan goes back to the firm with the reason
	ActPublishNotice = "publish_notice"
	ActStart         = "start"
	ActComplete      = "complete"
	ActFileSummary   = "file_summary"
	ActEffective     = "evaluate_effective"
	ActMoreMeasures  = "evaluate_more" // not effective: more measures ordered, back in progress
	// ActScope adds what a trace found (lots, distributors) to an open
	// recall; it moves no status.
	ActScope = "scope"
)

var actionLabels = risk.Labels{
	ActReport:        {"提交缺陷报告", "Report the defect"},
	ActInvestigate:   {"启动缺陷调查", "Start a defect investigation"},
	ActConfirm:       {"确认缺陷", "Confirm the defect"},
	ActDismiss:       {"调查结案（无缺陷）", "Close: no defect"},
	ActOrder:         {"责令召回", "Order the recall"},
	ActFilePlan:      {"备案召回计划", "File the recall plan"},
	ActReturnPlan:    {"退回召回计划（要求补充）", "Return the plan (ask for more)"},
	ActPublishNotice: {"发布召回公告", "Publish the recall notice"},
	ActStart:         {"开始实施", "Start the recall"},
	ActComplete:      {"召回完成", "Complete the recall"},
	ActFileSummary:   {"提交总结报告", "File the summary"},
	ActEffective:     {"评估为有效", "Evaluate: effective"},
	ActMoreMeasures:  {"评估为未达目标，要求采取进一步措施", "Evaluate: more measures needed"},
	ActScope:         {"按追溯结果补充召回范围", "Add the trace's lots and distributors"},
}

// ActionLabel names an action.
func ActionLabel(a string) (zh, en string) { return actionLabels.Of(a) }

// Machine is the recall's life.
var Machine = risk.Machine{
	Name: "召回 recall",
	Next: map[string]map[string]string{
		string(StatusSuspected): {ActInvestigate: string(StatusInvestigating), ActConfirm: string(StatusConfirmed),
			ActFilePlan: string(StatusPlanFiled), ActDismiss: string(StatusClosed), ActReport: string(StatusSuspected)},
		string(StatusInvestigating): {ActConfirm: string(StatusConfirmed), ActDismiss: string(StatusClosed),
			ActFilePlan: string(StatusPlanFiled), ActOrder: string(StatusConfirmed), ActReport: string(StatusInvestigating)},
		string(StatusConfirmed): {ActFilePlan: string(StatusPlanFiled), ActOrder: string(StatusConfirmed), ActReport: string(StatusConfirmed)},
		string(StatusPlanFiled): {ActFilePlan: string(StatusPlanFiled), ActPublishNotice: string(StatusNoticePublished),
			ActReturnPlan: string(StatusConfirmed)},
		string(StatusNoticePublished): {ActStart: string(StatusInProgress)},
		string(StatusInProgress):      {ActComplete: string(StatusCompleted)},
		string(StatusCompleted):       {ActFileSummary: string(StatusSummaryFiled)},
		string(StatusSummaryFiled):    {ActEffective: string(StatusEvaluated), ActMoreMeasures: string(StatusInProgress)},
	},
	StateNames:  statusLabels,
	ActionNames: actionLabels,
}

// Remedy is what the recall offers. Values are stored.
type Remedy string

// Remedies.
const (
	Repair  Remedy = "repair"
	Replace Remedy = "replace"
	Refund  Remedy = "refund"
	Label   Remedy = "label" // correcting the warning label or instructions
)

var remedyLabels = risk.Labels{
	string(Repair): {"修理", "Repair"}, string(Replace): {"更换", "Replace"},
	string(Refund): {"退货退款", "Refund"}, string(Label): {"更正警示标识或说明", "Correct the warning label"},
}

// Label names the remedy.
func (r Remedy) Label() (zh, en string) { return remedyLabels.Of(string(r)) }

// Product is one product a recall covers.
type Product struct {
	Name         string `json:"name"`
	Brand        string `json:"brand,omitempty"`
	Model        string `json:"model,omitempty"`
	Batch        string `json:"batch,omitempty"`
	GTIN         string `json:"gtin,omitempty"`
	HSCode       string `json:"hs_code,omitempty"`
	ProducedFrom string `json:"produced_from,omitempty"` // YYYY-MM-DD
	ProducedTo   string `json:"produced_to,omitempty"`
	Made         int64  `json:"quantity_made,omitempty"`
	Sold         int64  `json:"quantity_sold,omitempty"`
	InChain      int64  `json:"quantity_in_chain,omitempty"` // still with distributors and retailers
}

// Distributor is a party that received recalled lots, as a trace found it:
// an enterprise of the register (EnterpriseID, USCC, Name), or a party
// riskgate knows only by its identifier (Party, with its GLN when it has one).
type Distributor struct {
	EnterpriseID risk.ID `json:"enterprise_id,omitempty"`
	USCC         string  `json:"uscc,omitempty"`
	Name         string  `json:"name,omitempty"`
	Party        string  `json:"party"` // the identifier the trace named
	GLN          string  `json:"gln,omitempty"`
}

// key identifies the distributor: its enterprise, else its GLN or identifier.
func (d Distributor) key() string {
	switch {
	case d.EnterpriseID != 0:
		return fmt.Sprint("e", d.EnterpriseID)
	case d.GLN != "":
		return "g" + d.GLN
	}
	return "p" + d.Party
}

// Traced is what a trace adds to a recall (trace.RecallScope): the lots it
// reached, as products with GTIN and batch, and the distributors.
type Traced struct {
	Start        string        // the identifier traced
	Direction    string        // forward, backward
	DirectionZh  string        // its label
	DirectionEn  string        //
	Complete     bool          // the chain ended within the window and limits
	Lots         []Product     // GTIN and Batch set
	Distributors []Distributor //
	Rev          int           // the recall's revision the caller saw
}

// Plan is the recall plan (召回计划) the producer files.
type Plan struct {
	Remedy           Remedy    `json:"remedy"`
	StartDate        string    `json:"start_date"`      // YYYY-MM-DD
	CompletionDate   string    `json:"completion_date"` // YYYY-MM-DD
	TargetCompletion float64   `json:"target_completion"`
	Notice           string    `json:"notice,omitempty"`   // the notice consumers will read
	Channels         string    `json:"channels,omitempty"` // how owners are reached: shops, mail, the press
	Note             string    `json:"note,omitempty"`
	FiledAt          time.Time `json:"filed_at"` // last filed (revised)
	FiledBy          string    `json:"filed_by"`
	FirstFiledAt     time.Time `json:"first_filed_at"` // first filed: what the plan deadline counts
}

// Recall is one recall case.
type Recall struct {
	ID   risk.ID `json:"id"`
	Kind Kind    `json:"kind"`
	// Ordered: the regulator ordered the recall (责令召回). An ordered
	// consumer-goods recall is of kind ordered; an environmental one keeps
	// its kind and says so here.
	Ordered        bool      `json:"ordered"`
	Status         Status    `json:"status"`
	EnterpriseID   risk.ID   `json:"enterprise_id"`
	EnterpriseUSCC string    `json:"enterprise_uscc"`
	EnterpriseName string    `json:"enterprise_name"`
	Products       []Product `json:"products"`
	// Distributors are the parties a trace found the recalled lots with
	// (Traced): enterprises of the register, or parties known by their
	// identifier only.
	Distributors   []Distributor `json:"distributors,omitempty"`
	Defect         string        `json:"defect"`
	Cause          string        `json:"cause,omitempty"`
	Hazard         string        `json:"hazard,omitempty"` // a code of the hazards catalogue
	Consequences   string        `json:"consequences,omitempty"`
	Incidents      string        `json:"incidents,omitempty"` // complaints, injuries, accidents known
	ForeignRecalls []string      `json:"foreign_recalls,omitempty"`
	Trigger        string        `json:"trigger,omitempty"` // what set the report clock running
	AwareOn        string        `json:"aware_on,omitempty"`
	ReportedOn     string        `json:"reported_on,omitempty"` // the producer's report reached the regulator
	Plan           *Plan         `json:"plan,omitempty"`
	Dept           string        `json:"dept"` // the lead regulator
	Supporting     []string      `json:"supporting,omitempty"`
	CaseID         risk.ID       `json:"case_id,omitempty"`
	WarningID      risk.ID       `json:"warning_id,omitempty"`
	Deadlines      Deadlines     `json:"deadlines"`
	DeadlineList   []Deadline    `json:"deadline_list"`
	NoticeOn       string        `json:"notice_on,omitempty"` // the recall notice was published
	// PlanReturned is why the regulator last sent the plan back, until the
	// firm files it again.
	PlanReturned string    `json:"plan_returned,omitempty"`
	CompletedOn  string    `json:"completed_on,omitempty"`
	SummaryOn    string    `json:"summary_on,omitempty"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Rev          int       `json:"rev"`
}

// Label names the recall for lists: its first product and the firm.
func (r *Recall) Title() string {
	if len(r.Products) == 0 {
		return r.EnterpriseName
	}
	p := r.Products[0]
	t := strings.TrimSpace(strings.Join([]string{p.Brand, p.Name, p.Model}, " "))
	if len(r.Products) > 1 {
		t += fmt.Sprintf(" 等 %d 种", len(r.Products))
	}
	return t
}

// Triggers of the 2-working-day report.
var triggerLabels = risk.Labels{
	"death":          {"死亡", "Death"},
	"serious_injury": {"严重人身伤害", "Serious injury"},
	"property_loss":  {"重大财产损失", "Major property loss"},
	"recall_abroad":  {"在境外实施召回", "Recall abroad"},
	"defect_found":   {"发现可能存在缺陷", "Possible defect found"},
}

// Triggers are the codes of triggerLabels, in the order forms offer them.
var Triggers = []string{"death", "serious_injury", "property_loss", "recall_abroad", "defect_found"}

// TriggerLabel names what set the report clock running.
func TriggerLabel(code string) (zh, en string) { return triggerLabels.Of(code) }

// Input is what opens a recall.
type Input struct {
	Kind           Kind      `json:"kind"`
	EnterpriseUSCC string    `json:"enterprise_uscc"`
	Products       []Product `json:"products"`
	Defect         string    `json:"defect"`
	Cause          string    `json:"cause"`
	Hazard         string    `json:"hazard"`
	Consequences   string    `json:"consequences"`
	Incidents      string    `json:"incidents"`
	ForeignRecalls []string  `json:"foreign_recalls"`
	Trigger        string    `json:"trigger"`
	AwareOn        string    `json:"aware_on"`
	ReportedOn     string    `json:"reported_on"`
	CaseID         risk.ID   `json:"case_id"` // the risk case the recall answers (officials)
}

// PlanInput is a plan as filed.
type PlanInput struct {
	Remedy           Remedy  `json:"remedy"`
	StartDate        string  `json:"start_date"`
	CompletionDate   string  `json:"completion_date"`
	TargetCompletion float64 `json:"target_completion"`
	Notice           string  `json:"notice"`
	Channels         string  `json:"channels"`
	Note             string  `json:"note"`
	Rev              int     `json:"rev"`
}

// Limits on input from outside.
const (
	MaxProducts = 50
	MaxText     = 4000 // characters of a free-text field
	MaxShort    = 200
	MaxForeign  = 20
)

// ParseDate reads a YYYY-MM-DD date (China), naming field when it is not one.
func ParseDate(field, s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), risk.China)
	if err != nil {
		return time.Time{}, risk.Invalid(field, fmt.Sprintf("“%s”不是日期（应为 YYYY-MM-DD）。", s), fmt.Sprintf("%q is not a date (YYYY-MM-DD).", s))
	}
	return t, nil
}

// Check validates what opens a recall, reporting every problem at once:
// its kind, the firm's code, at least one product with a name, codes that
// are codes, quantities that add up, dates that are dates and not in the
// future.
func (in *Input) Check(sets *catalog.Sets, now time.Time) error {
	var v risk.Validation
	if _, ok := kindLabels[string(in.Kind)]; !ok {
		v.Add("kind", "召回类型应为主动召回（voluntary）、责令召回（ordered）或环境保护召回（environmental）。",
			"kind must be voluntary, ordered or environmental.")
	}
	in.EnterpriseUSCC = strings.ToUpper(strings.TrimSpace(in.EnterpriseUSCC))
	if _, err := ident.ParseUSCC(in.EnterpriseUSCC); err != nil {
		v.AddErr("enterprise_uscc", err)
	}
	switch {
	case len(in.Products) == 0:
		v.Add("products", "请至少列出一种召回产品。", "list at least one product.")
	case len(in.Products) > MaxProducts:
		v.Add("products", fmt.Sprintf("产品过多（上限 %d 种）。", MaxProducts), fmt.Sprintf("too many products (limit %d).", MaxProducts))
	default:
		for i := range in.Products {
			in.Products[i].check(&v, fmt.Sprintf("products[%d]", i), sets, now)
		}
	}
	v.Paragraph("defect", in.Defect, MaxText, true, "缺陷描述", "the defect")
	v.Paragraph("cause", in.Cause, MaxText, false, "缺陷原因", "the cause")
	v.Paragraph("consequences", in.Consequences, MaxText, false, "可能造成的后果", "the consequences")
	v.Paragraph("incidents", in.Incidents, MaxText, false, "投诉和事故情况", "complaints and incidents")
	v.Text("hazard", in.Hazard, MaxShort, false, "危害类型", "the hazard")
	if len(in.ForeignRecalls) > MaxForeign {
		v.Add("foreign_recalls", fmt.Sprintf("境外召回过多（上限 %d 条）。", MaxForeign), fmt.Sprintf("too many recalls abroad (limit %d).", MaxForeign))
	} else {
		for i, f := range in.ForeignRecalls {
			v.Text(fmt.Sprintf("foreign_recalls[%d]", i), f, MaxShort, true, "境外召回", "a recall abroad")
		}
	}
	if in.Trigger != "" {
		if _, ok := triggerLabels[in.Trigger]; !ok {
			v.Add("trigger", "报告事由应为死亡、严重人身伤害、重大财产损失、境外召回或发现可能存在缺陷。",
				"trigger must be death, serious_injury, property_loss, recall_abroad or defect_found.")
		}
	}
	dated := true
	for _, d := range []struct {
		field, v string
		p        *string
	}{{"aware_on", in.AwareOn, &in.AwareOn}, {"reported_on", in.ReportedOn, &in.ReportedOn}} {
		if d.v == "" {
			continue
		}
		t, err := ParseDate(d.field, d.v)
		if err != nil {
			v.AddErr(d.field, err)
			dated = false
		} else if *d.p = t.Format("2006-01-02"); t.After(risk.Day(now)) {
			v.Add(d.field, fmt.Sprintf("%s 晚于今天。", d.v), fmt.Sprintf("%s is after today.", d.v))
		}
	}
	if dated && in.AwareOn != "" && in.ReportedOn != "" && in.ReportedOn < in.AwareOn { // both normalised above
		v.Add("reported_on", "报告日期早于获知日期。", "the report is dated before the producer learned of the defect.")
	}
	return v.Err()
}

func (p *Product) check(v *risk.Validation, field string, sets *catalog.Sets, now time.Time) {
	v.Text(field+".name", p.Name, MaxShort, true, "产品名称", "the product's name")
	v.Text(field+".brand", p.Brand, MaxShort, false, "品牌", "the brand")
	v.Text(field+".model", p.Model, MaxShort, false, "型号", "the model")
	v.Text(field+".batch", p.Batch, MaxShort, false, "批次", "the batch")
	if p.GTIN != "" {
		if _, err := ident.ParseGTIN(p.GTIN); err != nil {
			v.AddErr(field+".gtin", err)
		}
	}
	if p.HSCode != "" {
		c, err := ident.ParseHS(p.HSCode)
		if err == nil && sets != nil {
			err = sets.HS.Check(c)
		}
		v.AddErr(field+".hs_code", err)
	}
	var from, to time.Time
	var err error
	if p.ProducedFrom != "" {
		if from, err = ParseDate(field+".produced_from", p.ProducedFrom); err != nil {
			v.AddErr(field+".produced_from", err)
		} else {
			p.ProducedFrom = from.Format("2006-01-02")
		}
	}
	if p.ProducedTo != "" {
		if to, err = ParseDate(field+".produced_to", p.ProducedTo); err != nil {
			v.AddErr(field+".produced_to", err)
		} else if p.ProducedTo = to.Format("2006-01-02"); to.After(risk.Day(now)) {
			v.Add(field+".produced_to", "生产日期晚于今天。", "the production date is after today.")
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Add(field+".produced_to", "生产截止日期早于起始日期。", "production ends before it starts.")
	}
	for _, q := range []struct {
		name string
		v    int64
	}{{"quantity_made", p.Made}, {"quantity_sold", p.Sold}, {"quantity_in_chain", p.InChain}} {
		if q.v < 0 || q.v > 1e12 {
			v.Add(field+"."+q.name, "数量应为 0 至 1 万亿之间的整数。", "a quantity must be a whole number from 0 to a trillion.")
			return
		}
	}
	if p.Made > 0 && p.Sold > p.Made {
		v.Add(field+".quantity_sold", fmt.Sprintf("销售数量（%d）多于生产数量（%d）。", p.Sold, p.Made), fmt.Sprintf("more sold (%d) than made (%d).", p.Sold, p.Made))
	} else if p.Made > 0 && p.InChain > p.Made-p.Sold {
		v.Add(field+".quantity_in_chain", fmt.Sprintf("供应链中的数量（%d）多于生产未售出的数量（%d）。", p.InChain, p.Made-p.Sold),
			fmt.Sprintf("more in the supply chain (%d) than made and not sold (%d).", p.InChain, p.Made-p.Sold))
	}
}

// Check validates a plan: a remedy, a completion date on or after the
// start, a target completion rate above 0 and at most 1.
func (in *PlanInput) Check(now time.Time) error {
	var v risk.Validation
	if _, ok := remedyLabels[string(in.Remedy)]; !ok {
		v.Add("remedy", "请选择召回措施：修理（repair）、更换（replace）、退货退款（refund）或更正警示标识（label）。",
			"remedy must be repair, replace, refund or label.")
	}
	if in.StartDate == "" {
		in.StartDate = risk.Day(now).Format("2006-01-02")
	}
	start, errStart := ParseDate("start_date", in.StartDate)
	v.AddErr("start_date", errStart)
	if errStart == nil {
		in.StartDate = start.Format("2006-01-02")
	}
	if strings.TrimSpace(in.CompletionDate) == "" {
		v.Add("completion_date", "请填写计划完成日期。", "completion_date is required.")
	} else if end, err := ParseDate("completion_date", in.CompletionDate); err != nil {
		v.AddErr("completion_date", err)
	} else if in.CompletionDate = end.Format("2006-01-02"); errStart == nil && end.Before(start) {
		v.Add("completion_date", "计划完成日期早于开始日期。", "the plan completes before it starts.")
	}
	if !(in.TargetCompletion > 0 && in.TargetCompletion <= 1) {
		v.Add("target_completion", "目标完成率应大于 0 且不超过 1（如 0.9 即 90%）。", "target_completion must be above 0 and at most 1 (0.9 is 90 %).")
	}
	v.Paragraph("notice", in.Notice, MaxText, false, "召回公告", "the notice")
	v.Paragraph("channels", in.Channels, MaxText, false, "通知方式", "the channels")
	v.Paragraph("note", in.Note, MaxText, false, "备注", "the note")
	return v.Err()
}

// Deadlines are the recall's legal dates, as the API's contract gives them.
type Deadlines struct {
	ReportDue  string `json:"report_due,omitempty"`
	PlanDue    string `json:"plan_due,omitempty"`
	SummaryDue string `json:"summary_due,omitempty"`
}

// Deadline is one legal period of a recall, worked out for the page.
type Deadline struct {
	Code     string `json:"code"`
	Due      string `json:"due,omitempty"` // YYYY-MM-DD; empty when the calendar cannot say
	DaysLeft int    `json:"days_left"`     // working days from today; negative when overdue
	Overdue  bool   `json:"overdue"`
	Met      string `json:"met,omitempty"`  // the date it was met
	Late     bool   `json:"late,omitempty"` // met after it was due
	Source   string `json:"source"`
	Unknown  string `json:"unknown,omitempty"` // why Due is empty
	rule     *rule
}

// Label names the period.
func (d Deadline) Label() (zh, en string) {
	if d.rule != nil {
		return d.rule.NameZh, d.rule.NameEn
	}
	return d.Code, d.Code
}

// rule is one legal period (deadlines.json).
type rule struct {
	Code        string `json:"code"`
	NameZh      string `json:"name_zh"`
	NameEn      string `json:"name_en"`
	From        string `json:"from"` // aware_on, start_date or completion_date
	WorkingDays int    `json:"working_days"`
	Source      string `json:"source"`
}

//go:embed deadlines.json
var deadlinesJSON []byte

// Rules are the legal periods, loaded once from deadlines.json.
var rules = func() []rule {
	var rs []rule
	if err := json.Unmarshal(deadlinesJSON, &rs); err != nil {
		panic("recall: deadlines.json: " + err.Error())
	}
	for _, r := range rs {
		if r.Code == "" || r.Source == "" || r.WorkingDays < 0 {
			panic("recall: deadlines.json: a rule without a code, a source or a period")
		}
		switch r.From {
		case "aware_on", "start_date", "completion_date":
		default:
			panic("recall: deadlines.json: rule " + r.Code + " counts from " + r.From)
		}
	}
	return rs
}()

// WorkOut fills r's deadlines from its dates on cal, as of now: each due
// date, the working days left, whether it is met or overdue. A period in a
// year the calendar does not hold says so instead of guessing.
func (r *Recall) WorkOut(cal *calendar.Calendar, now time.Time) {
	r.Deadlines, r.DeadlineList = Deadlines{}, nil
	today := risk.Day(now)
	for i := range rules {
		ru := &rules[i]
		var from, met string
		switch ru.From {
		case "aware_on":
			from, met = r.AwareOn, r.ReportedOn
		case "start_date":
			if r.Plan != nil {
				from = r.Plan.StartDate
				first := r.Plan.FirstFiledAt
				if first.IsZero() {
					first = r.Plan.FiledAt
				}
				met = first.In(risk.China).Format("2006-01-02")
			}
		case "completion_date":
			if r.Plan != nil {
				from, met = r.Plan.CompletionDate, r.SummaryOn
			}
		}
		if from == "" {
			continue
		}
		d := Deadline{Code: ru.Code, Source: ru.Source, Met: met, rule: ru}
		start, err := ParseDate(ru.From, from)
		if err != nil {
			continue
		}
		due, err := cal.Add(start, ru.WorkingDays)
		if err != nil {
			d.Unknown = risk.Bilingual(fmt.Sprintf("工作日历未包含所需年份，无法计算期限（%s 起 %d 个工作日）；请管理员录入该年工作日历。", from, ru.WorkingDays),
				fmt.Sprintf("the working-day calendar does not hold the year needed (%d working days from %s); an administrator enters it.", ru.WorkingDays, from))
		} else {
			d.Due = due.Format("2006-01-02")
			switch {
			case met != "":
				d.Late = met > d.Due
			case today.After(due):
				d.Overdue = true
				if n, err := cal.Count(due, today); err == nil {
					d.DaysLeft = -n
				} else {
					d.Unknown = risk.Bilingual("已逾期；工作日历未包含今天所在的年份，无法计算逾期工作日数。",
						"overdue; the working-day calendar does not hold this year, so the working days overdue cannot be counted.")
				}
			default:
				d.DaysLeft, _ = cal.Count(today, due)
			}
			switch ru.Code {
			case "report":
				r.Deadlines.ReportDue = d.Due
			case "plan":
				r.Deadlines.PlanDue = d.Due
			case "summary":
				r.Deadlines.SummaryDue = d.Due
			}
		}
		r.DeadlineList = append(r.DeadlineList, d)
	}
}
