package web

import (
	"net/http"

	"riskgate/internal/measure"
	"riskgate/internal/risk"
)

func (s *Server) apiMeasuresOfWarning(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ms, err := s.Measures.OfWarning(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeItems(w, ms)
	return nil
}

func (s *Server) apiMeasureProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := s.Measures.Propose(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

func (s *Server) apiMeasurePlan(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Items []measure.Input `json:"items"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	ms, err := s.Measures.Plan(r.Context(), actorOf(r), id, in.Items)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"items": ms})
	return nil
}

func (s *Server) apiMeasureGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Measures.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiMeasureAct(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
		Rev    int    `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Measures.Act(r.Context(), actorOf(r), id, in.Action, in.Note, in.Rev))
}

func (s *Server) apiMeasureConsult(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		measure.Consultation
		Rev int `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Measures.Consult(r.Context(), actorOf(r), id, in.Consultation, in.Rev))
}

func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ms, err := s.Measures.Tasks(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	type task struct {
		*measure.Measure
		Overdue bool `json:"overdue"`
	}
	out := make([]task, len(ms))
	for i, m := range ms {
		out[i] = task{m, m.Overdue(s.Now())}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiMeasureBundles(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if r.Method == http.MethodPut {
		var in measure.Bundles
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		b, err := s.Measures.SetBundles(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, b)
		return nil
	}
	if !risk.Can(actorOf(r), risk.PermWarningRead) {
		return risk.Errorf(risk.ErrForbidden, "无权查看措施组合。 / Not allowed to read the bundles.")
	}
	return respond(w, http.StatusOK)(s.Measures.Bundles(r.Context()))
}
