package gateway

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// AnswerFilter selects answers.
type AnswerFilter struct {
	Status       Status
	Open         bool    // submitted or more requested
	EnterpriseID risk.ID // one firm's
	WarningID    risk.ID
	Dept         string // the issuing department's; "" any
	risk.Paging
}

// DeclarationFilter selects self-declarations.
type DeclarationFilter struct {
	Status       Status
	EnterpriseID risk.ID
	risk.Paging
}

// Store is the persistence of the gateway's filings. Each write carries
// its audit entry, written in the same transaction.
type Store interface {
	CreateAnswer(ctx context.Context, a *Answer, ae audit.Entry) error
	// GetAnswer returns the answer with its attachments' metadata, or
	// risk.ErrNotFound.
	GetAnswer(ctx context.Context, id risk.ID) (*Answer, error)
	ListAnswers(ctx context.Context, f AnswerFilter) ([]*Answer, int, error)
	// UpdateAnswer writes a if the stored revision is a.Rev-1
	// (risk.ErrConflict otherwise), with a file when att is not nil.
	UpdateAnswer(ctx context.Context, a *Answer, att *Attachment, data []byte, ae audit.Entry) error
	// AnswerFile returns one attachment of an answer with its content, or
	// risk.ErrNotFound.
	AnswerFile(ctx context.Context, answerID, id risk.ID) (*Attachment, []byte, error)

	CreateDeclaration(ctx context.Context, d *SelfDeclaration, ae audit.Entry) error
	// GetDeclaration returns risk.ErrNotFound when there is none.
	GetDeclaration(ctx context.Context, id risk.ID) (*SelfDeclaration, error)
	ListDeclarations(ctx context.Context, f DeclarationFilter) ([]*SelfDeclaration, int, error)
	// UpdateDeclaration writes d if the stored revision is d.Rev-1.
	UpdateDeclaration(ctx context.Context, d *SelfDeclaration, ae audit.Entry) error
}

// Firms finds the filing firm.
type Firms interface {
	Get(ctx context.Context, id risk.ID) (*enterprise.Enterprise, error)
}

// Warnings reads warnings as stored.
type Warnings interface {
	Lookup(ctx context.Context, id risk.ID) (*warning.Warning, error)
}

// Service runs the gateway's filings.
type Service struct {
	Store    Store
	Firms    Firms
	Warnings Warnings
	Now      func() time.Time
}

// AnswerInput is an answer as the firm files or resubmits it. Resubmitting
// carries the revision read; empty texts keep what was there.
type AnswerInput struct {
	Cause       string `json:"cause"`
	Actions     string `json:"actions"`
	StartedOn   string `json:"started_on"`
	CompletedOn string `json:"completed_on"`
	Rev         int    `json:"rev,omitempty"`
}

// Review is a reviewer's decision: accept, request_more (answers only) or
// reject, with a reason (required but to accept), under the revision read.
type Review struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Rev    int    `json:"rev"`
}

// DeclarationInput is a self-declaration as the firm files it.
type DeclarationInput struct {
	Product    Product    `json:"product"`
	Standards  []Standard `json:"standards"`
	Indicators string     `json:"indicators"`
}

// IsFirm reports whether a acts for a firm and may file p.
func IsFirm(a risk.Actor, p risk.Permission) bool {
	return a.Role == risk.RoleEnterprise && a.EnterpriseID != 0 && risk.Can(a, p)
}

// CanReadAnswer reports whether a may see ans: the firm its own, officials
// of the issuing department, an administrator any.
func CanReadAnswer(a risk.Actor, ans *Answer) bool {
	if !risk.Can(a, risk.PermAnswerRead) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return a.EnterpriseID != 0 && a.EnterpriseID == ans.EnterpriseID
	}
	return a.SeesAll() || a.IsOfficial() && a.Dept != "" && a.Dept == ans.Dept
}

// CanReviewAnswer reports whether a may review ans: an officer of the
// issuing department.
func CanReviewAnswer(a risk.Actor, ans *Answer) bool {
	return CanReadAnswer(a, ans) && a.IsOfficial() && risk.Can(a, risk.PermAnswerReview) && a.Dept != "" && a.Dept == ans.Dept
}

