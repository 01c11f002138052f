package audit_test

import (
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

func chain(n int) []*audit.Entry {
	var out []*audit.Entry
	prev := ""
	a := risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin}
	for i := 1; i <= n; i++ {
		e := audit.New(a, "x.do", "x", risk.ID(i), "summary").WithChange(map[string]int{"v": i - 1}, map[string]int{"v": i})
		e.Seq, e.PrevHash, e.At = int64(i), prev, time.Date(2026, 11, 29, 8, 0, i, 0, time.UTC)
		e.Hash = audit.ComputeHash(prev, &e)
		prev = e.Hash
		out = append(out, &e)
	}
	return out
}

func verify(es []*audit.Entry, head audit.Head) error {
	var v audit.Verifier
	for _, e := range es {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return v.Finish(head)
}

func TestVerifier(t *testing.T) {
	es := chain(5)
	head := audit.Head{Seq: 5, Hash: es[4].Hash}
	if err := verify(es, head); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	cases := []struct {
		name   string
		mutate func([]*audit.Entry) ([]*audit.Entry, audit.Head)
		seq    int64
	}{
		{"edited summary", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) { es[2].Summary = "forged"; return es, head }, 3},
		{"edited actor", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) { es[0].Actor = "mallory"; return es, head }, 1},
		{"edited time", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) {
			es[1].At = es[1].At.Add(time.Second)
			return es, head
		}, 2},
		{"deleted middle", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) { return append(es[:1:1], es[2:]...), head }, 2},
		{"deleted last", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) { return es[:4], head }, 5},
		{"rehashed edit", func(es []*audit.Entry) ([]*audit.Entry, audit.Head) {
			es[3].Summary = "forged"
			es[3].Hash = audit.ComputeHash(es[3].PrevHash, es[3]) // the next link still points at the old hash
			return es, head
		}, 5},
	}
	for _, c := range cases {
		es, h := c.mutate(chain(5))
		err := verify(es, h)
		var p *audit.Problem
		if !errors.As(err, &p) || p.Seq != c.seq {
			t.Errorf("%s: %v, want a problem at entry %d", c.name, err, c.seq)
		}
	}
}

// Fields are length-prefixed: moving text between fields changes the hash.
func TestHashSeparatesFields(t *testing.T) {
	a := audit.Entry{Seq: 1, Actor: "ab", Dept: "c"}
	b := audit.Entry{Seq: 1, Actor: "a", Dept: "bc"}
	if audit.ComputeHash("", &a) == audit.ComputeHash("", &b) {
		t.Fatal("entries differing only in field boundaries hash alike")
	}
}
