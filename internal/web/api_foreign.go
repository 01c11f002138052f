package web

import "net/http"

func (s *Server) apiForeignImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	rep, _, _, err := s.foreignUpload(w, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
