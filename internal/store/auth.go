package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/risk"
)

// AuthStore implements auth.Store.
type AuthStore struct{ db *DB }

// Auth returns the identity store.
func (db *DB) Auth() *AuthStore { return &AuthStore{db: db} }

const userCols = `u.id, u.login, u.name, u.dept, u.role, COALESCE(u.enterprise_id, 0), COALESCE(u.lab_id, 0), u.disabled, u.created_at`

func scanUser(dest ...any) (*auth.User, []any) {
	var u auth.User
	var id, ent, lab int64
	var role string
	scan := append([]any{&id, &u.Login, &u.Name, &u.Dept, &role, &ent, &lab, &u.Disabled, &u.CreatedAt}, dest...)
	return &u, append(scan, func() { // finisher, called after Scan
		u.ID, u.EnterpriseID, u.LabID, u.Role = risk.ID(id), risk.ID(ent), risk.ID(lab), risk.Role(role)
		u.CreatedAt = u.CreatedAt.UTC()
	})
}

// scanInto scans row into the targets made by scanUser and runs its finisher.
func scanInto(row interface{ Scan(...any) error }, targets []any) error {
	fin := targets[len(targets)-1].(func())
	if err := row.Scan(targets[:len(targets)-1]...); err != nil {
		return err
	}
	fin()
	return nil
}

func nullID(id risk.ID) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

