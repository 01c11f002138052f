package emergency

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// Hazard is the class of hazard a plan covers. Values are stored.
type Hazard string

// Hazard classes (湘政发〔2019〕4号 task 14, with food and port epidemics).
const (
	BulkResource   Hazard = "bulk-resource"
	DangerousGoods Hazard = "dangerous-goods"
	SolidWaste     Hazard = "solid-waste"
	Food           Hazard = "food"
	Epidemic       Hazard = "epidemic"
)

// Hazards lists the classes in the order forms offer them.
var Hazards = []Hazard{BulkResource, DangerousGoods, SolidWaste, Food, Epidemic}

var hazardLabels = risk.Labels{string(BulkResource): {"大宗资源性商品", "Bulk resource commodities"},
	string(DangerousGoods): {"危险货物", "Dangerous goods"}, string(SolidWaste): {"固体废物（洋垃圾）", "Solid waste"},
	string(Food): {"进出口食品农产品", "Food and agricultural products"}, string(Epidemic): {"口岸疫情疫病", "Epidemics at the port"}}

// Label names the class.
func (h Hazard) Label() (zh, en string) { return hazardLabels.Of(string(h)) }

// Level is the level of an emergency event. Values are stored.
type Level string

// Levels of events, from the most severe down (the 2007 AQSIQ plan's four).
const (
	LevelI   Level = "I"   // 特别重大
	LevelII  Level = "II"  // 重大
	LevelIII Level = "III" // 较大
	LevelIV  Level = "IV"  // 一般
)

// Levels lists the levels from the most severe down.
var Levels = []Level{LevelI, LevelII, LevelIII, LevelIV}

var levelLabels = risk.Labels{string(LevelI): {"特别重大（Ⅰ级）", "Particularly serious (level I)"},
	string(LevelII): {"重大（Ⅱ级）", "Serious (level II)"}, string(LevelIII): {"较大（Ⅲ级）", "Major (level III)"},
	string(LevelIV): {"一般（Ⅳ级）", "General (level IV)"}}

// Label names the level.
func (l Level) Label() (zh, en string) { return levelLabels.Of(string(l)) }

// Rank orders levels: I 4 … IV 1, unknown 0.
func (l Level) Rank() int {
	if i := slices.Index(Levels, l); i >= 0 {
		return len(Levels) - i
	}
	return 0
}

// Tier is a department's place in the three-tier command. Values are stored.
type Tier string

// Command tiers.
const (
	TierCommand Tier = "command" // 应急指挥部 (成员单位)
	TierOffice  Tier = "office"  // 指挥部办公室
	TierField   Tier = "field"   // 现场处置组
)

// Tiers lists the tiers from the top.
var Tiers = []Tier{TierCommand, TierOffice, TierField}

var tierLabels = risk.Labels{string(TierCommand): {"应急指挥部", "Command"}, string(TierOffice): {"指挥部办公室", "Command office"},
	string(TierField): {"现场处置组", "On-site team"}}

// Label names the tier.
func (t Tier) Label() (zh, en string) { return tierLabels.Of(string(t)) }

// Fact is a measured fact of an event that criteria test. Values are
// stored.
type Fact string

// Facts.
const (
	FactTonnes  Fact = "tonnes"  // 涉事货物数量（吨）
	FactLots    Fact = "lots"    // 涉事批次
	FactPeople  Fact = "people"  // 受影响人数
	FactInjured Fact = "injured" // 伤病人数
	FactDeaths  Fact = "deaths"  // 死亡人数
	FactPorts   Fact = "ports"   // 涉及口岸数
)

// Facts lists the facts in the order forms offer them.
var Facts = []Fact{FactTonnes, FactLots, FactPeople, FactInjured, FactDeaths, FactPorts}

var factLabels = risk.Labels{string(FactTonnes): {"涉事货物数量（吨）", "Goods involved (tonnes)"},
	string(FactLots): {"涉事批次", "Lots involved"}, string(FactPeople): {"受影响人数", "People affected"},
	string(FactInjured): {"伤病人数", "Injured or ill"}, string(FactDeaths): {"死亡人数", "Deaths"},
	string(FactPorts): {"涉及口岸数", "Ports affected"}}

