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
	"strings"
	"testing"
	"time"

	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// TestFreshnessAcrossProcesses runs a second riskgate process on the same
// PostgreSQL database, changes a measure in this process, and measures how
// long the other takes to screen by the new rule: under a second.
func TestFreshnessAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	db, keyFile, dir := nodeDatabase(t)
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

	bin := buildBinary(t, dir)
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
