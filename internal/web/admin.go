package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/risk"
)

// auditFilter reads the audit filters; dates are YYYY-MM-DD in China time.
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Actor: q.Get("actor"), Entity: q.Get("entity"), Action: q.Get("action")}
	if v := q.Get("entity_id"); v != "" {
		id, err := risk.ParseID(v)
		if err != nil {
			return f, risk.Invalid("entity_id", "entity_id 必须是正整数。", "entity_id must be a positive integer.")
		}
		f.EntityID = id
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"since", &f.Since, 0}, {"until", &f.Until, 1}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, risk.China)
			if err != nil {
				return f, risk.Invalid(d.name, d.name+" 应为 YYYY-MM-DD 格式的日期。", d.name+" must be a date YYYY-MM-DD.")
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"offset", &f.Offset}, {"limit", &f.Limit}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return f, risk.Invalid(p.name, p.name+" 必须是非负整数。", p.name+" must be a non-negative integer.")
			}
			*p.dst = n
		}
	}
	return f, nil
}

type auditPage struct {
	Page
	Filter      audit.Filter
	Since       string
	Until       string
	Items       []*audit.Entry
	Total       int
	Next        int
	Prev        int
	Verified    audit.Report
	VerifyError string
	VerifyDone  bool
}

func (s *Server) auditPage(r *http.Request) (auditPage, error) {
	p := auditPage{Page: s.page(r, "审计日志", "Audit trail"), Prev: -1, Next: -1}
	if err := requireUser(r); err != nil {
		return p, err
	}
	f, err := auditFilter(r)
	if err != nil {
		return p, err
	}
	p.Filter, p.Since, p.Until = f, r.URL.Query().Get("since"), r.URL.Query().Get("until")
	p.Items, p.Total, err = s.Audit.List(r.Context(), actorOf(r), f)
	if err != nil {
		return p, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if f.Offset > 0 {
		p.Prev = max(0, f.Offset-limit)
	}
	if f.Offset+limit < p.Total {
		p.Next = f.Offset + limit
	}
	return p, nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.auditPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audit.html", p)
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	p, err := s.auditPage(r)
	if err != nil {
		return err
	}
	p.VerifyDone = true
	p.Verified, err = s.Audit.VerifyAll(r.Context(), actorOf(r))
	var prob *audit.Problem
	switch {
	case errors.As(err, &prob):
		p.VerifyError = prob.Error()
	case err != nil:
		return err
	}
	return s.render(w, r, http.StatusOK, "audit.html", p)
}

type usersPage struct {
	Page
	Form
	Users []*auth.User
	New   auth.NewUser
}

// userLabels name the fields of the new-user form.
var userLabels = formLabels{"login": {"", "登录名", "Login"}, "name": {"", "姓名", "Name"}, "dept": {"", "部门", "Department"},
	"role": {"", "角色", "Role"}, "enterprise_uscc": {"", "所属企业统一社会信用代码", "Enterprise USCC"},
	"lab_uscc": {"", "所属检测机构统一社会信用代码", "Laboratory USCC"}, "password": {"", "初始密码", "Initial password"}}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	users, err := s.Auth.Users(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "users.html", usersPage{Page: s.page(r, "用户管理", "Users"), Users: users})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	nu := auth.NewUser{Login: f.Get("login"), Name: f.Get("name"), Dept: f.Get("dept"), Role: f.Get("role"),
		Password: f.Get("password"), EnterpriseUSCC: f.Get("enterprise_uscc"), LabUSCC: f.Get("lab_uscc")}
	_, err := s.Auth.AddUser(r.Context(), actorOf(r), nu)
	if err == nil {
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return nil
	}
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return err
	}
	users, lerr := s.Auth.Users(r.Context(), actorOf(r))
	if lerr != nil {
		return lerr
	}
	p := usersPage{Page: s.page(r, "用户管理", "Users"), Users: users}
	p.Form, _ = formErrorOf(p.Page, err, userLabels) // what was typed is in New, less the password
	nu.Password = ""
	p.New = nu
	return s.render(w, r, statusOf(err), "users.html", p)
}

type tokensPage struct {
	Page
	Tokens []*auth.Token
}

// tokenList lists the API tokens with their last use, for administrators.
func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ks, err := s.Auth.Tokens(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p := tokensPage{Page: s.page(r, "API 令牌", "API tokens"), Tokens: ks}
	if r.URL.Query().Get("revoked") != "" {
		p.Flash = p.T("令牌已吊销。", "Token revoked.")
	}
	return s.render(w, r, http.StatusOK, "tokens.html", p)
}

// tokenRevoke revokes an API token.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/tokens?revoked=1", http.StatusSeeOther)
	return nil
}

type passwordPage struct {
	Page
	Form
}

// passwordLabels name the fields of the password form.
var passwordLabels = formLabels{"current_password": {"", "当前密码", "Current password"}, "new_password": {"", "新密码", "New password"}}

// passwordForm shows the form to change one's password.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "password.html", passwordPage{Page: s.page(r, "修改密码", "Change password")})
}

// passwordChange changes one's password; every session of the user ends,
// this one too, so the browser signs in again.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("new_password") != f.Get("confirm_password") {
		p := passwordPage{Page: s.page(r, "修改密码", "Change password")}
		p.Form, _ = formErrorOf(p.Page, risk.Invalid("confirm_password", "两次输入的新密码不一致。", "the two new passwords differ."), passwordLabels)
		return s.render(w, r, http.StatusBadRequest, "password.html", p)
	}
	err := s.Auth.ChangePassword(r.Context(), actorOf(r), f.Get("current_password"), f.Get("new_password"))
	if err == nil {
		s.clearCookie(w, r, sessionCookie)
		http.Redirect(w, r, "/login?changed=1", http.StatusSeeOther)
		return nil
	}
	p := passwordPage{Page: s.page(r, "修改密码", "Change password")}
	var ok bool
	if p.Form, ok = formErrorOf(p.Page, err, passwordLabels); !ok {
		return err
	}
	return s.render(w, r, statusOf(err), "password.html", p)
}
