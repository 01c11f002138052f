package contingency

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"
)

var errDown = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

func unreachable(err error) bool { return errors.Is(err, errDown) }

func newMode(t *testing.T, dir string) *Mode {
	t.Helper()
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return &Mode{Journal: j, Node: "node-1", Unreachable: unreachable}
}

func TestJournalSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	m := newMode(t, dir)
	recs, err := m.Hold(Held{Kind: KindDeclaration, Key: "D-1", Actor: risk.System, Payload: map[string]string{"n": "1"}},
		Held{Kind: KindDeclaration, Key: "D-2", Payload: map[string]string{"n": "2"}})
	if err != nil || len(recs) != 2 || !m.Active() {
		t.Fatalf("Hold = %v, %v; active %v", recs, err, m.Active())
	}
	if _, err := m.Hold(Held{Kind: KindLineResult, Key: "D-1#0/inspection", Payload: 1}); err != nil {
		t.Fatal(err)
	}
	m.Journal.Close()
	// A line cut short by a crash while it was written is dropped.
	f, _ := os.OpenFile(filepath.Join(dir, journalFile), os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"hold":{"id":"cq-torn","kind":"decl`)
	f.Close()

	m2 := newMode(t, dir)
	m2.Start()
	if !m2.Active() {
		t.Fatal("a journal with pending records does not start active")
	}
	got := m2.Journal.Pending()
	if len(got) != 3 || got[0].ID != recs[0].ID || got[1].Key != "D-2" || got[2].Kind != KindLineResult {
		t.Fatalf("pending after restart = %+v", got)
	}
	if r, ok := m2.Find(KindDeclaration, "D-2"); !ok || r.ID != recs[1].ID {
		t.Fatalf("Find(D-2) = %+v, %v", r, ok)
	}
	// The torn line is gone: a new record lands on a line of its own.
	if _, err := m2.Hold(Held{Kind: KindInspection, Payload: 2}); err != nil {
		t.Fatal(err)
	}
	m2.Journal.Close()
	m3 := newMode(t, dir)
	if n := m3.Journal.Len(); n != 4 {
		t.Fatalf("after a second restart %d pending, want 4", n)
	}
}

func TestJournalRefusesADamagedMiddle(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, journalFile), []byte("{bad\n{\"hold\":{\"id\":\"x\",\"kind\":\"declaration\"}}\n"), 0o600)
	if _, err := OpenJournal(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("OpenJournal on a damaged journal = %v", err)
	}
}

func TestJournalDirectory(t *testing.T) {
	if _, err := OpenJournal(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("a missing directory was accepted")
	}
	dir := t.TempDir()
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if _, err := OpenJournal(dir); err == nil {
		t.Fatal("two journals opened on one directory")
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := t.TempDir()
		os.Chmod(ro, 0o500)
		defer os.Chmod(ro, 0o700)
		if _, err := OpenJournal(ro); err == nil {
			t.Fatal("a read-only directory was accepted")
		}
	}
}

