// Package auth is riskgate's identity: users, password sign-in with argon2id
// and throttling, browser sessions with CSRF tokens, and API bearer tokens.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// User is an account.
type User struct {
	ID           risk.ID   `json:"id"`
	Login        string    `json:"login"`
	Name         string    `json:"name"`
	Dept         string    `json:"dept"`
	Role         risk.Role `json:"role"`
	EnterpriseID risk.ID   `json:"enterprise_id,omitempty"`
	LabID        risk.ID   `json:"lab_id,omitempty"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Actor returns the actor the user acts as.
func (u *User) Actor() risk.Actor {
	return risk.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Dept: u.Dept, Role: u.Role,
		EnterpriseID: u.EnterpriseID, LabID: u.LabID}
}

// Session is a signed-in browser.
type Session struct {
	User    *User
	CSRF    string
	Expires time.Time
}

// Store is the persistence of identity. Writes take their audit entry.
type Store interface {
	CreateUser(ctx context.Context, u *User, passwordHash string, ae audit.Entry) error
	// UserByLogin returns the user and its password hash, or ErrNotFound.
	UserByLogin(ctx context.Context, login string) (*User, string, error)
	ListUsers(ctx context.Context) ([]*User, error)
	SetPassword(ctx context.Context, id risk.ID, passwordHash string, ae audit.Entry) error
	CreateSession(ctx context.Context, userID risk.ID, tokenHash, csrf string, at, expires time.Time, ae audit.Entry) error
	// SessionByHash returns a session that has not expired and has not
	// been idle for SessionIdle at now, or ErrNotFound, and records its use.
	SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string, ae audit.Entry) error
	CreateToken(ctx context.Context, userID risk.ID, name, tokenHash string, ae audit.Entry) error
	// TokenUser returns the owner of an unrevoked token, or ErrNotFound,
	// and records that the token was used at now.
	TokenUser(ctx context.Context, tokenHash string, now time.Time) (*User, error)
	ListTokens(ctx context.Context) ([]*Token, error)
	// RevokeToken revokes a live token, or answers ErrNotFound.
	RevokeToken(ctx context.Context, id risk.ID, ae audit.Entry) error
	// EnterpriseIDByUSCC resolves an enterprise user's company, or ErrNotFound.
	EnterpriseIDByUSCC(ctx context.Context, uscc string) (risk.ID, error)
	// LabIDByUSCC resolves a lab user's laboratory, or ErrNotFound.
	LabIDByUSCC(ctx context.Context, uscc string) (risk.ID, error)
}

// SessionTTL is how long a browser session lasts at most; SessionIdle, how
// long it lasts unused. A password change ends every session of the user.
const (
	SessionTTL  = 12 * time.Hour
	SessionIdle = 30 * time.Minute
)

// Token is an API token as listed: never the token, nor its hash.
type Token struct {
	ID         risk.ID    `json:"id"`
	UserID     risk.ID    `json:"user_id"`
	Login      string     `json:"login"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Login throttling. After MaxFailures failed attempts within FailWindow for
// one login from one client address, that pair is refused until the window
// passes; the same login from another address is not, so nobody can lock a
// known login out from anywhere. An address that fails MaxClientFailures
// times in the window, whatever the logins, is refused too (password
// spraying), and a login that fails MaxLoginFailures times in
// LoginFailWindow from all addresses together is slowed to that rate
// (guessing from many addresses).
const (
	MaxFailures       = 5
	FailWindow        = 15 * time.Minute
	MaxClientFailures = 20
	MaxLoginFailures  = 100
	LoginFailWindow   = time.Hour
)

// throttle is one counter of sign-in attempts: its key's prefix, how many
// attempts it allows in its window.
type throttle struct {
	key    string
	max    int
	window time.Duration
}

// Service implements sign-in and account management.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
	// Recent, when set, lets callers whose token or session was verified a
	// short while ago in while the database is unreachable (contingency
	// mode); nil: no caller is let in without the database.
	Recent *Recent

	mu       sync.Mutex
	failures map[string][]time.Time
}

