package assess

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/casefile"
	"riskgate/internal/risk"
)

// Status of an assessment. Values are stored.
type Status string

// Assessment statuses.
const (
	StatusDraft      Status = "draft"
	StatusSubmitted  Status = "submitted"
	StatusApproved   Status = "approved"
	StatusReturned   Status = "returned"
	StatusSuperseded Status = "superseded"
)

var statusLabels = risk.Labels{
	string(StatusDraft):      {"草稿", "Draft"},
	string(StatusSubmitted):  {"待审批", "Awaiting approval"},
	string(StatusApproved):   {"已批准", "Approved"},
	string(StatusReturned):   {"已退回", "Returned"},
	string(StatusSuperseded): {"已被取代", "Superseded"},
}

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// actionLabels name the lifecycle's actions in its messages.
var actionLabels = risk.Labels{"submit": {"提交审批", "submit"}, "approve": {"批准", "approve"}, "return": {"退回", "return"},
	"supersede": {"被新版本取代", "supersede"}}

var lifecycle = risk.Machine{Name: "风险评估 assessment", StateNames: statusLabels, ActionNames: actionLabels, Next: map[string]map[string]string{
	string(StatusDraft):     {"submit": string(StatusSubmitted)},
	string(StatusReturned):  {"submit": string(StatusSubmitted)},
	string(StatusSubmitted): {"approve": string(StatusApproved), "return": string(StatusReturned)},
	string(StatusApproved):  {"supersede": string(StatusSuperseded)},
}}

// Lifecycle is the assessment state machine.
func Lifecycle() risk.Machine { return lifecycle }

// Assessment is one version of a case's risk assessment.
type Assessment struct {
	ID             risk.ID    `json:"id"`
	CaseID         risk.ID    `json:"case_id"`
	Version        int        `json:"version"`
	Status         Status     `json:"status"`
	Profile        string     `json:"profile"`
	ProfileVersion int        `json:"profile_version"`
	Product        string     `json:"product"`
	Scenarios      []Scenario `json:"scenarios"`
	Level          risk.Level `json:"level,omitempty"`
	Result         *Result    `json:"result,omitempty"`
	Assessor       string     `json:"assessor"`
	Organisation   string     `json:"organisation"`
	AuthorID       risk.ID    `json:"author_id"`
	Dept           string     `json:"dept"`
	ApproverID     risk.ID    `json:"approver_id,omitempty"`
	DecisionNote   string     `json:"decision_note,omitempty"`
	SubmittedAt    *time.Time `json:"submitted_at,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	Supersedes     risk.ID    `json:"supersedes,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Rev            int        `json:"rev"` // optimistic-locking revision
}

// Editable reports whether the assessment may still change.
func (x *Assessment) Editable() bool { return x.Status == StatusDraft || x.Status == StatusReturned }

