package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/casefile"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// formConditions is how many lifting-condition rows the form offers.
const formConditions = 4

type warningPage struct {
	Page
	C          *casefile.Case
	W          *warning.Warning
	In         warning.Input
	Addressees string // USCCs, one per line
	Errors     map[string]string
	AllErrors  []risk.FieldError
	CanEdit    bool // draft form
	CanUpdate  bool // issued: update form
	Actions    []string
	CondRows   []warning.Condition
	Measures   []*measure.Measure
	CanPlan    bool
	CanRun     bool
}

// MeasureActions lists what may be done to a measure now.
func (p warningPage) MeasureActions(m *measure.Measure) []string {
	if !p.CanRun {
		return nil
	}
	return measure.Lifecycle().Allowed(string(m.Status))
}

// NeedsConsultation reports whether a measure still lacks its
// environmental consultation.
func (p warningPage) NeedsConsultation(m *measure.Measure) bool {
	e := lookupEntry("measures", m.Type)
	return e != nil && e.Attrs["env_consult"] == "true" && m.Consultation == nil
}

// FieldError returns the message for a field, if any.
func (p warningPage) FieldError(name string) string { return p.Errors[name] }

// Lines joins a list one value per line, for a textarea.
func (p warningPage) Lines(xs []string) string { return strings.Join(xs, "\n") }

// GradeName names a grade in the page language.
func (p Page) GradeName(g risk.Grade) string {
	zh, en := g.Label()
	return p.T(zh, en)
}

// ClassName names a warning class in the page language.
func (p Page) ClassName(c warning.Class) string {
	zh, en := c.Label()
	return p.T(zh, en)
}

// CondText describes a lifting condition in the page language.
func (p Page) CondText(c warning.Condition) string {
	zh, en := c.Describe()
	return p.T(zh, en)
}

// listField reads a field given as several values (a multiple select) or
// as one value of lines.
func listField(f url.Values, name string) []string {
	var out []string
	for _, v := range f[name] {
		out = append(out, splitLines(v)...)
	}
	return out
}

func splitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == ';' || r == '；' })
}

// warningInput reads the warning form. Dates are days in China time: the
// warning starts at the start of the first and is valid to the end of the
// last.
func (s *Server) warningInput(r *http.Request) (warning.Input, string, error) {
	f := r.PostForm
	var v risk.Validation
	in := warning.Input{Class: warning.Class(f.Get("class")), Title: f.Get("title"), Summary: f.Get("summary"),
		Urgency: warning.Urgency(f.Get("urgency")), Reach: warning.Reach(f.Get("reach")), Grade: risk.Grade(f.Get("grade")),
		GradeJustification: f.Get("grade_justification"), Matters: f.Get("matters"), Advice: f.Get("advice"), Reason: f.Get("reason"),
		Scope: warning.Scope{HSPrefixes: splitLines(f.Get("scope.hs_prefixes")), Countries: listField(f, "scope.countries"),
			USCCs: splitLines(f.Get("scope.usccs")), Brands: splitLines(f.Get("scope.brands")), Models: splitLines(f.Get("scope.models")),
			GTINs: splitLines(f.Get("scope.gtins")), Batches: splitLines(f.Get("scope.batches")), Keywords: splitLines(f.Get("scope.keywords")),
			Makers: splitLines(f.Get("scope.manufacturers")),
			Ports:  splitLines(f.Get("scope.ports")), TradeModes: splitLines(f.Get("scope.trade_modes"))},
		Recipients: f["recipients"]}
	in.Rev, _ = strconv.Atoi(f.Get("rev"))
	for _, d := range []struct {
		name string
		dst  *time.Time
		end  bool
	}{{"starts_at", &in.StartsAt, false}, {"valid_until", &in.ValidUntil, true}} {
		if x := f.Get(d.name); x != "" {
			t, err := time.ParseInLocation("2006-01-02", x, shanghai)
			if err != nil {
				v.Add(d.name, "日期格式无效。", "not a valid date.")
				continue
			}
			if d.end {
				t = t.AddDate(0, 0, 1)
			}
			*d.dst = t
		}
	}
	for i := 0; i < warning.MaxConditions; i++ {
		p := fmt.Sprintf("c%d.", i)
		kind := f.Get(p + "kind")
		if kind == "" {
			continue
		}
		c := warning.Condition{Kind: kind, Text: f.Get(p + "text")}
		num := strings.TrimSpace(f.Get(p + "value"))
		switch kind {
		case warning.CondCleanLots:
			c.N, _ = strconv.Atoi(num)
		case warning.CondNoSignals:
			c.Days, _ = strconv.Atoi(num)
		case warning.CondRecall:
			c.Percent, _ = strconv.ParseFloat(num, 64)
		}
		in.Conditions = append(in.Conditions, c)
	}
	addressees := f.Get("addressees")
	for i, u := range splitLines(addressees) {
		e, err := s.Enterprises.ByUSCC(r.Context(), actorOf(r), u)
		if err != nil {
			v.Add(fmt.Sprintf("addressees[%d]", i), "未登记的企业："+u+"。", "no registered enterprise "+u+".")
			continue
		}
		in.Addressees = append(in.Addressees, e.ID)
	}
	return in, addressees, v.Err()
}

