package web

import (
	"net/http"
	"net/url"
	"time"

	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// portalSearch is a search of the public announcements, as typed.
type portalSearch struct {
	Q, Category, Hazard, HS, Country, Grade, From, To string
}

// Active reports whether anything was asked.
func (q portalSearch) Active() bool { return q != portalSearch{} }

// parsePortalSearch reads the portal's search parameters: q (full text,
// Chinese or other), the facets of parseFilter, and from/to (issue dates,
// YYYY-MM-DD, inclusive), with offset and limit.
func parsePortalSearch(v url.Values) (publish.SearchQuery, portalSearch, error) {
	form := portalSearch{Q: v.Get("q"), Category: v.Get("category"), Hazard: v.Get("hazard"), HS: v.Get("hs"),
		Country: v.Get("country"), Grade: v.Get("grade"), From: v.Get("from"), To: v.Get("to")}
	f, err := parseFilter(v)
	if err != nil {
		return publish.SearchQuery{}, form, err
	}
	q := publish.SearchQuery{Text: form.Q, Filter: f}
	var bad risk.Validation
	if form.From != "" {
		if q.From, err = parseDay(form.From); err != nil {
			bad.Add("from", "起始日期应为 YYYY-MM-DD。", "from must be a date, YYYY-MM-DD.")
		}
	}
	if form.To != "" {
		if t, err := parseDay(form.To); err != nil {
			bad.Add("to", "截止日期应为 YYYY-MM-DD。", "to must be a date, YYYY-MM-DD.")
		} else {
			q.To = t.Add(24*time.Hour - time.Nanosecond)
		}
	}
	q.Offset, q.Limit = intParam(v.Get("offset"), "offset", &bad), intParam(v.Get("limit"), "limit", &bad)
	if q.Offset < 0 || q.Offset > 10_000 {
		bad.Add("offset", "offset 须在 0–10000 之间。", "offset must be 0–10000.")
	}
	return q, form, bad.Err()
}

// publicItem is a public announcement in search results and lists.
type publicItem struct {
	publicAnnouncement
	Status string `json:"status"` // issued, lifted or expired
}

func (s *Server) toPublicItem(m *publish.Message, base string) publicItem {
	return publicItem{publicAnnouncement: toPublic(&m.Warning, base), Status: string(m.Warning.Status)}
}

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
	out := make([]publicItem, len(hits))
	for i, m := range hits {
		out[i] = s.toPublicItem(m, s.baseURL())
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": total})
	return nil
}

type publicPage struct {
	Page
	Search   portalSearch
	Results  []*publish.Message
	Total    int
	Latest   []*publish.Message // in force, newest first
	Recalls  []*publish.Message // in force with a recall among their measures
	Msg      *publish.Message   // the announcement shown
	Measures []*measure.Measure
}

// publicIndex is the portal's home page and its search.
func (s *Server) publicIndex(w http.ResponseWriter, r *http.Request) error {
	q, form, err := parsePortalSearch(r.URL.Query())
	if err != nil {
		return err
	}
	p := publicPage{Page: s.page(r, "风险警示公告", "Risk announcements"), Search: form}
	if form.Active() {
		q.Limit = 50
		if p.Results, p.Total, err = s.Publish.Search(r.Context(), q); err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "public.html", p)
	}
	all, _, err := s.Publish.Search(r.Context(), publish.SearchQuery{Limit: publish.MaxSearchResults})
	if err != nil {
		return err
	}
	for _, m := range all {
		if !m.Warning.Status.Active() || len(p.Latest) == 20 {
			continue
		}
		p.Latest = append(p.Latest, m)
		ms, err := s.Measures.Public(r.Context(), m.WarningID)
		if err != nil {
			return err
		}
		for _, x := range ms {
			if recallTypes[x.Type] && x.Status != measure.StatusLifted {
				p.Recalls = append(p.Recalls, m)
				break
			}
		}
	}
	return s.render(w, r, http.StatusOK, "public.html", p)
}

// publicShow is an announcement's page: as last published, with its
// measures and what consumers should do.
func (s *Server) publicShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Publish.Announcement(r.Context(), id)
	if err != nil {
		return err
	}
	ms, err := s.Measures.Public(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "public.html", publicPage{Page: s.page(r, m.Warning.Title, m.Warning.Title), Msg: m, Measures: ms})
}

// recallTypes are the measures catalogue's recalls.
var recallTypes = map[string]bool{"defect-recall": true, "voluntary-recall": true, "recall-end-users": true}

// pageText is what a sub-template needs of its page.
type pageText interface {
	T(zh, en string) string
	GradeName(g risk.Grade) string
}

// announcementRow is one announcement in a portal list.
type announcementRow struct {
	P pageText
	M *publish.Message
}