// Store is the persistence of assessments, matrix profiles and panels.
type Store interface {
	// Profile returns the active version of a named profile, or ErrNotFound.
	Profile(ctx context.Context, name string) (*Profile, error)
	// ProfileAt returns one version of a profile, whatever its status, or
	// ErrNotFound.
	ProfileAt(ctx context.Context, name string, version int) (*StoredProfile, error)
	// ProfileVersions returns the versions of a profile ("" every
	// profile), by name, newest version first.
	ProfileVersions(ctx context.Context, name string) ([]*StoredProfile, error)
	// SaveProfiles stores builtin profiles whose name and version are new,
	// as active versions.
	SaveProfiles(ctx context.Context, ps []*Profile) error
	// SaveProfileDraft stores sp as a new draft version, or, when replace,
	// over the stored draft of its name and version (ErrConflict when that
	// is no longer a draft, or when a new version exists already), with ae.
	SaveProfileDraft(ctx context.Context, sp *StoredProfile, replace bool, ae audit.Entry) error
	// ActivateProfile makes a draft version active and retires the active
	// version of its name, in one transaction with ae; ErrConflict when
	// the version is no longer a draft.
	ActivateProfile(ctx context.Context, name string, version int, ae audit.Entry) error
	// Panel returns an assessment's panel with its members (their names
	// from the register), or ErrNotFound when none was convened.
	Panel(ctx context.Context, assessmentID risk.ID) (*Panel, error)
	// AddPanelist adds m to the panel, convening it first when convene,
	// with ae; ErrConflict when the expert is on it already.
	AddPanelist(ctx context.Context, assessmentID risk.ID, m Member, convene bool, ae audit.Entry) error
	// SaveOpinion writes member m's stance and opinion, with ae.
	SaveOpinion(ctx context.Context, assessmentID risk.ID, m Member, ae audit.Entry) error
	// ConcludePanel writes the panel's conclusion, with ae; ErrConflict
	// when it concluded since it was read.
	ConcludePanel(ctx context.Context, p *Panel, ae audit.Entry) error
	// CaseEnterprises returns the unified social credit codes of the
	// case's signals.
	CaseEnterprises(ctx context.Context, caseID risk.ID) ([]string, error)
	// PendingReviews lists the submitted assessments on whose panel the
	// expert sits without an opinion given since the latest submission,
	// oldest submission first.
	PendingReviews(ctx context.Context, expertID risk.ID) ([]*Assessment, error)
	// Create stores a new version; ErrConflict if the case already has it.
	Create(ctx context.Context, x *Assessment, ae audit.Entry) error
	// Update writes x if the stored revision is x.Rev-1. When x is
	// approved, the case's previously approved assessment is marked
	// superseded in the same transaction.
	Update(ctx context.Context, x *Assessment, ae audit.Entry) error
	Get(ctx context.Context, id risk.ID) (*Assessment, error)
	ByCase(ctx context.Context, caseID risk.ID) ([]*Assessment, error)
	// Submitted lists the assessments waiting for a decision, of one
	// department ("" every department), oldest submission first.
	Submitted(ctx context.Context, dept string) ([]*Assessment, error)
}

// Cases is what assessment needs of the case service.
type Cases interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*casefile.Case, error)
}

// Service runs and records assessments.
type Service struct {
	Store Store
	Cases Cases
	// Experts is the expert register panels draw on; nil: no panels.
	Experts Experts
	Now     func() time.Time
}

// SeedProfiles stores the builtin profiles that are not stored yet.
func SeedProfiles(ctx context.Context, s Store) error {
	ps, err := BuiltinProfiles()
	if err != nil {
		return err
	}
	return s.SaveProfiles(ctx, ps)
}

// Profile returns the latest version of a named risk matrix ("" the
// default), for pages that name the method an assessment used.
func (s *Service) Profile(ctx context.Context, name string) (*Profile, error) {
	return s.profile(ctx, name)
}

func (s *Service) profile(ctx context.Context, name string) (*Profile, error) {
	if name == "" {
		name = DefaultProfile
	}
	p, err := s.Store.Profile(ctx, name)
	if err != nil {
		return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "profile", Message: risk.Bilingual("没有名为 "+name+" 的已启用评估矩阵。", "no active risk matrix profile named "+name+"."), Err: err}
	}
	return p, nil
}

// Evaluate computes a result without saving anything.
func (s *Service) Evaluate(ctx context.Context, a risk.Actor, profile string, scenarios []Scenario) (*Result, error) {
	if !risk.Can(a, risk.PermAssessmentRun) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权进行风险评估。 / Not allowed to run assessments.")
	}
	p, err := s.profile(ctx, profile)
	if err != nil {
		return nil, err
	}
	return Evaluate(p, scenarios)
}

// Input is the editable part of an assessment.
type Input struct {
	Profile      string     `json:"profile"`
	Product      string     `json:"product"`
	Scenarios    []Scenario `json:"scenarios"`
	Assessor     string     `json:"assessor"`
	Organisation string     `json:"organisation"`
	Rev          int        `json:"rev"` // on edit: the revision read
}

