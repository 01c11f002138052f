package web

import (
	"net/http"
	"net/url"

	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
)

// pointFilter reads a point search from the query string.
func pointFilter(q url.Values) (monitoring.PointFilter, error) {
	var v risk.Validation
	f := monitoring.PointFilter{Type: monitoring.PointType(q.Get("type")), Prefecture: q.Get("prefecture"), Status: monitoring.PointStatus(q.Get("status")),
		Dept: q.Get("dept")}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiMonitoringPoints(w http.ResponseWriter, r *http.Request) error {
	f, err := pointFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Monitoring.Points(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiMonitoringPointCreate(w http.ResponseWriter, r *http.Request) error {
	var in monitoring.PointInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Monitoring.CreatePoint(r.Context(), actorOf(r), in))
}

func (s *Server) apiMonitoringPointUpdate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		monitoring.PointInput
		Rev int `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.UpdatePoint(r.Context(), actorOf(r), id, in.PointInput, in.Rev))
}

func (s *Server) apiMonitoringPoint(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.Point(r.Context(), actorOf(r), id))
}

func (s *Server) apiMonitoringPlans(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := monitoring.PlanFilter{Year: intParam(q.Get("year"), "year", &v), Status: monitoring.PlanStatus(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Monitoring.Plans(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiMonitoringPlanCreate(w http.ResponseWriter, r *http.Request) error {
	var in monitoring.PlanInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Monitoring.CreatePlan(r.Context(), actorOf(r), in))
}

func (s *Server) apiMonitoringPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.Plan(r.Context(), actorOf(r), id))
}

func (s *Server) apiMonitoringPlanApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.Approve(r.Context(), actorOf(r), id))
}

func (s *Server) apiMonitoringPlanItem(w http.ResponseWriter, r *http.Request) error {
	var in monitoring.ItemInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Monitoring.AddItem(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiMonitoringPlanVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	vs, err := s.Monitoring.Versions(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeList(w, vs, len(vs), risk.Paging{Limit: max(len(vs), 1)})
}

// taskFilter reads a task search from the query string: plan, point,
// department, and overdue=1 for the overdue only.
func taskFilter(q url.Values) (monitoring.TaskFilter, bool, error) {
	var v risk.Validation
	f := monitoring.TaskFilter{PlanID: queryID(q, "plan", &v, "计划编号无效。", "plan must be an ID."),
		PointID: queryID(q, "point", &v, "监测点编号无效。", "point must be an ID."), Dept: q.Get("dept")}
	return f, q.Get("overdue") == "1" || q.Get("overdue") == "true", v.Err()
}

func (s *Server) apiMonitoringTasks(w http.ResponseWriter, r *http.Request) error {
	f, overdue, err := taskFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ts, err := s.Monitoring.Tasks(r.Context(), actorOf(r), f, overdue)
	if err != nil {
		return err
	}
	return writeList(w, ts, len(ts), risk.Paging{Limit: max(len(ts), 1)})
}

func (s *Server) apiMonitoringSamples(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := monitoring.SampleFilter{PlanID: queryID(q, "plan", &v, "计划编号无效。", "plan must be an ID."), ItemNo: intParam(q.Get("item"), "item", &v),
		PointID: queryID(q, "point", &v, "监测点编号无效。", "point must be an ID."), Conclusion: monitoring.Conclusion(q.Get("conclusion"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Monitoring.Samples(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiMonitoringSampleCreate(w http.ResponseWriter, r *http.Request) error {
	var in monitoring.SampleInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Monitoring.RecordSample(r.Context(), actorOf(r), in))
}

func (s *Server) apiMonitoringSample(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.Sample(r.Context(), actorOf(r), id))
}

func (s *Server) apiMonitoringSampleResults(w http.ResponseWriter, r *http.Request) error {
	var in monitoring.ResultsInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Monitoring.SetResults(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiMonitoringProposals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ps, err := s.Monitoring.Proposals(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeList(w, ps, len(ps), risk.Paging{Limit: max(len(ps), 1)})
}
