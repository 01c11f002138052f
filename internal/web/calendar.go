package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

// calendarPage is the administrator's working-day calendar: the years it
// knows with their days, and the form that enters the next year's notice.
type calendarPage struct {
	Page
	Form
	Years   []calendar.Year
	Next    int // the year the form proposes
	CanEdit bool
}

// calendarLabels name the fields of the year form; a day's problem
// ("days[3].date", "days, line 3") is shown at the list of days.
var calendarLabels = labelFunc(func(field string) (fieldLabel, bool) {
	switch {
	case field == "year":
		return fieldLabel{"year", "年份", "Year"}, true
	case field == "source":
		return fieldLabel{"source", "依据的通知", "Notice"}, true
	case strings.HasPrefix(field, "days"), field == "kind":
		return fieldLabel{"days", "节假日和调休上班日", "Holidays and worked weekend days"}, true
	}
	return fieldLabel{}, false
})

func (s *Server) calendarPageOf(r *http.Request) (calendarPage, error) {
	p := calendarPage{Page: s.page(r, "工作日历", "Working-day calendar"), CanEdit: calendar.CanEdit(actorOf(r))}
	ys, err := s.Calendar.Years(r.Context())
	if err != nil {
		return p, err
	}
	p.Years = ys
	p.Next = s.Now().In(risk.China).Year() + 1
	if len(ys) > 0 && ys[len(ys)-1].Year >= p.Next {
		p.Next = ys[len(ys)-1].Year + 1
	}
	return p, nil
}

// calendarAdmin shows the calendar to those who may edit it.
func (s *Server) calendarAdmin(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !calendar.CanEdit(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权维护工作日历。 / Not allowed to edit the working-day calendar.")
	}
	p, err := s.calendarPageOf(r)
	if err != nil {
		return err
	}
	if y := r.URL.Query().Get("saved"); y != "" {
		p.Flash = p.T("已保存 "+y+" 年的工作日历。", "The "+y+" calendar is saved.")
	}
	return s.render(w, r, http.StatusOK, "calendar.html", p)
}

// calendarSave enters a year from the form: its number, the notice and its
// days as "date,kind,name" lines.
func (s *Server) calendarSave(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	save := func() (*calendar.Year, error) {
		year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
		if err != nil {
			return nil, risk.Invalid("year", "年份应为四位数字。", "the year must be four digits.")
		}
		days, err := calendar.ParseDays(strings.NewReader(f.Get("days")))
		if err != nil {
			return nil, err
		}
		return s.Calendar.Save(r.Context(), actorOf(r), calendar.Year{Year: year, Source: f.Get("source"), Days: days})
	}
	y, err := save()
	if err == nil {
		http.Redirect(w, r, "/admin/calendar?saved="+strconv.Itoa(y.Year), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, calendarLabels, "save", f, "calendar.html", func() (calendarPage, error) { return s.calendarPageOf(r) })
}
