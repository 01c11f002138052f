package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/reminder"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/tabular"
	"riskgate/internal/tbt"
)

// TestTBTStore runs TBT/SPS notifications on both engines: entry with bad
// input refused naming the field (nothing written), later documents linked
// to their base and changing it (before or after it), the impact on
// exporters from screened export declarations (EU = its member states, the
// last 12 months, HS prefixes, ranked), the all-or-nothing import, the
// comment's life, subscriptions and the reminders they and the deadlines
// cause, and a study whose guidance reaches the affected firm's users.
func TestTBTStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		db.Now = clock
		cs, err := catalog.BuiltinSets()
		if err != nil {
			t.Fatal(err)
		}
		svc := &tbt.Service{Store: db.TBT(), People: db.Reminders(), Sets: tbt.Sets{HS: cs.HS, Countries: cs.Countries}, Now: clock}
		toys := &enterprise.Enterprise{USCC: "91431100MA4L0E1T2B", NameZh: "永州测试玩具有限公司", Region: "431100", Roles: []string{"exporter"}, CreditTier: "routine"}
		fire := &enterprise.Enterprise{USCC: "91430181MA4Q0B0H3C", NameZh: "浏阳测试烟花有限公司", Region: "430181", Roles: []string{"exporter"}, CreditTier: "routine"}
		for _, e := range []*enterprise.Enterprise{toys, fire} {
			if err := db.Enterprises().Create(ctx, e, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
				t.Fatal(err)
			}
		}
		var users []*auth.User
		for _, u := range []*auth.User{{Login: "officer", Name: "官员", Dept: "cs-customs", Role: risk.RoleOfficer},
			{Login: "toys", Name: "玩具企业", Role: risk.RoleEnterprise, EnterpriseID: toys.ID},
			{Login: "fire", Name: "烟花企业", Role: risk.RoleEnterprise, EnterpriseID: fire.ID}} {
			if err := db.Auth().CreateUser(ctx, u, "x", audit.New(risk.System, "user.create", "user", 0, "test")); err != nil {
				t.Fatal(err)
			}
			users = append(users, u)
		}
		officer, toysUser := users[0].Actor(), users[1].Actor()
		// Exports: toys to DE and FR (EU) and GB (not), fireworks to DE and
		// US, an unregistered consignor's toys to PL, and toys declared 13
		// months ago (outside the window).
		decls := []struct {
			number, uscc, name string
			ago                time.Duration
			lines              []screening.Line
		}{
			{"490020261000000001", toys.USCC, "", 24 * time.Hour, []screening.Line{{HSCode: "9503001000", Destination: "DE", Value: 1000}, {HSCode: "9503008900", Destination: "FR", Value: 500}}},
			{"490020261000000002", toys.USCC, "", 48 * time.Hour, []screening.Line{{HSCode: "9503002100", Destination: "GB", Value: 9000}}},
			{"490020261000000003", fire.USCC, "", 72 * time.Hour, []screening.Line{{HSCode: "3604100000", Destination: "DE", Value: 7000}, {HSCode: "3604100000", Destination: "US", Value: 3000}}},
			{"490020261000000004", "91430100MA4R0C1D4E", "长沙未登记贸易公司", 96 * time.Hour, []screening.Line{{HSCode: "9503008900", Destination: "PL", Value: 2500}}},
			{"490020251000000005", toys.USCC, "", 13 * 30 * 24 * time.Hour, []screening.Line{{HSCode: "9503001000", Destination: "DE", Value: 99999}}},
		}
		for _, d := range decls {
			at := now.Add(-d.ago)
			x := screening.Declaration{Number: d.number, Direction: "export", Port: "4900", DeclaredAt: at, TradeMode: "0110", ConsignorUSCC: d.uscc, ConsignorName: d.name, Lines: d.lines}
			res := screening.Result{Number: d.number, Decision: screening.Release}
			for range d.lines {
				res.Lines = append(res.Lines, screening.LineResult{Decision: screening.Release, Reasons: []screening.Reason{}})
			}
			if _, err := db.Screening().Save(ctx, []*screening.Stored{{Declaration: x, Result: res, ScreenedAt: at, CreatedBy: "test"}},
				[]audit.Entry{audit.New(risk.System, "declaration.screen", "declaration", 0, "test")}); err != nil {
				t.Fatal(err)
			}
		}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		count := func() int {
			_, n, err := db.TBT().List(ctx, tbt.Filter{Later: true, Paging: risk.Paging{Limit: 1}})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("BadInput", func(t *testing.T) {
			before := entries()
			for _, tt := range []struct {
				in    tbt.Input
				field string
			}{
				{tbt.Input{Symbol: "G/TBT/EU/1", Member: "EU", HSCodes: []string{"9503"}, Title: "x"}, "symbol"},
				{tbt.Input{Symbol: "G/TBT/N/EU/1", Member: "EU", HSCodes: []string{"9503", "7701"}, Title: "x"}, "hs_codes[1]"},
				{tbt.Input{Symbol: "G/TBT/N/TPKM/1", Member: "QQ", HSCodes: []string{"9503"}, Title: "x"}, "member"},
			} {
				_, err := svc.Create(ctx, officer, tt.in)
				e, ok := risk.AsError(err)
				if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != tt.field || !strings.Contains(e.Message, " / ") {
					t.Errorf("%+v: %v, want a bilingual error naming %s", tt.in, err, tt.field)
				}
			}
			if _, err := svc.Create(ctx, toysUser, tbt.Input{Symbol: "G/TBT/N/EU/1", Member: "EU", Title: "x"}); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("a firm registered a notification: %v", err)
			}
			if count() != 0 || entries() != before {
				t.Errorf("refused input wrote: %d notifications, %d → %d audit entries", count(), before, entries())
			}
		})

		var toyID, addID risk.ID
		t.Run("ImpactAndAddendum", func(t *testing.T) {
			n, err := svc.Create(ctx, officer, tbt.Input{Symbol: "G/TBT/N/EU/1139", Member: "EU", HSCodes: []string{"9503"}, Title: "Toy safety regulation",
				Date: "2026-11-20", CommentDeadline: "2026-12-10"})
			if err != nil {
				t.Fatal(err)
			}
			toyID = n.ID
			if n.Kind != tbt.Regular || n.BaseSymbol != n.Symbol || n.Rev != 1 || n.CreatedBy != "officer" {
				t.Errorf("created %+v", n)
			}
			im, err := svc.Impact(ctx, officer, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []tbt.Affected{{USCC: "91430100MA4R0C1D4E", Name: "长沙未登记贸易公司", Lines: 1, Value: 2500},
				{EnterpriseID: toys.ID, USCC: toys.USCC, Name: toys.NameZh, Lines: 2, Value: 1500}}
			if diff := cmp.Diff(want, im.Items); diff != "" {
				t.Errorf("impact mismatch (-want +got):\n%s", diff)
			}
			if im.Lines != 3 || im.Value != 4000 || im.Since != "2025-12-04" || len(im.Destinations) != 27 {
				t.Errorf("impact totals %+v", im)
			}
			if _, err := svc.Impact(ctx, toysUser, n.ID); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("a firm saw the impact: %v", err)
			}
			if _, err := svc.Create(ctx, officer, tbt.Input{Symbol: "g/tbt/n/eu/1139", Title: "again"}); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("registered twice: %v", err)
			}
			add, err := svc.Create(ctx, officer, tbt.Input{Symbol: "G/TBT/N/EU/1139/Add.1", Date: "2026-12-01", CommentDeadline: "2027-01-31", HSCodes: []string{"9504"}})
			if err != nil {
				t.Fatal(err)
			}
			addID = add.ID
			if add.BaseID != n.ID || add.Member != "EU" {
				t.Errorf("addendum %+v", add)
			}
			base, err := svc.Get(ctx, officer, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if base.CommentDeadline != "2027-01-31" || !cmp.Equal(base.HSCodes, []string{"9503", "9504"}) || base.Rev != 2 || len(base.Later) != 1 || base.Later[0].ID != add.ID {
				t.Errorf("base after addendum %+v", base)
			}
			if len(base.Changes) != 2 || base.Changes[0].Symbol != "G/TBT/N/EU/1139/Add.1" {
				t.Errorf("changes %+v", base.Changes)
			}
			// A corrigendum registered before its notification is applied
			// when the notification arrives.
			if _, err := svc.Create(ctx, officer, tbt.Input{Symbol: "G/TBT/N/USA/2101/Corr.1", CommentDeadline: "2026-12-15"}); err != nil {
				t.Fatal(err)
			}
			us, err := svc.Create(ctx, officer, tbt.Input{Symbol: "G/TBT/N/USA/2101", HSCodes: []string{"3604"}, Title: "Fireworks devices", Date: "2026-11-01", CommentDeadline: "2026-12-01"})
			if err != nil {
				t.Fatal(err)
			}
			if us.Member != "US" || us.CommentDeadline != "2026-12-15" || len(us.Later) != 1 {
				t.Errorf("base after its earlier corrigendum %+v", us)
			}
			im, err = svc.Impact(ctx, officer, us.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]tbt.Affected{{EnterpriseID: fire.ID, USCC: fire.USCC, Name: fire.NameZh, Lines: 1, Value: 3000}}, im.Items); diff != "" {
				t.Errorf("US impact mismatch (-want +got):\n%s", diff)
			}
			list, total, err := svc.List(ctx, officer, tbt.Filter{HSPrefix: "950300"})
			if err != nil || total != 1 || list[0].ID != n.ID {
				t.Errorf("list by HS: %d %v", total, err)
			}
		})

		t.Run("Import", func(t *testing.T) {
			before, n := entries(), count()
			bad := "Document symbol,Notifying member,Title,HS code(s),Final date for comments\n" +
				"G/SPS/N/JPN/1234,JP,Maximum residue limits,0304,2026-12-20\n" +
				"G/SPS/N/JPN/1235,Nowhere,Other,0304,2026-12-20\n" +
				"G/TBT/N/EU/1140,EU,Lighters,9613; 7799,\n"
			p, err := tbt.Parse(strings.NewReader(bad), tabular.CSV)
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.Import(ctx, officer, p)
			if !errors.Is(err, risk.ErrInvalid) || len(res.Errors) != 2 || res.Errors[0].Row != 3 || res.Errors[0].Field != "member" || res.Errors[1].Field != "hs_codes[1]" || res.Errors[1].Column != "HS code(s)" {
				t.Errorf("bad file: %v %+v", err, res)
			}
			if count() != n || entries() != before {
				t.Error("a refused import wrote")
			}
			good := "Document symbol,Notifying member,Title,HS code(s),Final date for comments\n" +
				"G/SPS/N/JPN/1234/Add.1,JP,,,2027-01-15\n" +
				"G/SPS/N/JPN/1234,JP,Maximum residue limits,0304,2026-12-20\n" +
				"G/TBT/N/EU/1139,EU,Toy safety regulation,9503,\n"
			if p, err = tbt.Parse(strings.NewReader(good), tabular.CSV); err != nil {
				t.Fatal(err)
			}
			res, err = svc.Import(ctx, officer, p)
			if err != nil || res.Created != 2 || res.Existing != 1 || res.Updated != 0 {
				t.Fatalf("import: %v %+v", err, res)
			}
			list, _, err := svc.List(ctx, officer, tbt.Filter{Member: "JP"})
			if err != nil || len(list) != 1 || list[0].CommentDeadline != "2027-01-15" || list[0].Source != "import" {
				t.Errorf("imported %v %+v", err, list)
			}
			if count() != n+2 || entries() != before+2 {
				t.Errorf("import wrote %d notifications, %d audit entries", count()-n, entries()-before)
			}
		})

		t.Run("CommentAndQueue", func(t *testing.T) {
			q, err := svc.Queue(ctx, officer)
			if err != nil || q.DeadlinesSoon != 1 { // USA/2101 on 2026-12-15
				t.Errorf("queue %+v %v", q, err)
			}
			list, _, _ := svc.List(ctx, officer, tbt.Filter{Member: "US"})
			id := list[0].ID
			if _, err := svc.Comment(ctx, officer, id, "send", tbt.CommentInput{}); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("sent with no draft: %v", err)
			}
			if _, err := svc.Comment(ctx, officer, id, "draft", tbt.CommentInput{}); !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("an empty draft: %v", err)
			}
			n, err := svc.Comment(ctx, officer, id, "draft", tbt.CommentInput{Text: "建议给予 6 个月过渡期。"})
			if err != nil || n.Comment.Status != tbt.CommentDrafted {
				t.Fatalf("draft: %v %+v", err, n)
			}
			if _, err := svc.Comment(ctx, officer, id, "send", tbt.CommentInput{SentOn: "2026-12-05"}); !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("sent tomorrow: %v", err)
			}
			n, err = svc.Comment(ctx, officer, id, "send", tbt.CommentInput{SentOn: "2026-12-03", Rev: n.Rev})
			if err != nil || n.Comment.Status != tbt.CommentSent || n.Comment.SentOn != "2026-12-03" || !strings.Contains(n.Comment.Via, "TBT") {
				t.Fatalf("send: %v %+v", err, n.Comment)
			}
			if q, _ := svc.Queue(ctx, officer); q.DeadlinesSoon != 0 {
				t.Errorf("queue after sending %+v", q)
			}
		})

		t.Run("SubscriptionsAndReminders", func(t *testing.T) {
			if _, err := svc.Subscribe(ctx, toysUser, tbt.SubscriptionInput{HSCodes: []string{"9503"}, Members: []string{"ZZ"}}); err == nil {
				t.Error("an unknown market was accepted")
			}
			sub, err := svc.Subscribe(ctx, toysUser, tbt.SubscriptionInput{HSCodes: []string{"9503"}, Members: []string{"DE"}})
			if err != nil {
				t.Fatal(err)
			}
			if subs, err := svc.Subscriptions(ctx, toysUser); err != nil || len(subs) != 1 || subs[0].ID != sub.ID {
				t.Errorf("subscriptions %v %v", subs, err)
			}
			cal, err := calendar.New([]int{2026, 2027}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cands, err := svc.ReminderSource()(ctx, now, cal)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string][]risk.ID{}
			for _, c := range cands {
				keys[c.Key] = c.Users
			}
			want := map[string][]risk.ID{
				"tbt:" + toyID.String() + ":new": {toysUser.UserID},
				// The addendum (no codes of its own) by its base's.
				"tbt:" + addID.String() + ":new": {toysUser.UserID},
			}
			for k, v := range want {
				if !cmp.Equal(keys[k], v) {
					t.Errorf("reminder %s to %v, want %v (all: %v)", k, keys[k], v, keys)
				}
			}
			// JPN/1234 closes 2027-01-15, more than 10 working days ahead;
			// nothing of the US notification (comment sent).
			for k := range keys {
				if strings.Contains(k, ":comments:") {
					t.Errorf("deadline reminder %s too early", k)
				}
			}
			later, err := svc.ReminderSource()(ctx, time.Date(2027, 1, 6, 2, 0, 0, 0, time.UTC), cal)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, c := range later {
				if strings.Contains(c.Key, ":comments:2027-01-15:") {
					found = slices.Contains(c.Users, users[0].ID)
				}
			}
			if !found {
				t.Errorf("no deadline reminder to the registering officer: %+v", later)
			}
			if err := svc.Unsubscribe(ctx, users[2].Actor(), sub.ID); !errors.Is(err, risk.ErrNotFound) {
				t.Errorf("another's subscription removed: %v", err)
			}
		})

		t.Run("Study", func(t *testing.T) {
			if _, err := svc.OpenStudy(ctx, officer, tbt.StudyInput{Member: "XX", Title: "x"}); !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("unknown market: %v", err)
			}
			st, err := svc.OpenStudy(ctx, officer, tbt.StudyInput{NotificationID: toyID, Title: "欧盟玩具安全法规对湖南玩具出口的影响"})
			if err != nil {
				t.Fatal(err)
			}
			if st.Member != "EU" || st.Status != tbt.StudyOpen {
				t.Errorf("study %+v", st)
			}
			if _, err := svc.Study(ctx, toysUser, st.ID); !errors.Is(err, risk.ErrNotFound) {
				t.Errorf("a firm saw an open study: %v", err)
			}
			if _, err := svc.UpdateStudy(ctx, officer, st.ID, "publish", tbt.StudyUpdate{Findings: "x"}); !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("published without guidance: %v", err)
			}
			st, err = svc.UpdateStudy(ctx, officer, st.ID, "publish", tbt.StudyUpdate{Findings: "两家企业出口欧盟玩具。", Guidance: "请按新法规准备数字产品护照。", Rev: st.Rev})
			if err != nil {
				t.Fatal(err)
			}
			if st.Status != tbt.StudyPublished || len(st.Firms) != 2 || st.PublishedBy != "officer" {
				t.Errorf("published %+v", st)
			}
			rs, err := db.Reminders().Of(ctx, toysUser.UserID, false, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 || rs[0].Href != "/tbt/studies/"+st.ID.String() || rs[0].Stage != reminder.Notice {
				t.Errorf("the firm's reminders %+v", rs)
			}
			if got, err := svc.Study(ctx, toysUser, st.ID); err != nil || got.Guidance == "" {
				t.Errorf("the firm reads the guidance: %v", err)
			}
			if _, err := svc.UpdateStudy(ctx, officer, st.ID, "publish", tbt.StudyUpdate{Findings: "x", Guidance: "y"}); !errors.Is(err, risk.ErrConflict) {
				t.Errorf("published twice: %v", err)
			}
		})
	})
}

