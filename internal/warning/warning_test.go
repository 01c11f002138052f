package warning_test

import (
	"context"
	"errors"
	"fmt"
	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

type world struct {
	svc    *warning.Service
	caseID risk.ID
	firm   risk.ID
	users  map[string]risk.Actor
	now    *time.Time
}

// setup builds a case with an approved serious-risk assessment.
func setup(t *testing.T, db *store.DB) *world {
	ctx := context.Background()
	sets, _ := catalog.BuiltinSets()
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	as := &auth.Service{Store: db.Auth(), Sets: sets, Now: clock}
	es := &enterprise.Service{Store: db.Enterprises(), Sets: sets, Now: clock}
	uscc, _ := ident.MakeUSCC("91430500MA4Q6L7M8")
	firm, err := es.Create(ctx, risk.System, enterprise.Input{USCC: uscc, NameZh: "邵东打火机厂", Roles: []string{"exporter"}, Dept: "cs-customs"})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]risk.Actor{}
	for _, u := range []auth.NewUser{
		{Login: "officer", Name: "李敏", Dept: "cs-customs", Role: "officer"},
		{Login: "approver", Name: "张伟", Dept: "cs-customs", Role: "approver"},
		{Login: "amr", Name: "王芳", Dept: "hn-amr", Role: "officer"},
		{Login: "amr-approver", Name: "陈刚", Dept: "hn-amr", Role: "approver"},
		{Login: "inspector", Name: "刘洋", Dept: "cs-customs", Role: "inspector"},
		{Login: "firm", Name: "厂长", Role: "enterprise", EnterpriseUSCC: uscc},
	} {
		u.Password = "a-long-password"
		created, err := as.AddUser(ctx, risk.System, u)
		if err != nil {
			t.Fatal(err)
		}
		users[u.Login] = created.Actor()
	}
	sigs := &signal.Service{Store: db.Signals(), Sets: sets, Now: clock}
	res, err := sigs.Create(ctx, users["officer"], []signal.Input{{Channel: "foreign-notification", Description: "打火机火焰过高"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := &casefile.Service{Store: db.Cases(), Sets: sets, Now: clock}
	c, err := cases.Open(ctx, users["officer"], casefile.OpenInput{Title: "打火机", Signals: []risk.ID{res[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	ass := &assess.Service{Store: db.Assessments(), Cases: cases, Now: clock}
	x, err := ass.Draft(ctx, users["officer"], c.ID, assess.Input{Scenarios: []assess.Scenario{{Severity: 3, Steps: []assess.Step{{Probability: "1/10"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if x, err = ass.Submit(ctx, users["officer"], x.ID, x.Rev); err != nil {
		t.Fatal(err)
	}
	if _, err = ass.Decide(ctx, users["approver"], x.ID, "approve", "", x.Rev); err != nil {
		t.Fatal(err)
	}
	w := &world{caseID: c.ID, firm: firm.ID, users: users, now: &now}
	w.svc = &warning.Service{Store: db.Warnings(), Cases: cases, Assessments: ass, Sets: sets, Now: func() time.Time { return *w.now }}
	w.svc.Publisher = &publish.Service{Store: db.Publications(), Warnings: w.svc}
	w.svc.Measures = &measure.Service{Store: db.Measures(), Warnings: w.svc, Sets: sets, Now: w.svc.Now}
	return w
}

func (w *world) input(class warning.Class) warning.Input {
	in := warning.Input{Class: class, Title: "一次性打火机烧伤风险警示", Summary: "部分一次性打火机火焰高度超标。",
		Scope:   warning.Scope{HSPrefixes: []string{"961310"}, Countries: []string{"DE"}, Keywords: []string{"打火机"}},
		Matters: "火焰高度超过 GB 25722 限值。", Advice: "停止使用。", StartsAt: *w.now, ValidUntil: w.now.AddDate(0, 6, 0),
		Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 5}, {Kind: warning.CondExpiresAt}},
		Recipients: []string{"hn-amr"}}
	if class == warning.ClassNotice {
		in.Addressees = []risk.ID{w.firm}
	}
	return in
}

// issue walks a warning from draft to issued.
func (w *world) issue(t *testing.T, in warning.Input) *warning.Warning {
	ctx := context.Background()
	off, appr := w.users["officer"], w.users["approver"]
	x, err := w.svc.Draft(ctx, off, w.caseID, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who    risk.Actor
		action string
	}{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
		if x, err = w.svc.Act(ctx, st.who, x.ID, st.action, "", x.Rev); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	return x
}

// refer walks a grade I warning from draft to referred (to 海关总署).
func (w *world) refer(t *testing.T, in warning.Input) *warning.Warning {
	t.Helper()
	ctx := context.Background()
	off, appr := w.users["officer"], w.users["approver"]
	x, err := w.svc.Draft(ctx, off, w.caseID, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who    risk.Actor
		action string
	}{{off, "submit"}, {appr, "approve"}} {
		if x, err = w.svc.Act(ctx, st.who, x.ID, st.action, "", x.Rev); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	if x, err = w.svc.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "gacc", Note: "请总署发布", Rev: x.Rev}); err != nil {
		t.Fatalf("refer: %v", err)
	}
	return x
}

func TestWorkflowAndPermissions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, appr := w.users["officer"], w.users["approver"]
		// Drafting: officers of the case's department only.
		for _, who := range []string{"approver", "inspector", "amr", "firm"} {
			if _, err := w.svc.Draft(ctx, w.users[who], w.caseID, w.input(warning.ClassBulletin)); err == nil || !(errors.Is(err, risk.ErrForbidden) || errors.Is(err, risk.ErrNotFound)) {
				t.Errorf("%s drafts: %v", who, err)
			}
		}
		in := w.input(warning.ClassBulletin)
		in.Scope, in.ValidUntil = warning.Scope{}, time.Time{}
		x, err := w.svc.Draft(ctx, off, w.caseID, in)
		if err != nil {
			t.Fatal(err)
		}
		if x.Grade != risk.GradeII || x.ComputedGrade != risk.GradeII || !strings.Contains(x.GradeReason, "严重风险") {
			t.Fatalf("grade %s (%s): %s", x.Grade, x.ComputedGrade, x.GradeReason)
		}
		// Without scope or validity it cannot be submitted.
		_, err = w.svc.Act(ctx, off, x.ID, "submit", "", x.Rev)
		e, _ := risk.AsError(err)
		if e == nil || len(e.Details) != 2 || e.Details[0].Field != "scope" || e.Details[1].Field != "valid_until" {
			t.Fatalf("submit without scope and validity: %v", err)
		}
		// Changing the grade needs a justification.
		in = w.input(warning.ClassBulletin)
		in.Grade, in.Rev = risk.GradeIII, x.Rev
		if _, err := w.svc.Edit(ctx, off, x.ID, in); err == nil || !strings.Contains(err.Error(), "grade_justification") {
			t.Fatalf("override without justification: %v", err)
		}
		in.GradeJustification = "仅涉及单一批次，影响有限。"
		if x, err = w.svc.Edit(ctx, off, x.ID, in); err != nil || x.Grade != risk.GradeIII || x.ComputedGrade != risk.GradeII {
			t.Fatalf("override: %+v %v", x, err)
		}
		// Every forbidden action from draft answers 409 listing "submit".
		for _, act := range []string{"approve", "return", "issue", "lift"} {
			who := off
			if act == "approve" || act == "return" || act == "lift" {
				who = appr
			}
			_, err := w.svc.Act(ctx, who, x.ID, act, "因为", x.Rev)
			if !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "submit") {
				t.Errorf("%s from draft: %v", act, err)
			}
		}
		if x, err = w.svc.Act(ctx, off, x.ID, "submit", "", x.Rev); err != nil {
			t.Fatal(err)
		}
		// Review: only the issuing department's approver decides.
		for _, who := range []string{"officer", "amr-approver"} {
			if _, err := w.svc.Act(ctx, w.users[who], x.ID, "approve", "", x.Rev); err == nil {
				t.Errorf("%s approved", who)
			}
		}
		if _, err := w.svc.Act(ctx, appr, x.ID, "return", "", x.Rev); !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("return without reason: %v", err)
		}
		if x, err = w.svc.Act(ctx, appr, x.ID, "return", "范围过宽", x.Rev); err != nil || x.Status != warning.StatusDraft {
			t.Fatalf("return: %v", err)
		}
		x, _ = w.svc.Act(ctx, off, x.ID, "submit", "", x.Rev)
		if x, err = w.svc.Act(ctx, appr, x.ID, "approve", "", x.Rev); err != nil {
			t.Fatal(err)
		}
		if x, err = w.svc.Act(ctx, off, x.ID, "issue", "", x.Rev); err != nil {
			t.Fatal(err)
		}
		if x.Status != warning.StatusIssued || x.Number != "湘关预警〔2026〕1号" || x.IssuedAt == nil {
			t.Fatalf("issued %s %q", x.Status, x.Number)
		}
		// The recipient department sees it and finds it in its inbox.
		if _, err := w.svc.Get(ctx, w.users["amr"], x.ID); err != nil {
			t.Fatalf("recipient reads: %v", err)
		}
		box, err := w.svc.Inbox(ctx, w.users["amr"])
		if err != nil || len(box) != 1 || box[0].Warning.ID != x.ID {
			t.Fatalf("inbox: %+v %v", box, err)
		}
		if err := w.svc.Acknowledge(ctx, w.users["amr"], x.ID); err != nil {
			t.Fatal(err)
		}
		box, _ = w.svc.Inbox(ctx, w.users["amr"])
		if box[0].AckAt == nil || box[0].AckBy != "amr" {
			t.Fatalf("ack not recorded: %+v", box[0])
		}
		// Update in force, with a reason; lift only by the approver with a reason.
		in = w.input(warning.ClassBulletin)
		in.Grade, in.GradeJustification = risk.GradeIII, "仅涉及单一批次，影响有限。"
		in.ValidUntil, in.Rev = w.now.AddDate(1, 0, 0), x.Rev
		if _, err := w.svc.Update(ctx, off, x.ID, in); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("update without reason: %v", err)
		}
		in.Reason = "延长有效期"
		if x, err = w.svc.Update(ctx, off, x.ID, in); err != nil || x.Status != warning.StatusIssued || x.Number != "湘关预警〔2026〕1号" {
			t.Fatalf("update: %+v %v", x, err)
		}
		if _, err := w.svc.Act(ctx, off, x.ID, "lift", "已整改", x.Rev); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("officer lifts: %v", err)
		}
		if x, err = w.svc.Act(ctx, appr, x.ID, "lift", "连续 5 批合格", x.Rev); err != nil || x.Status != warning.StatusLifted {
			t.Fatalf("lift: %v", err)
		}
		for _, act := range []string{"submit", "approve", "issue", "lift"} {
			if _, err := w.svc.Act(ctx, appr, x.ID, act, "x", x.Rev); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("%s after lifting: %v", act, err)
			}
		}
	})
}

func TestGradeIReferredAndNotices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		in := w.input(warning.ClassBulletin)
		in.Urgency = warning.UrgencyImmediate // serious + immediate → I
		x := w.refer(t, in)
		if x.Grade != risk.GradeI || x.Status != warning.StatusReferred || x.Number != "" || x.Referral.Number == "" {
			t.Fatalf("grade I: %s %s %q %+v", x.Grade, x.Status, x.Number, x.Referral)
		}
		// A notice reaches the addressed enterprise, which acknowledges it.
		n := w.issue(t, w.input(warning.ClassNotice))
		if _, err := w.svc.Get(ctx, w.users["firm"], n.ID); err != nil {
			t.Fatalf("addressee reads notice: %v", err)
		}
		if _, err := w.svc.Get(ctx, w.users["firm"], x.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("enterprise reads a bulletin: %v", err)
		}
		box, err := w.svc.Inbox(ctx, w.users["firm"])
		if err != nil || len(box) != 1 || box[0].Warning.Class != warning.ClassNotice {
			t.Fatalf("enterprise inbox: %+v %v", box, err)
		}
		if err := w.svc.Acknowledge(ctx, w.users["firm"], x.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("ack of a warning not delivered: %v", err)
		}
		// Enterprises see the notice without internal fields.
		seen, _ := w.svc.Get(ctx, w.users["firm"], n.ID)
		if seen.CaseID != 0 || seen.GradeReason != "" || len(seen.Recipients) != 0 {
			t.Fatalf("enterprise sees internal fields: %+v", seen)
		}
		// Changing the recipients of an issued bulletin changes the inboxes.
		in2 := w.input(warning.ClassBulletin)
		in2.Urgency, in2.Recipients, in2.Rev, in2.Reason = warning.UrgencyImmediate, []string{"hn-health"}, x.Rev, "改送卫生健康委"
		if _, err := w.svc.Update(ctx, w.users["officer"], x.ID, in2); err != nil {
			t.Fatal(err)
		}
		box, _ = w.svc.Inbox(ctx, w.users["amr"])
		for _, d := range box {
			if d.Warning.ID == x.ID {
				t.Fatal("the removed recipient still has the bulletin")
			}
		}
		// A notice without addressees cannot be submitted.
		bad := w.input(warning.ClassNotice)
		bad.Addressees = nil
		d, err := w.svc.Draft(ctx, w.users["officer"], w.caseID, bad)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Act(ctx, w.users["officer"], d.ID, "submit", "", d.Rev); err == nil || !strings.Contains(err.Error(), "addressees") {
			t.Fatalf("notice without addressees: %v", err)
		}
	})
}

func TestPublicAndExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		w.issue(t, w.input(warning.ClassBulletin))
		a := w.issue(t, w.input(warning.ClassAnnouncement))
		pub, total, err := w.svc.Public(ctx, 0, 20)
		if err != nil || total != 1 || pub[0].ID != a.ID {
			t.Fatalf("public: %d %v", total, err)
		}
		if _, err := w.svc.Get(ctx, risk.Anonymous, a.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("anonymous reads the internal record: %v", err)
		}
		pub1, err := w.svc.PublicGet(ctx, a.ID)
		if err != nil || pub1.CaseID != 0 || pub1.CreatedBy != "" || pub1.GradeReason != "" || len(pub1.Recipients) != 0 {
			t.Fatalf("public projection %+v, %v", pub1, err)
		}
		*w.now = w.now.AddDate(0, 6, 1)
		n, err := w.svc.ExpireDue(ctx)
		if err != nil || n != 2 {
			t.Fatalf("expired %d, %v; want 2", n, err)
		}
		if _, total, _ := w.svc.Public(ctx, 0, 20); total != 0 {
			t.Fatal("expired announcement still public")
		}
		if n, _ := w.svc.ExpireDue(ctx); n != 0 {
			t.Fatalf("expired again: %d", n)
		}
	})
}

