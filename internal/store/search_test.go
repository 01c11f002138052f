package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/search"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestSearchIndex runs the full-text index on each engine over more
// documents than the first, bounded step looks at, so that every step
// runs: a common word answered among the newest documents, a sparser one
// by reading further back, a rare one found across the whole index; a
// one-character prefix, the public filter, and a document replaced.
func TestSearchIndex(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 12000
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var docs []store.SearchDoc
		for i := 1; i <= n; i++ {
			text := fmt.Sprintf("湘潭市消费者反映电动牙刷充电发烫 编号%d", i)
			switch {
			case i%10 == 0:
				text = fmt.Sprintf("长沙市儿童玩具小零件脱落 编号%d", i)
			case i == 7 || i == 77 || i == 777:
				text = fmt.Sprintf("进口婴幼儿配方奶粉检出阪崎肠杆菌 编号%d", i)
			case i%333 == 0:
				text = fmt.Sprintf("醴陵陶瓷餐具铅溶出超标 编号%d", i)
			}
			docs = append(docs, store.SearchDoc{Kind: "signal", Ref: int64(i), Public: i%20 == 0, At: at.Add(time.Duration(i) * time.Minute), Text: text})
		}
		if err := db.Search().Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		query := func(text string, public bool, limit int) []int64 {
			t.Helper()
			q, err := search.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			refs, err := db.Search().Query(ctx, "signal", public, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			return refs
		}
		// Common: 20 answers, all among the newest 5,000 documents.
		toys := query("玩具", false, 20)
		if len(toys) != 20 || slices.ContainsFunc(toys, func(r int64) bool { return r <= n-5000 || r%10 != 0 }) {
			t.Fatalf("玩具: %v", toys)
		}
		// Fifteen in the newest 5,000: the second step reads back as far
		// as twenty should lie, and finds them.
		pots := query("陶瓷", false, 20)
		want := []int64{}
		for i := int64(n); len(want) < 20; i-- {
			if i%333 == 0 && i%10 != 0 {
				want = append(want, i)
			}
		}
		if !slices.Equal(pots, want) {
			t.Fatalf("陶瓷: %v, want %v", pots, want)
		}
		// Rare and old: found all the same.
		milk := query("奶粉", false, 20)
		slices.Sort(milk)
		if !slices.Equal(milk, []int64{7, 77, 777}) {
			t.Fatalf("奶粉: %v", milk)
		}
		if got := query("奶", false, 20); len(got) != 3 {
			t.Fatalf("奶 (a prefix): %v", got)
		}
		if got := query("奶粉 长沙", false, 20); len(got) != 0 {
			t.Fatalf("奶粉 长沙: %v", got)
		}
		if got := query("玩具", true, 1000); len(got) != n/20 || slices.ContainsFunc(got, func(r int64) bool { return r%20 != 0 }) {
			t.Fatalf("public 玩具: %d results", len(got))
		}
		// The last word of a query is a prefix while it is being typed;
		// a space after it makes it whole.
		if got := query("编号777", false, 20); len(got) != 11 || got[10] != 777 {
			t.Fatalf("编号777: %v", got)
		}
		if got := query("编号777 ", false, 20); !slices.Equal(got, []int64{777}) {
			t.Fatalf("编号777 and a space: %v", got)
		}
		// Replacing a document replaces its terms.
		if err := db.Search().Put(ctx, []store.SearchDoc{{Kind: "signal", Ref: 77, At: at, Text: "竹筷霉变"}}); err != nil {
			t.Fatal(err)
		}
		milk = query("奶粉", false, 20)
		slices.Sort(milk)
		if !slices.Equal(milk, []int64{7, 777}) || !slices.Equal(query("竹筷", false, 20), []int64{77}) {
			t.Fatalf("after replacing 77: 奶粉 %v", milk)
		}
	})
}

