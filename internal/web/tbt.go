package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
	"riskgate/internal/tbt"
)

type tbtListPage struct {
	listPage[tbt.Filter, *tbt.Notification]
	Form
	Due           bool
	CanWrite      bool
	Subscriptions []*tbt.Subscription
	Today         string
}

// Agreements are the agreements to filter by.
func (tbtListPage) Agreements() []tbt.Agreement { return []tbt.Agreement{tbt.TBT, tbt.SPS} }

func (s *Server) tbtListView(r *http.Request) (tbtListPage, error) {
	a := actorOf(r)
	f, err := tbtFilter(r)
	if err != nil {
		return tbtListPage{}, err
	}
	due := f.DeadlineFrom == "today"
	s.due(&f)
	items, total, err := s.TBT.List(r.Context(), a, f)
	if err != nil {
		return tbtListPage{}, err
	}
	p := tbtListPage{listPage: listPageOf(s.page(r, "技术性贸易措施通报", "TBT/SPS notifications"), f, f.Paging, items, total),
		Due: due, CanWrite: tbt.CanWrite(a), Today: tbt.Today(s.Now())}
	if tbt.CanSubscribe(a) {
		if p.Subscriptions, err = s.TBT.Subscriptions(r.Context(), a); err != nil {
			return tbtListPage{}, err
		}
	}
	return p, nil
}

// tbtList is /tbt: the notifications (those whose comments close soon
// with ?due=1), and the user's subscriptions.
func (s *Server) tbtList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.tbtListView(r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("saved") {
	case "subscribed":
		p.Flash = p.T("已订阅。", "Subscribed.")
	case "unsubscribed":
		p.Flash = p.T("已取消订阅。", "Subscription removed.")
	}
	return s.render(w, r, http.StatusOK, "tbt_list.html", p)
}

var tbtSubscriptionLabel = formLabels{
	"hs_codes": {"sub-hs", "HS 编码", "HS codes"},
	"members":  {"sub-members", "市场", "Markets"},
}

// tbtSubscriptionPost adds a subscription, or removes one (?delete=id).
func (s *Server) tbtSubscriptionPost(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if d := f.Get("delete"); d != "" {
		id, err := risk.ParseID(d)
		if err != nil {
			return risk.Invalid("delete", "订阅编号无效。", "the subscription is not an ID.")
		}
		if err := s.TBT.Unsubscribe(r.Context(), actorOf(r), id); err != nil {
			return err
		}
		http.Redirect(w, r, "/tbt?saved=unsubscribed", http.StatusSeeOther)
		return nil
	}
	in := tbt.SubscriptionInput{HSCodes: tabular.SplitList(f.Get("hs_codes")), Members: tabular.SplitList(f.Get("members"))}
	if _, err := s.TBT.Subscribe(r.Context(), actorOf(r), in); err != nil {
		return renderRefused(s, w, r, err, tbtSubscriptionLabel, "subscribe", url.Values(f), "tbt_list.html", func() (tbtListPage, error) { return s.tbtListView(r) })
	}
	http.Redirect(w, r, "/tbt?saved=subscribed", http.StatusSeeOther)
	return nil
}

type tbtFormPage struct {
	Page
	Form
}

// tbtNew is the form to enter a notification by hand.
func (s *Server) tbtNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !tbt.CanWrite(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记 TBT/SPS 通报。 / Not allowed to register TBT/SPS notifications.")
	}
	return s.render(w, r, http.StatusOK, "tbt_form.html", tbtFormPage{Page: s.page(r, "登记 TBT/SPS 通报", "Register a TBT/SPS notification")})
}

