package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/assess"
	"riskgate/internal/auth"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

type expertsPage struct {
	Page
	Items    []*expert.Expert
	Fields   []expert.Field
	Field    string
	Text     string
	CanWrite bool
}

// expertList is /experts: the register, by field or text.
func (s *Server) expertList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a, q := actorOf(r), r.URL.Query()
	f := expert.Filter{Text: strings.TrimSpace(q.Get("q"))}
	if fv := q.Get("field"); fv != "" {
		fl, err := expert.ParseField(fv)
		if err != nil {
			return err
		}
		f.Field = fl
	}
	items, err := s.Experts.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "experts.html", expertsPage{Page: s.page(r, "专家库", "Expert register"), Items: items,
		Fields: expert.Fields, Field: string(f.Field), Text: f.Text, CanWrite: expert.CanWrite(a)})
}

type expertPage struct {
	Page
	Form
	E        *expert.Expert // nil: a new entry
	Fields   []expert.Field
	Users    []*auth.User // the accounts an expert may sign in with (administrators)
	Account  string       // the linked account in words
	CanWrite bool
}

// ConflictsText writes the conflicts as the form reads them: one a line,
// "USCC, name, reason".
func (p expertPage) ConflictsText() string {
	if p.E == nil {
		return ""
	}
	var b strings.Builder
	for _, c := range p.E.Conflicts {
		fmt.Fprintf(&b, "%s, %s, %s\n", c.USCC, c.Name, c.Reason)
	}
	return b.String()
}

func (s *Server) expertView(r *http.Request, e *expert.Expert) expertPage {
	a := actorOf(r)
	title, en := "新增专家", "New expert"
	if e != nil && e.ID != 0 {
		title, en = e.Name, e.Name
	}
	p := expertPage{Page: s.page(r, title, en), E: e, Fields: expert.Fields, CanWrite: expert.CanWrite(a)}
	if us, err := s.Auth.Users(r.Context(), a); err == nil {
		p.Users = us
		for _, u := range us {
			if e != nil && u.ID == e.UserID {
				p.Account = u.Name + "（" + p.L(u.Role) + "）"
			}
		}
	}
	return p
}

func (s *Server) expertNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !expert.CanWrite(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "只有管理员可以维护专家库。 / Only administrators keep the expert register.")
	}
	return s.render(w, r, http.StatusOK, "expert.html", s.expertView(r, nil))
}

func (s *Server) expertShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	e, err := s.Experts.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := s.expertView(r, e)
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "expert.html", p)
}

// expertInput reads the expert form; conflicts are one a line, "USCC,
// name, reason" (commas or 、 or tabs between).
func expertInput(f url.Values) expert.Input {
	in := expert.Input{Name: f.Get("name"), Field: f.Get("field"), Organisation: f.Get("organisation"), Title: f.Get("title"), Notes: f.Get("notes")}
	in.Rev, _ = strconv.Atoi(f.Get("rev"))
	if id, err := risk.ParseID(f.Get("user_id")); err == nil {
		in.UserID = id
	}
	if f.Has("active_set") {
		active := f.Get("active") != ""
		in.Active = &active
	}
	for _, line := range strings.Split(f.Get("conflicts"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '，' || r == '\t' })
		c := expert.Conflict{}
		for i, p := range parts {
			switch i {
			case 0:
				c.USCC = strings.TrimSpace(p)
			case 1:
				c.Name = strings.TrimSpace(p)
			default:
				c.Reason = strings.TrimSpace(strings.Join([]string{c.Reason, p}, ""))
			}
		}
		in.Conflicts = append(in.Conflicts, c)
	}
	return in
}

// expertLabels name the expert form's fields.
var expertLabels = labelsAll{formLabels{
	"name": {"", "姓名", "Name"}, "field": {"", "专业领域", "Field"}, "organisation": {"", "工作单位", "Organisation"},
	"title": {"", "职称", "Title"}, "notes": {"", "备注", "Notes"}, "user_id": {"", "登录账号", "Account"},
	"conflicts": {"", "利益冲突", "Conflicts of interest"}, "rev": {"name", "版本", "Revision"},
}, labelFunc(func(field string) (fieldLabel, bool) {
	if !strings.HasPrefix(field, "conflicts[") {
		return fieldLabel{}, false
	}
	i, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(field, "]", 2)[0], "conflicts["))
	return fieldLabel{"conflicts", fmt.Sprintf("利益冲突第 %d 行", i+1), fmt.Sprintf("Conflicts, line %d", i+1)}, true
})}

func (s *Server) expertSaved(w http.ResponseWriter, r *http.Request, e *expert.Expert, in expert.Input, err error) error {
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/experts/%d?saved=1", e.ID), http.StatusSeeOther)
		return nil
	}
	typed := &expert.Expert{Name: in.Name, Field: expert.Field(in.Field), Organisation: in.Organisation, Title: in.Title, UserID: in.UserID,
		Conflicts: in.Conflicts, Notes: in.Notes, Active: in.Active == nil || *in.Active, Rev: in.Rev}
	if e != nil {
		typed.ID = e.ID
	}
	p := s.expertView(r, typed)
	var ok bool
	if p.Form, ok = formError(p.Page, err, expertLabels, "", r.PostForm); !ok {
		return err
	}
	return s.render(w, r, statusOf(err), "expert.html", p)
}

func (s *Server) expertCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := expertInput(r.PostForm)
	e, err := s.Experts.Create(r.Context(), actorOf(r), in)
	return s.expertSaved(w, r, e, in, err)
}

func (s *Server) expertEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	in := expertInput(r.PostForm)
	e, err := s.Experts.Edit(r.Context(), actorOf(r), id, in)
	if err != nil {
		e = &expert.Expert{ID: id}
	}
	return s.expertSaved(w, r, e, in, err)
}

type reviewsPage struct {
	Page
	Items []*assess.Assessment
}

// reviewList is /reviews: the assessments waiting for the signed-in
// expert's opinion.
func (s *Server) reviewList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	xs, err := s.Assess.PendingReviews(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reviews.html", reviewsPage{Page: s.page(r, "专家评审", "Expert reviews"), Items: xs})
}
