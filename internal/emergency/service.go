package emergency

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/credit"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
)

// Store is the persistence of plans, incidents and drills.
type Store interface {
	// CreatePlan inserts p with its audit entry and sets p.ID.
	CreatePlan(ctx context.Context, p *Plan, ae audit.Entry) error
	// UpdatePlan writes p if the stored revision is p.Rev-1 (risk.ErrConflict
	// otherwise), with its audit entry.
	UpdatePlan(ctx context.Context, p *Plan, ae audit.Entry) error
	// Plan returns risk.ErrNotFound when there is no such plan.
	Plan(ctx context.Context, id risk.ID) (*Plan, error)
	// Plans lists plans by title and how many match.
	Plans(ctx context.Context, f PlanFilter) ([]*Plan, int, error)
	// CreateIncident inserts inc with its audit entries and sets inc.ID;
	// when d is not nil (a drill run), d is written under its revision
	// in the same transaction, its IncidentID set to the new incident's.
	CreateIncident(ctx context.Context, inc *Incident, ae []audit.Entry, d *Drill) error
	// UpdateIncident writes inc if the stored revision is inc.Rev-1
	// (risk.ErrConflict otherwise), with its audit entries.
	UpdateIncident(ctx context.Context, inc *Incident, ae []audit.Entry) error
	// Incident returns risk.ErrNotFound when there is no such incident.
	Incident(ctx context.Context, id risk.ID) (*Incident, error)
	// Incidents lists matching incidents, newest first, and how many match.
	Incidents(ctx context.Context, f IncidentFilter) ([]*Incident, int, error)
	// CreateDrill inserts d with its audit entry and sets d.ID.
	CreateDrill(ctx context.Context, d *Drill, ae audit.Entry) error
	// UpdateDrill writes d under its revision with its audit entry.
	UpdateDrill(ctx context.Context, d *Drill, ae audit.Entry) error
	// Drill returns risk.ErrNotFound when there is no such drill.
	Drill(ctx context.Context, id risk.ID) (*Drill, error)
	// Drills lists matching drills by day and how many match.
	Drills(ctx context.Context, f DrillFilter) ([]*Drill, int, error)
	// Tasks counts the open tasks of a department's incidents ("" every
	// department's) and those of them due before now.
	Tasks(ctx context.Context, dept string, now time.Time) (open, overdue int, err error)
}

// PlanFilter selects plans.
type PlanFilter struct {
	Hazard Hazard
	risk.Paging
}

// IncidentFilter selects incidents.
type IncidentFilter struct {
	Dept   string // taking part
	PlanID risk.ID
	Status Status
	Drill  *bool // nil: both
	risk.Paging
}

// DrillFilter selects drills.
type DrillFilter struct {
	Dept    string // of the plan
	PlanID  risk.ID
	Status  DrillStatus
	Before  string // scheduled before this day (YYYY-MM-DD)
	Overdue bool   // scheduled and past their day: the service sets Status and Before
	risk.Paging
}

// Signals reads a signal an incident is opened from (signal.Service).
type Signals interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*signal.Signal, error)
}

// Declarations reads a screened declaration (screening.Engine).
type Declarations interface {
	Get(ctx context.Context, a risk.Actor, number string) (*screening.Stored, error)
}

// Exister checks a linked record: it exists and a may see it.
type Exister interface {
	Exists(ctx context.Context, a risk.Actor, id risk.ID) error
}

// Calendar is the official working-day calendar (calendar.Service).
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Service keeps emergency plans and runs incidents and drills.
type Service struct {
	Store        Store
	Signals      Signals      // nil: incidents are not opened from signals
	Declarations Declarations // nil: nor from screening holds
	// Warnings, Measures and Cases check links (nil: refused).
	Warnings, Measures, Cases Exister
	Calendar                  Calendar // nil: the embedded official calendar
	Depts                     map[string]bool
	Ports                     map[string]bool
	Now                       func() time.Time
}

// Limits, in characters or entries.
const (
	MaxText      = 2000
	MaxLine      = 200
	MaxRows      = 50
	MaxWithin    = 720 // hours (30 days) or working days
	MaxTimeline  = 500
	MaxLinks     = 50
	MaxFactValue = 1e9
)

// CanRead reports whether a may read plans, and the incidents and drills
// of its department.
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermEmergencyRead) && a.IsOfficial() }

// CanPlan reports whether a may write plans and schedule and finish drills.
func CanPlan(a risk.Actor) bool {
	return risk.Can(a, risk.PermEmergencyPlan) && (a.Dept != "" || a.SeesAll())
}

// CanOpen reports whether a may open incidents.
func CanOpen(a risk.Actor) bool {
	return risk.Can(a, risk.PermEmergencyRespond) && (a.Dept != "" || a.SeesAll())
}

// takesPart reports whether a's department is among depts (or a sees all).
func takesPart(a risk.Actor, depts []string) bool {
	return a.SeesAll() || (a.Dept != "" && slices.Contains(depts, a.Dept))
}

