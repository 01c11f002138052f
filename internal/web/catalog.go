package web

import (
	"net/http"
	"strconv"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

type catalogIndexPage struct {
	Page
	Catalogs []catalog.Info
	Counts   map[string]int
}

func (s *Server) catalogIndex(w http.ResponseWriter, r *http.Request) error {
	counts := map[string]int{}
	for name, m := range entryIndex {
		counts[name] = len(m)
	}
	return s.render(w, r, http.StatusOK, "catalogs.html", catalogIndexPage{Page: s.page(r, "参考目录", "Reference catalogues"), Catalogs: catalog.Catalogs, Counts: counts})
}

// catalogQuery reads ?q=, ?parent= and ?limit=.
func catalogQuery(r *http.Request) (catalog.Query, error) {
	q := catalog.Query{Catalog: r.PathValue("name"), Text: r.URL.Query().Get("q"), Parent: r.URL.Query().Get("parent")}
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return q, risk.Invalid("limit", "limit 必须是正整数。", "limit must be a positive integer.")
		}
		q.Limit = n
	}
	return q, nil
}

type catalogShowPage struct {
	Page
	Info    catalog.Info
	Query   catalog.Query
	Entries []catalog.Entry
}

func (s *Server) catalogShow(w http.ResponseWriter, r *http.Request) error {
	q, err := catalogQuery(r)
	if err != nil {
		return err
	}
	info, _ := catalog.Lookup(q.Catalog)
	entries, err := s.Catalog.Search(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	p := s.page(r, info.TitleZ, info.TitleE)
	return s.render(w, r, http.StatusOK, "catalog.html", catalogShowPage{Page: p, Info: info, Query: q, Entries: entries})
}

type usccPage struct {
	Page
	Code   string
	Result *ident.Result
}

func (s *Server) usccCheck(w http.ResponseWriter, r *http.Request) error {
	p := usccPage{Page: s.page(r, "统一社会信用代码校验", "USCC check"), Code: r.URL.Query().Get("code")}
	if p.Code != "" {
		if len(p.Code) > 64 {
			return risk.Invalid("code", "代码过长。", "the code is too long.")
		}
		res := ident.CheckUSCC(p.Code)
		p.Result = &res
	}
	return s.render(w, r, http.StatusOK, "uscc.html", p)
}
