package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestFreshnessAcrossProcesses runs a second riskgate process on the same
// PostgreSQL database, changes a measure in this process, and measures how
// long the other takes to screen by the new rule: under a second.
func TestFreshnessAcrossProcesses(t *testing.T) {
	hasPG := false
	for _, e := range storetest.Engines(t) {
		hasPG = hasPG || e == "postgres"
	}
	if !hasPG {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	db := storetest.Open(t, "postgres")
	// Two nodes on one database share one audit key (docs/OPERATIONS.md).
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "audit.key")
	key, err := audit.LoadKey(keyFile, true)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuditKey(key)
	w := lifecycletest.New(t, db)
	w.Now = time.Now().UTC()
	c := w.ApprovedCase()
	x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
	ms, err := w.Measures.Plan(ctx, w.U("officer"), x.ID, []measure.Input{{Type: "ban"}})
	if err != nil {
		t.Fatal(err)
	}
	token, err := w.Auth.CreateToken(ctx, risk.System, "inspector", "freshness")
	if err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(dir, "riskgate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db.URL)
	cmd.Env = append(os.Environ(), "RISKGATE_AUDIT_KEY_FILE="+keyFile, "RISKGATE_AUDIT_CHECKPOINTS="+dir)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	var addr string
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "riskgate listening on http://"); ok {
			addr = strings.Fields(a)[0]
			break
		}
	}
	if addr == "" {
		t.Fatal("the second process never listened")
	}
	n := 0
	screen := func() string {
		n++
		body := fmt.Sprintf(`{"number": "F-%d", "direction": "export", "port": "4900", "declared_at": %q, "trade_mode": "0110", `+
			`"lines": [{"hs_code": "9613800000", "name": "打火机", "origin": "CN", "destination": "DE"}]}`, n, time.Now().UTC().Format(time.RFC3339))
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/declarations/screen", bytes.NewReader([]byte(body)))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct{ Decision string }
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
			t.Fatalf("screen: %d %v", resp.StatusCode, err)
		}
		return r.Decision
	}
	if d := screen(); d == "refuse" {
		t.Fatalf("refused before the ban is in force")
	}
	start := time.Now()
	if _, err := w.Measures.Act(ctx, w.U("officer"), ms[0].ID, "enforce", "", ms[0].Rev); err != nil {
		t.Fatal(err)
	}
	for screen() != "refuse" {
		if time.Since(start) > 3*time.Second {
			t.Fatal("the second process did not follow the new measure within 3 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	lag := time.Since(start)
	t.Logf("the second process followed in %v", lag)
	if lag > time.Second {
		t.Fatalf("the second process followed after %v, want under 1 s", lag)
	}
}
