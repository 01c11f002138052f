package main

import (
	"os/exec"
	"path/filepath"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// buildBinary builds riskgate into dir, for tests that run it as a process.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "riskgate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// nodeDatabase is a fresh PostgreSQL database for tests that run riskgate
// processes beside this one, writing with the audit key in keyFile, which
// every node on the database shares (docs/OPERATIONS.md); dir is a scratch
// directory. It skips the test without PostgreSQL.
func nodeDatabase(t *testing.T) (db *store.DB, keyFile, dir string) {
	t.Helper()
	hasPG := false
	for _, e := range storetest.Engines(t) {
		hasPG = hasPG || e == "postgres"
	}
	if !hasPG {
		t.Skip("needs PostgreSQL")
	}
	db = storetest.Open(t, "postgres")
	dir = t.TempDir()
	keyFile = filepath.Join(dir, "audit.key")
	key, err := audit.LoadKey(keyFile, true)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuditKey(key)
	return db, keyFile, dir
}
