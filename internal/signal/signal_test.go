package signal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/tabular"
)

var (
	officer   = risk.Actor{UserID: 2, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
	amr       = risk.Actor{UserID: 3, Login: "amr", Dept: "hn-amr", Role: risk.RoleOfficer}
	approver  = risk.Actor{UserID: 4, Login: "approver", Dept: "cs-customs", Role: risk.RoleApprover}
	firm      = risk.Actor{UserID: 5, Login: "firm", Role: risk.RoleEnterprise, EnterpriseID: 1}
	anonymous = risk.Anonymous
)

func service(t testing.TB, db *store.DB) *signal.Service {
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	return &signal.Service{Store: db.Signals(), Sets: sets, Now: func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) }}
}

func lighter(ref string) signal.Input {
	return signal.Input{Channel: "foreign-notification", ExternalRef: ref, Region: "430500",
		Reporter: signal.Reporter{Name: "张三", Contact: "13800000000"},
		Product:  signal.Product{HSCode: "9613100000", Name: "一次性打火机", Brand: "火炬", Model: "FT-1", GTIN: "6901234567892", Origin: "CN", Destination: "DE"},
		Hazard:   "burns", Description: "打火机火焰高度超标，存在烧伤风险。"}
}

func TestCreateIdempotent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		res, err := svc.Create(ctx, officer, []signal.Input{lighter("SG-A12/00001/26"), lighter("SG-A12/00002/26")})
		if err != nil || len(res) != 2 || !res[0].Created || !res[1].Created {
			t.Fatalf("create: %+v %v", res, err)
		}
		again, err := svc.Create(ctx, officer, []signal.Input{lighter("SG-A12/00001/26")})
		if err != nil || again[0].Created || again[0].ID != res[0].ID {
			t.Fatalf("resend: %+v %v; want the stored signal %d, not created", again, err, res[0].ID)
		}
		// The same reference on another channel is another signal.
		other := lighter("SG-A12/00001/26")
		other.Channel = "12315"
		if r, err := svc.Create(ctx, officer, []signal.Input{other}); err != nil || !r[0].Created {
			t.Fatalf("other channel: %+v %v", r, err)
		}
		// A batch with one bad item writes nothing and names the item.
		bad := lighter("SG-A12/00003/26")
		bad.Product.GTIN = "6901234567893"
		_, err = svc.Create(ctx, officer, []signal.Input{lighter("SG-A12/00004/26"), bad})
		e, _ := risk.AsError(err)
		if e == nil || e.Field != "items[1].product.gtin" {
			t.Fatalf("bad batch: %v", err)
		}
		if _, n, _ := svc.List(ctx, officer, signal.Filter{}); n != 3 {
			t.Fatalf("%d signals after a rejected batch, want 3", n)
		}
		// Batches are limited.
		many := make([]signal.Input, signal.MaxBatch+1)
		if _, err := svc.Create(ctx, officer, many); !errors.Is(err, risk.ErrTooLarge) {
			t.Fatalf("oversized batch: %v", err)
		}
	})
}

// The same reference sent by many clients at once is stored once.
func TestCreateConcurrentResend(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		var wg sync.WaitGroup
		ids := make([]risk.ID, 8)
		errs := make([]error, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := svc.Create(ctx, officer, []signal.Input{lighter("RASFF-2026.0042")})
				errs[i] = err
				if err == nil {
					ids[i] = r[0].ID
				}
			}()
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("client %d: id %d err %v; want all %d", i, ids[i], errs[i], ids[0])
			}
		}
	})
}

func TestValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		svc := service(t, db)
		in := signal.Input{Channel: "fax", Region: "12", Product: signal.Product{HSCode: "7701", USCC: "123", Origin: "XX"},
			Hazard: "gremlins", Injuries: signal.Injuries{Severity: 3}, ReceivedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
		_, err := svc.Create(context.Background(), officer, []signal.Input{in})
		e, _ := risk.AsError(err)
		if e == nil {
			t.Fatal("invalid signal accepted")
		}
		got := map[string]bool{}
		for _, d := range e.Details {
			got[d.Field] = true
		}
		for _, f := range []string{"channel", "region", "product.hs_code", "product.uscc", "product.origin", "hazard", "injuries.count", "received_at", "description"} {
			if !got[f] {
				t.Errorf("no problem reported for %s (got %v)", f, got)
			}
		}
	})
}

