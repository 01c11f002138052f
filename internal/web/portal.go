package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"riskgate/internal/catalog"
	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
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
	q.Offset, q.Limit = paging(v, &bad)
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

// namedCode is a catalogue code with its names.
type namedCode struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

func namedCodes(cat string, codes []string) []namedCode {
	out := []namedCode{}
	for _, c := range codes {
		n := namedCode{Code: c, NameZh: c, NameEn: c}
		if e := lookupEntry(cat, c); e != nil {
			n.NameZh, n.NameEn = e.NameZh, e.NameEn
		}
		out = append(out, n)
	}
	return out
}

// searchItem is one result of the search API: the announcement, what it
// is about, and why it matched.
type searchItem struct {
	publicItem
	Categories      []namedCode         `json:"categories"`
	Hazards         []namedCode         `json:"hazards"`
	Countries       []namedCode         `json:"countries"`
	GTINs           []string            `json:"gtins"`
	Batches         []string            `json:"batches"`
	TitleHighlights []publish.Highlight `json:"title_highlights"`
	Snippet         publish.Snippet     `json:"snippet"`
	MatchedIn       []publish.Match     `json:"matched_in"`
}

func (s *Server) toSearchItem(m *publish.Message, q publish.SearchQuery, base string) searchItem {
	ex := publish.Explain(m, q)
	it := searchItem{publicItem: s.toPublicItem(m, base), Categories: namedCodes("categories", m.Facets.Categories),
		Hazards: namedCodes("hazards", m.Facets.Hazards), Countries: namedCodes("countries", m.Facets.Countries),
		GTINs: nonNil(m.Warning.Scope.GTINs), Batches: nonNil(m.Warning.Scope.Batches),
		TitleHighlights: ex.Title.Highlights, Snippet: ex.Snippet, MatchedIn: ex.MatchedIn}
	if it.MatchedIn == nil {
		it.MatchedIn = []publish.Match{}
	}
	return it
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// searchResult is one result on the portal: the title and snippet with
// the matching words marked, what the announcement is about and why it
// matched, in words.
type searchResult struct {
	M       *publish.Message
	Title   []publish.Part
	Snippet []publish.Part
	Facts   []labelled
	Why     string
}

// labelled is a label and its value, in the page language.
type labelled struct{ Label, Value string }

// matchFields names the fields of publish.Match.
var matchFields = map[string][2]string{
	"title": {"标题", "title"}, "number": {"文号", "number"}, "summary": {"摘要", "summary"}, "matters": {"警示事项", "matters"},
	"advice": {"消费提示", "advice"}, "keywords": {"品名", "product"}, "brands": {"品牌", "brand"}, "models": {"型号", "model"},
	"manufacturers": {"生产商", "manufacturer"}, "hs_prefixes": {"HS 编码", "HS code"}, "gtins": {"商品条码", "barcode"}, "batches": {"批次", "batch"},
	"categories": {"类别", "category"}, "hazards": {"危害", "hazard"}, "countries": {"国家", "country"},
	"grade": {"等级", "grade"}, "issued_at": {"发布日期", "issued"},
}

func (p Page) toSearchResult(m *publish.Message, q publish.SearchQuery) searchResult {
	ex := publish.Explain(m, q)
	r := searchResult{M: m, Title: ex.Title.Parts(), Snippet: ex.Snippet.Parts()}
	fact := func(zh, en, value string) {
		if value != "" {
			r.Facts = append(r.Facts, labelled{p.T(zh, en), value})
		}
	}
	sc := &m.Warning.Scope
	fact("类别", "Category", p.Names("categories", m.Facets.Categories))
	fact("危害", "Hazard", p.Names("hazards", m.Facets.Hazards))
	fact("国家或地区", "Country", p.Names("countries", m.Facets.Countries))
	fact("商品条码", "Barcode (GTIN)", strings.Join(sc.GTINs, p.T("、", ", ")))
	fact("批次", "Batch", strings.Join(sc.Batches, p.T("、", ", ")))
	var why []string
	for _, x := range ex.MatchedIn {
		n := matchFields[x.Field]
		label := p.T(n[0], n[1])
		switch {
		case len(x.Values) > 0:
			var names []string
			for _, v := range x.Values {
				switch x.Field {
				case "categories", "hazards", "countries":
					names = append(names, p.Name(x.Field, v))
				case "hs_prefixes":
					names = append(names, p.HSName(v))
				case "grade":
					names = append(names, p.GradeName(risk.Grade(v)))
				default:
					names = append(names, v)
				}
			}
			why = append(why, label+p.T("：", ": ")+strings.Join(names, p.T("、", ", ")))
		default:
			why = append(why, label+p.T("“", " “")+strings.Join(x.Words, p.T("”“", "”, “"))+"”")
		}
	}
	if len(why) > 0 {
		r.Why = p.T("匹配：", "Matched: ") + strings.Join(why, p.T("；", "; "))
	}
	return r
}

// Names names catalogue codes in the page language, as one list.
func (p Page) Names(cat string, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = p.Name(cat, c)
	}
	return strings.Join(names, p.T("、", ", "))
}