// CanAddTo reports whether a may add evidence to ans or resubmit it: the
// firm, while the answer is open.
func CanAddTo(a risk.Actor, ans *Answer) bool {
	return IsFirm(a, risk.PermAnswerFile) && a.EnterpriseID == ans.EnterpriseID &&
		(ans.Status == StatusSubmitted || ans.Status == StatusMoreRequested)
}

// AnswerReviews lists the decisions a may take on ans now, in the order a
// reviewer weighs them.
func AnswerReviews(a risk.Actor, ans *Answer) []string {
	if !CanReviewAnswer(a, ans) {
		return nil
	}
	return steps(AnswerMachine, ans.Status)
}

func steps(m risk.Machine, st Status) []string {
	var out []string
	for _, act := range []string{ActAccept, ActRequestMore, ActReject} {
		if _, err := m.Step(string(st), act); err == nil {
			out = append(out, act)
		}
	}
	return out
}

// CanReadDeclaration reports whether a may see d. A self-declaration is a
// public disclosure (标准化法 第二十七条), so every official reads every
// firm's; a firm reads its own; labs and the public none here.
func CanReadDeclaration(a risk.Actor, d *SelfDeclaration) bool {
	if !risk.Can(a, risk.PermSelfDeclRead) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return a.EnterpriseID != 0 && a.EnterpriseID == d.EnterpriseID
	}
	return a.IsOfficial()
}

// DeclarationReviews lists the decisions a may take on d now.
func DeclarationReviews(a risk.Actor, d *SelfDeclaration) []string {
	if !CanReadDeclaration(a, d) || !a.IsOfficial() || !risk.Can(a, risk.PermSelfDeclReview) {
		return nil
	}
	return steps(DeclarationMachine, d.Status)
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) firmOf(ctx context.Context, a risk.Actor, p risk.Permission) (*enterprise.Enterprise, error) {
	if !IsFirm(a, p) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有企业用户可以提交。 / Only a firm's users file this.")
	}
	return s.Firms.Get(ctx, a.EnterpriseID)
}

func staleErr(rev int) error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual(
		fmt.Sprintf("已有变动（当前版本 %d），请刷新后重试。", rev), fmt.Sprintf("changed meanwhile (now revision %d); reload and retry.", rev))}
}

// check normalises in and checks it against today in China.
func (in *AnswerInput) check(today string) error {
	in.Cause, in.Actions = strings.TrimSpace(in.Cause), strings.TrimSpace(in.Actions)
	in.StartedOn, in.CompletedOn = strings.TrimSpace(in.StartedOn), strings.TrimSpace(in.CompletedOn)
	var v risk.Validation
	v.Paragraph("cause", in.Cause, MaxText, false, "原因分析", "the cause")
	v.Paragraph("actions", in.Actions, MaxText, true, "整改措施", "the corrective actions")
	date := func(field, val string, required bool, zh, en string) bool {
		if val == "" {
			if required {
				v.Add(field, "请填写"+zh+"。", en+" is required.")
			}
			return false
		}
		if _, err := time.Parse("2006-01-02", val); err != nil {
			v.Add(field, zh+"须为日期（YYYY-MM-DD）。", en+" must be a date (YYYY-MM-DD).")
			return false
		}
		if val > today {
			v.Add(field, zh+"不能晚于今天。", en+" cannot be later than today.")
			return false
		}
		return true
	}
	okS := date("started_on", in.StartedOn, false, "整改开始日期", "the start date")
	okC := date("completed_on", in.CompletedOn, true, "整改完成日期", "the completion date")
	if okS && okC && in.StartedOn > in.CompletedOn {
		v.Add("completed_on", "整改完成日期不能早于开始日期。", "the completion date cannot precede the start date.")
	}
	return v.Err()
}

func (s *Service) today() string { return s.Now().In(risk.China).Format("2006-01-02") }

// notAddressed refuses a 通告 that is not the firm's to answer, saying no
// more whether it exists.
func notAddressed() error {
	return risk.Invalid("warning_id", "该预警不是发给本企业的通告，不能提交整改报告。", "the warning is not a notice addressed to the firm: it cannot be answered.")
}

