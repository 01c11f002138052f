package web

import (
	"net/http"

	"riskgate/internal/risk"
)

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
	return respond(w, http.StatusOK)(s.Matching.Run(r.Context(), actorOf(r), in.Days))
}

func (s *Server) apiMatchDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
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
