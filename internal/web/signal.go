package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"riskgate/internal/casefile"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

type signalListPage struct {
	Page
	Form
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

func (s *Server) signalList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.signalListView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "signals.html", p)
}

// signalListView is the list of signals the query asks for.
func (s *Server) signalListView(r *http.Request) (signalListPage, error) {
	if err := requireUser(r); err != nil {
		return signalListPage{}, err
	}
	f, err := signalFilter(r)
	if err != nil {
		return signalListPage{}, err
	}
	items, total, err := s.Signals.List(r.Context(), actorOf(r), f)
	if err != nil {
		return signalListPage{}, err
	}
	p := signalListPage{Page: s.page(r, "风险信息", "Signals"), Filter: f, Items: items, Total: total,
		Since: r.URL.Query().Get("since"), Until: r.URL.Query().Get("until"),
		CanWrite: risk.Can(actorOf(r), risk.PermSignalWrite), CanCase: risk.Can(actorOf(r), risk.PermCaseWrite)}
	p.Prev, p.Next = pager(f.Offset, f.Limit, total)
	return p, nil
}

// caseOpenLabels name the fields of the signal list's form that opens a case.
var caseOpenLabels = formLabels{"title": {"case-title", "案件标题", "Case title"}, "signal_ids": {"signal-select", "所选风险信息", "Selected signals"}}

// Selected reports whether signal id was ticked in a refused post.
func (p signalListPage) Selected(id risk.ID) bool {
	return p.Posted("open-case") && slices.Contains(p.Values["signal_ids"], id.String())
}

type signalFormPage struct {
	Page
	Form
	In signal.Input
}

// Received is the time received as the form shows it.
func (p signalFormPage) Received() string {
	if p.In.ReceivedAt.IsZero() {
		return ""
	}
	return p.In.ReceivedAt.In(risk.China).Format("2006-01-02T15:04")
}

// signalLabels name the signal form's fields.
var signalLabels = formLabels{
	"channel": {"", "信息来源渠道", "Channel"}, "external_ref": {"", "外部编号", "External reference"},
	"received_at": {"", "接收时间", "Received at"}, "product.name": {"", "产品名称", "Product name"},
	"product.hs_code": {"", "HS 编码", "HS code"}, "product.brand": {"", "品牌", "Brand"}, "product.model": {"", "型号", "Model"},
	"product.gtin": {"", "商品条码", "GTIN"}, "product.batch": {"", "批次", "Batch"}, "product.manufacturer": {"", "生产商", "Manufacturer"},
	"product.uscc": {"", "企业统一社会信用代码", "Enterprise USCC"}, "product.origin": {"", "原产国", "Origin"},
	"product.destination": {"", "目的国", "Destination"}, "hazard": {"", "风险类型", "Hazard"}, "region": {"", "行政区划代码", "Region code"},
	"injuries.count": {"", "伤害人数", "Injured people"}, "injuries.severity": {"", "最严重伤害程度", "Worst severity"},
	"description": {"", "描述", "Description"}, "reporter.name": {"", "姓名", "Name"}, "reporter.contact": {"", "联系方式", "Contact"},
}

func (s *Server) signalNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !risk.Can(a, risk.PermSignalWrite) && !risk.Can(a, risk.PermSignalReport) {
		return risk.Errorf(risk.ErrForbidden, "无权报送风险信息。 / Not allowed to record signals.")
	}
	return s.render(w, r, http.StatusOK, "signal_form.html", signalFormPage{Page: s.page(r, "登记风险信息", "Record a signal"),
		In: signal.Input{Channel: "12315", ReceivedAt: s.Now().In(risk.China)}})
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
		rt, err := time.ParseInLocation("2006-01-02T15:04", t, risk.China)
		if err != nil {
			v.Add("received_at", "接收时间格式无效。", "the time received is not a valid date and time.")
		}
		in.ReceivedAt = rt
	}
	in.Injuries.Count = formInt(&v, "injuries.count", f.Get("injuries.count"), "伤害人数", "the number of injured people")
	in.Injuries.Severity = formInt(&v, "injuries.severity", f.Get("injuries.severity"), "伤害程度", "the severity")
	err := v.Err()
	var res []signal.Result
	if err == nil {
		res, err = s.Signals.Create(r.Context(), actorOf(r), []signal.Input{in})
	}
	if err != nil {
		p := signalFormPage{Page: s.page(r, "登记风险信息", "Record a signal"), In: in}
		var ok bool
		if p.Form, ok = formError(p.Page, err, signalLabels, "", f); !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "signal_form.html", p)
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
	Form
	S           *signal.Signal
	Suggestions []signal.Suggestion
	Links       []signal.Link
	Case        *casefile.Case
	CanWrite    bool
}

func (s *Server) signalShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.signalView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "signal.html", p)
}

// signalView is the signal page.
func (s *Server) signalView(r *http.Request, id risk.ID) (signalPage, error) {
	ctx, a := r.Context(), actorOf(r)
	g, err := s.Signals.Get(ctx, a, id)
	if err != nil {
		return signalPage{}, err
	}
	p := signalPage{Page: s.page(r, fmt.Sprintf("风险信息 %d", id), fmt.Sprintf("Signal %d", id)), S: g, CanWrite: risk.Can(a, risk.PermSignalWrite)}
	if p.Suggestions, err = s.Signals.Suggest(ctx, a, id); err != nil {
		return p, err
	}
	if p.Links, err = s.Signals.Links(ctx, a, id); err != nil {
		return p, err
	}
	if g.CaseID != 0 {
		if c, err := s.Cases.Get(ctx, a, g.CaseID); err == nil {
			p.Case = c
		}
	}
	return p, nil
}

// signalPageLabels name the fields of the signal page's forms, by form.
var signalPageLabels = map[string]formLabels{
	"dismiss":     {"reason": {"", "排除理由", "Reason for dismissal"}},
	"attachments": {"file": {"", "附件", "Attachment"}, "name": {"file", "附件", "Attachment"}, "content_type": {"file", "附件", "Attachment"}},
}

// signalRefused shows the signal page again after one of its forms was
// refused, with what was typed and the problems marked.
func (s *Server) signalRefused(w http.ResponseWriter, r *http.Request, id risk.ID, action string, err error) error {
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return s.backTo(w, r, fmt.Sprintf("/signals/%d", id), err)
	}
	p, verr := s.signalView(r, id)
	if verr != nil {
		return verr
	}
	p.Form, _ = formError(p.Page, err, signalPageLabels[action], action, r.PostForm)
	return s.render(w, r, statusOf(err), "signal.html", p)
}

// signalAction handles the signal page's forms: link, dismiss, reopen.
func (s *Server) signalAction(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
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
	if err != nil && r.PathValue("action") == "dismiss" { // the one with input to keep
		return s.signalRefused(w, r, id, "dismiss", err)
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
	id, err := userAndID(r)
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
	if err != nil {
		return s.signalRefused(w, r, id, "attachments", err)
	}
	return s.backTo(w, r, fmt.Sprintf("/signals/%d", id), err)
}

// caseOpen opens a case from the signals list's selection.
func (s *Server) caseOpen(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
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
		if _, ok := formErrorOf(Page{}, err, nil); !ok {
			return s.backTo(w, r, "/signals", err)
		}
		p, verr := s.signalListView(r)
		if verr != nil {
			return verr
		}
		p.Form, _ = formError(p.Page, err, caseOpenLabels, "open-case", r.PostForm)
		return s.render(w, r, statusOf(err), "signals.html", p)
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?saved=1", c.ID), http.StatusSeeOther)
	return nil
}
