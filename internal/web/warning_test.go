package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// approvedCase opens a case with an approved serious assessment through the API.
func approvedCase(t *testing.T, e *env) int {
	off, appr := e.token("officer"), e.token("approver")
	code, body := e.api("POST", "/api/v1/signals", off, map[string]any{"channel": "12315", "description": "烟花爆炸"})
	if code != 201 {
		t.Fatalf("signal: %d %v", code, body)
	}
	sid := int(body["id"].(float64))
	_, body = e.api("POST", "/api/v1/cases", off, map[string]any{"title": "烟花", "signal_ids": []int{sid}})
	cid := int(body["id"].(float64))
	_, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", cid), off, `{"scenarios": [{"severity": 4, "steps": [{"probability": "1/100"}]}]}`)
	aid := int(body["id"].(float64))
	e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", aid), off, map[string]any{"rev": 1})
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/decision", aid), appr, map[string]any{"action": "approve", "rev": 2}); code != 200 {
		t.Fatalf("approve: %d %v", code, body)
	}
	return cid
}

func TestWarningAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off, appr := e.token("officer"), e.token("approver")
		cid := approvedCase(t, e)
		in := map[string]any{"class": "announcement", "title": "浏阳烟花燃放风险警示", "summary": "部分烟花产品燃放时间不合格。",
			"scope": map[string]any{"hs_prefixes": []string{"360410"}, "keywords": []string{"烟花"}}, "matters": "燃放时间过短。", "advice": "停止燃放。",
			"starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
			"lifting_conditions": []any{map[string]any{"kind": "consecutive_clean_lots", "n": 5}}}
		code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, in)
		if code != 201 || body["grade"] != "II" || !strings.Contains(body["grade_reason"].(string), "严重风险") {
			t.Fatalf("draft: %d %v", code, body)
		}
		wid := int(body["id"].(float64))
		act := func(token, action string, rev int) (int, map[string]any) {
			return e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", wid), token, map[string]any{"action": action, "rev": rev})
		}
		if code, body := act(off, "issue", 1); code != 409 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "submit") {
			t.Fatalf("issue a draft: %d %v", code, body)
		}
		if code, _ := act(off, "submit", 1); code != 200 {
			t.Fatalf("submit: %d", code)
		}
		if code, _ := act(off, "approve", 2); code != 403 {
			t.Fatalf("officer approves: %d", code)
		}
		if code, _ := act(appr, "approve", 2); code != 200 {
			t.Fatalf("approve: %d", code)
		}
		code, body = act(off, "issue", 3)
		if code != 200 || !strings.HasPrefix(body["number"].(string), "湘关预警〔2026〕") {
			t.Fatalf("issue: %d %v", code, body)
		}
		// Measures: the default bundle for grade II, planned and run.
		code, body = e.api("GET", fmt.Sprintf("/api/v1/warnings/%d/measures/proposal", wid), off, nil)
		prop, _ := body["items"].([]any)
		if code != 200 || len(prop) != 5 {
			t.Fatalf("proposal: %d %v", code, body)
		}
		code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", wid), off, map[string]any{"items": []any{
			map[string]any{"type": "raised-inspection", "rate": 0.5, "supporting": []string{"hn-amr"}, "deadline": "2026-12-31T00:00:00+08:00"},
			map[string]any{"type": "destruction", "method": "landfill"}}})
		if code != 201 {
			t.Fatalf("plan: %d %v", code, body)
		}
		ms := body["items"].([]any)
		destroy := ms[1].(map[string]any)
		code, body = e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", int(destroy["id"].(float64))), off, map[string]any{"action": "enforce", "rev": 1})
		if code != 409 || errField(body) != "consultation" {
			t.Fatalf("destroy without consultation: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/tasks", off, nil)
		mine := 0
		for _, x := range body["items"].([]any) {
			if int(x.(map[string]any)["warning_id"].(float64)) == wid {
				mine++
			}
		}
		if code != 200 || mine != 2 {
			t.Fatalf("tasks of the warning: %d of %v", mine, body)
		}
		// Public, without login, in the specified shape.
		code, body = e.api("GET", "/api/v1/public/announcements", "", nil)
		items, _ := body["items"].([]any)
		if code != 200 || len(items) != 2 { // this one and the demo's
			t.Fatalf("public: %d %v", code, body)
		}
		item := items[0].(map[string]any) // newest first
		for _, k := range []string{"id", "number", "title", "grade", "issued_at", "valid_until", "summary"} {
			if _, ok := item[k]; !ok {
				t.Errorf("public item lacks %s", k)
			}
		}
		if item["grade"] != "II" || len(item) != 9 || item["cap_url"] == nil {
			t.Errorf("public item %v", item)
		}
		resp, err := http.Get(e.ts.URL + fmt.Sprintf("/public/announcements/%d", wid))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("public page: %v %v", resp.StatusCode, err)
		}
		resp.Body.Close()
		// Grading rules: readable by officials, changed only by administrators.
		if code, body := e.api("GET", "/api/v1/warning-rules", off, nil); code != 200 || body["version"].(float64) != 1 {
			t.Fatalf("rules: %d %v", code, body)
		}
		newRules := map[string]any{"base": map[string]string{"serious": "I", "high": "II", "medium": "III"}, "immediate_steps": 1, "wide_steps": 1}
		if code, _ := e.api("PUT", "/api/v1/warning-rules", off, newRules); code != 403 {
			t.Fatalf("officer changes rules: %d", code)
		}
		if code, body := e.api("PUT", "/api/v1/warning-rules", e.token("admin"), newRules); code != 200 || body["version"].(float64) != 2 {
			t.Fatalf("admin changes rules: %d %v", code, body)
		}
	})
}

