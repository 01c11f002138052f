package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/detect"
	"riskgate/internal/matching"
	"riskgate/internal/signal"
)

// benchCmd runs the detection benchmark (bench detect); the search and
// screening benchmarks live in the bench module, out of the shipping binary.
func benchCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "match" {
		fs := newFlags("bench match", stderr)
		ents := fs.Int("enterprises", 100_000, "enterprises in the register")
		lines := fs.Int("lines", 5_000_000, "export declaration lines (about two years of a province's)")
		notes := fs.Int("notifications", 2000, "notifications matched through the postings")
		scanned := fs.Int("scan", 5, "of them, how many are also matched by scanning every enterprise (the peer)")
		seed := fs.Uint64("seed", 1, "seed of the synthetic register")
		if err := fs.Parse(args[1:]); err != nil {
			return exitError(2)
		}
		if *ents < 10 || *ents > 1_000_000 || *lines < 10 || *lines > 20_000_000 || *notes < 1 || *notes > 1_000_000 || *scanned < 1 || *scanned > *notes {
			return fmt.Errorf("--enterprises 10–1000000, --lines 10–20000000, --notifications 1–1000000, --scan 1–notifications")
		}
		return benchMatch(stdout, *ents, *lines, *notes, *scanned, *seed)
	}
	if len(args) > 0 && args[0] == "load" {
		fs := newFlags("bench load", stderr)
		clients := fs.String("clients", "50,200", "numbers of concurrent clients, comma-separated")
		d := fs.Duration("duration", 20*time.Second, "how long each run lasts")
		think := fs.Duration("think", time.Second, "a client's mean pause between requests (0.5–1.5 of it); 0: back to back, to find saturation")
		db := dbBenchFlags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return exitError(2)
		}
		pg, stop, err := db.start()
		if err != nil {
			return err
		}
		defer stop()
		var ns []int
		for _, f := range strings.Split(*clients, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 || n > 5000 {
				return fmt.Errorf("--clients: %q is not a number of clients 1–5000", f)
			}
			ns = append(ns, n)
		}
		if *d < time.Second || *d > time.Hour || *think < 0 || *think > time.Minute {
			return fmt.Errorf("--duration 1s–1h, --think 0–1m")
		}
		return benchLoad(context.Background(), stdout, ns, *d, *think, pg)
	}
	if len(args) > 0 && args[0] == "trace" {
		fs := newFlags("bench trace", stderr)
		n := fs.Int("events", 100_000, "events in the synthetic supply network")
		traces := fs.Int("traces", 30, "lots traced, each forward and backward")
		seed := fs.Uint64("seed", 1, "seed of the network and of the lots drawn")
		ctes := fs.Int("cte-traces", 0, "lots also traced with the recursive query (0: all of them)")
		load := fs.String("load", "bulk", "how the network is loaded: bulk or capture")
		db := dbBenchFlags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return exitError(2)
		}
		pg, stop, err := db.start()
		if err != nil {
			return err
		}
		defer stop()
		if *n < 100 || *n > 20_000_000 || *traces < 1 || *traces > 10_000 || *ctes < 0 || *load != "bulk" && *load != "capture" {
			return fmt.Errorf("--events 100–20000000, --traces 1–10000, --cte-traces 0 or more, --load bulk or capture")
		}
		if *ctes == 0 {
			*ctes = *traces
		}
		return benchTrace(context.Background(), stdout, *n, *traces, *ctes, *seed, pg, *load == "bulk")
	}
	if len(args) > 0 && args[0] == "intake" {
		fs := newFlags("bench intake", stderr)
		n := fs.Int("signals", 100_000, "signals created on each engine")
		batch := fs.Int("batch", signal.MaxBatch, "signals a request")
		db := dbBenchFlags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return exitError(2)
		}
		pg, stop, err := db.start()
		if err != nil {
			return err
		}
		defer stop()
		if *n < 1 || *n > 10_000_000 || *batch < 1 || *batch > signal.MaxBatch {
			return fmt.Errorf("--signals 1–10000000, --batch 1–%d", signal.MaxBatch)
		}
		return benchIntake(context.Background(), stdout, *n, *batch, pg)
	}
	if len(args) == 0 || args[0] != "detect" {
		fmt.Fprintln(stderr, "usage: riskgate bench detect [--series N] [--years Y] [--r-sample K] [--seed S]\n       riskgate bench match [--enterprises N] [--lines M] [--notifications K] [--scan S]\n       riskgate bench intake [--signals N] [--batch B] [--pg URL | --pg \"\"]\n       riskgate bench load [--clients 50,200] [--duration 20s] [--think 1s] [--pg URL]\n       riskgate bench trace [--events N] [--traces K] [--seed S] [--pg URL | --pg \"\"]\n(the search and screening benchmarks are in the bench module: cd bench && go run ./search, go run ./screen)")
		return exitError(2)
	}
	fs := newFlags("bench detect", stderr)
	nSeries := fs.Int("series", 10000, "number of synthetic weekly series")
	years := fs.Int("years", 10, "years per series (52 weeks each)")
	rSample := fs.Int("r-sample", 10, "series also run in R (surveillance::farringtonFlexible) when Rscript has it; 0: none")
	seed := fs.Uint64("seed", 1, "seed of the synthetic series")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError(2)
	}
	if *nSeries < 1 || *nSeries > 1_000_000 || *years < 7 || *years > 50 || *rSample < 0 {
		return fmt.Errorf("--series 1–1000000, --years 7–50, --r-sample ≥ 0")
	}
	return benchDetect(stdout, *nSeries, *years, *rSample, *seed)
}

