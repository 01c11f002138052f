package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func TestMigrationsMatchAcrossEngines(t *testing.T) {
	lite, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d: every migration needs both versions", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i+1, lite[i].Name, pg[i].Name)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", n)
		}
		loaded, err := catalog.Seed(context.Background(), db.Catalogs())
		if err != nil {
			t.Fatal(err)
		}
		if len(loaded) != 0 {
			t.Fatalf("second Seed reloaded %v, want nothing", loaded)
		}
	})
}

func TestCatalogSearch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := catalog.Service{Store: db.Catalogs()}
		cases := []struct {
			cat, q, wantCode, wantName string
		}{
			{"hs", "3604", "3604", "烟"},
			{"hs", "36.04", "3604", "烟"},
			{"countries", "VN", "VN", "越南"},
			{"countries", "vn", "VN", "越南"},
			{"countries", "越南", "VN", "越南"},
			{"regions", "4301", "430100", "长沙"},
			{"departments", "cs-customs", "cs-customs", "长沙海关"},
			{"hazards", "chemical", "chemical", ""},
		}
		for _, c := range cases {
			got, err := svc.Search(ctx, risk.Anonymous, catalog.Query{Catalog: c.cat, Text: c.q})
			if err != nil {
				t.Fatalf("%s?q=%s: %v", c.cat, c.q, err)
			}
			if len(got) == 0 || got[0].Code != c.wantCode || !strings.Contains(got[0].NameZh, c.wantName) {
				t.Errorf("%s?q=%s: first = %+v, want code %s with name containing %q", c.cat, c.q, got, c.wantCode, c.wantName)
			}
		}
		top, err := svc.Search(ctx, risk.Anonymous, catalog.Query{Catalog: "hs"})
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 50 || top[0].Code != "01" {
			t.Errorf("hs top level: %d entries starting %v", len(top), top[:1])
		}
		_, err = svc.Search(ctx, risk.Anonymous, catalog.Query{Catalog: "nope"})
		if !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("unknown catalogue: %v, want not found", err)
		}
		// Wildcards in the query are literal text.
		got, err := svc.Search(ctx, risk.Anonymous, catalog.Query{Catalog: "hs", Text: "zq%"})
		if err != nil || len(got) != 0 {
			t.Errorf("q=zq%%: %d entries, %v; want none", len(got), err)
		}
	})
}

func TestAuditChain(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		as := db.Audit()
		svc := audit.Service{Store: as}
		base, err := svc.Verify(ctx, risk.System)
		if err != nil {
			t.Fatalf("fresh chain: %v", err)
		}
		if base == 0 {
			t.Fatal("catalogue seeding should have left audit entries")
		}
		actor := risk.Actor{UserID: 7, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
		for i := 0; i < 5; i++ {
			e := audit.New(actor, "test.touch", "thing", risk.ID(i+1), "touch").WithChange(nil, map[string]int{"i": i})
			if err := as.Append(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		n, err := svc.Verify(ctx, risk.System)
		if err != nil || n != base+5 {
			t.Fatalf("verify = %d, %v; want %d entries intact", n, err, base+5)
		}
		list, total, err := svc.List(ctx, risk.Actor{Role: risk.RoleAdmin, UserID: 1, Login: "admin"}, audit.Filter{Entity: "thing", Limit: 2})
		if err != nil || total != 5 || len(list) != 2 || list[0].EntityID != 5 {
			t.Fatalf("list = %d of %d (%v), first %+v", len(list), total, err, list)
		}
		if _, _, err := svc.List(ctx, actor, audit.Filter{}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("officer listing audit: %v, want forbidden", err)
		}
		// The log refuses edits through SQL...
		if err := db.ExecRaw(ctx, `UPDATE audit_log SET summary = 'x' WHERE seq = 2`); err == nil {
			t.Fatal("audit_log accepted an UPDATE")
		}
		// ...and verification finds an edit made behind the trigger's back.
		tamper := map[string][]string{
			"sqlite":   {`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET summary = 'forged' WHERE seq = $1`},
			"postgres": {`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`, `UPDATE audit_log SET summary = 'forged' WHERE seq = $1`},
		}[db.Engine()]
		target := base + 3
		if err := db.ExecRaw(ctx, tamper[0]); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, tamper[1], target); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Verify(ctx, risk.System)
		var p *audit.Problem
		if !errors.As(err, &p) || p.Seq != target {
			t.Fatalf("verify after tampering = %v, want a problem at entry %d", err, target)
		}
	})
}

func TestBackup(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		if db.Engine() == "postgres" {
			t.Skip("pg_dump backup is exercised by the CLI test")
		}
		ctx := context.Background()
		out := filepath.Join(t.TempDir(), "copy.db")
		if err := db.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		cp, err := store.Open(ctx, "sqlite:"+out, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		cp.SetAuditKey(db.Audit().Key())
		n, err := (&audit.Service{Store: cp.Audit()}).Verify(ctx, risk.System)
		if err != nil || n == 0 {
			t.Fatalf("backup verify = %d, %v", n, err)
		}
	})
}

// Verifying while others append sees one snapshot: no false alarm.
func TestAuditVerifyDuringAppends(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := audit.Service{Store: db.Audit()}
		done := make(chan error)
		go func() {
			a := risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin}
			for i := 0; i < 60; i++ {
				if err := db.Audit().Append(ctx, audit.New(a, "test.append", "thing", risk.ID(i+1), "x")); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		for running := true; running; {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				running = false
			default:
			}
			if _, err := svc.Verify(ctx, risk.System); err != nil {
				t.Fatalf("verify during appends: %v", err)
			}
		}
	})
}
