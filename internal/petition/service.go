package petition

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// Filter selects petitions.
type Filter struct {
	Status       Status
	Open         bool    // submitted or more requested
	EnterpriseID risk.ID // one firm's
	MeasureID    risk.ID
	WarningID    risk.ID
	Target       Target
	Dept         string // reviewed by: the lead or the issuing department; "" any
	risk.Paging
}

// Proposal is the lifting proposal an accepted petition makes for a
// warning, as the lifting evaluator makes one: the approver lifts.
type Proposal struct {
	WarningID risk.ID
	Text      string
	Audit     audit.Entry
}

// Effects is what a review causes beyond the petition itself. The service
// works it out; the store writes the petition and its effects in one
// transaction and decides nothing.
type Effects struct {
	Audit   audit.Entry
	Lift    *warning.MeasureEnd // an accepted petition against a measure lifts it
	Propose *Proposal           // an accepted petition against a warning proposes lifting it
}

// Store is the persistence of petitions.
type Store interface {
	Create(ctx context.Context, p *Petition, ae audit.Entry) error
	// Get returns risk.ErrNotFound when there is no such petition.
	Get(ctx context.Context, id risk.ID) (*Petition, error)
	List(ctx context.Context, f Filter) ([]*Petition, int, error)
	// Update writes p if the stored revision is p.Rev-1 (risk.ErrConflict
	// otherwise), with fx, in one transaction.
	Update(ctx context.Context, p *Petition, fx Effects) error
}

// Firms finds the petitioner.
type Firms interface {
	Get(ctx context.Context, id risk.ID) (*enterprise.Enterprise, error)
}

// Measures reads measures as stored.
type Measures interface {
	Get(ctx context.Context, id risk.ID) (*measure.Measure, error)
	List(ctx context.Context, f measure.Filter) ([]*measure.Measure, error)
}

// Warnings reads warnings as stored.
type Warnings interface {
	Lookup(ctx context.Context, id risk.ID) (*warning.Warning, error)
}

// Declarations reads stored declarations by number.
type Declarations interface {
	Get(ctx context.Context, number string) (*screening.Stored, error)
}

// Results reads recorded inspection and laboratory results.
type Results interface {
	// ByDeclaration lists the results recorded against declaration lines.
	ByDeclaration(ctx context.Context, refs []string) ([]*inspection.Inspection, error)
	// FailedSince lists the current failed results inspected at or after t.
	FailedSince(ctx context.Context, t time.Time) ([]*inspection.Inspection, error)
}

// Service runs petitions.
type Service struct {
	Store        Store
	Firms        Firms
	Measures     Measures
	Warnings     Warnings
	Declarations Declarations
	Results      Results
	Now          func() time.Time
}

// Input is a petition as the firm files it: one of measure_id and
// warning_id, the grounds and the declarations of its conforming
// consignments. Resubmitting carries the revision read.
type Input struct {
	MeasureID    risk.ID  `json:"measure_id,omitempty"`
	WarningID    risk.ID  `json:"warning_id,omitempty"`
	Grounds      string   `json:"grounds"`
	Declarations []string `json:"declarations"`
	Rev          int      `json:"rev,omitempty"`
}

// Review is a reviewer's decision: accept, request_more or reject, with a
// reason (required but to accept), under the revision read.
type Review struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Rev    int    `json:"rev"`
}

// CanFile reports whether a may petition at all: a user of a firm.
func CanFile(a risk.Actor) bool {
	return a.Role == risk.RoleEnterprise && a.EnterpriseID != 0 && risk.Can(a, risk.PermPetitionFile)
}

// CanRead reports whether a may see p: the firm its own, officials of the
// reviewing departments, an administrator any.
func CanRead(a risk.Actor, p *Petition) bool {
	if !risk.Can(a, risk.PermPetitionRead) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return a.EnterpriseID != 0 && a.EnterpriseID == p.EnterpriseID
	}
	return a.SeesAll() || a.IsOfficial() && a.Dept != "" && (a.Dept == p.Dept || a.Dept == p.IssuerDept)
}

// CanReview reports whether a may review p: an officer of the measure's
// lead department or of the warning's issuer.
func CanReview(a risk.Actor, p *Petition) bool {
	return CanRead(a, p) && a.IsOfficial() && risk.Can(a, risk.PermPetitionReview) && a.Dept != "" && (a.Dept == p.Dept || a.Dept == p.IssuerDept)
}

// CanResubmit reports whether a may add to p and submit it again.
func CanResubmit(a risk.Actor, p *Petition) bool {
	return CanFile(a) && a.EnterpriseID == p.EnterpriseID
}