// Recent remembers, in memory only, the callers verified against the
// database in the last TTL, by the hash of their token: while the database
// cannot be reached (Unreachable), a remembered caller is let in as it was
// at its last verification, so that a port node in contingency mode keeps
// screening. Whenever the database answers, it alone decides (a revoked
// token or ended session is refused at once). A browser session is let in
// no later than its own expiry.
type Recent struct {
	TTL         time.Duration
	Unreachable func(error) bool
	// Max bounds the callers remembered (DefaultRecentMax when zero); the
	// longest unverified go first.
	Max int

	mu   sync.Mutex
	seen map[string]verified
}

// DefaultRecentMax is how many callers Recent remembers at most.
const DefaultRecentMax = 10_000

type verified struct {
	at    time.Time
	actor risk.Actor
	sess  *Session
}

func (r *Recent) remember(hash string, now time.Time, a risk.Actor, sess *Session) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]verified{}
	}
	max := r.Max
	if max <= 0 {
		max = DefaultRecentMax
	}
	if _, ok := r.seen[hash]; !ok && len(r.seen) >= max {
		oldest, at := "", now
		for h, e := range r.seen {
			if now.Sub(e.at) > r.TTL {
				delete(r.seen, h)
			} else if e.at.Before(at) {
				oldest, at = h, e.at
			}
		}
		if len(r.seen) >= max {
			delete(r.seen, oldest)
		}
	}
	r.seen[hash] = verified{at: now, actor: a, sess: sess}
}

// recall returns the caller remembered under hash when err says the
// database is unreachable and the caller was verified within TTL.
func (r *Recent) recall(hash string, now time.Time, err error) (verified, bool) {
	if r == nil || r.Unreachable == nil || !r.Unreachable(err) {
		return verified{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.seen[hash]
	if !ok || now.Sub(e.at) > r.TTL || (e.sess != nil && !now.Before(e.sess.Expires)) {
		return verified{}, false
	}
	return e, true
}

// unavailable says so when err means the database is unreachable and the
// caller was not verified recently: the caller may try again later.
func (r *Recent) unavailable(err error) error {
	if r == nil || r.Unreachable == nil || !r.Unreachable(err) {
		return err
	}
	return &risk.Error{Kind: risk.ErrUnavailable, Err: err, Message: risk.Bilingual(
		"数据库暂时不可达，无法核验登录或令牌，请稍后再试。", "the database cannot be reached to verify the sign-in or token; try again later.")}
}

// forget drops a caller the database refused.
func (r *Recent) forget(hash string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, hash)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// HashToken is how session and API tokens are stored: only their SHA-256.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func newToken(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

var errBadLogin = risk.Errorf(risk.ErrUnauthorized, "用户名或密码错误。 / Wrong login or password.")

// reserve counts an attempt against every counter, under one lock with the
// check, so that parallel guesses cannot all pass before any is counted.
// It reports false, counting nothing, when a counter already has its
// maximum of attempts in its window.
func (s *Service) reserve(now time.Time, ts ...throttle) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failures == nil {
		s.failures = map[string][]time.Time{}
	}
	if len(s.failures) > maxThrottleKeys {
		s.prune(now)
	}
	for _, t := range ts {
		if len(recent(s.failures[t.key], now, t.window)) >= t.max {
			return false
		}
	}
	for _, t := range ts {
		s.failures[t.key] = append(recent(s.failures[t.key], now, t.window), now)
	}
	return true
}

// release forgets the attempt reserved at now: the password was right.
func (s *Service) release(now time.Time, ts ...throttle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range ts {
		fs := s.failures[t.key]
		for i := len(fs) - 1; i >= 0; i-- {
			if fs[i].Equal(now) {
				fs = append(fs[:i], fs[i+1:]...)
				break
			}
		}
		if len(fs) == 0 {
			delete(s.failures, t.key)
		} else {
			s.failures[t.key] = fs
		}
	}
}

// maxThrottleKeys bounds the memory of the throttle; beyond it, keys with
// no attempt in the longest window are dropped (never the live ones).
const maxThrottleKeys = 100_000

func (s *Service) prune(now time.Time) {
	for k, fs := range s.failures {
		if len(recent(fs, now, LoginFailWindow)) == 0 {
			delete(s.failures, k)
		}
	}
}

func recent(fs []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > window {
		i++
	}
	return fs[i:]
}

// Login checks a password and opens a session. It returns the session token
// (for the cookie) and the session. client is the caller's address.
func (s *Service) Login(ctx context.Context, login, password, client string) (string, *Session, error) {
	now := s.now()
	login = strings.TrimSpace(login)
	// Characters, as AddUser counts them: a password it took always signs in.
	if login == "" || len(login) > MaxLogin || utf8.RuneCountInString(password) > MaxPassword {
		return "", nil, errBadLogin
	}
	lower := strings.ToLower(login)
	ts := []throttle{{"pair:" + lower + "\x00" + client, MaxFailures, FailWindow}, {"client:" + client, MaxClientFailures, FailWindow},
		{"login:" + lower, MaxLoginFailures, LoginFailWindow}}
	if !s.reserve(now, ts...) {
		return "", nil, risk.Errorf(risk.ErrTooMany, "登录失败次数过多，请稍后再试。 / Too many failed sign-ins; try again later.")
	}
	u, hash, err := s.Store.UserByLogin(ctx, login)
	if err != nil && !errors.Is(err, risk.ErrNotFound) {
		return "", nil, err
	}
	if u == nil {
		CheckPassword(dummyHash, password)
		return "", nil, errBadLogin
	}
	if !CheckPassword(hash, password) || u.Disabled {
		return "", nil, errBadLogin
	}
	s.release(now, ts...)
	token := newToken("")
	sess := &Session{User: u, CSRF: newToken(""), Expires: now.Add(SessionTTL).UTC().Truncate(time.Second)}
	ae := audit.New(u.Actor(), "auth.login", "user", u.ID, "登录 / signed in from "+client)
	if err := s.Store.CreateSession(ctx, u.ID, HashToken(token), sess.CSRF, now, sess.Expires, ae); err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// Session returns the live session of a cookie token.
func (s *Service) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" || len(token) > 128 {
		return nil, risk.Errorf(risk.ErrUnauthorized, "请先登录。 / Please sign in.")
	}
	hash, now := HashToken(token), s.now()
	sess, err := s.Store.SessionByHash(ctx, hash, now)
	if errors.Is(err, risk.ErrNotFound) || (err == nil && sess.User.Disabled) {
		s.Recent.forget(hash)
		return nil, risk.Errorf(risk.ErrUnauthorized, "登录已过期，请重新登录。 / Your session has ended; please sign in.")
	}
	if err != nil {
		if e, ok := s.Recent.recall(hash, now, err); ok && e.sess != nil {
			return e.sess, nil
		}
		return nil, s.Recent.unavailable(err)
	}
	s.Recent.remember(hash, now, risk.Actor{}, sess)
	return sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, a risk.Actor, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token), audit.New(a, "auth.logout", "user", a.UserID, "退出登录 / signed out"))
}