func TestVisibilityAndReporters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		res, err := svc.Create(ctx, officer, []signal.Input{lighter("V-1")})
		if err != nil {
			t.Fatal(err)
		}
		id := res[0].ID
		got, err := svc.Get(ctx, officer, id)
		if err != nil || got.Reporter == nil || got.Reporter.Name != "张三" {
			t.Fatalf("holder reads reporter: %+v %v", got, err)
		}
		list, _, _ := svc.List(ctx, officer, signal.Filter{})
		if len(list) != 1 || list[0].Reporter != nil {
			t.Fatal("lists must leave reporter details out")
		}
		// Another department does not see it until a case is shared.
		if _, err := svc.Get(ctx, amr, id); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("other department: %v", err)
		}
		if _, n, _ := svc.List(ctx, amr, signal.Filter{}); n != 0 {
			t.Fatalf("other department lists %d", n)
		}
		for _, a := range []risk.Actor{anonymous, firm} {
			if _, err := svc.Get(ctx, a, id); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("%s reading a signal: %v", a.Label(), err)
			}
		}
		// An enterprise reports on its own channel only.
		in := lighter("")
		if _, err := svc.Create(ctx, firm, []signal.Input{in}); err == nil {
			t.Fatal("enterprise reported on the foreign-notification channel")
		}
		in.Channel = ""
		r, err := svc.Create(ctx, firm, []signal.Input{in})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := svc.Get(ctx, officer, r[0].ID)
		if g.Channel != "enterprise-self-report" || g.Dept != "cs-customs" {
			t.Fatalf("self-report stored as %s for %s", g.Channel, g.Dept)
		}
		// An approver may read but not record.
		if _, err := svc.Create(ctx, approver, []signal.Input{lighter("A-1")}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("approver create: %v", err)
		}
	})
}

func TestSuggestLinkTriage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		a := lighter("S-1")
		b := lighter("S-2") // same GTIN
		c := signal.Input{Channel: "12315", Description: "打火机火焰高度超标，存在烧伤风险！", Product: signal.Product{Name: "打火机"}}
		d := signal.Input{Channel: "12315", Description: "儿童玩具小零件脱落，存在窒息风险。", Product: signal.Product{Name: "积木"}}
		res, err := svc.Create(ctx, officer, []signal.Input{a, b, c, d})
		if err != nil {
			t.Fatal(err)
		}
		sugg, err := svc.Suggest(ctx, officer, res[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		found := map[risk.ID]string{}
		for _, s := range sugg {
			found[s.SignalID] = strings.Join(s.Reasons, ",")
		}
		if !strings.Contains(found[res[1].ID], "gtin") || !strings.Contains(found[res[2].ID], "text") {
			t.Fatalf("suggestions %v", found)
		}
		if _, ok := found[res[3].ID]; ok {
			t.Fatalf("unrelated signal suggested: %v", found)
		}
		if err := svc.Link(ctx, officer, res[0].ID, res[1].ID, signal.LinkDuplicate); err != nil {
			t.Fatal(err)
		}
		if err := svc.Link(ctx, officer, res[1].ID, res[0].ID, signal.LinkRelated); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("relink: %v", err)
		}
		links, err := svc.Links(ctx, officer, res[1].ID)
		if err != nil || len(links) != 1 || links[0].Other != res[0].ID || links[0].Kind != "duplicate" {
			t.Fatalf("links %+v %v", links, err)
		}
		// Triage transitions: new → dismissed → new; others refused with the allowed list.
		if err := svc.Reopen(ctx, officer, res[3].ID); !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "dismiss") {
			t.Fatalf("reopen a new signal: %v", err)
		}
		if err := svc.Dismiss(ctx, officer, res[3].ID, ""); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("dismiss without reason: %v", err)
		}
		if err := svc.Dismiss(ctx, officer, res[3].ID, "非产品质量问题"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Dismiss(ctx, officer, res[3].ID, "again"); !errors.Is(err, risk.ErrConflict) || !strings.Contains(err.Error(), "reopen") {
			t.Fatalf("dismiss twice: %v", err)
		}
		if err := svc.Reopen(ctx, officer, res[3].ID); err != nil {
			t.Fatal(err)
		}
		// Attachments keep their hash; oversized ones are refused.
		att, err := svc.AddAttachment(ctx, officer, res[0].ID, "report.pdf", "application/pdf", []byte("%PDF-1.4 test"))
		if err != nil || len(att.SHA256) != 64 {
			t.Fatalf("attach: %+v %v", att, err)
		}
		_, data, err := svc.Attachment(ctx, officer, res[0].ID, att.ID)
		if err != nil || string(data) != "%PDF-1.4 test" {
			t.Fatalf("read attachment: %q %v", data, err)
		}
		if _, err := svc.AddAttachment(ctx, officer, res[0].ID, "big.bin", "", make([]byte, signal.MaxAttachment+1)); !errors.Is(err, risk.ErrTooLarge) {
			t.Fatalf("oversized attachment: %v", err)
		}
	})
}