// Label names the fact.
func (f Fact) Label() (zh, en string) { return factLabels.Of(string(f)) }

// Unit is what an action's deadline counts. Values are stored.
type Unit string

// Deadline units.
const (
	Hours    Unit = "hours"
	Workdays Unit = "workdays"
)

var unitLabels = risk.Labels{string(Hours): {"小时", "hours"}, string(Workdays): {"个工作日", "working days"}}

// Label names the unit.
func (u Unit) Label() (zh, en string) { return unitLabels.Of(string(u)) }

// Trigger is one criterion of a level: met when the event's fact is at
// least Min. Text says it as the plan does.
type Trigger struct {
	Fact Fact    `json:"fact"`
	Min  float64 `json:"min"`
	Text string  `json:"text"`
}

// FactName is the fact in words.
func (t Trigger) FactName() risk.Labeled { return t.Fact }

// Action is what the plan prescribes at a level: a department's action
// within a deadline.
type Action struct {
	Text   string `json:"text"`
	Dept   string `json:"dept"`
	Within int    `json:"within"`
	Unit   Unit   `json:"unit"`
}

// UnitName is the unit in words.
func (a Action) UnitName() risk.Labeled { return a.Unit }

// PlanLevel is one level of a plan: its triggers and its actions.
type PlanLevel struct {
	Level    Level     `json:"level"`
	Triggers []Trigger `json:"triggers"`
	Actions  []Action  `json:"actions"`
}

// Name is the level in words.
func (pl PlanLevel) Name() risk.Labeled { return pl.Level }

// Role is a department's place and duty in a plan's command.
type Role struct {
	Dept string `json:"dept"`
	Tier Tier   `json:"tier"`
	Duty string `json:"duty"`
}

// TierName is the tier in words.
func (r Role) TierName() risk.Labeled { return r.Tier }

// Contact is a person to call.
type Contact struct {
	Dept  string `json:"dept"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Phone string `json:"phone"`
}

// Resource is an emergency stock kept for the plan.
type Resource struct {
	Name      string  `json:"name"`
	Location  string  `json:"location"`
	Quantity  float64 `json:"quantity"`
	Unit      string  `json:"unit"` // as counted: 套, 吨, 台
	Owner     string  `json:"owner"`
	CheckedOn string  `json:"checked_on"` // YYYY-MM-DD
	NextCheck string  `json:"next_check"` // YYYY-MM-DD: the next check is due by then
}

// Overdue reports whether the resource's next check is past on today
// (YYYY-MM-DD).
func (r Resource) Overdue(today string) bool { return r.NextCheck != "" && r.NextCheck < today }

// Plan is an emergency plan (应急预案) for one class of hazard.
type Plan struct {
	ID        risk.ID     `json:"id"`
	Title     string      `json:"title"`
	Hazard    Hazard      `json:"hazard"`
	Lead      string      `json:"lead"`  // the leading department (省政府口岸办)
	Basis     string      `json:"basis"` // the documents it rests on
	Levels    []PlanLevel `json:"levels"`
	Roles     []Role      `json:"roles"`
	Contacts  []Contact   `json:"contacts"`
	Resources []Resource  `json:"resources"`
	CreatedBy string      `json:"created_by"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Rev       int         `json:"rev"`
}

// HazardName is the class in words.
func (p *Plan) HazardName() risk.Labeled { return p.Hazard }

// Level returns the plan's definition of a level.
func (p *Plan) Level(l Level) (PlanLevel, bool) {
	for _, pl := range p.Levels {
		if pl.Level == l {
			return pl, true
		}
	}
	return PlanLevel{}, false
}

// LevelNames lists the plan's levels in Chinese and English, for messages.
func (p *Plan) LevelNames() (zh, en string) {
	var z, e []string
	for _, pl := range p.Levels {
		a, b := pl.Level.Label()
		z, e = append(z, a), append(e, b)
	}
	return strings.Join(z, "、"), strings.Join(e, ", ")
}

