package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/casefile"
	"riskgate/internal/gateway"
	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/trace"
	"riskgate/internal/warning"
)

// formConditions is how many lifting-condition rows the form offers.
const formConditions = 4

type warningPage struct {
	Page
	Form
	C          *casefile.Case
	W          *warning.Warning
	In         warning.Input
	Addressees string // USCCs, one per line
	CanEdit    bool   // draft form
	CanUpdate  bool   // issued: update form
	Actions    []string
	CondRows   []warning.Condition
	Measures   []*measure.Measure
	CanPlan    bool
	CanRun     bool
	// "Trace this lot": the lots the scope names, and whether a may trace.
	CanTrace  bool
	TraceLots []string
	// Grade I: the referral to the national authority and its answer.
	CanRefer  bool                  // approved grade I: the 上报 form instead of 签发
	CanDecide bool                  // referred: the approver records the national answer
	Ref       warning.ReferralInput // the referral form as typed
	Out       outcomeForm           // the answer form as typed
	Now       time.Time
	// Follow-ups of the recipients of an issued 通报, and whether the
	// viewer's department may report one.
	Followups *warning.FollowupReport
	// Answers of the firms to an issued 通告; CanAnswer whether the
	// viewing firm may file one.
	Answers   []*gateway.Answer
	CanAnswer bool
	condRaw   []string // the lifting conditions' values as typed, after a refused post
}

// followupLabels name the follow-up form's inputs.
var followupLabels = formLabels{"finding": {"fu-finding", "核查结果", "Finding"}, "measures": {"fu-measures", "采取的措施（目录）", "Measures (catalogue)"},
	"actions": {"fu-actions", "采取的措施（说明）", "Actions taken"}, "quantities.found": {"fu-found", "发现数量", "Quantity found"},
	"quantities.withdrawn": {"fu-withdrawn", "下架、查封扣押数量", "Quantity withdrawn or seized"},
	"quantities.destroyed": {"fu-destroyed", "销毁数量", "Quantity destroyed"}, "quantities.unit": {"fu-unit", "计量单位", "Unit"},
	"note": {"fu-note", "备注", "Note"}}

// Findings are the findings a follow-up may report.
func (p warningPage) Findings() []warning.Finding { return warning.Findings() }

// Units are the units a follow-up may count in.
func (p warningPage) Units() []warning.Unit { return warning.Units() }

