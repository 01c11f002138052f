package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// keyedChain appends entries with the store's key around a signed
// checkpoint: six, the checkpoint, then three more. It returns the
// checkpoint.
func keyedChain(t *testing.T, db *store.DB) audit.Checkpoint {
	t.Helper()
	ctx := context.Background()
	a := risk.Actor{UserID: 7, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
	add := func(from, n int) {
		for i := from; i < from+n; i++ {
			if err := db.Audit().Append(ctx, audit.New(a, "test.touch", "thing", risk.ID(i), "touch").WithChange(nil, map[string]int{"i": i})); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(1, 6)
	h, err := db.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp := audit.Checkpoint{Seq: h.Seq, Hash: h.Hash, At: time.Now().UTC(), KeyedFrom: h.KeyedFrom}
	db.Audit().Key().Sign(&cp)
	add(7, 3)
	return cp
}

// unlock lets raw SQL change and delete audit entries, as someone who can
// write the database can.
func unlock(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	stmts := map[string][]string{
		"sqlite":   {`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`},
		"postgres": {`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`},
	}[db.Engine()]
	for _, q := range stmts {
		if err := db.ExecRaw(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// entries reads the whole log, oldest first.
func entries(t *testing.T, db *store.DB) []*audit.Entry {
	t.Helper()
	es, _, err := db.Audit().List(context.Background(), audit.Filter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(es)
	return es
}

// rewrite stores es[from:] with hashes recomputed by hash (an attacker's
// key or plain SHA-256) and moves the head to the last.
func rewrite(t *testing.T, db *store.DB, es []*audit.Entry, from int, keyed bool, hash func(prev string, e *audit.Entry) string) {
	t.Helper()
	ctx := context.Background()
	prev := es[from].PrevHash
	for _, e := range es[from:] {
		e.PrevHash, e.Keyed = prev, keyed
		e.Hash = hash(prev, e)
		prev = e.Hash
		if err := db.ExecRaw(ctx, `UPDATE audit_log SET summary = $1, prev_hash = $2, hash = $3, keyed = $4 WHERE seq = $5`,
			e.Summary, e.PrevHash, e.Hash, e.Keyed, e.Seq); err != nil {
			t.Fatal(err)
		}
	}
	last := es[len(es)-1]
	if err := db.ExecRaw(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, last.Seq, last.Hash); err != nil {
		t.Fatal(err)
	}
}

// TestAuditTamperEvident performs, on both engines, the attacks of someone
// who can write the database but holds neither the audit key nor the
// checkpoints: each is found, and the first bad entry named.
func TestAuditTamperEvident(t *testing.T) {
	ctx := context.Background()
	attacker := audit.NewKey()
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			verify := func(db *store.DB, cps ...audit.Checkpoint) (audit.Report, error) {
				return (&audit.Service{Store: db.Audit()}).VerifyAgainst(ctx, risk.System, cps)
			}
			wantProblem := func(t *testing.T, err error, seq int64, reason string) {
				t.Helper()
				var p *audit.Problem
				if !errors.As(err, &p) || p.Seq != seq || !strings.Contains(p.Reason, reason) {
					t.Fatalf("verify = %v; want a problem at entry %d: %s", err, seq, reason)
				}
			}

			// tampered is a database with a keyed chain around a signed
			// checkpoint, its log open to raw SQL.
			tampered := func(t *testing.T) (*store.DB, audit.Checkpoint) {
				db := storetest.Open(t, engine)
				cp := keyedChain(t, db)
				unlock(t, db)
				return db, cp
			}

			t.Run("intact", func(t *testing.T) {
				db := storetest.Open(t, engine)
				cp := keyedChain(t, db)
				r, err := verify(db, cp)
				if err != nil || r.Checkpoints != 1 || r.Legacy == 0 || r.Entries != r.Legacy+9 {
					t.Fatalf("intact chain: %+v, %v; want the seeded entries as plain SHA-256, 9 keyed, 1 checkpoint", r, err)
				}
				h, _ := db.AuditHead(ctx)
				if h.KeyedFrom != r.Legacy+1 || h.KeyID != db.Audit().Key().ID() {
					t.Fatalf("head %+v: want keyed from %d by key %s", h, r.Legacy+1, db.Audit().Key().ID())
				}
			})

			t.Run("truncated after a checkpoint, head moved back", func(t *testing.T) {
				db, cp := tampered(t)
				es := entries(t, db)
				keep := es[cp.Seq-2] // the chain now ends one entry before the checkpoint
				if err := db.ExecRaw(ctx, `DELETE FROM audit_log WHERE seq > $1`, keep.Seq); err != nil {
					t.Fatal(err)
				}
				if err := db.ExecRaw(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, keep.Seq, keep.Hash); err != nil {
					t.Fatal(err)
				}
				// The database alone cannot tell: the chain it holds is whole.
				if _, err := verify(db); err != nil {
					t.Fatalf("without checkpoints: %v", err)
				}
				_, err := verify(db, cp)
				wantProblem(t, err, cp.Seq, "entries deleted")
			})

			// An entry edited, and every later hash recomputed without the
			// key: with another key, or as plain SHA-256.
			for _, c := range []struct {
				name   string
				keyed  bool
				hash   func(prev string, e *audit.Entry) string
				reason string
			}{
				{"edited, hashes recomputed with another key", true, attacker.MAC, "keyed hash"},
				{"edited, recomputed as plain SHA-256", false, audit.ComputeHash, "unkeyed entry"},
			} {
				t.Run(c.name, func(t *testing.T) {
					db, _ := tampered(t)
					es := entries(t, db)
					target := len(es) - 5
					es[target].Summary = "forged"
					rewrite(t, db, es, target, c.keyed, c.hash)
					_, err := verify(db)
					wantProblem(t, err, es[target].Seq, c.reason)
				})
			}

			t.Run("forged entry", func(t *testing.T) {
				db, _ := tampered(t)
				h, _ := db.AuditHead(ctx)
				e := audit.New(risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin}, "user.create", "user", 99, "forged admin")
				e.Seq, e.PrevHash, e.At, e.Keyed = h.Seq+1, h.Hash, time.Now().UTC().Truncate(time.Microsecond), true
				e.Hash = attacker.MAC(e.PrevHash, &e)
				if err := db.ExecRaw(ctx, `INSERT INTO audit_log (seq, at, actor, actor_id, dept, action, entity, entity_id, summary, before, after, prev_hash, hash, keyed)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', $10, $11, $12)`,
					e.Seq, e.At, e.Actor, int64(e.ActorID), e.Dept, e.Action, e.Entity, int64(e.EntityID), e.Summary, e.PrevHash, e.Hash, e.Keyed); err != nil {
					t.Fatal(err)
				}
				if err := db.ExecRaw(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, e.Seq, e.Hash); err != nil {
					t.Fatal(err)
				}
				_, err := verify(db)
				wantProblem(t, err, e.Seq, "keyed hash")
			})

			t.Run("swapped pair", func(t *testing.T) {
				db, _ := tampered(t)
				es := entries(t, db)
				x, y := es[len(es)-4], es[len(es)-3]
				for _, p := range [][2]*audit.Entry{{x, y}, {y, x}} {
					to, from := p[0], p[1]
					if err := db.ExecRaw(ctx, `UPDATE audit_log SET entity_id = $1, after = $2, prev_hash = $3, hash = $4 WHERE seq = $5`,
						int64(from.EntityID), from.After, from.PrevHash, from.Hash, to.Seq); err != nil {
						t.Fatal(err)
					}
				}
				_, err := verify(db)
				wantProblem(t, err, x.Seq, "previous-hash link")
			})
		})
	}
}

// TestAuditKeyRefused: a node whose key is not the one that keys the chain,
// or that has none, refuses to write audit entries and says why; nothing
// is written.
func TestAuditKeyRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin}
		if err := db.Audit().Append(ctx, audit.New(a, "test.touch", "thing", 1, "keys the chain")); err != nil {
			t.Fatal(err)
		}
		before, _ := db.AuditHead(ctx)
		for _, k := range []*audit.Key{audit.NewKey(), nil} {
			db.SetAuditKey(k)
			if err := db.CheckAuditKey(ctx); !errors.Is(err, store.ErrAuditKey) {
				t.Errorf("key %v: check = %v, want ErrAuditKey", k, err)
			}
			err := db.Audit().Append(ctx, audit.New(a, "test.touch", "thing", 2, "refused"))
			if !errors.Is(err, store.ErrAuditKey) || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), "拒绝") {
				t.Errorf("key %v: append = %v, want a bilingual refusal", k, err)
			}
		}
		if after, _ := db.AuditHead(ctx); after != before {
			t.Errorf("head moved from %+v to %+v on refused appends", before, after)
		}
	})
}