// Bearer returns the actor of an API token.
func (s *Service) Bearer(ctx context.Context, token string) (risk.Actor, error) {
	if !strings.HasPrefix(token, "rgt_") || len(token) > 128 {
		return risk.Anonymous, risk.Errorf(risk.ErrUnauthorized, "API 令牌无效。 / Invalid API token.")
	}
	hash, now := HashToken(token), s.now()
	u, err := s.Store.TokenUser(ctx, hash, now)
	if errors.Is(err, risk.ErrNotFound) || (err == nil && u.Disabled) {
		s.Recent.forget(hash)
		return risk.Anonymous, risk.Errorf(risk.ErrUnauthorized, "API 令牌无效或已吊销。 / Invalid or revoked API token.")
	}
	if err != nil {
		if e, ok := s.Recent.recall(hash, now, err); ok && e.sess == nil {
			return e.actor, nil
		}
		return risk.Anonymous, s.Recent.unavailable(err)
	}
	a := u.Actor()
	s.Recent.remember(hash, now, a, nil)
	return a, nil
}

// NewUser is an account to create.
type NewUser struct {
	Login          string `json:"login"`
	Name           string `json:"name"`
	Dept           string `json:"dept"`
	Role           string `json:"role"`
	Password       string `json:"password"`
	EnterpriseUSCC string `json:"enterprise_uscc"` // for role enterprise
	LabUSCC        string `json:"lab_uscc"`        // for role lab
}

// Limits on accounts, in characters (the forms' minlength and maxlength).
const (
	MinPassword = 10
	MaxPassword = 256
	MaxLogin    = 64 // letters, digits and . _ -
	MaxName     = 100
)

