package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// Blank rows offered by the assessment form beyond those filled in.
const (
	formScenarios = 3
	formSteps     = 5
)

type assessmentPage struct {
	Page
	Form
	C          *casefile.Case
	X          *assess.Assessment
	Rows       []assess.Scenario // scenarios padded with blanks for the form
	Steps      []int
	CanEdit    bool
	CanDecide  bool
	Actions    []string
	Severities []int
	// Method names the risk matrix the assessment used.
	Method string
	// Graded is the profile version the assessment is (to be) graded
	// with; Profiles the active ones a draft may choose.
	Graded   *assess.Profile
	Profiles []*assess.Profile
	// The expert panel: its state, the experts who may join it, the
	// members whose opinion the reader may record, and what the reader
	// may do.
	Panel       *assess.PanelView
	Experts     []*expert.Expert
	OpinionFor  []assess.Member
	CanPanel    bool
	CanConclude bool
	Stances     []assess.Stance
	Outcomes    []assess.Outcome
}

// Severity names a severity of harm under the graded profile version.
func (p assessmentPage) Severity(n int) string {
	if p.Graded == nil {
		return p.Page.Severity(n)
	}
	zh, en := p.Graded.Definition(n)
	return p.T(zh, en)
}

// Blocking says why approval waits for the panel, "" when it does not.
func (p assessmentPage) Blocking() string {
	if p.Panel == nil || p.Panel.Blocking == "" {
		return ""
	}
	zh, en := assess.BlockingLabel(p.Panel.Blocking)
	return p.T(zh, en)
}

// Uncertainty names an uncertainty in the page language.
func (p assessmentPage) Uncertainty(u string) string {
	zh, en := assess.UncertaintyLabel(u)
	return p.T(zh, en)
}

// assessmentLabels name the assessment form's fields; those of its
// scenarios and steps, which repeat, are named by assessmentLabel.
var assessmentLabels = labelsAll{formLabels{
	"product": {"", "产品描述", "Product"}, "assessor": {"", "评估人", "Assessor"}, "organisation": {"", "评估机构", "Organisation"},
	"scenarios": {"s0.description", "伤害情景", "Harm scenarios"}, "note": {"", "审批意见", "Note"},
}, labelFunc(assessmentLabel)}

var scenarioFieldRE = regexp.MustCompile(`^scenarios\[(\d+)\]\.(?:steps\[(\d+)\]\.)?([a-z_]+)$`)

// scenarioFields are the inputs of a scenario (s{i}.name) and of a step
// (s{i}.p{j}, s{i}.p{j}.description), by the field errors name.
var scenarioFields = map[string]fieldLabel{
	"description": {"description", "情景描述", "scenario"}, "hazard": {"hazard", "风险类型", "hazard"},
	"severity": {"severity", "伤害程度", "severity"}, "population": {"population", "受影响人群", "population"},
	"injury": {"injury", "伤害", "injury"}, "uncertainty": {"uncertainty", "不确定性", "uncertainty"},
	"notes": {"notes", "备注", "notes"}, "steps": {"p0", "步骤", "steps"},
}
var stepFields = map[string]fieldLabel{
	"probability": {"", "概率", "probability"}, "description": {".description", "步骤描述", "description"},
}

// assessmentLabel names a field of scenario i or of its step j as the form
// numbers them: "伤害情景 2 · 步骤 3 · 概率", "Harm scenario 2 · step 3 ·
// probability". The form shows the scenarios and steps as read, blank ones
// left out, so that the numbers of errors and of the form agree.
func assessmentLabel(field string) (fieldLabel, bool) {
	m := scenarioFieldRE.FindStringSubmatch(field)
	if m == nil {
		return fieldLabel{}, false
	}
	i, _ := strconv.Atoi(m[1])
	zh, en := fmt.Sprintf("伤害情景 %d · ", i+1), fmt.Sprintf("Harm scenario %d · ", i+1)
	if m[2] == "" {
		f, ok := scenarioFields[m[3]]
		if !ok {
			return fieldLabel{}, false
		}
		return fieldLabel{ID: fmt.Sprintf("s%d.%s", i, f.ID), Zh: zh + f.Zh, En: en + f.En}, true
	}
	j, _ := strconv.Atoi(m[2])
	f, ok := stepFields[m[3]]
	if !ok {
		return fieldLabel{}, false
	}
	return fieldLabel{ID: fmt.Sprintf("s%d.p%d%s", i, j, f.ID), Zh: zh + fmt.Sprintf("步骤 %d · ", j+1) + f.Zh,
		En: en + fmt.Sprintf("step %d · ", j+1) + f.En}, true
}

