package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

type queuePage = listPage[screening.QueueFilter, screening.Summary]

// queueFilter reads the port queue's filter from the query string.
func queueFilter(r *http.Request) (screening.QueueFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := screening.QueueFilter{Port: q.Get("port"), Decision: screening.Decision(q.Get("decision"))}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) declarationQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := queueFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Screening.Queue(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "查验队列", "Inspection queue"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "declarations.html", p)
}

type declarationPage struct {
	Page
	D         *screening.Stored
	Lines     []lineView
	CanRecord bool
}

// lineView is a declaration line with its decision and recorded results.
type lineView struct {
	Index   int
	Line    screening.Line
	Result  screening.LineResult
	Records []*inspection.Inspection // oldest first, corrections and superseded results included
	Current map[string]*inspection.Inspection
	Free    []string // kinds without a result yet
}

// partyShow is an enterprise of a declaration as a page shows it.
type partyShow struct {
	Name, USCC, Note string
	Registered       bool
}

// PartyOf shows an enterprise of the declaration by name: the register's
// when its USCC is registered, else the declared one.
func (p declarationPage) PartyOf(uscc, declared string) partyShow {
	pt := p.D.Party(uscc, declared)
	return partyShow{Name: pt.Name(p.Lang), USCC: uscc, Registered: pt.Registered,
		Note: p.T("（未在企业名录中，按申报名称）", "(not in the enterprise register; as declared)")}
}

// Reason is a screening reason in the page language, led by the warning's
// number unless the text names it already.
func (p Page) Reason(r screening.Reason) string {
	why := p.Pick(r.Why)
	if r.WarningNumber == "" || strings.Contains(why, r.WarningNumber) {
		return why
	}
	return r.WarningNumber + " " + why
}

// KindName names an inspection kind.
func (p Page) KindName(kind string) string { return p.L(inspection.Kind(kind)) }

// OutcomeName names an inspection result.
func (p Page) OutcomeName(result string) string { return p.L(inspection.Outcome(result)) }

// DirectionName names a declaration's direction.
func (p Page) DirectionName(dir string) string {
	if dir == "export" {
		return p.T("出口", "Export")
	}
	return p.T("进口", "Import")
}

// CodeName names a catalogue code, saying so when the catalogue does not
// have it (a trade mode outside the catalogue, say).
func (p Page) CodeName(cat, code string) string {
	if code == "" {
		return "—"
	}
	if lookupEntry(cat, code) == nil {
		return code + p.T("（未列入目录）", " (not in the catalogue)")
	}
	return p.Name(cat, code)
}

func (s *Server) declarationShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	d, err := s.Screening.Get(ctx, a, r.PathValue("number"))
	if err != nil {
		return err
	}
	var records []*inspection.Inspection
	if !d.Pending { // held in contingency: no result in the database yet
		if records, err = s.Inspections.LineResults(ctx, a, d.Declaration.Number, len(d.Declaration.Lines)); err != nil {
			return err
		}
	}
	p := declarationPage{Page: s.page(r, "报关单 "+d.Declaration.Number, "Declaration "+d.Declaration.Number), D: d,
		CanRecord: risk.Can(a, risk.PermInspectionWrite)}
	for i, l := range d.Declaration.Lines {
		lv := lineView{Index: i, Line: l, Current: map[string]*inspection.Inspection{}}
		if i < len(d.Result.Lines) {
			lv.Result = d.Result.Lines[i]
		}
		ref := inspection.LineRef(d.Declaration.Number, i)
		for _, x := range records {
			if x.DeclarationRef == ref {
				lv.Records = append(lv.Records, x)
				if x.Current() {
					lv.Current[x.Kind] = x
				}
			}
		}
		for _, k := range []string{inspection.KindInspection, inspection.KindLabTest} {
			if lv.Current[k] == nil {
				lv.Free = append(lv.Free, k)
			}
		}
		p.Lines = append(p.Lines, lv)
	}
	switch {
	case r.URL.Query().Get("screened") != "":
		p.Flash = p.T("筛查完成：", "Screened: ") + p.L(d.Result.Decision)
	case r.URL.Query().Get("saved") != "":
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "declaration.html", p)
}

// lineInput reads the line of a result form or API call: the declaration
// (which the actor must be able to read) and the line's lot.
func (s *Server) lineInput(r *http.Request) (ref string, in inspection.Input, err error) {
	number := r.PathValue("number")
	n, err := strconv.Atoi(r.PathValue("line"))
	if err != nil || n < 0 {
		return "", in, risk.Invalid("line", "行号无效。", "invalid line number.")
	}
	d, err := s.Screening.Get(r.Context(), actorOf(r), number)
	if err != nil {
		// In contingency the line is known by its reference only: the
		// result is held, and takes the line's lot when resubmitted.
		return inspection.LineRef(number, n), in, err
	}
	if n >= len(d.Declaration.Lines) {
		return "", in, risk.Errorf(risk.ErrNotFound, "报关单没有这一行。 / The declaration has no such line.")
	}
	return inspection.LineRef(number, n), inspection.Input{Lot: d.Declaration.LineLot(n)}, nil
}

