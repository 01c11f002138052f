package web

import "net/http"

// apiContingency reports the node's contingency mode: on or off, what is
// held for resubmission, and what the database refused on resubmission.
func (s *Server) apiContingency(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Contingency.Overview(actorOf(r)))
}