var tbtLabel = formLabels{
	"symbol":           {"", "通报编号", "Symbol"},
	"member":           {"", "通报成员", "Notifying member"},
	"date":             {"", "分发日期", "Date of distribution"},
	"hs_codes":         {"", "HS 编码", "HS codes"},
	"ics_codes":        {"", "ICS 编码", "ICS codes"},
	"products":         {"", "涵盖产品", "Products covered"},
	"title":            {"", "标题", "Title"},
	"description":      {"", "内容摘要", "Description"},
	"objective":        {"", "目的和理由", "Objective and rationale"},
	"adoption":         {"", "拟批准日期", "Proposed date of adoption"},
	"entry_into_force": {"", "拟生效日期", "Proposed date of entry into force"},
	"comment_deadline": {"", "评议截止日期", "Final date for comments"},
	"documents":        {"", "文件链接", "Documents"},
}

// tbtCreate takes the hand-entry form.
func (s *Server) tbtCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := tbt.Input{Symbol: f.Get("symbol"), Member: f.Get("member"), Date: f.Get("date"), HSCodes: tabular.SplitList(f.Get("hs_codes")),
		ICSCodes: tabular.SplitList(f.Get("ics_codes")), Products: f.Get("products"), Title: f.Get("title"), Description: f.Get("description"),
		Objective: f.Get("objective"), Adoption: f.Get("adoption"), EntryIntoForce: f.Get("entry_into_force"), CommentDeadline: f.Get("comment_deadline")}
	for _, u := range strings.Fields(f.Get("documents")) {
		in.Documents = append(in.Documents, tbt.Document{URL: u})
	}
	n, err := s.TBT.Create(r.Context(), actorOf(r), in)
	if err != nil {
		return renderRefused(s, w, r, err, tbtLabel, "", url.Values(f), "tbt_form.html", func() (tbtFormPage, error) {
			return tbtFormPage{Page: s.page(r, "登记 TBT/SPS 通报", "Register a TBT/SPS notification")}, nil
		})
	}
	to := n.ID
	if n.BaseID != 0 {
		to = n.BaseID
	}
	http.Redirect(w, r, "/tbt/"+to.String()+"?saved=1", http.StatusSeeOther)
	return nil
}

type tbtImportPage struct {
	Page
	Form
	Result   *tbt.ImportResult
	File     string
	Headings [][]string
}

func (s *Server) tbtImportPageOf(r *http.Request) tbtImportPage {
	return tbtImportPage{Page: s.page(r, "导入 TBT/SPS 通报", "Import TBT/SPS notifications"), Headings: tbt.Headings()}
}

// tbtImportForm is the import form, with the columns accepted.
func (s *Server) tbtImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !tbt.CanWrite(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权导入 TBT/SPS 通报。 / Not allowed to import TBT/SPS notifications.")
	}
	return s.render(w, r, http.StatusOK, "tbt_import.html", s.tbtImportPageOf(r))
}

// tbtImport takes an ePing-layout file: all rows or none.
func (s *Server) tbtImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !tbt.CanWrite(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权导入 TBT/SPS 通报。 / Not allowed to import TBT/SPS notifications.")
	}
	p := s.tbtImportPageOf(r)
	parsed, name, err := readTBTImport(w, r)
	p.File = name
	if err == nil {
		p.Result, err = s.TBT.Import(r.Context(), actorOf(r), parsed)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || e.Field == "csrf" || e.Kind == risk.ErrForbidden || e.Kind == risk.ErrUnauthorized {
			return err
		}
		p.Form = importError(p.Page, err)
		if p.Result == nil && len(e.Details) > 0 {
			p.Result = &tbt.ImportResult{Errors: e.Details}
		}
		return s.render(w, r, statusOf(err), "tbt_import.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("导入完成：新增 %d，已登记 %d，依后续文件更新 %d。", p.Result.Created, p.Result.Existing, p.Result.Updated),
		fmt.Sprintf("Import done: %d new, %d already registered, %d updated by later documents.", p.Result.Created, p.Result.Existing, p.Result.Updated))
	return s.render(w, r, http.StatusOK, "tbt_import.html", p)
}

