package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

var errDown = errors.New("dial tcp: connection refused")

// downStore is the auth store with the database unreachable while *down.
type downStore struct {
	auth.Store
	down *bool
}

func (d downStore) TokenUser(ctx context.Context, hash string, now time.Time) (*auth.User, error) {
	if *d.down {
		return nil, errDown
	}
	return d.Store.TokenUser(ctx, hash, now)
}

func (d downStore) SessionByHash(ctx context.Context, hash string, now time.Time) (*auth.Session, error) {
	if *d.down {
		return nil, errDown
	}
	return d.Store.SessionByHash(ctx, hash, now)
}

// While the database is unreachable, callers verified within the TTL are
// let in as they were; others, and all of them after the TTL or after
// their session's end, are told to try later. When the database answers,
// it alone decides.
func TestRecentWhileTheDatabaseIsDown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		down := false
		svc := newService(t, db, &now)
		svc.Store = downStore{Store: svc.Store, down: &down}
		svc.Recent = &auth.Recent{TTL: 30 * time.Minute, Unreachable: func(err error) bool { return errors.Is(err, errDown) }}
		if _, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "port1", Name: "王芳", Dept: "cs-customs", Role: "inspector", Password: "port-inspector-1"}); err != nil {
			t.Fatal(err)
		}
		token, err := svc.CreateToken(ctx, risk.System, "port1", "node")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := svc.CreateToken(ctx, risk.System, "port1", "unused")
		cookie, _, err := svc.Login(ctx, "port1", "port-inspector-1", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Bearer(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, cookie); err != nil {
			t.Fatal(err)
		}
		down = true
		now = now.Add(20 * time.Minute)
		if a, err := svc.Bearer(ctx, token); err != nil || a.Login != "port1" {
			t.Fatalf("verified token while down = %+v, %v", a, err)
		}
		if s, err := svc.Session(ctx, cookie); err != nil || s.User.Login != "port1" {
			t.Fatalf("verified session while down = %v", err)
		}
		if _, err := svc.Bearer(ctx, other); !errors.Is(err, risk.ErrUnavailable) {
			t.Fatalf("unverified token while down: %v", err)
		}
		now = now.Add(11 * time.Minute) // past the TTL
		if _, err := svc.Bearer(ctx, token); !errors.Is(err, risk.ErrUnavailable) {
			t.Fatalf("token past the TTL while down: %v", err)
		}
		if _, err := svc.Session(ctx, cookie); !errors.Is(err, risk.ErrUnavailable) {
			t.Fatalf("session past the TTL while down: %v", err)
		}
		// Back up: a revoked token is refused at once, and forgotten.
		down = false
		if _, err := svc.Bearer(ctx, token); err != nil {
			t.Fatal(err)
		}
		toks, _ := svc.Tokens(ctx, risk.System)
		for _, tk := range toks {
			if err := svc.RevokeToken(ctx, risk.System, tk.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Bearer(ctx, token); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		down = true
		if _, err := svc.Bearer(ctx, token); !errors.Is(err, risk.ErrUnavailable) {
			t.Fatalf("revoked token while down: %v", err)
		}
	})
}
