package matching

import (
	"fmt"
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
type window struct {
	from, to time.Time
	// years marks a window read from model years: wide, so a lot
	// declared inside it is one of the recalled model's, not surely the
	// recalled lot.
	years bool
}

// productionWindow returns the window in which a recall says its goods were
// made, if it names one.
func productionWindow(text string) (window, bool) {
	m := windowCue.FindStringSubmatch(text)
	if m == nil {
		return modelYears(text)
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

// yearRun is a run of years joined as recalls join them: "2016", "2015,
// 2016 and 2017", "2010-2011", "2010 through 2012", "2003/2004", "2016 and
// some 2017".
const yearRun = `((?:19|20)\d{2}(?:\s*(?:,|and|through|thru|to|-|–|/|&)\s*(?:(?:some|all|the)\s+)?(?:19|20)\d{2})*)`

// modelYearCue finds the model years a recall names, after the words
// ("model years 2015 through 2020", "Model Year 2024") or before them
// ("2017-2018 model year"), and the years a recall puts before the model
// it recalls ("Recall Of 1992 Mag 20 And Mag 30 Suspension Fork Crowns",
// "recalled 2015 Fury Elite", "recalled 2002 model forks") — a year
// followed by a capitalised name or "model", not a number of units
// ("recall of 2000 bicycles").
var modelYearCue = regexp.MustCompile(`(?i:\bmodel[- ]years?\s+` + yearRun + `|` + yearRun + `\s+model[- ]years?\b)|` +
	`\b(?i:recall(?:s|ed|ing)?\s+(?:of\s+)?` + yearRun + `)\s+(?:\p{Lu}|(?i:models?)\b)`)

var yearOf = regexp.MustCompile(`(?:19|20)\d{2}`)

// modelYears returns the window in which goods of the model years a
// recall names were made: from the first day of the year before the first
// (a 2018 bicycle is made and shipped through 2017) to the last day of the
// last.
func modelYears(text string) (window, bool) {
	first, last := 0, 0
	for _, m := range modelYearCue.FindAllStringSubmatch(text, -1) {
		for _, y := range yearOf.FindAllString(m[1]+" "+m[2]+" "+m[3], -1) {
			v, _ := strconv.Atoi(y)
			if first == 0 || v < first {
				first = v
			}
			last = max(last, v)
		}
	}
	if first == 0 || last-first > 10 {
		return window{}, false
	}
	return window{from: time.Date(first-1, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(last, 12, 31, 0, 0, 0, 0, time.UTC), years: true}, true
}

// longBefore reports goods declared a year or more before the window
// began: not of the recalled lots, nor stock of them.
func (w window) longBefore(at time.Time) bool {
	return !at.IsZero() && at.Before(w.from.AddDate(-1, 0, 0))
}

// longBeforeNote says, for the evidence, that goods declared on day at
// were declared long before the window (longBefore).
func (w window) longBeforeNote(at time.Time) string {
	return fmt.Sprintf("（申报于 %s，早于召回所列生产期 %s 至 %s 一年以上 / declared on %s, over a year before the production window %s to %s the recall names）",
		day(at), day(w.from), day(w.to), day(at), day(w.from), day(w.to))
}

// longBeforeStrength is how much a brand or model declared long before the
// recalled lots were made (longBefore) still says.
const longBeforeStrength = 0.25