// AddUser creates an account. Only administrators (or the system, from the
// command line) may.
func (s *Service) AddUser(ctx context.Context, a risk.Actor, nu NewUser) (*User, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以创建用户。 / Only administrators may create users.")
	}
	var v risk.Validation
	nu.Login = strings.TrimSpace(nu.Login)
	if nu.Login == "" || len(nu.Login) > MaxLogin || strings.Trim(strings.ToLower(nu.Login), "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		v.Add("login", fmt.Sprintf("登录名须为 1–%d 个字母、数字或 . _ -。", MaxLogin), fmt.Sprintf("the login must be 1–%d letters, digits or . _ -.", MaxLogin))
	}
	nu.Name = strings.TrimSpace(nu.Name)
	if nu.Name == "" || utf8.RuneCountInString(nu.Name) > MaxName {
		v.Add("name", fmt.Sprintf("姓名不能为空且不超过 %d 个字符。", MaxName), fmt.Sprintf("the name is required, at most %d characters.", MaxName))
	}
	role, err := risk.ParseRole(nu.Role)
	v.AddErr("role", err)
	if nu.Dept != "" && !s.Sets.Depts[nu.Dept] {
		v.Add("dept", "部门不在目录中。", "the department is not in the catalogue.")
	}
	if nu.Dept == "" && role != risk.RoleEnterprise && role != risk.RoleLab {
		v.Add("dept", "政府用户必须属于一个部门。", "an official must belong to a department.")
	}
	if !passwordLengthOK(nu.Password) {
		v.Add("password", passwordRuleZh, passwordRuleEn)
	}
	u := &User{Login: nu.Login, Name: nu.Name, Dept: nu.Dept, Role: role}
	if role == risk.RoleEnterprise {
		if nu.EnterpriseUSCC == "" {
			v.Add("enterprise_uscc", "企业用户须指定所属企业的统一社会信用代码。", "an enterprise user needs its enterprise's USCC.")
		} else if id, err := s.Store.EnterpriseIDByUSCC(ctx, strings.ToUpper(strings.TrimSpace(nu.EnterpriseUSCC))); err != nil {
			v.Add("enterprise_uscc", "未登记的企业。", "no registered enterprise has this USCC.")
		} else {
			u.EnterpriseID = id
		}
	}
	if role == risk.RoleLab {
		if nu.LabUSCC == "" {
			v.Add("lab_uscc", "检测机构用户须指定所属检测机构的统一社会信用代码。", "a lab user needs its laboratory's USCC.")
		} else if id, err := s.Store.LabIDByUSCC(ctx, strings.ToUpper(strings.TrimSpace(nu.LabUSCC))); err != nil {
			v.Add("lab_uscc", "未登记的检测机构。", "no registered laboratory has this USCC.")
		} else {
			u.LabID = id
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return nil, err
	}
	ae := audit.New(a, "user.create", "user", 0, "创建用户 "+u.Login+" / created user "+u.Login).
		WithChange(nil, map[string]any{"login": u.Login, "name": u.Name, "dept": u.Dept, "role": u.Role, "enterprise_id": u.EnterpriseID, "lab_id": u.LabID})
	if err := s.Store.CreateUser(ctx, u, hash, ae); err != nil {
		return nil, err
	}
	return u, nil
}

// EnsureUser creates the user if its login is free and otherwise leaves it
// alone; it reports whether it created it. Used for demo data.
func (s *Service) EnsureUser(ctx context.Context, a risk.Actor, nu NewUser) (bool, error) {
	if _, _, err := s.Store.UserByLogin(ctx, nu.Login); err == nil {
		return false, nil
	} else if !errors.Is(err, risk.ErrNotFound) {
		return false, err
	}
	_, err := s.AddUser(ctx, a, nu)
	return err == nil, err
}

// CreateToken creates an API token for login and returns it; only its hash
// is stored. Users may create tokens for themselves, administrators for anyone.
func (s *Service) CreateToken(ctx context.Context, a risk.Actor, login, name string) (string, error) {
	if !risk.Can(a, risk.PermTokenCreate) {
		return "", risk.Errorf(risk.ErrForbidden, "无权创建 API 令牌。 / Not allowed to create API tokens.")
	}
	if login != a.Login && !risk.Can(a, risk.PermUserAdmin) {
		return "", risk.Errorf(risk.ErrForbidden, "只能为自己创建令牌。 / You may create tokens only for yourself.")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", risk.Invalid("name", "令牌名称不超过 100 个字符。", "the token name must not exceed 100 characters.")
	}
	u, _, err := s.Store.UserByLogin(ctx, login)
	if err != nil {
		if errors.Is(err, risk.ErrNotFound) {
			return "", risk.Invalid("login", "用户 "+login+" 不存在。", "no user "+login+".")
		}
		return "", err
	}
	token := newToken("rgt_")
	ae := audit.New(a, "token.create", "user", u.ID, "为 "+u.Login+" 创建 API 令牌 / API token created for "+u.Login)
	if err := s.Store.CreateToken(ctx, u.ID, name, HashToken(token), ae); err != nil {
		return "", err
	}
	return token, nil
}

