package main

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/report"
	"riskgate/internal/warning"
)

// TestNodesShareJobs runs two riskgate processes on one PostgreSQL
// database. Node A takes the periodic jobs' lease at start, expires the two
// warnings that are due and is killed with SIGKILL before the rest of the
// jobs (it stops there, holding the lease). Node B, meanwhile, finds the
// lease held and leaves the jobs alone; once A's lease runs out B takes
// over and makes last month's quality reports. Every warning is expired
// once and every report made once.
func TestNodesShareJobs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two processes")
	}
	ctx := context.Background()
	db, keyFile, dir := nodeDatabase(t)
	w := lifecycletest.New(t, db)
	w.Now = time.Now().UTC()
	var due []int64
	for range 2 {
		x := w.Issue(w.ApprovedCase().ID, w.WarningInput(warning.ClassBulletin))
		due = append(due, int64(x.ID))
	}
	raw, err := sql.Open("pgx", db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE warnings SET valid_until = now() - interval '1 hour' WHERE id = ANY($1)`, due); err != nil {
		t.Fatal(err)
	}
	count := func(action string) int {
		t.Helper()
		_, n, err := db.Audit().List(ctx, audit.Filter{Action: action, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	bin := buildBinary(t, dir)
	// node starts a process; its output lines, stdout and stderr alike,
	// arrive on the channel it returns.
	node := func(env ...string) (*exec.Cmd, <-chan string) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db.URL)
		cmd.Env = append(os.Environ(), append([]string{"RISKGATE_AUDIT_KEY_FILE=" + keyFile, "RISKGATE_AUDIT_CHECKPOINTS=" + t.TempDir(),
			"RISKGATE_JOB_INTERVAL=200ms", "RISKGATE_JOB_LEASE=1500ms", "RISKGATE_LOG_LEVEL=debug"}, env...)...)
		stdout, _ := cmd.StdoutPipe()
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		lines := make(chan string, 1024)
		for _, r := range []io.Reader{stdout, stderr} {
			go func() {
				sc := bufio.NewScanner(r)
				for sc.Scan() {
					select {
					case lines <- sc.Text():
					default: // nobody is waiting for this much
					}
				}
			}()
		}
		return cmd, lines
	}
	// waitFor waits for the nth line holding what; the limit only bounds
	// a failing run.
	waitFor := func(lines <-chan string, what string, nth int) bool {
		limit := time.After(60 * time.Second)
		for seen := 0; ; {
			select {
			case l := <-lines:
				if strings.Contains(l, what) {
					if seen++; seen == nth {
						return true
					}
				}
			case <-limit:
				return false
			}
		}
	}

	a, aLines := node("RISKGATE_TEST_STOP_AFTER_JOB_STEP=expire")
	if !waitFor(aLines, "stopped after job step expire", 1) {
		t.Fatal("node A never reached the end of the expiry step")
	}
	if n := count("warning.expire"); n != 2 {
		t.Fatalf("node A expired %d warnings; want the 2 due", n)
	}
	_, bLines := node()
	if !waitFor(bLines, "job held by another node", 2) {
		t.Fatal("node B never found the jobs' lease held")
	}
	if n := count("report.generate"); n != 0 {
		t.Fatalf("%d reports made while node A held the jobs' lease", n)
	}
	before, err := db.LeaseOf(ctx, "periodic-jobs")
	if err != nil || before.Acquired != 1 {
		t.Fatalf("lease before the kill: %+v, %v; want taken once, by A", before, err)
	}
	if err := a.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	a.Wait()
	// B takes the lease over when A's runs out and runs the jobs (the
	// first run makes the reports), then again every interval.
	if !waitFor(bLines, `msg="job done" job=periodic-jobs`, 3) {
		t.Fatal("node B did not take over the jobs")
	}
	if l, err := db.LeaseOf(ctx, "periodic-jobs"); err != nil || l.Holder == before.Holder || l.Acquired < before.Acquired+3 {
		t.Fatalf("lease after the takeover: %+v, %v", l, err)
	}
	if n := count("warning.expire"); n != 2 {
		t.Errorf("%d expiries of the 2 due warnings; want each once", n)
	}
	if n := count("report.generate"); n != len(report.KeyGroups) {
		t.Errorf("%d reports made; want each of the %d key groups' once", n, len(report.KeyGroups))
	}
}