// Qty writes a quantity without trailing zeros.
func (p warningPage) Qty(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Has reports whether code is among xs (the measures chosen on the form).
func (p warningPage) Has(xs []string, code string) bool { return slices.Contains(xs, code) }

// CondValue is the value of lifting condition i as the form shows it: as
// typed after a refused post, else c's.
func (p warningPage) CondValue(i int, c warning.Condition) string {
	if i < len(p.condRaw) {
		return p.condRaw[i]
	}
	return condValue(c)
}

// warningLabels name the fields of the warning's draft and update form.
var warningLabels = labelsAll{formLabels{
	"class": {"", "类别", "Class"}, "urgency": {"", "紧急程度", "Urgency"}, "reach": {"", "影响范围", "Scope of impact"},
	"grade": {"", "等级", "Grade"}, "grade_justification": {"", "调整等级的理由", "Justification for changing the grade"},
	"title": {"", "标题", "Title"}, "summary": {"", "公众摘要", "Public summary"}, "matters": {"", "警示事项", "Matters warned of"},
	"advice": {"", "防范建议", "Advice"}, "starts_at": {"", "开始日期", "Starts"}, "valid_until": {"", "有效期至", "Valid until"},
	"scope": {"", "预警范围", "Scope"}, "lifting_conditions": {"c0.kind", "解除条件", "Lifting conditions"},
	"addressees": {"", "通告对象企业", "Notice addressees"}, "recipients": {"", "通报接收部门", "Receiving departments"},
	"reason": {"", "更新理由", "Reason for the update"},
}, scopeLabels(""), labelFunc(conditionLabel)}

// scopeLabels name the scope's inputs, whose ids are prefix+"scope."+name.
func scopeLabels(prefix string) formLabels {
	m := formLabels{}
	for _, f := range scopeFields {
		m["scope."+f.Name] = fieldLabel{prefix + "scope." + f.Name, f.Zh, f.En}
	}
	return m
}

var conditionFieldRE = regexp.MustCompile(`^lifting_conditions\[(\d+)\]\.([a-z]+)$`)

// conditionLabel names a lifting condition's inputs as the form numbers
// them: "解除条件 2 · 数值" (c1.value).
func conditionLabel(field string) (fieldLabel, bool) {
	m := conditionFieldRE.FindStringSubmatch(field)
	if m == nil {
		return fieldLabel{}, false
	}
	i, _ := strconv.Atoi(m[1])
	input, zh, en := "value", "数值", "value"
	switch m[2] {
	case "kind":
		input, zh, en = "kind", "条件类型", "condition"
	case "text":
		input, zh, en = "text", "人工条件说明", "manual condition text"
	}
	return fieldLabel{ID: fmt.Sprintf("c%d.%s", i, input), Zh: fmt.Sprintf("解除条件 %d · %s", i+1, zh), En: fmt.Sprintf("Lifting condition %d · %s", i+1, en)}, true
}

// The warning page's other forms: a lifecycle action, the referral and
// the national answer.
var (
	warningActLabels = formLabels{"note": {"", "理由", "Reason"}}
	referralLabels   = formLabels{"authority": {"", "上报对象", "National authority"}, "note": {"refnote", "上报说明", "Note"}}
	outcomeLabels    = formLabels{"outcome": {"outcome-answer", "答复结果", "Answer"}, "national_reference": {"", "国家层面文号", "National reference"},
		"decided_at": {"", "决定日期", "Date of the decision"}, "national_url": {"", "国家层面发布网址", "Web address of the national issue"},
		"grade": {"outcome_grade", "退回时确定的等级", "Grade given when returned"}, "note": {"outnote", "答复说明", "Note"}}
)

// outcomeForm is the national-answer form as typed.
type outcomeForm struct {
	Outcome, Reference, DecidedAt, URL, Grade, Note string
}

// Waited is how many working days the warning's referral has waited.
// An uncovered year says so instead of guessing.
func (p warningPage) Waited() string {
	n, err := p.W.Referral.Waited(p.Now)
	if err != nil {
		return p.Pick(err.Error())
	}
	return strconv.Itoa(n)
}

// Overdue reports whether the referral has waited longer than
// warning.ReplyWorkingDays for the national answer.
func (p warningPage) Overdue() bool { return p.W.Referral.Overdue(p.Now) }

// Outcomes are the answers the national authority may give.
func (p warningPage) Outcomes() []warning.Outcome {
	return []warning.Outcome{warning.OutcomeNational, warning.OutcomeReturned}
}

// ReplyDays is how many working days a referral may wait.
func (p warningPage) ReplyDays() int { return warning.ReplyWorkingDays }

// ReferralNotice is what a grade I warning's pages say before 签发 (while
// drafted, under review or approved): that it is referred to the national
// authority rather than issued, and that the provincial measures apply
// from the referral. Empty for other warnings.
func (p Page) ReferralNotice(w *warning.Warning) string {
	if w == nil || w.Grade != risk.GradeI || (w.Status != warning.StatusDraft && w.Status != warning.StatusReview && w.Status != warning.StatusApproved) {
		return ""
	}
	var names []string
	for _, e := range p.Entries(warning.AuthoritiesCatalog) {
		names = append(names, e.Name(p.Lang))
	}
	return p.T("本预警为 I 级（特别严重）。I 级预警报请国务院授权部门发布：批准后不由本省签发，而是上报国家主管部门（"+strings.Join(names, "、")+
		"），状态为“已上报”；省级措施自上报之日起即可执行。国家主管部门答复后，本预警随之发布。",
		"This is a grade I (most severe) warning. Grade I warnings are issued under State Council authority: once approved it is not "+
			"issued by the province but referred to the national authority ("+strings.Join(names, "; ")+"), and reads Referred; the "+
			"provincial measures apply from the referral on. The warning is published once the national authority answers.")
}

// NationalIssue describes the national answer a warning follows, in the
// page language ("" when there is none).
func (p Page) NationalIssue(w *warning.Warning) string {
	zh, en := publish.NationalIssue(w)
	return p.T(zh, en)
}

// MeasureActions lists what may be done to a measure now.
func (p warningPage) MeasureActions(m *measure.Measure) []string {
	if !p.CanRun {
		return nil
	}
	return measure.Lifecycle().Allowed(string(m.Status))
}

// NeedsConsultation reports whether a measure still lacks its
// environmental consultation.
func (p warningPage) NeedsConsultation(m *measure.Measure) bool {
	e := lookupEntry("measures", m.Type)
	return e != nil && e.Attrs["env_consult"] == "true" && m.Consultation == nil
}

// Lines joins a list one value per line, for a textarea.
func (p warningPage) Lines(xs []string) string { return strings.Join(xs, "\n") }

// GradeName names a grade in the page language.
func (p Page) GradeName(g risk.Grade) string {
	zh, en := g.Label()
	return p.T(zh, en)
}

// ClassName names a warning class in the page language.
func (p Page) ClassName(c warning.Class) string {
	zh, en := c.Label()
	return p.T(zh, en)
}

// CondText describes a lifting condition in the page language.
func (p Page) CondText(c warning.Condition) string {
	zh, en := c.Describe()
	return p.T(zh, en)
}

// listField reads a field given as several values (a multiple select) or
// as one value of lines.
func listField(f url.Values, name string) []string {
	var out []string
	for _, v := range f[name] {
		out = append(out, splitLines(v)...)
	}
	return out
}

func splitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == ';' || r == '；' })
}

