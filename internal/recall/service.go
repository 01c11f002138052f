package recall

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Filter selects recalls.
type Filter struct {
	Status       Status
	Public       bool // the notice is out (PublicStatuses)
	Kind         Kind
	Open         bool     // not closed or evaluated
	EnterpriseID risk.ID  // one firm's
	Depts        []string // lead or supporting; nil: any
	risk.Paging
}

// Store is the persistence of recalls.
type Store interface {
	Create(ctx context.Context, r *Recall, ae audit.Entry) error
	Get(ctx context.Context, id risk.ID) (*Recall, error)
	List(ctx context.Context, f Filter) ([]*Recall, int, error)
	// Update writes r if the stored revision is r.Rev-1.
	Update(ctx context.Context, r *Recall, ae audit.Entry) error
}

// Firms finds the producer or importer a recall names.
type Firms interface {
	GetByUSCC(ctx context.Context, uscc string) (*enterprise.Enterprise, error)
}

// Calendar is the working-day calendar deadlines are counted on.
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Cases checks the case a recall is opened under.
type Cases interface {
	Exists(ctx context.Context, a risk.Actor, id risk.ID) error
}

// Service runs recalls.
type Service struct {
	Store      Store
	Progresses ProgressStore
	Firms      Firms
	Cases      Cases
	Signals    Signals
	Calendar   Calendar
	Sets       *catalog.Sets
	Now        func() time.Time
}

// Departments: the provincial market regulator leads consumer-goods
// recalls, the ecology department environmental ones; Changsha Customs
// supports both (imported goods), as task 11 of the plan assigns them.
const (
	DeptMarket  = "hn-amr"
	DeptEcology = "hn-ecoenv"
	DeptCustoms = "cs-customs"
)

func leadOf(k Kind) (string, []string) {
	if k == Environmental {
		return DeptEcology, []string{DeptMarket, DeptCustoms}
	}
	return DeptMarket, []string{DeptCustoms}
}

// CanRead reports whether a may see r: an official of its lead or a
// supporting department (an administrator any), the firm its own.
func CanRead(a risk.Actor, r *Recall) bool {
	if !risk.Can(a, risk.PermRecallRead) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return a.EnterpriseID != 0 && a.EnterpriseID == r.EnterpriseID
	}
	return a.SeesAll() || a.Dept == r.Dept || slices.Contains(r.Supporting, a.Dept)
}

// CanAct reports whether a may take action on r: officers of the lead or a
// supporting department move it through its life; the firm files its plan
// (and an official may file it for the firm).
func CanAct(a risk.Actor, r *Recall, action string) bool {
	if !CanRead(a, r) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return (action == ActFilePlan || action == ActReport) && risk.Can(a, risk.PermRecallReport)
	}
	if action == ActReport {
		return false // the firm's own report
	}
	return risk.Can(a, risk.PermRecallWrite)
}

// Actions lists what a may do to r now, for the page's buttons.
func Actions(a risk.Actor, r *Recall) []string {
	var out []string
	for _, act := range Machine.Allowed(string(r.Status)) {
		if act == ActFilePlan || act == ActOrder && r.Ordered || act == ActReport && r.ReportedOn != "" {
			continue // the plan has its form; an ordered recall is not ordered again, a report not made twice
		}
		if CanAct(a, r, act) {
			out = append(out, act)
		}
	}
	return out
}

func notFound() error {
	return risk.Errorf(risk.ErrNotFound, "没有该召回。 / No such recall.")
}