// BenchmarkTBTImpact is the impact query over a year of exports: 20,000
// declarations of two lines each, from 500 consignors to 30 countries (27
// of them the EU's) under 50 HS codes; an EU notification of two headings,
// which 16,000 of the 40,000 lines match. The index finds them in a few
// milliseconds; the rest is reading their declarations and grouping.
func BenchmarkTBTImpact(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine)
			ctx := context.Background()
			now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
			loadExports(b, db, now)
			q := tbt.ImpactQuery{Destinations: tbt.EUStates, HSPrefixes: []string{"9503", "9613"}, Since: now.AddDate(-1, 0, 0)}
			b.ReportAllocs()
			for b.Loop() {
				items, err := db.TBT().Impact(ctx, q)
				if err != nil || len(items) == 0 {
					b.Fatal(err, len(items))
				}
			}
		})
	}
}

// loadExports screens 20,000 export declarations of two lines each over
// the year before now, from 500 consignors to 30 countries.
func loadExports(tb testing.TB, db *store.DB, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	dests := append(slices.Clone(tbt.EUStates), "US", "JP", "GB")
	codes := []string{"9503001000", "9503008900", "9613100000", "9613800000", "3604100000", "6911101100", "4419121000", "8504401400", "9405310000", "0304620000"}
	const n, batch = 20000, 500
	for start := 0; start < n; start += batch {
		var items []*screening.Stored
		var entries []audit.Entry
		for i := start; i < start+batch; i++ {
			at := now.Add(-time.Duration(i%360) * 24 * time.Hour)
			x := screening.Declaration{Number: fmt.Sprintf("4900%014d", i), Direction: "export", Port: "4900", DeclaredAt: at, TradeMode: "0110",
				ConsignorUSCC: fmt.Sprintf("91430100MA%08d", i%500)}
			res := screening.Result{Number: x.Number, Decision: screening.Release}
			for l := range 2 {
				c := codes[(i+l*7)%len(codes)]
				x.Lines = append(x.Lines, screening.Line{HSCode: c[:8] + fmt.Sprintf("%02d", i%5), Destination: dests[(i*3+l)%len(dests)], Value: float64(1000 + i%97)})
				res.Lines = append(res.Lines, screening.LineResult{Decision: screening.Release, Reasons: []screening.Reason{}})
			}
			items = append(items, &screening.Stored{Declaration: x, Result: res, ScreenedAt: at, CreatedBy: "bench"})
			entries = append(entries, audit.New(risk.System, "declaration.screen", "declaration", 0, "bench"))
		}
		if _, err := db.Screening().Save(ctx, items, entries); err != nil {
			tb.Fatal(err)
		}
	}
}