// Depts lists the plan's departments: the lead first, then the roles'.
func (p *Plan) Depts() []string {
	out := []string{p.Lead}
	for _, r := range p.Roles {
		if !slices.Contains(out, r.Dept) {
			out = append(out, r.Dept)
		}
	}
	return out
}

// OverdueResources counts the resources whose check is past due.
func (p *Plan) OverdueResources(today string) int {
	n := 0
	for _, r := range p.Resources {
		if r.Overdue(today) {
			n++
		}
	}
	return n
}

// num writes a number without needless decimals.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Assess sets the level of an event with facts by the plan's criteria: the
// most severe level one of whose triggers is met, else the least severe
// level of the plan. The reason says which criterion was met, in Chinese
// and English ("中文 / English").
func (p *Plan) Assess(facts map[Fact]float64) (Level, string) {
	levels := slices.Clone(p.Levels)
	slices.SortFunc(levels, func(a, b PlanLevel) int { return b.Level.Rank() - a.Level.Rank() })
	for _, pl := range levels {
		for _, t := range pl.Triggers {
			if v, ok := facts[t.Fact]; ok && v >= t.Min {
				lz, le := pl.Level.Label()
				fz, fe := t.Fact.Label()
				return pl.Level, risk.Bilingual(fmt.Sprintf("%s：%s为 %s，达到“%s”（不低于 %s）。", lz, fz, num(v), t.Text, num(t.Min)),
					fmt.Sprintf("%s: %s is %s, meeting “%s” (at least %s).", le, strings.ToLower(fe[:1])+fe[1:], num(v), t.Text, num(t.Min)))
			}
		}
	}
	if len(levels) == 0 {
		return "", ""
	}
	low := levels[len(levels)-1].Level
	lz, le := low.Label()
	return low, risk.Bilingual(fmt.Sprintf("%s：未达到预案中更高等级的任何标准，按最低等级响应。", lz),
		fmt.Sprintf("%s: no criterion of a higher level of the plan is met; the plan's lowest level applies.", le))
}

// Source is where an incident came from. Values are stored.
type Source string

// Sources.
const (
	FromSignal Source = "signal"
	FromHold   Source = "hold"
	FromHand   Source = "manual"
	FromDrill  Source = "drill"
)

var sourceLabels = risk.Labels{string(FromSignal): {"风险信息", "Signal"}, string(FromHold): {"口岸扣留", "Screening hold"},
	string(FromHand): {"人工报告", "Reported by hand"}, string(FromDrill): {"应急演练", "Drill"}}

// Label names the source.
func (s Source) Label() (zh, en string) { return sourceLabels.Of(string(s)) }

// Status is where an incident stands. Values are stored.
type Status string

// Incident statuses.
const (
	Responding Status = "responding"
	Closed     Status = "closed"
)

var statusLabels = risk.Labels{string(Responding): {"应急响应中", "Responding"}, string(Closed): {"已结束", "Closed"}}

// Label names the status.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Incident actions of the machine.
const (
	ActAdjust   = "adjust"   // raise or lower the level
	ActComplete = "complete" // complete a task
	ActRecord   = "record"   // record what was done
	ActLink     = "link"     // link a warning, measure or case
	ActClose    = "close"    // close with a review
)

// IncidentMachine is an incident's lifecycle: it responds until closed
// with its review, and nothing changes it after.
var IncidentMachine = risk.Machine{
	Name: "突发事件 incident",
	Next: map[string]map[string]string{
		string(Responding): {ActAdjust: string(Responding), ActComplete: string(Responding), ActRecord: string(Responding),
			ActLink: string(Responding), ActClose: string(Closed)},
	},
	StateNames: statusLabels,
	ActionNames: risk.Labels{ActAdjust: {"调整响应等级", "change the level"}, ActComplete: {"完成任务", "complete a task"},
		ActRecord: {"记录处置情况", "record an action"}, ActLink: {"关联", "link"}, ActClose: {"结束响应", "close"}},
}

// TaskStatus is where a task stands. Values are stored.
type TaskStatus string