// CanSeeIncident reports whether a may read inc: an official of a
// department taking part.
func CanSeeIncident(a risk.Actor, inc *Incident) bool { return CanRead(a) && takesPart(a, inc.Depts) }

// CanRespond reports whether a may record actions and links on inc.
func CanRespond(a risk.Actor, inc *Incident) bool {
	return risk.Can(a, risk.PermEmergencyRespond) && inc.Open() && takesPart(a, inc.Depts)
}

// CanComplete reports whether a may complete task t of inc: an officer of
// the task's department or of the plan's lead.
func CanComplete(a risk.Actor, inc *Incident, t Task) bool {
	return CanRespond(a, inc) && t.Status == TaskOpen && (a.SeesAll() || a.Dept == t.Dept || (len(inc.Depts) > 0 && a.Dept == inc.Depts[0]))
}

// CanCommand reports whether a may set inc's level and close it.
func CanCommand(a risk.Actor, inc *Incident) bool {
	return risk.Can(a, risk.PermEmergencyCommand) && inc.Open() && takesPart(a, inc.Depts)
}

// CanEditPlan reports whether a may change p: a planner of one of its
// departments.
func CanEditPlan(a risk.Actor, p *Plan) bool { return CanPlan(a) && takesPart(a, p.Depts()) }

// CanSeeDrill reports whether a may read d.
func CanSeeDrill(a risk.Actor, d *Drill) bool { return CanRead(a) && takesPart(a, d.Depts) }

// CanRunDrill reports whether a may run d.
func CanRunDrill(a risk.Actor, d *Drill) bool {
	return risk.Can(a, risk.PermEmergencyRespond) && d.Status == DrillScheduled && takesPart(a, d.Depts)
}

// CanFinishDrill reports whether a may record d's findings.
func CanFinishDrill(a risk.Actor, d *Drill) bool {
	return CanPlan(a) && d.Status == DrillRunning && takesPart(a, d.Depts)
}

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

func notFound(zh, en string) error {
	return risk.Errorf(risk.ErrNotFound, "%s", risk.Bilingual(zh, en))
}

func (s *Service) read(a risk.Actor) error {
	if !CanRead(a) {
		return forbidden("无权查看应急处置。", "Not allowed to read emergency response.")
	}
	return nil
}

// day checks a YYYY-MM-DD day.
func day(v *risk.Validation, field, val string, required bool) string {
	if strings.TrimSpace(val) == "" {
		if required {
			v.Add(field, "请填写日期（YYYY-MM-DD）。", field+" is required (YYYY-MM-DD).")
		}
		return ""
	}
	d, err := credit.ParseDay(field, val)
	if err != nil {
		v.AddErr(field, err)
		return ""
	}
	return d
}

// dept checks a department code.
func (s *Service) dept(v *risk.Validation, field, code string) string {
	code = strings.TrimSpace(code)
	if code == "" {
		v.Add(field, "请选择部门。", "choose a department.")
	} else if !s.Depts[code] {
		v.Add(field, "部门 "+code+" 不在部门目录中。", "department "+code+" is not in the catalogue.")
	}
	return code
}

// ParseLevel checks a level's code.
func ParseLevel(field, val string) (Level, error) {
	if l := Level(strings.TrimSpace(val)); slices.Contains(Levels, l) {
		return l, nil
	}
	return "", risk.Invalid(field, "响应等级应为 I、II、III 或 IV（特别重大、重大、较大、一般）。",
		"the level must be I, II, III or IV (particularly serious, serious, major, general).")
}

// PlanInput is a plan as written.
type PlanInput struct {
	Title     string      `json:"title"`
	Hazard    Hazard      `json:"hazard"`
	Lead      string      `json:"lead"`
	Basis     string      `json:"basis"`
	Levels    []PlanLevel `json:"levels"`
	Roles     []Role      `json:"roles"`
	Contacts  []Contact   `json:"contacts"`
	Resources []Resource  `json:"resources"`
	Rev       int         `json:"rev,omitempty"` // the revision edited (updates)
}

