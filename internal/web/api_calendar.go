package web

import (
	"net/http"
	"strconv"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

// apiWorkdays answers the last day of a period of N working days after
// from: {"date": "YYYY-MM-DD"}. Public, like the notices it rests on.
func (s *Server) apiWorkdays(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := time.ParseInLocation("2006-01-02", q.Get("from"), risk.China)
	if err != nil {
		return risk.Invalid("from", "“from”应为日期 YYYY-MM-DD。", "from must be a date, YYYY-MM-DD.")
	}
	n, err := strconv.Atoi(q.Get("days"))
	if err != nil {
		return risk.Invalid("days", "“days”应为工作日数（整数）。", "days must be a whole number of working days.")
	}
	end, err := s.Calendar.Workdays(r.Context(), from, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from.Format("2006-01-02"), "days": n, "date": end.Format("2006-01-02")})
	return nil
}

// apiCalendarYears lists the years the calendar knows, with their days.
func (s *Server) apiCalendarYears(w http.ResponseWriter, r *http.Request) error {
	ys, err := s.Calendar.Years(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ys})
	return nil
}

// apiCalendarYearPut enters (or corrects) a year: {"source", "days": [{"date",
// "kind", "name"}]}.
func (s *Server) apiCalendarYearPut(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return risk.Invalid("year", "年份应为四位数字。", "the year must be four digits.")
	}
	var in struct {
		Source string         `json:"source"`
		Days   []calendar.Day `json:"days"`
	}
	if !calendar.CanEdit(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权维护工作日历。 / Not allowed to edit the working-day calendar.")
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	y, err := s.Calendar.Save(r.Context(), actorOf(r), calendar.Year{Year: year, Source: in.Source, Days: in.Days})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, y)
	return nil
}
