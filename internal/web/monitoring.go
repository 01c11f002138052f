package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
)

// CommodityName names a commodity code (an HS prefix or a category).
func (p Page) CommodityName(code string) string { return p.L(monitoring.Commodity(code)) }

type monitoringPointsPage struct {
	listPage[monitoring.PointFilter, *monitoring.Point]
	Types     []monitoring.PointType
	Map       map[string]any
	CanManage bool // the user may enter points
}

// monitoringPoints is /monitoring/points: the network, with the points of
// each 市州 on the Hunan map.
func (s *Server) monitoringPoints(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := pointFilter(r.URL.Query())
	if err != nil {
		return err
	}
	a := actorOf(r)
	items, total, err := s.Monitoring.Points(r.Context(), a, f)
	if err != nil {
		return err
	}
	all, _, err := s.Monitoring.Points(r.Context(), a, monitoring.PointFilter{Status: monitoring.PointActive, Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return err
	}
	byPref := map[string]int{}
	for _, p := range all {
		byPref[p.Prefecture]++
	}
	pg := s.page(r, "风险监测点", "Monitoring points")
	return s.render(w, r, http.StatusOK, "monitoring_points.html", monitoringPointsPage{listPage: listPageOf(pg, f, f.Paging, items, total),
		Types: monitoring.PointTypes, Map: hunanMap(pg, byPref, pg.T("监测点", "Monitoring points"), "#1a7f4b"), CanManage: monitoring.CanManage(a)})
}

type monitoringPlansPage struct {
	listPage[monitoring.PlanFilter, *monitoring.Plan]
	CanManage bool // the user may draft plans
}

// monitoringPlans is /monitoring/plans: the plans, newest year first.
func (s *Server) monitoringPlans(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	f := monitoring.PlanFilter{}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Monitoring.Plans(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_plans.html", monitoringPlansPage{listPageOf(s.page(r, "风险监测计划", "Monitoring plans"), f, f.Paging, items, total),
		monitoring.CanManage(actorOf(r))})
}

type monitoringPlanPage struct {
	Page
	Plan       *monitoring.Plan
	Points     map[risk.ID]*monitoring.Point
	Samples    []*monitoring.Sample
	Versions   []*monitoring.Version
	CanApprove bool
	// Proposals are the targeted spot checks riskgate proposes (nil for
	// those who may not see them).
	Proposals []monitoring.Proposal
	// CanAdd: the user may add a proposal to the plan (an approver on an
	// approved plan), choosing among the active points.
	CanAdd       bool
	ActivePoints []*monitoring.Point
	Periods      []monitoring.Period
	// CanSample: the plan is approved and the user records samples.
	CanSample bool
}

// PointName names a point of the plan.
func (p monitoringPlanPage) PointName(id risk.ID) string {
	if pt := p.Points[id]; pt != nil {
		return pt.Name
	}
	return "#" + id.String()
}

// monitoringPlan is a plan: its items with their completion, completion
// by point and department, the latest samples and the versions.
func (s *Server) monitoringPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p, err := s.Monitoring.Plan(r.Context(), a, id)
	if err != nil {
		return err
	}
	var ids []risk.ID
	for _, it := range p.Items {
		ids = append(ids, it.Points...)
	}
	points := map[risk.ID]*monitoring.Point{}
	if len(ids) > 0 {
		ps, _, err := s.Monitoring.Points(r.Context(), a, monitoring.PointFilter{IDs: ids, Paging: risk.Paging{Limit: risk.MaxLimit}})
		if err != nil {
			return err
		}
		for _, pt := range ps {
			points[pt.ID] = pt
		}
	}
	samples, _, err := s.Monitoring.Samples(r.Context(), a, monitoring.SampleFilter{PlanID: id, Paging: risk.Paging{Limit: 20}})
	if err != nil {
		return err
	}
	vs, err := s.Monitoring.Versions(r.Context(), a, id)
	if err != nil {
		return err
	}
	var props []monitoring.Proposal
	if monitoring.CanManage(a) || monitoring.CanApprove(a) {
		if props, err = s.Monitoring.Proposals(r.Context(), a, id); err != nil {
			return err
		}
	}
	pg := monitoringPlanPage{Page: s.page(r, p.Title, p.Title), Plan: p, Points: points, Samples: samples, Versions: vs,
		CanApprove: p.Status == monitoring.Draft && monitoring.CanApprove(a), Proposals: props,
		CanAdd:    p.Status == monitoring.Approved && monitoring.CanApprove(a) && len(props) > 0,
		Periods:   []monitoring.Period{monitoring.Monthly, monitoring.Quarterly, monitoring.HalfYearly, monitoring.Yearly},
		CanSample: p.Status == monitoring.Approved && monitoring.CanSample(a)}
	if pg.CanAdd {
		if pg.ActivePoints, _, err = s.Monitoring.Points(r.Context(), a, monitoring.PointFilter{Status: monitoring.PointActive, Paging: risk.Paging{Limit: risk.MaxLimit}}); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "monitoring_plan.html", pg)
}

// monitoringPlanApprove is the approver's button on a draft plan.
func (s *Server) monitoringPlanApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	_, err = s.Monitoring.Approve(r.Context(), actorOf(r), id)
	return s.backTo(w, r, "/monitoring/plans/"+id.String(), err)
}

// monitoringPlanItem is the approver's form that adds a proposed spot
// check to an approved plan: the proposal's commodity, hazard and evidence,
// with the test items (one a line), points, quota and period chosen.
func (s *Server) monitoringPlanItem(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := monitoring.ItemInput{Commodity: f.Get("commodity"), Hazard: f.Get("hazard"), Period: monitoring.Period(f.Get("period")), Dept: f.Get("dept"),
		Source: monitoring.SpotCheck, Evidence: f.Get("evidence")}
	for _, line := range strings.Split(f.Get("test_items"), "\n") {
		if t := strings.TrimSpace(line); t != "" {
			in.TestItems = append(in.TestItems, t)
		}
	}
	var v risk.Validation
	for _, p := range f["points"] {
		pid, err := risk.ParseID(p)
		if err != nil {
			v.Add("points", "监测点无效。", "a point is not an ID.")
		}
		in.Points = append(in.Points, pid)
	}
	if q := strings.TrimSpace(f.Get("quota")); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			v.Add("quota", "抽样数量须为整数。", "quota must be a whole number.")
		}
		in.Quota = n
	}
	if err = v.Err(); err == nil {
		_, err = s.Monitoring.AddItem(r.Context(), actorOf(r), id, in)
	}
	return s.backTo(w, r, "/monitoring/plans/"+id.String(), err)
}

type monitoringTasksPage struct {
	Page
	Tasks     []*monitoring.Task
	Overdue   bool
	CanSample bool // the user records samples
}

// monitoringTasks is /monitoring/tasks: the tasks of approved plans with
// their deadlines; overdue=1 keeps the overdue ones (the workbench's
// queue).
func (s *Server) monitoringTasks(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, overdue, err := taskFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ts, err := s.Monitoring.Tasks(r.Context(), actorOf(r), f, overdue)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_tasks.html", monitoringTasksPage{Page: s.page(r, "监测任务", "Monitoring tasks"), Tasks: ts, Overdue: overdue,
		CanSample: monitoring.CanSample(actorOf(r))})
}