func (in *Input) check(v *risk.Validation) {
	in.Product, in.Assessor, in.Organisation = strings.TrimSpace(in.Product), strings.TrimSpace(in.Assessor), strings.TrimSpace(in.Organisation)
	v.Paragraph("product", in.Product, MaxText, false, "产品描述", "the product description")
	v.Text("assessor", in.Assessor, MaxAssessor, false, "评估人", "the assessor")
	v.Text("organisation", in.Organisation, MaxShort, false, "评估机构", "the organisation")
	if len(in.Scenarios) > MaxScenarios {
		v.Add("scenarios", fmt.Sprintf("最多 %d 个伤害情景。", MaxScenarios), fmt.Sprintf("at most %d scenarios.", MaxScenarios))
	}
	for i, sc := range in.Scenarios {
		f := fmt.Sprintf("scenarios[%d].", i)
		v.Paragraph(f+"description", sc.Description, MaxText, false, "情景描述", "the scenario description")
		v.Text(f+"population", sc.Population, MaxShort, false, "受影响人群", "the population")
		v.Text(f+"injury", sc.Injury, MaxShort, false, "伤害", "the injury")
		v.Paragraph(f+"notes", sc.Notes, MaxText, false, "备注", "the notes")
		switch sc.Uncertainty {
		case "", "low", "medium", "high":
		default:
			v.Add(f+"uncertainty", "不确定性只能是低、中或高。", "the uncertainty must be low, medium or high.")
		}
		if len(sc.Steps) > MaxSteps {
			v.Add(f+"steps", fmt.Sprintf("每个情景最多 %d 个步骤。", MaxSteps), fmt.Sprintf("at most %d steps per scenario.", MaxSteps))
		}
		for j, st := range sc.Steps {
			v.Paragraph(fmt.Sprintf("%ssteps[%d].description", f, j), st.Description, MaxStepText, false, "步骤描述", "the step description")
			if _, err := st.Probability.Rat(); err != nil {
				v.Add(fmt.Sprintf("%ssteps[%d].probability", f, j),
					fmt.Sprintf("步骤概率 %q 无效：须为 (0, 1] 区间内的小数或 \"1/N\" 形式的分数。", st.Probability),
					fmt.Sprintf("step probability %q is invalid: it must be a decimal or a fraction \"1/N\" in (0, 1].", st.Probability))
			}
		}
	}
}

// CanWrite reports whether a may write c's assessments: risk officers of
// the case's department (and the system).
func CanWrite(a risk.Actor, c *casefile.Case) bool {
	return risk.Can(a, risk.PermAssessmentWrite) && (c.Dept == a.Dept || a.SeesAll())
}

// CanDraft reports whether a may draft or edit an assessment of c now: a
// may write its assessments and the case is still open.
func CanDraft(a risk.Actor, c *casefile.Case) bool {
	return CanWrite(a, c) && c.Status == casefile.StatusOpen
}

// CanEdit reports whether a may change x, an assessment of c: a may draft
// on c and x is a draft or was returned.
func CanEdit(a risk.Actor, c *casefile.Case, x *Assessment) bool {
	return CanDraft(a, c) && x.Editable()
}

// CanDecide reports whether a may approve or return x: approvers of the
// case's department (and the system).
func CanDecide(a risk.Actor, x *Assessment) bool {
	return risk.Can(a, risk.PermAssessmentApprove) && (a.Dept == x.Dept || a.System)
}

// caseFor returns the case if a may write assessments for it.
func (s *Service) caseFor(ctx context.Context, a risk.Actor, caseID risk.ID) (*casefile.Case, error) {
	c, err := s.Cases.Get(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	if !CanWrite(a, c) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有案件所属部门的风险管理人员可以编写评估。 / Only risk officers of the case's department may write its assessment.")
	}
	if c.Status != casefile.StatusOpen {
		return nil, risk.Errorf(risk.ErrConflict, "案件已结案。 / The case is closed.")
	}
	return c, nil
}

