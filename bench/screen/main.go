// Command screen benchmarks riskgate's port screening engine against two
// peers on the same scopes and declarations, in one run: OPA (a Rego policy
// over the scopes as data) and plain SQL on PostgreSQL (indexed tables, one
// query per line).
//
//	cd bench && go run ./screen [--scopes N] [--declarations M] [--pg URL] [--peer-lines K]
//
// The engine screens every line on one core; each peer screens the first K
// lines (it would take too long to give them all), and the decisions of all
// three are compared on those lines. Sampling is off (rates 0), so that the
// decisions compared are the rules' alone.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/screening"
)

func main() {
	scopes := flag.Int("scopes", 50_000, "active scopes")
	decls := flag.Int("declarations", 100_000, "declarations (1–20 lines each)")
	pg := flag.String("pg", envOr("RISKGATE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL URL for the SQL peer (empty: skip)")
	peerLines := flag.Int("peer-lines", 20_000, "lines screened by each peer")
	flag.Parse()
	if err := run(*scopes, *decls, *pg, *peerLines); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func run(nScopes, nDecls int, pg string, peerLines int) error {
	ctx := context.Background()
	hs, err := catalog.BuiltinTable("hs")
	if err != nil {
		return err
	}
	var hs6 []string
	for _, e := range hs.Entries {
		if len(e.Code) == 6 {
			hs6 = append(hs6, e.Code)
		}
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	v := newVocab(rng, hs6)
	rules := v.scopes(rng, nScopes)
	ds := v.declarations(rng, nDecls)
	lines := 0
	for _, d := range ds {
		lines += len(d.Lines)
	}
	fmt.Fprintf(os.Stderr, "scopes %d, declarations %d, lines %d\n", nScopes, nDecls, lines)

	// riskgate's engine, on one core.
	runtime.GOMAXPROCS(1)
	buildStart := time.Now()
	ix := screening.Build(rules, screening.Credit{Rates: map[string]float64{}}, []byte("bench"), 1)
	fmt.Fprintf(os.Stderr, "index built in %v\n", time.Since(buildStart))
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	results := make([]screening.Result, len(ds))
	var lat20 []time.Duration
	start := time.Now()
	for i := range ds {
		t0 := time.Now()
		results[i] = ix.Screen(&ds[i])
		if len(ds[i].Lines) == 20 {
			lat20 = append(lat20, time.Since(t0))
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&m1)
	runtime.GOMAXPROCS(runtime.NumCPU())
	lps := float64(lines) / elapsed.Seconds()
	sort.Slice(lat20, func(a, b int) bool { return lat20[a] < lat20[b] })
	q := func(p float64) float64 {
		if len(lat20) == 0 {
			return 0
		}
		return float64(lat20[int(p*float64(len(lat20)-1))].Microseconds()) / 1000
	}
	flagged := 0
	for _, r := range results {
		for _, l := range r.Lines {
			if l.Decision != screening.Release {
				flagged++
			}
		}
	}
	fmt.Fprintf(os.Stderr, "engine: %v for %d lines; %d lines not released\n", elapsed, lines, flagged)

	// The peers, on the first peerLines lines.
	type ref struct{ d, l int }
	var sample []ref
	for i := range ds {
		for j := range ds[i].Lines {
			if len(sample) < peerLines {
				sample = append(sample, ref{i, j})
			}
		}
	}
	identical := true
	opa, err := newOPA(ctx, rules)
	if err != nil {
		return fmt.Errorf("opa: %w", err)
	}
	start = time.Now()
	for _, s := range sample {
		got, err := opa.decide(ctx, &ds[s.d], &ds[s.d].Lines[s.l])
		if err != nil {
			return fmt.Errorf("opa: %w", err)
		}
		if want := rank(results[s.d].Lines[s.l].Decision); got != want {
			if identical {
				fmt.Fprintf(os.Stderr, "opa differs on %s line %d: %d vs %d\n", ds[s.d].Number, s.l, got, want)
			}
			identical = false
		}
	}
	opaLPS := float64(len(sample)) / time.Since(start).Seconds()
	sqlLPS := 0.0
	if pg != "" {
		peer, err := newSQL(ctx, pg, rules)
		if err != nil {
			return fmt.Errorf("sql: %w", err)
		}
		defer peer.close(ctx)
		start = time.Now()
		for _, s := range sample {
			got, err := peer.decide(ctx, &ds[s.d], &ds[s.d].Lines[s.l])
			if err != nil {
				return fmt.Errorf("sql: %w", err)
			}
			if want := rank(results[s.d].Lines[s.l].Decision); got != want {
				if identical {
					fmt.Fprintf(os.Stderr, "sql differs on %s line %d: %d vs %d\n", ds[s.d].Number, s.l, got, want)
				}
				identical = false
			}
		}
		sqlLPS = float64(len(sample)) / time.Since(start).Seconds()
	}
	ratio := func(a, b float64) string {
		if b == 0 {
			return "n/a"
		}
		return strconv.FormatFloat(a/b, 'f', 1, 64)
	}
	fmt.Printf("lines_per_s: %.0f\n", lps)
	fmt.Printf("p50_ms_20_lines: %.3f\n", q(0.50))
	fmt.Printf("p99_ms_20_lines: %.3f\n", q(0.99))
	fmt.Printf("allocs_per_line: %.1f\n", float64(m1.Mallocs-m0.Mallocs)/float64(lines))
	fmt.Printf("peak_rss_mb: %.0f\n", peakRSS())
	fmt.Printf("opa_lines_per_s: %.0f\n", opaLPS)
	fmt.Printf("sql_lines_per_s: %.0f\n", sqlLPS)
	fmt.Printf("vs_opa: %s\n", ratio(lps, opaLPS))
	fmt.Printf("vs_sql: %s\n", ratio(lps, sqlLPS))
	fmt.Printf("decisions_identical: %v\n", identical)
	return nil
}

// peakRSS reads the process's peak resident set (VmHWM) in MiB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
