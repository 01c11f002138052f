package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/gateway"
	"riskgate/internal/risk"
)

// The enterprise gateway's pages: a firm's answers to its 通告 and its
// standard self-declarations, and the officials' review of both.

type answersPage struct {
	Page
	Form
	Items []*gateway.Answer
	Total int
	A     *gateway.Answer // the answer shown
	// Reviews are the decisions the viewer may take; CanAdd whether the
	// firm may add evidence and resubmit.
	Reviews []recallAction
	CanAdd  bool
	// WarningID and Title: the 通告 a new answer answers.
	WarningID risk.ID
	Title     string
}

var answerLabels = formLabels{
	"actions": {"", "整改措施", "Corrective actions"}, "cause": {"", "原因分析", "Cause"},
	"started_on": {"", "开始日期", "Started on"}, "completed_on": {"", "完成日期", "Completed on"},
	"reason": {"", "理由", "Reason"}, "action": {"reason", "审查意见", "Decision"}, "rev": {"reason", "版本", "Revision"},
	"file": {"", "证明材料", "Evidence file"}, "warning_id": {"actions", "通告", "Notice"},
}

// answers lists the answers the viewer may see.
func (s *Server) answers(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f := gateway.AnswerFilter{Status: gateway.Status(r.URL.Query().Get("status")), Paging: risk.Paging{Limit: 200}}
	items, total, err := s.Gateway.ListAnswers(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "answers.html", answersPage{Page: s.page(r, "整改报告", "Answers to notices"), Items: items, Total: total})
}

func (s *Server) answerView(r *http.Request, id risk.ID) (answersPage, error) {
	a := actorOf(r)
	ans, err := s.Gateway.GetAnswer(r.Context(), a, id)
	if err != nil {
		return answersPage{}, err
	}
	p := answersPage{Page: s.page(r, "整改报告："+ans.WarningTitle, "Answer: "+ans.WarningTitle), A: ans, CanAdd: gateway.CanAddTo(a, ans)}
	for _, act := range gateway.AnswerReviews(a, ans) {
		zh, en := gateway.Action(act).Label()
		p.Reviews = append(p.Reviews, recallAction{act, zh, en})
	}
	return p, nil
}

// answer shows one answer, with the review form or the firm's.
func (s *Server) answer(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.answerView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "answers.html", p)
}

// answerPost takes the answer page's forms: a review, or the firm's
// resubmission.
func (s *Server) answerPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	form := f.Get("form")
	if form == "resubmit" {
		_, err = s.Gateway.Resubmit(r.Context(), actorOf(r), id, gateway.AnswerInput{Actions: f.Get("actions"), Cause: f.Get("cause"),
			StartedOn: f.Get("started_on"), CompletedOn: f.Get("completed_on"), Rev: rev})
	} else {
		form = "review"
		_, err = s.Gateway.ReviewAnswer(r.Context(), actorOf(r), id, gateway.Review{Action: f.Get("action"), Reason: f.Get("reason"), Rev: rev})
	}
	if err == nil {
		http.Redirect(w, r, "/answers/"+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, answerLabels, form, f, "answers.html", func() (answersPage, error) { return s.answerView(r, id) })
}

// answerAttach adds an evidence file from the answer page.
func (s *Server) answerAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	name, _, data, err := readAttachment(w, r)
	if err == nil {
		_, err = s.Gateway.Attach(r.Context(), actorOf(r), id, name, data)
	}
	if err == nil {
		http.Redirect(w, r, "/answers/"+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, answerLabels, "file", nil, "answers.html", func() (answersPage, error) { return s.answerView(r, id) })
}

// answerNewPage is the firm's form answering a 通告.
func (s *Server) answerNewPage(r *http.Request, wid risk.ID) (answersPage, error) {
	if !gateway.IsFirm(actorOf(r), risk.PermAnswerFile) {
		return answersPage{}, risk.Errorf(risk.ErrForbidden, "只有通告所致的企业可以提交整改报告。 / Only the firm a notice is addressed to answers it.")
	}
	wn, err := s.Warnings.Get(r.Context(), actorOf(r), wid)
	if err != nil {
		return answersPage{}, err
	}
	return answersPage{Page: s.page(r, "提交整改报告", "Answer a notice"), WarningID: wid, Title: wn.Title}, nil
}

func (s *Server) answerNew(w http.ResponseWriter, r *http.Request) error {
	wid, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.answerNewPage(r, wid)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "answers.html", p)
}