// Draft starts a new version of the case's assessment. If the current
// version is approved, the new one will supersede it when approved; a case
// has at most one version in progress.
func (s *Service) Draft(ctx context.Context, a risk.Actor, caseID risk.ID, in Input) (*Assessment, error) {
	c, err := s.caseFor(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	in.check(&v)
	p, perr := s.profile(ctx, in.Profile)
	if perr != nil {
		v.AddErr("profile", perr)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	all, err := s.Store.ByCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	x := &Assessment{CaseID: caseID, Version: 1, Status: StatusDraft, Profile: p.Name, ProfileVersion: p.Version,
		Product: in.Product, Scenarios: in.Scenarios, Assessor: in.Assessor, Organisation: in.Organisation,
		AuthorID: a.UserID, Dept: c.Dept, Rev: 1}
	if x.Scenarios == nil {
		x.Scenarios = []Scenario{}
	}
	for _, old := range all {
		if old.Version >= x.Version {
			x.Version = old.Version + 1
		}
		switch old.Status {
		case StatusDraft, StatusSubmitted, StatusReturned:
			return nil, risk.Errorf(risk.ErrConflict, "案件已有进行中的评估（第 %d 版），请先完成它。 / Version %d of this case's assessment is still in progress.", old.Version, old.Version)
		case StatusApproved:
			x.Supersedes = old.ID
		}
	}
	ae := audit.New(a, "assessment.draft", "assessment", 0, fmt.Sprintf("案件 %s 风险评估第 %d 版草稿 / assessment v%d drafted", c.Number, x.Version, x.Version)).
		WithChange(nil, map[string]any{"case_id": caseID, "version": x.Version, "profile": x.Profile})
	if err := s.Store.Create(ctx, x, ae); err != nil {
		return nil, err
	}
	return x, nil
}

// Get returns an assessment of a case a may see.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Assessment, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Cases.Get(ctx, a, x.CaseID); err != nil {
		return nil, err
	}
	return x, nil
}

// ByCase lists a case's assessments, newest version first.
func (s *Service) ByCase(ctx context.Context, a risk.Actor, caseID risk.ID) ([]*Assessment, error) {
	if _, err := s.Cases.Get(ctx, a, caseID); err != nil {
		return nil, err
	}
	return s.Store.ByCase(ctx, caseID)
}

func staleRev() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("评估已被他人修改，请刷新后重试。", "the assessment was changed by someone else; reload and try again.")}
}

// Edit changes a draft or returned assessment.
func (s *Service) Edit(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Assessment, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.caseFor(ctx, a, x.CaseID); err != nil {
		return nil, err
	}
	if !x.Editable() {
		zh, en := x.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "评估处于“%s”状态，不能修改；已批准的评估不可变，请起草新版本。 / The assessment is “%s” and cannot change; draft a new version instead.", zh, en)
	}
	var v risk.Validation
	in.check(&v)
	if in.Rev != x.Rev {
		v.Add("rev", "评估已被他人修改，请刷新后重试。", "the assessment was changed by someone else; reload and try again.")
	}
	if in.Profile != "" && in.Profile != x.Profile {
		p, err := s.profile(ctx, in.Profile)
		if err != nil {
			v.AddErr("profile", err)
		} else {
			x.Profile, x.ProfileVersion = p.Name, p.Version
		}
	}
	if err := v.Err(); err != nil {
		if in.Rev != x.Rev {
			return nil, staleRev()
		}
		return nil, err
	}
	x.Product, x.Scenarios, x.Assessor, x.Organisation = in.Product, in.Scenarios, in.Assessor, in.Organisation
	if x.Scenarios == nil {
		x.Scenarios = []Scenario{}
	}
	x.Rev++
	ae := audit.New(a, "assessment.edit", "assessment", id, fmt.Sprintf("修改风险评估第 %d 版 / assessment v%d edited", x.Version, x.Version)).
		WithChange(nil, map[string]any{"scenarios": len(x.Scenarios), "product": x.Product})
	if err := s.Store.Update(ctx, x, ae); err != nil {
		return nil, err
	}
	return x, nil
}

