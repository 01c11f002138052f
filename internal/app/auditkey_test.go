package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store"
)

// TestAuditConfigResolve: beside a SQLite file the key is created once,
// mode 0600, with the checkpoint directory; a configured checkpoint
// directory that does not exist stops the start, naming the setting; a
// malformed key in the environment is refused.
func TestAuditConfigResolve(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "rg.db")
	k1, cps, err := AuditConfig{}.Resolve(url)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "audit.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", fi, err)
	}
	if cps != filepath.Join(dir, "checkpoints") {
		t.Fatalf("checkpoints in %q", cps)
	}
	k2, _, err := AuditConfig{}.Resolve(url)
	if err != nil || k2.ID() != k1.ID() {
		t.Fatalf("second start: key %v, %v; want the same key", k2, err)
	}
	if _, _, err := (AuditConfig{Checkpoints: filepath.Join(dir, "nowhere")}).Resolve(url); err == nil || !strings.Contains(err.Error(), "RISKGATE_AUDIT_CHECKPOINTS") {
		t.Fatalf("a missing checkpoint directory: %v", err)
	}
	if _, _, err := (AuditConfig{Key: "not hex"}).Resolve(url); err == nil || !strings.Contains(err.Error(), "RISKGATE_AUDIT_KEY") {
		t.Fatalf("a malformed key: %v", err)
	}
	// Verification makes nothing up: no key file, no key.
	other := "sqlite:" + filepath.Join(t.TempDir(), "copy.db")
	if _, _, err := (AuditConfig{}).ResolveToVerify(other); err == nil {
		t.Fatal("verification made a key for a database without one")
	}
}

// TestCheckpointerWebhook: a checkpoint goes to the directory and, signed,
// to the webhook; one that would repeat the last is not written again.
func TestCheckpointerWebhook(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "rg.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	key := audit.NewKey()
	db.SetAuditKey(key)
	if err := db.Audit().Append(ctx, audit.New(risk.System, "test.touch", "thing", 1, "keys the chain")); err != nil {
		t.Fatal(err)
	}
	var got []audit.Checkpoint
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c audit.Checkpoint
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&c) != nil {
			http.Error(w, "bad checkpoint", http.StatusBadRequest)
			return
		}
		got = append(got, c)
	}))
	defer hook.Close()
	cps := filepath.Join(dir, "checkpoints")
	if err := audit.CheckDir(cps, true); err != nil {
		t.Fatal(err)
	}
	c := &Checkpointer{DB: db, Key: key, Dir: cps, URL: hook.URL}
	cp, err := c.Write(ctx)
	if err != nil || cp == nil {
		t.Fatalf("write: %+v, %v", cp, err)
	}
	if len(got) != 1 || !key.Check(&got[0]) || got[0].Seq != cp.Seq || got[0].KeyedFrom != cp.KeyedFrom {
		t.Fatalf("webhook received %+v; want the signed checkpoint %+v", got, cp)
	}
	if _, err := c.Write(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(cps, "checkpoint-*.json"))
	if len(files) != 1 || len(got) != 1 {
		t.Fatalf("%d files and %d posts after a second write with the head unchanged; want 1 and 1", len(files), len(got))
	}
	read, err := audit.ReadCheckpoints(cps, key)
	if err != nil || len(read) != 1 || read[0].Hash != cp.Hash {
		t.Fatalf("read back %+v, %v", read, err)
	}
}