// Task statuses.
const (
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

var taskLabels = risk.Labels{string(TaskOpen): {"待办", "Open"}, string(TaskDone): {"已完成", "Done"},
	string(TaskCancelled): {"已撤销（等级下调）", "Cancelled (level lowered)"}}

// Label names the status.
func (s TaskStatus) Label() (zh, en string) { return taskLabels.Of(string(s)) }

// Task is one of the plan's actions for a department on an incident.
type Task struct {
	Seq    int        `json:"seq"`
	Level  Level      `json:"level"`
	Text   string     `json:"text"`
	Dept   string     `json:"dept"`
	Due    time.Time  `json:"due"`
	Status TaskStatus `json:"status"`
	DoneAt *time.Time `json:"done_at,omitempty"`
	DoneBy string     `json:"done_by,omitempty"`
	Note   string     `json:"note,omitempty"`
}

// StatusName is the status in words.
func (t Task) StatusName() risk.Labeled { return t.Status }

// LevelName is the level in words.
func (t Task) LevelName() risk.Labeled { return t.Level }

// Overdue reports whether the task is open past its deadline at now.
func (t Task) Overdue(now time.Time) bool { return t.Status == TaskOpen && now.After(t.Due) }

// EventKind is an entry of the timeline. Values are stored.
type EventKind string

// Timeline entries.
const (
	EvOpened   EventKind = "opened"
	EvRaised   EventKind = "raised"
	EvLowered  EventKind = "lowered"
	EvTaskDone EventKind = "task-done"
	EvAction   EventKind = "action"
	EvLinked   EventKind = "linked"
	EvClosed   EventKind = "closed"
)

var eventLabels = risk.Labels{string(EvOpened): {"启动响应", "Response started"}, string(EvRaised): {"提高响应等级", "Level raised"},
	string(EvLowered): {"降低响应等级", "Level lowered"}, string(EvTaskDone): {"任务完成", "Task done"},
	string(EvAction): {"处置情况", "Action taken"}, string(EvLinked): {"关联", "Linked"}, string(EvClosed): {"结束响应", "Closed"}}

// Label names the kind.
func (k EventKind) Label() (zh, en string) { return eventLabels.Of(string(k)) }

// Event is one entry of an incident's timeline. Text is as the user typed
// it, or "中文 / English" when riskgate wrote it.
type Event struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Dept string    `json:"dept,omitempty"`
	Kind EventKind `json:"kind"`
	Text string    `json:"text"`
}

// KindName is the kind in words.
func (e Event) KindName() risk.Labeled { return e.Kind }

// Review is the review an incident is closed with (总结评估).
type Review struct {
	Summary  string    `json:"summary"`
	Lessons  string    `json:"lessons"`
	ClosedAt time.Time `json:"closed_at"`
	ClosedBy string    `json:"closed_by"`
}