// Resubmission hands records over in order, stops on an outage keeping
// the rest, rejects what is refused for good with the reason, and ends the
// mode when nothing is left.
func TestResubmit(t *testing.T) {
	dir := t.TempDir()
	m := newMode(t, dir)
	down := true
	m.Ping = func(context.Context) error {
		if down {
			return errDown
		}
		return nil
	}
	var stored []string
	failOnce := map[string]bool{"D-3": true}
	m.Handle(KindDeclaration, func(ctx context.Context, r Record) error {
		switch {
		case r.Key == "D-2":
			return risk.Errorf(risk.ErrConflict, "报关单号 D-2 已以不同内容筛查过。 / declaration D-2 was screened before with different content.")
		case failOnce[r.Key]:
			failOnce[r.Key] = false
			return errDown // the database went away again
		}
		stored = append(stored, r.Key)
		return nil
	})
	for _, k := range []string{"D-1", "D-2", "D-3", "D-4"} {
		if _, err := m.Hold(Held{Kind: KindDeclaration, Key: k, Payload: k}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	if rep, err := m.Resubmit(ctx); err == nil || rep.Pending != 4 {
		t.Fatalf("while down: %+v, %v", rep, err)
	}
	if st := m.Status(); !st.Active || st.Pending != 4 || st.LastError == "" || st.ByKind[KindDeclaration] != 4 {
		t.Fatalf("status while down = %+v", st)
	}
	down = false
	rep, err := m.Resubmit(ctx)
	if err == nil || rep != (Report{Stored: 1, Rejected: 1, Pending: 2}) {
		t.Fatalf("interrupted resubmission = %+v, %v", rep, err)
	}
	rep, err = m.Resubmit(ctx)
	if err != nil || rep != (Report{Stored: 2}) || m.Active() {
		t.Fatalf("resubmission = %+v, %v; active %v", rep, err, m.Active())
	}
	if strings.Join(stored, ",") != "D-1,D-3,D-4" {
		t.Fatalf("stored %v", stored)
	}
	rj := m.Journal.Rejected()
	if len(rj) != 1 || rj[0].Record.Key != "D-2" || !strings.Contains(rj[0].Reason, "D-2") {
		t.Fatalf("rejected = %+v", rj)
	}
	// The finished journal is kept aside; a restart finds nothing pending
	// and the rejected record still listed.
	old, _ := filepath.Glob(filepath.Join(dir, "resubmitted-*.jsonl"))
	if len(old) != 1 {
		t.Fatalf("finished journals: %v", old)
	}
	m.Journal.Close()
	m2 := newMode(t, dir)
	if m2.Journal.Len() != 0 || len(m2.Journal.Rejected()) != 1 {
		t.Fatalf("after restart: %d pending, %d rejected", m2.Journal.Len(), len(m2.Journal.Rejected()))
	}
	if rep, err := m2.Resubmit(ctx); err != nil || rep != (Report{}) {
		t.Fatalf("nothing to resubmit = %+v, %v", rep, err)
	}
}

func TestOutage(t *testing.T) {
	m := &Mode{Unreachable: unreachable}
	ctx := context.Background()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"connection refused", ctx, errDown, true},
		{"the attempt's deadline", ctx, context.DeadlineExceeded, true},
		{"bad input", ctx, risk.Invalid("number", "缺少报关单号。", "number is required."), false},
		{"a conflict wrapping a driver error", ctx, &risk.Error{Kind: risk.ErrConflict, Err: errDown}, false},
		{"another error", ctx, errors.New("syntax error at or near"), false},
		{"the caller went away", canceled, errDown, false},
	}
	for _, tt := range tests {
		if got := m.Outage(tt.ctx, tt.err); got != tt.want {
			t.Errorf("%s: Outage = %v, want %v", tt.name, got, tt.want)
		}
	}
	var off *Mode
	if off.Active() || off.Outage(ctx, errDown) || off.Status().Enabled {
		t.Error("a nil mode is not disabled")
	}
}

// Run resubmits in the background once the database answers, without
// being called.
func TestRun(t *testing.T) {
	m := newMode(t, t.TempDir())
	m.MinBackoff, m.MaxBackoff = time.Millisecond, 4*time.Millisecond
	up := make(chan struct{})
	m.Ping = func(context.Context) error {
		select {
		case <-up:
			return nil
		default:
			return errDown
		}
	}
	done := make(chan string, 1)
	m.Handle(KindInspection, func(ctx context.Context, r Record) error { done <- r.Key; return nil })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	if _, err := m.Hold(Held{Kind: KindInspection, Key: "X-1", Payload: 1}); err != nil {
		t.Fatal(err)
	}
	close(up)
	select {
	case k := <-done:
		if k != "X-1" {
			t.Fatalf("resubmitted %q", k)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not resubmit within 10s of the database answering")
	}
}

// BenchmarkHold is one declaration held: a JSON line written and fsync'd.
func BenchmarkHold(b *testing.B) {
	j, err := OpenJournal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	m := &Mode{Journal: j, Node: "bench"}
	payload := map[string]any{"number": "490020260316000101", "lines": []string{"6911101000 陶瓷餐具", "9613800000 打火机"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Hold(Held{Kind: KindDeclaration, Payload: payload}); err != nil {
			b.Fatal(err)
		}
	}
}
