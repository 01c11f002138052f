package web

import "net/http"

// apiPublicSearch answers GET /api/v1/public/search.
func (s *Server) apiPublicSearch(w http.ResponseWriter, r *http.Request) error {
	q, _, err := parsePortalSearch(r.URL.Query())
	if err != nil {
		return err
	}
	hits, total, err := s.Publish.Search(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]searchItem, len(hits))
	for i, m := range hits {
		out[i] = s.toSearchItem(m, q, s.baseURL())
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": total})
	return nil
}
