package web

import "net/http"

// apiWorkbench answers the workbench as JSON.
func (s *Server) apiWorkbench(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Workbench.Get(r.Context(), actorOf(r)))
}
