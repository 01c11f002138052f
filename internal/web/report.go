package web

import (
	"net/http"
	"strconv"

	"riskgate/internal/report"
	"riskgate/internal/risk"
)

type reportsPage struct {
	Page
	Form
	Reports []*report.Report
	Groups  []report.Group
	Month   string // the default of the form: last month
}

type reportPage struct {
	Page
	R      *report.Report
	Trend  map[string]any
	Causes map[string]any
}

// Pct formats a rate as a percentage, "—" without inspections.
func (p reportPage) Pct(x float64, n int) string {
	if n == 0 {
		return "—"
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}

// GroupName names the report's group in the page language.
func (p reportPage) GroupName() string { return p.T(p.R.Group.NameZh, p.R.Group.NameEn) }

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.reportsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reports.html", p)
}

// reportsView is the list of reports with the form that generates one.
func (s *Server) reportsView(r *http.Request) (reportsPage, error) {
	rs, err := s.Reports.List(r.Context(), actorOf(r), r.URL.Query().Get("group"))
	if err != nil {
		return reportsPage{}, err
	}
	from, _ := report.MonthOf(s.Now())
	return reportsPage{Page: s.page(r, "重点商品质量状况报告", "Quality status reports"),
		Reports: rs, Groups: report.KeyGroups, Month: from.AddDate(0, -1, 0).Format("2006-01")}, nil
}

// reportLabels name the fields of the form that generates a report.
var reportLabels = formLabels{"group": {"rgroup", "商品组", "Commodity group"}, "month": {"rmonth", "月份", "Month"}}

// reportCreate generates a report from the list page's form.
func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	var rep *report.Report
	month, err := report.ParseMonth(r.PostForm.Get("month"))
	if err == nil {
		rep, err = s.Reports.Generate(r.Context(), actorOf(r), r.PostForm.Get("group"), month)
	}
	if err != nil {
		if _, ok := formErrorOf(Page{}, err, nil); !ok {
			return err
		}
		p, verr := s.reportsView(r)
		if verr != nil {
			return verr
		}
		p.Form, _ = formError(p.Page, err, reportLabels, "generate", r.PostForm)
		return s.render(w, r, statusOf(err), "reports.html", p)
	}
	http.Redirect(w, r, "/reports/"+rep.ID.String(), http.StatusSeeOther)
	return nil
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.Reports.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	zh, en := rep.Title()
	p := reportPage{Page: s.page(r, zh, en), R: rep}
	p.Trend, p.Causes = reportCharts(p.Page, rep)
	return s.render(w, r, http.StatusOK, "report.html", p)
}

// reportCharts draws the twelve-month trend (signals and failed lots as
// bars, the pass rate as a line on its own axis) and the causes as a pie.
func reportCharts(p Page, rep *report.Report) (trend, causes map[string]any) {
	var months []string
	var sig, failed []int
	var rate []any
	for _, m := range rep.Figures.Trend {
		months = append(months, m.Month)
		sig, failed = append(sig, m.Signals), append(failed, m.Failed)
		if m.Inspections > 0 {
			rate = append(rate, round2(100*m.PassRate))
		} else {
			rate = append(rate, nil)
		}
	}
	trend = map[string]any{
		"animation": false, "tooltip": map[string]any{"trigger": "axis"}, "legend": map[string]any{"top": 0},
		"grid":  map[string]any{"left": 50, "right": 50, "top": 40, "bottom": 30},
		"xAxis": map[string]any{"type": "category", "data": months},
		"yAxis": []any{map[string]any{"type": "value", "minInterval": 1}, map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}}},
		"series": []any{
			map[string]any{"name": p.T("风险信息", "Signals"), "type": "bar", "data": sig, "itemStyle": map[string]any{"color": "#1565c0"}},
			map[string]any{"name": p.T("不合格批次", "Failed lots"), "type": "bar", "data": failed, "itemStyle": map[string]any{"color": "#bf5000"}},
			map[string]any{"name": p.T("合格率", "Pass rate"), "type": "line", "yAxisIndex": 1, "data": rate, "connectNulls": true, "itemStyle": map[string]any{"color": "#2e7d32"}},
		},
	}
	var data []any
	for _, c := range rep.Figures.Causes {
		name := p.T("未分类", "Unclassified")
		if c.Code != "" {
			name = p.Name("hazards", c.Code)
		}
		data = append(data, map[string]any{"name": name, "value": c.Count})
	}
	causes = map[string]any{"animation": false, "tooltip": map[string]any{"trigger": "item"},
		"series": []any{map[string]any{"type": "pie", "radius": []string{"35%", "65%"}, "data": data}}}
	return trend, causes
}

// reportFile serves a report as PDF or XLSX.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.Reports.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	var body []byte
	var ctype, ext string
	switch r.PathValue("format") {
	case "pdf":
		body, err = rep.PDF()
		ctype, ext = "application/pdf", "pdf"
	case "xlsx":
		body, err = rep.XLSX()
		ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
	default:
		return risk.Errorf(risk.ErrNotFound, "报告格式须为 pdf 或 xlsx。 / The format is pdf or xlsx.")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="quality-report-`+rep.Group.Code+"-"+rep.Period()+"."+ext+`"`)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(body)
	return err
}
