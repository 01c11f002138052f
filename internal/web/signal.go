package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"riskgate/internal/casefile"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

type signalListPage struct {
	Page
	Filter   signal.Filter
	Since    string
	Until    string
	Items    []*signal.Signal
	Total    int
	Prev     int
	Next     int
	CanWrite bool
	CanCase  bool
}

func pager(offset, limit, total int) (prev, next int) {
	if limit <= 0 {
		limit = 50
	}
	prev, next = -1, -1
	if offset > 0 {
		prev = max(0, offset-limit)
	}
	if offset+limit < total {
		next = offset + limit
	}
	return prev, next
}

func (s *Server) signalList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := signalFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Signals.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := signalListPage{Page: s.page(r, "风险信息", "Signals"), Filter: f, Items: items, Total: total,
		Since: r.URL.Query().Get("since"), Until: r.URL.Query().Get("until"),
		CanWrite: risk.Can(actorOf(r), risk.PermSignalWrite), CanCase: risk.Can(actorOf(r), risk.PermCaseWrite)}
	p.Prev, p.Next = pager(f.Offset, f.Limit, total)
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "signals.html", p)
}

type signalFormPage struct {
	Page
	In     signal.Input
	Errors map[string]string
	All    []risk.FieldError
}

// FieldError returns the message for a field, if any.
func (p signalFormPage) FieldError(name string) string { return p.Errors[name] }

func (s *Server) signalNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !risk.Can(a, risk.PermSignalWrite) && !risk.Can(a, risk.PermSignalReport) {
		return risk.Errorf(risk.ErrForbidden, "无权报送风险信息。 / Not allowed to record signals.")
	}
	return s.render(w, r, http.StatusOK, "signal_form.html", signalFormPage{Page: s.page(r, "登记风险信息", "Record a signal"),
		In: signal.Input{Channel: "12315", ReceivedAt: s.Now().In(shanghai)}})
}

// formErrors turns a validation error into per-field messages.
func formErrors(err error) (map[string]string, []risk.FieldError, bool) {
	e, ok := risk.AsError(err)
	if !ok || statusOf(err) != http.StatusBadRequest && statusOf(err) != http.StatusConflict {
		return nil, nil, false
	}
	all := e.Details
	if len(all) == 0 {
		all = []risk.FieldError{{Field: e.Field, Message: e.Message}}
	}
	m := map[string]string{}
	for _, d := range all {
		if _, dup := m[d.Field]; !dup {
			m[d.Field] = d.Message
		}
	}
	return m, all, true
}

func (s *Server) signalCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
	}
	f := r.PostForm
	in := signal.Input{Channel: f.Get("channel"), ExternalRef: f.Get("external_ref"), Region: f.Get("region"),
		Reporter: signal.Reporter{Name: f.Get("reporter.name"), Contact: f.Get("reporter.contact")},
		Product: signal.Product{HSCode: f.Get("product.hs_code"), Name: f.Get("product.name"), Brand: f.Get("product.brand"),
			Model: f.Get("product.model"), GTIN: f.Get("product.gtin"), Batch: f.Get("product.batch"), Manufacturer: f.Get("product.manufacturer"),
			USCC: f.Get("product.uscc"), Origin: f.Get("product.origin"), Destination: f.Get("product.destination")},
		Hazard: f.Get("hazard"), Description: f.Get("description")}
	var v risk.Validation
	if t := f.Get("received_at"); t != "" {
		rt, err := time.ParseInLocation("2006-01-02T15:04", t, shanghai)
		if err != nil {
			v.Add("received_at", "接收时间格式无效。", "received_at is not a valid date and time.")
		}
		in.ReceivedAt = rt
	}
	in.Injuries.Count = intParam(f.Get("injuries.count"), "injuries.count", &v)
	in.Injuries.Severity = intParam(f.Get("injuries.severity"), "injuries.severity", &v)
	err := v.Err()
	var res []signal.Result
	if err == nil {
		res, err = s.Signals.Create(r.Context(), actorOf(r), []signal.Input{in})
	}
	if err != nil {
		errs, all, ok := formErrors(err)
		if !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "signal_form.html", signalFormPage{Page: s.page(r, "登记风险信息", "Record a signal"), In: in, Errors: errs, All: all})
	}
	if !risk.Can(actorOf(r), risk.PermSignalRead) {
		// Enterprises and labs get a receipt, not the signal page.
		p := s.page(r, "报送成功", "Report received")
		p.Flash = p.T(fmt.Sprintf("已收到，编号 %d。", res[0].ID), fmt.Sprintf("Received as number %d.", res[0].ID))
		return s.render(w, r, http.StatusCreated, "signal_form.html", signalFormPage{Page: p, In: signal.Input{}})
	}
	http.Redirect(w, r, fmt.Sprintf("/signals/%d?saved=1", res[0].ID), http.StatusSeeOther)
	return nil
}

