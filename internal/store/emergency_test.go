package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/emergency"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// holds is a stand-in for the screening engine's stored declarations.
type holds map[string]screening.Decision

func (h holds) Get(_ context.Context, _ risk.Actor, number string) (*screening.Stored, error) {
	d, ok := h[number]
	if !ok {
		return nil, risk.Errorf(risk.ErrNotFound, "no such declaration")
	}
	return &screening.Stored{Declaration: screening.Declaration{Number: number, Port: "4900"}, Result: screening.Result{Number: number, Decision: d}}, nil
}

// wastePlan is a plan for imported solid waste with three levels (no 特别重大).
func wastePlan() emergency.PlanInput {
	return emergency.PlanInput{Title: "进口固体废物口岸应急处置预案", Hazard: emergency.SolidWaste, Lead: "hn-port",
		Levels: []emergency.PlanLevel{
			{Level: emergency.LevelIV, Actions: []emergency.Action{{Text: "现场封存货物", Dept: "cs-customs", Within: 2, Unit: emergency.Hours}}},
			{Level: emergency.LevelII, Triggers: []emergency.Trigger{{Fact: emergency.FactTonnes, Min: 500, Text: "涉事固体废物 500 吨以上"}},
				Actions: []emergency.Action{{Text: "启动省级应急指挥部", Dept: "hn-port", Within: 4, Unit: emergency.Hours},
					{Text: "组织环境风险评估", Dept: "hn-ecoenv", Within: 3, Unit: emergency.Workdays}}},
			{Level: emergency.LevelIII, Triggers: []emergency.Trigger{{Fact: emergency.FactTonnes, Min: 100, Text: "涉事固体废物 100 吨以上"}},
				Actions: []emergency.Action{{Text: "鉴别固体废物属性", Dept: "cs-customs", Within: 2, Unit: emergency.Workdays},
					{Text: "协调退运船舶", Dept: "hn-transport", Within: 24, Unit: emergency.Hours}}}},
		Roles: []emergency.Role{{Dept: "cs-customs", Tier: emergency.TierField, Duty: "查验、扣留、鉴别和退运"},
			{Dept: "hn-ecoenv", Tier: emergency.TierCommand, Duty: "环境风险评估和处置监督"},
			{Dept: "hn-transport", Tier: emergency.TierCommand, Duty: "运输保障"}},
		Contacts:  []emergency.Contact{{Dept: "hn-port", Name: "值班室", Phone: "0731-00000000"}},
		Resources: []emergency.Resource{{Name: "防渗漏围堰", Location: "城陵矶港", Quantity: 20, Unit: "套", Owner: "cs-customs", CheckedOn: "2026-06-01", NextCheck: "2026-12-01"}}}
}

