package web

import (
	"net/http"
	"net/url"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

type complaintPage struct {
	Page
	Form
	Mode     string // form, done, status, lookup
	In       signal.Complaint
	Occurred string
	Receipt  *signal.Receipt
	Track    *signal.Tracking
}

// complaintLabels name the complaint form's fields; a complaint is also
// checked as the signal it becomes, whose fields are named here too.
var complaintLabels = formLabels{
	"product_name": {"cprod", "产品名称", "Product"}, "product.name": {"cprod", "产品名称", "Product"},
	"brand": {"cbrand", "品牌", "Brand"}, "product.brand": {"cbrand", "品牌", "Brand"},
	"model": {"cmodel", "型号", "Model"}, "product.model": {"cmodel", "型号", "Model"},
	"batch": {"cbatch", "批次/批号", "Batch"}, "product.batch": {"cbatch", "批次/批号", "Batch"},
	"where": {"cwhere", "购买地点或平台", "Where bought"}, "occurred_at": {"cdate", "发生日期", "Date it happened"},
	"category": {"ccat", "产品类别", "Category"}, "hazard": {"chaz", "危害类型", "Hazard"}, "region": {"cregion", "所在市州", "Prefecture"},
	"description": {"cdesc", "问题描述", "What happened"}, "name": {"cname", "您的姓名", "Your name"},
	"reporter.name": {"cname", "您的姓名", "Your name"}, "contact": {"ccontact", "联系电话或邮箱", "Phone or e-mail"},
	"reporter.contact": {"ccontact", "联系电话或邮箱", "Phone or e-mail"},
}

// StatusLabel names the tracked status in the page language.
func (p complaintPage) StatusLabel() string {
	zh, en := signal.TrackingLabel(p.Track.Status)
	return p.T(zh, en)
}

func (s *Server) complaintForm(w http.ResponseWriter, r *http.Request) error {
	p := complaintPage{Page: s.page(r, "投诉举报", "File a complaint"), Mode: "form"}
	s.publicFormCSRF(w, r, &p.Page)
	return s.render(w, r, http.StatusOK, "complaint.html", p)
}

// allowComplaint applies the per-address limit on complaints.
func (s *Server) allowComplaint(r *http.Request) error {
	if !s.complaints.allow(s.clientAddr(r)) {
		return risk.Errorf(risk.ErrTooMany, "投诉提交过于频繁，请稍后再试。 / Too many complaints from your address; try again later.")
	}
	return nil
}

func complaintOf(f url.Values) (signal.Complaint, string, error) {
	c := signal.Complaint{ProductName: f.Get("product_name"), Brand: f.Get("brand"), Model: f.Get("model"), Batch: f.Get("batch"),
		Where: f.Get("where"), Category: f.Get("category"), Hazard: f.Get("hazard"), Region: f.Get("region"),
		Injured: f.Get("injured") == "1", Description: f.Get("description"), Name: f.Get("name"), Contact: f.Get("contact")}
	day := f.Get("occurred_at")
	if day != "" {
		t, err := parseDay(day)
		if err != nil {
			return c, day, risk.Invalid("occurred_at", "发生日期应为 YYYY-MM-DD。", "the date it happened must be a date, YYYY-MM-DD.")
		}
		c.OccurredAt = t
	}
	return c, day, nil
}

// complaintCreate takes the portal's complaint form.
func (s *Server) complaintCreate(w http.ResponseWriter, r *http.Request) error {
	if err := checkPublicForm(w, r); err != nil {
		return err
	}
	c, day, err := complaintOf(r.PostForm)
	p := complaintPage{Page: s.page(r, "投诉举报", "File a complaint"), Mode: "form", In: c, Occurred: day}
	s.publicFormCSRF(w, r, &p.Page)
	if err == nil {
		p.Receipt, err = s.Signals.Complain(r.Context(), c, func() error { return s.allowComplaint(r) })
	}
	if err != nil {
		var ok bool
		if p.Form, ok = formErrorOf(p.Page, err, complaintLabels); !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "complaint.html", p)
	}
	p.Mode, p.In = "done", signal.Complaint{}
	return s.render(w, r, http.StatusCreated, "complaint.html", p)
}

// complaintStatus is the complainant's status page; /public/complaints
// without a number (or ?number=) looks one up.
func (s *Server) complaintStatus(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	if number == "" {
		if q := strings.TrimSpace(r.URL.Query().Get("number")); q != "" {
			http.Redirect(w, r, "/public/complaints/"+url.PathEscape(strings.ToUpper(q)), http.StatusSeeOther)
			return nil
		}
		return s.render(w, r, http.StatusOK, "complaint.html", complaintPage{Page: s.page(r, "投诉查询", "Track a complaint"), Mode: "lookup"})
	}
	t, err := s.Signals.Track(r.Context(), number)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return s.render(w, r, http.StatusOK, "complaint.html", complaintPage{Page: s.page(r, "投诉查询", "Track a complaint"), Mode: "status", Track: t})
}
