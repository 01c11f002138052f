package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/emergency"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// emergencyIndexPage is /emergency: the plans, the incidents responding and
// the drills to come, of the user's department.
type emergencyIndexPage struct {
	Page
	Plans     []*emergency.Plan
	Incidents []*emergency.Incident
	Drills    []*emergency.Drill
	Today     string
	CanOpen   bool
	CanPlan   bool
}

func (s *Server) emergencyIndex(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a, ctx := actorOf(r), r.Context()
	plans, _, err := s.Emergency.Plans(ctx, a, emergency.PlanFilter{Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return err
	}
	incs, _, err := s.Emergency.Incidents(ctx, a, emergency.IncidentFilter{Status: emergency.Responding, Paging: risk.Paging{Limit: 50}})
	if err != nil {
		return err
	}
	drills, _, err := s.Emergency.Drills(ctx, a, emergency.DrillFilter{Status: emergency.DrillScheduled, Paging: risk.Paging{Limit: 50}})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "emergency.html", emergencyIndexPage{Page: s.page(r, "口岸风险应急处置", "Port emergency response"),
		Plans: plans, Incidents: incs, Drills: drills, Today: credit.Today(s.Now()), CanOpen: emergency.CanOpen(a), CanPlan: emergency.CanPlan(a)})
}

type emergencyPlanPage struct {
	Page
	Form
	Plan      *emergency.Plan
	Drills    []*emergency.Drill
	Incidents []*emergency.Incident
	Today     string
	CanDrill  bool
	CanOpen   bool
}

func (s *Server) emergencyPlanView(r *http.Request, id risk.ID) (emergencyPlanPage, error) {
	a, ctx := actorOf(r), r.Context()
	p, err := s.Emergency.Plan(ctx, a, id)
	if err != nil {
		return emergencyPlanPage{}, err
	}
	drills, _, err := s.Emergency.Drills(ctx, a, emergency.DrillFilter{PlanID: id, Paging: risk.Paging{Limit: 50}})
	if err != nil {
		return emergencyPlanPage{}, err
	}
	incs, _, err := s.Emergency.Incidents(ctx, a, emergency.IncidentFilter{PlanID: id, Paging: risk.Paging{Limit: 50}})
	if err != nil {
		return emergencyPlanPage{}, err
	}
	return emergencyPlanPage{Page: s.page(r, p.Title, p.Title), Plan: p, Drills: drills, Incidents: incs, Today: credit.Today(s.Now()),
		CanDrill: emergency.CanEditPlan(a, p), CanOpen: emergency.CanOpen(a)}, nil
}

// emergencyPlan is a plan's page: levels with their criteria and actions,
// the command, contacts, resources, drills and incidents.
func (s *Server) emergencyPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.emergencyPlanView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "emergency_plan.html", p)
}

var drillFormLabels = formLabels{"port": {"", "口岸", "Port"}, "scheduled_on": {"", "计划日期", "Scheduled on"},
	"scenario": {"", "演练情景", "Scenario"}, "plan_id": {"scenario", "应急预案", "Plan"}, "facts": {"f-tonnes", "情景指标", "Scenario facts"}}

// factsOf reads the fact inputs (f-tonnes, f-lots, …) of a form: a blank
// input is no fact.
func factsOf(f url.Values, v *risk.Validation) map[emergency.Fact]float64 {
	out := map[emergency.Fact]float64{}
	for _, fact := range emergency.Facts {
		s := strings.TrimSpace(f.Get("f-" + string(fact)))
		if s == "" {
			continue
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			zh, en := fact.Label()
			v.Add("facts."+string(fact), zh+"应为数字。", en+" must be a number.")
			continue
		}
		out[fact] = n
	}
	return out
}

func factLabels(ls formLabels) formLabels {
	for _, f := range emergency.Facts {
		zh, en := f.Label()
		ls["facts."+string(f)] = fieldLabel{"f-" + string(f), zh, en}
	}
	return ls
}

