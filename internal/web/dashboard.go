package web

import (
	"context"
	"net/http"
	"sort"

	"riskgate/internal/risk"
	"riskgate/internal/workbench"
)

// dashboardPage is the workbench at /: what the user must act on, and the
// province at a glance.
type dashboardPage struct {
	Page
	Bench *workbench.Bench
	// Charts of the picture (nil when the user sees no warnings).
	TrendChart map[string]any
	MapChart   map[string]any
	MapSignals map[string]any
	// Administrators also see the register and the system.
	Enterprises int
	Users       int
	AuditLen    int
	Own         any
}

// ChannelName names a queue's channel, or the queue itself.
func (p dashboardPage) ItemName(it workbench.Item) string {
	if it.Code != "" {
		return p.T(it.Zh, it.En) + " · " + p.Name("channels", it.Code)
	}
	return p.T(it.Zh, it.En)
}

// dashboard is the workbench. An anonymous visitor goes to the public
// portal instead of a sign-in error.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a.IsAnonymous() {
		http.Redirect(w, r, "/public", http.StatusSeeOther)
		return nil
	}
	bench, err := s.Workbench.Get(r.Context(), a)
	if err != nil {
		return err
	}
	p := dashboardPage{Page: s.page(r, "工作台", "Workbench"), Bench: bench}
	if pic := bench.Picture; pic != nil {
		p.TrendChart = trendChart(p.Page, pic)
		p.MapChart = hunanMap(p.Page, pic.WarningsByPrefecture, p.T("在施预警", "Warnings in force"), "#b3261e")
		p.MapSignals = hunanMap(p.Page, pic.SignalsByPrefecture, p.T("风险信息（12周）", "Signals (12 weeks)"), "#1a56a8")
	}
	ctx := r.Context()
	if risk.Can(a, risk.PermUserAdmin) {
		_, _, total, err := s.Stats.EnterpriseCounts(ctx)
		if err != nil {
			return err
		}
		p.Enterprises = total
		if p.Users, err = s.Stats.CountUsers(ctx); err != nil {
			return err
		}
	}
	if risk.Can(a, risk.PermAuditRead) {
		n, err := s.Stats.AuditCount(ctx)
		if err != nil {
			return err
		}
		p.AuditLen = n
	}
	if a.Role == risk.RoleEnterprise && a.EnterpriseID != 0 {
		e, err := s.Enterprises.Get(ctx, a, a.EnterpriseID)
		if err != nil {
			return err
		}
		p.Own = e
	}
	return s.render(w, r, http.StatusOK, "dashboard.html", p)
}

// GradeCount is one grade's warnings in force, for the 红橙黄蓝 tiles.
type GradeCount struct {
	Grade risk.Grade
	Count int
}

// InForce lists the warnings in force by grade, I first.
func (p dashboardPage) InForce() []GradeCount {
	var out []GradeCount
	for _, g := range risk.Grades {
		out = append(out, GradeCount{g, p.Bench.Picture.InForce[g]})
	}
	return out
}

// trendChart is the twelve weeks of signals and warnings issued.
func trendChart(p Page, pic *workbench.Picture) map[string]any {
	var labels []string
	for _, w := range pic.Weeks {
		labels = append(labels, w.In(risk.China).Format("01-02"))
	}
	total := 0
	for i := range pic.SignalWeeks {
		total += pic.SignalWeeks[i] + pic.WarningWeeks[i]
	}
	if total == 0 {
		return nil // the page says 暂无数据
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0, "data": []string{p.T("风险信息", "Signals"), p.T("发布预警", "Warnings issued")}},
		"grid":    map[string]any{"left": 40, "right": 40, "top": 56, "bottom": 30},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis": []any{map[string]any{"type": "value", "minInterval": 1, "name": p.T("信息", "Signals")},
			map[string]any{"type": "value", "minInterval": 1, "name": p.T("预警", "Warnings")}},
		"series": []any{
			map[string]any{"name": p.T("风险信息", "Signals"), "type": "bar", "data": pic.SignalWeeks, "itemStyle": map[string]any{"color": "#1a56a8"}},
			map[string]any{"name": p.T("发布预警", "Warnings issued"), "type": "line", "yAxisIndex": 1, "data": pic.WarningWeeks, "itemStyle": map[string]any{"color": "#b3261e"}},
		},
	}
}

// hunanMap is a choropleth of Hunan's 14 市州 (the boundaries: static/vendor/
// hunan.json, registered as the map "hunan" by app.js before the chart is
// drawn). Regions are named as the boundary file names them, which are the
// regions catalogue's names.
func hunanMap(p Page, byPref map[string]int, title, colour string) map[string]any {
	var data []map[string]any
	nameMap := map[string]string{}
	max := 0
	for _, e := range p.Entries("regions") {
		if len(e.Code) != 6 || e.Code[:2] != "43" || e.Code[4:] != "00" || e.Code == "430000" {
			continue
		}
		n := byPref[e.Code]
		if n > max {
			max = n
		}
		// The boundary file names features in Chinese; nameMap shows the
		// page language's names.
		nameMap[e.NameZh] = e.Name(p.Lang)
		data = append(data, map[string]any{"name": e.Name(p.Lang), "value": n})
	}
	sort.Slice(data, func(i, j int) bool { return data[i]["name"].(string) < data[j]["name"].(string) })
	if max == 0 {
		max = 1
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"visualMap": map[string]any{"min": 0, "max": max, "left": "left", "bottom": 10, "calculable": true,
			"text": []string{p.T("多", "More"), p.T("少", "Fewer")}, "inRange": map[string]any{"color": []string{"#f4f6f9", colour}}},
		"series": []any{map[string]any{"name": title, "type": "map", "map": "hunan", "roam": false,
			"nameMap": nameMap, "label": map[string]any{"show": true, "fontSize": 10}, "data": data}},
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2e9)
	defer cancel()
	var cont any
	if st := s.Contingency.Status(); st.Enabled {
		cont = map[string]any{"active": st.Active, "pending": st.Pending, "rejected": st.Rejected}
	}
	if err := s.Ping(ctx); err != nil {
		s.Log.ErrorContext(ctx, "health check failed", "error", err)
		if cont != nil {
			// The node still screens and records results, held locally.
			writeJSON(w, http.StatusOK, map[string]any{"status": "contingency", "database": "down", "contingency": cont})
			return nil
		}
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "down"})
		return nil
	}
	if cont != nil {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "database": "ok", "contingency": cont})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
	return nil
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPI)
	return err
}
