package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

type queuePage struct {
	Page
	Filter screening.QueueFilter
	Items  []screening.Summary
	Total  int
	Prev   int
	Next   int
}

func (s *Server) declarationQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	f := screening.QueueFilter{Port: q.Get("port"), Decision: screening.Decision(q.Get("decision"))}
	f.Offset, f.Limit = intParam(q.Get("offset"), "offset", &v), intParam(q.Get("limit"), "limit", &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Screening.Queue(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := queuePage{Page: s.page(r, "查验队列", "Inspection queue"), Filter: f, Items: items, Total: total}
	p.Prev, p.Next = pager(f.Offset, f.Limit, total)
	return s.render(w, r, http.StatusOK, "declarations.html", p)
}

type declarationPage struct {
	Page
	D         *screening.Stored
	CanRecord bool
}

func (s *Server) declarationShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	d, err := s.Screening.Get(r.Context(), actorOf(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	p := declarationPage{Page: s.page(r, "报关单 "+d.Declaration.Number, "Declaration "+d.Declaration.Number), D: d,
		CanRecord: risk.Can(actorOf(r), risk.PermInspectionWrite)}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "declaration.html", p)
}

// declarationResult records an inspection or lab result against a line.
func (s *Server) declarationResult(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	number := r.PathValue("number")
	n, err := strconv.Atoi(r.PathValue("line"))
	if err != nil || n < 0 {
		return risk.Invalid("line", "行号无效。", "invalid line number.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
	}
	ctx, a := r.Context(), actorOf(r)
	d, err := s.Screening.Get(ctx, a, number)
	if err != nil {
		return err
	}
	if n >= len(d.Declaration.Lines) {
		return risk.Errorf(risk.ErrNotFound, "报关单没有这一行。 / The declaration has no such line.")
	}
	l := d.Declaration.Lines[n]
	uscc := d.Declaration.Responsible()
	if l.ManufacturerUSCC != "" {
		uscc = l.ManufacturerUSCC
	}
	in := inspection.Input{Kind: r.PostForm.Get("kind"), Result: r.PostForm.Get("result"), Findings: r.PostForm.Get("findings"),
		DeclarationRef: fmt.Sprintf("%s#%d", number, n), ExternalRef: fmt.Sprintf("%s#%d/%s", number, n, r.PostForm.Get("kind")),
		Lot: warning.Lot{HSCode: l.HSCode, Name: l.Name, Brand: l.Brand, Model: l.Model, GTIN: l.GTIN, Batch: l.Batch, USCC: uscc,
			Manufacturer: l.Manufacturer, Origin: l.Origin, Destination: l.Destination, Port: d.Declaration.Port, TradeMode: d.Declaration.TradeMode}}
	_, _, err = s.Inspections.Record(ctx, a, in)
	return s.backTo(w, r, "/declarations/"+urlPathEscape(number), err)
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
	p.PortChart = stackedBar(p.Page, st.ByPort, id, false)
	p.MeasureChart = stackedBar(p.Page, st.ByMeasure, func(k string) string { return p.T("措施 ", "Measure ") + k }, true)
	p.DayChart = stackedBar(p.Page, st.ByDay, id, false)
	return s.render(w, r, http.StatusOK, "screening_stats.html", p)
}

func (s *Server) apiScreeningStats(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var v risk.Validation
	days := intParam(r.URL.Query().Get("days"), "days", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if days == 0 {
		days = 30
	}
	st, err := s.Screening.Statistics(r.Context(), actorOf(r), days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	f := screening.QueueFilter{Port: q.Get("port"), Decision: screening.Decision(q.Get("decision"))}
	f.Offset, f.Limit = intParam(q.Get("offset"), "offset", &v), intParam(q.Get("limit"), "limit", &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Screening.Queue(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []screening.Summary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
	return nil
}
