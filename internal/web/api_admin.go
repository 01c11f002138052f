package web

import (
	"net/http"

	"riskgate/internal/audit"
)

func (s *Server) apiAuditList(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Audit.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*audit.Entry{}
	}
	writeJSON(w, http.StatusOK, listResponse[*audit.Entry]{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit})
	return nil
}