// dbBench is the flags of the benchmarks that run on both engines: the
// PostgreSQL server and a CPU profile.
type dbBench struct {
	fs          *flag.FlagSet
	pg, profile *string
}

func dbBenchFlags(fs *flag.FlagSet) dbBench {
	return dbBench{
		fs:      fs,
		pg:      fs.String("pg", "", `PostgreSQL URL to create a scratch database on (default: RISKGATE_TEST_POSTGRES, else the local server when it answers; --pg "": SQLite only)`),
		profile: fs.String("cpuprofile", "", "write a CPU profile of the run to this file"),
	}
}

// postgres is the PostgreSQL server to run on, "" for none: an explicit
// --pg "" means SQLite only, even when a server answers.
func (b dbBench) postgres() string {
	given := false
	b.fs.Visit(func(f *flag.Flag) { given = given || f.Name == "pg" })
	if given {
		return *b.pg
	}
	return benchPostgres()
}

// start begins the CPU profile, when asked for, and returns the PostgreSQL
// URL ("" for none) and what stops the profile.
func (b dbBench) start() (string, func(), error) {
	if *b.profile == "" {
		return b.postgres(), func() {}, nil
	}
	f, err := os.Create(*b.profile)
	if err != nil {
		return "", nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return "", nil, err
	}
	return b.postgres(), func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchPostgres is the PostgreSQL server a benchmark makes its scratch
// database on when --pg is not given: RISKGATE_TEST_POSTGRES, or the local
// server when it answers; "" for none.
func benchPostgres() string {
	if u := os.Getenv("RISKGATE_TEST_POSTGRES"); u != "" {
		return u
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second); err == nil {
		c.Close()
		return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	return ""
}

// benchDetect times farringtonFlexible with its defaults over synthetic
// series on one core and, when R with surveillance is installed, the same
// method in R on a sample of the same series, comparing the alarms.
func benchDetect(stdout io.Writer, nSeries, years, rSample int, seed uint64) error {
	weeks := 52 * years
	series := detect.Synthetic(seed, nSeries, weeks)
	p := detect.DefaultFlexible()
	// Every week with b years of history; the same range in R.
	first, err := detect.RunFarrington(series[0], p)
	if err != nil {
		return err
	}
	p.From = weeks
	for _, pt := range first {
		if pt.Defined {
			p.From = pt.T
			break
		}
	}
	p.To = weeks
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	results := make([][]detect.FarringtonPoint, min(rSample, nSeries))
	alarms, evaluated := 0, 0
	load := loadAverage()
	cpu0, start := processCPU(), time.Now()
	for i, s := range series {
		pts, err := detect.RunFarrington(s, p)
		if err != nil {
			return err
		}
		for _, pt := range pts {
			if pt.Alarm {
				alarms++
			}
		}
		evaluated += len(pts)
		if i < len(results) {
			results[i] = pts
		}
	}
	elapsed := time.Since(start).Seconds()
	cpu := (processCPU() - cpu0).Seconds()
	goRate := float64(nSeries) / elapsed
	fmt.Fprintf(stdout, "method: farringtonFlexible (defaults), weeks %d:%d of %d-week series\n", p.From, p.To, weeks)
	fmt.Fprintf(stdout, "go: %d series, %d weeks evaluated, %d alarms in %.2f s on one core: %.1f series/s\n",
		nSeries, evaluated, alarms, elapsed, goRate)
	if cpu > 0 {
		// On a shared machine the wall clock counts the time other work
		// had the core; CPU seconds do not.
		fmt.Fprintf(stdout, "go: %.2f CPU s: %.1f series/s per CPU second; load average before the run %s\n",
			cpu, float64(nSeries)/cpu, load)
	}
	if len(results) == 0 {
		fmt.Fprintln(stdout, "vs_r: none (no series compared with R: --r-sample 0)")
		return nil
	}
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		fmt.Fprintln(stdout, "vs_r: none (Rscript not found: Debian r-cran-surveillance)")
		return nil
	}
	rRate, agree, within, total, err := runR(rscript, series[:len(results)], results, p.From, p.To)
	if err != nil {
		fmt.Fprintf(stdout, "vs_r: none (r: %v)\n", err)
		return nil
	}
	fmt.Fprintf(stdout, "r: %d series: %.3f series/s\n", len(results), rRate)
	fmt.Fprintf(stdout, "alarms agree: %d of %d weeks (%.2f %%); upper bounds within 1e-6: %d\n",
		agree, total, 100*float64(agree)/float64(total), within)
	fmt.Fprintf(stdout, "vs_r: %.1f\n", goRate/rRate)
	return nil
}

// rBench reads the series files, runs farringtonFlexible on each, times
// only the runs and writes file,t,upperbound,alarm.
const rBench = `suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; from <- as.integer(args[2]); to <- as.integer(args[3])
files <- sort(list.files(dir, pattern = "^s[0-9]+\\.csv$"))
series <- lapply(files, function(f) {
  d <- read.csv(file.path(dir, f))
  sts(observed = d$observed, epoch = as.Date(d$date), frequency = 52, epochAsDate = TRUE)
})
out <- vector("list", length(series))
t0 <- proc.time()[["elapsed"]]
for (i in seq_along(series)) {
  res <- farringtonFlexible(series[[i]], control = list(range = from:to))
  out[[i]] <- data.frame(file = files[i], t = from:to, upperbound = as.vector(upperbound(res)),
                         alarm = as.integer(as.vector(alarms(res))))
}
elapsed <- proc.time()[["elapsed"]] - t0
write.csv(do.call(rbind, out), file.path(dir, "r_out.csv"), row.names = FALSE, na = "")
cat(elapsed, "\n", file = file.path(dir, "r_elapsed.txt"))
`

func runR(rscript string, series [][]detect.Week, ours [][]detect.FarringtonPoint, from, to int) (rate float64, agree, within, total int, err error) {
	dir, err := os.MkdirTemp("", "riskgate-bench-r-")
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer os.RemoveAll(dir)
	for i, s := range series {
		if err := writeSeries(filepath.Join(dir, fmt.Sprintf("s%06d.csv", i)), s); err != nil {
			return 0, 0, 0, 0, err
		}
	}
	script := filepath.Join(dir, "bench.R")
	if err := os.WriteFile(script, []byte(rBench), 0o600); err != nil {
		return 0, 0, 0, 0, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	cmd := exec.CommandContext(ctx, rscript, script, dir, strconv.Itoa(from), strconv.Itoa(to))
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("Rscript failed (is r-cran-surveillance installed?): %w: %.300s", err, out)
	}
	el, err := os.ReadFile(filepath.Join(dir, "r_elapsed.txt"))
	if err != nil {
		return 0, 0, 0, 0, err
	}
	secs, err := strconv.ParseFloat(string(bytes.TrimSpace(el)), 64)
	if err != nil || secs <= 0 {
		return 0, 0, 0, 0, fmt.Errorf("R elapsed %q", el)
	}
	f, err := os.Open(filepath.Join(dir, "r_out.csv"))
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	for _, r := range rows[1:] {
		i, err1 := strconv.Atoi(r[0][1:7])
		t, err2 := strconv.Atoi(r[1])
		if err1 != nil || err2 != nil || i >= len(ours) || t < from || t > to {
			return 0, 0, 0, 0, fmt.Errorf("R output row %v", r)
		}
		pt := ours[i][t-from]
		total++
		if pt.Alarm == (r[3] == "1") {
			agree++
		}
		ub := math.NaN()
		if r[2] != "" {
			ub, _ = strconv.ParseFloat(r[2], 64)
		}
		if (math.IsNaN(ub) && math.IsNaN(pt.UpperBound)) || math.Abs(pt.UpperBound-ub) <= 1e-6*math.Max(1, math.Abs(ub)) {
			within++
		}
	}
	if total != len(series)*(to-from+1) {
		return 0, 0, 0, 0, fmt.Errorf("R answered %d weeks, want %d", total, len(series)*(to-from+1))
	}
	return float64(len(series)) / secs, agree, within, total, nil
}

func writeSeries(path string, ws []detect.Week) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "t,year,week,date,observed")
	for _, x := range ws {
		fmt.Fprintf(w, "%d,%d,%d,%s,%g\n", x.T, x.Year, x.Week, x.Date, x.Observed)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchMatch matches synthetic notifications against a synthetic register on
// one core, through the postings and, for a sample, by scanning every
// enterprise (what Match did before the postings), checks that both propose
// the same, and prints notifications/s of each and their ratio.
func benchMatch(stdout io.Writer, nEnt, nLines, nNotes, nScan int, seed uint64) error {
	runtime.GOMAXPROCS(1)
	start := time.Now()
	es, ls, ns := matching.Synthetic(nEnt, nLines, nNotes, seed)
	ix := matching.NewIndex(es, ls)
	ls = nil
	var mem runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&mem)
	fmt.Fprintf(stdout, "register: %d enterprises, %d lines, built in %.1fs, heap %.0f MiB\n", nEnt, nLines, time.Since(start).Seconds(), float64(mem.HeapAlloc)/(1<<20))
	lat := make([]time.Duration, len(ns))
	proposed := 0
	t0 := time.Now()
	for i, n := range ns {
		s := time.Now()
		proposed += len(ix.Match(n, matching.Threshold))
		lat[i] = time.Since(s)
	}
	post := time.Since(t0)
	// The seven kinds of notification take turns (matching.Synthetic):
	// where the tail is.
	kinds := []string{"brand", "brand misspelt, model in text", "GTIN", "manufacturer", "model", "nobody's", "no one named (market)"}
	byKind := make([][]time.Duration, len(kinds))
	for i, d := range lat {
		byKind[i%len(kinds)] = append(byKind[i%len(kinds)], d)
	}
	var parts []string
	for k, ds := range byKind {
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		parts = append(parts, fmt.Sprintf("%s p50 %.2f p99 %.2f", kinds[k], float64(ds[len(ds)/2].Microseconds())/1000, float64(ds[int(0.99*float64(len(ds)-1))].Microseconds())/1000))
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	fmt.Fprintf(stdout, "postings: %d notifications in %.2fs = %.0f notifications/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d candidates proposed\n",
		len(ns), post.Seconds(), float64(len(ns))/post.Seconds(), q(0.5), q(0.99), q(1), proposed)
	fmt.Fprintf(stdout, "by kind (ms): %s\n", strings.Join(parts, "; "))
	scan := *ix
	scan.Scan = true
	t0 = time.Now()
	for _, n := range ns[:nScan] {
		want := scan.Match(n, matching.Threshold)
		if got := ix.Match(n, matching.Threshold); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s: the postings propose %v, the scan %v", n.Ref, got, want)
		}
	}
	sc := time.Since(t0) // includes the postings' own (negligible) time
	perScan := sc.Seconds() / float64(nScan)
	perPost := post.Seconds() / float64(len(ns))
	fmt.Fprintf(stdout, "scan (peer): %d notifications in %.2fs = %.2f notifications/s (%.0f ms each); same candidates on all %d\n",
		nScan, sc.Seconds(), 1/perScan, perScan*1000, nScan)
	fmt.Fprintf(stdout, "vs_scan: %.0fx\n", perScan/perPost)
	return nil
}
