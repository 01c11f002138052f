package web

import (
	"net/http"

	"riskgate/internal/recall"
	"riskgate/internal/risk"
)

// recallFilter reads a recall list's filter from the query string.
func recallFilter(r *http.Request) (recall.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := recall.Filter{Status: recall.Status(q.Get("status")), Kind: recall.Kind(q.Get("kind")), Open: q.Get("open") == "1" || q.Get("open") == "true"}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiRecallList(w http.ResponseWriter, r *http.Request) error {
	f, err := recallFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Recalls.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiRecallOpen(w http.ResponseWriter, r *http.Request) error {
	var in recall.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Recalls.Open(r.Context(), actorOf(r), in))
}

func (s *Server) apiRecallGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Recalls.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiRecallPlan(w http.ResponseWriter, r *http.Request) error {
	var in recall.PlanInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Recalls.FilePlan(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiRecallAct(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
		Rev    int    `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Recalls.Act(r.Context(), actorOf(r), id, in.Action, in.Note, in.Rev))
}

func (s *Server) apiRecallProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ps, err := s.Recalls.ProgressOf(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeItems(w, ps)
	return nil
}

func (s *Server) apiRecallReport(w http.ResponseWriter, r *http.Request) error {
	var in recall.ProgressInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Recalls.Report(r.Context(), actorOf(r), id, in))
}