// Reviews lists the decisions a may take on p now, for the page's form,
// in the order a reviewer weighs them: accept, ask for more, reject.
func Reviews(a risk.Actor, p *Petition) []string {
	if !CanReview(a, p) {
		return nil
	}
	var out []string
	for _, act := range []string{ActAccept, ActRequestMore, ActReject} {
		if _, err := Machine.Step(string(p.Status), act); err == nil {
			out = append(out, act)
		}
	}
	return out
}

func notFound() error {
	return risk.Errorf(risk.ErrNotFound, "没有该解除申请。 / No such petition.")
}

func staleErr(rev int) error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual(
		fmt.Sprintf("申请已有变动（当前版本 %d），请刷新后重试。", rev), fmt.Sprintf("the petition was changed meanwhile (now revision %d); reload and retry.", rev))}
}

// target is what a petition asks to lift, as read.
type target struct {
	w     *warning.Warning
	m     *measure.Measure // nil for a warning
	scope warning.Scope
	since time.Time
}

// concerns reports whether the target concerns the firm: a 通告 addressed
// to it, or a scope that names it.
func (t *target) concerns(firm *enterprise.Enterprise) bool {
	if t.w.Class == warning.ClassNotice && slices.Contains(t.w.Addressees, firm.ID) {
		return true
	}
	return slices.Contains(t.scope.USCCs, firm.USCC)
}

// resolve reads the target of in and checks that it concerns the firm and
// is in force.
func (s *Service) resolve(ctx context.Context, firm *enterprise.Enterprise, measureID, warningID risk.ID) (*target, error) {
	if (measureID == 0) == (warningID == 0) {
		return nil, risk.Invalid("measure_id", "请指明申请解除的措施或预警（二者选一）。", "name the measure or the warning to lift (one of measure_id and warning_id).")
	}
	t := &target{}
	field := "warning_id"
	if measureID != 0 {
		field = "measure_id"
		m, err := s.Measures.Get(ctx, measureID)
		if errors.Is(err, risk.ErrNotFound) {
			return nil, risk.Invalid(field, "没有该措施。", "no such measure.")
		}
		if err != nil {
			return nil, err
		}
		t.m, warningID = m, m.WarningID
	}
	w, err := s.Warnings.Lookup(ctx, warningID)
	if errors.Is(err, risk.ErrNotFound) {
		return nil, risk.Invalid(field, "没有该预警。", "no such warning.")
	}
	if err != nil {
		return nil, err
	}
	t.w, t.scope = w, w.Scope
	if w.IssuedAt != nil {
		t.since = *w.IssuedAt
	}
	if t.m != nil {
		if !t.m.Scope.Empty() {
			t.scope = t.m.Scope
		}
		t.since = t.m.StartsAt
	}
	// A 通报 is the regulators' own: a firm petitions against it only
	// through a measure that names the firm.
	if w.IssuedAt == nil || !t.concerns(firm) || t.m == nil && w.Class == warning.ClassBulletin {
		// Not the firm's to see: as if there were none.
		return nil, risk.Invalid(field, "该措施或预警不涉及本企业。", "the measure or warning does not concern the firm.")
	}
	if t.m != nil && t.m.Status != measure.StatusPlanned && t.m.Status != measure.StatusInForce || t.m == nil && !w.Status.Active() {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: field, Message: risk.Bilingual("该措施或预警已不在实施中，无需申请解除。", "the measure or warning is no longer in force.")}
	}
	return t, nil
}

// evidence checks the cited declarations against the recorded results.
func (s *Service) evidence(ctx context.Context, firm *enterprise.Enterprise, t *target, numbers []string) ([]Consignment, error) {
	ev := Evidence{Declarations: map[string]*screening.Declaration{}, Results: map[string][]*inspection.Inspection{}}
	var refs []string
	for i, n := range numbers {
		if len(n) > MaxNumber {
			return nil, risk.Invalid(fmt.Sprintf("declarations[%d]", i), fmt.Sprintf("报关单号最长 %d 个字符。", MaxNumber), fmt.Sprintf("a declaration number is at most %d characters.", MaxNumber))
		}
		if n == "" || ev.Declarations[n] != nil || i >= MaxDeclarations {
			continue
		}
		st, err := s.Declarations.Get(ctx, n)
		if errors.Is(err, risk.ErrNotFound) {
			continue // CheckEvidence names it
		}
		if err != nil {
			return nil, err
		}
		ev.Declarations[n] = &st.Declaration
		for li := range st.Declaration.Lines {
			refs = append(refs, inspection.LineRef(n, li))
		}
	}
	if len(refs) > 0 {
		xs, err := s.Results.ByDeclaration(ctx, refs)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			ev.Results[x.DeclarationRef] = append(ev.Results[x.DeclarationRef], x)
		}
		fs, err := s.Results.FailedSince(ctx, t.since)
		if err != nil {
			return nil, err
		}
		ev.Failures = fs
	}
	return CheckEvidence(firm.USCC, t.scope, t.since, numbers, ev)
}

