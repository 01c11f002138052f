package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// baseURL is the absolute URL of the portal for links in feeds and CAP
// documents: the configured public URL, or the one the request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
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
	doc, err := s.Publish.CAP(r.Context(), actorOf(r), risk.ID(id), seq, s.baseURL(r))
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

// maxFilterValues bounds each filter parameter.
const maxFilterValues = 20

// parseFilter reads the publication filter of a query: category, hs,
// hazard, country and grade, each repeated or comma-separated. A value
// that is not in its catalogue is refused, naming the parameter.
func parseFilter(q url.Values) (publish.Filter, error) {
	var f publish.Filter
	var v risk.Validation
	values := func(name string) []string {
		var out []string
		for _, x := range q[name] {
			for _, y := range strings.Split(x, ",") {
				if y = strings.TrimSpace(y); y != "" {
					out = append(out, y)
				}
			}
		}
		if len(out) > maxFilterValues {
			v.Add(name, name+" 最多 "+strconv.Itoa(maxFilterValues)+" 个值。", name+" takes at most "+strconv.Itoa(maxFilterValues)+" values.")
			return nil
		}
		return out
	}
	inCatalog := func(name, table string, zh, en string) []string {
		t, _ := catalog.BuiltinTable(table)
		out := values(name)
		for _, x := range out {
			if t.Find(x) == nil {
				v.Add(name, zh+"无效："+x+"。", "unknown "+en+" "+x+".")
			}
		}
		return out
	}
	f.Categories = inCatalog("category", "categories", "产品类别", "category")
	f.Hazards = inCatalog("hazard", "hazards", "风险类型", "hazard")
	for _, x := range values("hs") {
		c, err := ident.ParseHS(x)
		if err != nil {
			v.Add("hs", "HS 编码前缀应为 2–10 位数字："+x+"。", "hs must be 2–10 digits: "+x+".")
			continue
		}
		f.HSPrefixes = append(f.HSPrefixes, string(c))
	}
	for _, x := range values("country") {
		c, err := ident.ParseCountry(x)
		if err != nil {
			v.Add("country", "国家代码应为 ISO 3166-1 两位字母："+x+"。", "country must be an ISO 3166-1 alpha-2 code: "+x+".")
			continue
		}
		f.Countries = append(f.Countries, string(c))
	}
	for _, x := range values("grade") {
		g, err := risk.ParseGrade(strings.ToUpper(x))
		if err != nil {
			v.Add("grade", "预警等级应为 I、II、III 或 IV："+x+"。", "grade must be I, II, III or IV: "+x+".")
			continue
		}
		f.Grades = append(f.Grades, g)
	}
	return f, v.Err()
}

// feedAnnouncements serves the Atom feed of the public announcements,
// filtered by the query.
func (s *Server) feedAnnouncements(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
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
