package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/risk"
)

// Rows of the interview form: parties and commitments beyond these are
// added through the API.
const (
	interviewPartyRows      = 4
	interviewCommitmentRows = 4
)

type interviewListPage struct {
	listPage[enforcement.InterviewFilter, *enforcement.Interview]
	CanRecord bool
}

// interviewList is /interviews: the interviews an official reads (a firm:
// those it was a party to), by firm, case, or commitments due.
func (s *Server) interviewList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := interviewFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enforcement.Interviews(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "约谈", "Interviews"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "interviews.html", interviewListPage{listPage: p, CanRecord: enforcement.CanRecordInterview(actorOf(r))})
}

type interviewPage struct {
	Page
	Form
	I        *enforcement.Interview
	CanCheck bool
	Today    string
}

func (s *Server) interviewView(r *http.Request, id risk.ID) (interviewPage, error) {
	a := actorOf(r)
	iv, err := s.Enforcement.Interview(r.Context(), a, id)
	if err != nil {
		return interviewPage{}, err
	}
	return interviewPage{Page: s.page(r, "约谈记录 "+iv.ID.String(), "Interview "+iv.ID.String()), I: iv,
		CanCheck: enforcement.CanCheck(a, iv), Today: credit.Today(s.Now())}, nil
}

// interviewShow is an interview's page, with the check form for the
// departments that took part.
func (s *Server) interviewShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.interviewView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "interview.html", p)
}

var interviewCheckLabel = formLabels{
	"commitment": {"", "承诺事项", "Commitment"},
	"result":     {"", "核查结果", "Result"},
	"note":       {"", "核查情况", "Note"},
	"checked_on": {"", "核查日期", "Checked on"},
	"rev":        {"note", "版本", "Revision"},
}

// interviewPost takes a commitment's check.
func (s *Server) interviewPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	seq, _ := strconv.Atoi(f.Get("commitment"))
	_, err = s.Enforcement.CheckCommitment(r.Context(), actorOf(r), id, enforcement.Check{Commitment: seq,
		Result: enforcement.CommitmentStatus(f.Get("result")), Note: f.Get("note"), CheckedOn: f.Get("checked_on"), Rev: rev})
	if err == nil {
		http.Redirect(w, r, "/interviews/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, interviewCheckLabel, "check-"+f.Get("commitment"), url.Values(f), "interview.html", func() (interviewPage, error) { return s.interviewView(r, id) })
}

type interviewFormPage struct {
	Page
	Form
	Parties     []int // row numbers
	Commitments []int
}

func (s *Server) interviewFormOf(r *http.Request) interviewFormPage {
	p := interviewFormPage{Page: s.page(r, "登记约谈", "Record an interview")}
	for i := range interviewPartyRows {
		p.Parties = append(p.Parties, i)
	}
	for i := range interviewCommitmentRows {
		p.Commitments = append(p.Commitments, i)
	}
	return p
}

// interviewNew is the form to record an interview.
func (s *Server) interviewNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !enforcement.CanRecordInterview(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记约谈。 / Not allowed to record interviews.")
	}
	return s.render(w, r, http.StatusOK, "interview_form.html", s.interviewFormOf(r))
}

