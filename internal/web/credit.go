package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/credit"
	"riskgate/internal/risk"
)

// creditWords names what the credit pages show from the rule table: the
// kinds of event, which are data.
type creditWords struct {
	Rules *credit.Rules
}

// KindName names a kind of credit event in the page language.
func (c creditWords) kindName(p Page, code string) string {
	if c.Rules == nil {
		return code
	}
	zh, en := c.Rules.KindName(code)
	return p.T(zh, en)
}

type creditEventsPage struct {
	listPage[credit.EventFilter, *credit.Event]
	creditWords
	Lists     []creditListSummary
	Pending   int
	CanRecord bool
}

// KindName names a kind of event.
func (p creditEventsPage) KindName(code string) string { return p.kindName(p.Page, code) }

// creditListSummary is a list's line on the overview: its size and how it
// differs from its last export.
type creditListSummary struct {
	Code, Zh, En string
	N            int
	Delta        *credit.Delta
}

// creditHome is /credit: for officials the events, the lists and the
// applications waiting; a firm goes to its own credit page.
func (s *Server) creditHome(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !a.IsOfficial() && a.EnterpriseID != 0 {
		http.Redirect(w, r, "/credit/firms/"+a.EnterpriseID.String(), http.StatusSeeOther)
		return nil
	}
	f, err := creditEventFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Credit.Events(r.Context(), a, f)
	if err != nil {
		return err
	}
	rules, err := s.Credit.Rules(r.Context())
	if err != nil {
		return err
	}
	p := creditEventsPage{listPage: listPageOf(s.page(r, "企业信用", "Enterprise credit"), f, f.Paging, items, total),
		creditWords: creditWords{rules}, CanRecord: credit.CanRecord(a)}
	for _, code := range credit.ListCodes {
		d, err := s.Credit.Changes(r.Context(), a, code)
		if err != nil {
			return err
		}
		zh, en := credit.ListName(code)
		n := 0
		for _, it := range d.Items {
			if it.Change != "removed" {
				n++
			}
		}
		p.Lists = append(p.Lists, creditListSummary{Code: code, Zh: zh, En: en, N: n, Delta: d})
	}
	if _, p.Pending, err = s.Credit.Repairs(r.Context(), a, credit.RepairFilter{Status: credit.RepairPending, Paging: risk.Paging{Limit: 1}}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "credit.html", p)
}

type creditEventFormPage struct {
	Page
	Form
	creditWords
	USCC string
}

// KindName names a kind of event.
func (p creditEventFormPage) KindName(code string) string { return p.kindName(p.Page, code) }

var creditEventLabel = formLabels{
	"enterprise_uscc": {"", "企业统一社会信用代码", "Enterprise USCC"},
	"kind":            {"", "失信行为类型", "Kind"},
	"severity":        {"", "失信等级", "Severity"},
	"occurred_on":     {"", "发生日期", "Occurred on"},
	"reference":       {"", "来源文书", "Source document"},
	"note":            {"", "说明", "Note"},
	"reason":          {"", "理由", "Reason"},
	"tier":            {"", "信用等级", "Tier"},
	"evidence":        {"", "整改证明", "Evidence"},
	"event_ids":       {"", "申请修复的信用事件", "Events to repair"},
	"action":          {"reason", "审核结论", "Decision"},
	"rules":           {"", "信用规则（JSON）", "Credit rules (JSON)"},
}

func (s *Server) creditEventFormOf(r *http.Request) (creditEventFormPage, error) {
	rules, err := s.Credit.Rules(r.Context())
	if err != nil {
		return creditEventFormPage{}, err
	}
	return creditEventFormPage{Page: s.page(r, "登记信用事件", "Record a credit event"), creditWords: creditWords{rules}, USCC: r.URL.Query().Get("uscc")}, nil
}

// creditEventNew is the form to record an event by hand.
func (s *Server) creditEventNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !credit.CanRecord(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记信用事件。 / Not allowed to record credit events.")
	}
	p, err := s.creditEventFormOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "credit_event_form.html", p)
}

