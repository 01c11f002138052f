package warning

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// Filter selects warnings.
type Filter struct {
	Text   string
	Class  Class
	Status Status
	Grade  risk.Grade
	CaseID risk.ID
	// LiftProposed keeps warnings in force whose lifting conditions were
	// found met (a proposal waiting for an approver).
	LiftProposed bool
	// Viewer restricts to the warnings a department issued or receives;
	// "" = all (set by the service).
	Viewer string
	risk.Paging
}

// Delivery is a warning in an inbox.
type Delivery struct {
	Warning     *Warning   `json:"warning"`
	Recipient   string     `json:"recipient"` // department code, or enterprise ID
	DeliveredAt time.Time  `json:"delivered_at"`
	AckAt       *time.Time `json:"acknowledged_at,omitempty"`
	AckBy       string     `json:"acknowledged_by,omitempty"`
}

// Store is the persistence of warnings.
type Store interface {
	// Rules returns the latest grading rule table; SaveRules adds a version.
	Rules(ctx context.Context) (*Rules, error)
	SaveRules(ctx context.Context, r *Rules, ae audit.Entry) error
	Create(ctx context.Context, w *Warning, ae audit.Entry) error
	// Update writes w if the stored revision is w.Rev-1, with its effects
	// (Effects), in one transaction.
	Update(ctx context.Context, w *Warning, fx Effects) error
	// Issue numbers w with the next number of prefix and year, sets it
	// issued and writes it with its effects, all in one transaction
	// (numbers are consecutive and never reused).
	Issue(ctx context.Context, w *Warning, prefix string, fx Effects) error
	// Refer stores w.Referral, numbered with the next number of prefix and
	// year, and writes w (referred) under its revision with its effects,
	// in one transaction. risk.ErrConflict when w was referred before or
	// changed meanwhile.
	Refer(ctx context.Context, w *Warning, prefix string, fx Effects) error
	// RecordOutcome writes the outcome of w.Referral and w (issued) under
	// its revision, numbering w with the next number of prefix and year
	// when it has none, with its effects, in one transaction.
	// risk.ErrConflict when the outcome was recorded before or w changed
	// meanwhile.
	RecordOutcome(ctx context.Context, w *Warning, prefix string, fx Effects) error
	Get(ctx context.Context, id risk.ID) (*Warning, error)
	List(ctx context.Context, f Filter) ([]*Warning, int, error)
	// Public lists issued announcements, newest first.
	Public(ctx context.Context, offset, limit int) ([]*Warning, int, error)
	// Due lists active warnings whose validity ended by now.
	Due(ctx context.Context, now time.Time) ([]*Warning, error)
	// Inbox lists deliveries to a recipient, newest first.
	Inbox(ctx context.Context, recipient string, limit int) ([]Delivery, error)
	Acknowledge(ctx context.Context, id risk.ID, recipient, by string, ae audit.Entry) error
	// AddFollowup stores f (setting its ID) with its audit entry in one
	// transaction.
	AddFollowup(ctx context.Context, f *Followup, ae audit.Entry) error
	// Followups lists the follow-ups on a warning, oldest first.
	Followups(ctx context.Context, warningID risk.ID) ([]Followup, error)
	// EnterprisesExist reports which of the IDs are registered.
	EnterprisesExist(ctx context.Context, ids []risk.ID) (map[risk.ID]bool, error)
}

// Assessments is what warnings need of assessments.
type Assessments interface {
	Approved(ctx context.Context, a risk.Actor, caseID risk.ID) (*assess.Assessment, error)
}

// Service drafts, approves, issues, updates and lifts warnings.
type Service struct {
	Store       Store
	Cases       assess.Cases
	Assessments Assessments
	Sets        *catalog.Sets
	Now         func() time.Time
	// Publisher and Measures work out what a change causes in the
	// domains that follow warnings (they import this package: app wires
	// them). Nil: the change publishes nothing, ends no measure.
	Publisher Publisher
	Measures  Measures
}

// write stores w's move from status from, recorded by ae, with its effects.
func (s *Service) write(ctx context.Context, from Status, w *Warning, ae audit.Entry) error {
	fx, err := s.effects(ctx, from, w, ae)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, w, fx)
}