func TestWarningPages(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	cid := approvedCase(t, e)
	b := e.browser()
	b.login("officer", password("officer"))
	resp, page := b.get(fmt.Sprintf("/cases/%d", cid))
	if resp.StatusCode != 200 || !strings.Contains(page, fmt.Sprintf("/cases/%d/warnings/new", cid)) {
		t.Fatalf("case page offers no warning draft: %d", resp.StatusCode)
	}
	resp, page = b.get(fmt.Sprintf("/cases/%d/warnings/new", cid))
	if resp.StatusCode != 200 || !strings.Contains(page, "预警范围") {
		t.Fatalf("warning form: %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {b.csrf}, "class": {"bulletin"}, "urgency": {"normal"}, "reach": {"wide"}, "title": {"烟花燃放时间不合格"},
		"matters": {"燃放时间过短"}, "starts_at": {"2026-11-29"}, "valid_until": {"2027-05-28"},
		"scope.hs_prefixes": {"360410\n3604"}, "scope.keywords": {"烟花"}, "c0.kind": {"consecutive_clean_lots"}, "c0.value": {"5"},
		"recipients": {"hn-amr"}}
	resp, page = b.post(fmt.Sprintf("/cases/%d/warnings", cid), form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft from form: %d\n%s", resp.StatusCode, page)
	}
	wURL := resp.Header.Get("Location")
	_, page = b.get(wURL)
	if !strings.Contains(page, "grade-I") || !strings.Contains(page, "影响范围广上调") {
		t.Fatalf("warning page does not show grade I with its reason")
	}
	if !strings.Contains(page, `value="2027-05-28"`) {
		t.Fatal("validity does not round-trip as the last day")
	}
	var wid int
	fmt.Sscanf(wURL, "/warnings/%d", &wid)
	resp, _ = b.post(fmt.Sprintf("/warnings/%d/act", wid), url.Values{"csrf": {b.csrf}, "action": {"submit"}, "rev": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	_, page = b.get(fmt.Sprintf("/warnings/%d", wid))
	if !strings.Contains(page, "待审核") || strings.Contains(page, `class="flash err"`) {
		t.Fatal("submitted warning not in review")
	}
	// The approver approves and the officer refers it: a grade I warning
	// is referred to the national authority (上报), never issued (签发).
	a := e.browser()
	a.login("approver", password("approver"))
	_, page = a.get(fmt.Sprintf("/warnings/%d", wid))
	if !strings.Contains(page, "报请国务院授权部门发布") {
		t.Fatal("the approver is not told that a grade I warning is referred")
	}
	a.post(fmt.Sprintf("/warnings/%d/act", wid), url.Values{"csrf": {a.csrf}, "action": {"approve"}, "rev": {"2"}})
	_, page = b.get(fmt.Sprintf("/warnings/%d", wid))
	if strings.Contains(page, `value="issue"`) || !strings.Contains(page, fmt.Sprintf(`action="/warnings/%d/refer"`, wid)) {
		t.Fatalf("approved grade I warning offers 签发, or no 上报:\n%s", page)
	}
	b.post(fmt.Sprintf("/warnings/%d/refer", wid), url.Values{"csrf": {b.csrf}, "authority": {"gacc"}, "rev": {"3"}})
	_, page = b.get(fmt.Sprintf("/warnings/%d", wid))
	if !strings.Contains(page, "已上报") || !regexp.MustCompile(`湘关预警报〔2026〕\d+号`).MatchString(page) {
		t.Fatalf("grade I warning not referred with a referral number:\n%s", page)
	}
	// The receiving department's inbox.
	m := e.browser()
	m.login("admin", password("admin"))
	resp, _ = m.get("/inbox")
	if resp.StatusCode != 200 {
		t.Fatalf("admin inbox: %d", resp.StatusCode)
	}
	resp, page = (e.browser()).get("/public")
	if resp.StatusCode != 200 || !strings.Contains(page, "风险警示公告") {
		t.Fatalf("public page: %d", resp.StatusCode)
	}
}

func TestInspectionAPI(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp := e.token("inspector")
	lot := map[string]any{"hs_code": "3604100000", "name": "烟花", "destination": "US"}
	code, body := e.api("POST", "/api/v1/inspections", insp, map[string]any{"result": "fail", "findings": "燃放时间不足", "lot": lot, "external_ref": "CIQ-9"})
	if code != 201 || body["signal_id"].(float64) == 0 {
		t.Fatalf("record: %d %v", code, body)
	}
	if code, body := e.api("POST", "/api/v1/inspections", insp, map[string]any{"result": "fail", "findings": "x", "lot": lot, "external_ref": "CIQ-9"}); code != 200 {
		t.Fatalf("resend: %d %v", code, body)
	}
	if code, body := e.api("POST", "/api/v1/inspections", insp, map[string]any{"result": "maybe", "lot": lot}); code != 400 || errField(body) != "result" {
		t.Fatalf("bad result: %d %v", code, body)
	}
	if code, _ := e.api("POST", "/api/v1/inspections", e.token("officer"), map[string]any{"result": "pass", "lot": lot}); code != 403 {
		t.Fatalf("officer records: %d", code)
	}
}

func TestScreenAPI(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp := e.token("inspector")
	d := `{"number": "W-1", "direction": "export", "port": "4900", "declared_at": "` + time.Now().Add(time.Minute).Format(time.RFC3339) + `", "trade_mode": "0110",
		"lines": [{"hs_code": "9613800000", "name": "口红造型打火机", "origin": "CN", "destination": "DE"}]}`
	code, body := e.api("POST", "/api/v1/declarations/screen", insp, d)
	if code != 200 || body["number"] != "W-1" || body["decision"] == "release" {
		t.Fatalf("screen: %d %v", code, body) // the demo's bulletin covers lighters
	}
	lines := body["lines"].([]any)
	if r := lines[0].(map[string]any)["reasons"].([]any); len(r) == 0 {
		t.Fatalf("no reasons: %v", body)
	}
	code, body = e.api("POST", "/api/v1/declarations/screen", insp, `{"items": [`+strings.Replace(d, "W-1", "W-2", 1)+`]}`)
	if items, _ := body["items"].([]any); code != 200 || len(items) != 1 {
		t.Fatalf("batch: %d %v", code, body)
	}
	code, body = e.api("POST", "/api/v1/declarations/screen", insp, strings.Replace(d, `"port": "4900"`, `"port": "49"`, 1))
	if code != 400 || errField(body) != "port" {
		t.Fatalf("bad port: %d %v", code, body)
	}
	if code, _ := e.api("POST", "/api/v1/declarations/screen", e.token("enterprise"), d); code != 403 {
		t.Fatalf("enterprise screens: %d", code)
	}
	if code, body := e.api("GET", "/api/v1/declarations/W-1", insp, nil); code != 200 || body["result"] == nil {
		t.Fatalf("get: %d %v", code, body)
	}
}
