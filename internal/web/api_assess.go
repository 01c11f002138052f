package web

import (
	"fmt"
	"net/http"

	"riskgate/internal/assess"
)

func (s *Server) apiAssessmentDraft(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in assess.Input
	if err := decodeJSON(w, r, &in); err != nil {
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
	if xs == nil {
		xs = []*assess.Assessment{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": xs})
	return nil
}

func (s *Server) apiAssessmentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.Assess.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) apiAssessmentEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in assess.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.Assess.Edit(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) apiAssessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Rev int `json:"rev"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.Assess.Submit(r.Context(), actorOf(r), id, in.Rev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) apiAssessmentDecide(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
		Rev    int    `json:"rev"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.Assess.Decide(r.Context(), actorOf(r), id, in.Action, in.Note, in.Rev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}
