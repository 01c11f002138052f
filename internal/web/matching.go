package web

import (
	"fmt"
	"net/http"
	"strconv"

	"riskgate/internal/matching"
	"riskgate/internal/risk"
)

type matchingPage struct {
	Page
	Form
	Items    []*matching.Stored
	Status   string
	Statuses []string // the queue's tabs, matching.Statuses
	CanWrite bool
}

func (s *Server) matchingList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.matchingView(r, r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "matching.html", p)
}

// StatusName names a status of the queue in words.
func (p matchingPage) StatusName(status string) string { return p.L(matching.Status(status)) }

// matchingView is the review queue of candidates with status.
func (s *Server) matchingView(r *http.Request, status string) (matchingPage, error) {
	items, err := s.Matching.Queue(r.Context(), actorOf(r), status, 200)
	if err != nil {
		return matchingPage{}, err
	}
	if status == "" {
		status = matching.Proposed
	}
	return matchingPage{Page: s.page(r, "国外通报匹配", "Matching foreign notifications"),
		Items: items, Status: status, Statuses: matching.Statuses, CanWrite: risk.Can(actorOf(r), risk.PermSignalWrite)}, nil
}

// matchingRefused shows the queue again after one of its forms (action:
// "run", "confirm-12", "reject-12") was refused, with what was typed and
// the problem marked at the input whose id is input.
func (s *Server) matchingRefused(w http.ResponseWriter, r *http.Request, action string, labels formLabels, err error) error {
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return err
	}
	p, verr := s.matchingView(r, matching.Proposed)
	if verr != nil {
		return verr
	}
	p.Form, _ = formError(p.Page, err, labels, action, r.PostForm)
	return s.render(w, r, statusOf(err), "matching.html", p)
}

// matchingAction runs matching, or confirms or rejects a candidate.
func (s *Server) matchingAction(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
	}
	a := actorOf(r)
	p := s.page(r, "", "")
	if r.URL.Path == "/matching/run" {
		var v risk.Validation
		days := formInt(&v, "days", r.PostForm.Get("days"), "回看天数", "the days back")
		err := v.Err()
		var res *matching.RunResult
		if err == nil {
			res, err = s.Matching.Run(r.Context(), a, days)
		}
		if err != nil {
			return s.matchingRefused(w, r, "run", formLabels{"days": {"match-days", "回看天数", "Days back"}}, err)
		}
		msg := p.T(fmt.Sprintf("已比对 %d 条国外通报、%d 家企业、%d 条出口申报：新候选 %d 个，待人工判断 %d 个。", res.Notifications, res.Enterprises, res.Lines, res.Proposed, res.Tied),
			fmt.Sprintf("Compared %d notifications, %d enterprises, %d export lines: %d new candidates, %d to decide by hand.", res.Notifications, res.Enterprises, res.Lines, res.Proposed, res.Tied))
		for _, why := range res.Refused {
			msg += " " + p.T("未比对：", "Not matched: ") + why
		}
		s.setFlash(w, r, "ok", msg)
		http.Redirect(w, r, "/matching", http.StatusSeeOther)
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	action := r.PathValue("action")
	labels := formLabels{"note": {fmt.Sprintf("%s-note-%d", action, id), "说明", "Note"}}
	if action == "reject" {
		labels = formLabels{"note": {fmt.Sprintf("%s-note-%d", action, id), "排除理由", "Why not"}}
	}
	switch action {
	case "confirm":
		c, err := s.Matching.Confirm(r.Context(), a, id, note)
		if err != nil {
			return s.matchingRefused(w, r, fmt.Sprintf("confirm-%d", id), labels, err)
		}
		s.setFlash(w, r, "ok", p.T("已确认匹配并开立案件。", "Match confirmed; a case is open."))
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(int64(c.CaseID), 10), http.StatusSeeOther)
		return nil
	case "reject":
		if err := s.Matching.Reject(r.Context(), a, id, note); err != nil {
			return s.matchingRefused(w, r, fmt.Sprintf("reject-%d", id), labels, err)
		}
		s.setFlash(w, r, "ok", p.T("已排除该候选。", "Candidate rejected."))
		http.Redirect(w, r, "/matching", http.StatusSeeOther)
		return nil
	}
	return risk.ErrNotFound
}
