package web

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"riskgate/internal/detection"
)

// TestSeriesLinksEncodeOnce renders the detector page and the detection
// page with series keys holding what a query must escape, and follows
// every series link as a browser does: each gives its key back exactly.
func TestSeriesLinksEncodeOnce(t *testing.T) {
	tmpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"hazard=烧伤", "origin=A B", "hs_heading=96/13", "channel=a&b=c", "region=100%", "hazard=烧 伤/&%;origin=CN#x", "hazard=+?"}
	var groups []detection.GroupTotal
	var run []detection.SeriesResult
	var alarms []*detection.Alarm
	for _, k := range keys {
		groups = append(groups, detection.GroupTotal{Key: k, Total: 1})
		run = append(run, detection.SeriesResult{Group: k})
		alarms = append(alarms, &detection.Alarm{DetectorID: 7, Group: k})
	}
	d := &detection.Detector{ID: 7, Name: "x", GroupBy: []string{"hazard"}}
	pages := map[string]any{
		"detector.html": detectorPage{Page: Page{Lang: "zh"}, D: d, View: &detection.SeriesView{Detector: d, Groups: groups, Group: keys[5]},
			Run: &detection.RunResult{Evaluated: run}},
		"detectors.html": detectorsPage{Page: Page{Lang: "zh"}, Detectors: []*detection.Detector{d}, Alarms: alarms},
	}
	href := regexp.MustCompile(`href="([^"]*\?group=[^"]*)"`)
	for name, view := range pages {
		var b bytes.Buffer
		if err := tmpl[name].ExecuteTemplate(&b, "layout.html", view); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, m := range href.FindAllStringSubmatch(b.String(), -1) {
			u, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Fatalf("%s: %s: %v", name, m[1], err)
			}
			if g := u.Query().Get("group"); slices.Contains(keys, g) {
				count[g]++
			} else {
				t.Errorf("%s: %s gives %q", name, m[1], g)
			}
		}
		for _, k := range keys {
			if count[k] == 0 {
				t.Errorf("%s: no link gives %q back", name, k)
			}
		}
	}
}
