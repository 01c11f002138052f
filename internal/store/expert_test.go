package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// foodProfile is a food profile whose serious grade needs a panel.
func foodProfile() *assess.Profile {
	return &assess.Profile{Name: "food-test", TitleZh: "食品风险矩阵", TitleEn: "Food matrix", Severities: 3,
		Definitions: []assess.Severity{{Zh: "轻微不适"}, {Zh: "需就医"}, {Zh: "致死或不可逆"}},
		Rows: []assess.Row{
			{Min: "1/100", Max: "1", Levels: []risk.Level{"medium", "serious", "serious"}},
			{Min: "1/10000", Max: "1/100", Levels: []risk.Level{"low", "high", "serious"}},
			{Min: "0", Max: "1/10000", Levels: []risk.Level{"low", "low", "medium"}},
		}, PanelLevels: []risk.Level{"serious"}}
}

// TestProfilesAndPanels runs risk-matrix profiles and expert panels on
// both engines: a draft with gaps is refused naming the field and writes
// nothing; a draft is previewed and activated, retiring the version before
// and grading new assessments; an expert with a conflict on the case's
// enterprise cannot join its panel; approval of a serious grade waits for
// the panel's conclusion, which needs every member's opinion.
func TestProfilesAndPanels(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		db.Now = clock
		sets, _ := catalog.BuiltinSets()
		as := &auth.Service{Store: db.Auth(), Sets: sets, Now: clock}
		users := map[string]risk.Actor{}
		for _, u := range []auth.NewUser{
			{Login: "admin", Name: "管理员", Dept: "hn-gov", Role: "admin"},
			{Login: "officer", Name: "李敏", Dept: "cs-customs", Role: "officer"},
			{Login: "approver", Name: "张伟", Dept: "cs-customs", Role: "approver"},
			{Login: "zhou", Name: "周专家", Dept: "cs-customs", Role: "inspector"},
		} {
			u.Password = "a-long-password"
			created, err := as.AddUser(ctx, risk.System, u)
			if err != nil {
				t.Fatal(err)
			}
			users[u.Login] = created.Actor()
		}
		admin, off, appr, zhou := users["admin"], users["officer"], users["approver"], users["zhou"]
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		cases := &casefile.Service{Store: db.Cases(), Sets: sets, Now: clock}
		svc := &assess.Service{Store: db.Assessments(), Cases: cases, Experts: db.Experts(), Now: func() time.Time { return now }}
		experts := &expert.Service{Store: db.Experts(), Now: clock}

		// Profiles.
		before := entries()
		bad := foodProfile()
		bad.Rows[1].Max = "1/1000" // a gap: [1/1000, 1/100) in no band
		bad.Rows[2].Levels = bad.Rows[2].Levels[:2]
		_, err := svc.SaveProfileDraft(ctx, admin, bad, "")
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != "rows[1].max" || !strings.Contains(e.Message, "缺口") || !strings.Contains(e.Message, " / ") || len(e.Details) != 2 {
			t.Fatalf("profile with a gap: %v", err)
		}
		if _, err := svc.SaveProfileDraft(ctx, off, foodProfile(), ""); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("an officer wrote a profile: %v", err)
		}
		if vs, _ := db.Assessments().ProfileVersions(ctx, "food-test"); len(vs) != 0 || entries() != before {
			t.Fatalf("refused profile wrote %d versions, %d audit entries", len(vs), entries()-before)
		}
		sp, err := svc.SaveProfileDraft(ctx, admin, foodProfile(), "首版")
		if err != nil || sp.Profile.Version != 1 || sp.Status != assess.ProfileDraft {
			t.Fatalf("draft: %+v, %v", sp, err)
		}
		if _, err := db.Assessments().Profile(ctx, "food-test"); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("a draft is in use: %v", err)
		}
		// A second save replaces the draft rather than adding a version.
		p := foodProfile()
		p.Rows[0].Levels[0] = "high"
		if sp, err = svc.SaveProfileDraft(ctx, admin, p, "首版（修订）"); err != nil || sp.Profile.Version != 1 {
			t.Fatalf("replace draft: %+v, %v", sp, err)
		}
		if _, err := svc.ActivateProfile(ctx, admin, "food-test", 1); err != nil {
			t.Fatal(err)
		}
		v2 := foodProfile()
		v2.Rows[1].Levels[0] = "medium"
		if sp, err = svc.SaveProfileDraft(ctx, admin, v2, "低概率行调整"); err != nil || sp.Profile.Version != 2 {
			t.Fatalf("version 2: %+v, %v", sp, err)
		}
		pv, err := svc.PreviewProfile(ctx, admin, "food-test", 2, []assess.TestCase{{Severity: 1, Probability: "1/500"}, {Severity: 1, Probability: "1/2"}})
		if err != nil || pv.ActiveVersion != 1 || pv.Differ != 2 || pv.Rows[0].Level != "medium" || pv.Rows[0].Active != "low" || pv.Rows[1].Active != "high" {
			t.Fatalf("preview: %+v, %v", pv, err)
		}
		if _, err := svc.ActivateProfile(ctx, admin, "food-test", 2); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ActivateProfile(ctx, admin, "food-test", 1); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("re-activating a retired version: %v", err)
		}
		vs, err := svc.ProfileVersions(ctx, admin, "food-test")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, string(v.Status))
		}
		if diff := cmp.Diff([]string{"active", "retired"}, got); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
		sums, err := svc.Profiles(ctx, off)
		if err != nil || len(sums) != 2 || sums[0].Name != "food-test" || sums[0].Active != 2 || sums[1].Name != assess.DefaultProfile || sums[1].Active != 1 {
			t.Errorf("summaries: %+v, %v", sums, err)
		}

		// Experts.
		const firm, other = "91430100MA4L16JQ9D", "91430181MA4L0Q1X34"
		before = entries()
		if _, err := experts.Create(ctx, admin, expert.Input{Name: "王", Field: "food_safety", Organisation: "x",
			Conflicts: []expert.Conflict{{USCC: "123"}}}); !fieldIs(err, "conflicts[0].uscc") {
			t.Errorf("bad USCC: %v", err)
		}
		if _, err := experts.Create(ctx, admin, expert.Input{Name: "王", Field: "cooking", Organisation: "x"}); !fieldIs(err, "field") {
			t.Errorf("bad field: %v", err)
		}
		if _, err := experts.Create(ctx, off, expert.Input{Name: "王", Field: "food_safety", Organisation: "x"}); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("an officer added an expert: %v", err)
		}
		if all, _ := experts.List(ctx, admin, expert.Filter{}); len(all) != 0 || entries() != before {
			t.Fatalf("refused experts wrote %d entries, %d audit entries", len(all), entries()-before)
		}
		conflicted, err := experts.Create(ctx, admin, expert.Input{Name: "刘顾问", Field: "food_safety", Organisation: "湖南某食品研究院", Title: "研究员",
			Conflicts: []expert.Conflict{{USCC: firm, Name: "长沙某食品进出口有限公司", Reason: "技术顾问"}}})
		if err != nil {
			t.Fatal(err)
		}
		zhouE, err := experts.Create(ctx, admin, expert.Input{Name: "周专家", Field: "food_safety", Organisation: "长沙海关技术中心", Title: "高级工程师",
			UserID: zhou.UserID, Conflicts: []expert.Conflict{{USCC: other}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := experts.Create(ctx, admin, expert.Input{Name: "冒名", Field: "food_safety", Organisation: "x", UserID: zhou.UserID}); !fieldIs(err, "user_id") {
			t.Errorf("an account linked twice: %v", err)
		}
		wu, err := experts.Create(ctx, admin, expert.Input{Name: "吴教授", Field: "risk_methods", Organisation: "中南大学", Title: "教授"})
		if err != nil {
			t.Fatal(err)
		}
		f := expert.FieldFood
		if l, err := experts.List(ctx, off, expert.Filter{Field: f, Text: "技术中心"}); err != nil || len(l) != 1 || l[0].ID != zhouE.ID {
			t.Errorf("filter: %v, %v", l, err)
		}

		// A case whose signal names the firm, assessed with the food profile.
		sigs := &signal.Service{Store: db.Signals(), Sets: sets, Now: clock}
		res, err := sigs.Create(ctx, off, []signal.Input{{Channel: "12315", Description: "进口饼干霉变", Product: signal.Product{Name: "饼干", USCC: firm}}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := cases.Open(ctx, off, casefile.OpenInput{Title: "进口饼干", Signals: []risk.ID{res[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		x, err := svc.Draft(ctx, off, c.ID, assess.Input{Profile: "food-test", Scenarios: []assess.Scenario{{Severity: 3, Steps: []assess.Step{{Probability: "1/50"}}}}})
		if err != nil || x.ProfileVersion != 2 {
			t.Fatalf("draft: %+v, %v", x, err)
		}
		now = now.Add(time.Hour)
		if x, err = svc.Submit(ctx, off, x.ID, x.Rev); err != nil || x.Level != "serious" || x.Result.Version != 2 {
			t.Fatalf("submit: %+v, %v", x, err)
		}
		if _, err := svc.Decide(ctx, appr, x.ID, "approve", "", x.Rev); !fieldIs(err, "panel") || !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("approved a serious grade without a panel: %v", err)
		}
		before = entries()
		_, err = svc.AddPanelist(ctx, off, x.ID, conflicted.ID)
		if !fieldIs(err, "expert_id") || !strings.Contains(err.Error(), "利益冲突") || !strings.Contains(err.Error(), firm) {
			t.Fatalf("conflicted expert: %v", err)
		}
		if _, err := db.Assessments().Panel(ctx, x.ID); !errors.Is(err, risk.ErrNotFound) || entries() != before {
			t.Fatalf("refused panelist wrote: %v, %d audit entries", err, entries()-before)
		}
		if _, err := svc.AddPanelist(ctx, appr, x.ID, zhouE.ID); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("an approver convened a panel: %v", err)
		}
		for _, id := range []risk.ID{zhouE.ID, wu.ID} {
			if _, err := svc.AddPanelist(ctx, off, x.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.AddPanelist(ctx, off, x.ID, wu.ID); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("expert added twice: %v", err)
		}
		if n, err := svc.ReviewQueue(ctx, zhou); err != nil || n != 1 {
			t.Errorf("zhou's queue: %d, %v", n, err)
		}
		if _, err := svc.Decide(ctx, appr, x.ID, "approve", "", x.Rev); !fieldIs(err, "panel") {
			t.Errorf("approved before the panel concluded: %v", err)
		}
		if _, err := svc.ConcludePanel(ctx, off, x.ID, assess.OutcomeConfirm, "维持"); !fieldIs(err, "members") || !strings.Contains(err.Error(), "周专家") {
			t.Errorf("concluded without opinions: %v", err)
		}
		now = now.Add(time.Hour)
		if _, err := svc.GiveOpinion(ctx, appr, x.ID, zhouE.ID, assess.StanceAgree, "同意"); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("the approver gave an expert's opinion: %v", err)
		}
		if _, err := svc.GiveOpinion(ctx, zhou, x.ID, zhouE.ID, "maybe", ""); !fieldIs(err, "stance") {
			t.Errorf("bad stance: %v", err)
		}
		if _, err := svc.GiveOpinion(ctx, zhou, x.ID, zhouE.ID, assess.StanceAgree, "霉菌毒素超标，同意严重风险结论。"); err != nil {
			t.Fatal(err)
		}
		pn, err := svc.GiveOpinion(ctx, off, x.ID, wu.ID, assess.StanceAmend, "概率取值偏保守，但结论不变。")
		if err != nil || len(pn.Members) != 2 || pn.Members[1].RecordedBy != off.UserID || pn.Members[0].Name != "周专家" {
			t.Fatalf("opinions: %+v, %v", pn, err)
		}
		if n, _ := svc.ReviewQueue(ctx, zhou); n != 0 {
			t.Errorf("zhou's queue after the opinion: %d", n)
		}
		if _, err := svc.ConcludePanel(ctx, off, x.ID, assess.OutcomeConfirm, "专家组维持严重风险结论。"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddPanelist(ctx, off, x.ID, conflicted.ID); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("joined after the conclusion: %v", err)
		}
		_, view, err := svc.PanelOf(ctx, appr, x.ID)
		if err != nil || !view.Required || !view.Done || view.Blocking != "" {
			t.Fatalf("panel view: %+v, %v", view, err)
		}
		if x, err = svc.Decide(ctx, appr, x.ID, "approve", "", x.Rev); err != nil || x.Status != assess.StatusApproved {
			t.Fatalf("approve after the panel: %v", err)
		}
		// The default profile names no panel levels: its grades approve as before.
		if entries() == 0 {
			t.Error("no audit entries")
		}
	})
}

func fieldIs(err error, field string) bool {
	e, ok := risk.AsError(err)
	return ok && e.Field == field && strings.Contains(e.Message, " / ")
}
