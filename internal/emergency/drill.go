package emergency

import (
	"context"
	"fmt"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/risk"
)

// DrillInput schedules a drill.
type DrillInput struct {
	PlanID      risk.ID          `json:"plan_id"`
	Port        string           `json:"port"`
	ScheduledOn string           `json:"scheduled_on"`
	Scenario    string           `json:"scenario"`
	Facts       map[Fact]float64 `json:"facts"`
}

// Schedule schedules a drill of a plan at a port.
func (s *Service) Schedule(ctx context.Context, a risk.Actor, in DrillInput) (*Drill, error) {
	if !CanPlan(a) {
		return nil, forbidden("无权安排应急演练。", "Not allowed to schedule drills.")
	}
	var v risk.Validation
	d := &Drill{Port: strings.TrimSpace(in.Port), Scenario: strings.TrimSpace(in.Scenario), Status: DrillScheduled, FollowUps: []FollowUp{}}
	p, err := s.Store.Plan(ctx, in.PlanID)
	if err != nil {
		if !isNotFound(err) {
			return nil, err
		}
		v.Add("plan_id", fmt.Sprintf("应急预案 %d 不存在。", in.PlanID), fmt.Sprintf("plan %d does not exist.", in.PlanID))
	} else {
		d.PlanID, d.PlanTitle, d.Depts = p.ID, p.Title, p.Depts()
		if !takesPart(a, d.Depts) {
			v.Add("plan_id", "本部门不在该预案的成员单位中。", "your department has no part in this plan.")
		}
	}
	if !s.Ports[d.Port] {
		v.Add("port", "请选择口岸目录中的口岸。", "choose a port of the ports catalogue.")
	}
	d.ScheduledOn = day(&v, "scheduled_on", in.ScheduledOn, true)
	v.Paragraph("scenario", d.Scenario, MaxText, true, "演练情景", "the scenario")
	d.Facts = checkFacts(&v, in.Facts)
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	d.CreatedBy, d.CreatedAt, d.UpdatedAt, d.Rev = a.Label(), now, now, 1
	ae := audit.New(a, "emergency.drill.schedule", "emergency_drill", 0, fmt.Sprintf("安排应急演练：%s，%s", d.PlanTitle, d.ScheduledOn))
	if err := s.Store.CreateDrill(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

func isNotFound(err error) bool {
	e, ok := risk.AsError(err)
	return ok && e.Kind == risk.ErrNotFound
}

// Drill returns a drill a may see.
func (s *Service) Drill(ctx context.Context, a risk.Actor, id risk.ID) (*Drill, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	d, err := s.Store.Drill(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeDrill(a, d) {
		return nil, notFound("没有该应急演练。", "No such drill.")
	}
	return d, nil
}

// Drills lists the drills of a's department's plans.
func (s *Service) Drills(ctx context.Context, a risk.Actor, f DrillFilter) ([]*Drill, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if f.Overdue {
		f.Status, f.Before = DrillScheduled, credit.Today(s.Now())
	}
	if !a.SeesAll() {
		if a.Dept == "" {
			return nil, 0, nil
		}
		f.Dept = a.Dept
	}
	return s.Store.Drills(ctx, f)
}

// drillStep checks a drill action against the machine and the revision.
func drillStep(d *Drill, action string, rev int) (DrillStatus, error) {
	to, err := DrillMachine.Step(string(d.Status), action)
	if err != nil {
		return "", err
	}
	if rev != d.Rev {
		return "", &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("演练已被他人更新，请刷新后重试。", "the drill was changed by someone else; reload and try again.")}
	}
	return DrillStatus(to), nil
}

// Run starts a drill: an incident flagged as a drill, under the drill's
// plan with the scenario's facts, so that levels, tasks and the timeline
// are exercised as in a real event.
func (s *Service) Run(ctx context.Context, a risk.Actor, id risk.ID, rev int) (*Drill, *Incident, error) {
	d, err := s.Drill(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	to, err := drillStep(d, ActRun, rev)
	if err != nil {
		return nil, nil, err
	}
	if !CanRunDrill(a, d) {
		return nil, nil, forbidden("无权开始该演练。", "Not allowed to run this drill.")
	}
	title := "【演练】" + d.PlanTitle
	inc, err := s.build(ctx, a, IncidentInput{PlanID: d.PlanID, Title: title, Description: d.Scenario, Port: d.Port, Source: FromDrill, Facts: d.Facts})
	if err != nil {
		return nil, nil, err
	}
	inc.Drill, inc.DrillID = true, d.ID
	d.Status, d.UpdatedAt, d.Rev = to, inc.OpenedAt, d.Rev+1
	ae := []audit.Entry{audit.New(a, "emergency.incident.open", "emergency_incident", 0, "启动应急演练响应："+title),
		audit.New(a, "emergency.drill.run", "emergency_drill", d.ID, "开始应急演练："+d.PlanTitle)}
	if err := s.Store.CreateIncident(ctx, inc, ae, d); err != nil {
		return nil, nil, err
	}
	return d, inc, nil
}

// FollowUpInput is a follow-up action of a drill's findings.
type FollowUpInput struct {
	Text string `json:"text"`
	Dept string `json:"dept"`
	Due  string `json:"due"`
}

// Findings finish a drill.
type Findings struct {
	Findings  string          `json:"findings"`
	FollowUps []FollowUpInput `json:"follow_ups"`
	Rev       int             `json:"rev"`
}

// Finish records a drill's findings and follow-up actions.
func (s *Service) Finish(ctx context.Context, a risk.Actor, id risk.ID, in Findings) (*Drill, error) {
	d, err := s.Drill(ctx, a, id)
	if err != nil {
		return nil, err
	}
	to, err := drillStep(d, ActFinish, in.Rev)
	if err != nil {
		return nil, err
	}
	if !CanFinishDrill(a, d) {
		return nil, forbidden("无权完成该演练。", "Not allowed to finish this drill.")
	}
	var v risk.Validation
	d.Findings = strings.TrimSpace(in.Findings)
	v.Paragraph("findings", d.Findings, MaxText, true, "演练发现的问题", "the findings")
	if len(in.FollowUps) > MaxRows {
		v.Add("follow_ups", fmt.Sprintf("整改措施最多 %d 项。", MaxRows), fmt.Sprintf("at most %d follow-up actions.", MaxRows))
	}
	d.FollowUps = []FollowUp{}
	for i, f := range in.FollowUps {
		field := fmt.Sprintf("follow_ups[%d]", i)
		fu := FollowUp{Seq: i + 1, Text: strings.TrimSpace(f.Text)}
		v.Text(field+".text", fu.Text, MaxLine, true, "整改措施", "the action")
		fu.Dept = s.dept(&v, field+".dept", f.Dept)
		fu.Due = day(&v, field+".due", f.Due, true)
		d.FollowUps = append(d.FollowUps, fu)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	d.Status, d.UpdatedAt, d.Rev = to, s.Now().UTC(), d.Rev+1
	ae := audit.New(a, "emergency.drill.finish", "emergency_drill", d.ID, fmt.Sprintf("完成应急演练：%s（整改措施 %d 项）", d.PlanTitle, len(d.FollowUps)))
	if err := s.Store.UpdateDrill(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

// Cancel cancels a scheduled drill with a reason.
func (s *Service) Cancel(ctx context.Context, a risk.Actor, id risk.ID, reason string, rev int) (*Drill, error) {
	d, err := s.Drill(ctx, a, id)
	if err != nil {
		return nil, err
	}
	to, err := drillStep(d, ActCancel, rev)
	if err != nil {
		return nil, err
	}
	if !CanPlan(a) || !takesPart(a, d.Depts) {
		return nil, forbidden("无权取消该演练。", "Not allowed to cancel this drill.")
	}
	reason = strings.TrimSpace(reason)
	var v risk.Validation
	v.Paragraph("reason", reason, MaxText, true, "取消理由", "the reason")
	if err := v.Err(); err != nil {
		return nil, err
	}
	d.Status, d.Findings, d.UpdatedAt, d.Rev = to, reason, s.Now().UTC(), d.Rev+1
	ae := audit.New(a, "emergency.drill.cancel", "emergency_drill", d.ID, "取消应急演练："+reason)
	if err := s.Store.UpdateDrill(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

// Queue is what waits in emergency response for a user.
type Queue struct {
	OpenTasks     int `json:"open_tasks"`
	OverdueTasks  int `json:"overdue_tasks"`
	OverdueDrills int `json:"overdue_drills"`
}

// Queue counts the open incident tasks of a's department and the drills of
// its plans past their day.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if !CanRead(a) || (!a.SeesAll() && a.Dept == "") {
		return q, nil
	}
	dept := a.Dept
	if a.SeesAll() {
		dept = ""
	}
	var err error
	if q.OpenTasks, q.OverdueTasks, err = s.Store.Tasks(ctx, dept, s.Now()); err != nil {
		return q, err
	}
	_, q.OverdueDrills, err = s.Store.Drills(ctx, DrillFilter{Dept: dept, Status: DrillScheduled, Before: credit.Today(s.Now()), Paging: risk.Paging{Limit: 1}})
	return q, err
}