// SeedRules stores the default rule table when none is stored.
func SeedRules(ctx context.Context, s Store) error {
	if _, err := s.Rules(ctx); err == nil {
		return nil
	}
	r := DefaultRules
	return s.SaveRules(ctx, &r, audit.New(risk.System, "warning.rules", "warning_rules", 0, "载入默认预警分级规则 / default grading rules loaded").WithChange(nil, r))
}

// Input is the editable part of a warning.
type Input struct {
	Class              Class       `json:"class"`
	Title              string      `json:"title"`
	Summary            string      `json:"summary"`
	Urgency            Urgency     `json:"urgency"`
	Reach              Reach       `json:"reach"`
	Grade              risk.Grade  `json:"grade"`               // optional override of the computed grade
	GradeJustification string      `json:"grade_justification"` // required with an override
	Scope              Scope       `json:"scope"`
	Matters            string      `json:"matters"`
	Advice             string      `json:"advice"`
	StartsAt           time.Time   `json:"starts_at"`
	ValidUntil         time.Time   `json:"valid_until"`
	Conditions         []Condition `json:"lifting_conditions"`
	Addressees         []risk.ID   `json:"addressees"`
	Recipients         []string    `json:"recipients"`
	Rev                int         `json:"rev"`
	Reason             string      `json:"reason"` // for updates of an issued warning
}

func forbidden(zh, en string) error { return risk.Errorf(risk.ErrForbidden, "%s / %s", zh, en) }

// apply validates in and copies it onto w, computing the grade. Problems
// that only block submission (empty scope, no validity) are checked by
// ready.
func (s *Service) apply(ctx context.Context, w *Warning, in Input, rules *Rules, v *risk.Validation) {
	switch in.Class {
	case ClassBulletin, ClassNotice, ClassAnnouncement:
	default:
		v.Add("class", "预警类别须为 bulletin（通报）、notice（通告）或 announcement（公告）。", "class must be bulletin, notice or announcement.")
	}
	if in.Urgency == "" {
		in.Urgency = UrgencyNormal
	}
	if in.Reach == "" {
		in.Reach = ReachLocal
	}
	if in.Urgency != UrgencyNormal && in.Urgency != UrgencyImmediate {
		v.Add("urgency", "紧急程度须为一般或紧急。", "the urgency must be normal or immediate.")
	}
	if in.Reach != ReachLocal && in.Reach != ReachWide {
		v.Add("reach", "影响范围须为局部或广泛。", "the scope of impact must be local or wide.")
	}
	in.Title, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	v.Text("title", in.Title, MaxTitle, true, "标题", "the title")
	v.Paragraph("summary", in.Summary, MaxNote, false, "摘要", "the summary")
	v.Paragraph("matters", in.Matters, MaxMattersText, false, "警示事项", "the matters warned of")
	v.Paragraph("advice", in.Advice, MaxMattersText, false, "防范建议", "the advice")
	in.Scope.Check(s.Sets, "", v)
	if len(in.Conditions) > MaxConditions {
		v.Add("lifting_conditions", fmt.Sprintf("最多 %d 个解除条件。", MaxConditions), fmt.Sprintf("at most %d conditions.", MaxConditions))
	}
	for i := range in.Conditions {
		in.Conditions[i].check(fmt.Sprintf("lifting_conditions[%d]", i), v)
	}
	if !in.StartsAt.IsZero() && !in.ValidUntil.IsZero() {
		switch d := in.ValidUntil.Sub(in.StartsAt); {
		case d <= 0:
			v.Add("valid_until", "有效期须晚于开始时间。", "the end of the validity must be after its start.")
		case d > MaxValidity:
			v.Add("valid_until", "有效期最长 5 年。", "the validity may be at most 5 years.")
		}
	}
	if len(in.Addressees) > 1000 {
		v.Add("addressees", "通告对象最多 1000 家企业。", "at most 1,000 addressees.")
	} else if len(in.Addressees) > 0 {
		exist, err := s.Store.EnterprisesExist(ctx, in.Addressees)
		if err != nil {
			v.AddErr("addressees", err)
		}
		for i, id := range in.Addressees {
			if !exist[id] {
				v.Add(fmt.Sprintf("addressees[%d]", i), fmt.Sprintf("企业 %d 未登记。", id), fmt.Sprintf("enterprise %d is not registered.", id))
			}
		}
	}
	for i, d := range in.Recipients {
		if !s.Sets.Depts[d] {
			v.Add(fmt.Sprintf("recipients[%d]", i), "部门代码 "+d+" 无效。", "unknown department "+d+".")
		}
	}
	// Grade: computed from the rule table; an override needs a reason.
	computed, ok, reason := rules.Grade(w.Level, in.Urgency, in.Reach)
	w.ComputedGrade, w.GradeReason, w.RulesVersion = computed, reason, rules.Version
	grade := computed
	if in.Grade != "" && in.Grade != computed {
		if _, err := risk.ParseGrade(string(in.Grade)); err != nil {
			v.AddErr("grade", err)
		}
		v.Paragraph("grade_justification", in.GradeJustification, MaxNote, true, "调整等级的理由", "the justification for changing the grade")
		grade = in.Grade
	} else if !ok {
		v.Add("grade", "按分级规则该风险等级不发布预警；如确需发布，请指定等级并说明理由。", "the rules give no warning for this risk level; to warn anyway, set a grade and justify it.")
	}
	w.Class, w.Title, w.Summary, w.Urgency, w.Reach, w.Grade = in.Class, in.Title, in.Summary, in.Urgency, in.Reach, grade
	w.GradeJustification = ""
	if grade != computed {
		w.GradeJustification = strings.TrimSpace(in.GradeJustification)
	}
	w.Scope, w.Matters, w.Advice = in.Scope, strings.TrimSpace(in.Matters), strings.TrimSpace(in.Advice)
	w.StartsAt, w.ValidUntil = in.StartsAt.UTC().Truncate(time.Second), in.ValidUntil.UTC().Truncate(time.Second)
	w.Conditions, w.Addressees, w.Recipients = in.Conditions, in.Addressees, in.Recipients
	if w.Conditions == nil {
		w.Conditions = []Condition{}
	}
}