func (s *Server) answerCreate(w http.ResponseWriter, r *http.Request) error {
	wid, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	ans, err := s.Gateway.Answer(r.Context(), actorOf(r), wid, gateway.AnswerInput{Actions: f.Get("actions"), Cause: f.Get("cause"),
		StartedOn: f.Get("started_on"), CompletedOn: f.Get("completed_on")})
	if err == nil {
		http.Redirect(w, r, "/answers/"+strconv.Itoa(int(ans.ID))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, answerLabels, "answer", f, "answers.html", func() (answersPage, error) { return s.answerNewPage(r, wid) })
}

type declsPage struct {
	Page
	Form
	Items   []*gateway.SelfDeclaration
	Total   int
	D       *gateway.SelfDeclaration
	Reviews []recallAction
	CanFile bool
}

var declLabels = formLabels{
	"product.name": {"product_name", "产品名称", "Product"}, "product.model": {"product_model", "型号", "Model"},
	"product.hs_code": {"product_hs_code", "HS 编码", "HS code"}, "standards": {"", "执行标准", "Standards"},
	"indicators": {"", "主要技术指标", "Key indicators"}, "reason": {"", "理由", "Reason"}, "action": {"reason", "审查意见", "Decision"},
	"rev": {"reason", "版本", "Revision"},
}

// selfDeclarations lists the declarations the viewer may see, with the
// firm's form.
func (s *Server) selfDeclarations(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.declsView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "selfdecls.html", p)
}

func (s *Server) declsView(r *http.Request) (declsPage, error) {
	items, total, err := s.Gateway.ListDeclarations(r.Context(), actorOf(r), gateway.DeclarationFilter{Paging: risk.Paging{Limit: 200}})
	if err != nil {
		return declsPage{}, err
	}
	return declsPage{Page: s.page(r, "标准自我声明", "Standard self-declarations"), Items: items, Total: total,
		CanFile: gateway.IsFirm(actorOf(r), risk.PermSelfDeclFile)}, nil
}

// selfDeclare files a declaration from the form: one standard a line,
// its number then its title.
func (s *Server) selfDeclare(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gateway.DeclarationInput{Product: gateway.Product{Name: f.Get("product_name"), Model: f.Get("product_model"), HSCode: f.Get("product_hs_code")},
		Indicators: f.Get("indicators")}
	for _, line := range strings.Split(f.Get("standards"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// The number may hold a space (GB/T 2828.1-2012): the title
		// follows the year's "-YYYY".
		num, title := line, ""
		if i := strings.LastIndex(line, "-"); i >= 0 && len(line) >= i+5 {
			num, title = strings.TrimSpace(line[:i+5]), strings.TrimSpace(line[i+5:])
		}
		in.Standards = append(in.Standards, gateway.Standard{Number: num, Title: title})
	}
	d, err := s.Gateway.Declare(r.Context(), actorOf(r), in)
	if err == nil {
		http.Redirect(w, r, "/self-declarations/"+strconv.Itoa(int(d.ID))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labelsAll{declLabels, labelFunc(func(field string) (fieldLabel, bool) {
		if strings.HasPrefix(field, "standards") {
			return fieldLabel{"standards", "执行标准", "Standards"}, true
		}
		return fieldLabel{}, false
	})}, "declare", f, "selfdecls.html", func() (declsPage, error) { return s.declsView(r) })
}

func (s *Server) declView(r *http.Request, id risk.ID) (declsPage, error) {
	a := actorOf(r)
	d, err := s.Gateway.GetDeclaration(r.Context(), a, id)
	if err != nil {
		return declsPage{}, err
	}
	p := declsPage{Page: s.page(r, "标准自我声明："+d.Product.Name, "Self-declaration: "+d.Product.Name), D: d}
	for _, act := range gateway.DeclarationReviews(a, d) {
		zh, en := gateway.Action(act).Label()
		p.Reviews = append(p.Reviews, recallAction{act, zh, en})
	}
	return p, nil
}

func (s *Server) selfDeclaration(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.declView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "selfdecls.html", p)
}

func (s *Server) selfDeclReview(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	_, err = s.Gateway.ReviewDeclaration(r.Context(), actorOf(r), id, gateway.Review{Action: f.Get("action"), Reason: f.Get("reason"), Rev: rev})
	if err == nil {
		http.Redirect(w, r, "/self-declarations/"+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, declLabels, "review", f, "selfdecls.html", func() (declsPage, error) { return s.declView(r, id) })
}