// The rule on a password's length, in characters.
var (
	passwordRuleZh = fmt.Sprintf("密码长度须为 %d–%d 个字符。", MinPassword, MaxPassword)
	passwordRuleEn = fmt.Sprintf("the password must be %d–%d characters.", MinPassword, MaxPassword)
)

func passwordLengthOK(p string) bool {
	n := utf8.RuneCountInString(p)
	return n >= MinPassword && n <= MaxPassword
}

// Tokens lists every API token, for administrators.
func (s *Service) Tokens(ctx context.Context, a risk.Actor) ([]*Token, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以管理 API 令牌。 / Only administrators may manage API tokens.")
	}
	return s.Store.ListTokens(ctx)
}

// RevokeToken revokes an API token: requests with it are refused (401)
// from then on. Administrators may.
func (s *Service) RevokeToken(ctx context.Context, a risk.Actor, id risk.ID) error {
	if !risk.Can(a, risk.PermUserAdmin) {
		return risk.Errorf(risk.ErrForbidden, "只有系统管理员可以吊销 API 令牌。 / Only administrators may revoke API tokens.")
	}
	ae := audit.New(a, "token.revoke", "token", id, fmt.Sprintf("吊销 API 令牌 %d / API token %d revoked", id, id))
	return s.Store.RevokeToken(ctx, id, ae)
}

// ChangePassword replaces the signed-in user's password, given the current
// one, and ends every session of the user (this one too): whoever held a
// session opened with the old password holds it no longer.
func (s *Service) ChangePassword(ctx context.Context, a risk.Actor, current, next string) error {
	if a.UserID == 0 {
		return risk.Errorf(risk.ErrUnauthorized, "请先登录。 / Please sign in.")
	}
	u, hash, err := s.Store.UserByLogin(ctx, a.Login)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(current) > MaxPassword || !CheckPassword(hash, current) {
		return risk.Invalid("current_password", "当前密码不正确。", "the current password is wrong.")
	}
	if !passwordLengthOK(next) {
		return risk.Invalid("new_password", passwordRuleZh, passwordRuleEn)
	}
	if next == current {
		return risk.Invalid("new_password", "新密码不能与当前密码相同。", "the new password must differ from the current one.")
	}
	h, err := HashPassword(next)
	if err != nil {
		return err
	}
	ae := audit.New(a, "auth.password", "user", u.ID, "修改密码，其全部会话已结束 / password changed; all its sessions ended")
	return s.Store.SetPassword(ctx, u.ID, h, ae)
}

// Colleagues lists the active users of a's department who may handle
// cases, for choosing an assignee by name.
func (s *Service) Colleagues(ctx context.Context, a risk.Actor) ([]*User, error) {
	if !risk.Can(a, risk.PermCaseWrite) || a.Dept == "" {
		return nil, risk.Errorf(risk.ErrForbidden, "无权指派案件。 / Not allowed to assign cases.")
	}
	all, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []*User
	for _, u := range all {
		if u.Dept == a.Dept && !u.Disabled && risk.Can(u.Actor(), risk.PermCaseWrite) {
			out = append(out, u)
		}
	}
	return out, nil
}

// NameOf returns the name of the user with a login, for pages that name
// who did something (the login itself when there is no such user).
func (s *Service) NameOf(ctx context.Context, login string) string {
	if login == "" {
		return ""
	}
	u, _, err := s.Store.UserByLogin(ctx, login)
	if err != nil || u.Name == "" {
		return login
	}
	return u.Name
}

// Users lists accounts (administrators only).
func (s *Service) Users(ctx context.Context, a risk.Actor) ([]*User, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以管理用户。 / Only administrators may manage users.")
	}
	return s.Store.ListUsers(ctx)
}