// Open opens a recall: an official records one (suspected, or ordered), or
// a firm reports its own (its report reaches the regulator today).
func (s *Service) Open(ctx context.Context, a risk.Actor, in Input) (*Recall, error) {
	isFirm := a.Role == risk.RoleEnterprise
	if !(risk.Can(a, risk.PermRecallWrite) || isFirm && risk.Can(a, risk.PermRecallReport)) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权登记召回。 / Not allowed to open a recall.")
	}
	now := s.Now()
	if isFirm && in.Kind == Ordered {
		return nil, risk.Invalid("kind", "企业不能登记责令召回。", "a firm cannot open an ordered recall.")
	}
	if err := in.Check(s.Sets, now); err != nil {
		return nil, err
	}
	if !isFirm && !a.SeesAll() {
		lead, supporting := leadOf(in.Kind)
		switch {
		case in.Kind == Ordered && a.Dept != lead:
			return nil, risk.Errorf(risk.ErrForbidden, "只有主管部门可以责令召回。 / Only the lead regulator orders a recall.")
		case a.Dept != lead && !slices.Contains(supporting, a.Dept):
			return nil, risk.Errorf(risk.ErrForbidden, "本部门不主管或配合此类召回。 / Your department neither leads nor supports such recalls.")
		}
	}
	firm, err := s.Firms.GetByUSCC(ctx, in.EnterpriseUSCC)
	if errors.Is(err, risk.ErrNotFound) {
		return nil, risk.Invalid("enterprise_uscc", "企业名录中没有该统一社会信用代码的企业，请先登记企业。", "no enterprise with this USCC is in the register; register it first.")
	}
	if err != nil {
		return nil, err
	}
	if isFirm && firm.ID != a.EnterpriseID {
		return nil, risk.Invalid("enterprise_uscc", "只能为本企业登记召回。", "a firm opens recalls of its own only.")
	}
	if in.CaseID != 0 {
		if isFirm || s.Cases == nil {
			return nil, risk.Invalid("case_id", "企业登记召回时不能关联案件。", "a firm cannot put a recall under a case.")
		}
		if err := s.Cases.Exists(ctx, a, in.CaseID); err != nil {
			return nil, risk.Invalid("case_id", fmt.Sprintf("没有可关联的案件 %d。", in.CaseID), fmt.Sprintf("there is no case %d to put the recall under.", in.CaseID))
		}
	}
	today := risk.Day(now).Format("2006-01-02")
	r := &Recall{Kind: in.Kind, Status: StatusSuspected, EnterpriseID: firm.ID, EnterpriseUSCC: firm.USCC, EnterpriseName: firm.NameZh,
		Products: in.Products, Defect: in.Defect, Cause: in.Cause, Hazard: in.Hazard, Consequences: in.Consequences,
		Incidents: in.Incidents, ForeignRecalls: in.ForeignRecalls, Trigger: in.Trigger, AwareOn: in.AwareOn, ReportedOn: in.ReportedOn,
		CaseID: in.CaseID, CreatedBy: a.Label(), CreatedAt: now.UTC(), UpdatedAt: now.UTC(), Rev: 1}
	r.Dept, r.Supporting = leadOf(in.Kind)
	if isFirm {
		r.ReportedOn = today // the firm's own record is its report, dated by the server
	}
	if in.Kind == Ordered {
		r.Status, r.Ordered = StatusConfirmed, true
	}
	zh, en := r.Kind.Label()
	ae := audit.New(a, "recall.open", "recall", 0, risk.Bilingual(fmt.Sprintf("登记%s：%s（%s）", zh, r.Title(), r.EnterpriseName),
		fmt.Sprintf("opened: %s, %s (%s)", strings.ToLower(en), r.Title(), r.EnterpriseUSCC))).WithChange(nil, r)
	if err := s.Store.Create(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, s.workOut(ctx, r)
}

// workOut fills r's deadlines on the calendar as entered.
func (s *Service) workOut(ctx context.Context, r *Recall) error {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	r.WorkOut(cal, s.Now())
	return nil
}

// Get returns a recall a may see, with its deadlines worked out.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Recall, error) {
	if !risk.Can(a, risk.PermRecallRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看召回。 / Not allowed to read recalls.")
	}
	r, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanRead(a, r) {
		return nil, notFound()
	}
	return r, s.workOut(ctx, r)
}