// Submit evaluates the assessment and sends it for approval.
func (s *Service) Submit(ctx context.Context, a risk.Actor, id risk.ID, rev int) (*Assessment, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.caseFor(ctx, a, x.CaseID); err != nil {
		return nil, err
	}
	to, err := lifecycle.Step(string(x.Status), "submit")
	if err != nil {
		return nil, err
	}
	if rev != x.Rev {
		return nil, staleRev()
	}
	p, err := s.profile(ctx, x.Profile)
	if err != nil {
		return nil, err
	}
	res, err := Evaluate(p, x.Scenarios)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	x.Status, x.Level, x.Result, x.SubmittedAt, x.ProfileVersion = Status(to), res.Level, res, &now, p.Version
	x.Rev++
	levelZh, levelEn := res.Level.Label()
	ae := audit.New(a, "assessment.submit", "assessment", id, fmt.Sprintf("提交风险评估第 %d 版，结论%s / assessment v%d submitted: %s", x.Version, levelZh, x.Version, levelEn)).
		WithChange(nil, map[string]any{"status": to, "level": res.Level})
	if err := s.Store.Update(ctx, x, ae); err != nil {
		return nil, err
	}
	return x, nil
}

// Decide approves or returns a submitted assessment. Only an approver of
// the case's department decides; a return needs a note.
func (s *Service) Decide(ctx context.Context, a risk.Actor, id risk.ID, action, note string, rev int) (*Assessment, error) {
	x, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanDecide(a, x) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有案件所属部门的审批人可以审批评估。 / Only an approver of the case's department may decide.")
	}
	if action != "approve" && action != "return" {
		return nil, risk.Invalid("action", "操作只能是 approve 或 return。", "action must be approve or return.")
	}
	to, err := lifecycle.Step(string(x.Status), action)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	v.Paragraph("note", note, MaxText, action == "return", "审批意见", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if rev != x.Rev {
		return nil, staleRev()
	}
	if action == "approve" {
		pv, err := s.panelView(ctx, x)
		if err != nil {
			return nil, err
		}
		if pv.Blocking != "" {
			zh, en := BlockingLabel(pv.Blocking)
			return nil, &risk.Error{Kind: risk.ErrConflict, Field: "panel", Message: risk.Bilingual(zh, en)}
		}
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	x.Status, x.ApproverID, x.DecisionNote, x.DecidedAt = Status(to), a.UserID, note, &now
	x.Rev++
	toZh, toEn := Status(to).Label()
	ae := audit.New(a, "assessment."+action, "assessment", id, fmt.Sprintf("风险评估第 %d 版：%s / assessment v%d: %s", x.Version, toZh, x.Version, toEn)).
		WithChange(map[string]any{"status": StatusSubmitted}, map[string]any{"status": to, "note": note})
	if err := s.Store.Update(ctx, x, ae); err != nil {
		return nil, err
	}
	return x, nil
}

// AwaitingDecision lists the submitted assessments a may decide: those of
// a's department (the system: all), oldest submission first.
func (s *Service) AwaitingDecision(ctx context.Context, a risk.Actor) ([]*Assessment, error) {
	if !risk.Can(a, risk.PermAssessmentApprove) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权审批风险评估。 / Not allowed to decide assessments.")
	}
	dept := a.Dept
	if a.System {
		dept = ""
	}
	return s.Store.Submitted(ctx, dept)
}

// Approved returns the case's approved assessment, or ErrNotFound.
func (s *Service) Approved(ctx context.Context, a risk.Actor, caseID risk.ID) (*Assessment, error) {
	all, err := s.ByCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if x.Status == StatusApproved {
			return x, nil
		}
	}
	return nil, risk.Errorf(risk.ErrNotFound, "案件尚无已批准的风险评估。 / The case has no approved assessment.")
}

// encode helpers for stores.

// MarshalScenarios encodes scenarios for storage. Scenarios are validated
// before they are stored, so an error is a bug and panics (the store's
// transaction rolls back).
func MarshalScenarios(sc []Scenario) string {
	b, err := json.Marshal(sc)
	if err != nil {
		panic(fmt.Sprintf("assess: encode scenarios: %v", err))
	}
	return string(b)
}