// Answer files a firm's answer to a 通告 addressed to it; one open answer
// per firm and 通告. Evidence is added with Attach.
func (s *Service) Answer(ctx context.Context, a risk.Actor, warningID risk.ID, in AnswerInput) (*Answer, error) {
	firm, err := s.firmOf(ctx, a, risk.PermAnswerFile)
	if err != nil {
		return nil, err
	}
	if err := in.check(s.today()); err != nil {
		return nil, err
	}
	w, err := s.Warnings.Lookup(ctx, warningID)
	if errors.Is(err, risk.ErrNotFound) {
		return nil, notAddressed()
	}
	if err != nil {
		return nil, err
	}
	if w.Class != warning.ClassNotice || w.IssuedAt == nil || !slices.Contains(w.Addressees, firm.ID) {
		return nil, notAddressed()
	}
	open, n, err := s.Store.ListAnswers(ctx, AnswerFilter{EnterpriseID: firm.ID, WarningID: w.ID, Open: true, Paging: risk.Paging{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "warning_id", Message: risk.Bilingual(
			fmt.Sprintf("本企业对该通告已有未办结的整改报告（第 %d 号），请在其中补充。", open[0].ID),
			fmt.Sprintf("the firm has an open answer to this notice (no. %d): add to it.", open[0].ID))}
	}
	now := s.now()
	ans := &Answer{WarningID: w.ID, WarningNumber: w.Number, WarningTitle: w.Title, EnterpriseID: firm.ID, EnterpriseUSCC: firm.USCC,
		EnterpriseName: firm.NameZh, Dept: w.Dept, Cause: in.Cause, Actions: in.Actions, StartedOn: in.StartedOn, CompletedOn: in.CompletedOn,
		Attachments: []Attachment{}, Status: StatusSubmitted, Events: []Event{{At: now, By: a.Label(), Action: ActSubmit}},
		CreatedBy: a.Label(), CreatedAt: now, UpdatedAt: now, Rev: 1}
	ae := audit.New(a, "answer.submit", "answer", 0, risk.Bilingual(
		fmt.Sprintf("%s提交对通告 %s 的整改报告", ans.EnterpriseName, ans.WarningRef()),
		fmt.Sprintf("%s answers notice %s with its corrective actions", ans.EnterpriseUSCC, ans.WarningRef()))).
		WithChange(nil, ans)
	if err := s.Store.CreateAnswer(ctx, ans, ae); err != nil {
		return nil, err
	}
	return ans, nil
}

// GetAnswer returns an answer a may see.
func (s *Service) GetAnswer(ctx context.Context, a risk.Actor, id risk.ID) (*Answer, error) {
	if !risk.Can(a, risk.PermAnswerRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看整改报告。 / Not allowed to read answers to notices.")
	}
	ans, err := s.Store.GetAnswer(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanReadAnswer(a, ans) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该整改报告。 / No such answer.")
	}
	return ans, nil
}

// ListAnswers returns the answers a may see: a firm its own, an official
// those to its department's 通告, an administrator all.
func (s *Service) ListAnswers(ctx context.Context, a risk.Actor, f AnswerFilter) ([]*Answer, int, error) {
	if !risk.Can(a, risk.PermAnswerRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看整改报告。 / Not allowed to read answers to notices.")
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	if f.Status != "" {
		if _, ok := AnswerMachine.Next[string(f.Status)]; !ok && f.Status != StatusAccepted && f.Status != StatusRejected {
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
	return s.Store.ListAnswers(ctx, f)
}

// Attach adds an evidence file to the firm's open answer, checked by
// CheckFile and stored with its SHA-256; at most MaxAttachments.
func (s *Service) Attach(ctx context.Context, a risk.Actor, id risk.ID, name string, data []byte) (*Attachment, error) {
	ans, err := s.GetAnswer(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanAddTo(a, ans) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有提交报告的企业可以在审查结束前添加证明材料。 / Only the answering firm adds evidence, before the review ends.")
	}
	if len(ans.Attachments) >= MaxAttachments {
		return nil, risk.Invalid("file", fmt.Sprintf("每份整改报告最多 %d 个附件。", MaxAttachments), fmt.Sprintf("at most %d attachments per answer.", MaxAttachments))
	}
	now := s.now()
	att, err := CheckFile(name, data, now)
	if err != nil {
		return nil, err
	}
	ans.Events = append(ans.Events, Event{At: now, By: a.Label(), Action: ActAttach, Note: att.Name})
	ans.UpdatedAt = now
	ans.Rev++
	ae := audit.New(a, "answer.attach", "answer", ans.ID, "添加证明材料 "+att.Name+" / evidence added").
		WithChange(nil, map[string]any{"name": att.Name, "content_type": att.ContentType, "size": att.Size, "sha256": att.SHA256})
	if err := s.Store.UpdateAnswer(ctx, ans, att, data, ae); err != nil {
		return nil, err
	}
	return att, nil
}

// AnswerFile returns one evidence file of an answer a may see.
func (s *Service) AnswerFile(ctx context.Context, a risk.Actor, answerID, id risk.ID) (*Attachment, []byte, error) {
	if _, err := s.GetAnswer(ctx, a, answerID); err != nil {
		return nil, nil, err
	}
	return s.Store.AnswerFile(ctx, answerID, id)
}

func checkReview(in *Review, allowed []string) error {
	ok := slices.Contains(allowed, in.Action)
	if !ok {
		if slices.Contains(allowed, ActRequestMore) {
			return risk.Invalid("action", "审查结论须为认可、要求补充材料或不予认可。", "the decision is accept, request_more or reject.")
		}
		return risk.Invalid("action", "审查结论须为认可或不予认可。", "the decision is accept or reject.")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var v risk.Validation
	v.Paragraph("reason", in.Reason, MaxNote, in.Action != ActAccept, "理由", "the reason")
	return v.Err()
}

// ReviewAnswer records a reviewer's decision on an answer.
func (s *Service) ReviewAnswer(ctx context.Context, a risk.Actor, id risk.ID, in Review) (*Answer, error) {
	ans, err := s.GetAnswer(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanReviewAnswer(a, ans) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有通告签发部门的工作人员可以审查整改报告。 / Only officers of the issuing department review answers.")
	}
	if err := checkReview(&in, []string{ActAccept, ActRequestMore, ActReject}); err != nil {
		return nil, err
	}
	if in.Rev != ans.Rev {
		return nil, staleErr(ans.Rev)
	}
	next, err := AnswerMachine.Step(string(ans.Status), in.Action)
	if err != nil {
		return nil, err
	}
	now := s.now()
	before := ans.Status
	ans.Status, ans.UpdatedAt, ans.Outcome = Status(next), now, in.Reason
	ans.Events = append(ans.Events, Event{At: now, By: a.Label(), Action: in.Action, Note: in.Reason})
	ans.Rev++
	azh, aen := ActionLabel(in.Action)
	sumZh, sumEn := fmt.Sprintf("整改报告 %d：%s", ans.ID, azh), fmt.Sprintf("answer %d: %s", ans.ID, strings.ToLower(aen))
	if in.Reason != "" {
		sumZh, sumEn = sumZh+"（"+in.Reason+"）", sumEn+" ("+in.Reason+")"
	}
	ae := audit.New(a, "answer."+in.Action, "answer", ans.ID, risk.Bilingual(sumZh, sumEn)).
		WithChange(map[string]any{"status": before}, map[string]any{"status": ans.Status, "reason": in.Reason})
	if err := s.Store.UpdateAnswer(ctx, ans, nil, nil, ae); err != nil {
		return nil, err
	}
	return ans, nil
}

// Resubmit adds to an answer the reviewers asked more of and submits it
// again; the texts and dates given replace the old ones.
func (s *Service) Resubmit(ctx context.Context, a risk.Actor, id risk.ID, in AnswerInput) (*Answer, error) {
	ans, err := s.GetAnswer(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanAddTo(a, ans) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有提交报告的企业可以补充材料。 / Only the answering firm adds to its answer.")
	}
	if strings.TrimSpace(in.Cause) == "" {
		in.Cause = ans.Cause
	}
	if strings.TrimSpace(in.Actions) == "" {
		in.Actions = ans.Actions
	}
	if strings.TrimSpace(in.StartedOn) == "" {
		in.StartedOn = ans.StartedOn
	}
	if strings.TrimSpace(in.CompletedOn) == "" {
		in.CompletedOn = ans.CompletedOn
	}
	if err := in.check(s.today()); err != nil {
		return nil, err
	}
	if in.Rev != ans.Rev {
		return nil, staleErr(ans.Rev)
	}
	next, err := AnswerMachine.Step(string(ans.Status), ActResubmit)
	if err != nil {
		return nil, err
	}
	type texts struct {
		Cause       string `json:"cause,omitempty"`
		Actions     string `json:"actions"`
		StartedOn   string `json:"started_on,omitempty"`
		CompletedOn string `json:"completed_on"`
	}
	before := texts{ans.Cause, ans.Actions, ans.StartedOn, ans.CompletedOn}
	now := s.now()
	ans.Cause, ans.Actions, ans.StartedOn, ans.CompletedOn = in.Cause, in.Actions, in.StartedOn, in.CompletedOn
	ans.Status, ans.UpdatedAt = Status(next), now
	ans.Events = append(ans.Events, Event{At: now, By: a.Label(), Action: ActResubmit})
	ans.Rev++
	ae := audit.New(a, "answer.resubmit", "answer", ans.ID, risk.Bilingual(
		fmt.Sprintf("整改报告 %d：补充后重新提交", ans.ID), fmt.Sprintf("answer %d resubmitted with more evidence", ans.ID))).
		WithChange(before, texts{ans.Cause, ans.Actions, ans.StartedOn, ans.CompletedOn})
	if err := s.Store.UpdateAnswer(ctx, ans, nil, nil, ae); err != nil {
		return nil, err
	}
	return ans, nil
}

// AnswerQueue lists the answers awaiting a's review; nil for those who
// review none.
func (s *Service) AnswerQueue(ctx context.Context, a risk.Actor) ([]*Answer, error) {
	if !a.IsOfficial() || a.Dept == "" || !risk.Can(a, risk.PermAnswerReview) {
		return nil, nil
	}
	as, _, err := s.Store.ListAnswers(ctx, AnswerFilter{Status: StatusSubmitted, Dept: a.Dept, Paging: risk.Paging{Limit: risk.MaxLimit}})
	return as, err
}

// check normalises in and records every problem.
func (in *DeclarationInput) check(thisYear int) error {
	var v risk.Validation
	in.Product.Name, in.Product.Model = strings.TrimSpace(in.Product.Name), strings.TrimSpace(in.Product.Model)
	in.Indicators = strings.TrimSpace(in.Indicators)
	v.Text("product.name", in.Product.Name, MaxName, true, "产品名称", "the product's name")
	v.Text("product.model", in.Product.Model, MaxName, false, "型号规格", "the model")
	if hs := strings.TrimSpace(in.Product.HSCode); hs != "" {
		code, err := ident.ParseHS(hs)
		if err != nil {
			v.AddErr("product.hs_code", err)
		} else {
			in.Product.HSCode = string(code)
		}
	}
	v.Paragraph("indicators", in.Indicators, MaxIndicators, false, "主要技术指标", "the key indicators")
	switch {
	case len(in.Standards) == 0:
		v.Add("standards", "请至少声明一项执行标准。", "declare at least one standard.")
	case len(in.Standards) > MaxStandards:
		v.Add("standards", fmt.Sprintf("最多声明 %d 项标准。", MaxStandards), fmt.Sprintf("at most %d standards.", MaxStandards))
	}
	seen := map[string]bool{}
	enterpriseStd := false
	for i := range in.Standards {
		st := &in.Standards[i]
		field := fmt.Sprintf("standards[%d].number", i)
		raw := strings.TrimSpace(st.Number)
		num, kind, ok := ParseStandard(raw, thisYear)
		switch {
		case raw == "":
			v.Add(field, "请填写标准编号。", "the standard number is required.")
		case !ok:
			v.Add(field, "标准编号“"+raw+"”格式不正确（例如 GB 26693-2019、GB/T 2828.1-2012、Q/XXX 001-2024）。",
				"the standard number \""+raw+"\" is not in a standard's form (e.g. GB 26693-2019, GB/T 2828.1-2012, Q/XXX 001-2024).")
		case seen[num]:
			v.Add(field, "标准 "+num+" 重复声明。", "standard "+num+" is declared twice.")
		default:
			seen[num] = true
			st.Number, st.Kind = num, kind
			enterpriseStd = enterpriseStd || kind == KindEnterprise
		}
		st.Title = strings.TrimSpace(st.Title)
		v.Text(fmt.Sprintf("standards[%d].title", i), st.Title, MaxName, false, "标准名称", "the standard's title")
	}
	if enterpriseStd && in.Indicators == "" {
		v.Add("indicators", "执行企业标准的，须公开产品的主要功能和性能指标。", "with an enterprise standard, the product's key functional and performance indicators must be disclosed.")
	}
	return v.Err()
}

// Declare files a firm's standard self-declaration for a product.
func (s *Service) Declare(ctx context.Context, a risk.Actor, in DeclarationInput) (*SelfDeclaration, error) {
	firm, err := s.firmOf(ctx, a, risk.PermSelfDeclFile)
	if err != nil {
		return nil, err
	}
	if err := in.check(s.Now().In(risk.China).Year()); err != nil {
		return nil, err
	}
	now := s.now()
	d := &SelfDeclaration{EnterpriseID: firm.ID, EnterpriseUSCC: firm.USCC, EnterpriseName: firm.NameZh, Region: firm.Region,
		Product: in.Product, Standards: in.Standards, Indicators: in.Indicators, Status: StatusDeclared,
		Events: []Event{{At: now, By: a.Label(), Action: ActSubmit}}, CreatedBy: a.Label(), CreatedAt: now, UpdatedAt: now, Rev: 1}
	nums := make([]string, len(d.Standards))
	for i, st := range d.Standards {
		nums[i] = st.Number
	}
	ae := audit.New(a, "selfdecl.submit", "self_declaration", 0, risk.Bilingual(
		fmt.Sprintf("%s声明%s执行标准 %s", d.EnterpriseName, d.Product.Name, strings.Join(nums, "、")),
		fmt.Sprintf("%s declares that %s implements %s", d.EnterpriseUSCC, d.Product.Name, strings.Join(nums, ", ")))).
		WithChange(nil, d)
	if err := s.Store.CreateDeclaration(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

// GetDeclaration returns a self-declaration a may see.
func (s *Service) GetDeclaration(ctx context.Context, a risk.Actor, id risk.ID) (*SelfDeclaration, error) {
	if !risk.Can(a, risk.PermSelfDeclRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看标准自我声明。 / Not allowed to read self-declarations.")
	}
	d, err := s.Store.GetDeclaration(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanReadDeclaration(a, d) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该标准自我声明。 / No such self-declaration.")
	}
	return d, nil
}

// ListDeclarations returns the self-declarations a may see: a firm its
// own, officials all.
func (s *Service) ListDeclarations(ctx context.Context, a risk.Actor, f DeclarationFilter) ([]*SelfDeclaration, int, error) {
	if !risk.Can(a, risk.PermSelfDeclRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看标准自我声明。 / Not allowed to read self-declarations.")
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	if f.Status != "" && f.Status != StatusDeclared && f.Status != StatusAccepted && f.Status != StatusRejected {
		return nil, 0, risk.Invalid("status", "状态无效。", "unknown status.")
	}
	switch {
	case a.Role == risk.RoleEnterprise:
		if a.EnterpriseID == 0 {
			return nil, 0, nil
		}
		f.EnterpriseID = a.EnterpriseID
	case a.IsOfficial():
	default:
		return nil, 0, nil
	}
	return s.Store.ListDeclarations(ctx, f)
}

// ReviewDeclaration records an officer's decision on a self-declaration:
// accept (noted) or reject with a reason.
func (s *Service) ReviewDeclaration(ctx context.Context, a risk.Actor, id risk.ID, in Review) (*SelfDeclaration, error) {
	d, err := s.GetDeclaration(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.IsOfficial() || !risk.Can(a, risk.PermSelfDeclReview) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有监管部门工作人员可以核查标准自我声明。 / Only officers review self-declarations.")
	}
	if err := checkReview(&in, []string{ActAccept, ActReject}); err != nil {
		return nil, err
	}
	if in.Rev != d.Rev {
		return nil, staleErr(d.Rev)
	}
	next, err := DeclarationMachine.Step(string(d.Status), in.Action)
	if err != nil {
		return nil, err
	}
	now := s.now()
	before := d.Status
	d.Status, d.UpdatedAt, d.Outcome = Status(next), now, in.Reason
	d.Events = append(d.Events, Event{At: now, By: a.Label(), Action: in.Action, Note: in.Reason})
	d.Rev++
	azh, aen := ActionLabel(in.Action)
	ae := audit.New(a, "selfdecl."+in.Action, "self_declaration", d.ID, risk.Bilingual(
		fmt.Sprintf("标准自我声明 %d：%s", d.ID, azh), fmt.Sprintf("self-declaration %d: %s", d.ID, strings.ToLower(aen)))).
		WithChange(map[string]any{"status": before}, map[string]any{"status": d.Status, "reason": in.Reason})
	if err := s.Store.UpdateDeclaration(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}
