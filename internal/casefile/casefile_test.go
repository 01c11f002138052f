package casefile_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

type world struct {
	cases   *casefile.Service
	signals *signal.Service
	users   map[string]risk.Actor
}

func setup(t *testing.T, db *store.DB) *world {
	ctx := context.Background()
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) }
	as := &auth.Service{Store: db.Auth(), Sets: sets, Now: now}
	w := &world{cases: &casefile.Service{Store: db.Cases(), Sets: sets, Now: now},
		signals: &signal.Service{Store: db.Signals(), Sets: sets, Now: now}, users: map[string]risk.Actor{}}
	for _, u := range []auth.NewUser{
		{Login: "officer", Name: "李敏", Dept: "cs-customs", Role: "officer"},
		{Login: "officer2", Name: "周杰", Dept: "cs-customs", Role: "officer"},
		{Login: "approver", Name: "张伟", Dept: "cs-customs", Role: "approver"},
		{Login: "amr", Name: "王芳", Dept: "hn-amr", Role: "officer"},
		{Login: "inspector", Name: "刘洋", Dept: "cs-customs", Role: "inspector"},
	} {
		u.Password = "a-long-password"
		created, err := as.AddUser(ctx, risk.System, u)
		if err != nil {
			t.Fatal(err)
		}
		w.users[u.Login] = created.Actor()
	}
	return w
}

func (w *world) signal(t *testing.T, a risk.Actor, ref string) risk.ID {
	res, err := w.signals.Create(context.Background(), a, []signal.Input{{Channel: "12315", ExternalRef: ref, Description: "打火机爆炸伤人 " + ref, Product: signal.Product{Name: "打火机"}}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0].ID
}

func TestOpenAssignShare(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, amr := w.users["officer"], w.users["amr"]
		s1, s2, s3 := w.signal(t, off, "1"), w.signal(t, off, "2"), w.signal(t, amr, "3")
		// Another department's signal cannot be taken.
		_, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "打火机", Signals: []risk.ID{s1, s3}})
		if e, _ := risk.AsError(err); e == nil || e.Field != "signal_ids[1]" {
			t.Fatalf("foreign signal: %v", err)
		}
		c, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "一次性打火机烧伤风险", Signals: []risk.ID{s1, s2}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != "RC2026-00001" || c.Assignee != "officer" || c.Dept != "cs-customs" || c.Signals != 2 {
			t.Fatalf("opened %+v", c)
		}
		if g, _ := w.signals.Get(ctx, off, s1); g.Status != signal.StatusTriaged || g.CaseID != c.ID {
			t.Fatalf("signal after opening: %+v", g)
		}
		// A triaged signal cannot open a second case.
		s4 := w.signal(t, off, "4")
		if _, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "x", Signals: []risk.ID{s4, s1}}); err == nil {
			t.Fatal("signal in two cases")
		}
		// Assign to a colleague; not to an approver or to another department.
		for _, bad := range []string{"approver", "amr", "nobody"} {
			b := bad
			if _, err := w.cases.Update(ctx, off, c.ID, casefile.Change{Version: 1, Assignee: &b}); !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("assign to %s: %v", bad, err)
			}
		}
		two := "officer2"
		c, err = w.cases.Update(ctx, off, c.ID, casefile.Change{Version: 1, Assignee: &two})
		if err != nil || c.Assignee != "officer2" || c.Version != 2 {
			t.Fatalf("assign: %+v %v", c, err)
		}
		if _, err := w.cases.Update(ctx, off, c.ID, casefile.Change{Version: 1, Assignee: &two}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		// Market regulation sees neither case nor signals until shared.
		if _, err := w.cases.Get(ctx, amr, c.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("unshared: %v", err)
		}
		if err := w.cases.Share(ctx, off, c.ID, "hn-amr"); err != nil {
			t.Fatal(err)
		}
		got, err := w.cases.Get(ctx, amr, c.ID)
		if err != nil || strings.Join(got.SharedWith, ",") != "hn-amr" {
			t.Fatalf("shared: %+v %v", got, err)
		}
		if _, err := w.signals.Get(ctx, amr, s1); err != nil {
			t.Fatalf("shared case's signal: %v", err)
		}
		// ...but may not change it.
		title := "x"
		if _, err := w.cases.Update(ctx, amr, c.ID, casefile.Change{Version: 2, Title: &title}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("shared department edits: %v", err)
		}
		list, n, err := w.cases.List(ctx, amr, casefile.Filter{})
		if err != nil || n != 1 || list[0].ID != c.ID {
			t.Fatalf("amr list: %d %v", n, err)
		}
		// Inspectors read; approvers read; neither opens.
		for _, who := range []string{"inspector", "approver"} {
			if _, err := w.cases.Get(ctx, w.users[who], c.ID); err != nil {
				t.Errorf("%s read: %v", who, err)
			}
			if _, err := w.cases.Open(ctx, w.users[who], casefile.OpenInput{Title: "x", Signals: []risk.ID{s4}}); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("%s open: %v", who, err)
			}
		}
		if _, _, err := w.cases.List(ctx, risk.Anonymous, casefile.Filter{}); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("anonymous list: %v", err)
		}
	})
}