// clean normalises the input's texts and numbers.
func (in *Input) clean() {
	in.Grounds = strings.TrimSpace(in.Grounds)
	for i, n := range in.Declarations {
		in.Declarations[i] = strings.TrimSpace(n)
	}
	if in.Declarations == nil {
		in.Declarations = []string{}
	}
}

func (s *Service) firmOf(ctx context.Context, a risk.Actor) (*enterprise.Enterprise, error) {
	if !CanFile(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有企业用户可以申请解除。 / Only a firm's users may petition.")
	}
	return s.Firms.Get(ctx, a.EnterpriseID)
}

// File files a firm's petition to lift a measure or warning that concerns
// it. The cited declarations are checked (CheckEvidence); one open
// petition per firm and target.
func (s *Service) File(ctx context.Context, a risk.Actor, in Input) (*Petition, error) {
	firm, err := s.firmOf(ctx, a)
	if err != nil {
		return nil, err
	}
	in.clean()
	var v risk.Validation
	v.Paragraph("grounds", in.Grounds, MaxGrounds, true, "申请理由", "the grounds")
	if err := v.Err(); err != nil {
		return nil, err
	}
	t, err := s.resolve(ctx, firm, in.MeasureID, in.WarningID)
	if err != nil {
		return nil, err
	}
	cs, err := s.evidence(ctx, firm, t, in.Declarations)
	if err != nil {
		return nil, err
	}
	p := &Petition{EnterpriseID: firm.ID, EnterpriseUSCC: firm.USCC, EnterpriseName: firm.NameZh, Target: TargetWarning,
		WarningID: t.w.ID, WarningNumber: t.w.Number, WarningTitle: t.w.Title, Dept: t.w.Dept, IssuerDept: t.w.Dept,
		Grounds: in.Grounds, Declarations: in.Declarations, Consignments: cs, Status: StatusSubmitted}
	if t.m != nil {
		p.Target, p.MeasureID, p.MeasureType, p.Dept = TargetMeasure, t.m.ID, t.m.Type, t.m.Lead
	}
	for _, c := range t.w.Conditions {
		if c.Kind == warning.CondCleanLots {
			p.Required = c.N
		}
	}
	open, n, err := s.Store.List(ctx, Filter{EnterpriseID: firm.ID, MeasureID: p.MeasureID, WarningID: p.WarningID, Target: p.Target, Open: true, Paging: risk.Paging{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "measure_id", Message: risk.Bilingual(
			fmt.Sprintf("本企业对该%s已有未办结的解除申请（第 %d 号）。", targetZh(p.Target), open[0].ID),
			fmt.Sprintf("the firm has an open petition against this %s (no. %d).", strings.ToLower(targetEn(p.Target)), open[0].ID))}
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Rev = a.Label(), now, now, 1
	p.Events = []Event{{At: now, By: a.Label(), Action: ActSubmit}}
	ae := audit.New(a, "petition.submit", "petition", 0, risk.Bilingual(
		fmt.Sprintf("%s申请解除%s：%s（引用 %d 份报关单）", p.EnterpriseName, p.What(), p.WarningTitle, len(p.Consignments)),
		fmt.Sprintf("%s petitions to lift the %s of %s (%d declarations cited)", p.EnterpriseUSCC, strings.ToLower(targetEn(p.Target)), p.WarningRef(), len(p.Consignments)))).
		WithChange(nil, p)
	if err := s.Store.Create(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

func targetZh(t Target) string { zh, _ := t.Label(); return zh }
func targetEn(t Target) string { _, en := t.Label(); return en }

// What names the target in Chinese: the measure's type, or 预警.
func (p *Petition) What() string {
	if p.Target == TargetMeasure {
		zh, _ := catalog.Label("measures", p.MeasureType)
		return "措施“" + zh + "”"
	}
	return "预警"
}

// WarningRef is the warning's number, or its id while it has none.
func (p *Petition) WarningRef() string {
	if p.WarningNumber != "" {
		return p.WarningNumber
	}
	return fmt.Sprintf("warning %d", p.WarningID)
}

// Options is what a firm may petition to lift under one warning.
type Options struct {
	Warning  *warning.Warning
	Whole    bool               // the warning itself (a 通告 to the firm, or naming it, in force)
	Measures []*measure.Measure // its open measures that concern the firm
}

// OptionsOf returns what the firm of a may petition to lift under warning
// id, for the form; risk.ErrNotFound when nothing.
func (s *Service) OptionsOf(ctx context.Context, a risk.Actor, warningID risk.ID) (*Options, error) {
	firm, err := s.firmOf(ctx, a)
	if err != nil {
		return nil, err
	}
	ms, err := s.Measures.List(ctx, measure.Filter{WarningID: warningID, Open: true, Limit: risk.MaxLimit})
	if err != nil {
		return nil, err
	}
	o := &Options{}
	for _, m := range ms {
		if t, err := s.resolve(ctx, firm, m.ID, 0); err == nil {
			o.Measures, o.Warning = append(o.Measures, m), t.w
		}
	}
	if t, err := s.resolve(ctx, firm, 0, warningID); err == nil {
		o.Warning, o.Whole = t.w, true
	}
	if o.Warning == nil {
		return nil, risk.Errorf(risk.ErrNotFound, "没有本企业可申请解除的措施或预警。 / Nothing here the firm may petition to lift.")
	}
	return o, nil
}

// Get returns a petition a may see.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Petition, error) {
	if !risk.Can(a, risk.PermPetitionRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看解除申请。 / Not allowed to read petitions.")
	}
	p, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanRead(a, p) {
		return nil, notFound()
	}
	return p, nil
}

// List returns the petitions a may see: a firm its own, an official those
// its department reviews, an administrator all.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Petition, int, error) {
	if !risk.Can(a, risk.PermPetitionRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看解除申请。 / Not allowed to read petitions.")
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	if f.Status != "" {
		if _, ok := statusLabels[string(f.Status)]; !ok {
			return nil, 0, risk.Invalid("status", "状态无效。", "unknown status.")
		}
	}
	firm, dept, ok := a.ListScope()
	if !ok {
		return nil, 0, nil
	}
	if firm != 0 {
		f.EnterpriseID = firm
	}
	if dept != "" {
		f.Dept = dept
	}
	return s.Store.List(ctx, f)
}

// Queue lists the petitions awaiting a's review; nil for those who review
// none.
func (s *Service) Queue(ctx context.Context, a risk.Actor) ([]*Petition, error) {
	if !a.IsOfficial() || a.Dept == "" || !risk.Can(a, risk.PermPetitionReview) {
		return nil, nil
	}
	ps, _, err := s.Store.List(ctx, Filter{Status: StatusSubmitted, Dept: a.Dept, Paging: risk.Paging{Limit: risk.MaxLimit}})
	return ps, err
}

// Review records a reviewer's decision. Accepting a petition against a
// measure lifts the measure through its lifecycle; against a warning it
// makes the lifting proposal the approver acts on (a warning already
// proposed keeps its proposal).
func (s *Service) Review(ctx context.Context, a risk.Actor, id risk.ID, in Review) (*Petition, error) {
	p, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanReview(a, p) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有措施牵头部门或预警签发部门的工作人员可以审查解除申请。 / Only officers of the measure's lead or the warning's issuing department review petitions.")
	}
	if in.Action == ActResubmit || in.Action == ActSubmit {
		return nil, risk.Invalid("action", "审查结论须为采纳、要求补充材料或不予采纳。", "the decision is accept, request_more or reject.")
	}
	if _, ok := actionLabels[in.Action]; !ok {
		return nil, risk.Invalid("action", "审查结论须为采纳、要求补充材料或不予采纳。", "the decision is accept, request_more or reject.")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var v risk.Validation
	v.Paragraph("reason", in.Reason, MaxNote, in.Action != ActAccept, "理由", "the reason")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Rev != p.Rev {
		return nil, staleErr(p.Rev)
	}
	next, err := Machine.Step(string(p.Status), in.Action)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	before := p.Status
	p.Status, p.UpdatedAt = Status(next), now
	p.Events = append(p.Events, Event{At: now, By: a.Label(), Action: in.Action, Note: in.Reason})
	p.Rev++
	azh, aen := ActionLabel(in.Action)
	sumZh, sumEn := fmt.Sprintf("解除申请 %d：%s", p.ID, azh), fmt.Sprintf("petition %d: %s", p.ID, strings.ToLower(aen))
	if in.Reason != "" {
		sumZh, sumEn = sumZh+"（"+in.Reason+"）", sumEn+" ("+in.Reason+")"
	}
	fx := Effects{}
	switch {
	case in.Action == ActAccept && p.Target == TargetMeasure:
		m, err := s.Measures.Get(ctx, p.MeasureID)
		if err != nil {
			return nil, err
		}
		if m.Status != measure.StatusPlanned && m.Status != measure.StatusInForce {
			p.Outcome = "措施此前已解除或完成。 / The measure had already ended."
			break
		}
		by := audit.New(a, "measure.lift", "measure", m.ID, "")
		end, err := measure.Lift(m, by, fmt.Sprintf("采纳%s的解除申请（第 %d 号）", p.EnterpriseName, p.ID), fmt.Sprintf("petition %d of %s accepted", p.ID, p.EnterpriseUSCC))
		if err != nil {
			return nil, err
		}
		fx.Lift = &end
		p.Outcome = "措施已解除。 / The measure is lifted."
	case in.Action == ActAccept:
		w, err := s.Warnings.Lookup(ctx, p.WarningID)
		if err != nil {
			return nil, err
		}
		if !w.Status.Active() {
			p.Outcome = "预警此前已结束。 / The warning had already ended."
			break
		}
		if w.LiftProposedAt != nil {
			p.Outcome = "预警已有解除建议，待审批人解除。 / Lifting was already proposed; the approver lifts."
			break
		}
		text := fmt.Sprintf("%s的解除申请（第 %d 号）经审查采纳，连续合格 %d 批 / petition %d of %s accepted, %d consecutive conforming consignments",
			p.EnterpriseName, p.ID, len(p.Consignments), p.ID, p.EnterpriseUSCC, len(p.Consignments))
		fx.Propose = &Proposal{WarningID: w.ID, Text: text,
			Audit: audit.New(a, "warning.lift_proposed", "warning", w.ID, "建议解除预警 "+w.Number+" / lifting proposed").WithChange(nil, map[string]string{"proposal": text})}
		p.Outcome = "已建议解除预警，待审批人解除。 / Lifting is proposed to the approver."
	case in.Action == ActReject:
		p.Outcome = in.Reason
	}
	fx.Audit = audit.New(a, "petition."+in.Action, "petition", p.ID, risk.Bilingual(sumZh, sumEn)).
		WithChange(map[string]any{"status": before}, map[string]any{"status": p.Status, "reason": in.Reason, "outcome": p.Outcome})
	if err := s.Store.Update(ctx, p, fx); err != nil {
		return nil, err
	}
	return p, nil
}

// Resubmit adds to a petition the reviewers asked more of and submits it
// again: the grounds (replaced when given) and the declarations (the whole
// list, checked again).
func (s *Service) Resubmit(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Petition, error) {
	p, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanResubmit(a, p) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有申请企业可以补充材料。 / Only the petitioning firm adds evidence.")
	}
	firm, err := s.firmOf(ctx, a)
	if err != nil {
		return nil, err
	}
	in.clean()
	if in.Grounds == "" {
		in.Grounds = p.Grounds
	}
	var v risk.Validation
	v.Paragraph("grounds", in.Grounds, MaxGrounds, true, "申请理由", "the grounds")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Rev != p.Rev {
		return nil, staleErr(p.Rev)
	}
	next, err := Machine.Step(string(p.Status), ActResubmit)
	if err != nil {
		return nil, err
	}
	wid := p.WarningID
	if p.Target == TargetMeasure {
		wid = 0
	}
	t, err := s.resolve(ctx, firm, p.MeasureID, wid)
	if err != nil {
		return nil, err
	}
	cs, err := s.evidence(ctx, firm, t, in.Declarations)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	before := struct {
		Grounds      string   `json:"grounds"`
		Declarations []string `json:"declarations"`
	}{p.Grounds, p.Declarations}
	p.Grounds, p.Declarations, p.Consignments = in.Grounds, in.Declarations, cs
	p.Status, p.UpdatedAt = Status(next), now
	p.Events = append(p.Events, Event{At: now, By: a.Label(), Action: ActResubmit})
	p.Rev++
	ae := audit.New(a, "petition.resubmit", "petition", p.ID, risk.Bilingual(
		fmt.Sprintf("解除申请 %d：补充材料后重新提交（引用 %d 份报关单）", p.ID, len(cs)),
		fmt.Sprintf("petition %d resubmitted with more evidence (%d declarations cited)", p.ID, len(cs)))).
		WithChange(before, struct {
			Grounds      string   `json:"grounds"`
			Declarations []string `json:"declarations"`
		}{p.Grounds, p.Declarations})
	if err := s.Store.Update(ctx, p, Effects{Audit: ae}); err != nil {
		return nil, err
	}
	return p, nil
}