// List returns the recalls a may see: a firm its own, an official those of
// its department (lead or supporting), an administrator all.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Recall, int, error) {
	if !risk.Can(a, risk.PermRecallRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看召回。 / Not allowed to read recalls.")
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	firm, dept, ok := a.ListScope()
	if !ok {
		return nil, 0, nil
	}
	if firm != 0 {
		f.EnterpriseID = firm
	}
	if dept != "" {
		f.Depts = []string{dept}
	}
	rs, n, err := s.Store.List(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, r := range rs {
		r.WorkOut(cal, s.Now())
	}
	return rs, n, nil
}

// FilePlan files (or revises, before the notice is out) the recall plan,
// under revision rev.
func (s *Service) FilePlan(ctx context.Context, a risk.Actor, id risk.ID, in PlanInput) (*Recall, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanAct(a, r, ActFilePlan) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权备案召回计划。 / Not allowed to file the recall plan.")
	}
	if in.Rev != 0 && in.Rev != r.Rev {
		return nil, staleErr(r.Rev)
	}
	next, err := Machine.Step(string(r.Status), ActFilePlan)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if err := in.Check(now); err != nil {
		return nil, err
	}
	before := r.Plan
	r.PlanReturned = ""
	r.Plan = &Plan{Remedy: in.Remedy, StartDate: in.StartDate, CompletionDate: in.CompletionDate, TargetCompletion: in.TargetCompletion,
		Notice: in.Notice, Channels: in.Channels, Note: in.Note, FiledAt: now.UTC(), FiledBy: a.Label(), FirstFiledAt: now.UTC()}
	if before != nil && !before.FirstFiledAt.IsZero() {
		r.Plan.FirstFiledAt = before.FirstFiledAt // the plan deadline was met (or not) by the first filing
	}
	r.Status, r.UpdatedAt = Status(next), now.UTC()
	r.Rev++
	zh, en := r.Plan.Remedy.Label()
	ae := audit.New(a, "recall.plan", "recall", r.ID, risk.Bilingual(
		fmt.Sprintf("备案召回计划：%s，%s 至 %s，目标完成率 %.0f%%", zh, r.Plan.StartDate, r.Plan.CompletionDate, 100*r.Plan.TargetCompletion),
		fmt.Sprintf("filed the recall plan: %s, %s to %s, target %.0f %%", strings.ToLower(en), r.Plan.StartDate, r.Plan.CompletionDate, 100*r.Plan.TargetCompletion))).
		WithChange(before, r.Plan)
	if err := s.Store.Update(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, s.workOut(ctx, r)
}

func staleErr(rev int) error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual(
		fmt.Sprintf("召回已被他人修改（当前版本 %d），请刷新后重试。", rev), fmt.Sprintf("the recall was changed meanwhile (now revision %d); reload and retry.", rev))}
}

// Act moves a recall one step of its life (not filing the plan, which
// FilePlan does), under revision rev, with a note.
func (s *Service) Act(ctx context.Context, a risk.Actor, id risk.ID, action, note string, rev int) (*Recall, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if action == ActFilePlan {
		return nil, risk.Invalid("action", "请通过召回计划表单备案计划。", "file the plan with its own request (POST …/plan).")
	}
	var v risk.Validation
	v.Paragraph("note", note, MaxText, false, "说明", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !CanAct(a, r, action) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权执行该操作。 / Not allowed to take this action.")
	}
	if rev != r.Rev {
		return nil, staleErr(r.Rev)
	}
	next, err := Machine.Step(string(r.Status), action)
	if err != nil {
		return nil, err
	}
	if action == ActReport && r.ReportedOn != "" {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "action", Message: risk.Bilingual("已于 "+r.ReportedOn+" 报告。", "reported on "+r.ReportedOn+".")}
	}
	if action == ActReturnPlan && strings.TrimSpace(note) == "" {
		return nil, risk.Invalid("note", "请写明退回理由：计划需要补充或修改什么。", "say why the plan goes back: what it must add or change.")
	}
	if action == ActReport && strings.TrimSpace(note) == "" {
		return nil, risk.Invalid("note", "请写明报告内容：发现的缺陷、事故或境外召回情况。", "say what is reported: the defect, the accident or the recall abroad.")
	}
	if action == ActOrder && !a.SeesAll() && a.Dept != r.Dept {
		return nil, risk.Errorf(risk.ErrForbidden, "只有主管部门可以责令召回。 / Only the lead regulator orders a recall.")
	}
	if action == ActOrder && r.Ordered {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "action", Message: risk.Bilingual("该召回已是责令召回。", "the recall is already ordered.")}
	}
	now := s.Now()
	today := risk.Day(now).Format("2006-01-02")
	before := struct {
		Status  Status `json:"status"`
		Kind    Kind   `json:"kind"`
		Ordered bool   `json:"ordered,omitempty"`
	}{r.Status, r.Kind, r.Ordered}
	r.Status, r.UpdatedAt = Status(next), now.UTC()
	switch action {
	case ActReport:
		r.ReportedOn = today
	case ActReturnPlan:
		r.PlanReturned = note
	case ActMoreMeasures:
		r.CompletedOn, r.SummaryOn = "", "" // a new completion and summary to come
	case ActPublishNotice:
		r.NoticeOn = today
	case ActOrder:
		r.Ordered = true
		if r.Kind != Environmental {
			r.Kind = Ordered
		}
	case ActComplete:
		r.CompletedOn = today
	case ActFileSummary:
		r.SummaryOn = today
	}
	r.Rev++
	zh, en := ActionLabel(action)
	summaryZh, summaryEn := fmt.Sprintf("召回 %d：%s", r.ID, zh), fmt.Sprintf("recall %d: %s", r.ID, strings.ToLower(en))
	if note != "" {
		summaryZh, summaryEn = summaryZh+"（"+note+"）", summaryEn+" ("+note+")"
	}
	summary := risk.Bilingual(summaryZh, summaryEn)
	ae := audit.New(a, "recall."+action, "recall", r.ID, summary).WithChange(before, struct {
		Status  Status `json:"status"`
		Kind    Kind   `json:"kind"`
		Ordered bool   `json:"ordered,omitempty"`
		Note    string `json:"note,omitempty"`
	}{r.Status, r.Kind, r.Ordered, note})
	if err := s.Store.Update(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, s.workOut(ctx, r)
}