// emergencyDrillSchedule takes the plan page's drill form.
func (s *Server) emergencyDrillSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var v risk.Validation
	facts := factsOf(f, &v)
	err = v.Err()
	if err == nil {
		_, err = s.Emergency.Schedule(r.Context(), actorOf(r), emergency.DrillInput{PlanID: id, Port: f.Get("port"), ScheduledOn: f.Get("scheduled_on"),
			Scenario: f.Get("scenario"), Facts: facts})
	}
	if err == nil {
		http.Redirect(w, r, "/emergency/plans/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, factLabels(drillFormLabels), "drill", url.Values(f), "emergency_plan.html", func() (emergencyPlanPage, error) { return s.emergencyPlanView(r, id) })
}

// Held reports whether a declaration's decision holds it at the port, so
// that its page offers to open an emergency incident from it.
func (p Page) Held(d screening.Decision) bool { return emergency.IsHold(d) }

type incidentListPage struct {
	listPage[emergency.IncidentFilter, *emergency.Incident]
	CanOpen bool
}

// emergencyIncidents lists the incidents of the user's department.
func (s *Server) emergencyIncidents(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := incidentFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Emergency.Incidents(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "突发事件", "Incidents"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "emergency_incidents.html", incidentListPage{listPage: p, CanOpen: emergency.CanOpen(actorOf(r))})
}

type incidentFormPage struct {
	Page
	Form
	Plans []*emergency.Plan
	// Defaults from the query string: a held declaration or a signal.
	Source, Declaration, Signal, PlanID string
}

func (s *Server) incidentFormOf(r *http.Request) (incidentFormPage, error) {
	plans, _, err := s.Emergency.Plans(r.Context(), actorOf(r), emergency.PlanFilter{Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return incidentFormPage{}, err
	}
	q := r.URL.Query()
	p := incidentFormPage{Page: s.page(r, "启动应急响应", "Open an incident"), Plans: plans, Source: q.Get("source"),
		Declaration: q.Get("declaration"), Signal: q.Get("signal"), PlanID: q.Get("plan")}
	if p.Source == "" {
		p.Source = string(emergency.FromHand)
	}
	return p, nil
}

// emergencyIncidentNew is the form to open an incident.
func (s *Server) emergencyIncidentNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !emergency.CanOpen(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权启动应急响应。 / Not allowed to open incidents.")
	}
	p, err := s.incidentFormOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "emergency_incident_form.html", p)
}

var incidentFormLabels = formLabels{"plan_id": {"", "应急预案", "Plan"}, "title": {"", "事件名称", "Title"}, "description": {"", "事件概况", "Description"},
	"source": {"", "事件来源", "Source"}, "signal_id": {"", "风险信息编号", "Signal"}, "declaration": {"", "报关单号", "Declaration"},
	"port": {"", "口岸", "Port"}, "level": {"", "指定响应等级", "Level by decision"}, "level_reason": {"", "定级理由", "Reason for the level"},
	"facts": {"f-tonnes", "判定指标", "Facts"}}

// emergencyIncidentCreate opens an incident from the form.
func (s *Server) emergencyIncidentCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var v risk.Validation
	in := emergency.IncidentInput{Title: f.Get("title"), Description: f.Get("description"), Port: f.Get("port"), Source: emergency.Source(f.Get("source")),
		Declaration: f.Get("declaration"), Level: emergency.Level(f.Get("level")), LevelReason: f.Get("level_reason"), Facts: factsOf(f, &v)}
	in.PlanID = risk.ID(formInt(&v, "plan_id", f.Get("plan_id"), "应急预案", "the plan"))
	in.SignalID = risk.ID(formInt(&v, "signal_id", f.Get("signal_id"), "风险信息编号", "the signal"))
	err := v.Err()
	var inc *emergency.Incident
	if err == nil {
		inc, err = s.Emergency.Open(r.Context(), actorOf(r), in)
	}
	if err == nil {
		http.Redirect(w, r, "/emergency/incidents/"+inc.ID.String(), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, factLabels(incidentFormLabels), "open", url.Values(f), "emergency_incident_form.html", func() (incidentFormPage, error) { return s.incidentFormOf(r) })
}

type incidentPage struct {
	Page
	Form
	I          *emergency.Incident
	Plan       *emergency.Plan
	CanRespond bool
	CanCommand bool
	now        time.Time
}