func TestSimilarity(t *testing.T) {
	if s := signal.Similarity("打火机火焰高度超标", "打火机火焰高度超标。"); s != 1 {
		t.Errorf("punctuation changes similarity: %v", s)
	}
	if s := signal.Similarity("打火机火焰高度超标", "儿童玩具小零件脱落"); s > 0.1 {
		t.Errorf("unrelated texts similar: %v", s)
	}
}

func TestImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		good := "信息来源渠道 Channel,外部编号 External reference,接收时间 Received at,产品名称 Product name,HS 编码 HS code,风险类型 Hazard,伤害人数 Injuries,描述 Description\n" +
			"12315,C-1,2026-11-28 08:30,组合烟花,3604100000,烧伤、烫伤,1,侧喷伤手\n" +
			"国外通报/召回,SG-1,2026-11-27,打火机,9613,burns,,火焰过高\n"
		p, err := signal.ParseImport(strings.NewReader(good), tabular.CSV)
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Import(ctx, officer, p)
		if err != nil || res.Created != 2 {
			t.Fatalf("import: %+v %v", res, err)
		}
		list, _, _ := svc.List(ctx, officer, signal.Filter{Channel: "foreign-notification"})
		if len(list) != 1 || list[0].Hazard != "burns" || !list[0].ReceivedAt.Equal(time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC)) {
			t.Fatalf("imported %+v", list)
		}
		// Again: nothing new.
		p, _ = signal.ParseImport(strings.NewReader(good), tabular.CSV)
		if res, err := svc.Import(ctx, officer, p); err != nil || res.Created != 0 || res.Existing != 2 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		// Bad rows: nothing written, every problem by row and column.
		bad := good + "传真,F-1,昨天,x,7701,gremlins,两人,\n"
		p, err = signal.ParseImport(strings.NewReader(strings.Replace(bad, "C-1", "C-2", 1)), tabular.CSV)
		if err != nil {
			t.Fatal(err)
		}
		res, err = svc.Import(ctx, officer, p)
		if !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("bad import: %v", err)
		}
		cols := map[string]bool{}
		for _, fe := range res.Errors {
			if fe.Row != 4 {
				t.Errorf("error on row %d, want 4: %+v", fe.Row, fe)
			}
			cols[fe.Column] = true
		}
		for _, c := range []string{"信息来源渠道 Channel", "接收时间 Received at", "HS 编码 HS code", "风险类型 Hazard", "伤害人数 Injuries"} {
			if !cols[c] {
				t.Errorf("no error reported in column %s (got %v)", c, cols)
			}
		}
		if _, n, _ := svc.List(ctx, officer, signal.Filter{}); n != 2 {
			t.Fatalf("rejected import wrote: %d signals", n)
		}
	})
}

