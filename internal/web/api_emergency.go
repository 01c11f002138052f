package web

import (
	"net/http"
	"net/url"

	"riskgate/internal/emergency"
	"riskgate/internal/risk"
)

// incidentFilter reads an incident list's filter from the query string.
func incidentFilter(q url.Values) (emergency.IncidentFilter, error) {
	var v risk.Validation
	f := emergency.IncidentFilter{PlanID: optID(q, "plan", &v), Status: emergency.Status(q.Get("status"))}
	switch q.Get("drill") {
	case "1", "true":
		t := true
		f.Drill = &t
	case "0", "false":
		t := false
		f.Drill = &t
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

// drillFilter reads a drill list's filter from the query string.
func drillFilter(q url.Values) (emergency.DrillFilter, error) {
	var v risk.Validation
	f := emergency.DrillFilter{PlanID: optID(q, "plan", &v), Status: emergency.DrillStatus(q.Get("status")),
		Overdue: q.Get("overdue") == "1" || q.Get("overdue") == "true"}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiEmergencyPlans(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := emergency.PlanFilter{Hazard: emergency.Hazard(q.Get("hazard"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Emergency.Plans(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiEmergencyPlanCreate(w http.ResponseWriter, r *http.Request) error {
	var in emergency.PlanInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Emergency.CreatePlan(r.Context(), actorOf(r), in))
}

func (s *Server) apiEmergencyPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Plan(r.Context(), actorOf(r), id))
}

func (s *Server) apiEmergencyPlanUpdate(w http.ResponseWriter, r *http.Request) error {
	var in emergency.PlanInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.UpdatePlan(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyIncidents(w http.ResponseWriter, r *http.Request) error {
	f, err := incidentFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Emergency.Incidents(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiEmergencyIncidentOpen(w http.ResponseWriter, r *http.Request) error {
	var in emergency.IncidentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Emergency.Open(r.Context(), actorOf(r), in))
}

func (s *Server) apiEmergencyIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Incident(r.Context(), actorOf(r), id))
}

func (s *Server) apiEmergencyIncidentLevel(w http.ResponseWriter, r *http.Request) error {
	var in emergency.Adjustment
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Adjust(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyIncidentTask(w http.ResponseWriter, r *http.Request) error {
	var in emergency.Completion
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Complete(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyIncidentRecord(w http.ResponseWriter, r *http.Request) error {
	var in emergency.Note
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Record(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyIncidentLink(w http.ResponseWriter, r *http.Request) error {
	var in emergency.Link
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Link(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyIncidentClose(w http.ResponseWriter, r *http.Request) error {
	var in emergency.ReviewInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Close(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyDrills(w http.ResponseWriter, r *http.Request) error {
	f, err := drillFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Emergency.Drills(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiEmergencyDrillSchedule(w http.ResponseWriter, r *http.Request) error {
	var in emergency.DrillInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Emergency.Schedule(r.Context(), actorOf(r), in))
}

func (s *Server) apiEmergencyDrill(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Drill(r.Context(), actorOf(r), id))
}

// drillRun is the answer to a drill run: the drill and its incident.
type drillRun struct {
	Drill    *emergency.Drill    `json:"drill"`
	Incident *emergency.Incident `json:"incident"`
}

func (s *Server) apiEmergencyDrillRun(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Rev int `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	d, inc, err := s.Emergency.Run(r.Context(), actorOf(r), id, in.Rev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, drillRun{Drill: d, Incident: inc})
	return nil
}

func (s *Server) apiEmergencyDrillFinish(w http.ResponseWriter, r *http.Request) error {
	var in emergency.Findings
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Finish(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEmergencyDrillCancel(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
		Rev    int    `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Emergency.Cancel(r.Context(), actorOf(r), id, in.Reason, in.Rev))
}