// CanComplete reports whether the user may complete a task.
func (p incidentPage) CanComplete(t emergency.Task) bool {
	return emergency.CanComplete(p.Actor, p.I, t)
}

// Overdue reports whether a task is overdue now.
func (p incidentPage) Overdue(t emergency.Task) bool { return t.Overdue(p.now) }

func (s *Server) incidentView(r *http.Request, id risk.ID) (incidentPage, error) {
	a, ctx := actorOf(r), r.Context()
	inc, err := s.Emergency.Incident(ctx, a, id)
	if err != nil {
		return incidentPage{}, err
	}
	p, err := s.Emergency.Plan(ctx, a, inc.PlanID)
	if err != nil {
		return incidentPage{}, err
	}
	return incidentPage{Page: s.page(r, inc.Title, inc.Title), I: inc, Plan: p, CanRespond: emergency.CanRespond(a, inc),
		CanCommand: emergency.CanCommand(a, inc), now: s.Now()}, nil
}

// emergencyIncident is an incident's page: level and reason, tasks,
// timeline, links, and the forms of the response.
func (s *Server) emergencyIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.incidentView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "emergency_incident.html", p)
}

var incidentActionLabels = formLabels{"level": {"", "响应等级", "Level"}, "reason": {"", "调整理由", "Reason"}, "note": {"", "完成情况", "What was done"},
	"seq": {"", "任务", "Task"}, "text": {"", "处置情况", "What was done"}, "kind": {"", "关联对象", "Kind"}, "id": {"link-id", "编号", "Number"},
	"summary": {"", "处置总结", "Summary"}, "lessons": {"", "经验教训和改进措施", "Lessons"}, "tasks": {"summary", "任务", "Tasks"},
	"rev": {"", "版本", "Revision"}, "action": {"", "操作", "Action"}}

// emergencyIncidentPost takes one of the incident page's forms (action:
// adjust, complete, record, link or close).
func (s *Server) emergencyIncidentPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	a, ctx := actorOf(r), r.Context()
	rev, _ := strconv.Atoi(f.Get("rev"))
	action := f.Get("action")
	switch action {
	case emergency.ActAdjust:
		_, err = s.Emergency.Adjust(ctx, a, id, emergency.Adjustment{Level: emergency.Level(f.Get("level")), Reason: f.Get("reason"), Rev: rev})
	case emergency.ActComplete:
		seq, _ := strconv.Atoi(f.Get("seq"))
		action = "complete-" + f.Get("seq")
		_, err = s.Emergency.Complete(ctx, a, id, emergency.Completion{Seq: seq, Note: f.Get("note"), Rev: rev})
	case emergency.ActRecord:
		_, err = s.Emergency.Record(ctx, a, id, emergency.Note{Text: f.Get("text"), Rev: rev})
	case emergency.ActLink:
		var v risk.Validation
		lid := formInt(&v, "id", f.Get("id"), "编号", "the ID")
		if err = v.Err(); err == nil {
			_, err = s.Emergency.Link(ctx, a, id, emergency.Link{Kind: emergency.LinkKind(f.Get("kind")), ID: risk.ID(lid), Rev: rev})
		}
	case emergency.ActClose:
		_, err = s.Emergency.Close(ctx, a, id, emergency.ReviewInput{Summary: f.Get("summary"), Lessons: f.Get("lessons"), Rev: rev})
	default:
		err = risk.Invalid("action", "未知操作。", "unknown action.")
	}
	if err == nil {
		http.Redirect(w, r, "/emergency/incidents/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, incidentActionLabels, action, url.Values(f), "emergency_incident.html", func() (incidentPage, error) { return s.incidentView(r, id) })
}

type drillListPage struct {
	listPage[emergency.DrillFilter, *emergency.Drill]
	Today string
}

// emergencyDrills lists the drills of the user's department's plans.
func (s *Server) emergencyDrills(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := drillFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Emergency.Drills(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "应急演练", "Drills"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "emergency_drills.html", drillListPage{listPage: p, Today: credit.Today(s.Now())})
}

type drillPage struct {
	Page
	Form
	D         *emergency.Drill
	Today     string
	CanRun    bool
	CanFinish bool
	CanCancel bool
	Rows      []int // follow-up rows of the finish form
}

func (s *Server) drillView(r *http.Request, id risk.ID) (drillPage, error) {
	a := actorOf(r)
	d, err := s.Emergency.Drill(r.Context(), a, id)
	if err != nil {
		return drillPage{}, err
	}
	return drillPage{Page: s.page(r, "应急演练 "+d.ID.String(), "Drill "+d.ID.String()), D: d, Today: credit.Today(s.Now()),
		CanRun: emergency.CanRunDrill(a, d), CanFinish: emergency.CanFinishDrill(a, d),
		CanCancel: d.Status == emergency.DrillScheduled && emergency.CanPlan(a), Rows: []int{0, 1, 2, 3}}, nil
}

// emergencyDrill is a drill's page.
func (s *Server) emergencyDrill(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.drillView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "emergency_drill.html", p)
}