// AddTraced adds to recall id, under revision t.Rev, the lots (as
// products named as the recall's product of that GTIN, else its first) and
// the distributors a trace found that it does not list yet; an official
// who may act on it (CanAct ActScope), while it is open. One update with
// its audit entry; nothing new is a conflict.
func (s *Service) AddTraced(ctx context.Context, a risk.Actor, id risk.ID, t Traced) (*Recall, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanAct(a, r, ActScope) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权修改召回范围。 / Not allowed to change the recall's scope.")
	}
	if t.Rev != r.Rev {
		return nil, staleErr(r.Rev)
	}
	if !r.Status.Open() {
		return nil, risk.Errorf(risk.ErrConflict, "召回已结束，不能再补充范围。 / The recall has ended; its scope can no longer change.")
	}
	before := struct {
		Products     []Product     `json:"products"`
		Distributors []Distributor `json:"distributors,omitempty"`
	}{slices.Clone(r.Products), slices.Clone(r.Distributors)}
	var lots, firms []string
	for _, l := range t.Lots {
		if slices.ContainsFunc(r.Products, func(p Product) bool { return sameLot(p, l) }) {
			continue
		}
		p := l
		base := r.Products[0]
		if i := slices.IndexFunc(r.Products, func(x Product) bool { return x.GTIN != "" && sameGTIN(x.GTIN, l.GTIN) }); i >= 0 {
			base = r.Products[i]
		}
		p.Name, p.Brand, p.Model, p.HSCode = base.Name, base.Brand, base.Model, base.HSCode
		r.Products = append(r.Products, p)
		lots = append(lots, l.Batch)
	}
	for _, d := range t.Distributors {
		if slices.ContainsFunc(r.Distributors, func(x Distributor) bool { return x.key() == d.key() }) {
			continue
		}
		r.Distributors = append(r.Distributors, d)
		name := d.Name
		if name == "" {
			name = d.Party
		}
		firms = append(firms, name)
	}
	if len(lots)+len(firms) == 0 {
		return nil, risk.Errorf(risk.ErrConflict, "追溯结果中没有召回尚未列出的批次或经销商。 / The trace found no lot or distributor the recall does not list yet.")
	}
	var v risk.Validation
	if len(r.Products) > MaxProducts {
		v.Add("products", fmt.Sprintf("产品过多（上限 %d 种）。", MaxProducts), fmt.Sprintf("too many products (limit %d).", MaxProducts))
	}
	if len(r.Distributors) > MaxDistributors {
		v.Add("distributors", fmt.Sprintf("经销商过多（上限 %d 个）。", MaxDistributors), fmt.Sprintf("too many distributors (limit %d).", MaxDistributors))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now()
	r.UpdatedAt = now.UTC()
	r.Rev++
	zh := fmt.Sprintf("召回 %d 按 %s 的%s结果补充范围：批次 %d 个", r.ID, t.Start, t.DirectionZh, len(lots))
	en := fmt.Sprintf("recall %d scoped by the %s trace of %s: %d lots", r.ID, strings.ToLower(t.DirectionEn), t.Start, len(lots))
	if len(lots) > 0 {
		zh, en = zh+"（"+strings.Join(lots, "、")+"）", en+" ("+strings.Join(lots, ", ")+")"
	}
	zh, en = zh+fmt.Sprintf("，经销商 %d 个", len(firms)), en+fmt.Sprintf(", %d distributors", len(firms))
	if len(firms) > 0 {
		zh, en = zh+"（"+strings.Join(firms, "、")+"）", en+" ("+strings.Join(firms, ", ")+")"
	}
	if !t.Complete {
		zh, en = zh+"；追溯链不完整", en+"; the chain is incomplete"
	}
	ae := audit.New(a, "recall."+ActScope, "recall", r.ID, risk.Bilingual(zh, en)).WithChange(before, struct {
		Products     []Product     `json:"products"`
		Distributors []Distributor `json:"distributors,omitempty"`
	}{r.Products, r.Distributors})
	if err := s.Store.Update(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, s.workOut(ctx, r)
}

// MaxDistributors bounds the distributors a recall lists.
const MaxDistributors = 500

func sameGTIN(a, b string) bool {
	x, err1 := ident.ParseGTIN(a)
	y, err2 := ident.ParseGTIN(b)
	return err1 == nil && err2 == nil && x.Normalize14() == y.Normalize14()
}

// sameLot reports whether product p is lot l: the same batch, and the same
// GTIN where p gives one.
func sameLot(p, l Product) bool {
	return p.Batch == l.Batch && (p.GTIN == "" || sameGTIN(p.GTIN, l.GTIN))
}

// Queue is what waits in a's workbench: recalls waiting on a (the
// regulator decides suspected and investigated defects, reviews filed
// plans and evaluates summaries; the firm files its plan and reports its
// progress), and those with a deadline overdue.
type Queue struct {
	ToDecide int // regulator: to investigate, decide, review or evaluate
	ToPlan   int // firm: a plan to file
	ToReport int // firm: progress to report while the recall runs
	Overdue  int
}

// Queue counts a's recall queue over the open recalls a may see.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if !risk.Can(a, risk.PermRecallRead) {
		return q, nil
	}
	f := Filter{Open: true, Paging: risk.Paging{Limit: risk.MaxLimit}}
	for {
		rs, total, err := s.List(ctx, a, f)
		if err != nil {
			return q, err
		}
		for _, r := range rs {
			for _, d := range r.DeadlineList {
				if d.Overdue {
					q.Overdue++
					break
				}
			}
			switch {
			case a.Role == risk.RoleEnterprise:
				if (r.Plan == nil || r.PlanReturned != "") && (r.Status == StatusSuspected || r.Status == StatusInvestigating || r.Status == StatusConfirmed) {
					q.ToPlan++
				}
				if r.Status == StatusInProgress {
					q.ToReport++
				}
			case risk.Can(a, risk.PermRecallWrite):
				switch r.Status {
				case StatusSuspected, StatusInvestigating, StatusPlanFiled, StatusSummaryFiled:
					q.ToDecide++
				}
			}
		}
		f.Offset += len(rs)
		if len(rs) == 0 || f.Offset >= total {
			return q, nil
		}
	}
}