type signalPage struct {
	Page
	S           *signal.Signal
	Suggestions []signal.Suggestion
	Links       []signal.Link
	Case        *casefile.Case
	CanWrite    bool
}

func (s *Server) signalShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	g, err := s.Signals.Get(ctx, a, id)
	if err != nil {
		return err
	}
	p := signalPage{Page: s.page(r, fmt.Sprintf("风险信息 %d", id), fmt.Sprintf("Signal %d", id)), S: g, CanWrite: risk.Can(a, risk.PermSignalWrite)}
	if p.Suggestions, err = s.Signals.Suggest(ctx, a, id); err != nil {
		return err
	}
	if p.Links, err = s.Signals.Links(ctx, a, id); err != nil {
		return err
	}
	if g.CaseID != 0 {
		if c, err := s.Cases.Get(ctx, a, g.CaseID); err == nil {
			p.Case = c
		}
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "signal.html", p)
}

// signalAction handles the signal page's forms: link, dismiss, reopen.
func (s *Server) signalAction(w http.ResponseWriter, r *http.Request) error {
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
	case "links":
		other, perr := strconv.ParseInt(r.PostForm.Get("signal_id"), 10, 64)
		if perr != nil {
			err = risk.Invalid("signal_id", "请填写要关联的风险信息编号。", "give the number of the signal to link.")
		} else {
			err = s.Signals.Link(ctx, a, id, risk.ID(other), r.PostForm.Get("kind"))
		}
	case "dismiss":
		err = s.Signals.Dismiss(ctx, a, id, r.PostForm.Get("reason"))
	case "reopen":
		err = s.Signals.Reopen(ctx, a, id)
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	return s.backTo(w, r, fmt.Sprintf("/signals/%d", id), err)
}

// backTo redirects to page after a form, carrying "saved" or the
// user-safe message of a refused action in a one-time flash cookie (never
// in the URL, where anyone could write text onto our page). Server errors
// are served as errors.
func (s *Server) backTo(w http.ResponseWriter, r *http.Request, page string, err error) error {
	// A decision taken from a queue goes back to the queue (only those:
	// never an address from the form, which would be an open redirect).
	if back := r.PostForm.Get("back"); back == "/approvals" || back == "/" {
		page = back
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) >= 500 || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		s.setFlash(w, r, "err", e.Message)
	} else {
		s.setFlash(w, r, "ok", "")
	}
	http.Redirect(w, r, page, http.StatusSeeOther)
	return nil
}

func (s *Server) signalAttach(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权添加附件。 / Not allowed to add attachments.")
	}
	name, ctype, data, err := readAttachment(w, r)
	if err == nil {
		_, err = s.Signals.AddAttachment(r.Context(), actorOf(r), id, name, ctype, data)
	}
	if e, ok := risk.AsError(err); ok && e.Field == "csrf" {
		return err
	}
	return s.backTo(w, r, fmt.Sprintf("/signals/%d", id), err)
}

// caseOpen opens a case from the signals list's selection.
func (s *Server) caseOpen(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
	}
	in := casefile.OpenInput{Title: r.PostForm.Get("title"), Summary: r.PostForm.Get("summary"), Assignee: r.PostForm.Get("assignee")}
	for _, v := range r.PostForm["signal_ids"] {
		id, err := risk.ParseID(v)
		if err != nil {
			return risk.Invalid("signal_ids", "风险信息编号无效。", "invalid signal id.")
		}
		in.Signals = append(in.Signals, id)
	}
	c, err := s.Cases.Open(r.Context(), actorOf(r), in)
	if err != nil {
		return s.backTo(w, r, "/signals", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?saved=1", c.ID), http.StatusSeeOther)
	return nil
}
