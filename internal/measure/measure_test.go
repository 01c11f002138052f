package measure_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

func TestBundlesPlanEnforce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin)) // serious, normal, local → II
		off, appr := w.U("officer"), w.U("approver")
		bundle, err := w.Measures.Propose(ctx, off, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, b := range bundle {
			types = append(types, b.Type)
		}
		if got := strings.Join(types, ","); got != "conditional-trade,seal-detain,defect-recall,suspend-sales,trace-investigation" {
			t.Fatalf("grade II bundle: %s", got)
		}
		// A measure may narrow the warning's scope, not widen it.
		wide := measure.Input{Type: "raised-inspection", Rate: 0.5, Scope: warning.Scope{HSPrefixes: []string{"3604"}}}
		if _, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{wide}); err == nil || !strings.Contains(err.Error(), "scope.hs_prefixes[0]") {
			t.Fatalf("wider scope: %v", err)
		}
		narrow := measure.Input{Type: "raised-inspection", Rate: 0.5, Scope: warning.Scope{HSPrefixes: []string{"961310"}}, Supporting: []string{"hn-amr"},
			Deadline: ptr(w.Now.AddDate(0, 0, 10))}
		ms, err := w.Measures.Plan(ctx, off, x.ID, append(bundle, narrow))
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 6 || ms[5].Scope.Keywords[0] != "打火机" || ms[5].Lead != "cs-customs" || !ms[5].Compulsory {
			t.Fatalf("planned %+v", ms[5])
		}
		// Only the issuing department plans.
		if _, err := w.Measures.Plan(ctx, w.U("amr"), x.ID, bundle); err == nil {
			t.Fatal("another department planned measures")
		}
		// Transitions: planned → in force → completed; forbidden ones answer 409.
		m := ms[5]
		if _, err := w.Measures.Act(ctx, off, m.ID, "complete", "", m.Rev); !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "enforce") {
			t.Fatalf("complete a planned measure: %v", err)
		}
		if m, err = w.Measures.Act(ctx, off, m.ID, "enforce", "", m.Rev); err != nil || m.Status != measure.StatusInForce {
			t.Fatalf("enforce: %v", err)
		}
		if m, err = w.Measures.Act(ctx, off, m.ID, "complete", "查验完毕", m.Rev); err != nil || m.Status != measure.StatusCompleted {
			t.Fatalf("complete: %v", err)
		}
		for _, act := range []string{"enforce", "complete", "lift"} {
			if _, err := w.Measures.Act(ctx, off, m.ID, act, "x", m.Rev); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("%s after completion: %v", act, err)
			}
		}
		// The supporting department sees the task; overdue once the deadline passes.
		tasks, err := w.Measures.Tasks(ctx, w.U("amr"))
		if err != nil || len(tasks) != 0 {
			t.Fatalf("amr tasks after completion: %d %v", len(tasks), err)
		}
		mine, _ := w.Measures.Tasks(ctx, off)
		if len(mine) != 5 {
			t.Fatalf("customs tasks: %d", len(mine))
		}
		_ = appr
	})
}

func TestDestructionNeedsConsultation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		off := w.U("officer")
		if _, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "destruction"}}); err == nil || !strings.Contains(err.Error(), "method") {
			t.Fatalf("destruction without method: %v", err)
		}
		ms, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "destruction", Method: "incineration", Supporting: []string{"hn-ecoenv"}}})
		if err != nil {
			t.Fatal(err)
		}
		m := ms[0]
		_, err = w.Measures.Act(ctx, off, m.ID, "enforce", "", m.Rev)
		if e, _ := risk.AsError(err); e == nil || e.Field != "consultation" || !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("enforce without consultation: %v", err)
		}
		if _, err := w.Measures.Consult(ctx, off, m.ID, measure.Consultation{Ref: "湘环函〔2026〕8号"}, m.Rev); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("consultation without opinion: %v", err)
		}
		if m, err = w.Measures.Consult(ctx, w.U("eco"), m.ID, measure.Consultation{Ref: "湘环函〔2026〕8号", Opinion: "同意在具备资质的焚烧厂销毁。"}, m.Rev); err != nil {
			t.Fatal(err)
		}
		if m, err = w.Measures.Act(ctx, off, m.ID, "enforce", "", m.Rev); err != nil || m.Status != measure.StatusInForce {
			t.Fatalf("enforce after consultation: %v", err)
		}
	})
}

func TestLiftingWarningLiftsMeasures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		off := w.U("officer")
		ms, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "raised-inspection", Rate: 0.5}, {Type: "trace-investigation", Keep: true}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Warnings.Act(ctx, w.U("approver"), x.ID, "lift", "连续合格", x.Rev); err != nil {
			t.Fatal(err)
		}
		all, err := w.Measures.OfWarning(ctx, off, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]measure.Status{}
		for _, m := range all {
			status[m.Type] = m.Status
		}
		if status["raised-inspection"] != measure.StatusLifted || status["trace-investigation"] != measure.StatusPlanned {
			t.Fatalf("after lifting the warning: %v", status)
		}
		// Each measure lifted with the warning has its own audit entry,
		// and its revision moved on.
		for _, m := range all {
			es, _, err := db.Audit().List(ctx, audit.Filter{Entity: "measure", EntityID: m.ID, Action: "measure.lift"})
			if err != nil {
				t.Fatal(err)
			}
			lifted := m.Status == measure.StatusLifted
			if lifted != (len(es) == 1) {
				t.Errorf("measure %s (%s): %d audit entries of its lifting", m.Type, m.Status, len(es))
			}
			if lifted && (m.Rev != 2 || es[0].Actor != "approver" || !strings.Contains(es[0].Summary, "随之解除")) {
				t.Errorf("measure %s: rev %d, entry %+v", m.Type, m.Rev, es[0])
			}
		}
		_ = ms
		// A measure cannot enter force under an ended warning.
		kept := all[0]
		if kept.Type != "trace-investigation" {
			kept = all[1]
		}
		if _, err := w.Measures.Act(ctx, off, kept.ID, "enforce", "", kept.Rev); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("enforce under a lifted warning: %v", err)
		}
	})
}