// creditEventCreate records the form's event and shows the firm.
func (s *Server) creditEventCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	ev, _, err := s.Credit.Record(r.Context(), actorOf(r), credit.EventInput{EnterpriseUSCC: f.Get("enterprise_uscc"), Kind: f.Get("kind"),
		Severity: credit.Severity(f.Get("severity")), OccurredOn: f.Get("occurred_on"), Reference: f.Get("reference"), Note: f.Get("note")})
	if err == nil {
		http.Redirect(w, r, "/credit/firms/"+ev.EnterpriseID.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, creditEventLabel, "record", url.Values(f), "credit_event_form.html", func() (creditEventFormPage, error) { return s.creditEventFormOf(r) })
}

type creditFirmPage struct {
	Page
	Form
	creditWords
	P          *credit.Profile
	Events     map[risk.ID]*credit.Event
	Repairable []*credit.Event // the firm's events it may apply to repair now
	Today      string
	CanRecord  bool
	CanDecide  bool
	CanApply   bool
}

// KindName names a kind of event.
func (p creditFirmPage) KindName(code string) string { return p.kindName(p.Page, code) }

// EventName names one of the firm's events for lists: day, kind and
// document.
func (p creditFirmPage) EventName(id risk.ID) string {
	e := p.Events[id]
	if e == nil {
		return "#" + id.String()
	}
	return e.OccurredOn + " " + p.KindName(e.Kind) + " " + e.Reference
}

func (s *Server) creditFirmView(r *http.Request, id risk.ID) (creditFirmPage, error) {
	a := actorOf(r)
	pr, err := s.Credit.Profile(r.Context(), a, id)
	if err != nil {
		return creditFirmPage{}, err
	}
	rules, err := s.Credit.Rules(r.Context())
	if err != nil {
		return creditFirmPage{}, err
	}
	p := creditFirmPage{Page: s.page(r, "企业信用："+pr.Firm.Name, "Credit: "+pr.Firm.Name), creditWords: creditWords{rules}, P: pr,
		Events: map[risk.ID]*credit.Event{}, Today: credit.Today(s.Now()), CanRecord: credit.CanRecord(a), CanDecide: credit.CanDecide(a),
		CanApply: credit.CanApplyRepair(a) && a.EnterpriseID == id}
	for _, e := range pr.Events {
		p.Events[e.ID] = e
	}
	p.Repairable = pr.Repairable(p.Today)
	return p, nil
}

// creditFirm is a firm's credit: tier and why, events, changes, repairs,
// with the forms of the roles that act on them.
func (s *Server) creditFirm(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.creditFirmView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "credit_firm.html", p)
}

