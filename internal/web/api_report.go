package web

import (
	"net/http"

	"riskgate/internal/report"
)

// apiReportList answers GET /api/v1/reports.
func (s *Server) apiReportList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.Reports.List(r.Context(), actorOf(r), r.URL.Query().Get("group"))
	if err != nil {
		return err
	}
	writeItems(w, rs)
	return nil
}

// apiReportCreate answers POST /api/v1/reports {"group", "month"}.
func (s *Server) apiReportCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Group string `json:"group"`
		Month string `json:"month"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	month, err := report.ParseMonth(in.Month)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Reports.Generate(r.Context(), actorOf(r), in.Group, month))
}

// apiReportGet answers GET /api/v1/reports/{id}.
func (s *Server) apiReportGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Reports.Get(r.Context(), actorOf(r), id))
}