// StepOf returns step j of scenario sc, or a blank one.
func (p assessmentPage) StepOf(sc assess.Scenario, j int) assess.Step {
	if j < len(sc.Steps) {
		return sc.Steps[j]
	}
	return assess.Step{}
}

// ResultOf returns the evaluation of scenario i, if any.
func (p assessmentPage) ResultOf(i int) *assess.ScenarioResult {
	if p.X == nil || p.X.Result == nil || i >= len(p.X.Result.Scenarios) {
		return nil
	}
	return &p.X.Result.Scenarios[i]
}

func (s *Server) assessmentView(r *http.Request, c *casefile.Case, x *assess.Assessment) assessmentPage {
	a := actorOf(r)
	title := fmt.Sprintf("%s 风险评估", c.Number)
	p := assessmentPage{Page: s.page(r, title, c.Number+" risk assessment"), C: c, X: x, Severities: []int{1, 2, 3, 4}}
	for j := 0; j < formSteps; j++ {
		p.Steps = append(p.Steps, j)
	}
	var rows []assess.Scenario
	ctx := r.Context()
	if x != nil {
		rows = append(rows, x.Scenarios...)
		p.Actions = assess.Lifecycle().Allowed(string(x.Status))
		p.CanEdit = assess.CanEdit(a, c, x)
		p.CanDecide = x.Status == assess.StatusSubmitted && assess.CanDecide(a, x)
		if sp, err := s.Assess.ProfileAt(ctx, x.Profile, x.ProfileVersion); err == nil {
			p.Graded = sp.Profile
		} else if prof, err := s.Assess.Profile(ctx, x.Profile); err == nil {
			p.Graded = prof
		}
		if x.ID != 0 {
			s.panelView(r, &p, c, x)
		}
	} else {
		p.CanEdit = true
		if prof, err := s.Assess.Profile(ctx, ""); err == nil {
			p.Graded = prof
		}
	}
	if p.Graded != nil {
		p.Method = p.T(p.Graded.TitleZh, p.Graded.TitleEn)
		p.Severities = seq(p.Graded.Severities)
	}
	if p.CanEdit {
		p.Profiles, _ = s.Assess.ActiveProfiles(ctx)
	}
	if p.CanEdit {
		for i := 0; i < formScenarios; i++ {
			rows = append(rows, assess.Scenario{})
		}
	}
	p.Rows = rows
	return p
}

// panelView fills the panel part of an assessment's page.
func (s *Server) panelView(r *http.Request, p *assessmentPage, c *casefile.Case, x *assess.Assessment) {
	ctx, a := r.Context(), actorOf(r)
	_, pv, err := s.Assess.PanelOf(ctx, a, x.ID)
	if err != nil {
		return
	}
	p.Panel, p.Stances, p.Outcomes = pv, assess.Stances, assess.Outcomes
	open := x.Status != assess.StatusApproved && x.Status != assess.StatusSuperseded
	writes := assess.CanWrite(a, c)
	p.CanPanel = writes && open && s.Experts != nil && !pv.Done
	if p.CanPanel {
		yes := true
		all, _ := s.Experts.List(ctx, a, expert.Filter{Active: &yes})
		for _, e := range all {
			if _, on := pv.Panel.Member(e.ID); !on {
				p.Experts = append(p.Experts, e)
			}
		}
	}
	if pv.Panel != nil && x.Status == assess.StatusSubmitted && !pv.Done {
		p.CanConclude = writes
		for _, m := range pv.Panel.Members {
			if assess.CanGiveOpinion(a, &m, writes) {
				p.OpinionFor = append(p.OpinionFor, m)
			}
		}
	}
}

// scenariosFromForm reads s{i}.field and s{i}.p{j} inputs, skipping blank
// scenarios and steps.
func scenariosFromForm(r *http.Request) []assess.Scenario {
	f := r.PostForm
	var out []assess.Scenario
	for i := 0; i < assess.MaxScenarios; i++ {
		pre := fmt.Sprintf("s%d.", i)
		if _, ok := f[pre+"severity"]; !ok {
			break
		}
		sc := assess.Scenario{Description: f.Get(pre + "description"), Hazard: f.Get(pre + "hazard"), Population: f.Get(pre + "population"),
			Vulnerable: f.Get(pre+"vulnerable") != "", Injury: f.Get(pre + "injury"), Uncertainty: f.Get(pre + "uncertainty"), Notes: f.Get(pre + "notes")}
		sc.Severity, _ = strconv.Atoi(f.Get(pre + "severity"))
		for j := 0; j < assess.MaxSteps; j++ {
			sp := fmt.Sprintf("%sp%d", pre, j)
			prob, desc := strings.TrimSpace(f.Get(sp)), strings.TrimSpace(f.Get(sp+".description"))
			if _, ok := f[sp]; !ok {
				break
			}
			if prob == "" && desc == "" {
				continue
			}
			sc.Steps = append(sc.Steps, assess.Step{Description: desc, Probability: assess.Probability(prob)})
		}
		if sc.Description == "" && len(sc.Steps) == 0 && sc.Severity == 0 {
			continue
		}
		out = append(out, sc)
	}
	return out
}