func (s *Server) warningView(r *http.Request, c *casefile.Case, x *warning.Warning) warningPage {
	a := actorOf(r)
	p := warningPage{Page: s.page(r, "风险预警", "Risk warning"), C: c, W: x}
	if x != nil {
		p.Title = x.Title
		p.In = warning.Input{Class: x.Class, Title: x.Title, Summary: x.Summary, Urgency: x.Urgency, Reach: x.Reach, Grade: x.Grade,
			GradeJustification: x.GradeJustification, Scope: x.Scope, Matters: x.Matters, Advice: x.Advice, StartsAt: x.StartsAt,
			ValidUntil: x.ValidUntil, Conditions: x.Conditions, Addressees: x.Addressees, Recipients: x.Recipients, Rev: x.Rev}
		write := risk.Can(a, risk.PermWarningWrite) && a.Dept == x.Dept
		approve := risk.Can(a, risk.PermWarningApprove) && a.Dept == x.Dept
		p.CanEdit = x.Status == warning.StatusDraft && write
		p.CanUpdate = x.Status.Active() && (write || approve)
		for _, act := range warning.Lifecycle().Allowed(string(x.Status)) {
			switch act {
			case "submit", "issue":
				if write || approve {
					p.Actions = append(p.Actions, act)
				}
			case "approve", "return", "lift":
				if approve {
					p.Actions = append(p.Actions, act)
				}
			}
		}
	} else {
		p.CanEdit = true
		now := s.Now().In(shanghai)
		p.In = warning.Input{Class: warning.ClassBulletin, Urgency: warning.UrgencyNormal, Reach: warning.ReachLocal,
			StartsAt: now, ValidUntil: now.AddDate(0, 6, 0)}
	}
	p.CondRows = append([]warning.Condition(nil), p.In.Conditions...)
	for len(p.CondRows) < formConditions || (len(p.CondRows) < warning.MaxConditions && len(p.CondRows) < len(p.In.Conditions)+2) {
		p.CondRows = append(p.CondRows, warning.Condition{})
	}
	return p
}

func (s *Server) warningNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.Cases.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "warning.html", s.warningView(r, c, nil))
}

func (s *Server) warningFormError(w http.ResponseWriter, r *http.Request, c *casefile.Case, x *warning.Warning, in warning.Input, addressees string, err error) error {
	errs, all, ok := formErrors(err)
	if !ok {
		return err
	}
	p := s.warningView(r, c, x)
	p.In, p.Addressees, p.Errors, p.AllErrors = in, addressees, errs, all
	p.CondRows = append([]warning.Condition(nil), in.Conditions...)
	for len(p.CondRows) < formConditions {
		p.CondRows = append(p.CondRows, warning.Condition{})
	}
	return s.render(w, r, statusOf(err), "warning.html", p)
}

func (s *Server) warningCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
	}
	ctx, a := r.Context(), actorOf(r)
	c, err := s.Cases.Get(ctx, a, id)
	if err != nil {
		return err
	}
	in, addressees, err := s.warningInput(r)
	if err == nil {
		var x *warning.Warning
		if x, err = s.Warnings.Draft(ctx, a, id, in); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/warnings/%d?saved=1", x.ID), http.StatusSeeOther)
			return nil
		}
	}
	return s.warningFormError(w, r, c, nil, in, addressees, err)
}

func (s *Server) warningShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	x, err := s.Warnings.Get(ctx, a, id)
	if err != nil {
		return err
	}
	var c *casefile.Case
	if cc, err := s.Cases.Get(ctx, a, x.CaseID); err == nil {
		c = cc
	}
	p := s.warningView(r, c, x)
	var usccs []string
	for _, eid := range x.Addressees {
		if e, err := s.Enterprises.Get(ctx, a, eid); err == nil {
			usccs = append(usccs, e.USCC)
		}
	}
	p.Addressees = strings.Join(usccs, "\n")
	if p.Measures, err = s.Measures.OfWarning(ctx, a, id); err != nil {
		return err
	}
	p.CanRun = risk.Can(a, risk.PermMeasureWrite) && (a.Dept == x.Dept || a.Role == risk.RoleAdmin)
	p.CanPlan = p.CanRun && x.Status != warning.StatusLifted && x.Status != warning.StatusExpired
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "warning.html", p)
}

// warningAction handles the warning page's forms: edit (draft), update
// (issued) and the lifecycle actions.
func (s *Server) warningAction(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
	}
	ctx, a := r.Context(), actorOf(r)
	switch r.PathValue("action") {
	case "edit":
		x, err := s.Warnings.Get(ctx, a, id)
		if err != nil {
			return err
		}
		in, addressees, err := s.warningInput(r)
		if err == nil {
			if _, err = s.Warnings.Update(ctx, a, id, in); err == nil {
				http.Redirect(w, r, fmt.Sprintf("/warnings/%d?saved=1", id), http.StatusSeeOther)
				return nil
			}
		}
		c, _ := s.Cases.Get(ctx, a, x.CaseID)
		return s.warningFormError(w, r, c, x, in, addressees, err)
	case "act":
		rev, _ := strconv.Atoi(r.PostForm.Get("rev"))
		_, err = s.Warnings.Act(ctx, a, id, r.PostForm.Get("action"), r.PostForm.Get("note"), rev)
		return s.backTo(w, r, fmt.Sprintf("/warnings/%d", id), err)
	}
	return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
}

type warningListPage struct {
	Page
	Filter warning.Filter
	Items  []*warning.Warning
	Total  int
	Prev   int
	Next   int
}

func (s *Server) warningList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := warningFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Warnings.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := warningListPage{Page: s.page(r, "风险预警", "Warnings"), Filter: f, Items: items, Total: total}
	p.Prev, p.Next = pager(f.Offset, f.Limit, total)
	return s.render(w, r, http.StatusOK, "warnings.html", p)
}

type inboxPage struct {
	Page
	Items []warning.Delivery
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	items, err := s.Warnings.Inbox(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "inbox.html", inboxPage{Page: s.page(r, "收件箱", "Inbox"), Items: items})
}

func (s *Server) inboxAck(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.backTo(w, r, "/inbox", s.Warnings.Acknowledge(r.Context(), actorOf(r), id))
}