// checkPlan validates in into a plan.
func (s *Service) checkPlan(in PlanInput) (*Plan, error) {
	var v risk.Validation
	p := &Plan{Title: strings.TrimSpace(in.Title), Hazard: in.Hazard, Basis: strings.TrimSpace(in.Basis)}
	v.Text("title", p.Title, MaxLine, true, "预案名称", "the title")
	if !slices.Contains(Hazards, in.Hazard) {
		v.Add("hazard", "风险类别应为 bulk-resource、dangerous-goods、solid-waste、food 或 epidemic。",
			"hazard must be bulk-resource, dangerous-goods, solid-waste, food or epidemic.")
	}
	p.Lead = s.dept(&v, "lead", in.Lead)
	v.Paragraph("basis", p.Basis, MaxText, false, "编制依据", "the basis")
	if len(in.Levels) == 0 || len(in.Levels) > len(Levels) {
		v.Add("levels", "预案应设 1–4 个响应等级。", "a plan has 1–4 levels.")
	}
	for i, pl := range in.Levels {
		f := fmt.Sprintf("levels[%d]", i)
		l, err := ParseLevel(f+".level", string(pl.Level))
		if err != nil {
			v.AddErr(f+".level", err)
		} else if _, dup := p.Level(l); dup {
			v.Add(f+".level", "响应等级重复。", "the level is given twice.")
		}
		out := PlanLevel{Level: l}
		if len(pl.Triggers) > MaxRows || len(pl.Actions) > MaxRows {
			v.Add(f, fmt.Sprintf("每级标准和措施各最多 %d 条。", MaxRows), fmt.Sprintf("at most %d criteria and %d actions a level.", MaxRows, MaxRows))
		}
		for j, t := range pl.Triggers {
			tf := fmt.Sprintf("%s.triggers[%d]", f, j)
			t.Text = strings.TrimSpace(t.Text)
			if !slices.Contains(Facts, t.Fact) {
				v.Add(tf+".fact", "判定指标应为 tonnes、lots、people、injured、deaths 或 ports。", "fact must be tonnes, lots, people, injured, deaths or ports.")
			}
			if t.Min <= 0 || t.Min > MaxFactValue || math.IsNaN(t.Min) {
				v.Add(tf+".min", "标准的下限应为正数。", "the threshold must be a positive number.")
			}
			v.Text(tf+".text", t.Text, MaxLine, true, "分级标准", "the criterion")
			out.Triggers = append(out.Triggers, t)
		}
		if len(pl.Actions) == 0 {
			v.Add(f+".actions", "每个响应等级至少应有一项响应措施。", "each level needs at least one action.")
		}
		for j, act := range pl.Actions {
			af := fmt.Sprintf("%s.actions[%d]", f, j)
			act.Text = strings.TrimSpace(act.Text)
			v.Text(af+".text", act.Text, MaxLine, true, "响应措施", "the action")
			act.Dept = s.dept(&v, af+".dept", act.Dept)
			if act.Unit != Hours && act.Unit != Workdays {
				v.Add(af+".unit", "时限单位应为 hours 或 workdays。", "unit must be hours or workdays.")
			}
			if act.Within < 1 || act.Within > MaxWithin {
				v.Add(af+".within", fmt.Sprintf("时限应为 1–%d。", MaxWithin), fmt.Sprintf("within must be 1–%d.", MaxWithin))
			}
			out.Actions = append(out.Actions, act)
		}
		p.Levels = append(p.Levels, out)
	}
	slices.SortStableFunc(p.Levels, func(a, b PlanLevel) int { return b.Level.Rank() - a.Level.Rank() })
	if len(in.Roles) > MaxRows || len(in.Contacts) > MaxRows || len(in.Resources) > MaxRows {
		v.Add("roles", fmt.Sprintf("职责、联系人和物资各最多 %d 条。", MaxRows), fmt.Sprintf("at most %d roles, contacts and resources each.", MaxRows))
	}
	for i, r := range in.Roles {
		f := fmt.Sprintf("roles[%d]", i)
		r.Dept = s.dept(&v, f+".dept", r.Dept)
		if !slices.Contains(Tiers, r.Tier) {
			v.Add(f+".tier", "指挥层级应为 command、office 或 field。", "tier must be command, office or field.")
		}
		r.Duty = strings.TrimSpace(r.Duty)
		v.Text(f+".duty", r.Duty, MaxText, true, "职责", "the duty")
		p.Roles = append(p.Roles, r)
	}
	for i, c := range in.Contacts {
		f := fmt.Sprintf("contacts[%d]", i)
		c.Dept = s.dept(&v, f+".dept", c.Dept)
		c.Name, c.Title, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Title), strings.TrimSpace(c.Phone)
		v.Text(f+".name", c.Name, 50, true, "联系人", "the name")
		v.Text(f+".title", c.Title, 100, false, "职务", "the title")
		v.Text(f+".phone", c.Phone, 50, true, "电话", "the phone")
		p.Contacts = append(p.Contacts, c)
	}
	for i, r := range in.Resources {
		f := fmt.Sprintf("resources[%d]", i)
		r.Name, r.Location, r.Unit = strings.TrimSpace(r.Name), strings.TrimSpace(r.Location), strings.TrimSpace(r.Unit)
		v.Text(f+".name", r.Name, MaxLine, true, "物资名称", "the stock")
		v.Text(f+".location", r.Location, MaxLine, true, "存放地点", "the location")
		v.Text(f+".unit", r.Unit, 20, true, "计量单位", "the unit")
		if r.Quantity < 0 || r.Quantity > MaxFactValue || math.IsNaN(r.Quantity) {
			v.Add(f+".quantity", "数量不能为负。", "the quantity must not be negative.")
		}
		r.Owner = s.dept(&v, f+".owner", r.Owner)
		r.CheckedOn = day(&v, f+".checked_on", r.CheckedOn, true)
		r.NextCheck = day(&v, f+".next_check", r.NextCheck, true)
		if r.CheckedOn != "" && r.NextCheck != "" && r.NextCheck <= r.CheckedOn {
			v.Add(f+".next_check", "下次检查日期应晚于上次检查日期。", "the next check must come after the last.")
		}
		p.Resources = append(p.Resources, r)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// CreatePlan writes a new plan.
func (s *Service) CreatePlan(ctx context.Context, a risk.Actor, in PlanInput) (*Plan, error) {
	if !CanPlan(a) {
		return nil, forbidden("无权编制应急预案。", "Not allowed to write emergency plans.")
	}
	p, err := s.checkPlan(in)
	if err != nil {
		return nil, err
	}
	if !takesPart(a, p.Depts()) {
		return nil, risk.Invalid("roles", "本部门应在预案的牵头或成员单位中。", "your department must lead the plan or have a role in it.")
	}
	now := s.Now().UTC()
	p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Rev = a.Label(), now, now, 1
	ae := audit.New(a, "emergency.plan.create", "emergency_plan", 0, "编制应急预案 "+p.Title)
	if err := s.Store.CreatePlan(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdatePlan replaces a plan's content under its revision.
func (s *Service) UpdatePlan(ctx context.Context, a risk.Actor, id risk.ID, in PlanInput) (*Plan, error) {
	old, err := s.Plan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanEditPlan(a, old) {
		return nil, forbidden("无权修改该应急预案。", "Not allowed to change this plan.")
	}
	if in.Rev != old.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("预案已被他人修改，请刷新后重试。", "the plan was changed by someone else; reload and try again.")}
	}
	p, err := s.checkPlan(in)
	if err != nil {
		return nil, err
	}
	if !takesPart(a, p.Depts()) {
		return nil, risk.Invalid("roles", "本部门应在预案的牵头或成员单位中。", "your department must lead the plan or have a role in it.")
	}
	p.ID, p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Rev = old.ID, old.CreatedBy, old.CreatedAt, s.Now().UTC(), old.Rev+1
	ae := audit.New(a, "emergency.plan.update", "emergency_plan", id, "修订应急预案 "+p.Title)
	if err := s.Store.UpdatePlan(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// Plan returns a plan.
func (s *Service) Plan(ctx context.Context, a risk.Actor, id risk.ID) (*Plan, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	return s.Store.Plan(ctx, id)
}

// Plans lists plans.
func (s *Service) Plans(ctx context.Context, a risk.Actor, f PlanFilter) ([]*Plan, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	if f.Hazard != "" && !slices.Contains(Hazards, f.Hazard) {
		v.Add("hazard", "风险类别无效。", "unknown hazard.")
	}
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.Store.Plans(ctx, f)
}

// cal is the calendar working-day deadlines count on.
func (s *Service) cal(ctx context.Context) (*calendar.Calendar, error) {
	if s.Calendar != nil {
		return s.Calendar.Calendar(ctx)
	}
	return calendar.Official()
}

// due is the deadline of an action started at from: hours later, or the end
// of the n-th working day after from's day (China time). A year the
// calendar does not know counts Monday to Friday: an emergency is not
// held up by a missing calendar.
func due(c *calendar.Calendar, from time.Time, act Action) time.Time {
	if act.Unit == Hours {
		return from.Add(time.Duration(act.Within) * time.Hour).UTC()
	}
	if c != nil {
		if d, err := c.Add(from, act.Within); err == nil {
			return d.Add(24*time.Hour - time.Second).UTC()
		}
	}
	d := risk.Day(from)
	for n := act.Within; n > 0; {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d.Add(24*time.Hour - time.Second).UTC()
}

// addTasks adds the plan's actions at level l to inc's tasks, unless
// inc already has tasks of that level that are not cancelled. It returns
// how many it added.
func addTasks(inc *Incident, p *Plan, l Level, c *calendar.Calendar, from time.Time) int {
	for _, t := range inc.Tasks {
		if t.Level == l && t.Status != TaskCancelled {
			return 0
		}
	}
	pl, _ := p.Level(l)
	for _, act := range pl.Actions {
		inc.Tasks = append(inc.Tasks, Task{Seq: len(inc.Tasks) + 1, Level: l, Text: act.Text, Dept: act.Dept, Due: due(c, from, act), Status: TaskOpen})
		if !slices.Contains(inc.Depts, act.Dept) {
			inc.Depts = append(inc.Depts, act.Dept)
		}
	}
	return len(pl.Actions)
}

// checkFacts validates an event's facts.
func checkFacts(v *risk.Validation, in map[Fact]float64) map[Fact]float64 {
	out := map[Fact]float64{}
	for f, val := range in {
		if !slices.Contains(Facts, f) {
			v.Add("facts", "判定指标 "+string(f)+" 无效，应为 tonnes、lots、people、injured、deaths 或 ports。",
				"fact "+string(f)+" is unknown; use tonnes, lots, people, injured, deaths or ports.")
			continue
		}
		if val < 0 || val > MaxFactValue || math.IsNaN(val) {
			v.Add("facts."+string(f), "指标值不能为负。", "a fact must not be negative.")
			continue
		}
		out[f] = val
	}
	return out
}

// levelOf checks a level given by hand against the plan's levels.
func levelOf(p *Plan, field string, l Level) (Level, error) {
	l, err := ParseLevel(field, string(l))
	if err != nil {
		return "", err
	}
	if _, ok := p.Level(l); !ok {
		lz, le := l.Label()
		pz, pe := p.LevelNames()
		return "", risk.Invalid(field, fmt.Sprintf("响应等级“%s”不在预案“%s”的分级中（%s）。", lz, p.Title, pz),
			fmt.Sprintf("level “%s” is not one of the levels of plan “%s” (%s).", le, p.Title, pe))
	}
	return l, nil
}

// IncidentInput is an incident as reported.
type IncidentInput struct {
	PlanID      risk.ID          `json:"plan_id"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Port        string           `json:"port,omitempty"`
	Source      Source           `json:"source"`
	SignalID    risk.ID          `json:"signal_id,omitempty"`
	Declaration string           `json:"declaration,omitempty"`
	Facts       map[Fact]float64 `json:"facts"`
	// Level, when given, sets the level by decision instead of the plan's
	// criteria; LevelReason then says why.
	Level       Level  `json:"level,omitempty"`
	LevelReason string `json:"level_reason,omitempty"`
}

// IsHold reports whether a screening decision holds the goods at the port
// (扣留, 销毁, 退运): an incident may be opened from such a declaration.
func IsHold(d screening.Decision) bool { return d.Rank() >= screening.Detain.Rank() }

// Open opens an incident under a plan: from a signal, a screening hold or
// by hand. Its level is set by the plan's criteria (or by decision, with a
// reason) and the plan's actions at that level become tasks.
func (s *Service) Open(ctx context.Context, a risk.Actor, in IncidentInput) (*Incident, error) {
	if !CanOpen(a) {
		return nil, forbidden("无权启动应急响应。", "Not allowed to open incidents.")
	}
	if in.Source == FromDrill {
		return nil, risk.Invalid("source", "演练事件由演练计划启动。", "a drill's incident is started from the drill.")
	}
	inc, err := s.build(ctx, a, in)
	if err != nil {
		return nil, err
	}
	if !takesPart(a, inc.Depts) {
		return nil, risk.Invalid("plan_id", "本部门不在该预案的成员单位中，不能按其启动响应。", "your department has no part in this plan.")
	}
	ae := audit.New(a, "emergency.incident.open", "emergency_incident", 0, "启动应急响应："+inc.Title)
	if err := s.Store.CreateIncident(ctx, inc, []audit.Entry{ae}, nil); err != nil {
		return nil, err
	}
	return inc, nil
}

// build checks an incident's input and works out its level and tasks.
func (s *Service) build(ctx context.Context, a risk.Actor, in IncidentInput) (*Incident, error) {
	var v risk.Validation
	inc := &Incident{Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), Port: strings.TrimSpace(in.Port),
		Source: in.Source, Status: Responding, Warnings: []risk.ID{}, Measures: []risk.ID{}, Cases: []risk.ID{}}
	v.Text("title", inc.Title, MaxLine, true, "事件名称", "the title")
	v.Paragraph("description", inc.Description, MaxText, true, "事件概况", "the description")
	var p *Plan
	if in.PlanID == 0 {
		v.Add("plan_id", "请选择应急预案。", "choose a plan.")
	} else {
		var err error
		p, err = s.Store.Plan(ctx, in.PlanID)
		if errors.Is(err, risk.ErrNotFound) {
			v.Add("plan_id", fmt.Sprintf("应急预案 %d 不存在。", in.PlanID), fmt.Sprintf("plan %d does not exist.", in.PlanID))
		} else if err != nil {
			return nil, err
		}
	}
	switch in.Source {
	case FromSignal:
		if in.SignalID == 0 || s.Signals == nil {
			v.Add("signal_id", "请填写风险信息编号。", "give the signal's ID.")
			break
		}
		if _, err := s.Signals.Get(ctx, a, in.SignalID); err != nil {
			if !errors.Is(err, risk.ErrNotFound) && !errors.Is(err, risk.ErrForbidden) {
				return nil, err
			}
			v.Add("signal_id", fmt.Sprintf("风险信息 %d 不存在或无权查看。", in.SignalID), fmt.Sprintf("signal %d does not exist or is not yours to see.", in.SignalID))
		}
		inc.SignalID = in.SignalID
	case FromHold:
		num := strings.TrimSpace(in.Declaration)
		if num == "" || s.Declarations == nil {
			v.Add("declaration", "请填写被扣留货物的报关单号。", "give the number of the held declaration.")
			break
		}
		st, err := s.Declarations.Get(ctx, a, num)
		switch {
		case errors.Is(err, risk.ErrNotFound) || errors.Is(err, risk.ErrForbidden):
			v.Add("declaration", "报关单 "+num+" 不存在或无权查看。", "declaration "+num+" does not exist or is not yours to see.")
		case err != nil:
			return nil, err
		case !IsHold(st.Result.Decision):
			dz, de := st.Result.Decision.Label()
			v.Add("declaration", fmt.Sprintf("报关单 %s 的筛查结论为“%s”，不是扣留。", num, dz), fmt.Sprintf("declaration %s was screened “%s”, not held.", num, de))
		default:
			inc.Declaration = num
			if inc.Port == "" {
				inc.Port = st.Declaration.Port
			}
		}
	case FromHand, FromDrill:
	default:
		v.Add("source", "来源应为 signal、hold 或 manual。", "source must be signal, hold or manual.")
	}
	if inc.Port != "" && !s.Ports[inc.Port] {
		v.Add("port", "口岸 "+inc.Port+" 不在口岸目录中。", "port "+inc.Port+" is not in the ports catalogue.")
	}
	inc.Facts = checkFacts(&v, in.Facts)
	if p != nil {
		inc.PlanID, inc.PlanTitle, inc.Hazard, inc.Depts = p.ID, p.Title, p.Hazard, p.Depts()
		inc.Level, inc.LevelReason = p.Assess(inc.Facts)
		if in.Level != "" {
			l, err := levelOf(p, "level", in.Level)
			if err != nil {
				v.AddErr("level", err)
			} else {
				reason := strings.TrimSpace(in.LevelReason)
				v.Text("level_reason", reason, MaxText, true, "定级理由", "the reason for the level")
				inc.Level, inc.LevelReason = l, reason
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	c, _ := s.cal(ctx)
	addTasks(inc, p, inc.Level, c, now)
	lz, le := inc.Level.Label()
	inc.Timeline = []Event{{At: now, By: a.Label(), Dept: a.Dept, Kind: EvOpened,
		Text: risk.Bilingual(fmt.Sprintf("按预案“%s”启动%s响应。定级理由：%s", p.Title, lz, pick(inc.LevelReason, true)),
			fmt.Sprintf("Response at %s under plan “%s”. Reason: %s", le, p.Title, pick(inc.LevelReason, false)))}}
	inc.OpenedAt, inc.UpdatedAt, inc.CreatedBy, inc.Rev = now, now, a.Label(), 1
	return inc, nil
}

// pick is one language's half of a "中文 / English" text (the whole text
// when it has no halves).
func pick(s string, zh bool) string {
	z, e, ok := strings.Cut(s, " / ")
	switch {
	case !ok:
		return s
	case zh:
		return z
	}
	return e
}

// Incident returns an incident a may see.
func (s *Service) Incident(ctx context.Context, a risk.Actor, id risk.ID) (*Incident, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	inc, err := s.Store.Incident(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeIncident(a, inc) {
		return nil, notFound("没有该突发事件。", "No such incident.")
	}
	return inc, nil
}

// Incidents lists the incidents of a's department (every one for those
// who see all).
func (s *Service) Incidents(ctx context.Context, a risk.Actor, f IncidentFilter) ([]*Incident, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	if f.Status != "" && f.Status != Responding && f.Status != Closed {
		v.Add("status", "状态应为 responding 或 closed。", "status must be responding or closed.")
	}
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if !a.SeesAll() {
		if a.Dept == "" {
			return nil, 0, nil // an official of no department takes part in nothing
		}
		f.Dept = a.Dept
	}
	return s.Store.Incidents(ctx, f)
}

// change loads an incident for an action, checks the machine and the
// revision, and writes what fn did to it with its audit entry.
func (s *Service) change(ctx context.Context, a risk.Actor, id risk.ID, rev int, action string, allowed func(*Incident) bool,
	fn func(inc *Incident, now time.Time) (audit.Entry, error)) (*Incident, error) {
	inc, err := s.Incident(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if _, err := IncidentMachine.Step(string(inc.Status), action); err != nil {
		return nil, err
	}
	if !allowed(inc) {
		return nil, forbidden("无权对该突发事件执行此操作。", "Not allowed to do this on the incident.")
	}
	if rev != inc.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("突发事件已被他人更新，请刷新后重试。", "the incident was changed by someone else; reload and try again.")}
	}
	now := s.Now().UTC()
	ae, err := fn(inc, now)
	if err != nil {
		return nil, err
	}
	if len(inc.Timeline) > MaxTimeline {
		return nil, risk.Invalid("timeline", fmt.Sprintf("时间线最多 %d 条。", MaxTimeline), fmt.Sprintf("at most %d timeline entries.", MaxTimeline))
	}
	inc.UpdatedAt, inc.Rev = now, inc.Rev+1
	ae.EntityID = inc.ID
	if err := s.Store.UpdateIncident(ctx, inc, []audit.Entry{ae}); err != nil {
		return nil, err
	}
	return inc, nil
}

// Adjustment raises or lowers an incident's level.
type Adjustment struct {
	Level  Level  `json:"level"`
	Reason string `json:"reason"`
	Rev    int    `json:"rev"`
}

// Adjust raises or lowers an incident's level with a reason: raising adds
// the plan's actions at the new level as tasks; lowering cancels the open
// tasks of the levels above the new one (and adds the new level's when it
// has none yet).
func (s *Service) Adjust(ctx context.Context, a risk.Actor, id risk.ID, in Adjustment) (*Incident, error) {
	return s.change(ctx, a, id, in.Rev, ActAdjust, func(inc *Incident) bool { return CanCommand(a, inc) }, func(inc *Incident, now time.Time) (audit.Entry, error) {
		p, err := s.Store.Plan(ctx, inc.PlanID)
		if err != nil {
			return audit.Entry{}, err
		}
		var v risk.Validation
		l, err := levelOf(p, "level", in.Level)
		if err != nil {
			v.AddErr("level", err)
		} else if l == inc.Level {
			v.Add("level", "新等级与当前等级相同。", "the new level is the current one.")
		}
		reason := strings.TrimSpace(in.Reason)
		v.Text("reason", reason, MaxText, true, "调整理由", "the reason")
		if err := v.Err(); err != nil {
			return audit.Entry{}, err
		}
		c, _ := s.cal(ctx)
		from, to := inc.Level, l
		kind, verbZh, verbEn := EvRaised, "提高", "raised"
		if to.Rank() < from.Rank() {
			kind, verbZh, verbEn = EvLowered, "降低", "lowered"
			for i := range inc.Tasks {
				if t := &inc.Tasks[i]; t.Status == TaskOpen && t.Level.Rank() > to.Rank() {
					t.Status = TaskCancelled
				}
			}
		}
		added := addTasks(inc, p, to, c, now)
		inc.Level, inc.LevelReason = to, reason
		fz, fe := from.Label()
		tz, te := to.Label()
		inc.Timeline = append(inc.Timeline, Event{At: now, By: a.Label(), Dept: a.Dept, Kind: kind,
			Text: risk.Bilingual(fmt.Sprintf("响应等级由%s%s为%s（新增任务 %d 项）。理由：%s", fz, verbZh, tz, added, reason),
				fmt.Sprintf("Level %s from %s to %s (%d tasks added). Reason: %s", verbEn, fe, te, added, reason))})
		return audit.New(a, "emergency.incident."+string(kind), "emergency_incident", inc.ID,
			fmt.Sprintf("响应等级%s：%s → %s。%s", verbZh, fz, tz, reason)), nil
	})
}

// Completion completes a task.
type Completion struct {
	Seq  int    `json:"seq"`
	Note string `json:"note"`
	Rev  int    `json:"rev"`
}

// Complete records a task done by its department.
func (s *Service) Complete(ctx context.Context, a risk.Actor, id risk.ID, in Completion) (*Incident, error) {
	return s.change(ctx, a, id, in.Rev, ActComplete, func(inc *Incident) bool { return CanRespond(a, inc) }, func(inc *Incident, now time.Time) (audit.Entry, error) {
		if in.Seq < 1 || in.Seq > len(inc.Tasks) {
			return audit.Entry{}, risk.Invalid("seq", "没有该任务。", "no such task.")
		}
		t := &inc.Tasks[in.Seq-1]
		if t.Status != TaskOpen {
			return audit.Entry{}, &risk.Error{Kind: risk.ErrConflict, Field: "seq", Message: risk.Bilingual("该任务已完成或已撤销。", "the task is done or cancelled already.")}
		}
		if !CanComplete(a, inc, *t) {
			return audit.Entry{}, forbidden("只有任务的责任部门或牵头部门可以完成该任务。", "Only the task's department or the lead may complete it.")
		}
		note := strings.TrimSpace(in.Note)
		var v risk.Validation
		v.Paragraph("note", note, MaxText, true, "完成情况", "what was done")
		if err := v.Err(); err != nil {
			return audit.Entry{}, err
		}
		t.Status, t.DoneAt, t.DoneBy, t.Note = TaskDone, &now, a.Label(), note
		inc.Timeline = append(inc.Timeline, Event{At: now, By: a.Label(), Dept: a.Dept, Kind: EvTaskDone,
			Text: fmt.Sprintf("%d. %s —— %s", t.Seq, t.Text, note)})
		return audit.New(a, "emergency.task.done", "emergency_incident", inc.ID, fmt.Sprintf("完成任务 %d：%s", t.Seq, t.Text)), nil
	})
}

// Note records what was done.
type Note struct {
	Text string `json:"text"`
	Rev  int    `json:"rev"`
}

// Record adds what a department did to the timeline.
func (s *Service) Record(ctx context.Context, a risk.Actor, id risk.ID, in Note) (*Incident, error) {
	return s.change(ctx, a, id, in.Rev, ActRecord, func(inc *Incident) bool { return CanRespond(a, inc) }, func(inc *Incident, now time.Time) (audit.Entry, error) {
		text := strings.TrimSpace(in.Text)
		var v risk.Validation
		v.Paragraph("text", text, MaxText, true, "处置情况", "what was done")
		if err := v.Err(); err != nil {
			return audit.Entry{}, err
		}
		inc.Timeline = append(inc.Timeline, Event{At: now, By: a.Label(), Dept: a.Dept, Kind: EvAction, Text: text})
		return audit.New(a, "emergency.incident.record", "emergency_incident", inc.ID, "记录处置情况"), nil
	})
}

// LinkKind is what an incident links to.
type LinkKind string

// Link kinds.
const (
	LinkWarning LinkKind = "warning"
	LinkMeasure LinkKind = "measure"
	LinkCase    LinkKind = "case"
)

var linkLabels = risk.Labels{string(LinkWarning): {"风险预警", "Warning"}, string(LinkMeasure): {"处置措施", "Measure"}, string(LinkCase): {"风险案件", "Case"}}

// Label names the kind.
func (k LinkKind) Label() (zh, en string) { return linkLabels.Of(string(k)) }

// Link links a warning, measure or case.
type Link struct {
	Kind LinkKind `json:"kind"`
	ID   risk.ID  `json:"id"`
	Rev  int      `json:"rev"`
}

// Link links an incident to a warning, a measure or a case a may see.
func (s *Service) Link(ctx context.Context, a risk.Actor, id risk.ID, in Link) (*Incident, error) {
	return s.change(ctx, a, id, in.Rev, ActLink, func(inc *Incident) bool { return CanRespond(a, inc) }, func(inc *Incident, now time.Time) (audit.Entry, error) {
		var ex Exister
		var list *[]risk.ID
		switch in.Kind {
		case LinkWarning:
			ex, list = s.Warnings, &inc.Warnings
		case LinkMeasure:
			ex, list = s.Measures, &inc.Measures
		case LinkCase:
			ex, list = s.Cases, &inc.Cases
		default:
			return audit.Entry{}, risk.Invalid("kind", "关联对象应为 warning、measure 或 case。", "kind must be warning, measure or case.")
		}
		kz, ke := in.Kind.Label()
		if in.ID <= 0 || ex == nil {
			return audit.Entry{}, risk.Invalid("id", "请填写编号。", "give the ID.")
		}
		if err := ex.Exists(ctx, a, in.ID); err != nil {
			if errors.Is(err, risk.ErrNotFound) || errors.Is(err, risk.ErrForbidden) {
				return audit.Entry{}, risk.Invalid("id", fmt.Sprintf("%s %d 不存在或无权查看。", kz, in.ID), fmt.Sprintf("%s %d does not exist or is not yours to see.", strings.ToLower(ke), in.ID))
			}
			return audit.Entry{}, err
		}
		if slices.Contains(*list, in.ID) {
			return audit.Entry{}, &risk.Error{Kind: risk.ErrConflict, Field: "id", Message: risk.Bilingual(fmt.Sprintf("已关联%s %d。", kz, in.ID), fmt.Sprintf("%s %d is linked already.", ke, in.ID))}
		}
		if len(*list) >= MaxLinks {
			return audit.Entry{}, risk.Invalid("id", fmt.Sprintf("每类最多关联 %d 个。", MaxLinks), fmt.Sprintf("at most %d links of a kind.", MaxLinks))
		}
		*list = append(*list, in.ID)
		inc.Timeline = append(inc.Timeline, Event{At: now, By: a.Label(), Dept: a.Dept, Kind: EvLinked,
			Text: risk.Bilingual(fmt.Sprintf("关联%s %d。", kz, in.ID), fmt.Sprintf("Linked %s %d.", strings.ToLower(ke), in.ID))})
		return audit.New(a, "emergency.incident.link", "emergency_incident", inc.ID, fmt.Sprintf("关联%s %d", kz, in.ID)), nil
	})
}

// ReviewInput closes an incident.
type ReviewInput struct {
	Summary string `json:"summary"`
	Lessons string `json:"lessons"`
	Rev     int    `json:"rev"`
}

// Close ends the response with its review. Every task must be done (or
// cancelled) first.
func (s *Service) Close(ctx context.Context, a risk.Actor, id risk.ID, in ReviewInput) (*Incident, error) {
	return s.change(ctx, a, id, in.Rev, ActClose, func(inc *Incident) bool { return CanCommand(a, inc) }, func(inc *Incident, now time.Time) (audit.Entry, error) {
		var v risk.Validation
		summary, lessons := strings.TrimSpace(in.Summary), strings.TrimSpace(in.Lessons)
		v.Paragraph("summary", summary, MaxText, true, "处置总结", "the summary")
		v.Paragraph("lessons", lessons, MaxText, true, "经验教训和改进措施", "the lessons")
		if n := inc.OpenTasks(); n > 0 {
			v.Add("tasks", fmt.Sprintf("仍有 %d 项任务未完成，不能结束响应。", n), fmt.Sprintf("%d tasks are still open; the response cannot close.", n))
		}
		if err := v.Err(); err != nil {
			return audit.Entry{}, err
		}
		inc.Status = Closed
		inc.Review = &Review{Summary: summary, Lessons: lessons, ClosedAt: now, ClosedBy: a.Label()}
		inc.Timeline = append(inc.Timeline, Event{At: now, By: a.Label(), Dept: a.Dept, Kind: EvClosed, Text: summary})
		return audit.New(a, "emergency.incident.close", "emergency_incident", inc.ID, "结束应急响应："+inc.Title), nil
	})
}

// ExistsFunc makes a function an Exister (a service's Get, for links).
type ExistsFunc func(ctx context.Context, a risk.Actor, id risk.ID) error

// Exists calls f.
func (f ExistsFunc) Exists(ctx context.Context, a risk.Actor, id risk.ID) error { return f(ctx, a, id) }