// warningInput reads the warning form. Dates are days in China time: the
// warning starts at the start of the first and is valid to the end of the
// last.
func (s *Server) warningInput(r *http.Request) (warning.Input, string, error) {
	f := r.PostForm
	var v risk.Validation
	in := warning.Input{Class: warning.Class(f.Get("class")), Title: f.Get("title"), Summary: f.Get("summary"),
		Urgency: warning.Urgency(f.Get("urgency")), Reach: warning.Reach(f.Get("reach")), Grade: risk.Grade(f.Get("grade")),
		GradeJustification: f.Get("grade_justification"), Matters: f.Get("matters"), Advice: f.Get("advice"), Reason: f.Get("reason"),
		Scope: warning.Scope{HSPrefixes: splitLines(f.Get("scope.hs_prefixes")), Countries: listField(f, "scope.countries"),
			USCCs: splitLines(f.Get("scope.usccs")), Brands: splitLines(f.Get("scope.brands")), Models: splitLines(f.Get("scope.models")),
			GTINs: splitLines(f.Get("scope.gtins")), Batches: splitLines(f.Get("scope.batches")), Keywords: splitLines(f.Get("scope.keywords")),
			Makers: splitLines(f.Get("scope.manufacturers")),
			Ports:  splitLines(f.Get("scope.ports")), TradeModes: splitLines(f.Get("scope.trade_modes"))},
		Recipients: f["recipients"]}
	in.Rev, _ = strconv.Atoi(f.Get("rev"))
	for _, d := range []struct {
		name string
		dst  *time.Time
		end  bool
	}{{"starts_at", &in.StartsAt, false}, {"valid_until", &in.ValidUntil, true}} {
		if x := f.Get(d.name); x != "" {
			t, err := time.ParseInLocation("2006-01-02", x, risk.China)
			if err != nil {
				v.Add(d.name, "日期格式无效。", "not a valid date.")
				continue
			}
			if d.end {
				t = t.AddDate(0, 0, 1)
			}
			*d.dst = t
		}
	}
	for i := 0; i < warning.MaxConditions; i++ {
		p := fmt.Sprintf("c%d.", i)
		kind := f.Get(p + "kind")
		if kind == "" {
			continue
		}
		c := warning.Condition{Kind: kind, Text: f.Get(p + "text")}
		num := strings.TrimSpace(f.Get(p + "value"))
		switch kind {
		case warning.CondCleanLots:
			c.N, _ = strconv.Atoi(num)
		case warning.CondNoSignals:
			c.Days, _ = strconv.Atoi(num)
		case warning.CondRecall:
			c.Percent, _ = strconv.ParseFloat(num, 64)
		}
		in.Conditions = append(in.Conditions, c)
	}
	addressees := f.Get("addressees")
	for i, u := range splitLines(addressees) {
		e, err := s.Enterprises.ByUSCC(r.Context(), actorOf(r), u)
		if err != nil {
			v.Add(fmt.Sprintf("addressees[%d]", i), "未登记的企业："+u+"。", "no registered enterprise "+u+".")
			continue
		}
		in.Addressees = append(in.Addressees, e.ID)
	}
	return in, addressees, v.Err()
}