// Every transition of the case lifecycle, allowed and refused.
func TestLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off := w.users["officer"]
		c, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "t", Signals: []risk.ID{w.signal(t, off, "1")}})
		if err != nil {
			t.Fatal(err)
		}
		m := casefile.Lifecycle()
		version := c.Version
		// Walk: open -close-> closed -reopen-> open; at each state try every action.
		for _, step := range []struct{ from, action string }{{"open", "close"}, {"closed", "reopen"}} {
			for _, act := range m.Actions() {
				if act == step.action {
					continue
				}
				a := act
				_, err := w.cases.Update(ctx, off, c.ID, casefile.Change{Version: version, Action: &a, Reason: "r"})
				if !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), step.action) {
					t.Errorf("%s from %s: %v, want 409 listing %s", act, step.from, err, step.action)
				}
			}
			a := step.action
			if a == "close" {
				if _, err := w.cases.Update(ctx, off, c.ID, casefile.Change{Version: version, Action: &a}); !errors.Is(err, risk.ErrInvalid) {
					t.Errorf("close without reason: %v", err)
				}
			}
			c, err = w.cases.Update(ctx, off, c.ID, casefile.Change{Version: version, Action: &a, Reason: "已处置"})
			if err != nil {
				t.Fatalf("%s: %v", a, err)
			}
			version = c.Version
		}
		if c.Status != casefile.StatusOpen {
			t.Fatalf("after close and reopen: %s", c.Status)
		}
	})
}

// Case numbers are consecutive under concurrent opening.
func TestNumbersConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off := w.users["officer"]
		const n = 20
		ids := make([]risk.ID, n)
		for i := range ids {
			ids[i] = w.signal(t, off, fmt.Sprint("c", i))
		}
		var wg sync.WaitGroup
		numbers := make([]string, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "t", Signals: []risk.ID{ids[i]}})
				if err != nil {
					t.Error(err)
					return
				}
				numbers[i] = c.Number
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, num := range numbers {
			seen[num] = true
		}
		for i := 1; i <= n; i++ {
			if want := fmt.Sprintf("RC2026-%05d", i); !seen[want] {
				t.Errorf("missing %s in %v", want, numbers)
			}
		}
	})
}

// TestDossier: a case's dossier holds its history, newest first, for who
// may see the case, and nothing for who may not.
func TestDossier(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, amr := w.users["officer"], w.users["amr"]
		c, err := w.cases.Open(ctx, off, casefile.OpenInput{Title: "一次性打火机烧伤风险", Signals: []risk.ID{w.signal(t, off, "1")}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.cases.Dossier(ctx, amr, c.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("another department's dossier: %v", err)
		}
		if err := w.cases.Share(ctx, off, c.ID, "hn-amr"); err != nil {
			t.Fatal(err)
		}
		for _, a := range []risk.Actor{off, amr, risk.System} {
			d, err := w.cases.Dossier(ctx, a, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Case.ID != c.ID || len(d.History) != 2 || d.History[0].Action != "case.share" || d.History[1].Action != "case.open" {
				var got []string
				for _, e := range d.History {
					got = append(got, e.Action)
				}
				t.Errorf("%s: dossier of case %d, history %v", a.Label(), d.Case.ID, got)
			}
			if a == off && d.History[1].ActorName != "李敏" {
				t.Errorf("history names %q", d.History[1].ActorName)
			}
		}
	})
}