// interviewInputOf reads the form's rows: a party row counts when it names
// a firm or a party, a commitment row when anything is typed in it. rows
// gives each party's form row, for naming its inputs in errors.
func interviewInputOf(f url.Values) (in enforcement.InterviewInput, partyRows, commitRows []int) {
	in = enforcement.InterviewInput{Reason: enforcement.Reason(f.Get("reason")), Depts: f["depts"], HeldOn: f.Get("held_on"),
		Place: f.Get("place"), Minutes: f.Get("minutes")}
	for _, d := range strings.Split(f.Get("documents"), "\n") {
		if d = strings.TrimSpace(d); d != "" {
			in.Documents = append(in.Documents, d)
		}
	}
	index := map[int]int{} // form row → party index
	for i := range interviewPartyRows {
		k := fmt.Sprintf("p%d-", i)
		if strings.TrimSpace(f.Get(k+"uscc")) == "" && strings.TrimSpace(f.Get(k+"name")) == "" {
			continue
		}
		index[i] = len(in.Parties)
		partyRows = append(partyRows, i)
		in.Parties = append(in.Parties, enforcement.PartyInput{Role: enforcement.PartyRole(f.Get(k + "role")), USCC: f.Get(k + "uscc"), Name: f.Get(k + "name")})
	}
	for i := range interviewCommitmentRows {
		k := fmt.Sprintf("c%d-", i)
		if strings.TrimSpace(f.Get(k+"text")) == "" && strings.TrimSpace(f.Get(k+"deadline")) == "" {
			continue
		}
		row, _ := strconv.Atoi(f.Get(k + "party"))
		party, ok := index[row]
		if !ok {
			party = -1
		}
		commitRows = append(commitRows, i)
		in.Commitments = append(in.Commitments, enforcement.CommitmentInput{Party: party, Text: f.Get(k + "text"), Deadline: f.Get(k + "deadline"),
			Severity: credit.Severity(f.Get(k + "severity"))})
	}
	if id, err := risk.ParseID(f.Get("case_id")); err == nil {
		in.CaseID = id
	}
	return in, partyRows, commitRows
}

var interviewLabel = formLabels{
	"reason":      {"", "约谈事由", "Reason"},
	"depts":       {"", "参加部门", "Departments taking part"},
	"held_on":     {"", "约谈日期", "Held on"},
	"place":       {"", "约谈地点", "Place"},
	"minutes":     {"", "约谈纪要", "Minutes"},
	"documents":   {"", "附件（名称或文号）", "Documents"},
	"parties":     {"p0-uscc", "被约谈方", "Parties"},
	"commitments": {"c0-text", "承诺事项", "Commitments"},
	"case_id":     {"", "关联案件", "Case"},
}

// rowLabels names the fields of the form's repeated rows: the domain's
// "parties[1].uscc" is the input of the row that party came from.
func rowLabels(partyRows, commitRows []int) labelFunc {
	parts := map[string][2]string{"role": {"类型", "role"}, "uscc": {"统一社会信用代码", "USCC"}, "name": {"名称", "name"},
		"party": {"承诺方", "party"}, "text": {"承诺内容", "commitment"}, "deadline": {"履行期限", "deadline"}, "severity": {"失信等级", "severity"}}
	return func(field string) (fieldLabel, bool) {
		var list, sub string
		var i int
		var rows []int
		var pre, zh, en string
		switch {
		case strings.HasPrefix(field, "parties["):
			list, rows, pre, zh, en = "parties", partyRows, "p", "被约谈方", "Party"
		case strings.HasPrefix(field, "commitments["):
			list, rows, pre, zh, en = "commitments", commitRows, "c", "承诺", "Commitment"
		default:
			return fieldLabel{}, false
		}
		if _, err := fmt.Sscanf(strings.TrimPrefix(field, list), "[%d].", &i); err != nil || i < 0 || i >= len(rows) {
			return fieldLabel{}, false
		}
		sub = field[strings.IndexByte(field, '.')+1:]
		n, ok := parts[sub]
		if !ok {
			return fieldLabel{}, false
		}
		row := rows[i]
		return fieldLabel{fmt.Sprintf("%s%d-%s", pre, row, sub), fmt.Sprintf("%s %d %s", zh, row+1, n[0]), fmt.Sprintf("%s %d %s", en, row+1, n[1])}, true
	}
}

// interviewCreate records the form's interview.
func (s *Server) interviewCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, partyRows, commitRows := interviewInputOf(r.PostForm)
	iv, err := s.Enforcement.RecordInterview(r.Context(), actorOf(r), in)
	if err == nil {
		http.Redirect(w, r, "/interviews/"+iv.ID.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labelsAll{rowLabels(partyRows, commitRows), interviewLabel}, "record", url.Values(r.PostForm),
		"interview_form.html", func() (interviewFormPage, error) { return s.interviewFormOf(r), nil })
}

type penaltyListPage struct {
	listPage[enforcement.PenaltyFilter, *enforcement.Penalty]
	CanRecord bool
}

