package auth_test

import (
	"context"
	"errors"
	"fmt"
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
		// Now even the right password is refused from that address...
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.9"); !errors.Is(err, risk.ErrTooMany) {
			t.Fatalf("after %d failures: %v, want too many", auth.MaxFailures, err)
		}
		// ...but not from the administrator's own: a guesser cannot lock a
		// known login out from anywhere.
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.10"); err != nil {
			t.Fatalf("the right password from another address: %v", err)
		}
		now = now.Add(auth.FailWindow + time.Second)
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// An address that sprays many logins is stopped whatever the login.
		for i := 0; i < auth.MaxClientFailures; i++ {
			svc.Login(ctx, fmt.Sprintf("user%d", i), "wrong-password", "10.0.0.66")
		}
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.66"); !errors.Is(err, risk.ErrTooMany) {
			t.Fatalf("after spraying %d logins: %v, want too many", auth.MaxClientFailures, err)
		}
		// Guesses at one login from many addresses are slowed to
		// MaxLoginFailures an hour, for every address.
		now = now.Add(auth.LoginFailWindow)
		for i := 0; i < auth.MaxLoginFailures; i++ {
			if _, _, err := svc.Login(ctx, "admin", "wrong-password", fmt.Sprintf("192.0.2.%d", i)); !errors.Is(err, risk.ErrUnauthorized) {
				t.Fatalf("distributed guess %d: %v", i, err)
			}
		}
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.10"); !errors.Is(err, risk.ErrTooMany) {
			t.Fatalf("after %d distributed guesses: %v, want too many", auth.MaxLoginFailures, err)
		}
		now = now.Add(auth.LoginFailWindow + time.Second)
		if _, _, err := svc.Login(ctx, "admin", "admin-pass-12", "10.0.0.10"); err != nil {
			t.Fatalf("an hour later: %v", err)
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

// TestSessionIdleAndPasswordChange: a session used within SessionIdle
// lives on to its absolute end; one left idle ends; changing the password
// ends every session of the user, and needs the current password.
func TestSessionIdleAndPasswordChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		svc := newService(t, db, &now)
		u, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "officer", Name: "李明", Dept: "cs-customs", Role: "officer", Password: "officer-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		busy, _, _ := svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.1")
		idle, _, _ := svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.2")
		// The busy session is used every 20 minutes for two hours.
		for range 6 {
			now = now.Add(20 * time.Minute)
			if _, err := svc.Session(ctx, busy); err != nil {
				t.Fatalf("a session in use ended at %v: %v", now, err)
			}
		}
		if _, err := svc.Session(ctx, idle); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("a session idle for two hours: %v, want it ended", err)
		}
		other, _, _ := svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.3")
		if err := svc.ChangePassword(ctx, u.Actor(), "wrong-password", "a-new-password-2"); !isInvalid(err, "current_password") {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := svc.ChangePassword(ctx, u.Actor(), "officer-pass-1", "short"); !isInvalid(err, "new_password") {
			t.Fatalf("short new password: %v", err)
		}
		if err := svc.ChangePassword(ctx, u.Actor(), "officer-pass-1", "a-new-password-2"); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{busy, other} {
			if _, err := svc.Session(ctx, tok); !errors.Is(err, risk.ErrUnauthorized) {
				t.Errorf("a session after the password change: %v, want it ended", err)
			}
		}
		if _, _, err := svc.Login(ctx, "officer", "officer-pass-1", "10.0.0.1"); !errors.Is(err, risk.ErrUnauthorized) {
			t.Errorf("the old password still signs in: %v", err)
		}
		if _, _, err := svc.Login(ctx, "officer", "a-new-password-2", "10.0.0.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
	})
}

// TestTokensListedAndRevoked: administrators list tokens with their last
// use, never the token, and revoke one; a revoked token is refused.
func TestTokensListedAndRevoked(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		svc := newService(t, db, &now)
		admin, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "admin", Name: "管理员", Dept: "hn-gov", Role: "admin", Password: "admin-pass-12"})
		if err != nil {
			t.Fatal(err)
		}
		officer, err := svc.AddUser(ctx, risk.System, auth.NewUser{Login: "officer", Name: "李明", Dept: "cs-customs", Role: "officer", Password: "officer-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		used, _ := svc.CreateToken(ctx, risk.System, "officer", "ci")
		unused, _ := svc.CreateToken(ctx, risk.System, "officer", "spare")
		if _, err := svc.Bearer(ctx, used); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Tokens(ctx, officer.Actor()); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an officer listing tokens: %v", err)
		}
		ks, err := svc.Tokens(ctx, admin.Actor())
		if err != nil || len(ks) != 2 || ks[0].Name != "spare" || ks[0].LastUsedAt != nil || ks[1].LastUsedAt == nil || !ks[1].LastUsedAt.Equal(now) {
			t.Fatalf("tokens %+v, %v; want spare (never used) then ci (used at %v)", ks, err, now)
		}
		if err := svc.RevokeToken(ctx, officer.Actor(), ks[1].ID); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an officer revoking: %v", err)
		}
		if err := svc.RevokeToken(ctx, admin.Actor(), ks[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeToken(ctx, admin.Actor(), ks[1].ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("revoking twice: %v", err)
		}
		if _, err := svc.Bearer(ctx, used); !errors.Is(err, risk.ErrUnauthorized) {
			t.Fatalf("a revoked token: %v", err)
		}
		if _, err := svc.Bearer(ctx, unused); err != nil {
			t.Fatalf("the other token: %v", err)
		}
		ks, _ = svc.Tokens(ctx, admin.Actor())
		if ks[1].RevokedAt == nil || ks[0].RevokedAt != nil {
			t.Fatalf("tokens after the revocation: %+v", ks)
		}
	})
}

func isInvalid(err error, field string) bool {
	e, ok := risk.AsError(err)
	return ok && errors.Is(err, risk.ErrInvalid) && e.Field == field
}