func (s *Server) warningView(r *http.Request, c *casefile.Case, x *warning.Warning) warningPage {
	a := actorOf(r)
	// The referral waits by the clock the warnings keep (the database's).
	p := warningPage{Page: s.page(r, "风险预警", "Risk warning"), C: c, W: x, Now: s.Warnings.Now()}
	if x != nil {
		p.Title = x.Title
		p.In = warning.Input{Class: x.Class, Title: x.Title, Summary: x.Summary, Urgency: x.Urgency, Reach: x.Reach, Grade: x.Grade,
			GradeJustification: x.GradeJustification, Scope: x.Scope, Matters: x.Matters, Advice: x.Advice, StartsAt: x.StartsAt,
			ValidUntil: x.ValidUntil, Conditions: x.Conditions, Addressees: x.Addressees, Recipients: x.Recipients, Rev: x.Rev}
		write, approve := warning.CanWrite(a, x.Dept), warning.CanApprove(a, x.Dept)
		p.CanTrace, p.TraceLots = trace.CanTrace(a), trace.WarningLots(x)
		p.CanEdit = x.Status == warning.StatusDraft && write
		p.CanUpdate = x.Status.Active() && (write || approve)
		for _, act := range warning.Lifecycle().Allowed(string(x.Status)) {
			switch act {
			case "issue":
				// A grade I warning is referred (its own form), never issued.
				if (write || approve) && x.Grade != risk.GradeI {
					p.Actions = append(p.Actions, act)
				}
			case "refer":
				p.CanRefer = (write || approve) && x.Grade == risk.GradeI
			case "national_issue":
				p.CanDecide = approve && x.Referral.Pending()
			case "submit":
				if write || approve {
					p.Actions = append(p.Actions, act)
				}
			case "approve", "return", "lift":
				if approve {
					p.Actions = append(p.Actions, act)
				}
			}
		}
		p.Ref = warning.ReferralInput{Authority: warning.SuggestAuthority(x), Rev: x.Rev}
		p.Out = outcomeForm{Outcome: string(warning.OutcomeNational)}
	} else {
		p.CanEdit = true
		now := s.Now().In(risk.China)
		p.In = warning.Input{Class: warning.ClassBulletin, Urgency: warning.UrgencyNormal, Reach: warning.ReachLocal,
			StartsAt: now, ValidUntil: now.AddDate(0, 6, 0)}
	}
	p.CondRows = append([]warning.Condition(nil), p.In.Conditions...)
	for len(p.CondRows) < formConditions || (len(p.CondRows) < warning.MaxConditions && len(p.CondRows) < len(p.In.Conditions)+2) {
		p.CondRows = append(p.CondRows, warning.Condition{})
	}
	return p
}

