// Command screen benchmarks riskgate's port screening engine against two
// peers on the same scopes and declarations, in one run: OPA (a Rego policy
// over the scopes as data) and plain SQL on PostgreSQL (indexed tables, one
// query per line).
//
//	cd bench && go run ./screen [--scopes N] [--declarations M] [--pg URL] [--peer-lines K] [--cpuprofile F] [--memprofile F]
//
// The engine screens every line on one core (ScreenInto, into one reused
// result, after a warm-up pass; three timed passes, the median reported),
// then again on 1, 2 and all cores (one
// goroutine a core); each peer screens the first K lines (it would take
// too long to give them all), and the decisions of all three are compared
// on those lines. Sampling is off (rates 0), so that the decisions compared
// are the rules' alone. It also builds an index of twice the scopes and
// reports its build time and size. --peer-lines 0 runs the engine alone.
// The ratios against the peers, measured in the run, are printed last.
package main

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/screening"
)

func main() {
	scopes := flag.Int("scopes", 50_000, "active scopes")
	decls := flag.Int("declarations", 100_000, "declarations (1–20 lines each)")
	pg := flag.String("pg", envOr("RISKGATE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL URL for the SQL peer (empty: skip)")
	peerLines := flag.Int("peer-lines", 20_000, "lines screened by each peer")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the engine's single-core run to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile of the engine's single-core run to this file")
	flag.Parse()
	profiles.cpu, profiles.mem = *cpuProfile, *memProfile
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
	buildTime := time.Since(buildStart)
	fmt.Fprintf(os.Stderr, "index built in %v\n", buildTime)
	// ranks[first[i]+j] is the engine's decision on line j of declaration i.
	first := make([]int, len(ds)+1)
	for i := range ds {
		first[i+1] = first[i] + len(ds[i].Lines)
	}
	ranks := make([]int8, lines)
	var dst screening.Result
	screenAll := func() {
		for i := range ds {
			ix.ScreenInto(&dst, &ds[i])
			for j := range dst.Lines {
				ranks[first[i]+j] = int8(rank(dst.Lines[j].Decision))
			}
		}
	}
	screenAll() // warm: the reused result grows to the longest declaration
	// Three timed passes; the figures are the median pass's (other
	// programs share the cores: one pass can be unlucky).
	type pass struct {
		elapsed, cpu time.Duration
		mallocs      uint64
		lat20        []time.Duration
	}
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	var passes []pass
	for range 3 {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		lat20 := make([]time.Duration, 0, len(ds))
		cpu0 := cpuTime()
		start := time.Now()
		for i := range ds {
			t0 := time.Now()
			ix.ScreenInto(&dst, &ds[i])
			for j := range dst.Lines {
				ranks[first[i]+j] = int8(rank(dst.Lines[j].Decision))
			}
			if len(ds[i].Lines) == 20 {
				lat20 = append(lat20, time.Since(t0))
			}
		}
		p := pass{elapsed: time.Since(start), cpu: cpuTime() - cpu0}
		runtime.ReadMemStats(&m1)
		p.mallocs, p.lat20 = m1.Mallocs-m0.Mallocs, lat20
		slices.Sort(p.lat20)
		passes = append(passes, p)
		fmt.Fprintf(os.Stderr, "engine pass: %v (%v CPU) for %d lines\n", p.elapsed, p.cpu, lines)
	}
	if err := stopProfile(); err != nil {
		return err
	}
	slices.SortFunc(passes, func(a, b pass) int { return cmp.Compare(a.elapsed, b.elapsed) })
	med := passes[len(passes)/2]
	elapsed, cpuUsed, lat20 := med.elapsed, med.cpu, med.lat20
	lps := float64(lines) / elapsed.Seconds()
	bestLPS := float64(lines) / passes[0].elapsed.Seconds()
	q := func(p float64) float64 {
		if len(lat20) == 0 {
			return 0
		}
		return float64(lat20[int(p*float64(len(lat20)-1))].Microseconds()) / 1000
	}
	flagged := 0
	for _, r := range ranks {
		if r != 0 {
			flagged++
		}
	}
	fmt.Fprintf(os.Stderr, "engine: %v for %d lines; %d lines not released\n", elapsed, lines, flagged)

	// The same, in parallel: the index is read-only, each goroutine screens
	// into its own result.
	cores := []int{1, 2, runtime.NumCPU()}
	parallel := map[int]float64{}
	for _, n := range cores {
		if _, done := parallel[n]; !done {
			parallel[n] = screenParallel(ix, ds, lines, n)
		}
	}
	runtime.GOMAXPROCS(runtime.NumCPU())

	// An index of twice the scopes: its build time and its size in memory.
	runtime.GC()
	var h0, h1 runtime.MemStats
	runtime.ReadMemStats(&h0)
	rules2 := v.scopes(rand.New(rand.NewPCG(2027, 11)), 2*nScopes)
	build2Start := time.Now()
	ix2 := screening.Build(rules2, screening.Credit{Rates: map[string]float64{}}, []byte("bench"), 2)
	build2 := time.Since(build2Start)
	runtime.GC()
	runtime.ReadMemStats(&h1)
	index2MiB := float64(int64(h1.HeapAlloc)-int64(h0.HeapAlloc)) / (1 << 20)
	runtime.KeepAlive(ix2)
	rules2, ix2 = nil, nil

	engine := func() {
		fmt.Printf("lines_per_s: %.0f\n", lps)
		fmt.Printf("us_per_line: %.2f\n", 1e6/lps)
		// The process's CPU time over the same loop: what a line costs
		// when other programs share the cores.
		fmt.Printf("cpu_us_per_line: %.2f\n", float64(cpuUsed.Microseconds())/float64(lines))
		fmt.Printf("us_per_line_best_pass: %.2f\n", 1e6/bestLPS)
		fmt.Printf("allocs_per_line: %.2f\n", float64(med.mallocs)/float64(lines))
		fmt.Printf("p50_ms_20_lines: %.3f\n", q(0.50))
		fmt.Printf("p99_ms_20_lines: %.3f\n", q(0.99))
		fmt.Printf("lines_per_s_1_core: %.0f\n", parallel[1])
		fmt.Printf("lines_per_s_2_cores: %.0f\n", parallel[2])
		fmt.Printf("lines_per_s_all_cores: %.0f (%d cores)\n", parallel[runtime.NumCPU()], runtime.NumCPU())
		fmt.Printf("build_ms: %.0f\n", float64(buildTime.Microseconds())/1000)
		fmt.Printf("build_ms_2x_scopes: %.0f\n", float64(build2.Microseconds())/1000)
		fmt.Printf("index_mib_2x_scopes: %.0f\n", index2MiB)
		fmt.Printf("peak_rss_mb: %.0f\n", peakRSS())
	}
	if peerLines == 0 {
		engine()
		return nil
	}

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
	start := time.Now()
	for _, s := range sample {
		got, err := opa.decide(ctx, &ds[s.d], &ds[s.d].Lines[s.l])
		if err != nil {
			return fmt.Errorf("opa: %w", err)
		}
		if want := int(ranks[first[s.d]+s.l]); got != want {
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
			if want := int(ranks[first[s.d]+s.l]); got != want {
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
	engine()
	fmt.Printf("opa_lines_per_s: %.0f\n", opaLPS)
	fmt.Printf("sql_lines_per_s: %.0f\n", sqlLPS)
	fmt.Printf("decisions_identical: %v\n", identical)
	// The ratios, measured in this run, last.
	fmt.Printf("vs_opa: %s\n", ratio(lps, opaLPS))
	fmt.Printf("vs_sql: %s\n", ratio(lps, sqlLPS))
	return nil
}

var profiles struct{ cpu, mem string }

// startProfile starts the profiles asked for; the function it returns
// stops them and writes them.
func startProfile() (func() error, error) {
	if profiles.mem != "" {
		runtime.MemProfileRate = 4096
	}
	var cpu *os.File
	if profiles.cpu != "" {
		f, err := os.Create(profiles.cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		cpu = f
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if profiles.mem != "" {
			f, err := os.Create(profiles.mem)
			if err != nil {
				return err
			}
			defer f.Close()
			return pprof.Lookup("allocs").WriteTo(f, 0)
		}
		return nil
	}, nil
}

// screenParallel screens every declaration with n goroutines on n
// cores, each taking the next 64 declarations, and returns lines/s.
func screenParallel(ix *screening.Index, ds []screening.Declaration, lines, n int) float64 {
	runtime.GOMAXPROCS(n)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst screening.Result
			for {
				i := int(next.Add(64)) - 64
				if i >= len(ds) {
					return
				}
				for k := i; k < min(i+64, len(ds)); k++ {
					ix.ScreenInto(&dst, &ds[k])
				}
			}
		}()
	}
	wg.Wait()
	return float64(lines) / time.Since(start).Seconds()
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