// CreateUser inserts u.
func (s *AuthStore) CreateUser(ctx context.Context, u *auth.User, hash string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO users (login, name, dept, role, enterprise_id, lab_id, password_hash, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			u.Login, u.Name, u.Dept, string(u.Role), nullID(u.EnterpriseID), nullID(u.LabID), hash, false, now).Scan(&id)
		if s.db.d.uniqueViolation(err) {
			return &risk.Error{Kind: risk.ErrConflict, Field: "login", Message: risk.Bilingual("登录名 "+u.Login+" 已被使用。", "login "+u.Login+" is taken.")}
		}
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt = risk.ID(id), now
		ae.EntityID = u.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func notFoundUser() error { return risk.Errorf(risk.ErrNotFound, "用户不存在。 / No such user.") }

// UserByLogin returns the user and password hash.
func (s *AuthStore) UserByLogin(ctx context.Context, login string) (*auth.User, string, error) {
	var hash string
	u, t := scanUser(&hash)
	err := scanInto(s.db.queryRow(ctx, `SELECT `+userCols+`, u.password_hash FROM users u WHERE u.login = $1`, login), t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFoundUser()
	}
	if err != nil {
		return nil, "", err
	}
	return u, hash, nil
}

// ListUsers returns every account ordered by login.
func (s *AuthStore) ListUsers(ctx context.Context) ([]*auth.User, error) {
	rows, err := s.db.query(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.User
	for rows.Next() {
		u, t := scanUser()
		if err := scanInto(rows, t); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash and ends its sessions.
func (s *AuthStore) SetPassword(ctx context.Context, id risk.ID, hash string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, tx.Now(), int64(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFoundUser()
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, int64(id)); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// CreateSession stores a session and prunes expired ones.
// The session is opened at at (the sign-in service's clock, which also
// judges its expiry and idleness).
func (s *AuthStore) CreateSession(ctx context.Context, userID risk.ID, tokenHash, csrf string, at, expires time.Time, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		at = at.UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, at, at.Add(-auth.SessionIdle)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)`,
			tokenHash, int64(userID), csrf, at, expires.UTC()); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// touchEvery is how stale a session's last use or a token's may be before
// a request writes it again: one write a minute, not one a request.
const touchEvery = time.Minute

// SessionByHash returns a session that has neither expired nor been idle
// for auth.SessionIdle at now, recording its use.
func (s *AuthStore) SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*auth.Session, error) {
	var sess auth.Session
	var seen time.Time
	u, t := scanUser(&sess.CSRF, &sess.Expires, &seen)
	now = now.UTC()
	err := scanInto(s.db.queryRow(ctx, `SELECT `+userCols+`, s.csrf, s.expires_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3`, tokenHash, now, now.Add(-auth.SessionIdle)), t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "会话不存在。 / No such session.")
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(seen) > touchEvery {
		if _, err := s.db.w.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, tokenHash); err != nil {
			return nil, fmt.Errorf("store: session use: %w", err)
		}
	}
	sess.User = u
	sess.Expires = sess.Expires.UTC()
	return &sess, nil
}

// DeleteSession ends a session.
func (s *AuthStore) DeleteSession(ctx context.Context, tokenHash string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// CreateToken stores an API token's hash.
func (s *AuthStore) CreateToken(ctx context.Context, userID risk.ID, name, tokenHash string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, int64(userID), name, tx.Now()); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// TokenUser returns the owner of an unrevoked token, recording its use.
func (s *AuthStore) TokenUser(ctx context.Context, tokenHash string, now time.Time) (*auth.User, error) {
	var used sql.NullTime
	u, t := scanUser(&used)
	err := scanInto(s.db.queryRow(ctx, `SELECT `+userCols+`, k.last_used_at FROM api_tokens k JOIN users u ON u.id = k.user_id
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL`, tokenHash), t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "令牌不存在。 / No such token.")
	}
	if err != nil {
		return nil, err
	}
	if now = now.UTC(); !used.Valid || now.Sub(used.Time) > touchEvery {
		if _, err := s.db.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2`, now, tokenHash); err != nil {
			return nil, fmt.Errorf("store: token use: %w", err)
		}
	}
	return u, nil
}

// ListTokens lists every API token, newest first, without its hash.
func (s *AuthStore) ListTokens(ctx context.Context) ([]*auth.Token, error) {
	rows, err := s.db.query(ctx, `SELECT k.id, k.user_id, u.login, k.name, k.created_at, k.last_used_at, k.revoked_at
		FROM api_tokens k JOIN users u ON u.id = k.user_id ORDER BY k.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []*auth.Token
	for rows.Next() {
		var k auth.Token
		var id, uid int64
		var used, revoked sql.NullTime
		if err := rows.Scan(&id, &uid, &k.Login, &k.Name, &k.CreatedAt, &used, &revoked); err != nil {
			return nil, err
		}
		k.ID, k.UserID, k.CreatedAt = risk.ID(id), risk.ID(uid), k.CreatedAt.UTC()
		if used.Valid {
			t := used.Time.UTC()
			k.LastUsedAt = &t
		}
		if revoked.Valid {
			t := revoked.Time.UTC()
			k.RevokedAt = &t
		}
		out = append(out, &k)
	}
	return out, rows.Err()
}

// RevokeToken revokes an API token; a token already revoked or unknown is
// ErrNotFound.
func (s *AuthStore) RevokeToken(ctx context.Context, id risk.ID, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, tx.Now(), int64(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrNotFound, "令牌 %d 不存在或已吊销。 / Token %d does not exist or is already revoked.", id, id)
		}
		ae.EntityID = id
		return appendAudit(ctx, tx, &ae)
	})
}

// EnterpriseIDByUSCC returns the ID of a registered enterprise.
func (s *AuthStore) EnterpriseIDByUSCC(ctx context.Context, uscc string) (risk.ID, error) {
	var id int64
	err := s.db.queryRow(ctx, `SELECT id FROM enterprises WHERE uscc = $1`, uscc).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, risk.Errorf(risk.ErrNotFound, "企业不存在。 / No such enterprise.")
	}
	return risk.ID(id), err
}

// CountUsers returns the number of accounts.
func (s *AuthStore) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// LabIDByUSCC returns the ID of a registered laboratory.
func (s *AuthStore) LabIDByUSCC(ctx context.Context, uscc string) (risk.ID, error) {
	var id int64
	err := s.db.queryRow(ctx, `SELECT id FROM labs WHERE uscc = $1 ORDER BY id LIMIT 1`, uscc).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, risk.Errorf(risk.ErrNotFound, "检测机构不存在。 / No such laboratory.")
	}
	return risk.ID(id), err
}

// EnsureLab registers a laboratory unless one with the USCC exists, and
// returns its ID. (The laboratory register proper comes with the lab
// capability; the foundation needs labs only to bind lab users.)
func (s *AuthStore) EnsureLab(ctx context.Context, a risk.Actor, nameZh, nameEn, uscc string) (risk.ID, error) {
	if id, err := s.LabIDByUSCC(ctx, uscc); err == nil {
		return id, nil
	}
	var id int64
	err := s.db.Transact(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO labs (name_zh, name_en, uscc, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			nameZh, nameEn, uscc, tx.Now()).Scan(&id); err != nil {
			return err
		}
		e := audit.New(a, "lab.create", "lab", risk.ID(id), "登记检测机构 "+nameZh+" / registered laboratory "+uscc).
			WithChange(nil, map[string]string{"name_zh": nameZh, "name_en": nameEn, "uscc": uscc})
		return appendAudit(ctx, tx, &e)
	})
	return risk.ID(id), err
}
