package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"riskgate/internal/catalog"
	"riskgate/internal/detection"
	"riskgate/internal/risk"
)

// groupLabel renders a series key ("hs_heading=9613;hazard=fire") for
// people, in the page language.
func groupLabel(p Page, key string) string { return p.T(detection.Label(key)) }

// dimName names a dimension in the page language.
func dimName(p Page, dim string) string { return p.T(detection.DimLabel(dim)) }

// methodNames are the detection methods' names as their literature gives them.
var methodNames = map[string][2]string{
	"earsC1": {"EARS C1", "EARS C1"}, "earsC2": {"EARS C2", "EARS C2"}, "earsC3": {"EARS C3", "EARS C3"}, "cusum": {"CUSUM", "CUSUM"},
	"farrington":         {"Farrington 法", "Farrington"},
	"farringtonFlexible": {"Farrington 灵活法（Noufaily 2013）", "Farrington flexible (Noufaily 2013)"},
}

// methodName names a detection method in the page language.
func methodName(p Page, m string) string {
	if n, ok := methodNames[m]; ok {
		return p.T(n[0], n[1])
	}
	return m
}

type detectorsPage struct {
	Page
	Form
	Detectors []*detection.Detector
	Alarms    []*detection.Alarm
	Names     map[risk.ID]string
	CanWrite  bool
	Dims      []string
	Methods   []string
	Channels  []catalog.Entry
	In        detection.Input
	ParamText string
}

// detectorLabels name the fields of the new-detector form.
var detectorLabels = formLabels{"name": {"d-name", "名称", "Name"}, "group_by": {"d-group_by", "分组维度", "Group by"},
	"channels": {"d-channels", "只统计这些渠道", "Only these channels"}, "period": {"d-period", "周期", "Period"},
	"method": {"d-method", "方法", "Method"}, "params": {"d-params", "参数", "Options"}, "suppress_days": {"d-suppress", "抑制天数", "Suppression (days)"}}

func (p detectorsPage) DimName(d string) string    { return dimName(p.Page, d) }
func (p detectorsPage) MethodName(m string) string { return methodName(p.Page, m) }
func (p detectorsPage) Label(key string) string    { return groupLabel(p.Page, key) }
func (p detectorsPage) Has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) detectorsPage(r *http.Request) (detectorsPage, error) {
	a := actorOf(r)
	ds, err := s.Detection.List(r.Context(), a)
	if err != nil {
		return detectorsPage{}, err
	}
	alarms, err := s.Detection.Alarms(r.Context(), a, detection.AlarmFilter{Limit: 50})
	if err != nil {
		return detectorsPage{}, err
	}
	p := detectorsPage{Page: s.page(r, "统计检测", "Detection"), Detectors: ds, Alarms: alarms, Names: map[risk.ID]string{},
		CanWrite: risk.Can(a, risk.PermDetectorWrite), Dims: detection.Dimensions, Methods: detection.Methods,
		In: detection.Input{Period: detection.Week, Method: "farringtonFlexible", GroupBy: []string{detection.DimHSHeading}}}
	for _, d := range ds {
		p.Names[d.ID] = d.Name
	}
	if t, err := catalog.BuiltinTable("channels"); err == nil {
		for _, e := range t.Entries {
			if e.Code != detection.AlarmChannel {
				p.Channels = append(p.Channels, e)
			}
		}
	}
	return p, nil
}

func (s *Server) detectionList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.detectorsPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "detectors.html", p)
}

// parseParams reads "name=value" lines.
func parseParams(text string, v *risk.Validation) map[string]string {
	m := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, val, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			v.Add("params", fmt.Sprintf("第 %d 行应为 名称=值。", i+1), fmt.Sprintf("Line %d must be name=value.", i+1))
			continue
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(val)
	}
	return m
}

func (s *Server) detectionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
	}
	f := r.PostForm
	var v risk.Validation
	in := detection.Input{Name: f.Get("name"), GroupBy: f["group_by"], Channels: f["channels"], Period: f.Get("period"), Method: f.Get("method"),
		Params: parseParams(f.Get("params"), &v)}
	if sd := f.Get("suppress_days"); sd != "" {
		n := formInt(&v, "suppress_days", sd, "抑制天数", "the suppression")
		in.SuppressDays = &n
	}
	err := v.Err()
	var d *detection.Detector
	if err == nil {
		d, err = s.Detection.Create(r.Context(), actorOf(r), in)
	}
	if err != nil {
		if _, ok := formErrorOf(Page{}, err, nil); !ok {
			return err
		}
		p, perr := s.detectorsPage(r)
		if perr != nil {
			return perr
		}
		p.Form, _ = formError(p.Page, err, detectorLabels, "create", f)
		p.In, p.ParamText = in, f.Get("params")
		return s.render(w, r, statusOf(err), "detectors.html", p)
	}
	s.setFlash(w, r, "ok", "")
	http.Redirect(w, r, fmt.Sprintf("/detection/%d", d.ID), http.StatusSeeOther)
	return nil
}