// publicView is r as the public reads it: the notice, the products, the
// defect and its hazard, the remedy; not the report's clock, the
// incidents (which may name people), the plan's notes or who filed what.
func publicView(r *Recall) *Recall {
	c := *r
	c.Incidents, c.Trigger, c.AwareOn, c.ReportedOn, c.CreatedBy, c.PlanReturned = "", "", "", "", "", ""
	c.CaseID, c.WarningID, c.Deadlines, c.DeadlineList, c.SummaryOn = 0, 0, Deadlines{}, nil, ""
	if r.Plan != nil {
		p := *r.Plan
		p.Note, p.FiledBy = "", ""
		c.Plan = &p
	}
	return &c
}

// Public lists the recalls whose notice is out, newest first, for anyone.
func (s *Service) Public(ctx context.Context, pg risk.Paging) ([]*Recall, int, error) {
	var v risk.Validation
	if pg.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	rs, n, err := s.Store.List(ctx, Filter{Public: true, Paging: pg})
	if err != nil {
		return nil, 0, err
	}
	for i, r := range rs {
		rs[i] = publicView(r)
	}
	return rs, n, nil
}

// PublicGet returns a recall whose notice is out (risk.ErrNotFound for
// any other, so that the answer never tells whether one exists).
func (s *Service) PublicGet(ctx context.Context, id risk.ID) (*Recall, error) {
	r, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !r.Status.Public() {
		return nil, notFound()
	}
	return publicView(r), nil
}
