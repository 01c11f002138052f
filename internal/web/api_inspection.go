package web

import (
	"fmt"
	"net/http"

	"riskgate/internal/inspection"
)

func (s *Server) apiInspectionRecord(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in inspection.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, created, err := s.Inspections.Record(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	switch {
	case x.Pending:
		// Held in contingency: accepted, stored when the database is back.
		status = http.StatusAccepted
	case created:
		status = http.StatusCreated
		w.Header().Set("Location", fmt.Sprintf("/api/v1/inspections/%d", x.ID))
	}
	writeJSON(w, status, x)
	return nil
}

func (s *Server) apiInspectionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Inspections.Get(r.Context(), actorOf(r), id))
}