// TestEmergencyStore runs the emergency service on both engines: bad input
// writes nothing (a plan without actions, an incident at a level its plan
// lacks, a declaration not held); the plan's criteria set the level and its
// actions become tasks; departments see only the incidents they take part
// in; raising adds tasks and lowering cancels them; a closed incident
// needs its tasks done; a drill runs as an incident flagged as a drill;
// the workbench counts come from the task index.
func TestEmergencyStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC) // a Friday, 10:00 in China
		clock := func() time.Time { return now }
		svc := &emergency.Service{Store: db.Emergency(), Declarations: holds{"490020260001": screening.Detain, "490020260002": screening.Inspect},
			Depts: map[string]bool{"hn-port": true, "cs-customs": true, "hn-ecoenv": true, "hn-transport": true, "hn-amr": true},
			Ports: map[string]bool{"4900": true}, Now: clock}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		env := risk.Actor{UserID: 6, Login: "env", Role: risk.RoleOfficer, Dept: "hn-ecoenv"}
		amr := risk.Actor{UserID: 9, Login: "amr", Role: risk.RoleOfficer, Dept: "hn-amr"}
		approver := risk.Actor{UserID: 7, Login: "approver", Role: risk.RoleApprover, Dept: "cs-customs"}
		port := risk.Actor{UserID: 8, Login: "port", Role: risk.RoleOfficer, Dept: "hn-port"}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		field := func(err error) string {
			if e, ok := risk.AsError(err); ok {
				return e.Field
			}
			return ""
		}

		start := entries()
		bad := wastePlan()
		bad.Levels[0].Actions = nil
		if _, err := svc.CreatePlan(ctx, officer, bad); !errors.Is(err, risk.ErrInvalid) || field(err) != "levels[0].actions" {
			t.Fatalf("plan without actions: %v (field %q)", err, field(err))
		}
		if n := entries() - start; n != 0 {
			t.Fatalf("refused plan wrote %d audit entries", n)
		}
		p, err := svc.CreatePlan(ctx, officer, wastePlan())
		if err != nil {
			t.Fatal(err)
		}
		if got := []emergency.Level{p.Levels[0].Level, p.Levels[1].Level, p.Levels[2].Level}; got[0] != emergency.LevelII || got[2] != emergency.LevelIV {
			t.Errorf("levels not ordered from the most severe: %v", got)
		}
		if p.OverdueResources("2026-12-04") != 1 {
			t.Errorf("the resource checked by 2026-12-01 is not overdue")
		}

		// A level the plan lacks: refused, naming the field, nothing written.
		before := entries()
		_, err = svc.Open(ctx, officer, emergency.IncidentInput{PlanID: p.ID, Title: "x", Description: "y", Source: emergency.FromHand,
			Level: emergency.LevelI, LevelReason: "领导指示"})
		if !errors.Is(err, risk.ErrInvalid) || field(err) != "level" || !strings.Contains(err.Error(), "不在预案") || !strings.Contains(err.Error(), "not one of the levels") {
			t.Fatalf("level I on a plan without it: %v", err)
		}
		_, err = svc.Open(ctx, officer, emergency.IncidentInput{PlanID: p.ID, Title: "x", Description: "y", Source: emergency.FromHold, Declaration: "490020260002"})
		if field(err) != "declaration" {
			t.Fatalf("a declaration screened for inspection is not a hold: %v", err)
		}
		if _, n, _ := db.Emergency().Incidents(ctx, emergency.IncidentFilter{}); n != 0 || entries() != before {
			t.Fatalf("refused incidents wrote %d incidents, %d entries", n, entries()-before)
		}

		// From a hold: 120 tonnes meets 较大's criterion.
		inc, err := svc.Open(ctx, officer, emergency.IncidentInput{PlanID: p.ID, Title: "进口废五金夹带固体废物", Description: "查验发现夹带废电路板。",
			Source: emergency.FromHold, Declaration: "490020260001", Facts: map[emergency.Fact]float64{emergency.FactTonnes: 120}})
		if err != nil {
			t.Fatal(err)
		}
		if inc.Level != emergency.LevelIII || !strings.Contains(inc.LevelReason, "涉事固体废物 100 吨以上") || inc.Port != "4900" {
			t.Errorf("level %s, reason %q, port %q", inc.Level, inc.LevelReason, inc.Port)
		}
		if len(inc.Tasks) != 2 || inc.Tasks[1].Dept != "hn-transport" || !inc.Tasks[1].Due.Equal(now.Add(24*time.Hour)) {
			t.Fatalf("tasks %+v", inc.Tasks)
		}
		// 2 working days from Friday 4 December: the end of Tuesday 8 December.
		if want := time.Date(2026, 12, 8, 23, 59, 59, 0, risk.China); !inc.Tasks[0].Due.Equal(want) {
			t.Errorf("due %v, want %v", inc.Tasks[0].Due, want)
		}
		// Scoping.
		if _, n, _ := svc.Incidents(ctx, amr, emergency.IncidentFilter{}); n != 0 {
			t.Errorf("market regulation sees %d incidents it takes no part in", n)
		}
		if _, err := svc.Incident(ctx, amr, inc.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("market regulation reads the incident: %v", err)
		}
		if _, n, _ := svc.Incidents(ctx, risk.Actor{UserID: 10, Login: "nodept", Role: risk.RoleOfficer}, emergency.IncidentFilter{}); n != 0 {
			t.Errorf("an officer of no department sees %d incidents", n)
		}
		if _, n, _ := svc.Incidents(ctx, env, emergency.IncidentFilter{}); n != 1 {
			t.Errorf("ecology and environment sees %d incidents, want 1", n)
		}
		if open, _, _ := db.Emergency().Tasks(ctx, "hn-transport", now); open != 1 {
			t.Errorf("transport has %d open tasks, want 1", open)
		}

		// Raise to 重大, then lower to 一般.
		if _, err := svc.Adjust(ctx, officer, inc.ID, emergency.Adjustment{Level: emergency.LevelI, Reason: "x", Rev: inc.Rev}); field(err) != "level" {
			t.Fatalf("raise to a level the plan lacks: %v", err)
		}
		if inc, err = svc.Adjust(ctx, approver, inc.ID, emergency.Adjustment{Level: emergency.LevelII, Reason: "复查后确认 650 吨", Rev: inc.Rev}); err != nil {
			t.Fatal(err)
		}
		if len(inc.Tasks) != 4 || inc.Level != emergency.LevelII || inc.Timeline[len(inc.Timeline)-1].Kind != emergency.EvRaised {
			t.Fatalf("after raising: level %s, %d tasks", inc.Level, len(inc.Tasks))
		}
		if _, err := svc.Adjust(ctx, officer, inc.ID, emergency.Adjustment{Level: emergency.LevelIV, Reason: "x", Rev: inc.Rev - 1}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("stale revision: %v", err)
		}
		if inc, err = svc.Adjust(ctx, officer, inc.ID, emergency.Adjustment{Level: emergency.LevelIV, Reason: "鉴别为一般工业原料", Rev: inc.Rev}); err != nil {
			t.Fatal(err)
		}
		var cancelled, open int
		for _, tk := range inc.Tasks {
			switch tk.Status {
			case emergency.TaskCancelled:
				cancelled++
			case emergency.TaskOpen:
				open++
			}
		}
		if cancelled != 4 || open != 1 {
			t.Fatalf("after lowering: %d cancelled, %d open: %+v", cancelled, open, inc.Tasks)
		}

		// Tasks: only the task's department (or the lead) completes it.
		if _, err := svc.Complete(ctx, env, inc.ID, emergency.Completion{Seq: 5, Note: "x", Rev: inc.Rev}); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("another department completes customs' task: %v", err)
		}
		if _, err := svc.Close(ctx, port, inc.ID, emergency.ReviewInput{Summary: "s", Lessons: "l", Rev: inc.Rev}); field(err) != "tasks" {
			t.Errorf("closed with an open task: %v", err)
		}
		if _, overdue, _ := db.Emergency().Tasks(ctx, "", now.Add(3*time.Hour)); overdue != 1 {
			t.Errorf("%d overdue tasks three hours on, want 1", overdue)
		}
		if inc, err = svc.Complete(ctx, officer, inc.ID, emergency.Completion{Seq: 5, Note: "已封存", Rev: inc.Rev}); err != nil {
			t.Fatal(err)
		}
		if inc, err = svc.Record(ctx, env, inc.ID, emergency.Note{Text: "现场采样送检", Rev: inc.Rev}); err != nil {
			t.Fatal(err)
		}
		if inc, err = svc.Close(ctx, port, inc.ID, emergency.ReviewInput{Summary: "货物已退运", Lessons: "加强装运前检验", Rev: inc.Rev}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Record(ctx, env, inc.ID, emergency.Note{Text: "x", Rev: inc.Rev}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("recorded on a closed incident: %v", err)
		}
		if open, _, _ := db.Emergency().Tasks(ctx, "", now); open != 0 {
			t.Errorf("%d open tasks after closing", open)
		}

		// A drill: overdue once its day passes, run as a drill incident,
		// finished with follow-ups.
		d, err := svc.Schedule(ctx, officer, emergency.DrillInput{PlanID: p.ID, Port: "4900", ScheduledOn: "2026-12-01", Scenario: "集装箱夹带废塑料",
			Facts: map[emergency.Fact]float64{emergency.FactTonnes: 600}})
		if err != nil {
			t.Fatal(err)
		}
		if q, err := svc.Queue(ctx, env); err != nil || q.OverdueDrills != 1 {
			t.Errorf("queue %+v, %v: want one overdue drill", q, err)
		}
		if q, _ := svc.Queue(ctx, amr); q.OverdueDrills != 0 {
			t.Errorf("market regulation's queue has another plan's drill")
		}
		d, di, err := svc.Run(ctx, officer, d.ID, d.Rev)
		if err != nil {
			t.Fatal(err)
		}
		if !di.Drill || di.Level != emergency.LevelII || d.IncidentID != di.ID || d.Status != emergency.DrillRunning {
			t.Fatalf("drill incident %+v, drill %+v", di, d)
		}
		drills := true
		if _, n, _ := svc.Incidents(ctx, officer, emergency.IncidentFilter{Drill: &drills}); n != 1 {
			t.Errorf("%d drill incidents, want 1", n)
		}
		if _, err := svc.Finish(ctx, officer, d.ID, emergency.Findings{Findings: "x", Rev: d.Rev,
			FollowUps: []emergency.FollowUpInput{{Text: "y", Dept: "nowhere", Due: "2026-12-30"}}}); field(err) != "follow_ups[0].dept" {
			t.Fatalf("follow-up of an unknown department: %v", err)
		}
		d, err = svc.Finish(ctx, officer, d.ID, emergency.Findings{Findings: "通讯联络不畅", Rev: d.Rev,
			FollowUps: []emergency.FollowUpInput{{Text: "更新联络表", Dept: "hn-port", Due: "2026-12-30"}}})
		if err != nil || d.Status != emergency.DrillDone || len(d.FollowUps) != 1 {
			t.Fatalf("finish: %+v, %v", d, err)
		}
		if q, _ := svc.Queue(ctx, env); q.OverdueDrills != 0 || q.OpenTasks != 1 {
			t.Errorf("queue after the drill %+v: want no overdue drill, one open drill task", q)
		}
	})
}
