package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"riskgate/internal/risk"
)

type loginPage struct {
	Page
	Form
	Next  string
	Login string
}

// loginLabels name the sign-in form's fields.
var loginLabels = formLabels{"login": {"", "用户名", "Login"}, "password": {"", "密码", "Password"}}

// safeNext keeps redirects after sign-in on this site: a path starting
// with one "/", with no scheme or host, and no control characters or
// backslashes (browsers drop tabs and read a backslash as "/", so
// "/<TAB>/evil.example" would leave the site).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.Contains(next, "\\") || len(next) > 2000 {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := s.page(r, "登录", "Sign in")
	p.CSRF = s.formToken(w, r, loginCookie)
	if r.URL.Query().Get("changed") != "" {
		p.Flash = p.T("密码已修改，所有会话已结束，请用新密码登录。", "Password changed; every session has ended. Sign in with the new password.")
	}
	return s.render(w, r, http.StatusOK, "login.html", loginPage{Page: p, Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	csrf, err := checkFormToken(r, loginCookie)
	if err != nil {
		return err
	}
	login, next := r.PostForm.Get("login"), safeNext(r.PostForm.Get("next"))
	token, sess, err := s.Auth.Login(r.Context(), login, r.PostForm.Get("password"), s.clientAddr(r))
	if err != nil {
		p := loginPage{Page: s.page(r, "登录", "Sign in"), Next: next, Login: login}
		p.CSRF = csrf
		var ok bool
		if p.Form, ok = formErrorOf(p.Page, err, loginLabels); !ok {
			if _, isRisk := risk.AsError(err); !isRisk || statusOf(err) >= 500 {
				return err
			}
			// A refused sign-in (401) names no field: the message alone.
			e, _ := risk.AsError(err)
			p.Form = Form{Problems: []Problem{{Message: p.Pick(e.Message)}}}
		}
		return s.render(w, r, statusOf(err), "login.html", p)
	}
	if old, err := r.Cookie(sessionCookie); err == nil && old.Value != "" {
		// Signing in again replaces the session instead of keeping two.
		s.Auth.Logout(r.Context(), sess.User.Actor(), old.Value)
	}
	s.clearCookie(w, r, loginCookie)
	s.setCookie(w, r, sessionCookie, token, sess.Expires.Sub(s.Now())) // the server's clock, as the session's
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && sessionOf(r) != nil {
		if err := s.Auth.Logout(r.Context(), actorOf(r), c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PathValue("lang")
	if lang != "zh" && lang != "en" {
		return risk.Invalid("lang", "语言只能是 zh 或 en。", "lang must be zh or en.")
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

// formToken gives a form used without a session (sign-in; the portal's
// forms for the public) its CSRF token: a random value in the named cookie
// that the form must echo (double submit).
func (s *Server) formToken(w http.ResponseWriter, r *http.Request, cookie string) string {
	if c, err := r.Cookie(cookie); err == nil && len(c.Value) >= 20 {
		// Keep the token of another open tab, and its hour from now.
		s.setCookie(w, r, cookie, c.Value, time.Hour)
		return c.Value
	}
	t := randomToken()
	s.setCookie(w, r, cookie, t, time.Hour)
	return t
}

// checkFormToken checks the "csrf" field of a parsed form against the
// cookie of formToken and returns the token.
func checkFormToken(r *http.Request, cookie string) (string, error) {
	c, err := r.Cookie(cookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 {
		return "", &risk.Error{Kind: risk.ErrForbidden, Field: "csrf",
			Message: risk.Bilingual("表单已过期，请刷新页面后重试。", "the form has expired; reload and try again.")}
	}
	return c.Value, nil
}