func TestImportTemplates(t *testing.T) {
	for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		var buf bytes.Buffer
		var err error
		if f == tabular.CSV {
			err = signal.ImportTemplateCSV(&buf)
		} else {
			err = signal.ImportTemplateXLSX(&buf)
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := signal.ParseImport(&buf, f)
		if err != nil || len(p.Rows) != 1 || p.Rows[0].Input.Hazard != "burns" || p.Rows[0].Input.Channel != "12315" {
			t.Fatalf("%s template: %+v %v", f, p, err)
		}
	}
}

// TestCreateBatches sends batches large enough to be checked in parallel
// parts and stored the fast way: new ones are stored with an audit entry
// each (its JSON as a map of the fields would encode it); a batch's
// problems are reported in the order of its items and store nothing; a
// batch half resent stores the new half and returns the stored signals;
// a batch naming another department's reference stores nothing.
func TestCreateBatches(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		batch := func(prefix string, from, to int) []signal.Input {
			var out []signal.Input
			for i := from; i < to; i++ {
				in := lighter(fmt.Sprintf("%s-%04d", prefix, i))
				in.Product.Name = fmt.Sprintf("打火机 <%d> & 配件", i)
				out = append(out, in)
			}
			return out
		}
		count := func(a risk.Actor) int {
			t.Helper()
			_, n, err := svc.List(ctx, a, signal.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		res, err := svc.Create(ctx, officer, batch("P", 0, 300))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[int]risk.ID{}
		for i, r := range res {
			if !r.Created || r.ID == 0 {
				t.Fatalf("item %d: %+v", i, r)
			}
			ids[i] = r.ID
		}
		g, err := svc.Get(ctx, officer, res[123].ID)
		if err != nil || g.ExternalRef != "P-0123" {
			t.Fatalf("item 123: %+v %v", g, err)
		}
		es, _, err := db.Audit().List(ctx, audit.Filter{Entity: "signal", EntityID: g.ID})
		if err != nil || len(es) != 1 {
			t.Fatalf("item 123's audit entries: %+v %v", es, err)
		}
		want, _ := json.Marshal(map[string]any{"channel": g.Channel, "external_ref": g.ExternalRef, "product": g.Product, "hazard": g.Hazard, "dept": g.Dept})
		if es[0].After != string(want) {
			t.Fatalf("audit entry records %s, want %s", es[0].After, want)
		}

		// Problems in the order of the items, whichever part found them.
		bad := batch("Q", 0, 300)
		bad[290].Product.HSCode, bad[7].Region, bad[150].Hazard = "77", "12", "gremlins"
		_, err = svc.Create(ctx, officer, bad)
		e, _ := risk.AsError(err)
		var fields []string
		if e != nil {
			for _, d := range e.Details {
				fields = append(fields, d.Field)
			}
		}
		if strings.Join(fields, " ") != "items[7].region items[150].hazard items[290].product.hs_code" {
			t.Fatalf("problems %v (%v)", fields, err)
		}
		if n := count(officer); n != 300 {
			t.Fatalf("%d signals after a rejected batch, want 300", n)
		}

		// Half resent: the new half stored, the stored half returned.
		res, err = svc.Create(ctx, officer, batch("P", 150, 450))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if old, resent := ids[150+i]; r.Created == resent || resent && r.ID != old {
				t.Fatalf("P-%04d: %+v (stored as %d)", 150+i, r, old)
			}
		}
		if n := count(officer); n != 450 {
			t.Fatalf("%d signals, want 450", n)
		}

		// Another department naming one of these references stores
		// nothing, the new ones of its batch neither.
		theirs := append(batch("R", 0, 200), lighter("P-0042"))
		_, err = svc.Create(ctx, amr, theirs)
		if e, _ := risk.AsError(err); e == nil || e.Field != "items[200].external_ref" {
			t.Fatalf("another department's reference: %v", err)
		}
		if n := count(amr); n != 0 {
			t.Fatalf("the other department stored %d", n)
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System); err != nil {
			t.Fatalf("chain: %v", err)
		}
	})
}