// Incident is an emergency event under a plan (or a drill of it).
type Incident struct {
	ID          risk.ID          `json:"id"`
	PlanID      risk.ID          `json:"plan_id"`
	PlanTitle   string           `json:"plan_title"`
	Hazard      Hazard           `json:"hazard"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Port        string           `json:"port,omitempty"` // customs district code
	Source      Source           `json:"source"`
	SignalID    risk.ID          `json:"signal_id,omitempty"`
	Declaration string           `json:"declaration,omitempty"` // the held declaration's number
	Drill       bool             `json:"drill"`
	DrillID     risk.ID          `json:"drill_id,omitempty"`
	Facts       map[Fact]float64 `json:"facts"`
	Level       Level            `json:"level"`
	LevelReason string           `json:"level_reason"` // "中文 / English"
	Status      Status           `json:"status"`
	Depts       []string         `json:"depts"` // taking part: the plan's lead first
	Tasks       []Task           `json:"tasks"`
	Timeline    []Event          `json:"timeline"`
	Warnings    []risk.ID        `json:"warnings"`
	Measures    []risk.ID        `json:"measures"`
	Cases       []risk.ID        `json:"cases"`
	Review      *Review          `json:"review,omitempty"`
	OpenedAt    time.Time        `json:"opened_at"`
	CreatedBy   string           `json:"created_by"`
	UpdatedAt   time.Time        `json:"updated_at"`
	Rev         int              `json:"rev"`
}

// LevelName, StatusName, SourceName and HazardName are codes in words.
func (inc *Incident) LevelName() risk.Labeled  { return inc.Level }
func (inc *Incident) StatusName() risk.Labeled { return inc.Status }
func (inc *Incident) SourceName() risk.Labeled { return inc.Source }
func (inc *Incident) HazardName() risk.Labeled { return inc.Hazard }

// Open reports whether the incident still responds.
func (inc *Incident) Open() bool { return inc.Status == Responding }

// OpenTasks counts the open tasks.
func (inc *Incident) OpenTasks() int {
	n := 0
	for _, t := range inc.Tasks {
		if t.Status == TaskOpen {
			n++
		}
	}
	return n
}

// FactList is the facts in the order of Facts, for pages.
func (inc *Incident) FactList() []FactValue {
	var out []FactValue
	for _, f := range Facts {
		if v, ok := inc.Facts[f]; ok {
			out = append(out, FactValue{f, v})
		}
	}
	return out
}

// FactValue is one fact with its value.
type FactValue struct {
	Fact  Fact
	Value float64
}

// Name is the fact in words.
func (fv FactValue) Name() risk.Labeled { return fv.Fact }

// Text is the value as written.
func (fv FactValue) Text() string { return num(fv.Value) }

// DrillStatus is where a drill stands. Values are stored.
type DrillStatus string

// Drill statuses.
const (
	DrillScheduled DrillStatus = "scheduled"
	DrillRunning   DrillStatus = "running"
	DrillDone      DrillStatus = "done"
	DrillCancelled DrillStatus = "cancelled"
)

var drillLabels = risk.Labels{string(DrillScheduled): {"已计划", "Scheduled"}, string(DrillRunning): {"演练中", "Running"},
	string(DrillDone): {"已完成", "Done"}, string(DrillCancelled): {"已取消", "Cancelled"}}

// Label names the status.
func (s DrillStatus) Label() (zh, en string) { return drillLabels.Of(string(s)) }

// Drill actions.
const (
	ActRun    = "run"
	ActFinish = "finish"
	ActCancel = "cancel"
)

// DrillMachine is a drill's lifecycle.
var DrillMachine = risk.Machine{
	Name: "应急演练 drill",
	Next: map[string]map[string]string{
		string(DrillScheduled): {ActRun: string(DrillRunning), ActCancel: string(DrillCancelled)},
		string(DrillRunning):   {ActFinish: string(DrillDone)},
	},
	StateNames: drillLabels,
	ActionNames: risk.Labels{ActRun: {"开始演练", "run"}, ActFinish: {"完成演练", "finish"},
		ActCancel: {"取消演练", "cancel"}},
}

// FollowUp is an action a drill's findings call for.
type FollowUp struct {
	Seq  int    `json:"seq"`
	Text string `json:"text"`
	Dept string `json:"dept"`
	Due  string `json:"due"` // YYYY-MM-DD
}

// Drill is an exercise of a plan at a port.
type Drill struct {
	ID          risk.ID          `json:"id"`
	PlanID      risk.ID          `json:"plan_id"`
	PlanTitle   string           `json:"plan_title"`
	Port        string           `json:"port"`
	ScheduledOn string           `json:"scheduled_on"` // YYYY-MM-DD
	Scenario    string           `json:"scenario"`
	Facts       map[Fact]float64 `json:"facts"` // of the simulated event
	Depts       []string         `json:"depts"` // the plan's
	Status      DrillStatus      `json:"status"`
	IncidentID  risk.ID          `json:"incident_id,omitempty"`
	Findings    string           `json:"findings,omitempty"`
	FollowUps   []FollowUp       `json:"follow_ups"`
	CreatedBy   string           `json:"created_by"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
	Rev         int              `json:"rev"`
}

// StatusName is the status in words.
func (d *Drill) StatusName() risk.Labeled { return d.Status }

// Overdue reports whether a scheduled drill's day has passed on today
// (YYYY-MM-DD) without it being run.
func (d *Drill) Overdue(today string) bool {
	return d.Status == DrillScheduled && d.ScheduledOn < today
}