// Warnings issued concurrently get distinct, consecutive numbers.
func TestNumbersConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		const n = 50
		ids := make([]*warning.Warning, n)
		for i := range ids {
			x, err := w.svc.Draft(ctx, w.users["officer"], w.caseID, w.input(warning.ClassBulletin))
			if err != nil {
				t.Fatal(err)
			}
			x, _ = w.svc.Act(ctx, w.users["officer"], x.ID, "submit", "", x.Rev)
			if x, err = w.svc.Act(ctx, w.users["approver"], x.ID, "approve", "", x.Rev); err != nil {
				t.Fatal(err)
			}
			ids[i] = x
		}
		numbers := make([]string, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x, err := w.svc.Act(ctx, w.users["officer"], ids[i].ID, "issue", "", ids[i].Rev)
				if err != nil {
					t.Error(err)
					return
				}
				numbers[i] = x.Number
			}()
		}
		wg.Wait()
		sort.Strings(numbers)
		seen := map[string]bool{}
		for _, num := range numbers {
			seen[num] = true
		}
		for i := 1; i <= n; i++ {
			if want := fmt.Sprintf("湘关预警〔2026〕%d号", i); !seen[want] {
				t.Errorf("missing %s", want)
			}
		}
		if len(seen) != n {
			t.Errorf("%d distinct numbers for %d warnings", len(seen), n)
		}
	})
}
