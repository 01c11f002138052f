package assess

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// Stance is an expert's opinion of an assessment. Values are stored.
type Stance string

// Stances.
const (
	StanceAgree    Stance = "agree"    // 同意评估结论
	StanceAmend    Stance = "amend"    // 修改后同意
	StanceDisagree Stance = "disagree" // 不同意
)

var stanceLabels = risk.Labels{
	string(StanceAgree):    {"同意评估结论", "Agrees with the assessment"},
	string(StanceAmend):    {"修改后同意", "Agrees subject to changes"},
	string(StanceDisagree): {"不同意评估结论", "Disagrees with the assessment"},
}

// Label returns the stance's Chinese and English names.
func (s Stance) Label() (zh, en string) { return stanceLabels.Of(string(s)) }

// Stances lists the stances in display order.
var Stances = []Stance{StanceAgree, StanceAmend, StanceDisagree}

// Outcome is a panel's conclusion. Values are stored.
type Outcome string

// Outcomes: confirm lets the approver approve; revise means the
// assessment must be returned and changed.
const (
	OutcomeConfirm Outcome = "confirm"
	OutcomeRevise  Outcome = "revise"
)

var outcomeLabels = risk.Labels{
	string(OutcomeConfirm): {"维持评估结论", "Assessment confirmed"},
	string(OutcomeRevise):  {"需修改评估", "Assessment to be revised"},
}

// Label returns the outcome's Chinese and English names.
func (o Outcome) Label() (zh, en string) { return outcomeLabels.Of(string(o)) }

// Outcomes lists the outcomes in display order.
var Outcomes = []Outcome{OutcomeConfirm, OutcomeRevise}

// PanelMin is the smallest panel that may conclude.
const PanelMin = 2

// Member is an expert on an assessment's panel, with their opinion.
type Member struct {
	ExpertID     risk.ID      `json:"expert_id"`
	Name         string       `json:"name"`
	Field        expert.Field `json:"field"`
	Organisation string       `json:"organisation"`
	Title        string       `json:"title,omitempty"`
	UserID       risk.ID      `json:"user_id,omitempty"`
	AddedBy      risk.ID      `json:"added_by"`
	AddedAt      time.Time    `json:"added_at"`
	Stance       Stance       `json:"stance,omitempty"`
	Opinion      string       `json:"opinion,omitempty"`
	OpinionAt    *time.Time   `json:"opinion_at,omitempty"`
	RecordedBy   risk.ID      `json:"recorded_by,omitempty"` // who entered the opinion: the expert or the panel's secretary
}

// Panel is the expert review of one assessment.
type Panel struct {
	AssessmentID risk.ID    `json:"assessment_id"`
	ConvenedBy   risk.ID    `json:"convened_by"`
	ConvenedAt   time.Time  `json:"convened_at"`
	Members      []Member   `json:"members"`
	Outcome      Outcome    `json:"outcome,omitempty"`
	Conclusion   string     `json:"conclusion,omitempty"`
	ConcludedBy  risk.ID    `json:"concluded_by,omitempty"`
	ConcludedAt  *time.Time `json:"concluded_at,omitempty"`
}

// Current reports whether m's opinion was given on x as submitted (at or
// after its latest submission).
func (m Member) Current(x *Assessment) bool {
	return m.OpinionAt != nil && x.SubmittedAt != nil && !m.OpinionAt.Before(*x.SubmittedAt)
}

// Concluded reports whether the panel concluded on x as submitted: a
// conclusion before a return and resubmission no longer counts.
func (p *Panel) Concluded(x *Assessment) bool {
	return p != nil && p.ConcludedAt != nil && x.SubmittedAt != nil && !p.ConcludedAt.Before(*x.SubmittedAt)
}

// Member returns the panel's member of an expert.
func (p *Panel) Member(expertID risk.ID) (*Member, bool) {
	if p == nil {
		return nil, false
	}
	for i := range p.Members {
		if p.Members[i].ExpertID == expertID {
			return &p.Members[i], true
		}
	}
	return nil, false
}