var drillActionLabels = formLabels{"findings": {"", "演练发现的问题", "Findings"}, "reason": {"", "取消理由", "Reason"},
	"rev": {"", "版本", "Revision"}, "action": {"", "操作", "Action"}}

// drillLabel names the fields of the follow-up rows: follow_ups[i] is the
// i-th row filled in, rows[i] its row on the form.
func drillLabel(rows []int) labelFunc {
	return func(field string) (fieldLabel, bool) {
		var i int
		var rest string
		if n, err := fmtSscan(field, &i, &rest); err == nil && n == 2 && i < len(rows) {
			k := "u" + strconv.Itoa(rows[i]) + "-" + rest
			switch rest {
			case "text":
				return fieldLabel{k, "整改措施", "Follow-up action"}, true
			case "dept":
				return fieldLabel{k, "责任部门", "Department"}, true
			case "due":
				return fieldLabel{k, "完成期限", "Due"}, true
			}
		}
		return fieldLabel{}, false
	}
}

// fmtSscan reads "follow_ups[i].rest".
func fmtSscan(field string, i *int, rest *string) (int, error) {
	s, ok := strings.CutPrefix(field, "follow_ups[")
	if !ok {
		return 0, strconv.ErrSyntax
	}
	num, r, ok := strings.Cut(s, "].")
	if !ok {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, err
	}
	*i, *rest = n, r
	return 2, nil
}

// emergencyDrillPost takes the drill page's forms (action: run, finish or
// cancel).
func (s *Server) emergencyDrillPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	a, ctx := actorOf(r), r.Context()
	rev, _ := strconv.Atoi(f.Get("rev"))
	var rows []int
	switch f.Get("action") {
	case emergency.ActRun:
		var inc *emergency.Incident
		if _, inc, err = s.Emergency.Run(ctx, a, id, rev); err == nil {
			http.Redirect(w, r, "/emergency/incidents/"+inc.ID.String(), http.StatusSeeOther)
			return nil
		}
	case emergency.ActFinish:
		in := emergency.Findings{Findings: f.Get("findings"), Rev: rev}
		for i := range 4 {
			k := "u" + strconv.Itoa(i) + "-"
			if strings.TrimSpace(f.Get(k+"text")+f.Get(k+"due")) == "" {
				continue
			}
			rows = append(rows, i)
			in.FollowUps = append(in.FollowUps, emergency.FollowUpInput{Text: f.Get(k + "text"), Dept: f.Get(k + "dept"), Due: f.Get(k + "due")})
		}
		_, err = s.Emergency.Finish(ctx, a, id, in)
	case emergency.ActCancel:
		_, err = s.Emergency.Cancel(ctx, a, id, f.Get("reason"), rev)
	default:
		err = risk.Invalid("action", "未知操作。", "unknown action.")
	}
	if err == nil {
		http.Redirect(w, r, "/emergency/drills/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labelsAll{drillActionLabels, drillLabel(rows)}, f.Get("action"), url.Values(f), "emergency_drill.html", func() (drillPage, error) { return s.drillView(r, id) })
}