// penaltyList is /penalties: penalty decisions, market exits and
// hand-overs (a firm: its own).
func (s *Server) penaltyList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := penaltyFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enforcement.Penalties(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "处罚与移送", "Penalties and hand-overs"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "penalties.html", penaltyListPage{listPage: p, CanRecord: enforcement.CanRecordPenalty(actorOf(r))})
}

type penaltyPage struct {
	Page
	P *enforcement.Penalty
}

// penaltyShow is one record's page.
func (s *Server) penaltyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	pn, err := s.Enforcement.Penalty(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	zh, en := pn.Kind.Label()
	p := penaltyPage{Page: s.page(r, zh+" "+pn.Number, en+" "+pn.Number), P: pn}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存，信用事件已登记。", "Saved; the credit event is recorded.")
	}
	return s.render(w, r, http.StatusOK, "penalty.html", p)
}

type penaltyFormPage struct {
	Page
	Form
	creditWords
}

// KindName names a kind of credit event.
func (p penaltyFormPage) KindName(code string) string { return p.kindName(p.Page, code) }

func (s *Server) penaltyFormOf(r *http.Request) (penaltyFormPage, error) {
	rules, err := s.Credit.Rules(r.Context())
	if err != nil {
		return penaltyFormPage{}, err
	}
	return penaltyFormPage{Page: s.page(r, "登记处罚或移送", "Record a penalty or hand-over"), creditWords: creditWords{rules}}, nil
}

// penaltyNew is the form to record a penalty decision, an order to leave
// the market or a hand-over.
func (s *Server) penaltyNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !enforcement.CanRecordPenalty(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记行政处罚和案件移送。 / Not allowed to record penalties and hand-overs.")
	}
	p, err := s.penaltyFormOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "penalty_form.html", p)
}

var penaltyLabel = formLabels{
	"kind":            {"", "类型", "Kind"},
	"enterprise_uscc": {"", "企业统一社会信用代码", "Enterprise USCC"},
	"number":          {"", "文号", "Number"},
	"decided_on":      {"", "决定日期", "Decided on"},
	"legal_basis":     {"", "法律依据", "Legal basis"},
	"facts":           {"", "违法事实", "Facts"},
	"amount":          {"", "罚没金额（元）", "Amount (yuan)"},
	"authority":       {"", "接收机关", "Receiving authority"},
	"authority_name":  {"", "接收机关名称", "Receiving authority's name"},
	"severity":        {"", "失信等级", "Severity"},
	"credit_kind":     {"", "失信行为类型", "Kind of credit event"},
	"case_id":         {"", "关联案件", "Case"},
}

// penaltyCreate records the form's penalty record.
func (s *Server) penaltyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := enforcement.PenaltyInput{Kind: enforcement.Kind(f.Get("kind")), EnterpriseUSCC: f.Get("enterprise_uscc"), Number: f.Get("number"),
		DecidedOn: f.Get("decided_on"), LegalBasis: f.Get("legal_basis"), Facts: f.Get("facts"), Authority: enforcement.Authority(f.Get("authority")),
		AuthorityName: f.Get("authority_name"), CreditKind: f.Get("credit_kind"), Severity: credit.Severity(f.Get("severity"))}
	var err error
	if a := strings.TrimSpace(f.Get("amount")); a != "" {
		in.Amount, err = enforcement.ParseYuan("amount", a)
	}
	if c := strings.TrimSpace(f.Get("case_id")); c != "" && err == nil {
		if in.CaseID, err = risk.ParseID(c); err != nil {
			err = risk.Invalid("case_id", "案件编号无效。", "case_id must be an ID.")
		}
	}
	if err == nil {
		var pn *enforcement.Penalty
		if pn, _, err = s.Enforcement.RecordPenalty(r.Context(), actorOf(r), in); err == nil {
			http.Redirect(w, r, "/penalties/"+pn.ID.String()+"?saved=1", http.StatusSeeOther)
			return nil
		}
	}
	return renderRefused(s, w, r, err, penaltyLabel, "record", url.Values(f), "penalty_form.html", func() (penaltyFormPage, error) { return s.penaltyFormOf(r) })
}