// TestMeasurePlannedWhileLifting: a measure planned after a lifting read the
// warning's measures does not outlive the warning — the lifting is refused
// and changes nothing — and no measure is planned under an ended warning.
func TestMeasurePlannedWhileLifting(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		off, appr := w.U("officer"), w.U("approver")
		// The lifting read the warning with no measure ...
		lifted, err := db.Warnings().Get(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		// ... then a measure is planned ...
		ms, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "raised-inspection", Rate: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		// ... and the lifting is written with the measures it read: none.
		now := w.Now
		lifted.Status, lifted.EndedAt, lifted.Rev = warning.StatusLifted, &now, lifted.Rev+1
		err = db.Warnings().Update(ctx, lifted, warning.Effects{Audit: audit.New(appr, "warning.lift", "warning", x.ID, "解除")})
		if !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "措施已有变动") {
			t.Fatalf("lifting over a measure planned meanwhile: %v", err)
		}
		if got, _ := db.Warnings().Get(ctx, x.ID); got.Status == warning.StatusLifted {
			t.Fatal("the refused lifting was written")
		}
		if es, _, _ := db.Audit().List(ctx, audit.Filter{Entity: "warning", EntityID: x.ID, Action: "warning.lift"}); len(es) != 0 {
			t.Fatalf("the refused lifting left %d audit entries", len(es))
		}
		// Lifted again from a fresh read, the measure ends with it.
		cur, _ := db.Warnings().Get(ctx, x.ID)
		if _, err := w.Warnings.Act(ctx, appr, x.ID, "lift", "连续合格", cur.Rev); err != nil {
			t.Fatal(err)
		}
		if all, _ := w.Measures.OfWarning(ctx, off, x.ID); len(all) != 1 || all[0].Status != measure.StatusLifted {
			t.Fatalf("measures after lifting: %+v", all)
		}
		// A measure written under the ended warning is refused in the store.
		late := *ms[0]
		late.ID, late.Status, late.Rev = 0, measure.StatusPlanned, 1
		err = db.Measures().Create(ctx, []*measure.Measure{&late}, []audit.Entry{audit.New(off, "measure.plan", "measure", 0, "拟定")})
		if !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "已结束") {
			t.Fatalf("a measure under a lifted warning: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// A measure led by a department that neither issued nor receives the
// warning is still that department's to run.
func TestLeadDepartmentRunsItsMeasure(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		in := w.WarningInput(warning.ClassBulletin)
		in.Recipients = nil
		x := w.Issue(c.ID, in)
		ms, err := w.Measures.Plan(ctx, w.U("officer"), x.ID, []measure.Input{{Type: "destruction", Method: "incineration", Lead: "hn-ecoenv"}})
		if err != nil {
			t.Fatal(err)
		}
		eco := w.U("eco")
		m, err := w.Measures.Consult(ctx, eco, ms[0].ID, measure.Consultation{Ref: "湘环函〔2026〕9号", Opinion: "同意"}, ms[0].Rev)
		if err != nil {
			t.Fatal(err)
		}
		if m, err = w.Measures.Act(ctx, eco, m.ID, "enforce", "", m.Rev); err != nil || m.Status != measure.StatusInForce {
			t.Fatalf("lead department enforces: %v", err)
		}
		if _, err := w.Measures.OfWarning(ctx, w.U("firm"), x.ID); err == nil {
			t.Fatal("an enterprise listed a warning's measures")
		}
	})
}

// PublicOf answers for many announcements what Public answers for each,
// and nothing for a warning that is not an issued 公告.
func TestPublicOfManyAnnouncements(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		off := w.U("officer")
		var ws []*warning.Warning
		for _, class := range []warning.Class{warning.ClassAnnouncement, warning.ClassAnnouncement, warning.ClassBulletin} {
			x := w.Issue(w.ApprovedCase().ID, w.WarningInput(class))
			bundle, err := w.Measures.Propose(ctx, off, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := w.Measures.Plan(ctx, off, x.ID, bundle)
			if err != nil {
				t.Fatal(err)
			}
			// One in force with a note; the rest stay planned (never shown).
			if _, err := w.Measures.Act(ctx, off, ms[0].ID, "enforce", "内部备注", ms[0].Rev); err != nil {
				t.Fatal(err)
			}
			ws = append(ws, x)
		}
		got, err := w.Measures.PublicOf(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[ws[2].ID] != nil {
			t.Fatalf("PublicOf gave %d announcements (bulletin: %v)", len(got), got[ws[2].ID])
		}
		for _, x := range ws[:2] {
			one, err := w.Measures.Public(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			many := got[x.ID]
			if len(one) != 1 || len(many) != len(one) || many[0].ID != one[0].ID || many[0].Status != measure.StatusInForce {
				t.Fatalf("warning %d: Public %d measures, PublicOf %d", x.ID, len(one), len(many))
			}
			if many[0].Note != "" || many[0].CreatedBy != "" {
				t.Fatalf("internal fields shown: %+v", many[0])
			}
		}
	})
}