// HSName shows an HS code or prefix with the short name of the longest
// heading of the catalogue it falls under: 9613 香烟打火机及其他打火器.
func (p Page) HSName(code string) string {
	for n := len(code); n >= 2; n-- {
		if e := lookupEntry("hs", code[:n]); e != nil {
			return code + " " + e.Short(p.Lang)
		}
	}
	return code
}

type publicPage struct {
	Page
	Search   portalSearch
	Results  []searchResult
	Total    int
	Latest   []*publish.Message // in force, newest first
	Recalls  []recallRow        // recall measures under way
	Notices  []*recall.Recall   // recall notices of recalls under way
	Msg      *publish.Message   // the announcement shown
	Measures []*measure.Measure
}

// recallRow is a recall under way: a recall measure in force on a public
// announcement, with the products, brands and manufacturers the
// announcement names (enterprise identifiers are not published) and the
// day it started.
type recallRow struct {
	Msg      *publish.Message
	Measure  *measure.Measure
	Products []string
	Brands   []string
	Makers   []string
	Since    time.Time
}

// recallOf is the portal's row of a recall measure: the products of its
// own scope, else those of the announcement.
func recallOf(m *publish.Message, x *measure.Measure) recallRow {
	pick := func(own, of []string) []string {
		if len(own) > 0 {
			return own
		}
		return of
	}
	sc, ws := &x.Scope, &m.Warning.Scope
	return recallRow{Msg: m, Measure: x, Products: pick(sc.Keywords, ws.Keywords), Brands: pick(sc.Brands, ws.Brands),
		Makers: pick(sc.Makers, ws.Makers), Since: x.StartsAt}
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
		hits, total, err := s.Publish.Search(r.Context(), q)
		if err != nil {
			return err
		}
		p.Total = total
		for _, m := range hits {
			p.Results = append(p.Results, p.toSearchResult(m, q))
		}
		return s.renderShared(w, r, http.StatusOK, "public.html", p)
	}
	all, _, err := s.Publish.Search(r.Context(), publish.SearchQuery{Limit: publish.MaxSearchResults})
	if err != nil {
		return err
	}
	var active []*publish.Message
	var ws []*warning.Warning
	for _, m := range all {
		if m.Warning.Status.Active() {
			active = append(active, m)
			ws = append(ws, &m.Warning)
		}
	}
	measures, err := s.Measures.PublicOf(r.Context(), ws)
	if err != nil {
		return err
	}
	notices, _, err := s.Recalls.Public(r.Context(), risk.Paging{Limit: 20})
	if err != nil {
		return err
	}
	for _, n := range notices {
		if n.Status.Open() {
			p.Notices = append(p.Notices, n)
		}
	}
	for _, m := range active {
		if len(p.Latest) < 20 {
			p.Latest = append(p.Latest, m)
		}
		for _, x := range measures[m.WarningID] {
			if recallTypes[x.Type] && x.Status == measure.StatusInForce {
				p.Recalls = append(p.Recalls, recallOf(m, x))
			}
		}
	}
	return s.renderShared(w, r, http.StatusOK, "public.html", p)
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
	GradeShort(g risk.Grade) string
}

// announcementRow is one announcement in a portal list.
type announcementRow struct {
	P pageText
	M *publish.Message
}

var (
	countriesOnce   sync.Once
	countriesByLang map[string][]catalog.Entry
)

// Countries lists the countries catalogue for a select, sorted by name
// in the page language (Chinese by pinyin, as people look for them).
func (p Page) Countries() []catalog.Entry {
	countriesOnce.Do(func() {
		countriesByLang = map[string][]catalog.Entry{}
		t, err := catalog.BuiltinTable("countries")
		if err != nil {
			return
		}
		for lang, tag := range map[string]language.Tag{"zh": language.Chinese, "en": language.English} {
			c := collate.New(tag)
			es := slices.Clone(t.Entries)
			slices.SortStableFunc(es, func(a, b catalog.Entry) int { return c.CompareString(a.Name(lang), b.Name(lang)) })
			countriesByLang[lang] = es
		}
	})
	if p.Lang == "en" {
		return countriesByLang["en"]
	}
	return countriesByLang["zh"]
}