func (s *Server) warningNew(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	c, err := s.Cases.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "warning.html", s.warningView(r, c, nil))
}

func (s *Server) warningFormError(w http.ResponseWriter, r *http.Request, c *casefile.Case, x *warning.Warning, in warning.Input, addressees string, err error) error {
	p := s.warningView(r, c, x)
	var ok bool
	if p.Form, ok = formError(p.Page, err, warningLabels, "edit", r.PostForm); !ok {
		return err
	}
	p.In, p.Addressees = in, addressees
	for i := 0; i < warning.MaxConditions; i++ { // as warningInput reads them
		if r.PostForm.Get(fmt.Sprintf("c%d.kind", i)) != "" {
			p.condRaw = append(p.condRaw, r.PostForm.Get(fmt.Sprintf("c%d.value", i)))
		}
	}
	p.CondRows = append([]warning.Condition(nil), in.Conditions...)
	for len(p.CondRows) < formConditions {
		p.CondRows = append(p.CondRows, warning.Condition{})
	}
	return s.render(w, r, statusOf(err), "warning.html", p)
}

func (s *Server) warningCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	c, err := s.Cases.Get(ctx, a, id)
	if err != nil {
		return err
	}
	in, addressees, err := s.warningInput(r)
	if err == nil {
		var x *warning.Warning
		if x, err = s.Warnings.Draft(ctx, a, id, in); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/warnings/%d?saved=1", x.ID), http.StatusSeeOther)
			return nil
		}
	}
	return s.warningFormError(w, r, c, nil, in, addressees, err)
}

func (s *Server) warningShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.warningShowView(r, id)
	if err != nil {
		return err
	}
	switch {
	case r.URL.Query().Get("saved") != "":
		p.Flash = p.T("已保存。", "Saved.")
	case r.URL.Query().Get("referred") != "":
		p.Flash = p.T("已上报国家主管部门，省级措施自即日起执行。", "Referred to the national authority; the provincial measures apply from today.")
	case r.URL.Query().Get("reported") != "":
		p.Flash = p.T("处置情况已报告。", "The follow-up is reported.")
	case r.URL.Query().Get("answered") != "":
		p.Flash = p.T("已记录国家层面的答复，预警随之发布。", "The national answer is recorded and the warning published accordingly.")
	}
	return s.render(w, r, http.StatusOK, "warning.html", p)
}

// warningShowView is the view of an existing warning.
func (s *Server) warningShowView(r *http.Request, id risk.ID) (warningPage, error) {
	ctx, a := r.Context(), actorOf(r)
	x, err := s.Warnings.Get(ctx, a, id)
	if err != nil {
		return warningPage{}, err
	}
	var c *casefile.Case
	if cc, err := s.Cases.Get(ctx, a, x.CaseID); err == nil {
		c = cc
	}
	p := s.warningView(r, c, x)
	var usccs []string
	for _, eid := range x.Addressees {
		if e, err := s.Enterprises.Get(ctx, a, eid); err == nil {
			usccs = append(usccs, e.USCC)
		}
	}
	p.Addressees = strings.Join(usccs, "\n")
	if p.Measures, err = s.Measures.OfWarning(ctx, a, id); err != nil {
		return warningPage{}, err
	}
	if x.Class == warning.ClassBulletin && x.IssuedAt != nil {
		if p.Followups, err = s.Warnings.Followups(ctx, a, id); err != nil {
			return warningPage{}, err
		}
	}
	if x.Class == warning.ClassNotice && x.IssuedAt != nil && risk.Can(a, risk.PermAnswerRead) {
		// The firms' answers to the 通告, as far as the viewer may see them
		// (the issuing department all; a firm its own).
		if p.Answers, _, err = s.Gateway.ListAnswers(ctx, a, gateway.AnswerFilter{WarningID: id, Paging: risk.Paging{Limit: 100}}); err != nil {
			return warningPage{}, err
		}
		p.CanAnswer = gateway.IsFirm(a, risk.PermAnswerFile) && x.Status.Active() && slices.Contains(x.Addressees, a.EnterpriseID)
	}
	p.CanRun = measure.CanRun(a, x)
	p.CanPlan = p.CanRun && x.Status != warning.StatusLifted && x.Status != warning.StatusExpired
	return p, nil
}

