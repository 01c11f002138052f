package web

import (
	"net/http"

	"riskgate/internal/tracker"
)

// apiUnit is a unit as the API names it.
type apiUnit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

func apiUnitOf(u tracker.Unit) apiUnit {
	return apiUnit{Code: u.Code, Name: u.NameZh, NameEn: u.NameEn}
}

// apiTrackerTask is a task of GET /api/v1/tracker/tasks.
type apiTrackerTask struct {
	Number     int       `json:"number"`
	Title      string    `json:"title"`
	Lead       apiUnit   `json:"lead"`
	Supporting []apiUnit `json:"supporting"`
	Progress   int       `json:"progress"`
	Overdue    bool      `json:"overdue"`
	Code       string    `json:"code"`
	Section    string    `json:"section"`
	Group      string    `json:"group,omitempty"`
	// LeadNamed: the notice names the lead; false when the units are
	// jointly responsible and the lead is the first listed.
	LeadNamed bool `json:"lead_named"`
	// OverdueReports counts the reports overdue.
	OverdueReports int `json:"overdue_reports"`
}

func apiTrackerTaskOf(st *tracker.Status) apiTrackerTask {
	t := apiTrackerTask{Number: st.Number, Title: st.Title, Lead: apiUnitOf(st.Lead()), Supporting: []apiUnit{}, Progress: st.Progress,
		Overdue: st.Overdue, Code: st.Code, Section: string(st.Section), Group: st.Group, LeadNamed: st.LeadNamed}
	for _, u := range st.Supporting() {
		t.Supporting = append(t.Supporting, apiUnitOf(u))
	}
	for _, d := range st.Dues {
		if d.Overdue {
			t.OverdueReports++
		}
	}
	return t
}

// apiTrackerTasks is GET /api/v1/tracker/tasks: the plan's tasks, then its
// safeguards, with their units, progress and overdue flag.
func (s *Server) apiTrackerTasks(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Tracker.Overview(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	items := make([]apiTrackerTask, 0, len(o.Tasks))
	for _, st := range o.Tasks {
		items = append(items, apiTrackerTaskOf(st))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "rounds": o.Rounds, "since": o.Since})
	return nil
}

// apiTrackerTask is GET /api/v1/tracker/tasks/{code}: a task with its
// units, items and figures, the reports due and those received.
func (s *Server) apiTrackerTask(w http.ResponseWriter, r *http.Request) error {
	return respond(w, http.StatusOK)(s.Tracker.Task(r.Context(), actorOf(r), r.PathValue("code")))
}

// apiTrackerReport is POST /api/v1/tracker/reports: a unit's report on a
// task for a quarter.
func (s *Server) apiTrackerReport(w http.ResponseWriter, r *http.Request) error {
	var in tracker.ReportInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Tracker.Submit(r.Context(), actorOf(r), in))
}