// PanelRequired reports whether x needs its panel's conclusion before
// approval: when the profile version it was graded with names its grade
// among its panel levels, or when a panel was convened for it (an officer
// judged the case needs one). The rule is in docs/ASSESSMENT.md.
func PanelRequired(x *Assessment, graded *Profile, p *Panel) bool {
	if p != nil {
		return true
	}
	return graded != nil && x.Level != "" && graded.NeedsPanel(x.Level)
}

// Experts is what panels need of the expert register.
type Experts interface {
	Get(ctx context.Context, id risk.ID) (*expert.Expert, error)
	ByUser(ctx context.Context, userID risk.ID) (*expert.Expert, error)
}

// PanelView is an assessment's panel with what its rule requires.
type PanelView struct {
	Panel    *Panel `json:"panel"`              // nil: none convened
	Required bool   `json:"required"`           // approval waits for the panel's conclusion
	Done     bool   `json:"concluded"`          // the panel concluded on the assessment as submitted
	Blocking string `json:"blocking,omitempty"` // why approval waits, for pages ("" nothing)
}

// PanelOf returns the panel of an assessment a may see, and whether its
// approval waits for it.
func (s *Service) PanelOf(ctx context.Context, a risk.Actor, id risk.ID) (*Assessment, *PanelView, error) {
	x, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	pv, err := s.panelView(ctx, x)
	return x, pv, err
}

func (s *Service) panelView(ctx context.Context, x *Assessment) (*PanelView, error) {
	p, err := s.Store.Panel(ctx, x.ID)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	var graded *Profile
	if x.ProfileVersion > 0 {
		if sp, err := s.Store.ProfileAt(ctx, x.Profile, x.ProfileVersion); err == nil {
			graded = sp.Profile
		}
	}
	pv := &PanelView{Panel: p, Required: PanelRequired(x, graded, p), Done: p.Concluded(x)}
	if pv.Required && x.Status == StatusSubmitted && !(pv.Done && p.Outcome == OutcomeConfirm) {
		switch {
		case p == nil:
			pv.Blocking = "no_panel"
		case pv.Done:
			pv.Blocking = "revise"
		default:
			pv.Blocking = "open"
		}
	}
	return pv, nil
}

// blockingLabels say why approval waits.
var blockingLabels = risk.Labels{
	"no_panel": {"该评估结论须经专家组评审：请先组建专家组。", "This grade needs an expert panel: convene one first."},
	"open":     {"专家组尚未出具结论，暂不能批准。", "The expert panel has not concluded yet; approval waits for it."},
	"revise":   {"专家组结论为需修改评估，只能退回。", "The panel concluded the assessment must be revised; it can only be returned."},
}

// BlockingLabel names why approval waits.
func BlockingLabel(code string) (zh, en string) { return blockingLabels.Of(code) }

func isNotFound(err error) bool {
	e, ok := risk.AsError(err)
	return ok && e.Kind == risk.ErrNotFound
}

// panelTarget returns the assessment and checks that a may run its panel:
// a may write the case's assessments, and the assessment is not decided.
func (s *Service) panelTarget(ctx context.Context, a risk.Actor, id risk.ID) (*Assessment, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.caseFor(ctx, a, x.CaseID); err != nil {
		return nil, err
	}
	if x.Status == StatusApproved || x.Status == StatusSuperseded {
		zh, en := x.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "评估处于“%s”状态，专家组不能再变动。 / The assessment is %s; its panel no longer changes.", zh, en)
	}
	return x, nil
}

