package web

import (
	"net/http"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

func (s *Server) apiCatalogList(w http.ResponseWriter, r *http.Request) error {
	type item struct {
		catalog.Info
		Entries int `json:"entries"`
	}
	var items []item
	for _, c := range catalog.Catalogs {
		items = append(items, item{c, len(entryIndex[c.Name])})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) apiCatalogSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := catalogQuery(r)
	if err != nil {
		return err
	}
	entries, err := s.Catalog.Search(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []catalog.Entry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"catalog": q.Catalog, "items": entries})
	return nil
}

func (s *Server) apiUSCC(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if len(code) > 64 {
		return risk.Invalid("code", "代码过长。", "the code is too long.")
	}
	res := ident.CheckUSCC(code)
	out := map[string]any{"valid": res.Valid, "reason": res.Reason}
	if res.Position > 0 {
		out["position"] = res.Position
	}
	if len(res.Details) > 0 {
		out["details"] = res.Details
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
