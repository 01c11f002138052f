package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"riskgate/internal/detect"
)

// benchCmd runs the detection benchmark (bench detect); the search and
// screening benchmarks live in the bench module, out of the shipping binary.
func benchCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "detect" {
		fmt.Fprintln(stderr, "usage: riskgate bench detect [--series N] [--years Y] [--r-sample K] [--seed S]\n(the search and screening benchmarks are in the bench module: cd bench && go run ./search, go run ./screen)")
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
	start := time.Now()
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
	goRate := float64(nSeries) / elapsed
	fmt.Fprintf(stdout, "method: farringtonFlexible (defaults), weeks %d:%d of %d-week series\n", p.From, p.To, weeks)
	fmt.Fprintf(stdout, "go: %d series, %d weeks evaluated, %d alarms in %.2f s on one core: %.1f series/s\n",
		nSeries, evaluated, alarms, elapsed, goRate)
	if len(results) == 0 {
		return nil
	}
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		fmt.Fprintln(stdout, "r: Rscript not found (Debian r-cran-surveillance); no vs_r")
		return nil
	}
	rRate, agree, within, total, err := runR(rscript, series[:len(results)], results, p.From, p.To)
	if err != nil {
		fmt.Fprintf(stdout, "r: %v; no vs_r\n", err)
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