type tbtPage struct {
	Page
	Form
	N        *tbt.Notification
	Impact   *tbt.Impact
	Studies  []*tbt.Study
	CanWrite bool
	Today    string
}

// FieldName names a changed field.
func (p tbtPage) FieldName(field string) string { return p.T(tbt.FieldName(field)) }

// CommentActions are the comment actions open now.
func (p tbtPage) CommentActions() []string {
	return tbt.CommentMachine.Allowed(string(p.N.CommentStatus()))
}

func (s *Server) tbtView(r *http.Request, id risk.ID) (tbtPage, error) {
	a := actorOf(r)
	n, err := s.TBT.Get(r.Context(), a, id)
	if err != nil {
		return tbtPage{}, err
	}
	p := tbtPage{Page: s.page(r, n.Symbol, n.Symbol), N: n, CanWrite: tbt.CanWrite(a), Today: tbt.Today(s.Now())}
	if tbt.CanSeeImpact(a) {
		if p.Impact, err = s.TBT.Impact(r.Context(), a, id); err != nil {
			return tbtPage{}, err
		}
	}
	if p.Studies, _, err = s.TBT.Studies(r.Context(), a, tbt.StudyFilter{NotificationID: id, Paging: risk.Paging{Limit: risk.MaxLimit}}); err != nil {
		return tbtPage{}, err
	}
	return p, nil
}

// tbtShow is a notification's page: what it says, what later documents
// changed, the firms it concerns, the comment and the studies.
func (s *Server) tbtShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.tbtView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "tbt.html", p)
}

var tbtCommentLabel = formLabels{
	"text":    {"comment-text", "评议意见", "Comment"},
	"via":     {"comment-via", "提交渠道", "Sent through"},
	"sent_on": {"comment-sent-on", "提交日期", "Sent on"},
	"rev":     {"comment-text", "版本", "Revision"},
}

var tbtStudyOpenLabel = formLabels{
	"title":           {"study-title", "标题", "Title"},
	"notification_id": {"study-title", "通报", "Notification"},
}

// tbtPost takes the forms of a notification's page: the comment (draft,
// send) and a new study.
func (s *Server) tbtPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	a := actorOf(r)
	view := func() (tbtPage, error) { return s.tbtView(r, id) }
	switch action := f.Get("action"); action {
	case "draft", "send":
		rev, _ := strconv.Atoi(f.Get("rev"))
		if _, err := s.TBT.Comment(r.Context(), a, id, action, tbt.CommentInput{Text: f.Get("text"), Via: f.Get("via"), SentOn: f.Get("sent_on"), Rev: rev}); err != nil {
			return renderRefused(s, w, r, err, tbtCommentLabel, "comment", url.Values(f), "tbt.html", view)
		}
		http.Redirect(w, r, "/tbt/"+id.String()+"?saved=1#comment", http.StatusSeeOther)
		return nil
	case "study":
		st, err := s.TBT.OpenStudy(r.Context(), a, tbt.StudyInput{NotificationID: id, Title: f.Get("title")})
		if err != nil {
			return renderRefused(s, w, r, err, tbtStudyOpenLabel, "study", url.Values(f), "tbt.html", view)
		}
		http.Redirect(w, r, "/tbt/studies/"+st.ID.String(), http.StatusSeeOther)
		return nil
	}
	return risk.Invalid("action", "未知操作。", "unknown action.")
}

type tbtStudiesPage struct {
	listPage[tbt.StudyFilter, *tbt.Study]
	Form
	CanWrite bool
}

var tbtMarketStudyLabel = formLabels{
	"title":    {"market-title", "标题", "Title"},
	"member":   {"market-member", "市场", "Market"},
	"hs_codes": {"market-hs", "HS 编码", "HS codes"},
}