// referralFormError shows the warning page again with a referral or
// answer form as typed and its problems marked, or returns err when it is
// not about the form.
func (s *Server) referralFormError(w http.ResponseWriter, r *http.Request, id risk.ID, ref *warning.ReferralInput, out *outcomeForm, err error) error {
	labels, action := referralLabels, "refer"
	if out != nil {
		labels, action = outcomeLabels, "outcome"
	}
	return s.warningRefused(w, r, id, action, labels, err, func(p *warningPage) {
		if ref != nil {
			p.Ref = *ref
		}
		if out != nil {
			p.Out = *out
		}
	})
}

// warningRefused shows the warning page again after one of its forms
// (action, named by labels) was refused: what was typed, and the problems
// marked; then typed fills in forms kept as structs. Errors not about the
// input are served as errors.
func (s *Server) warningRefused(w http.ResponseWriter, r *http.Request, id risk.ID, action string, labels labeler, err error, typed func(*warningPage)) error {
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return err
	}
	p, perr := s.warningShowView(r, id)
	if perr != nil {
		return perr
	}
	p.Form, _ = formError(p.Page, err, labels, action, r.PostForm)
	if typed != nil {
		typed(&p)
	}
	return s.render(w, r, statusOf(err), "warning.html", p)
}

// warningAction handles the warning page's forms: edit (draft), update
// (issued) and the lifecycle actions.
func (s *Server) warningAction(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	switch r.PathValue("action") {
	case "edit":
		x, err := s.Warnings.Get(ctx, a, id)
		if err != nil {
			return err
		}
		in, addressees, err := s.warningInput(r)
		if err == nil {
			if _, err = s.Warnings.Update(ctx, a, id, in); err == nil {
				http.Redirect(w, r, fmt.Sprintf("/warnings/%d?saved=1", id), http.StatusSeeOther)
				return nil
			}
		}
		c, _ := s.Cases.Get(ctx, a, x.CaseID)
		return s.warningFormError(w, r, c, x, in, addressees, err)
	case "act":
		rev, _ := strconv.Atoi(r.PostForm.Get("rev"))
		action := r.PostForm.Get("action")
		_, err = s.Warnings.Act(ctx, a, id, action, r.PostForm.Get("note"), rev)
		switch {
		case err != nil && r.PostForm.Get("back") == "/approvals" && action == "lift":
			return s.approvalsRefused(w, r, fmt.Sprintf("lift-%d", id), err)
		case err != nil && r.PostForm.Get("back") == "/approvals":
			return s.approvalsRefused(w, r, fmt.Sprintf("warning-%d", id), err)
		case err != nil && r.PostForm.Get("back") == "":
			return s.warningRefused(w, r, id, "act", warningActLabels, err, nil)
		}
		return s.backTo(w, r, fmt.Sprintf("/warnings/%d", id), err)
	case "refer":
		f := r.PostForm
		in := warning.ReferralInput{Authority: f.Get("authority"), Note: f.Get("note")}
		in.Rev, _ = strconv.Atoi(f.Get("rev"))
		if _, err := s.Warnings.Refer(ctx, a, id, in); err != nil {
			return s.referralFormError(w, r, id, &in, nil, err)
		}
		http.Redirect(w, r, fmt.Sprintf("/warnings/%d?referred=1", id), http.StatusSeeOther)
		return nil
	case "followup":
		in, err := followupForm(r.PostForm)
		if err == nil {
			_, err = s.Warnings.ReportFollowup(ctx, a, id, in)
		}
		if err != nil {
			return s.warningRefused(w, r, id, "followup", followupLabels, err, nil)
		}
		http.Redirect(w, r, fmt.Sprintf("/warnings/%d?reported=1#followups", id), http.StatusSeeOther)
		return nil
	case "outcome":
		f := r.PostForm
		form := outcomeForm{Outcome: f.Get("outcome"), Reference: f.Get("national_reference"), DecidedAt: f.Get("decided_at"),
			URL: f.Get("national_url"), Grade: f.Get("grade"), Note: f.Get("note")}
		in := warning.OutcomeInput{Outcome: warning.Outcome(form.Outcome), NationalReference: form.Reference, NationalURL: form.URL,
			Grade: risk.Grade(form.Grade), Note: form.Note}
		in.Rev, _ = strconv.Atoi(f.Get("rev"))
		var err error
		if form.DecidedAt != "" {
			if in.DecidedAt, err = time.ParseInLocation("2006-01-02", form.DecidedAt, risk.China); err != nil {
				err = risk.Invalid("decided_at", "决定日期格式无效，应为 YYYY-MM-DD。", "the date of the decision must be YYYY-MM-DD.")
			}
		}
		if err == nil {
			_, err = s.Warnings.RecordOutcome(ctx, a, id, in)
		}
		if err != nil {
			return s.referralFormError(w, r, id, nil, &form, err)
		}
		http.Redirect(w, r, fmt.Sprintf("/warnings/%d?answered=1", id), http.StatusSeeOther)
		return nil
	}
	return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
}

