package web

import (
	"context"
	"net/http"
	"sort"

	"riskgate/internal/risk"
)

type dashboardPage struct {
	Page
	Enterprises int
	Users       int
	AuditLen    int
	Catalogs    int
	TierChart   map[string]any
	RegionChart map[string]any
	Own         any
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !risk.Can(a, risk.PermDashboard) {
		return risk.Errorf(risk.ErrForbidden, "无权查看工作台。 / Not allowed to view the dashboard.")
	}
	p := dashboardPage{Page: s.page(r, "工作台", "Dashboard")}
	ctx := r.Context()
	if a.IsOfficial() {
		byTier, byPref, total, err := s.Stats.EnterpriseCounts(ctx)
		if err != nil {
			return err
		}
		p.Enterprises = total
		p.TierChart = s.tierChart(p.Page, byTier)
		p.RegionChart = s.regionChart(p.Page, byPref)
	} else if a.EnterpriseID != 0 {
		e, err := s.Enterprises.Get(ctx, a, a.EnterpriseID)
		if err != nil {
			return err
		}
		p.Own = e
	}
	if risk.Can(a, risk.PermUserAdmin) {
		n, err := s.Stats.CountUsers(ctx)
		if err != nil {
			return err
		}
		p.Users = n
	}
	if risk.Can(a, risk.PermAuditRead) {
		n, err := s.Stats.AuditCount(ctx)
		if err != nil {
			return err
		}
		p.AuditLen = n
	}
	p.Catalogs = len(entryIndex)
	return s.render(w, r, http.StatusOK, "dashboard.html", p)
}

func (s *Server) tierChart(p Page, byTier map[string]int) map[string]any {
	var data []map[string]any
	for _, e := range p.Entries("credit-tiers") {
		data = append(data, map[string]any{"name": e.Name(p.Lang), "value": byTier[e.Code]})
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"color":   []string{"#1b7a3d", "#127c80", "#5c6670", "#8a5300", "#8b1a1a"},
		"series":  []any{map[string]any{"type": "pie", "radius": []string{"40%", "70%"}, "data": data}},
	}
}

func (s *Server) regionChart(p Page, byPref map[string]int) map[string]any {
	type kv struct {
		name string
		n    int
	}
	var rows []kv
	for code, n := range byPref {
		name := p.Name("regions", code+"00")
		if code == "" {
			name = p.T("未填", "Not given")
		}
		rows = append(rows, kv{name, n})
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].n > rows[j].n || rows[i].n == rows[j].n && rows[i].name < rows[j].name
	})
	if len(rows) > 15 {
		rows = rows[:15]
	}
	names, values := []string{}, []int{}
	for i := len(rows) - 1; i >= 0; i-- {
		names, values = append(names, rows[i].name), append(values, rows[i].n)
	}
	return map[string]any{
		"tooltip": map[string]any{},
		"grid":    map[string]any{"left": 110, "right": 20, "top": 10, "bottom": 30},
		"xAxis":   map[string]any{"type": "value", "minInterval": 1},
		"yAxis":   map[string]any{"type": "category", "data": names},
		"series":  []any{map[string]any{"type": "bar", "data": values, "itemStyle": map[string]any{"color": "#1f5fa8"}}},
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2e9)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		s.Log.ErrorContext(ctx, "health check failed", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "down"})
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
