package web

import (
	"net/http"

	"riskgate/internal/injury"
)

func (s *Server) apiInjuries(w http.ResponseWriter, r *http.Request) error {
	_, items, total, err := s.listInjuries(r)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*injury.Record{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
	return nil
}

func (s *Server) apiInjuryImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	rep, _, err := s.injuryUpload(w, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