// ready checks what a warning needs before it can be submitted.
func ready(w *Warning, v *risk.Validation) {
	if w.Scope.Empty() {
		v.Add("scope", "预警范围不能为空。", "a warning needs a scope.")
	}
	if w.StartsAt.IsZero() {
		v.Add("starts_at", "请填写开始时间。", "the start is required.")
	}
	if w.ValidUntil.IsZero() {
		v.Add("valid_until", "请填写有效期。", "the end of the validity is required.")
	}
	if strings.TrimSpace(w.Matters) == "" {
		v.Add("matters", "请填写警示事项。", "the matters warned of are required.")
	}
	if len(w.Conditions) == 0 {
		v.Add("lifting_conditions", "至少需要一个解除条件。", "at least one lifting condition is required.")
	}
	if w.Class == ClassNotice && len(w.Addressees) == 0 {
		v.Add("addressees", "通告须指定对象企业。", "a notice must name the enterprises it is addressed to.")
	}
	if w.Class == ClassAnnouncement && strings.TrimSpace(w.Summary) == "" {
		v.Add("summary", "公告须有面向公众的摘要。", "an announcement needs a public summary.")
	}
}

// official checks that a holds perm for dept's warnings.
func official(a risk.Actor, dept string, perm risk.Permission) bool {
	return risk.Can(a, perm) && (a.SeesAll() || a.Dept == dept)
}

// CanWrite reports whether a may draft and edit the warnings of dept: its
// risk officers (and the system).
func CanWrite(a risk.Actor, dept string) bool { return official(a, dept, risk.PermWarningWrite) }

// CanApprove reports whether a may approve, return and lift the warnings of
// dept and record the national reply to its referrals: its approvers (and
// the system).
func CanApprove(a risk.Actor, dept string) bool { return official(a, dept, risk.PermWarningApprove) }

