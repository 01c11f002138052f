package assess_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

type world struct {
	svc    *assess.Service
	caseID risk.ID
	users  map[string]risk.Actor
}

func setup(t *testing.T, db *store.DB) *world {
	ctx := context.Background()
	sets, _ := catalog.BuiltinSets()
	now := func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) }
	as := &auth.Service{Store: db.Auth(), Sets: sets, Now: now}
	users := map[string]risk.Actor{}
	for _, u := range []auth.NewUser{
		{Login: "officer", Name: "李敏", Dept: "cs-customs", Role: "officer"},
		{Login: "approver", Name: "张伟", Dept: "cs-customs", Role: "approver"},
		{Login: "approver2", Name: "陈刚", Dept: "hn-amr", Role: "approver"},
		{Login: "amr", Name: "王芳", Dept: "hn-amr", Role: "officer"},
		{Login: "inspector", Name: "刘洋", Dept: "cs-customs", Role: "inspector"},
	} {
		u.Password = "a-long-password"
		created, err := as.AddUser(ctx, risk.System, u)
		if err != nil {
			t.Fatal(err)
		}
		users[u.Login] = created.Actor()
	}
	sigs := &signal.Service{Store: db.Signals(), Sets: sets, Now: now}
	res, err := sigs.Create(ctx, users["officer"], []signal.Input{{Channel: "12315", Description: "打火机烧伤"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := &casefile.Service{Store: db.Cases(), Sets: sets, Now: now}
	c, err := cases.Open(ctx, users["officer"], casefile.OpenInput{Title: "打火机", Signals: []risk.ID{res[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cases.Share(ctx, users["officer"], c.ID, "hn-amr"); err != nil {
		t.Fatal(err)
	}
	return &world{svc: &assess.Service{Store: db.Assessments(), Cases: cases, Now: now}, caseID: c.ID, users: users}
}

var burns = []assess.Scenario{{Hazard: "burns", Population: "儿童", Vulnerable: true, Severity: 3,
	Steps: []assess.Step{{Description: "火焰过高", Probability: "1/10"}, {Description: "接触皮肤", Probability: "0.5"}}}}

func TestWorkflow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, appr := w.users["officer"], w.users["approver"]
		// Who may draft: officers of the case's department only.
		for _, who := range []string{"approver", "inspector", "amr"} {
			if _, err := w.svc.Draft(ctx, w.users[who], w.caseID, assess.Input{Scenarios: burns}); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("%s drafts: %v", who, err)
			}
		}
		x, err := w.svc.Draft(ctx, off, w.caseID, assess.Input{Product: "一次性打火机", Scenarios: burns, Assessor: "李敏", Organisation: "长沙海关"})
		if err != nil {
			t.Fatal(err)
		}
		if x.Version != 1 || x.Status != assess.StatusDraft || x.Profile != "rag-2019" {
			t.Fatalf("draft %+v", x)
		}
		if _, err := w.svc.Draft(ctx, off, w.caseID, assess.Input{}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("second working copy: %v", err)
		}
		// Forbidden from draft: approve and return.
		for _, act := range []string{"approve", "return"} {
			if _, err := w.svc.Decide(ctx, appr, x.ID, act, "n", x.Rev); !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "submit") {
				t.Errorf("%s a draft: %v", act, err)
			}
		}
		// A bad step probability is refused when saved, naming the step.
		for _, p := range []string{"2", "0", ".5e1", "NaN", "1e-1000000", "Inf"} {
			bad := []assess.Scenario{{Severity: 2, Steps: []assess.Step{{Probability: "1/10"}, {Probability: assess.Probability(p)}}}}
			_, err := w.svc.Edit(ctx, off, x.ID, assess.Input{Scenarios: bad, Rev: x.Rev})
			if e, _ := risk.AsError(err); e == nil || e.Field != "scenarios[0].steps[1].probability" {
				t.Fatalf("probability %q: %v", p, err)
			}
		}
		x, err = w.svc.Edit(ctx, off, x.ID, assess.Input{Scenarios: burns, Product: "一次性打火机", Rev: x.Rev})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Edit(ctx, off, x.ID, assess.Input{Scenarios: burns, Rev: x.Rev - 1}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("stale edit: %v", err)
		}
		x, err = w.svc.Submit(ctx, off, x.ID, x.Rev)
		if err != nil || x.Status != assess.StatusSubmitted || x.Level != risk.LevelSerious || x.Result.Scenarios[0].Exact != "1/20" {
			t.Fatalf("submit: %+v %v", x, err)
		}
		// Submitted: no edits, no resubmit; return needs a note; only the department's approver decides.
		if _, err := w.svc.Edit(ctx, off, x.ID, assess.Input{Scenarios: burns, Rev: x.Rev}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("edit submitted: %v", err)
		}
		if _, err := w.svc.Submit(ctx, off, x.ID, x.Rev); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("resubmit: %v", err)
		}
		if _, err := w.svc.Decide(ctx, w.users["approver2"], x.ID, "approve", "", x.Rev); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("other department's approver: %v", err)
		}
		if _, err := w.svc.Decide(ctx, off, x.ID, "approve", "", x.Rev); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("officer approves: %v", err)
		}
		if _, err := w.svc.Decide(ctx, appr, x.ID, "return", "", x.Rev); !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("return without note: %v", err)
		}
		x, err = w.svc.Decide(ctx, appr, x.ID, "return", "请补充暴露人群。", x.Rev)
		if err != nil || x.Status != assess.StatusReturned {
			t.Fatalf("return: %+v %v", x, err)
		}
		x, err = w.svc.Submit(ctx, off, x.ID, x.Rev)
		if err != nil {
			t.Fatal(err)
		}
		x, err = w.svc.Decide(ctx, appr, x.ID, "approve", "同意。", x.Rev)
		if err != nil || x.Status != assess.StatusApproved {
			t.Fatalf("approve: %+v %v", x, err)
		}
		// Approved is immutable; a new version supersedes it on approval.
		if _, err := w.svc.Edit(ctx, off, x.ID, assess.Input{Scenarios: burns, Rev: x.Rev}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("edit approved: %v", err)
		}
		for _, act := range []string{"approve", "return"} {
			if _, err := w.svc.Decide(ctx, appr, x.ID, act, "n", x.Rev); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("%s approved: %v", act, err)
			}
		}
		v2, err := w.svc.Draft(ctx, off, w.caseID, assess.Input{Scenarios: []assess.Scenario{{Severity: 1, Steps: []assess.Step{{Probability: "1/500"}}}}})
		if err != nil || v2.Version != 2 || v2.Supersedes != x.ID {
			t.Fatalf("v2: %+v %v", v2, err)
		}
		if cur, err := w.svc.Approved(ctx, off, w.caseID); err != nil || cur.ID != x.ID {
			t.Fatalf("approved while v2 drafts: %v %v", cur, err)
		}
		v2, _ = w.svc.Submit(ctx, off, v2.ID, v2.Rev)
		if v2.Level != risk.LevelLow {
			t.Fatalf("v2 level %s, want low (severity 1 at 1/500)", v2.Level)
		}
		if _, err := w.svc.Decide(ctx, appr, v2.ID, "approve", "", v2.Rev); err != nil {
			t.Fatal(err)
		}
		old, _ := w.svc.Get(ctx, off, x.ID)
		if old.Status != assess.StatusSuperseded {
			t.Fatalf("v1 after v2 approved: %s", old.Status)
		}
		// The shared department reads; the public does not.
		if list, err := w.svc.ByCase(ctx, w.users["amr"], w.caseID); err != nil || len(list) != 2 {
			t.Fatalf("shared read: %d %v", len(list), err)
		}
		if _, err := w.svc.Get(ctx, risk.Anonymous, x.ID); err == nil {
			t.Fatal("anonymous read an assessment")
		}
	})
}

func TestEvaluateService(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		res, err := w.svc.Evaluate(context.Background(), w.users["inspector"], "", burns)
		if err != nil || res.Level != risk.LevelSerious || res.Profile != "rag-2019" {
			t.Fatalf("evaluate: %+v %v", res, err)
		}
		if _, err := w.svc.Evaluate(context.Background(), w.users["inspector"], "gb-nope", burns); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("unknown profile: %v", err)
		}
		if _, err := w.svc.Evaluate(context.Background(), risk.Anonymous, "", burns); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("anonymous evaluate: %v", err)
		}
	})
}