// AddPanelist puts an expert on the assessment's panel, convening the
// panel with the first. The expert must be active and have no conflict of
// interest on any enterprise of the case (the unified social credit codes
// of its signals); a panel that concluded on the assessment as submitted
// takes no one more.
func (s *Service) AddPanelist(ctx context.Context, a risk.Actor, id, expertID risk.ID) (*Panel, error) {
	x, err := s.panelTarget(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if s.Experts == nil {
		return nil, fmt.Errorf("assess: no expert register")
	}
	e, err := s.Experts.Get(ctx, expertID)
	if err != nil {
		if isNotFound(err) {
			return nil, risk.Invalid("expert_id", "专家库中没有该专家。", "no such expert in the register.")
		}
		return nil, err
	}
	if !e.Active {
		return nil, risk.Invalid("expert_id", fmt.Sprintf("%s 已不在专家库中（停用），不能加入专家组。", e.Name), fmt.Sprintf("%s is no longer on the register (inactive) and cannot join a panel.", e.Name))
	}
	usccs, err := s.Store.CaseEnterprises(ctx, x.CaseID)
	if err != nil {
		return nil, err
	}
	if c, ok := e.ConflictWith(usccs); ok {
		name := c.Name
		if name == "" {
			name = c.USCC
		}
		reason := ""
		if c.Reason != "" {
			reason = "（" + c.Reason + "）"
		}
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "expert_id", Message: risk.Bilingual(
			fmt.Sprintf("%s 与本案涉及的企业 %s（%s）存在利益冲突%s，不能评审本评估。", e.Name, name, c.USCC, reason),
			fmt.Sprintf("%s has a conflict of interest with %s (%s), an enterprise of this case, and cannot review this assessment.", e.Name, name, c.USCC))}
	}
	p, err := s.Store.Panel(ctx, id)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	if _, ok := p.Member(expertID); ok {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "expert_id", Message: risk.Bilingual(e.Name+" 已在专家组中。", e.Name+" is on the panel already.")}
	}
	if p.Concluded(x) {
		return nil, risk.Errorf(risk.ErrConflict, "专家组已出具结论，不能再增加专家。 / The panel has concluded; no one can join it now.")
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	m := Member{ExpertID: e.ID, AddedBy: a.UserID, AddedAt: now}
	convene := p == nil
	fzh, _ := e.Field.Label()
	ae := audit.New(a, "assessment.panel.add", "assessment", id, fmt.Sprintf("风险评估第 %d 版专家组增加 %s（%s） / expert %s added to the panel of assessment v%d", x.Version, e.Name, fzh, e.Name, x.Version)).
		WithChange(nil, map[string]any{"expert_id": e.ID, "convened": convene})
	if err := s.Store.AddPanelist(ctx, id, m, convene, ae); err != nil {
		return nil, err
	}
	return s.Store.Panel(ctx, id)
}

// CanGiveOpinion reports whether a may record member m's opinion on an
// assessment of a case a may write: the expert's own account, or the
// panel's secretary (an officer who may write the case's assessments).
func CanGiveOpinion(a risk.Actor, m *Member, writesCase bool) bool {
	return (m.UserID != 0 && m.UserID == a.UserID) || writesCase
}

// GiveOpinion records an expert's opinion on the assessment as submitted,
// replacing the expert's earlier one. The expert gives it from their own
// account, or the panel's secretary records it.
func (s *Service) GiveOpinion(ctx context.Context, a risk.Actor, id, expertID risk.ID, stance Stance, opinion string) (*Panel, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.Store.Panel(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, risk.Errorf(risk.ErrNotFound, "该评估没有专家组。 / The assessment has no panel.")
		}
		return nil, err
	}
	m, ok := p.Member(expertID)
	if !ok {
		return nil, risk.Invalid("expert_id", "该专家不在本评估的专家组中。", "the expert is not on this assessment's panel.")
	}
	writes := false
	if _, err := s.caseFor(ctx, a, x.CaseID); err == nil {
		writes = true
	}
	if !CanGiveOpinion(a, m, writes) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有该专家本人或专家组秘书（案件所属部门的风险管理人员）可以登记意见。 / Only the expert or the panel's secretary may record this opinion.")
	}
	if x.Status != StatusSubmitted {
		zh, en := x.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "评估处于“%s”状态；专家意见针对提交审批的评估。 / The assessment is %s; experts give opinions on a submitted assessment.", zh, en)
	}
	if p.Concluded(x) {
		return nil, risk.Errorf(risk.ErrConflict, "专家组已出具结论，意见不能再改。 / The panel has concluded; opinions no longer change.")
	}
	var v risk.Validation
	switch stance {
	case StanceAgree, StanceAmend, StanceDisagree:
	default:
		v.Add("stance", "请选择意见：同意、修改后同意或不同意。", "choose agree, agree subject to changes, or disagree.")
	}
	opinion = strings.TrimSpace(opinion)
	v.Paragraph("opinion", opinion, MaxText, true, "专家意见", "the opinion")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	m.Stance, m.Opinion, m.OpinionAt, m.RecordedBy = stance, opinion, &now, a.UserID
	szh, sen := stance.Label()
	ae := audit.New(a, "assessment.panel.opinion", "assessment", id, fmt.Sprintf("专家 %s 对风险评估第 %d 版的意见：%s / %s on assessment v%d: %s", m.Name, x.Version, szh, m.Name, x.Version, sen)).
		WithChange(nil, map[string]any{"expert_id": expertID, "stance": stance, "recorded_by": a.UserID})
	if err := s.Store.SaveOpinion(ctx, id, *m, ae); err != nil {
		return nil, err
	}
	return s.Store.Panel(ctx, id)
}

