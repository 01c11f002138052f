package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// baseURL is the portal's absolute URL for links in feeds, CAP documents
// and receipts: the configured public URL (RISKGATE_PUBLIC_URL), or ""
// when none is, so that links are relative. It is never built from the
// request's Host header, which the client chooses (and a cache would keep).
func (s *Server) baseURL() string {
	return strings.TrimRight(s.PublicURL, "/")
}

// capShow serves a warning's CAP message: /cap/warnings/12.xml is the
// latest, /cap/warnings/12-1.xml the first (the Alert).
func (s *Server) capShow(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	idText, seqText, _ := strings.Cut(name, "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	seq := 0
	if err == nil && seqText != "" {
		seq, err = strconv.Atoi(seqText)
	}
	if !ok || err != nil || id <= 0 || seq < 0 {
		return risk.Errorf(risk.ErrNotFound, "没有该 CAP 消息。 / No such CAP message.")
	}
	doc, err := s.Publish.CAP(r.Context(), actorOf(r), risk.ID(id), seq, s.baseURL())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.CAPMediaType+"; charset=utf-8")
	if doc.Message.Public {
		w.Header().Set("Cache-Control", "public, max-age=60")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, err = w.Write(doc.Body)
	return err
}

// filterParams are the query parameters of the publication filter, by
// facet.
var filterParams = map[string]string{publish.FacetCategories: "category", publish.FacetHSPrefixes: "hs",
	publish.FacetHazards: "hazard", publish.FacetCountries: "country", publish.FacetGrades: "grade"}

// parseFilter reads the publication filter of a query: category, hs,
// hazard, country and grade, each repeated or comma-separated. A value
// that is not in its catalogue is refused, naming the parameter.
func parseFilter(q url.Values) (publish.Filter, error) {
	values := func(facet string) []string {
		var out []string
		for _, x := range q[filterParams[facet]] {
			for _, y := range strings.Split(x, ",") {
				if y = strings.TrimSpace(y); y != "" {
					out = append(out, y)
				}
			}
		}
		return out
	}
	f := publish.Filter{Categories: values(publish.FacetCategories), HSPrefixes: values(publish.FacetHSPrefixes),
		Hazards: values(publish.FacetHazards), Countries: values(publish.FacetCountries)}
	for _, g := range values(publish.FacetGrades) {
		f.Grades = append(f.Grades, risk.Grade(g))
	}
	return publish.CheckFilter(f, func(facet string) string { return filterParams[facet] })
}

// feedAnnouncements serves the Atom feed of the public announcements,
// filtered by the query.
func (s *Server) feedAnnouncements(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	base := s.baseURL()
	self := base + r.URL.Path
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.Query().Encode()
	}
	body, err := s.Publish.Feed(r.Context(), f, publish.Feed{
		Self:     self,
		Title:    "湖南省进出口商品质量安全风险警示公告 / Hunan import-export product safety announcements",
		Subtitle: "风险警示公告的发布、更新和解除 / Announcements issued, updated and lifted",
	}, base)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.AtomMediaType)
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, err = w.Write(body)
	return err
}