func (s *Server) tbtStudiesView(r *http.Request) (tbtStudiesPage, error) {
	a := actorOf(r)
	q := r.URL.Query()
	var v risk.Validation
	f := tbt.StudyFilter{Status: tbt.StudyStatus(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return tbtStudiesPage{}, err
	}
	items, total, err := s.TBT.Studies(r.Context(), a, f)
	if err != nil {
		return tbtStudiesPage{}, err
	}
	return tbtStudiesPage{listPage: listPageOf(s.page(r, "专项调查评估", "Special studies"), f, f.Paging, items, total), CanWrite: tbt.CanWrite(a)}, nil
}

// tbtStudies is /tbt/studies: the studies, and the form to open one on a
// market.
func (s *Server) tbtStudies(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.tbtStudiesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tbt_studies.html", p)
}

// tbtStudyOpen opens a study on a market.
func (s *Server) tbtStudyOpen(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	st, err := s.TBT.OpenStudy(r.Context(), actorOf(r), tbt.StudyInput{Member: f.Get("member"), HSCodes: tabular.SplitList(f.Get("hs_codes")), Title: f.Get("title")})
	if err != nil {
		return renderRefused(s, w, r, err, tbtMarketStudyLabel, "market", url.Values(f), "tbt_studies.html", func() (tbtStudiesPage, error) { return s.tbtStudiesView(r) })
	}
	http.Redirect(w, r, "/tbt/studies/"+st.ID.String(), http.StatusSeeOther)
	return nil
}

type tbtStudyPage struct {
	Page
	Form
	S        *tbt.Study
	Impact   *tbt.Impact
	CanWrite bool
}

func (s *Server) tbtStudyView(r *http.Request, id risk.ID) (tbtStudyPage, error) {
	a := actorOf(r)
	st, err := s.TBT.Study(r.Context(), a, id)
	if err != nil {
		return tbtStudyPage{}, err
	}
	p := tbtStudyPage{Page: s.page(r, st.Title, st.Title), S: st, CanWrite: tbt.CanWrite(a) && st.Status == tbt.StudyOpen}
	if tbt.CanSeeImpact(a) && st.Status == tbt.StudyOpen {
		if p.Impact, err = s.TBT.StudyImpact(r.Context(), a, st); err != nil {
			return tbtStudyPage{}, err
		}
	}
	return p, nil
}

// tbtStudy is a study's page: findings, guidance and the firms it goes
// to (once published, those it went to).
func (s *Server) tbtStudy(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.tbtStudyView(r, id)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("saved") {
	case "record":
		p.Flash = p.T("已保存。", "Saved.")
	case "publish":
		p.Flash = p.T("指导意见已发布，受影响企业的用户已收到提醒。", "The guidance is published; the affected firms' users were told.")
	}
	return s.render(w, r, http.StatusOK, "tbt_study.html", p)
}

var tbtStudyLabel = formLabels{
	"findings": {"", "调查发现", "Findings"},
	"guidance": {"", "应对指导意见", "Guidance to exporters"},
	"rev":      {"findings", "版本", "Revision"},
}

// tbtStudyPost records a study's findings and guidance, or publishes them.
func (s *Server) tbtStudyPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	action := "record"
	if f.Get("action") == "publish" {
		action = "publish"
	}
	rev, _ := strconv.Atoi(f.Get("rev"))
	if _, err := s.TBT.UpdateStudy(r.Context(), actorOf(r), id, action, tbt.StudyUpdate{Findings: f.Get("findings"), Guidance: f.Get("guidance"), Rev: rev}); err != nil {
		return renderRefused(s, w, r, err, tbtStudyLabel, "", url.Values(f), "tbt_study.html", func() (tbtStudyPage, error) { return s.tbtStudyView(r, id) })
	}
	http.Redirect(w, r, "/tbt/studies/"+id.String()+"?saved="+action, http.StatusSeeOther)
	return nil
}

// Money writes a declared value rounded to the unit, with thousands
// separators: 1,234,567.
func (p Page) Money(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// MemberLabel names a WTO member (a country or the EU) in the page
// language.
func (p Page) MemberLabel(member string) string { return p.L(tbt.Member(member)) }
