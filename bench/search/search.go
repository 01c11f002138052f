package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/search"
	"riskgate/internal/store"
)

// searchCorpus builds n synthetic Chinese signal and announcement texts
// from the catalogues' real vocabulary — HS heading names, product
// categories, hazards, Hunan places, channels — and the queries to ask.
func searchCorpus(n int, seed uint64) (docs []string, queries []string) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	names := func(table string, keep func(catalog.Entry) bool) []string {
		t, _ := catalog.BuiltinTable(table)
		var out []string
		for _, e := range t.Entries {
			if keep(e) && e.NameZh != "" {
				out = append(out, e.NameZh)
			}
		}
		return out
	}
	all := func(catalog.Entry) bool { return true }
	heads := names("hs", func(e catalog.Entry) bool { return e.Level == 2 })
	cats := names("categories", func(e catalog.Entry) bool { return e.Level == 2 })
	hazards := names("hazards", all)
	places := names("regions", func(e catalog.Entry) bool { return strings.HasPrefix(e.Code, "43") })
	channels := names("channels", all)
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	brands := []string{"乐齿", "湘韵", "星河", "宝贝乐", "安心", "醴瓷", "浏花", "邵火", "金竹", "芙蓉", "橘洲", "岳麓"}
	verbs := []string{"反映", "举报", "通报", "检出", "发现", "投诉"}
	tails := []string{"已责令停止销售并召回。", "抽样送检，结果待定。", "涉及跨境电商渠道。", "消费者手部烫伤。", "儿童误食小零件。",
		"标签缺少中文说明。", "电池充电时过热冒烟。", "甲醛含量超标。", "重金属铅溶出超标。", "产品燃放时间不合格。"}
	docs = make([]string, n)
	for i := range docs {
		head := pick(heads)
		if k := strings.IndexAny(head, "，；："); k > 0 {
			head = head[:k] // the heading's first clause: a product name
		}
		docs[i] = fmt.Sprintf("%s%s%s：%s牌%s（%s）存在%s风险，%s 编号%06d", pick(places), pick(channels), pick(verbs), pick(brands), head,
			pick(cats), pick(hazards), pick(tails), i)
	}
	// Queries: two-character words (the case trigram indexes cannot
	// serve), longer words, and two words together.
	two := []string{"玩具", "奶粉", "电池", "打火", "烟花", "陶瓷", "儿童", "化妆", "召回", "超标", "冒烟", "烫伤", "标签", "电子", "家具", "服装"}
	long := []string{"打火机", "重金属", "跨境电商", "小零件", "婴幼儿", "化妆品", "燃放时间", "中文说明"}
	for range 100 {
		switch r.IntN(3) {
		case 0:
			queries = append(queries, pick(two))
		case 1:
			queries = append(queries, pick(long))
		default:
			queries = append(queries, pick(two)+" "+pick(long))
		}
	}
	return docs, queries
}