// CanHandle reports whether a may submit, issue, refer and update the
// warnings of dept: its risk officers and approvers.
func CanHandle(a risk.Actor, dept string) bool { return CanWrite(a, dept) || CanApprove(a, dept) }

// CanDraft reports whether a may draft a warning on c: a may write the
// warnings of the case's department and the case is open. The draft also
// needs the case's approved assessment.
func CanDraft(a risk.Actor, c *casefile.Case) bool {
	return CanWrite(a, c.Dept) && c.Status == casefile.StatusOpen
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Draft starts a warning from the case's approved assessment.
func (s *Service) Draft(ctx context.Context, a risk.Actor, caseID risk.ID, in Input) (*Warning, error) {
	c, err := s.Cases.Get(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	if !CanWrite(a, c.Dept) {
		return nil, forbidden("只有案件所属部门的风险管理人员可以起草预警。", "Only risk officers of the case's department may draft its warnings.")
	}
	if c.Status != casefile.StatusOpen {
		return nil, risk.Errorf(risk.ErrConflict, "案件已结案。 / The case is closed.")
	}
	x, err := s.Assessments.Approved(ctx, a, caseID)
	if err != nil {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "case_id", Message: risk.Bilingual("预警须基于已批准的风险评估。", "a warning must be based on an approved assessment."), Err: err}
	}
	rules, err := s.Store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	w := &Warning{CaseID: caseID, AssessmentID: x.ID, Level: x.Level, Dept: c.Dept, Status: StatusDraft, CreatedBy: a.Label(), Rev: 1}
	var v risk.Validation
	s.apply(ctx, w, in, rules, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ae := audit.New(a, "warning.draft", "warning", 0, fmt.Sprintf("起草预警：%s（%s级） / warning drafted, grade %s", w.Title, w.Grade, w.Grade)).
		WithChange(nil, map[string]any{"case_id": caseID, "class": w.Class, "grade": w.Grade, "computed_grade": w.ComputedGrade})
	if err := s.Store.Create(ctx, w, ae); err != nil {
		return nil, err
	}
	return w, nil
}

func staleRev() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("预警已被他人修改，请刷新后重试。", "the warning was changed by someone else; reload and try again.")}
}

// visible reports whether a may see w.
// The public reads announcements only through PublicGet and Public, which
// give the public projection.
func visible(a risk.Actor, w *Warning) bool {
	if a.SeesAll() {
		return true
	}
	// An enterprise reads a notice once it is issued: a referred one
	// (grade I, 已上报) is not issued yet.
	if a.Role == risk.RoleEnterprise && w.Class == ClassNotice && w.IssuedAt != nil && (w.Status == StatusIssued || w.Status == StatusLifted) {
		for _, e := range w.Addressees {
			if e == a.EnterpriseID {
				return true
			}
		}
		return false
	}
	if !risk.Can(a, risk.PermWarningRead) {
		return false
	}
	if w.Dept == a.Dept {
		return true
	}
	if w.Status.Active() || w.Status == StatusLifted || w.Status == StatusExpired {
		for _, d := range w.Recipients {
			if d == a.Dept {
				return true
			}
		}
	}
	return false
}

// Get returns a warning a may see. Enterprises see the notices addressed
// to them without the internal fields (case, assessment, grading notes,
// the other addressees, recipients, proposals).
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Warning, error) {
	w, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !visible(a, w) {
		return nil, risk.Errorf(risk.ErrNotFound, "预警不存在。 / No such warning.")
	}
	if a.Role == risk.RoleEnterprise {
		return external(w, a.EnterpriseID), nil
	}
	return w, nil
}

// external is what a party outside the government sees of a warning.
func external(w *Warning, enterprise risk.ID) *Warning {
	x := &Warning{ID: w.ID, Class: w.Class, Title: w.Title, Summary: w.Summary, Grade: w.Grade, Matters: w.Matters, Advice: w.Advice,
		StartsAt: w.StartsAt, ValidUntil: w.ValidUntil, Conditions: w.Conditions, Dept: w.Dept, Number: w.Number, Status: w.Status,
		IssuedAt: w.IssuedAt, EndedAt: w.EndedAt, EndReason: w.EndReason, Scope: w.Scope}
	x.Scope.USCCs = nil
	if r := w.Referral; r != nil && r.Outcome == OutcomeNational {
		// The national issue it follows is public; the referral itself is not.
		x.Referral = &Referral{Authority: r.Authority, Outcome: r.Outcome, DecidedAt: r.DecidedAt, NationalReference: r.NationalReference, NationalURL: r.NationalURL}
	}
	if enterprise != 0 {
		x.Addressees = []risk.ID{enterprise}
	}
	return x
}

