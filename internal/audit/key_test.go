package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
)

// TestLoadKey: the key file is created once with mode 0600 and read back
// as the same key; a file others may read, or that is not a key, is
// refused with the reason.
func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state", "audit.key")
	k1, err := audit.LoadKey(p, true)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	k2, err := audit.LoadKey(p, true)
	if err != nil || k2.ID() != k1.ID() {
		t.Fatalf("second load: %v, %v; want the same key %s", k2, err, k1.ID())
	}
	if _, err := audit.LoadKey(filepath.Join(dir, "missing.key"), false); err == nil {
		t.Error("a missing key file was not an error")
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.LoadKey(p, true); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("world-readable key file: %v, want a refusal naming chmod 600", err)
	}
	bad := filepath.Join(dir, "bad.key")
	os.WriteFile(bad, []byte("not a key\n"), 0o600)
	if _, err := audit.LoadKey(bad, true); err == nil || !strings.Contains(err.Error(), "64") {
		t.Errorf("malformed key file: %v", err)
	}
}

// TestCheckpointSignatures: a checkpoint reads back only under the key that
// signed it; an edited or forged one is refused by its file name.
func TestCheckpointSignatures(t *testing.T) {
	k := audit.NewKey()
	dir := t.TempDir()
	if err := audit.CheckDir(dir, false); err != nil {
		t.Fatal(err)
	}
	for _, seq := range []int64{12, 3} {
		c := audit.Checkpoint{Seq: seq, Hash: strings.Repeat("ab", 32), At: time.Date(2026, 12, 5, 8, 0, int(seq), 0, time.UTC), KeyedFrom: 2}
		k.Sign(&c)
		if err := audit.WriteCheckpoint(dir, &c); err != nil {
			t.Fatal(err)
		}
	}
	cps, err := audit.ReadCheckpoints(dir, k)
	if err != nil || len(cps) != 2 || cps[0].Seq != 3 || cps[1].Seq != 12 {
		t.Fatalf("read %+v, %v; want two checkpoints in sequence order", cps, err)
	}
	if _, err := audit.ReadCheckpoints(dir, audit.NewKey()); err == nil {
		t.Error("checkpoints read under another key")
	}
	// Someone moves a checkpoint's sequence back to hide a truncation.
	names, _ := filepath.Glob(filepath.Join(dir, "checkpoint-*.json"))
	b, _ := os.ReadFile(names[1])
	os.WriteFile(names[1], []byte(strings.Replace(string(b), `"seq": 12`, `"seq": 11`, 1)), 0o600)
	if _, err := audit.ReadCheckpoints(dir, k); err == nil || !strings.Contains(err.Error(), filepath.Base(names[1])) {
		t.Errorf("edited checkpoint: %v, want a refusal naming %s", err, filepath.Base(names[1]))
	}
	if err := audit.CheckDir(filepath.Join(dir, "nope"), false); err == nil {
		t.Error("a missing checkpoint directory was accepted")
	}
}

// TestKeyedVerifier: entries from KeyedFrom on must carry the key's MAC;
// a plain entry there, or a keyed one under another key, is named.
func TestKeyedVerifier(t *testing.T) {
	k := audit.NewKey()
	es := chain(3) // plain, before the key
	prev := es[2].Hash
	for i := 4; i <= 6; i++ {
		e := &audit.Entry{Seq: int64(i), PrevHash: prev, At: time.Date(2026, 12, 5, 9, 0, i, 0, time.UTC), Actor: "admin", Action: "x.do", Keyed: true}
		e.Hash = k.MAC(prev, e)
		prev = e.Hash
		es = append(es, e)
	}
	run := func(key *audit.Key, es []*audit.Entry) error {
		v := audit.Verifier{Key: key, KeyedFrom: 4}
		for _, e := range es {
			if err := v.Next(e); err != nil {
				return err
			}
		}
		return v.Finish(audit.Head{Seq: 6, Hash: es[5].Hash})
	}
	if err := run(k, es); err != nil {
		t.Fatalf("intact: %v", err)
	}
	for name, key := range map[string]*audit.Key{"another key": audit.NewKey(), "no key": nil} {
		if err := run(key, es); err == nil || !strings.Contains(err.Error(), "entry 4") {
			t.Errorf("%s: %v, want a problem at entry 4", name, err)
		}
	}
}