// ConcludePanel records the panel's conclusion on the assessment as
// submitted: at least PanelMin experts, each with an opinion on it.
func (s *Service) ConcludePanel(ctx context.Context, a risk.Actor, id risk.ID, outcome Outcome, conclusion string) (*Panel, error) {
	x, err := s.panelTarget(ctx, a, id)
	if err != nil {
		return nil, err
	}
	p, err := s.Store.Panel(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, risk.Errorf(risk.ErrConflict, "该评估尚未组建专家组。 / The assessment has no panel yet.")
		}
		return nil, err
	}
	if x.Status != StatusSubmitted {
		zh, en := x.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "评估处于“%s”状态；专家组对提交审批的评估出具结论。 / The assessment is %s; the panel concludes on a submitted assessment.", zh, en)
	}
	if p.Concluded(x) {
		return nil, risk.Errorf(risk.ErrConflict, "专家组已出具结论。 / The panel has concluded already.")
	}
	var v risk.Validation
	if len(p.Members) < PanelMin {
		v.Add("members", fmt.Sprintf("专家组至少需要 %d 名专家。", PanelMin), fmt.Sprintf("a panel needs at least %d experts.", PanelMin))
	}
	var missing []string
	for _, m := range p.Members {
		if !m.Current(x) {
			missing = append(missing, m.Name)
		}
	}
	if len(missing) > 0 {
		v.Add("members", "以下专家尚未对本次提交的评估发表意见："+strings.Join(missing, "、")+"。", "these experts have not given their opinion on the assessment as submitted: "+strings.Join(missing, ", ")+".")
	}
	switch outcome {
	case OutcomeConfirm, OutcomeRevise:
	default:
		v.Add("outcome", "请选择专家组结论：维持评估结论或需修改评估。", "choose the panel's outcome: confirm or revise.")
	}
	conclusion = strings.TrimSpace(conclusion)
	v.Paragraph("conclusion", conclusion, MaxText, true, "专家组结论", "the conclusion")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	p.Outcome, p.Conclusion, p.ConcludedBy, p.ConcludedAt = outcome, conclusion, a.UserID, &now
	ozh, oen := outcome.Label()
	ae := audit.New(a, "assessment.panel.conclude", "assessment", id, fmt.Sprintf("风险评估第 %d 版专家组结论：%s / panel on assessment v%d: %s", x.Version, ozh, x.Version, oen)).
		WithChange(nil, map[string]any{"outcome": outcome, "members": len(p.Members)})
	if err := s.Store.ConcludePanel(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// ReviewQueue counts the submitted assessments whose panel waits for the
// opinion of a's expert entry (0 when a is no expert).
func (s *Service) ReviewQueue(ctx context.Context, a risk.Actor) (int, error) {
	xs, err := s.PendingReviews(ctx, a)
	return len(xs), err
}

// PendingReviews lists the submitted assessments on whose panel a's
// expert entry sits without an opinion on them as submitted, oldest
// submission first.
func (s *Service) PendingReviews(ctx context.Context, a risk.Actor) ([]*Assessment, error) {
	if s.Experts == nil || a.UserID == 0 {
		return nil, nil
	}
	e, err := s.Experts.ByUser(ctx, a.UserID)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return s.Store.PendingReviews(ctx, e.ID)
}