// benchSearch indexes the corpus in SQLite and PostgreSQL through the
// product's own index and, in the same PostgreSQL, in a pg_trgm GIN index
// on the raw text (the peer), then times the same queries on each.
func benchSearch(stdout io.Writer, n int, pgURL string, seed uint64, keep bool) error {
	ctx := context.Background()
	docs, queries := searchCorpus(n, seed)
	fmt.Fprintf(stdout, "corpus: %d documents, %d queries (seed %d)\n", len(docs), len(queries), seed)
	parsed := make([]search.Query, len(queries))
	for i, q := range queries {
		parsed[i], _ = search.Parse(q)
	}
	load := func(db *store.DB) (time.Duration, error) {
		start := time.Now()
		const batch = 10_000
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < len(docs); i += batch {
			part := make([]store.SearchDoc, 0, batch)
			for j := i; j < min(i+batch, len(docs)); j++ {
				kind := "signal"
				if j%10 == 0 {
					kind = "warning"
				}
				part = append(part, store.SearchDoc{Kind: kind, Ref: int64(j + 1), Public: kind == "warning", At: at.Add(time.Duration(j) * time.Minute), Text: docs[j]})
			}
			if err := db.Search().Put(ctx, part); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	// timeQueries runs every query once to warm up, then twice more, and
	// returns the latencies of those.
	// answers keeps each system's answer to each query, to compare them.
	answers := map[string][][]int64{}
	timeQueries := func(name string, run func(i int) ([]int64, error)) ([]time.Duration, int, error) {
		hits := 0
		answers[name] = make([][]int64, len(queries))
		for i := range queries {
			refs, err := run(i)
			if err != nil {
				return nil, 0, err
			}
			answers[name][i] = refs
		}
		var lat []time.Duration
		for range 2 {
			for i := range queries {
				start := time.Now()
				refs, err := run(i)
				if err != nil {
					return nil, 0, err
				}
				lat = append(lat, time.Since(start))
				hits += len(refs)
			}
		}
		return lat, hits, nil
	}
	report := func(name string, loadTime time.Duration, lat []time.Duration, hits int) (p50, p95 time.Duration) {
		slices.Sort(lat)
		p50, p95 = lat[len(lat)/2], lat[len(lat)*95/100]
		fmt.Fprintf(stdout, "%-22s load %8.1fs  p50 %7.2fms  p95 %7.2fms  (results %d)\n", name, loadTime.Seconds(),
			float64(p50.Microseconds())/1000, float64(p95.Microseconds())/1000, hits)
		return p50, p95
	}
	// putOne times writing one document at a time (a record's own
	// index entry, as a warning's edit writes it), 200 new documents
	// after the corpus, once the queries have been timed.
	putOne := func(name string, db *store.DB) error {
		at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		var lat []time.Duration
		for j := range 200 {
			start := time.Now()
			if err := db.Search().Put(ctx, []store.SearchDoc{{Kind: "warning", Ref: int64(len(docs) + 1 + j), Public: true, At: at, Text: docs[j]}}); err != nil {
				return err
			}
			lat = append(lat, time.Since(start))
		}
		slices.Sort(lat)
		fmt.Fprintf(stdout, "%-22s one document: p50 %5.2fms  p95 %5.2fms\n", name, float64(lat[100].Microseconds())/1000, float64(lat[190].Microseconds())/1000)
		return nil
	}
	ours := func(db *store.DB) func(i int) ([]int64, error) {
		return func(i int) ([]int64, error) {
			return db.Search().Query(ctx, "signal", false, parsed[i], 20)
		}
	}

	// SQLite, in a fresh file.
	dir, err := os.MkdirTemp("", "riskgate-bench-search-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	lite, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "bench.db"), nil)
	if err != nil {
		return err
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		return err
	}
	lt, err := load(lite)
	if err != nil {
		return fmt.Errorf("sqlite load: %w", err)
	}
	lat, hits, err := timeQueries("sqlite", ours(lite))
	if err != nil {
		return fmt.Errorf("sqlite query: %w", err)
	}
	_, liteP95 := report("riskgate on SQLite", lt, lat, hits)
	if err := putOne("riskgate on SQLite", lite); err != nil {
		return fmt.Errorf("sqlite put: %w", err)
	}

	// PostgreSQL, in a database made for the run.
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	const dbName = "rg_bench_search"
	if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+dbName+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("postgres at %s: %w", pgURL, err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+dbName); err != nil {
		return err
	}
	if !keep {
		defer admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+dbName+` WITH (FORCE)`)
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		return err
	}
	u.Path = "/" + dbName
	pg, err := store.Open(ctx, u.String(), nil)
	if err != nil {
		return err
	}
	defer pg.Close()
	if _, err := pg.Migrate(ctx); err != nil {
		return err
	}
	pt, err := load(pg)
	if err != nil {
		return fmt.Errorf("postgres load: %w", err)
	}
	raw, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer raw.Close()
	// What autovacuum would have done after a load this size: the
	// planner's statistics of both tables.
	raw.ExecContext(ctx, `VACUUM ANALYZE search_docs`)
	raw.ExecContext(ctx, `VACUUM ANALYZE search_postings`)
	lat, hits, err = timeQueries("postgres", ours(pg))
	if err != nil {
		return fmt.Errorf("postgres query: %w", err)
	}
	_, pgP95 := report("riskgate on PostgreSQL", pt, lat, hits)
	if err := putOne("riskgate on PostgreSQL", pg); err != nil {
		return fmt.Errorf("postgres put: %w", err)
	}

	// The peer: PostgreSQL's pg_trgm GIN index over the raw text, queried
	// with LIKE for every word (what it offers for Chinese text).
	start := time.Now()
	if _, err := raw.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm`); err != nil {
		return fmt.Errorf("peer needs pg_trgm (Debian's postgresql-contrib): %w", err)
	}
	if _, err := raw.ExecContext(ctx, `CREATE TABLE peer_docs (id BIGINT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL)`); err != nil {
		return err
	}
	for i := 0; i < len(docs); i += 1000 {
		m := min(1000, len(docs)-i)
		args := make([]any, 0, 3*m)
		var vals strings.Builder
		for j := 0; j < m; j++ {
			if j > 0 {
				vals.WriteString(",")
			}
			fmt.Fprintf(&vals, "($%d, $%d, $%d)", 3*j+1, 3*j+2, 3*j+3)
			kind := "signal"
			if (i+j)%10 == 0 {
				kind = "warning"
			}
			args = append(args, int64(i+j+1), kind, docs[i+j])
		}
		if _, err := raw.ExecContext(ctx, `INSERT INTO peer_docs VALUES `+vals.String(), args...); err != nil {
			return err
		}
	}
	if _, err := raw.ExecContext(ctx, `CREATE INDEX peer_docs_trgm ON peer_docs USING GIN (body gin_trgm_ops)`); err != nil {
		return err
	}
	raw.ExecContext(ctx, `VACUUM ANALYZE peer_docs`)
	peerLoad := time.Since(start)
	lat, hits, err = timeQueries("peer", func(i int) ([]int64, error) {
		words := strings.Fields(queries[i])
		conds := make([]string, len(words))
		args := []any{}
		for k, w := range words {
			conds[k] = fmt.Sprintf("body LIKE $%d", k+1)
			args = append(args, "%"+w+"%")
		}
		// The same question: the newest 20 matches.
		rows, err := raw.QueryContext(ctx, `SELECT id FROM peer_docs WHERE kind = 'signal' AND `+strings.Join(conds, " AND ")+` ORDER BY id DESC LIMIT 20`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	})
	if err != nil {
		return fmt.Errorf("peer query: %w", err)
	}
	_, peerP95 := report("peer: pg_trgm + LIKE", peerLoad, lat, hits)
	same := func(a, b string) int {
		n := 0
		for i := range queries {
			if slices.Equal(answers[a][i], answers[b][i]) {
				n++
			}
		}
		return n
	}
	fmt.Fprintf(stdout, "same answers: SQLite = PostgreSQL in %d of %d queries; riskgate = peer in %d (bigrams match a word's pairs anywhere, LIKE the word whole)\n",
		same("sqlite", "postgres"), len(queries), same("postgres", "peer"))
	fmt.Fprintf(stdout, "vs_peer (peer p95 / riskgate p95): SQLite %.1f, PostgreSQL %.1f\n",
		float64(peerP95)/float64(liteP95), float64(peerP95)/float64(pgP95))
	return nil
}
