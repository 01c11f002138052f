package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// lastWeek is the Monday (China time) of the last complete week.
func lastWeek() time.Time {
	now := time.Now().In(risk.China)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, risk.China)
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
	// A run answers with its report: every series it evaluated, in words.
	resp, page = b.post(loc+"/run", url.Values{"csrf": {b.csrf}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("run: %d", resp.StatusCode)
	}
	text := visible(page)
	report := text[strings.Index(text, "本次运行"):]
	if !strings.Contains(text, "已运行：1 个序列，新预警 1 条") {
		t.Error("the run's summary is missing")
	}
	row := strings.Join(strings.Fields(report[strings.Index(report, "预警\n"):]), "|")
	for _, want := range []string{"评估的周期：" + lastWeek().Format("2006-01-02") + "；序列 1 个。",
		"HS|品目|9613|香烟打火机及其他打火器|·|危害|烧伤、烫伤" + lastWeek().Format("2006-01-02") + "12|2.002.00|是"} {
		if !strings.Contains(report, want) && !strings.Contains(row, want) {
			t.Errorf("run report lacks %q:\n%s", want, row)
		}
	}
	if !strings.Contains(page, `<a href="/detection/`+strings.TrimPrefix(loc, "/detection/")+`?group=hs_heading%3d9613%3bhazard%3dburns">`) ||
		!strings.Contains(page, `href="/lang/en?next=`+strings.ReplaceAll(loc, "/", "%2f")+`"`) {
		t.Errorf("the run report's series link or the language switch is wrong:\n%s", page)
	}
	_, page = b.get(loc)
	for _, want := range []string{"HS 品目 9613 香烟打火机及其他打火器 · 危害 烧伤、烫伤", `data-chart=`, "#", "EARS C1"} {
		if !strings.Contains(page, want) {
			t.Errorf("detector page lacks %q", want)
		}
	}
	if strings.Contains(visible(page), "暂无数据") || strings.Contains(page, "本次运行") {
		t.Error("the detector page says it has no data, or shows a run it did not make")
	}
	b.get("/lang/en?next=" + loc)
	resp, page = b.post(loc+"/run", url.Values{"csrf": {b.csrf}})
	if text := visible(page); resp.StatusCode != 200 || !strings.Contains(text, "Periods evaluated: "+lastWeek().Format("2006-01-02")+"; series: 1.") ||
		!strings.Contains(text, "HS heading 9613 Cigarette lighters and other lighters, whether… · Hazard Burns") || !strings.Contains(text, "Yes") {
		t.Errorf("English run report: %d\n%s", resp.StatusCode, text)
	}
	b.get("/lang/zh?next=" + loc)
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

// seriesHref finds the group of every series link of a page (detector
// pages and the JSON link), decoding each href once as a browser does.
func seriesHrefs(t *testing.T, page string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`href="(/(?:detection|api/v1/detectors)/\d+(?:/series)?\?group=[^"]*)"`).FindAllStringSubmatch(page, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("href %s: %v", m[1], err)
		}
		out = append(out, u.Query().Get("group"))
	}
	return out
}

// TestDetectionSeriesLinks: series links carry their key encoded once,
// whatever it holds; a run reports what it evaluated in the JSON; a
// series without data says so instead of drawing an empty chart.
func TestDetectionSeriesLinks(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off := e.token("officer")
	seedWeeks(t, e, off)
	code, body := e.api("POST", "/api/v1/detectors", off, map[string]any{"name": "打火机", "group_by": []string{"hs_heading", "hazard"}, "period": "week", "method": "earsC1"})
	if code != 201 {
		t.Fatalf("detector: %d %v", code, body)
	}
	id := int(body["id"].(float64))
	code, body = e.api("POST", fmt.Sprintf("/api/v1/detectors/%d/run", id), off, nil)
	if code != 200 || body["series"].(float64) != 1 || body["evaluated_truncated"] != false {
		t.Fatalf("run: %d %v", code, body)
	}
	ev := body["evaluated"].([]any)
	if len(ev) != 1 {
		t.Fatalf("evaluated %v", ev)
	}
	if r := ev[0].(map[string]any); r["group"] != "hs_heading=9613;hazard=burns" || r["label_zh"] != "HS 品目 9613 香烟打火机及其他打火器 · 危害 烧伤、烫伤" ||
		r["label_en"] != "HS heading 9613 Cigarette lighters and other lighters, whether… · Hazard Burns" || r["observed"].(float64) != 12 ||
		r["expected"].(float64) != 2 || r["upper_bound"] == nil || r["alarm"] != true || r["period_start"] == nil {
		t.Errorf("evaluated series %v", r)
	}

	b := e.browser()
	b.login("officer", password("officer"))
	loc := fmt.Sprintf("/detection/%d", id)
	_, page := b.get(loc)
	if got := seriesHrefs(t, page); len(got) < 2 || got[0] != "hs_heading=9613;hazard=burns" {
		t.Errorf("series links of the detector page decode to %q", got)
	}
	_, page = b.get("/detection")
	if got := seriesHrefs(t, page); len(got) != 1 || got[0] != "hs_heading=9613;hazard=burns" {
		t.Errorf("alarm links of the detection page decode to %q", got)
	}
	// A key with Chinese, spaces, '/', '&' and '%': asked once encoded,
	// shown as it is, linked encoded once, and the link gives it back.
	odd := "hazard=烧 伤/&%;hs_heading=96 13"
	resp, page := b.get(loc + "?group=" + url.QueryEscape(odd))
	if resp.StatusCode != 200 || !strings.Contains(visible(page), "危害 烧 伤/&% · HS 品目 96 13") {
		t.Fatalf("odd series: %d\n%s", resp.StatusCode, visible(page))
	}
	hrefs := seriesHrefs(t, page)
	found := false
	for _, g := range hrefs {
		found = found || g == odd
	}
	if !found || strings.Contains(page, "%25E") || strings.Contains(page, "%2525") {
		t.Fatalf("the odd key's link decodes to %q", hrefs)
	}
	code, body = e.api("GET", fmt.Sprintf("/api/v1/detectors/%d/series?group=%s", id, url.QueryEscape(odd)), off, nil)
	if code != 200 || body["group"] != odd {
		t.Fatalf("the JSON link's series: %d %v", code, body["group"])
	}
	// It has no signals: no chart, words instead.
	if strings.Contains(page, `id="series-chart"`) || !strings.Contains(page, "暂无数据") {
		t.Error("an empty series draws a chart")
	}

	// A detector whose channels have no signals at all: 暂无数据, in English "No data".
	code, body = e.api("POST", "/api/v1/detectors", off, map[string]any{"name": "热线", "group_by": []string{"hazard"}, "channels": []string{"12360"},
		"period": "week", "method": "earsC1"})
	if code != 201 {
		t.Fatalf("detector: %d %v", code, body)
	}
	quiet := fmt.Sprintf("/detection/%d", int(body["id"].(float64)))
	resp, page = b.post(quiet+"/run", url.Values{"csrf": {b.csrf}})
	if text := visible(page); resp.StatusCode != 200 || !strings.Contains(text, "暂无数据") || !strings.Contains(text, "没有可评估的序列") ||
		!strings.Contains(text, "渠道海关12360热线") || strings.Contains(page, "data-chart") {
		t.Errorf("quiet detector run: %d\n%s", resp.StatusCode, text)
	}
	b.get("/lang/en?next=" + quiet)
	if _, page = b.get(quiet); !strings.Contains(visible(page), "No data") || strings.Contains(page, "data-chart") {
		t.Errorf("quiet detector in English:\n%s", visible(page))
	}
}