// TestSignalSearch: signals are indexed when stored, found by the signal
// list's text filter through the index (any of their words, Chinese or
// not), and indexed afterwards when they were stored before the index.
func TestSignalSearch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(ref, name, desc string) *signal.Signal {
			return &signal.Signal{Channel: "12315", ExternalRef: ref, ReceivedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
				Product: signal.Product{Name: name, HSCode: "9503"}, Description: desc, Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "test"}
		}
		items := []*signal.Signal{mk("A1", "毛绒玩具熊", "眼睛脱落"), mk("A2", "口红造型打火机", "儿童误用烧伤"), mk("A3", "Plush toy bear", "eyes detach")}
		entries := make([]audit.Entry, len(items))
		for i := range entries {
			entries[i] = audit.New(risk.System, "signal.create", "signal", 0, "test")
		}
		if _, err := db.Signals().Create(ctx, items, entries); err != nil {
			t.Fatal(err)
		}
		find := func(text string) []string {
			t.Helper()
			got, _, err := db.Signals().List(ctx, signal.Filter{Text: text, Paging: risk.Paging{Limit: 10}})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, g := range got {
				refs = append(refs, g.ExternalRef)
			}
			slices.Sort(refs)
			return refs
		}
		for text, want := range map[string][]string{"玩具": {"A1"}, "打火机": {"A2"}, "烧伤": {"A2"}, "toy": {"A3"}, "Plush BEAR": {"A3"},
			"9503": {"A1", "A2", "A3"}, "熊": {"A1"}, "脱落 玩具": {"A1"}, "奶粉": nil} {
			if got := find(text); !slices.Equal(got, want) {
				t.Errorf("%q: %v, want %v", text, got, want)
			}
		}
		// Stored before the index: indexed once by the backfill.
		if err := db.ExecRaw(ctx, `DELETE FROM search_docs WHERE kind = 'signal'`); err != nil {
			t.Fatal(err)
		}
		if got := find("玩具"); got != nil {
			t.Fatalf("found without an index entry: %v", got)
		}
		if n, err := db.Signals().IndexBackfill(ctx); err != nil || n != 3 {
			t.Fatalf("backfill: %d %v", n, err)
		}
		if n, _ := db.Signals().IndexBackfill(ctx); n != 0 {
			t.Fatalf("backfill again: %d", n)
		}
		if got := find("玩具"); !slices.Equal(got, []string{"A1"}) {
			t.Fatalf("after the backfill: %v", got)
		}
	})
}

// TestSearchPostingsBackfill: a database whose documents were written
// before migration 0041 gets the same posting lists from its backfill as
// the writers make (dense blocks included), and the same answers.
func TestSearchPostingsBackfill(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var docs []store.SearchDoc
		for i := 1; i <= 9000; i++ {
			text := fmt.Sprintf("长沙市消费者反映电动牙刷发烫 编号%d", i)
			if i%7 == 0 {
				text = fmt.Sprintf("醴陵陶瓷餐具铅溶出超标 toy%d", i%50)
			}
			kind := "signal"
			if i%5 == 0 {
				kind = "warning"
			}
			docs = append(docs, store.SearchDoc{Kind: kind, Ref: int64(i), Public: i%2 == 0, At: at.Add(time.Duration(i) * time.Minute), Text: text})
		}
		if err := db.Search().Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		ask := func() map[string][]int64 {
			out := map[string][]int64{}
			for _, text := range []string{"陶瓷", "牙刷 陶瓷", "超标", "编号8", "toy7 ", "发烫 长沙"} {
				q, _ := search.Parse(text)
				for _, kind := range []string{"signal", "warning"} {
					refs, err := db.Search().Query(ctx, kind, kind == "warning", q, 30)
					if err != nil {
						t.Fatal(err)
					}
					out[kind+" "+text] = refs
				}
			}
			return out
		}
		written, err := db.PostingsRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(written["signal 陶瓷"]) == 0 || len(written["warning 编号"]) != 9000/5-9000/35 {
			t.Fatalf("written: %d 陶瓷, %d 编号 warnings", len(written["signal 陶瓷"]), len(written["warning 编号"]))
		}
		before := ask()
		if err := db.ExecRaw(ctx, `DROP TABLE search_postings`); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(t.Name(), "/sqlite") { // and the terms it added
			if err := db.ExecRaw(ctx, `ALTER TABLE search_docs DROP COLUMN terms`); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ExecRaw(ctx, `DELETE FROM schema_migrations WHERE version = 41`); err != nil {
			t.Fatal(err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate: %d %v", n, err)
		}
		backfilled, err := db.PostingsRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(backfilled) != len(written) {
			t.Fatalf("backfill: %d lists, written %d", len(backfilled), len(written))
		}
		for k, ids := range written {
			if !slices.Equal(backfilled[k], ids) {
				t.Fatalf("backfill of %s: %d ids, written %d", k, len(backfilled[k]), len(ids))
			}
		}
		after := ask()
		for k, refs := range before {
			if !slices.Equal(after[k], refs) || (k == "signal 陶瓷" && len(refs) != 30) {
				t.Fatalf("%s: %v after the backfill, %v before", k, after[k], refs)
			}
		}
		// New documents merge with the backfilled rows.
		if err := db.Search().Put(ctx, []store.SearchDoc{{Kind: "signal", Ref: 9001, At: at, Text: "醴陵陶瓷 新"}}); err != nil {
			t.Fatal(err)
		}
		q, _ := search.Parse("陶瓷")
		refs, err := db.Search().Query(ctx, "signal", false, q, 2)
		if err != nil || !slices.Equal(refs, []int64{9001, before["signal 陶瓷"][0]}) {
			t.Fatalf("after a new document: %v %v", refs, err)
		}
	})
}