// creditFirmPost takes the firm page's forms: a decision, an event
// withdrawn, an application for repair.
func (s *Server) creditFirmPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	a := actorOf(r)
	form := f.Get("form")
	switch form {
	case "withdraw":
		var ev risk.ID
		if ev, err = risk.ParseID(f.Get("event")); err != nil {
			return risk.Invalid("event", "信用事件编号无效。", "event must be an ID.")
		}
		if e, gerr := s.Credit.Event(r.Context(), a, ev); gerr != nil || e.EnterpriseID != id {
			return risk.Errorf(risk.ErrNotFound, "没有该信用事件。 / No such credit event.")
		}
		_, _, err = s.Credit.Withdraw(r.Context(), a, ev, f.Get("reason"))
	case "repair":
		var ids []risk.ID
		for _, v := range f["event_ids"] {
			if e, perr := risk.ParseID(v); perr == nil {
				ids = append(ids, e)
			}
		}
		var docs []string
		for _, d := range strings.Split(f.Get("documents"), "\n") {
			if d = strings.TrimSpace(d); d != "" {
				docs = append(docs, d)
			}
		}
		_, err = s.Credit.ApplyRepair(r.Context(), a, credit.RepairInput{EventIDs: ids, Evidence: f.Get("evidence"), Documents: docs})
	default:
		form = "decide"
		_, _, err = s.Credit.Decide(r.Context(), a, id, credit.DecisionInput{Tier: f.Get("tier"), Reason: f.Get("reason"), Reference: f.Get("reference")})
	}
	if err == nil {
		http.Redirect(w, r, "/credit/firms/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, creditEventLabel, form, url.Values(f), "credit_firm.html", func() (creditFirmPage, error) { return s.creditFirmView(r, id) })
}

type creditRepairsPage = listPage[credit.RepairFilter, *credit.Repair]

// creditRepairs lists applications for repair: officials all (pending
// first by the filter), a firm its own.
func (s *Server) creditRepairs(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	f := credit.RepairFilter{Status: credit.RepairStatus(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Credit.Repairs(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "credit_repairs.html", creditRepairsPage(listPageOf(s.page(r, "信用修复申请", "Credit repair applications"), f, f.Paging, items, total)))
}

type creditRepairPage struct {
	Page
	Form
	R         *credit.Repair
	CanReview bool
}

func (s *Server) creditRepairView(r *http.Request, id risk.ID) (creditRepairPage, error) {
	a := actorOf(r)
	rep, err := s.Credit.Repair(r.Context(), a, id)
	if err != nil {
		return creditRepairPage{}, err
	}
	return creditRepairPage{Page: s.page(r, "信用修复申请 "+id.String(), "Credit repair "+id.String()), R: rep,
		CanReview: credit.CanDecide(a) && rep.Status == credit.RepairPending}, nil
}

// creditRepair is one application, with the review form.
func (s *Server) creditRepair(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.creditRepairView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "credit_repair.html", p)
}

// creditRepairPost takes the review.
func (s *Server) creditRepairPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	_, _, err = s.Credit.ReviewRepair(r.Context(), actorOf(r), id, credit.RepairReview{Action: f.Get("action"), Reason: f.Get("reason"), Rev: rev})
	if err == nil {
		http.Redirect(w, r, "/credit/repairs/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, creditEventLabel, "review", url.Values(f), "credit_repair.html", func() (creditRepairPage, error) { return s.creditRepairView(r, id) })
}

type creditRulesPage struct {
	Page
	Form
	Rules *credit.Rules
}

func (s *Server) creditRulesView(r *http.Request) (creditRulesPage, error) {
	rules, err := s.Credit.Rules(r.Context())
	if err != nil {
		return creditRulesPage{}, err
	}
	return creditRulesPage{Page: s.page(r, "信用规则", "Credit rules"), Rules: rules}, nil
}

// creditRules is /admin/credit-rules: the rule table in force, in words,
// and for the administrator the upload of an edited table (its JSON).
func (s *Server) creditRules(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if a := actorOf(r); !credit.CanRead(a) || !a.IsOfficial() {
		return risk.Errorf(risk.ErrForbidden, "无权查看信用规则。 / Not allowed to read the credit rules.")
	}
	p, err := s.creditRulesView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存为新版本。", "Saved as a new version.")
	}
	return s.render(w, r, http.StatusOK, "credit_rules.html", p)
}

// creditRulesSave stores an uploaded JSON file of the table (the one
// /api/v1/credit/rules gives, edited) as a new version.
func (s *Server) creditRulesSave(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	_, _, data, err := readAttachment(w, r)
	if err == nil {
		var in credit.Rules
		if jerr := json.Unmarshal(data, &in); jerr != nil {
			err = risk.Invalid("file", "信用规则文件不是有效的 JSON："+jerr.Error(), "the rules file is not valid JSON: "+jerr.Error())
		} else if _, err = s.Credit.SetRules(r.Context(), actorOf(r), in); err == nil {
			http.Redirect(w, r, "/admin/credit-rules?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return renderRefused(s, w, r, err, labelFunc(func(field string) (fieldLabel, bool) {
		return fieldLabel{"file", "信用规则文件：" + field, "Credit rules file: " + field}, true
	}), "rules", url.Values{}, "credit_rules.html", func() (creditRulesPage, error) { return s.creditRulesView(r) })
}

type publicCreditPage struct {
	Page
	Items []credit.ListItem
}

// publicCredit lists, for anyone, the firms of the tiers the rules make
// public (by default the seriously dishonest).
func (s *Server) publicCredit(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Credit.PublicList(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "public_credit.html", publicCreditPage{Page: s.page(r, "严重失信企业名单", "Seriously dishonest enterprises"), Items: items})
}
