package matching

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// windowCue finds the production window a recall names: "manufactured
// between September 2016 and August 2017", "manufactured from December
// 2020 through December 2022", "produced from March 2019 to May 2019".
var windowCue = regexp.MustCompile(`(?i)\b(?:manufactured|produced|made)\s+(?:between|from)\s+([a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4})\s+(?:and|through|thru|to|until)\s+([a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4})`)

var monthNames = map[string]time.Month{"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
	"july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}

// monthOf reads "September 2016" or "Sept. 3, 2016" as the month's first
// day.
func monthOf(s string) (time.Time, bool) {
	ws := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	if len(ws) < 2 {
		return time.Time{}, false
	}
	m, ok := monthNames[ws[0]]
	y, err := strconv.Atoi(ws[len(ws)-1])
	if !ok || err != nil || y < 1950 || y > 2100 {
		return time.Time{}, false
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true
}

// window is the production window a recall names: the first day of its
// first month and the last day of its last month.
type window struct{ from, to time.Time }

// productionWindow returns the window in which a recall says its goods were
// made, if it names one.
func productionWindow(text string) (window, bool) {
	m := windowCue.FindStringSubmatch(text)
	if m == nil {
		return window{}, false
	}
	from, ok1 := monthOf(m[1])
	to, ok2 := monthOf(m[2])
	if !ok1 || !ok2 || to.Before(from) {
		return window{}, false
	}
	return window{from: from, to: to.AddDate(0, 1, -1)}, true
}

// windowShipping is how long after the last day of production goods of
// the window may still leave: a lot made in August ships by the winter.
const windowShipping = 183 * 24 * time.Hour

// holds reports whether goods declared for export on day at can be of the
// window's production: declared inside it, or up to windowShipping after.
// An unknown day is held.
func (w window) holds(at time.Time) bool {
	if at.IsZero() {
		return true
	}
	return !at.Before(w.from) && !at.After(w.to.Add(windowShipping))
}
