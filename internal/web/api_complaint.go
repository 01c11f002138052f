package web

import (
	"net/http"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// apiComplaintCreate answers POST /api/v1/public/complaints.
func (s *Server) apiComplaintCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		signal.Complaint
		OccurredAt string `json:"occurred_at"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c := in.Complaint
	if in.OccurredAt != "" {
		t, err := parseDay(in.OccurredAt)
		if err != nil {
			return risk.Invalid("occurred_at", "发生日期应为 YYYY-MM-DD。", "occurred_at must be a date, YYYY-MM-DD.")
		}
		c.OccurredAt = t
	}
	rc, err := s.Signals.Complain(r.Context(), c, func() error { return s.allowComplaint(r) })
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"tracking_number": rc.Number, "received_at": rc.ReceivedAt.Format(time.RFC3339),
		"status_url": s.baseURL() + "/public/complaints/" + rc.Number})
	return nil
}

// apiComplaintStatus answers GET /api/v1/public/complaints/{number}.
func (s *Server) apiComplaintStatus(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Signals.Track(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, http.StatusOK, t)
	return nil
}