// declarationResult records an inspection or lab result against a line,
// or corrects it (action "correction").
func (s *Server) declarationResult(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	back := "/declarations/" + urlPathEscape(r.PathValue("number"))
	if act := r.PathValue("action"); act != "result" && act != "correction" {
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	ref, in, err := s.lineInput(r)
	f := r.PostForm
	in.Kind, in.Result, in.Findings = f.Get("kind"), f.Get("result"), f.Get("findings")
	if err != nil {
		switch {
		case !s.Inspections.Contingency.Outage(r.Context(), err):
		case r.PathValue("action") == "result":
			_, _, err = s.Inspections.HoldLine(actorOf(r), ref, in)
		default:
			err = inspection.ErrNoCorrection
		}
		return s.backTo(w, r, back, err)
	}
	if r.PathValue("action") == "correction" {
		var corrects risk.ID
		if c := f.Get("corrects"); c != "" {
			if corrects, err = risk.ParseID(c); err != nil {
				return s.backTo(w, r, back, risk.Invalid("corrects", "被更正的结果编号无效。", "invalid id of the corrected result."))
			}
		}
		_, err = s.Inspections.CorrectLine(r.Context(), actorOf(r), ref, in, corrects, f.Get("reason"))
	} else {
		_, _, err = s.Inspections.RecordLine(r.Context(), actorOf(r), ref, in)
	}
	return s.backTo(w, r, back, err)
}

type statsPage struct {
	Page
	Days         int
	PortChart    map[string]any
	MeasureChart map[string]any
	DayChart     map[string]any
	Total        int
}

var decisionOrder = []screening.Decision{screening.Release, screening.DocumentCheck, screening.Inspect, screening.LabTest,
	screening.Detain, screening.Destroy, screening.Refuse}

var decisionColors = map[screening.Decision]string{screening.Release: "#1b7a3d", screening.DocumentCheck: "#5c6670",
	screening.Inspect: "#1f5fa8", screening.LabTest: "#127c80", screening.Detain: "#bf5000", screening.Destroy: "#8a5300", screening.Refuse: "#8b1a1a"}

// DecisionName names a decision in the page language.
func (p Page) DecisionName(d screening.Decision) string { return p.L(d) }

// stackedBar builds an ECharts stacked bar option from counts.
func stackedBar(p Page, counts []screening.Count, label func(string) string, horizontal bool) map[string]any {
	keySet := map[string]bool{}
	for _, c := range counts {
		keySet[c.Key] = true
	}
	var keys []string
	for k := range keySet {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = label(k)
	}
	var series []any
	for _, d := range decisionOrder {
		data := make([]int, len(keys))
		found := false
		for _, c := range counts {
			if c.Decision == d {
				data[sort.SearchStrings(keys, c.Key)] += c.N
				found = true
			}
		}
		if found {
			series = append(series, map[string]any{"name": p.DecisionName(d), "type": "bar", "stack": "all", "data": data,
				"itemStyle": map[string]any{"color": decisionColors[d]}})
		}
	}
	cat := map[string]any{"type": "category", "data": names}
	val := map[string]any{"type": "value", "minInterval": 1}
	opt := map[string]any{"tooltip": map[string]any{"trigger": "axis"}, "legend": map[string]any{}, "series": series,
		"grid": map[string]any{"left": 80, "right": 20, "top": 40, "bottom": 30}}
	if horizontal {
		opt["xAxis"], opt["yAxis"] = val, cat
	} else {
		opt["xAxis"], opt["yAxis"] = cat, val
	}
	return opt
}

func (s *Server) screeningStats(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	days := 30
	if d := r.URL.Query().Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return risk.Invalid("days", "days 必须是整数。", "days must be an integer.")
		}
		days = n
	}
	st, err := s.Screening.Statistics(r.Context(), actorOf(r), days)
	if err != nil {
		return err
	}
	p := statsPage{Page: s.page(r, "筛查统计", "Screening statistics"), Days: days}
	for _, c := range st.ByPort {
		p.Total += c.N
	}
	id := func(k string) string { return k }
	port := func(k string) string { return p.CodeName("ports", k) }
	types := map[string]string{}
	for _, c := range st.ByMeasure {
		types[c.Key] = c.Type
	}
	measureLabel := func(k string) string {
		if t := types[k]; t != "" {
			return p.T("措施 ", "Measure ") + k + " · " + p.Name("measures", t)
		}
		return p.T("措施 ", "Measure ") + k
	}
	p.PortChart = stackedBar(p.Page, st.ByPort, port, false)
	p.MeasureChart = stackedBar(p.Page, st.ByMeasure, measureLabel, true)
	p.DayChart = stackedBar(p.Page, st.ByDay, id, false)
	return s.render(w, r, http.StatusOK, "screening_stats.html", p)
}
