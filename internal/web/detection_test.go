package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/detection"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// lastWeek is the Monday (China time) of the last complete week.
func lastWeek() time.Time {
	now := time.Now().In(detection.China)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, detection.China)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7-7)
}

// seedWeeks records, through the API, 2 complaints a week about lighters
// for eight weeks and 12 in the last complete week.
func seedWeeks(t *testing.T, e *env, token string) {
	t.Helper()
	var items []any
	for w := 8; w >= 0; w-- {
		n := 2
		if w == 0 {
			n = 12
		}
		at := lastWeek().AddDate(0, 0, -7*w).Add(50 * time.Hour)
		for i := range n {
			items = append(items, map[string]any{"channel": "12315", "external_ref": fmt.Sprintf("D-%d-%d", w, i),
				"received_at": at.Format(time.RFC3339), "region": "430102", "hazard": "burns", "description": "打火机烫伤",
				"product": map[string]any{"name": "打火机", "hs_code": "9613800000"}})
		}
	}
	if code, body := e.api("POST", "/api/v1/signals", token, map[string]any{"items": items}); code != 200 {
		t.Fatalf("seed signals: %d %v", code, body)
	}
}

func TestDetectionAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off, appr := e.token("officer"), e.token("approver")
		seedWeeks(t, e, off)
		in := map[string]any{"name": "打火机投诉", "group_by": []string{"hs_heading"}, "period": "week", "method": "earsC1"}
		if code, _ := e.api("POST", "/api/v1/detectors", appr, in); code != http.StatusForbidden {
			t.Fatalf("approver configured a detector: %d", code)
		}
		bad := map[string]any{"name": "x", "group_by": []string{"hs_heading"}, "period": "day", "method": "farringtonFlexible"}
		if code, body := e.api("POST", "/api/v1/detectors", off, bad); code != 400 || errField(body) != "method" {
			t.Fatalf("farrington on days: %d %v", code, body)
		}
		code, body := e.api("POST", "/api/v1/detectors", off, in)
		if code != 201 {
			t.Fatalf("create: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		code, body = e.api("POST", fmt.Sprintf("/api/v1/detectors/%d/run", id), off, nil)
		if code != 200 || body["raised"].(float64) != 1 {
			t.Fatalf("run: %d %v", code, body)
		}
		alarm := body["alarms"].([]any)[0].(map[string]any)
		if alarm["group"] != "hs_heading=9613" || alarm["observed"].(float64) != 12 || alarm["expected"].(float64) != 2 {
			t.Fatalf("alarm %v", alarm)
		}
		sid := int(alarm["signal_id"].(float64))
		code, body = e.api("GET", fmt.Sprintf("/api/v1/signals/%d", sid), off, nil)
		if code != 200 || body["channel"] != "statistical-alarm" || body["status"] != "new" {
			t.Fatalf("alarm signal: %d %v", code, body)
		}
		code, body = e.api("GET", fmt.Sprintf("/api/v1/detectors/%d/series", id), appr, nil)
		pts, _ := body["points"].([]any)
		if code != 200 || body["group"] != "hs_heading=9613" || len(pts) != 104 || pts[103].(map[string]any)["alarm"] != true {
			t.Fatalf("series: %d %v points", code, len(pts))
		}
		code, body = e.api("GET", fmt.Sprintf("/api/v1/detection/alarms?detector=%d", id), appr, nil)
		if code != 200 || len(body["items"].([]any)) != 1 {
			t.Fatalf("alarms: %d %v", code, body)
		}
		// Another department may read but not change it.
		if _, err := e.app.Auth.AddUser(context.Background(), risk.System, auth.NewUser{Login: "amr", Name: "王芳", Dept: "hn-amr",
			Role: "officer", Password: "a-long-password"}); err != nil {
			t.Fatal(err)
		}
		in["active"] = false
		if code, _ := e.api("PUT", fmt.Sprintf("/api/v1/detectors/%d", id), e.token("amr"), in); code != http.StatusForbidden {
			t.Fatalf("amr changed customs' detector: %d", code)
		}
		code, body = e.api("PUT", fmt.Sprintf("/api/v1/detectors/%d", id), off, in)
		if code != 200 || body["active"] != false {
			t.Fatalf("switch off: %d %v", code, body)
		}
		if code, _ := e.api("GET", "/api/v1/detectors", "", nil); code != http.StatusUnauthorized {
			t.Fatalf("anonymous list: %d", code)
		}
	})
}

func TestDetectionPages(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	seedWeeks(t, e, e.token("officer"))
	b := e.browser()
	b.login("officer", password("officer"))
	_, page := b.get("/detection")
	if !strings.Contains(page, "新建检测器") || !strings.Contains(page, `name="group_by" value="hs_heading"`) {
		t.Fatal("detection page lacks the form")
	}
	form := url.Values{"csrf": {b.csrf}, "name": {"打火机"}, "group_by": {"hs_heading", "hazard"}, "period": {"week"}, "method": {"earsC1"},
		"params": {"alpha=0.001\nbaseline=7"}, "suppress_days": {"7"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad["params"] = []string{"alpha"}
	if resp, body := b.post("/detection", bad); resp.StatusCode != 400 || !strings.Contains(body, "名称=值") {
		t.Fatalf("bad params: %d", resp.StatusCode)
	}
	resp, _ := b.post("/detection", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/detection/") {
		t.Fatalf("create: %d %s", resp.StatusCode, loc)
	}
	resp, _ = b.post(loc+"/run", url.Values{"csrf": {b.csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", resp.StatusCode)
	}
	_, page = b.get(loc)
	for _, want := range []string{"新预警 1 条", "HS 品目 9613 · 危害 烧伤", `data-chart=`, "#"} {
		if !strings.Contains(page, want) {
			t.Errorf("detector page lacks %q", want)
		}
	}
	if resp, _ := b.post(loc+"/run", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("run without CSRF token: %d", resp.StatusCode)
	}
	a := e.browser()
	a.login("approver", password("approver"))
	if _, page := a.get(loc); strings.Contains(page, "立即运行") {
		t.Fatal("an approver is offered to run the detector")
	}
	if resp, _ := a.post(loc+"/run", url.Values{"csrf": {a.csrf}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("approver ran the detector: %d", resp.StatusCode)
	}
}
