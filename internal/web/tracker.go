package web

import (
	"net/http"
	"net/url"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/tracker"
)

type trackerPage struct {
	Page
	O            *tracker.Overview
	Overdue      int  // reports overdue, all units
	CanSupervise bool // the user may draw the 督查 report
	// Only: the list is only the tasks with the user's unit's reports
	// overdue.
	Only bool
}

// First and Last are the tracking year's first and last quarters.
func (p trackerPage) First() tracker.Quarter { q, _ := tracker.ParseQuarter(p.O.Rounds[0]); return q }
func (p trackerPage) Last() tracker.Quarter {
	q, _ := tracker.ParseQuarter(p.O.Rounds[len(p.O.Rounds)-1])
	return q
}

// tracker is /tracker: the plan's tasks with their units, progress and
// overdue flag.
func (s *Server) tracker(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	o, err := s.Tracker.Overview(r.Context(), a)
	if err != nil {
		return err
	}
	pg := trackerPage{Page: s.page(r, "任务落实", "Plan tracker"), O: o, Overdue: len(o.OverdueDues()), CanSupervise: tracker.CanSupervise(a)}
	if r.URL.Query().Get("overdue") == "1" {
		// The tasks with reports overdue: the user's unit's (an
		// administrator's: all units').
		pg.Only = true
		var keep []*tracker.Status
		for _, t := range o.Tasks {
			for _, d := range t.Dues {
				if d.Overdue && (a.SeesAll() || d.Unit.Code == a.Dept) {
					keep = append(keep, t)
					break
				}
			}
		}
		o.Tasks = keep
	}
	return s.render(w, r, http.StatusOK, "tracker.html", pg)
}

type trackerTaskPage struct {
	Page
	S *tracker.Status
	// CanReport: the user's unit is on the task and may report.
	CanReport bool
}

// Quarter reads a quarter for its label.
func (trackerTaskPage) Quarter(s string) tracker.Quarter { q, _ := tracker.ParseQuarter(s); return q }

// UnitName names a unit of the task.
func (p trackerTaskPage) UnitName(code string) string {
	u, _ := p.S.Unit(code)
	return p.T(u.NameZh, u.NameEn)
}

// trackerTask is /tracker/tasks/{code}: a task's units, items with their
// figures, the reports due and those received.
func (s *Server) trackerTask(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	st, err := s.Tracker.Task(r.Context(), a, r.PathValue("code"))
	if err != nil {
		return err
	}
	zh, en := st.Label()
	return s.render(w, r, http.StatusOK, "tracker_task.html", trackerTaskPage{Page: s.page(r, zh+" "+st.Title, en+": "+st.Title), S: st,
		CanReport: tracker.ReportsFor(a, st.Task, a.Dept)})
}

type trackerReportPage struct {
	Page
	Form
	Task     *tracker.Task
	Unit     tracker.Unit // the user's unit on the task
	OnTask   bool
	Quarters []tracker.Quarter
	V        url.Values
}

var trackerReportLabels = formLabels{"task": {"", "任务", "Task"}, "unit": {"", "填报单位", "Reporting unit"}, "quarter": {"", "报送季度", "Quarter"},
	"progress": {"", "工作进展", "Progress"}, "problems": {"", "存在问题", "Problems"}, "next": {"", "下步计划", "Next steps"}}

func (s *Server) trackerReportOf(r *http.Request, t *tracker.Task, v url.Values) trackerReportPage {
	a := actorOf(r)
	u, on := t.Unit(a.Dept)
	zh, en := t.Label()
	return trackerReportPage{Page: s.page(r, "报送进展："+zh+" "+t.Title, "Report progress: "+en), Task: t, Unit: u,
		OnTask: on && tracker.ReportsFor(a, t, a.Dept), Quarters: tracker.Quarters(s.Tracker.Now()), V: v}
}

// trackerReportNew is the form a unit on the task reports its quarter's
// progress with.
func (s *Server) trackerReportNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !tracker.CanReport(a) {
		return risk.Errorf(risk.ErrForbidden, "无权报送任务进展。 / Not allowed to report on the plan's tasks.")
	}
	t, err := tracker.FindTask(r.PathValue("code"))
	if err != nil {
		return err
	}
	// The quarter proposed: the oldest one the unit still owes, else the
	// last that has ended.
	q := tracker.Rounds(s.Tracker.Now())[3].String()
	if st, err := s.Tracker.Task(r.Context(), a, t.Code); err == nil {
		for _, d := range st.Dues {
			if d.Unit.Code == a.Dept && d.Report == nil {
				q = d.Quarter
				break
			}
		}
	}
	return s.render(w, r, http.StatusOK, "tracker_report_form.html", s.trackerReportOf(r, t, url.Values{"unit": {a.Dept}, "quarter": {q}}))
}

// trackerReportCreate submits the report.
func (s *Server) trackerReportCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	t, err := tracker.FindTask(r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := tracker.ReportInput{Task: t.Code, Unit: strings.TrimSpace(f.Get("unit")), Quarter: f.Get("quarter"), Progress: f.Get("progress"),
		Problems: f.Get("problems"), Next: f.Get("next")}
	rep, err := s.Tracker.Submit(r.Context(), actorOf(r), in)
	if err == nil {
		q, _ := tracker.ParseQuarter(rep.Quarter)
		zh, en := q.Label()
		s.setFlash(w, r, "ok", risk.Bilingual("已报送"+zh+"进展。", "Progress for "+en+" reported."))
		http.Redirect(w, r, "/tracker/tasks/"+t.Code, http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, trackerReportLabels, "report", f, "tracker_report_form.html", func() (trackerReportPage, error) {
		return s.trackerReportOf(r, t, f), nil
	})
}

// trackerSupervision serves the 督查 report as PDF or XLSX.
func (s *Server) trackerSupervision(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	doc, err := s.Tracker.Supervision(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	var body []byte
	var ctype string
	format := r.PathValue("format")
	switch format {
	case "pdf":
		body, err = doc.PDF()
		ctype = "application/pdf"
	case "xlsx":
		body, err = doc.XLSX()
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		return risk.Errorf(risk.ErrNotFound, "报告格式须为 pdf 或 xlsx。 / The format is pdf or xlsx.")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="tracker-supervision-`+doc.Generated.In(risk.China).Format("2006-01-02")+"."+format+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(body)
	return err
}
