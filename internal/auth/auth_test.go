package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with the chosen parameters", h)
	}
	if !auth.CheckPassword(h, "correct horse battery") || auth.CheckPassword(h, "correct horse batterY") {
		t.Fatal("password check wrong")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "$bcrypt$x"} {
		if auth.CheckPassword(bad, "x") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func newService(t *testing.T, db *store.DB, now *time.Time) *auth.Service {
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	return &auth.Service{Store: db.Auth(), Sets: sets, Now: func() time.Time { return *now }}
}

func TestLoginSessionsTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		svc := newService(t, db, &now)
		u, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "officer", Name: "李明", Dept: "cs-customs", Role: "officer", Password: "officer-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "officer", Name: "x", Dept: "cs-customs", Role: "officer", Password: "officer-pass-1"}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("duplicate login: %v", err)
		}
		if _, err := svc.AddUser(ctx, u.Actor(), auth.NewUser{Login: "x2", Name: "x", Dept: "cs-customs", Role: "admin", Password: "officer-pass-1"}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("officer creating users: %v", err)
		}
		_, err = svc.AddUser(ctx, risk.System, auth.NewUser{Login: "bad login", Name: "", Dept: "nowhere", Role: "king", Password: "short"})
		e, _ := risk.AsError(err)
		if e == nil || len(e.Details) != 5 {
			t.Fatalf("bad user: %v (%+v)", err, e)
		}

		token, sess, err := svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.1")
		if err != nil || sess.CSRF == "" || token == "" {
			t.Fatalf("login: %v", err)
		}
		got, err := svc.Session(ctx, token)
		if err != nil || got.User.Login != "officer" || got.CSRF != sess.CSRF {
			t.Fatalf("session: %+v, %v", got, err)
		}
		now = now.Add(auth.SessionTTL + time.Second)
		if _, err := svc.Session(ctx, token); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("expired session: %v", err)
		}
		token, _, _ = svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.1")
		if err := svc.Logout(ctx, u.Actor(), token); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, token); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("session after logout: %v", err)
		}

		api, err := svc.CreateToken(ctx, risk.System, "officer", "ci")
		if err != nil || !strings.HasPrefix(api, "rgt_") {
			t.Fatalf("token: %q %v", api, err)
		}
		a, err := svc.Bearer(ctx, api)
		if err != nil || a.Login != "officer" || a.Role != risk.RoleOfficer {
			t.Fatalf("bearer: %+v %v", a, err)
		}
		if _, err := svc.Bearer(ctx, api+"0"); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("wrong token: %v", err)
		}
	})
}

func TestLoginThrottling(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		svc := newService(t, db, &now)
		if _, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "admin", Name: "管理员", Dept: "hn-gov", Role: "admin", Password: "admin-pass-12"}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < auth.MaxFailures; i++ {
			if _, _, err := svc.Login(ctx, "admin", "wrong-password", "10.0.0.9"); !errors.Is(err, risk.ErrUnauthorized) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Now even the right password is refused, from any address.
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.10"); !errors.Is(err, risk.ErrTooMany) {
			t.Fatalf("after %d failures: %v, want too many", auth.MaxFailures, err)
		}
		now = now.Add(auth.FailWindow + time.Second)
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.10"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// Parallel guesses are counted before the slow password check, so a burst
// cannot get more than MaxFailures guesses checked.
func TestLoginThrottlingParallel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		svc := newService(t, db, &now)
		if _, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "admin", Name: "管理员", Dept: "hn-gov", Role: "admin", Password: "admin-pass-12"}); err != nil {
			t.Fatal(err)
		}
		const n = 40
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			go func() {
				_, _, err := svc.Login(ctx, "admin", "wrong-password", "10.0.0.9")
				errs <- err
			}()
		}
		checked := 0
		for i := 0; i < n; i++ {
			err := <-errs
			switch {
			case errors.Is(err, risk.ErrUnauthorized):
				checked++
			case !errors.Is(err, risk.ErrTooMany):
				t.Fatalf("unexpected %v", err)
			}
		}
		if checked != auth.MaxFailures {
			t.Fatalf("%d parallel guesses were checked, want %d", checked, auth.MaxFailures)
		}
	})
}