// PublicGet returns an announcement in force, in its public projection,
// to anyone.
func (s *Service) PublicGet(ctx context.Context, id risk.ID) (*Warning, error) {
	w, err := s.Store.Get(ctx, id)
	if err != nil || w.Class != ClassAnnouncement || w.Status != StatusIssued {
		return nil, risk.Errorf(risk.ErrNotFound, "公告不存在或已解除。 / No such announcement, or it has been lifted.")
	}
	return external(w, 0), nil
}

// Lookup returns a warning without a visibility check, for other services
// that have checked their own access (a measure's lead department acting
// on its measure).
func (s *Service) Lookup(ctx context.Context, id risk.ID) (*Warning, error) {
	return s.Store.Get(ctx, id)
}

// List returns the warnings a may see.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Warning, int, error) {
	if !risk.Can(a, risk.PermWarningRead) {
		return nil, 0, forbidden("无权查看预警。", "Not allowed to read warnings.")
	}
	var v risk.Validation
	v.Text("q", f.Text, 100, false, "查询文字", "the query")
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f.Viewer = ""
	if !a.SeesAll() {
		f.Viewer = a.Dept
	}
	return s.Store.List(ctx, f)
}

// Edit changes a draft; an issued warning changes through Update.
func (s *Service) Edit(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Warning, error) {
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanWrite(a, w.Dept) {
		return nil, forbidden("无权修改该预警。", "Not allowed to change this warning.")
	}
	if w.Status != StatusDraft {
		zh, en := w.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "预警处于“%s”状态，不能直接修改。 / The warning is %s and cannot be edited.", zh, en)
	}
	if in.Rev != w.Rev {
		return nil, staleRev()
	}
	rules, err := s.Store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	s.apply(ctx, w, in, rules, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	w.Rev++
	ae := audit.New(a, "warning.edit", "warning", id, "修改预警草稿 / warning draft edited").WithChange(nil, map[string]any{"grade": w.Grade, "class": w.Class})
	if err := s.write(ctx, StatusDraft, w, ae); err != nil {
		return nil, err
	}
	return w, nil
}