// followupForm reads the follow-up form. A quantity left empty is 0; one
// that is not a number is refused naming its input.
func followupForm(f url.Values) (warning.FollowupInput, error) {
	in := warning.FollowupInput{Finding: warning.Finding(f.Get("finding")), Measures: f["measures"], Actions: f.Get("actions"),
		Note: f.Get("note"), Quantities: warning.Quantities{Unit: warning.Unit(f.Get("unit"))}}
	var v risk.Validation
	for _, q := range []struct {
		name, field, zh, en string
		dst                 *float64
	}{
		{"found", "quantities.found", "发现数量", "the quantity found", &in.Quantities.Found},
		{"withdrawn", "quantities.withdrawn", "下架、查封扣押数量", "the quantity withdrawn or seized", &in.Quantities.Withdrawn},
		{"destroyed", "quantities.destroyed", "销毁数量", "the quantity destroyed", &in.Quantities.Destroyed},
	} {
		x := strings.TrimSpace(f.Get(q.name))
		if x == "" {
			continue
		}
		n, err := strconv.ParseFloat(x, 64)
		if err != nil {
			v.Add(q.field, q.zh+"应为数字。", q.en+" must be a number.")
			continue
		}
		*q.dst = n
	}
	return in, v.Err()
}

type warningListPage = listPage[warning.Filter, *warning.Warning]

func (s *Server) warningList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := warningFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Warnings.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "风险预警", "Warnings"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "warnings.html", p)
}

type inboxPage struct {
	Page
	Items []warning.Delivery
}

// CanFollowup reports whether the viewer's department reports follow-ups
// on the delivered warning w (an issued 通报 it received).
func (p inboxPage) CanFollowup(w *warning.Warning) bool { return warning.CanReportFollowup(p.Actor, w) }

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	items, err := s.Warnings.Inbox(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inbox.html", inboxPage{Page: s.page(r, "收件箱", "Inbox"), Items: items})
}

func (s *Server) inboxAck(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return s.backTo(w, r, "/inbox", s.Warnings.Acknowledge(r.Context(), actorOf(r), id))
}
