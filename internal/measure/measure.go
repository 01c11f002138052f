// Package measure is the rapid response (快速反应措施, seed task 10): the
// measures that put a warning into effect — bans, detention, recalls,
// raised inspection ratios and so on — each with a lead department and
// supporting ones, compulsory or voluntary, a scope within the warning's,
// a start, an end or "until lifted", a deadline and an effect metric.
//
// A measure moves planned → in force → completed, or is lifted; lifting a
// warning lifts its measures unless one is kept. Destruction by
// incineration or landfill cannot enter force before a consultation with
// the ecology-environment department (省生态环境厅) is recorded.
package measure

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/credit"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// Status of a measure. Values are stored.
type Status string

// Statuses.
const (
	StatusPlanned   Status = "planned"
	StatusInForce   Status = "in_force"
	StatusCompleted Status = "completed"
	StatusLifted    Status = "lifted"
)

var statusLabels = risk.Labels{
	string(StatusPlanned):   {"拟实施", "Planned"},
	string(StatusInForce):   {"实施中", "In force"},
	string(StatusCompleted): {"已完成", "Completed"},
	string(StatusLifted):    {"已解除", "Lifted"},
}

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// actionLabels name the lifecycle's actions in its messages.
var actionLabels = risk.Labels{"enforce": {"生效", "enforce"}, "complete": {"完成", "complete"}, "lift": {"解除", "lift"}}

var lifecycle = risk.Machine{Name: "措施 measure", StateNames: statusLabels, ActionNames: actionLabels, Next: map[string]map[string]string{
	string(StatusPlanned): {"enforce": string(StatusInForce), "lift": string(StatusLifted)},
	string(StatusInForce): {"complete": string(StatusCompleted), "lift": string(StatusLifted)},
}}

// Lifecycle is the measure state machine.
func Lifecycle() risk.Machine { return lifecycle }

// Limits on a measure's texts, in characters (the forms' maxlength).
const (
	MaxNote         = 2000 // a note, a consultation's opinion
	MaxRef          = 100  // a consultation's document reference
	MaxEffectMetric = 200
)

// EnvDept is the department consulted before destruction.
const EnvDept = "hn-ecoenv"

// Consultation records the ecology-environment department's opinion.
type Consultation struct {
	At      time.Time `json:"at"`
	Dept    string    `json:"dept"`
	Ref     string    `json:"ref"`     // its document reference
	Opinion string    `json:"opinion"` // what it said
	By      string    `json:"by"`      // who recorded it
}

// Acceptance is a measure's rule for accepted third-party reports (采信):
// a line covered by a valid report of an accepted laboratory for every one
// of TestItems is decided Decision instead of the measure's own decision,
// unless the report was drawn for a cross-check that has not been made.
type Acceptance struct {
	TestItems []string `json:"test_items"`
	Decision  string   `json:"decision"` // a screening decision lighter than the measure's
}

// DecisionName is the decision on accepted reports in words.
func (c *Acceptance) DecisionName() risk.Labeled { return screening.Decision(c.Decision) }

// MaxAcceptanceItems bounds the test items an acceptance rule names.
const MaxAcceptanceItems = 20

// check normalises the rule and records problems under prefix
// "acceptance."; decision is the measure type's port decision ("" when the
// type does not act at the port).
func (c *Acceptance) check(decision string, prefix string, v *risk.Validation) {
	f := prefix + "acceptance."
	own, acts := screening.ParseDecision(decision)
	if !acts || (own != screening.Inspect && own != screening.LabTest) {
		v.Add(f+"decision", "只有查验或抽样检测类措施可以采信第三方检测报告。", "only inspection and laboratory-test measures may accept third-party reports.")
		return
	}
	d, ok := screening.ParseDecision(strings.TrimSpace(c.Decision))
	if !ok || d.Rank() >= own.Rank() {
		zh, en := own.Label()
		v.Add(f+"decision", "采信后的处置须轻于措施本身的处置（"+zh+"）。", "the decision on accepted reports must be lighter than the measure's own ("+en+").")
	}
	c.Decision = string(d)
	var items []string
	seen := map[string]bool{}
	for i, x := range c.TestItems {
		x = strings.TrimSpace(x)
		if x == "" || len([]rune(x)) > 100 {
			v.Add(fmt.Sprintf("%stest_items[%d]", f, i), "检测项目须为 1–100 个字符。", "a test item must be 1–100 characters.")
			continue
		}
		if !seen[x] {
			seen[x] = true
			items = append(items, x)
		}
	}
	switch {
	case len(items) == 0 && len(c.TestItems) == 0:
		v.Add(f+"test_items", "请列出报告须覆盖的检测项目。", "name the test items a report must cover.")
	case len(items) > MaxAcceptanceItems:
		v.Add(f+"test_items", fmt.Sprintf("最多 %d 项。", MaxAcceptanceItems), fmt.Sprintf("at most %d test items.", MaxAcceptanceItems))
	}
	c.TestItems = items
}