func (s *Server) assessmentNew(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	c, err := s.Cases.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "assessment.html", s.assessmentView(r, c, nil))
}

func (s *Server) assessmentCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	c, err := s.Cases.Get(ctx, a, id)
	if err != nil {
		return err
	}
	in := assess.Input{Profile: r.PostForm.Get("profile"), Product: r.PostForm.Get("product"), Assessor: r.PostForm.Get("assessor"), Organisation: r.PostForm.Get("organisation"), Scenarios: scenariosFromForm(r)}
	x, err := s.Assess.Draft(ctx, a, id, in)
	if err != nil {
		p := s.assessmentView(r, c, &assess.Assessment{Status: assess.StatusDraft, Profile: in.Profile, Product: in.Product, Scenarios: in.Scenarios, Assessor: in.Assessor, Organisation: in.Organisation})
		p.X.ID = 0
		var ok bool
		if p.Form, ok = formError(p.Page, err, assessmentLabels, "edit", r.PostForm); !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "assessment.html", p)
	}
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d?saved=1", x.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) assessmentShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	x, err := s.Assess.Get(ctx, a, id)
	if err != nil {
		return err
	}
	c, err := s.Cases.Get(ctx, a, x.CaseID)
	if err != nil {
		return err
	}
	p := s.assessmentView(r, c, x)
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "assessment.html", p)
}

// assessmentAction handles edit, submit and decide.
func (s *Server) assessmentAction(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	var x *assess.Assessment
	switch r.PathValue("action") {
	case "edit", "submit":
		in := assess.Input{Profile: f.Get("profile"), Product: f.Get("product"), Assessor: f.Get("assessor"), Organisation: f.Get("organisation"), Scenarios: scenariosFromForm(r), Rev: rev}
		x, err = s.Assess.Edit(ctx, a, id, in)
		if err == nil && r.PathValue("action") == "submit" {
			x, err = s.Assess.Submit(ctx, a, id, x.Rev)
		}
		if err != nil {
			return s.assessmentRefused(w, r, id, "edit", &in, err)
		}
	case "decide":
		_, err = s.Assess.Decide(ctx, a, id, f.Get("action"), f.Get("note"), rev)
		if err != nil && f.Get("back") == "/approvals" {
			return s.approvalsRefused(w, r, fmt.Sprintf("assessment-%d", id), err)
		}
		if err != nil {
			return s.assessmentRefused(w, r, id, "decide", nil, err)
		}
	case "panel-add":
		eid, _ := risk.ParseID(f.Get("expert_id"))
		_, err = s.Assess.AddPanelist(ctx, a, id, eid)
	case "panel-opinion":
		eid, _ := risk.ParseID(f.Get("expert_id"))
		_, err = s.Assess.GiveOpinion(ctx, a, id, eid, assess.Stance(f.Get("stance")), f.Get("opinion"))
	case "panel-conclude":
		_, err = s.Assess.ConcludePanel(ctx, a, id, assess.Outcome(f.Get("outcome")), f.Get("conclusion"))
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	return s.backTo(w, r, fmt.Sprintf("/assessments/%d", id), err)
}

// assessmentRefused shows the assessment again after a refused post, with
// what was typed (in, for the edit form) and the problems marked; errors
// not about the input are served as errors.
func (s *Server) assessmentRefused(w http.ResponseWriter, r *http.Request, id risk.ID, action string, in *assess.Input, err error) error {
	ctx, a := r.Context(), actorOf(r)
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return err
	}
	cur, gerr := s.Assess.Get(ctx, a, id)
	if gerr != nil {
		return gerr
	}
	c, gerr := s.Cases.Get(ctx, a, cur.CaseID)
	if gerr != nil {
		return gerr
	}
	if in != nil {
		cur.Scenarios, cur.Product, cur.Assessor, cur.Organisation = in.Scenarios, in.Product, in.Assessor, in.Organisation
	}
	p := s.assessmentView(r, c, cur)
	p.Form, _ = formError(p.Page, err, assessmentLabels, action, r.PostForm)
	return s.render(w, r, statusOf(err), "assessment.html", p)
}
