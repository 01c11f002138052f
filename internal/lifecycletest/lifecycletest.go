// Package lifecycletest builds, for tests, the services of the risk
// lifecycle over a real test database, with one user per role and the
// steps from a signal to an issued warning.
package lifecycletest

import (
	"context"
	"testing"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/auth"
	"riskgate/internal/calendar"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/warning"
)

// World is a set of services over one database, at a settable time.
type World struct {
	T           testing.TB
	DB          *store.DB
	Now         time.Time
	Sets        *catalog.Sets
	Auth        *auth.Service
	Enterprises *enterprise.Service
	Signals     *signal.Service
	Cases       *casefile.Service
	Assess      *assess.Service
	Warnings    *warning.Service
	Measures    *measure.Service
	Credit      *credit.Service
	Inspections *inspection.Service
	Screening   *screening.Engine
	Recalls     *recall.Service
	Users       map[string]risk.Actor
	Firm        *enterprise.Enterprise
}

// New builds the world at 2026-11-29 09:00 UTC with users officer,
// approver, inspector (长沙海关), amr (省市场监管局), eco (省生态环境厅),
// admin, and firm (an enterprise user of Firm).
func New(t testing.TB, db *store.DB) *World {
	t.Helper()
	ctx := context.Background()
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	w := &World{T: t, DB: db, Now: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC), Sets: sets, Users: map[string]risk.Actor{}}
	clock := func() time.Time { return w.Now }
	w.Auth = &auth.Service{Store: db.Auth(), Sets: sets, Now: clock}
	w.Enterprises = &enterprise.Service{Store: db.Enterprises(), Sets: sets, Now: clock}
	w.Signals = &signal.Service{Store: db.Signals(), Sets: sets, Now: clock}
	w.Cases = &casefile.Service{Store: db.Cases(), Sets: sets, Now: clock}
	w.Assess = &assess.Service{Store: db.Assessments(), Cases: w.Cases, Now: clock}
	w.Warnings = &warning.Service{Store: db.Warnings(), Cases: w.Cases, Assessments: w.Assess, Sets: sets, Now: clock}
	w.Credit = &credit.Service{Store: db.Credit(), Firms: db.Enterprises(), Now: clock}
	w.Measures = &measure.Service{Store: db.Measures(), Warnings: w.Warnings, Credit: w.Credit, Sets: sets, Now: clock}
	w.Warnings.Publisher, w.Warnings.Measures = &publish.Service{Store: db.Publications(), Warnings: w.Warnings}, w.Measures
	w.Inspections = &inspection.Service{Store: db.Inspections(), Sets: sets, Now: clock}
	w.Recalls = &recall.Service{Store: db.Recalls(), Progresses: db.Recalls(), Firms: db.Enterprises(), Cases: w.Cases, Signals: db.Recalls(),
		Calendar: &calendar.Service{Store: db.Calendar(), Now: clock}, Sets: sets, Now: clock}
	w.Screening = &screening.Engine{Store: db.Screening(), Sets: sets, Now: clock, Salt: []byte("test-salt")}
	uscc, _ := ident.MakeUSCC("91430500MA4Q6L7M8")
	if w.Firm, err = w.Enterprises.Create(ctx, risk.System, enterprise.Input{USCC: uscc, NameZh: "邵东打火机厂", Roles: []string{"exporter", "manufacturer"}, Dept: "cs-customs"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []auth.NewUser{
		{Login: "officer", Name: "李敏", Dept: "cs-customs", Role: "officer"},
		{Login: "approver", Name: "张伟", Dept: "cs-customs", Role: "approver"},
		{Login: "inspector", Name: "刘洋", Dept: "cs-customs", Role: "inspector"},
		{Login: "amr", Name: "王芳", Dept: "hn-amr", Role: "officer"},
		{Login: "eco", Name: "赵强", Dept: "hn-ecoenv", Role: "officer"},
		{Login: "admin", Name: "管理员", Dept: "hn-gov", Role: "admin"},
		{Login: "firm", Name: "厂长", Role: "enterprise", EnterpriseUSCC: uscc},
	} {
		u.Password = "a-long-password"
		created, err := w.Auth.AddUser(ctx, risk.System, u)
		if err != nil {
			t.Fatal(err)
		}
		w.Users[u.Login] = created.Actor()
	}
	return w
}

// U returns the actor of a login.
func (w *World) U(login string) risk.Actor { return w.Users[login] }

// ApprovedCase opens a case from one signal and approves a serious-risk
// assessment (severity 3 at 1/10).
func (w *World) ApprovedCase() *casefile.Case {
	w.T.Helper()
	ctx := context.Background()
	off, appr := w.U("officer"), w.U("approver")
	res, err := w.Signals.Create(ctx, off, []signal.Input{{Channel: "foreign-notification", Description: "打火机火焰过高",
		Product: signal.Product{Name: "一次性打火机", HSCode: "961310"}}})
	if err != nil {
		w.T.Fatal(err)
	}
	c, err := w.Cases.Open(ctx, off, casefile.OpenInput{Title: "一次性打火机", Signals: []risk.ID{res[0].ID}})
	if err != nil {
		w.T.Fatal(err)
	}
	x, err := w.Assess.Draft(ctx, off, c.ID, assess.Input{Scenarios: []assess.Scenario{{Severity: 3, Steps: []assess.Step{{Probability: "1/10"}}}}})
	if err == nil {
		x, err = w.Assess.Submit(ctx, off, x.ID, x.Rev)
	}
	if err == nil {
		_, err = w.Assess.Decide(ctx, appr, x.ID, "approve", "", x.Rev)
	}
	if err != nil {
		w.T.Fatal(err)
	}
	return c
}

// WarningInput is a complete bulletin input for lighters.
func (w *World) WarningInput(class warning.Class) warning.Input {
	in := warning.Input{Class: class, Title: "一次性打火机烧伤风险警示", Summary: "部分一次性打火机火焰高度超标。",
		Scope:   warning.Scope{HSPrefixes: []string{"9613"}, Keywords: []string{"打火机"}},
		Matters: "火焰高度超过限值。", Advice: "停止使用。", StartsAt: w.Now, ValidUntil: w.Now.AddDate(0, 6, 0),
		Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 3}}, Recipients: []string{"hn-amr"}}
	if class == warning.ClassNotice {
		in.Addressees = []risk.ID{w.Firm.ID}
	}
	return in
}

// Issue walks a warning of the case from draft to issued.
func (w *World) Issue(caseID risk.ID, in warning.Input) *warning.Warning {
	w.T.Helper()
	ctx := context.Background()
	x, err := w.Warnings.Draft(ctx, w.U("officer"), caseID, in)
	if err != nil {
		w.T.Fatal(err)
	}
	for _, st := range []struct{ who, action string }{{"officer", "submit"}, {"approver", "approve"}, {"officer", "issue"}} {
		if x, err = w.Warnings.Act(ctx, w.U(st.who), x.ID, st.action, "", x.Rev); err != nil {
			w.T.Fatalf("%s: %v", st.action, err)
		}
	}
	return x
}