// Measure is one rapid-response measure of a warning.
type Measure struct {
	ID        risk.ID `json:"id"`
	WarningID risk.ID `json:"warning_id"`
	// WarningNumber is the warning's 文号 ("" until it is issued).
	WarningNumber string        `json:"warning_number,omitempty"`
	CaseID        risk.ID       `json:"case_id"`
	Type          string        `json:"type"` // measures catalogue code
	Compulsory    bool          `json:"compulsory"`
	Lead          string        `json:"lead"`
	Supporting    []string      `json:"supporting"`
	Scope         warning.Scope `json:"scope"`
	Rate          float64       `json:"rate,omitempty"` // inspection or test ratio, 0..1, where the type has one
	Method        string        `json:"method,omitempty"`
	// Acceptance, when set, lets an accepted third-party report (采信)
	// covering the test items it names lighten the measure's decision at
	// the port (issue 17, docs/LABS.md).
	Acceptance   *Acceptance   `json:"acceptance,omitempty"`
	StartsAt     time.Time     `json:"starts_at"`
	EndsAt       *time.Time    `json:"ends_at,omitempty"` // nil: until lifted
	Deadline     *time.Time    `json:"deadline,omitempty"`
	EffectMetric string        `json:"effect_metric"`
	Note         string        `json:"note,omitempty"`
	Keep         bool          `json:"keep"` // stays in force when the warning is lifted
	Status       Status        `json:"status"`
	Consultation *Consultation `json:"consultation,omitempty"`
	CreatedBy    string        `json:"created_by"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	Rev          int           `json:"rev"`
}

// Overdue reports whether the deadline has passed with the measure open.
func (m *Measure) Overdue(now time.Time) bool {
	return m.Deadline != nil && now.After(*m.Deadline) && (m.Status == StatusPlanned || m.Status == StatusInForce)
}

// Item is one measure of a default bundle.
type Item struct {
	Type         string  `json:"type"`
	Rate         float64 `json:"rate,omitempty"`
	EffectMetric string  `json:"effect_metric,omitempty"`
}

// Bundles are the default measures per grade, as data.
type Bundles struct {
	Version int                   `json:"version"`
	Note    string                `json:"note,omitempty"`
	Bundles map[risk.Grade][]Item `json:"bundles"`
}

//go:embed bundles.json
var defaultBundles []byte

// DefaultBundles returns the shipped bundles.
func DefaultBundles() (*Bundles, error) {
	var b Bundles
	if err := json.Unmarshal(defaultBundles, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// Check validates bundles against the measures catalogue.
func (b *Bundles) Check(types map[string]catalog.Entry) error {
	var v risk.Validation
	for g, items := range b.Bundles {
		if _, err := risk.ParseGrade(string(g)); err != nil {
			v.Add("bundles", "等级 "+string(g)+" 无效。", "invalid grade "+string(g)+".")
		}
		for i, it := range items {
			if _, ok := types[it.Type]; !ok {
				v.Add(fmt.Sprintf("bundles.%s[%d].type", g, i), "措施类型 "+it.Type+" 不在目录中。", "unknown measure type "+it.Type+".")
			}
			if it.Rate < 0 || it.Rate > 1 {
				v.Add(fmt.Sprintf("bundles.%s[%d].rate", g, i), "比例须在 0–1 之间。", "rate must be 0–1.")
			}
		}
	}
	return v.Err()
}

// Filter selects measures.
type Filter struct {
	WarningID  risk.ID
	WarningIDs []risk.ID // any of these warnings
	CaseID     risk.ID
	Dept       string // lead or supporting
	Open       bool   // planned or in force only
	Limit      int
}

// Store is the persistence of measures.
type Store interface {
	Bundles(ctx context.Context) (*Bundles, error)
	SaveBundles(ctx context.Context, b *Bundles, ae audit.Entry) error
	Create(ctx context.Context, ms []*Measure, entries []audit.Entry) error
	// Update writes m if the stored revision is m.Rev-1, with the credit
	// effects of a credit adjustment entering force, in one transaction.
	Update(ctx context.Context, m *Measure, ae audit.Entry, fx ...credit.Effect) error
	Get(ctx context.Context, id risk.ID) (*Measure, error)
	List(ctx context.Context, f Filter) ([]*Measure, error)
}

// Warnings is what measures need of warnings.
type Warnings interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*warning.Warning, error)
	// Lookup reads a warning without a visibility check.
	Lookup(ctx context.Context, id risk.ID) (*warning.Warning, error)
}

// Credit works out the credit events a measure raises (credit.Service.Plan).
type Credit interface {
	Plan(ctx context.Context, a risk.Actor, ins []credit.EventInput) ([]credit.Effect, error)
	Rules(ctx context.Context) (*credit.Rules, error)
}

// Service plans and runs measures.
type Service struct {
	Store    Store
	Warnings Warnings
	// Credit raises the credit events of 调整信用等级 when it enters force;
	// nil refuses to enforce one (nothing would change).
	Credit Credit
	Sets   *catalog.Sets
	Now    func() time.Time

	once  sync.Once
	types map[string]catalog.Entry
}

// Types returns the measures catalogue by code.
func (s *Service) Types() map[string]catalog.Entry {
	s.once.Do(func() {
		s.types = map[string]catalog.Entry{}
		if t, err := catalog.BuiltinTable("measures"); err == nil {
			for _, e := range t.Entries {
				s.types[e.Code] = e
			}
		}
	})
	return s.types
}

// SeedBundles stores the default bundles when none are stored.
func SeedBundles(ctx context.Context, s Store) error {
	if _, err := s.Bundles(ctx); err == nil {
		return nil
	}
	b, err := DefaultBundles()
	if err != nil {
		return err
	}
	return s.SaveBundles(ctx, b, audit.New(risk.System, "measure.bundles", "measure_bundles", 0, "载入默认措施组合 / default measure bundles loaded"))
}

// Input is a measure as planned.
type Input struct {
	Type         string        `json:"type"`
	Compulsory   *bool         `json:"compulsory"` // default from the catalogue
	Lead         string        `json:"lead"`       // default the warning's department
	Supporting   []string      `json:"supporting"`
	Scope        warning.Scope `json:"scope"` // empty: the warning's
	Rate         float64       `json:"rate"`
	Method       string        `json:"method"` // for destruction: incineration or landfill
	Acceptance   *Acceptance   `json:"acceptance,omitempty"`
	StartsAt     time.Time     `json:"starts_at"`
	EndsAt       *time.Time    `json:"ends_at"`
	Deadline     *time.Time    `json:"deadline"`
	EffectMetric string        `json:"effect_metric"`
	Note         string        `json:"note"`
	Keep         bool          `json:"keep"`
	Rev          int           `json:"rev"`
	// Basis says, in the audit entry, what the measure was planned from
	// ("中文 / English"), such as a trace (trace.Service.PlanMeasure).
	Basis string `json:"-"`
}

// CanRun reports whether a may plan and run the measures of w: measure
// writers of the issuing department, administrators and the system.
func CanRun(a risk.Actor, w *warning.Warning) bool {
	return risk.Can(a, risk.PermMeasureWrite) && (a.SeesAll() || a.Dept == w.Dept)
}

// within checks that a measure's scope narrows the warning's: every value
// it sets lies inside the warning's values for that field (HS prefixes
// under one of the warning's prefixes). Fields it leaves empty take the
// warning's.
func within(ms *warning.Scope, ws warning.Scope, v *risk.Validation, prefix string) {
	type field struct {
		name string
		m    *[]string
		w    []string
		hs   bool
	}
	for _, f := range []field{{"hs_prefixes", &ms.HSPrefixes, ws.HSPrefixes, true}, {"countries", &ms.Countries, ws.Countries, false},
		{"usccs", &ms.USCCs, ws.USCCs, false}, {"brands", &ms.Brands, ws.Brands, false}, {"models", &ms.Models, ws.Models, false},
		{"gtins", &ms.GTINs, ws.GTINs, false}, {"batches", &ms.Batches, ws.Batches, false}, {"keywords", &ms.Keywords, ws.Keywords, false},
		{"manufacturers", &ms.Makers, ws.Makers, false},
		{"ports", &ms.Ports, ws.Ports, false}, {"trade_modes", &ms.TradeModes, ws.TradeModes, false}} {
		if len(*f.m) == 0 {
			*f.m = append([]string(nil), f.w...)
			continue
		}
		if len(f.w) == 0 {
			continue // the warning does not restrict this field: any narrowing is inside it
		}
		for i, x := range *f.m {
			ok := false
			for _, y := range f.w {
				if x == y || (f.hs && strings.HasPrefix(x, y)) {
					ok = true
					break
				}
			}
			if !ok {
				v.Add(fmt.Sprintf("%sscope.%s[%d]", prefix, f.name, i), "措施范围不能超出预警范围："+x+"。", "a measure's scope must lie within the warning's: "+x+".")
			}
		}
	}
}

func (s *Service) build(w *warning.Warning, in Input, prefix string, v *risk.Validation) *Measure {
	t, ok := s.Types()[in.Type]
	if !ok {
		v.Add(prefix+"type", "措施类型 "+in.Type+" 不在目录中。", "unknown measure type "+in.Type+".")
	}
	m := &Measure{WarningID: w.ID, CaseID: w.CaseID, Type: in.Type, Lead: in.Lead, Supporting: in.Supporting, Scope: in.Scope,
		Rate: in.Rate, Method: strings.TrimSpace(in.Method), StartsAt: in.StartsAt, EndsAt: in.EndsAt, Deadline: in.Deadline,
		EffectMetric: strings.TrimSpace(in.EffectMetric), Note: strings.TrimSpace(in.Note), Keep: in.Keep, Status: StatusPlanned, Rev: 1}
	if in.Acceptance != nil {
		acc := *in.Acceptance
		acc.TestItems = slices.Clone(acc.TestItems)
		acc.check(t.Attrs["screening"], prefix, v)
		m.Acceptance = &acc
	}
	m.Compulsory = t.Attrs["compulsory"] == "true"
	if in.Compulsory != nil {
		m.Compulsory = *in.Compulsory
	}
	if m.Lead == "" {
		m.Lead = w.Dept
	}
	if !s.Sets.Depts[m.Lead] {
		v.Add(prefix+"lead", "牵头部门 "+m.Lead+" 无效。", "unknown lead department "+m.Lead+".")
	}
	seen := map[string]bool{m.Lead: true}
	var sup []string
	for i, d := range m.Supporting {
		if !s.Sets.Depts[d] {
			v.Add(fmt.Sprintf("%ssupporting[%d]", prefix, i), "配合部门 "+d+" 无效。", "unknown department "+d+".")
		} else if !seen[d] {
			seen[d] = true
			sup = append(sup, d)
		}
	}
	m.Supporting = sup
	if m.Supporting == nil {
		m.Supporting = []string{}
	}
	m.Scope.Check(s.Sets, prefix, v)
	within(&m.Scope, w.Scope, v, prefix)
	if !(m.Rate >= 0 && m.Rate <= 1) { // also refuses NaN
		v.Add(prefix+"rate", "比例须在 0–1 之间。", "the rate must be between 0 and 1.")
	}
	if ok && t.Attrs["env_consult"] == "true" && m.Method != "incineration" && m.Method != "landfill" && m.Method != "other" {
		v.Add(prefix+"method", "请选择销毁方式：焚烧、填埋或其他。", "choose the destruction method: incineration, landfill or other.")
	}
	v.Text(prefix+"effect_metric", m.EffectMetric, MaxEffectMetric, false, "效果指标", "the effect metric")
	v.Paragraph(prefix+"note", m.Note, MaxNote, false, "备注", "the note")
	if m.StartsAt.IsZero() {
		m.StartsAt = w.StartsAt
	}
	m.StartsAt = m.StartsAt.UTC().Truncate(time.Second)
	for _, t := range []struct {
		name, zh, en string
		p            **time.Time
	}{{"ends_at", "结束时间", "the end", &m.EndsAt}, {"deadline", "期限", "the deadline", &m.Deadline}} {
		if *t.p == nil {
			continue
		}
		u := (*t.p).UTC().Truncate(time.Second)
		*t.p = &u
		if !u.After(m.StartsAt) {
			v.Add(prefix+t.name, t.zh+"须晚于开始时间。", t.en+" must be after the start.")
		}
	}
	return m
}

// Propose returns the default bundle for the warning's grade, not saved.
func (s *Service) Propose(ctx context.Context, a risk.Actor, warningID risk.ID) ([]Input, error) {
	if !risk.Can(a, risk.PermMeasureWrite) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权安排措施。 / Not allowed to plan measures.")
	}
	w, err := s.Warnings.Get(ctx, a, warningID)
	if err != nil {
		return nil, err
	}
	b, err := s.Store.Bundles(ctx)
	if err != nil {
		return nil, err
	}
	var out []Input
	for _, it := range b.Bundles[w.Grade] {
		out = append(out, Input{Type: it.Type, Rate: it.Rate, EffectMetric: it.EffectMetric, Lead: w.Dept, StartsAt: w.StartsAt})
	}
	return out, nil
}

// Plan adds measures to a warning that is not yet ended. All are valid
// and stored, or none is.
func (s *Service) Plan(ctx context.Context, a risk.Actor, warningID risk.ID, ins []Input) ([]*Measure, error) {
	w, err := s.Warnings.Get(ctx, a, warningID)
	if err != nil {
		return nil, err
	}
	if !CanRun(a, w) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有预警签发部门的风险管理人员可以安排措施。 / Only risk officers of the issuing department may plan measures.")
	}
	if w.Status == warning.StatusLifted || w.Status == warning.StatusExpired {
		return nil, risk.Errorf(risk.ErrConflict, "预警已结束，不能再安排措施。 / The warning has ended.")
	}
	if len(ins) == 0 || len(ins) > 50 {
		return nil, risk.Invalid("items", "一次安排 1–50 项措施。", "plan 1–50 measures at a time.")
	}
	var v risk.Validation
	ms := make([]*Measure, len(ins))
	entries := make([]audit.Entry, len(ins))
	for i, in := range ins {
		prefix := ""
		if len(ins) > 1 {
			prefix = fmt.Sprintf("items[%d].", i)
		}
		m := s.build(w, in, prefix, &v)
		m.CreatedBy = a.Label()
		ms[i] = m
		typeZh, typeEn := catalog.Label("measures", m.Type)
		summary := fmt.Sprintf("预警 %d 安排措施：%s / measure planned: %s", w.ID, typeZh, typeEn)
		change := map[string]any{"warning_id": w.ID, "type": m.Type, "lead": m.Lead, "rate": m.Rate}
		if in.Basis != "" {
			summary += " — " + in.Basis
			change["scope"] = m.Scope
		}
		entries[i] = audit.New(a, "measure.plan", "measure", 0, summary).WithChange(nil, change)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, ms, entries); err != nil {
		return nil, err
	}
	return ms, nil
}

// Get returns a measure whose warning a may see.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Measure, error) {
	m, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Warnings.Get(ctx, a, m.WarningID); err != nil && !involved(a, m) {
		return nil, risk.Errorf(risk.ErrNotFound, "措施不存在。 / No such measure.")
	}
	return m, nil
}

func involved(a risk.Actor, m *Measure) bool {
	if !a.IsOfficial() {
		return false
	}
	if m.Lead == a.Dept {
		return true
	}
	for _, d := range m.Supporting {
		if d == a.Dept {
			return true
		}
	}
	return false
}

// OfWarning lists a warning's measures, to officials who may see the warning.
func (s *Service) OfWarning(ctx context.Context, a risk.Actor, warningID risk.ID) ([]*Measure, error) {
	if !a.IsOfficial() {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看措施。 / Not allowed to read measures.")
	}
	if _, err := s.Warnings.Get(ctx, a, warningID); err != nil {
		return nil, err
	}
	return s.Store.List(ctx, Filter{WarningID: warningID, Limit: 500})
}

// Public lists the measures of an issued 公告 for anyone, without the
// internal notes, consultation record and author (risk.ErrNotFound for any
// other warning): those in force, completed or lifted — never a planned
// one, which the public would read as taken.
func (s *Service) Public(ctx context.Context, warningID risk.ID) ([]*Measure, error) {
	w, err := s.Warnings.Lookup(ctx, warningID)
	if err != nil {
		return nil, err
	}
	if w.Class != warning.ClassAnnouncement || w.IssuedAt == nil || w.Status == warning.StatusReferred {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该公告。 / No such announcement.")
	}
	ms, err := s.Store.List(ctx, Filter{WarningID: warningID, Limit: 500})
	if err != nil {
		return nil, err
	}
	return publicOnly(ms), nil
}

// PublicOf is Public for many announcements at once (the portal's list of
// recalls), by warning id; warnings that are not issued 公告 have none.
func (s *Service) PublicOf(ctx context.Context, ws []*warning.Warning) (map[risk.ID][]*Measure, error) {
	var ids []risk.ID
	for _, w := range ws {
		if w.Class == warning.ClassAnnouncement && w.IssuedAt != nil && w.Status != warning.StatusReferred {
			ids = append(ids, w.ID)
		}
	}
	out := make(map[risk.ID][]*Measure, len(ids))
	const chunk = 500 // parameters a query
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		ms, err := s.Store.List(ctx, Filter{WarningIDs: ids[:n]})
		if err != nil {
			return nil, err
		}
		for _, m := range publicOnly(ms) {
			out[m.WarningID] = append(out[m.WarningID], m)
		}
		ids = ids[n:]
	}
	return out, nil
}

// publicOnly drops planned measures, which the public would read as
// taken, and blanks what is internal: notes, the consultation record, the
// author and the method.
func publicOnly(ms []*Measure) []*Measure {
	out := ms[:0]
	for _, m := range ms {
		if m.Status == StatusPlanned {
			continue
		}
		c := *m
		c.Note, c.Consultation, c.CreatedBy, c.Method = "", nil, "", ""
		out = append(out, &c)
	}
	return out
}

// OfCase lists the measures of a case's warnings that a may see.
func (s *Service) OfCase(ctx context.Context, a risk.Actor, caseID risk.ID) ([]*Measure, error) {
	all, err := s.Store.List(ctx, Filter{CaseID: caseID, Limit: 500})
	if err != nil {
		return nil, err
	}
	var out []*Measure
	seen := map[risk.ID]bool{}
	for _, m := range all {
		ok, known := seen[m.WarningID]
		if !known {
			_, err := s.Warnings.Get(ctx, a, m.WarningID)
			ok = err == nil
			seen[m.WarningID] = ok
		}
		if ok || involved(a, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Tasks lists the open measures a's department leads or supports.
func (s *Service) Tasks(ctx context.Context, a risk.Actor) ([]*Measure, error) {
	if !a.IsOfficial() || a.Dept == "" {
		return nil, risk.Errorf(risk.ErrForbidden, "只有政府部门用户有任务。 / Only department users have tasks.")
	}
	return s.Store.List(ctx, Filter{Dept: a.Dept, Open: true, Limit: 500})
}

// Act moves a measure: enforce, complete, lift. Enforcing needs the warning
// in force (issued, or referred for grade I) and, for destruction, a
// recorded consultation with the ecology-environment department.
func (s *Service) Act(ctx context.Context, a risk.Actor, id risk.ID, action, note string, rev int) (*Measure, error) {
	m, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	w, err := s.Warnings.Get(ctx, a, m.WarningID)
	if err != nil {
		if !involved(a, m) {
			return nil, err
		}
		if w, err = s.Warnings.Lookup(ctx, m.WarningID); err != nil {
			return nil, err
		}
	}
	lead := risk.Can(a, risk.PermMeasureWrite) && (a.SeesAll() || a.Dept == m.Lead || (w != nil && a.Dept == w.Dept))
	if !lead {
		return nil, risk.Errorf(risk.ErrForbidden, "只有牵头部门或签发部门可以办理该措施。 / Only the lead or issuing department may act on this measure.")
	}
	to, err := lifecycle.Step(string(m.Status), action)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	v.Paragraph("note", note, MaxNote, action == "lift", "说明", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if action == "enforce" {
		if w == nil || !w.Status.Active() {
			return nil, risk.Errorf(risk.ErrConflict, "预警尚未发布（或已报送国家主管部门），措施不能生效。 / The warning is not in force yet.")
		}
		if s.Types()[m.Type].Attrs["env_consult"] == "true" && m.Consultation == nil {
			return nil, &risk.Error{Kind: risk.ErrConflict, Field: "consultation",
				Message: risk.Bilingual("销毁（焚烧或填埋）须先记录与省生态环境厅的会商意见。", "destruction by incineration or landfill needs a recorded consultation with the ecology-environment department first.")}
		}
	}
	if rev != m.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("措施已被他人修改，请刷新后重试。", "the measure was changed by someone else; reload and try again.")}
	}
	var fx []credit.Effect
	if action == "enforce" && s.Types()[m.Type].Attrs["credit"] == "event" {
		if fx, err = s.creditEvents(ctx, a, m, w); err != nil {
			return nil, err
		}
	}
	from := m.Status
	m.Status = Status(to)
	if note != "" {
		m.Note = strings.TrimSpace(note)
	}
	m.Rev++
	typeZh, typeEn := catalog.Label("measures", m.Type)
	fromZh, fromEn := from.Label()
	toZh, toEn := Status(to).Label()
	ae := audit.New(a, "measure."+action, "measure", id, fmt.Sprintf("措施 %s：%s → %s / measure %s: %s → %s", typeZh, fromZh, toZh, typeEn, fromEn, toEn)).
		WithChange(map[string]any{"status": from}, map[string]any{"status": to, "note": note})
	if err := s.Store.Update(ctx, m, ae, fx...); err != nil {
		return nil, err
	}
	return m, nil
}

// creditEvents are the events a credit adjustment raises as it enters
// force: one a firm of its scope, of the severity the credit rules give
// the warning's grade, citing the warning.
func (s *Service) creditEvents(ctx context.Context, a risk.Actor, m *Measure, w *warning.Warning) ([]credit.Effect, error) {
	if len(m.Scope.USCCs) == 0 {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "scope.usccs",
			Message: risk.Bilingual("调整信用等级须在措施范围中指明企业（统一社会信用代码）。", "a credit adjustment must name its firms (USCCs) in its scope.")}
	}
	if s.Credit == nil {
		return nil, risk.Errorf(risk.ErrConflict, "信用服务不可用，不能调整信用等级。 / Credit is not available here.")
	}
	r, err := s.Credit.Rules(ctx)
	if err != nil {
		return nil, err
	}
	ref := w.Number
	if ref == "" {
		ref = w.Title
	}
	day := credit.Today(s.Now())
	ins := make([]credit.EventInput, 0, len(m.Scope.USCCs))
	for _, u := range m.Scope.USCCs {
		ins = append(ins, credit.EventInput{EnterpriseUSCC: u, Kind: "warning-measure", Severity: r.MeasureSeverity[w.Grade], OccurredOn: day,
			Reference: ref, Note: m.Note, Source: credit.FromMeasure, SourceID: m.ID})
	}
	return s.Credit.Plan(ctx, a, ins)
}

// Consult records the ecology-environment department's opinion on a
// destruction measure.
func (s *Service) Consult(ctx context.Context, a risk.Actor, id risk.ID, c Consultation, rev int) (*Measure, error) {
	m, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	w, err := s.Warnings.Get(ctx, a, m.WarningID)
	if err != nil {
		if !involved(a, m) {
			return nil, err
		}
		if w, err = s.Warnings.Lookup(ctx, m.WarningID); err != nil {
			return nil, err
		}
	}
	allowed := risk.Can(a, risk.PermMeasureWrite) && (a.Dept == m.Lead || a.Dept == EnvDept || (w != nil && a.Dept == w.Dept) || a.Role == risk.RoleAdmin)
	if !allowed {
		return nil, risk.Errorf(risk.ErrForbidden, "无权记录会商意见。 / Not allowed to record the consultation.")
	}
	if s.Types()[m.Type].Attrs["env_consult"] != "true" {
		return nil, risk.Invalid("type", "该措施不需要生态环境会商。", "this measure needs no environmental consultation.")
	}
	var v risk.Validation
	v.Text("ref", c.Ref, MaxRef, true, "会商文号", "the consultation reference")
	v.Paragraph("opinion", c.Opinion, MaxNote, true, "会商意见", "the opinion")
	if c.At.IsZero() {
		c.At = s.Now()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if rev != m.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("措施已被他人修改，请刷新后重试。", "the measure was changed by someone else; reload and try again.")}
	}
	c.Dept, c.By, c.At = EnvDept, a.Label(), c.At.UTC().Truncate(time.Second)
	m.Consultation = &c
	m.Rev++
	ae := audit.New(a, "measure.consult", "measure", id, "记录生态环境会商意见 "+c.Ref+" / environmental consultation recorded").WithChange(nil, c)
	if err := s.Store.Update(ctx, m, ae); err != nil {
		return nil, err
	}
	return m, nil
}

// Bundles returns the default bundles.
func (s *Service) Bundles(ctx context.Context) (*Bundles, error) { return s.Store.Bundles(ctx) }

// SetBundles stores a new version of the default bundles (administrators).
func (s *Service) SetBundles(ctx context.Context, a risk.Actor, b Bundles) (*Bundles, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以修改默认措施组合。 / Only administrators may change the default bundles.")
	}
	if err := b.Check(s.Types()); err != nil {
		return nil, err
	}
	cur, err := s.Store.Bundles(ctx)
	if err != nil {
		return nil, err
	}
	b.Version = cur.Version + 1
	ae := audit.New(a, "measure.bundles", "measure_bundles", 0, fmt.Sprintf("默认措施组合第 %d 版 / measure bundles v%d", b.Version, b.Version)).WithChange(cur, b)
	if err := s.Store.SaveBundles(ctx, &b, ae); err != nil {
		return nil, err
	}
	return &b, nil
}

// EndWith returns the measures of w that end with it, now that it has
// ended (lifted or expired): its open ones not kept explicitly, lifted
// through the measure lifecycle, each with its audit entry by the actor of
// by. It implements warning.Measures; each measure's revision, checked when
// the warning's end is written, guards what it read.
func (s *Service) EndWith(ctx context.Context, w *warning.Warning, by audit.Entry) ([]warning.MeasureEnd, error) {
	ms, err := s.Store.List(ctx, Filter{WarningID: w.ID, Open: true})
	if err != nil {
		return nil, fmt.Errorf("measures of warning %d: %w", w.ID, err)
	}
	return EndWith(w.ID, ms, by)
}

var _ warning.Measures = (*Service)(nil)

// EndWith lifts, through the lifecycle, the measures of warning id that
// are open and not kept explicitly; each gets an audit entry naming it in
// words, by the actor of by.
func EndWith(id risk.ID, ms []*Measure, by audit.Entry) ([]warning.MeasureEnd, error) {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b *Measure) int { return cmp.Compare(a.ID, b.ID) })
	var out []warning.MeasureEnd
	for _, m := range ms {
		if m.Keep || (m.Status != StatusPlanned && m.Status != StatusInForce) {
			continue
		}
		to, err := lifecycle.Step(string(m.Status), "lift")
		if err != nil {
			return nil, err
		}
		zh, en := catalog.Label("measures", m.Type)
		e := audit.Entry{Actor: by.Actor, ActorID: by.ActorID, Dept: by.Dept, Action: "measure.lift", Entity: "measure", EntityID: m.ID,
			Summary: fmt.Sprintf("预警 %d 结束，措施“%s”随之解除 / measure “%s” lifted with warning %d", id, zh, en, id)}
		out = append(out, warning.MeasureEnd{ID: m.ID, Rev: m.Rev, Status: to, Audit: e})
	}
	return out, nil
}

// Lift works out the lifting of m alone through the lifecycle, as its lead
// department lifts it, for a reason the caller gives in words: by records
// who decided it (a petition accepted). A measure no longer open cannot be
// lifted (risk.ErrConflict). The revision guards what was read.
func Lift(m *Measure, by audit.Entry, whyZh, whyEn string) (warning.MeasureEnd, error) {
	to, err := lifecycle.Step(string(m.Status), "lift")
	if err != nil {
		return warning.MeasureEnd{}, err
	}
	zh, en := catalog.Label("measures", m.Type)
	e := audit.Entry{Actor: by.Actor, ActorID: by.ActorID, Dept: by.Dept, Action: "measure.lift", Entity: "measure", EntityID: m.ID,
		Summary: fmt.Sprintf("措施“%s”解除：%s / measure “%s” lifted: %s", zh, whyZh, en, whyEn)}
	return warning.MeasureEnd{ID: m.ID, Rev: m.Rev, Status: to, Audit: e}, nil
}