// Act moves a warning along its lifecycle: submit, approve, return, issue,
// lift. note is the reason for return and lift. A grade I warning is not
// issued here but referred (Refer), and the national answer recorded
// (RecordOutcome): issuing one is refused, never turned silently into a
// referral.
func (s *Service) Act(ctx context.Context, a risk.Actor, id risk.ID, action, note string, rev int) (*Warning, error) {
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	switch action {
	case "submit", "issue":
		if !CanHandle(a, w.Dept) {
			return nil, forbidden("只有签发部门的人员可以办理。", "Only the issuing department may do this.")
		}
	case "approve", "return", "lift":
		if !CanApprove(a, w.Dept) {
			return nil, forbidden("只有签发部门的审批人可以审批和解除预警。", "Only an approver of the issuing department may approve or lift.")
		}
	case "update":
		return nil, risk.Invalid("action", "更新已发布的预警请使用 PUT。", "update an issued warning with PUT.")
	case "refer", "national_issue", "national_return":
		return nil, risk.Invalid("action", "上报和国家层面的答复须填写上报对象或答复内容：POST /api/v1/warnings/{id}/referral 或 /referral/outcome。",
			"a referral and the national reply carry their own fields: POST /api/v1/warnings/{id}/referral or /referral/outcome.")
	default:
		return nil, risk.Invalid("action", "操作须为 submit、approve、return、issue 或 lift。", "action must be submit, approve, return, issue or lift.")
	}
	to, err := lifecycle.Step(string(w.Status), action)
	if err != nil {
		return nil, err
	}
	if action == "issue" && w.Grade == risk.GradeI {
		return nil, errGradeI() // issued under State Council authority: Refer
	}
	if action == "submit" || action == "approve" || action == "issue" {
		if err := s.current(ctx, a, w); err != nil {
			return nil, err
		}
	}
	var v risk.Validation
	switch action {
	case "submit":
		ready(w, &v)
	case "return", "lift":
		v.Paragraph("note", note, MaxNote, true, "理由", "the reason")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if rev != w.Rev {
		return nil, staleRev()
	}
	from := w.Status
	w.Status = Status(to)
	w.Rev++
	now := s.now()
	switch action {
	case "approve":
		w.ApproverID = a.UserID
	case "lift":
		w.EndedAt, w.EndReason = &now, note
	}
	fromZh, fromEn := from.Label()
	toZh, toEn := Status(to).Label()
	ae := audit.New(a, "warning."+action, "warning", id, fmt.Sprintf("预警 %s：%s → %s / warning: %s → %s", w.Title, fromZh, toZh, fromEn, toEn)).
		WithChange(map[string]any{"status": from}, map[string]any{"status": to, "note": note})
	if action == "issue" {
		if w.StartsAt.Before(now) && now.Sub(w.StartsAt) > 24*time.Hour {
			w.StartsAt = now.Truncate(time.Second)
		}
		fx, err := s.effects(ctx, from, w, ae)
		if err != nil {
			return nil, err
		}
		if err := s.Store.Issue(ctx, w, s.prefix(w.Dept), fx); err != nil {
			return nil, err
		}
		return w, nil
	}
	if err := s.write(ctx, from, w, ae); err != nil {
		return nil, err
	}
	return w, nil
}

// prefix is the document-number prefix of an issuer: its short name from
// the departments catalogue ("湘关") + "预警".
func (s *Service) prefix(dept string) string {
	short := dept
	if t, err := catalog.BuiltinTable("departments"); err == nil {
		for _, e := range t.Entries {
			if e.Code == dept && e.Attrs["short"] != "" {
				short = e.Attrs["short"]
			}
		}
	}
	return short + "预警"
}

// Update changes an issued or referred warning (validity, scope, matters,
// conditions), with a recorded reason; the warning stays in force.
func (s *Service) Update(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Warning, error) {
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanHandle(a, w.Dept) {
		return nil, forbidden("无权更新该预警。", "Not allowed to update this warning.")
	}
	if w.Status == StatusDraft {
		return s.Edit(ctx, a, id, in)
	}
	to, err := lifecycle.Step(string(w.Status), "update")
	if err != nil {
		return nil, err
	}
	if in.Rev != w.Rev {
		return nil, staleRev()
	}
	rules, err := s.Store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	before := *w
	var v risk.Validation
	if in.Class != w.Class {
		v.Add("class", "已发布预警的类别不能更改，请另行发布。", "the class of an issued warning cannot change; issue another warning.")
	}
	v.Paragraph("reason", in.Reason, MaxNote, true, "更新理由", "the reason for the update")
	s.apply(ctx, w, in, rules, &v)
	ready(w, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if w.Grade == risk.GradeI && before.Grade != risk.GradeI && before.Status == StatusIssued {
		return nil, risk.Errorf(risk.ErrConflict, "升为 I 级须报国家主管部门，请另行发布。 / Raising to grade I needs the national authority; issue a new warning.")
	}
	if before.Status == StatusReferred && w.Grade != risk.GradeI {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "grade", Message: risk.Bilingual(
			"已上报的预警保持 I 级，等级以国家主管部门的答复为准。", "a referred warning stays grade I until the national authority answers.")}
	}
	w.Status, w.Number, w.IssuedAt = Status(to), before.Number, before.IssuedAt
	w.LiftProposedAt, w.LiftProposal = nil, "" // conditions may have changed: evaluate afresh
	w.Rev++
	ae := audit.New(a, "warning.update", "warning", id, "更新预警 "+w.Number+"："+in.Reason+" / warning updated").
		WithChange(map[string]any{"valid_until": before.ValidUntil, "grade": before.Grade, "scope": before.Scope, "matters": before.Matters},
			map[string]any{"valid_until": w.ValidUntil, "grade": w.Grade, "scope": w.Scope, "matters": w.Matters, "reason": in.Reason})
	if err := s.write(ctx, before.Status, w, ae); err != nil {
		return nil, err
	}
	return w, nil
}

// ExpireDue ends the warnings whose validity has run out, as the system,
// each with an audit entry. It returns how many it expired.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.Store.Due(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, w := range due {
		from := w.Status
		w.Status, w.EndedAt, w.EndReason = StatusExpired, &now, "有效期届满 / validity expired"
		w.Rev++
		ae := audit.New(risk.System, "warning.expire", "warning", w.ID, "预警 "+w.Number+" 有效期届满，自动解除 / warning expired").
			WithChange(map[string]any{"status": from}, map[string]any{"status": StatusExpired})
		if err := s.write(ctx, from, w, ae); err != nil {
			errs = append(errs, fmt.Errorf("warning %d: %w", w.ID, err))
			continue // the others are due all the same
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Public lists the issued announcements, for anyone.
func (s *Service) Public(ctx context.Context, offset, limit int) ([]*Warning, int, error) {
	if offset < 0 || offset > 100_000 {
		return nil, 0, risk.Invalid("offset", "偏移量无效。", "invalid offset.")
	}
	if limit <= 0 {
		limit = 20
	}
	if limit > 100 {
		return nil, 0, risk.Invalid("limit", "每页最多 100 条。", "limit must be at most 100.")
	}
	return s.Store.Public(ctx, offset, limit)
}

// InboxOf is the inbox a may read: its enterprise's ("enterprise:42"), or
// its department's ("dept:cs-customs"); ErrForbidden when a has none.
func InboxOf(a risk.Actor) (string, error) { return inboxOf(a) }

// inboxOf is the inbox a may read: its enterprise's, or its department's.
func inboxOf(a risk.Actor) (string, error) {
	switch {
	case !risk.Can(a, risk.PermInbox):
	case a.Role == risk.RoleEnterprise && a.EnterpriseID != 0:
		return "enterprise:" + a.EnterpriseID.String(), nil
	case a.IsOfficial() && a.Dept != "":
		return "dept:" + a.Dept, nil
	}
	return "", forbidden("没有收件箱。", "You have no inbox.")
}

// Inbox lists the warnings delivered to a's department or enterprise.
func (s *Service) Inbox(ctx context.Context, a risk.Actor) ([]Delivery, error) {
	box, err := inboxOf(a)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.Inbox(ctx, box, 200)
	if a.Role == risk.RoleEnterprise {
		for i := range ds {
			ds[i].Warning = external(ds[i].Warning, a.EnterpriseID)
		}
	}
	return ds, err
}

// Acknowledge records that a's department or enterprise has received a
// delivered warning (the time is kept).
func (s *Service) Acknowledge(ctx context.Context, a risk.Actor, id risk.ID) error {
	box, err := inboxOf(a)
	if err != nil {
		return err
	}
	ae := audit.New(a, "warning.ack", "warning", id, "确认收到预警 / warning acknowledged")
	return s.Store.Acknowledge(ctx, id, box, a.Label(), ae)
}

// Rules returns the current grading rule table.
func (s *Service) Rules(ctx context.Context) (*Rules, error) { return s.Store.Rules(ctx) }

// SetRules stores a new version of the grading rules (administrators).
func (s *Service) SetRules(ctx context.Context, a risk.Actor, r Rules) (*Rules, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, forbidden("只有系统管理员可以修改分级规则。", "Only administrators may change the grading rules.")
	}
	if err := r.Check(); err != nil {
		return nil, err
	}
	cur, err := s.Store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	r.Version = cur.Version + 1
	ae := audit.New(a, "warning.rules", "warning_rules", 0, fmt.Sprintf("预警分级规则第 %d 版 / grading rules v%d", r.Version, r.Version)).WithChange(cur, r)
	if err := s.Store.SaveRules(ctx, &r, ae); err != nil {
		return nil, err
	}
	return &r, nil
}