type detectorPage struct {
	Page
	D        *detection.Detector
	View     *detection.SeriesView
	Chart    map[string]any // nil: nothing to draw
	CanWrite bool
	Run      *detection.RunResult // the run just made, if any
}

func (p detectorPage) Label(key string) string                  { return groupLabel(p.Page, key) }
func (p detectorPage) DimName(d string) string                  { return dimName(p.Page, d) }
func (p detectorPage) MethodName(m string) string               { return methodName(p.Page, m) }
func (p detectorPage) RunLabel(r detection.SeriesResult) string { return p.T(r.LabelZh, r.LabelEn) }

func (s *Server) detectionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.detectorView(r, id, r.URL.Query().Get("group"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "detector.html", p)
}

// detectorView is a detector's page with the series of group (the
// busiest when empty).
func (s *Server) detectorView(r *http.Request, id risk.ID, group string) (detectorPage, error) {
	a := actorOf(r)
	v, err := s.Detection.Series(r.Context(), a, id, group)
	if err != nil {
		return detectorPage{}, err
	}
	p := detectorPage{Page: s.page(r, "检测器 "+v.Detector.Name, "Detector "+v.Detector.Name), D: v.Detector, View: v,
		CanWrite: detection.CanChange(a, v.Detector)}
	if slices.ContainsFunc(v.Points, func(pt detection.Point) bool { return pt.Observed > 0 }) {
		p.Chart = seriesChart(p.Page, v)
	}
	return p, nil
}

// seriesChart draws the counts as bars, the expected count and the upper
// bound as lines, and the alarms as marks.
func seriesChart(p Page, v *detection.SeriesView) map[string]any {
	n := len(v.Points)
	x := make([]string, n)
	obs := make([]float64, n)
	exp := make([]any, n)
	ub := make([]any, n)
	var alarms [][]any
	for i, pt := range v.Points {
		x[i] = pt.Start.In(risk.China).Format("2006-01-02")
		obs[i] = pt.Observed
		if pt.Expected != nil {
			exp[i] = round2(*pt.Expected)
		}
		if pt.UpperBound != nil {
			ub[i] = round2(*pt.UpperBound)
		}
		if pt.Alarm {
			alarms = append(alarms, []any{x[i], pt.Observed})
		}
	}
	return map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis"},
		"legend":    map[string]any{"top": 0},
		"grid":      map[string]any{"left": 50, "right": 20, "top": 40, "bottom": 80},
		"xAxis":     map[string]any{"type": "category", "data": x},
		"yAxis":     map[string]any{"type": "value", "minInterval": 1},
		"dataZoom":  []any{map[string]any{"type": "slider", "start": 50, "end": 100, "bottom": 10}},
		"series": []any{
			map[string]any{"name": p.T("计数", "Count"), "type": "bar", "data": obs, "itemStyle": map[string]any{"color": "#5470c6"}},
			map[string]any{"name": p.T("预期", "Expected"), "type": "line", "data": exp, "showSymbol": false, "lineStyle": map[string]any{"type": "dashed"}, "itemStyle": map[string]any{"color": "#91cc75"}},
			map[string]any{"name": p.T("上界", "Upper bound"), "type": "line", "step": "middle", "data": ub, "showSymbol": false, "itemStyle": map[string]any{"color": "#fac858"}},
			map[string]any{"name": p.T("预警", "Alarm"), "type": "scatter", "data": alarms, "symbolSize": 14, "itemStyle": map[string]any{"color": "#ee6666"}},
		},
	}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// detectionAction runs a detector now or switches it on or off.
func (s *Server) detectionAction(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	back := fmt.Sprintf("/detection/%d", id)
	switch r.PathValue("action") {
	case "run":
		// The run's report is the answer: the page with the series it
		// evaluated (too long for a flash message to carry across a redirect).
		res, err := s.Detection.Run(r.Context(), a, id)
		if err != nil {
			return err
		}
		p, err := s.detectorView(r, id, "")
		if err != nil {
			return err
		}
		p.Run, p.Path = res, back
		p.Flash = p.T(fmt.Sprintf("已运行：%d 个序列，新预警 %d 条（生成信息 %d 条，抑制 %d 条）。", res.Series, len(res.Alarms), res.Raised, res.Suppressed),
			fmt.Sprintf("Ran: %d series, %d new alarms (%d signals raised, %d suppressed).", res.Series, len(res.Alarms), res.Raised, res.Suppressed))
		return s.render(w, r, http.StatusOK, "detector.html", p)
	case "activate", "deactivate":
		d, err := s.Detection.Get(r.Context(), a, id)
		if err != nil {
			return err
		}
		on := r.PathValue("action") == "activate"
		sd := d.SuppressDays
		if _, err := s.Detection.Update(r.Context(), a, id, detection.Input{Name: d.Name, GroupBy: d.GroupBy, Channels: d.Channels,
			Period: d.Period, Method: d.Method, Params: d.Params, SuppressDays: &sd, Active: &on}); err != nil {
			return err
		}
		s.setFlash(w, r, "ok", "")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	return risk.ErrNotFound
}
