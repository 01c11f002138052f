package web

import (
	"fmt"
	"net/http"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/risk"
)

func caseFilter(r *http.Request) (casefile.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := casefile.Filter{Text: q.Get("q"), Status: casefile.Status(q.Get("status")), Dept: q.Get("dept"), Assignee: q.Get("assignee")}
	switch f.Assignee {
	case "-": // the cases nobody is assigned to
		f.Assignee, f.Unassigned = "", true
	case "me":
		f.Assignee = actorOf(r).Login
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiCaseList(w http.ResponseWriter, r *http.Request) error {
	f, err := caseFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Cases.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiCaseOpen(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in casefile.OpenInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.Cases.Open(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/cases/%d", c.ID))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiCaseGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Cases.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiCaseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	var ch casefile.Change
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Cases.Update(r.Context(), actorOf(r), id, ch))
}

func (s *Server) apiCaseAddSignals(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		SignalIDs []risk.ID `json:"signal_ids"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	if err := s.Cases.AddSignals(r.Context(), actorOf(r), id, in.SignalIDs); err != nil {
		return err
	}
	return s.apiCaseGet(w, r)
}

func (s *Server) apiCaseShare(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Dept string `json:"dept"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	if err := s.Cases.Share(r.Context(), actorOf(r), id, in.Dept); err != nil {
		return err
	}
	return s.apiCaseGet(w, r)
}

// evaluateRequest is the body of POST /api/v1/assessments/evaluate.
type evaluateRequest struct {
	Profile   string            `json:"profile"`
	Scenarios []assess.Scenario `json:"scenarios"`
}

type evaluateResponse struct {
	Profile   string                  `json:"profile"`
	Version   int                     `json:"version"`
	Level     risk.Level              `json:"level"`
	Scenarios []assess.ScenarioResult `json:"scenarios"`
}

func (s *Server) apiAssessmentEvaluate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in evaluateRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.Assess.Evaluate(r.Context(), actorOf(r), in.Profile, in.Scenarios)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, evaluateResponse{Profile: res.Profile, Version: res.Version, Level: res.Level, Scenarios: res.Scenarios})
	return nil
}
