package web

import (
	"net/http"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// submissionsPage lists what an enterprise or lab user reported and where
// each report stands.
type submissionsPage struct {
	Page
	Status     signal.Status
	Items      []*signal.Signal
	Total      int
	Prev, Next int
	Offset     int
}

// Statuses are the filter tabs.
func (submissionsPage) Statuses() []signal.Status {
	return []signal.Status{signal.StatusNew, signal.StatusTriaged, signal.StatusDismissed}
}

func (s *Server) submissions(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	offset := intParam(q.Get("offset"), "offset", &v)
	if err := v.Err(); err != nil {
		return err
	}
	st := signal.Status(q.Get("status"))
	items, total, err := s.Signals.Submissions(r.Context(), actorOf(r), st, offset, 50)
	if err != nil {
		return err
	}
	p := submissionsPage{Page: s.page(r, "我的报送", "My reports"), Status: st, Items: items, Total: total, Offset: offset}
	p.Prev, p.Next = pager(offset, 50, total)
	return s.render(w, r, http.StatusOK, "submissions.html", p)
}
