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
	Items    []*matching.Stored
	Status   string
	CanWrite bool
}

func (s *Server) matchingList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	items, err := s.Matching.Queue(r.Context(), actorOf(r), status, 200)
	if err != nil {
		return err
	}
	if status == "" {
		status = matching.Proposed
	}
	return s.render(w, r, http.StatusOK, "matching.html", matchingPage{Page: s.page(r, "国外通报匹配", "Matching foreign notifications"),
		Items: items, Status: status, CanWrite: risk.Can(actorOf(r), risk.PermSignalWrite)})
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
		days := intParam(r.PostForm.Get("days"), "days", &v)
		if err := v.Err(); err != nil {
			return err
		}
		res, err := s.Matching.Run(r.Context(), a, days)
		if err != nil {
			return err
		}
		s.setFlash(w, r, "ok", p.T(fmt.Sprintf("已比对 %d 条国外通报、%d 家企业、%d 条出口申报：新候选 %d 个。", res.Notifications, res.Enterprises, res.Lines, res.Proposed),
			fmt.Sprintf("Compared %d notifications, %d enterprises, %d export lines: %d new candidates.", res.Notifications, res.Enterprises, res.Lines, res.Proposed)))
		http.Redirect(w, r, "/matching", http.StatusSeeOther)
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	switch r.PathValue("action") {
	case "confirm":
		c, err := s.Matching.Confirm(r.Context(), a, id, note)
		if err != nil {
			return err
		}
		s.setFlash(w, r, "ok", p.T("已确认匹配并开立案件。", "Match confirmed; a case is open."))
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(int64(c.CaseID), 10), http.StatusSeeOther)
		return nil
	case "reject":
		if err := s.Matching.Reject(r.Context(), a, id, note); err != nil {
			return err
		}
		s.setFlash(w, r, "ok", p.T("已排除该候选。", "Candidate rejected."))
		http.Redirect(w, r, "/matching", http.StatusSeeOther)
		return nil
	}
	return risk.ErrNotFound
}

func (s *Server) apiMatches(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var v risk.Validation
	limit := intParam(r.URL.Query().Get("limit"), "limit", &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, err := s.Matching.Queue(r.Context(), actorOf(r), r.URL.Query().Get("status"), limit)
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

func (s *Server) apiMatchRun(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in struct {
		Days int `json:"days"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	res, err := s.Matching.Run(r.Context(), actorOf(r), in.Days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiMatchDecide(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	switch r.PathValue("action") {
	case "confirm":
		c, err := s.Matching.Confirm(r.Context(), actorOf(r), id, in.Note)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, c)
		return nil
	case "reject":
		if err := s.Matching.Reject(r.Context(), actorOf(r), id, in.Note); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return risk.ErrNotFound
}
