package web

import (
	"fmt"
	"net/http"

	"riskgate/internal/assess"
)

func (s *Server) apiAssessmentDraft(w http.ResponseWriter, r *http.Request) error {
	var in assess.Input
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	x, err := s.Assess.Draft(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/assessments/%d", x.ID))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) apiAssessmentsOfCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	xs, err := s.Assess.ByCase(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeItems(w, xs)
	return nil
}

func (s *Server) apiAssessmentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiAssessmentEdit(w http.ResponseWriter, r *http.Request) error {
	var in assess.Input
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.Edit(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiAssessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Rev int `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.Submit(r.Context(), actorOf(r), id, in.Rev))
}

func (s *Server) apiAssessmentDecide(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
		Rev    int    `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.Decide(r.Context(), actorOf(r), id, in.Action, in.Note, in.Rev))
}
