package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func TestLifecycleAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off, appr := e.token("officer"), e.token("approver")
		sig := map[string]any{"channel": "foreign-notification", "external_ref": "SG A12/0001/26",
			"product": map[string]any{"name": "电暖器", "hs_code": "851629", "gtin": "6901234567892", "origin": "CN"},
			"hazard":  "burns", "description": "外壳温度过高", "reporter": map[string]any{"name": "Safety Gate"}}
		code, body := e.api("POST", "/api/v1/signals", off, sig)
		if code != 201 || body["created"] != true {
			t.Fatalf("create signal: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		if code, body := e.api("POST", "/api/v1/signals", off, sig); code != 200 || body["created"] != false || int(body["id"].(float64)) != id {
			t.Fatalf("resend: %d %v", code, body)
		}
		bad := map[string]any{"items": []any{map[string]any{"channel": "12315", "description": "a"}, map[string]any{"channel": "12315", "description": "b", "region": "99"}}}
		if code, body := e.api("POST", "/api/v1/signals", off, bad); code != 400 || errField(body) != "items[1].region" {
			t.Fatalf("bad batch: %d %v", code, body)
		}
		batch := map[string]any{"items": []any{map[string]any{"channel": "12315", "description": "电暖器外壳温度过高！", "product": map[string]any{"name": "电暖器"}}}}
		if code, body := e.api("POST", "/api/v1/signals", off, batch); code != 200 || body["created"].(float64) != 1 {
			t.Fatalf("batch: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/signals?hs=8516", off, nil)
		if code != 200 || body["total"].(float64) != 1 {
			t.Fatalf("list by HS: %d %v", code, body)
		}
		if items := body["items"].([]any); items[0].(map[string]any)["reporter"] != nil {
			t.Fatal("list shows reporter details")
		}
		code, body = e.api("GET", fmt.Sprintf("/api/v1/signals/%d", id), off, nil)
		if code != 200 || body["reporter"] == nil {
			t.Fatalf("get: %d %v", code, body)
		}
		// Market regulation cannot see customs' signal.
		if code, _ := e.api("GET", fmt.Sprintf("/api/v1/signals/%d", id), e.token("admin"), nil); code != 200 {
			t.Fatalf("admin get: %d", code)
		}
		// Evaluate exactly as the issue specifies.
		code, body = e.api("POST", "/api/v1/assessments/evaluate", off,
			`{"profile": "rag-2019", "scenarios": [{"severity": 2, "steps": [{"probability": "1/10"}, {"probability": 0.5}]}]}`)
		sc, _ := body["scenarios"].([]any)
		if code != 200 || body["level"] != "serious" || len(sc) != 1 || sc[0].(map[string]any)["probability"].(float64) != 0.05 || sc[0].(map[string]any)["level"] != "serious" {
			t.Fatalf("evaluate: %d %v", code, body)
		}
		code, body = e.api("POST", "/api/v1/assessments/evaluate", off, `{"scenarios": [{"severity": 2, "steps": [{"probability": "3/2"}]}]}`)
		if code != 400 || errField(body) != "scenarios[0].steps[0].probability" {
			t.Fatalf("evaluate bad step: %d %v", code, body)
		}
		if code, _ := e.api("POST", "/api/v1/assessments/evaluate", "", `{"scenarios": []}`); code != 401 {
			t.Fatalf("anonymous evaluate: %d", code)
		}
		// Case → assessment → approval.
		code, body = e.api("POST", "/api/v1/cases", off, map[string]any{"title": "一次性打火机烧伤风险", "signal_ids": []int{id}})
		if code != 201 {
			t.Fatalf("open case: %d %v", code, body)
		}
		caseID := int(body["id"].(float64))
		code, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", caseID), off,
			`{"product": "一次性打火机", "scenarios": [{"severity": 3, "vulnerable": true, "steps": [{"probability": "1/10"}, {"probability": 0.5}]}]}`)
		if code != 201 {
			t.Fatalf("draft: %d %v", code, body)
		}
		aid := int(body["id"].(float64))
		code, body = e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", aid), off, map[string]any{"rev": 1})
		if code != 200 || body["level"] != "serious" {
			t.Fatalf("submit: %d %v", code, body)
		}
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", aid), off, map[string]any{"rev": 2}); code != 409 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "approve") {
			t.Fatalf("resubmit: %d %v", code, body)
		}
		code, body = e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/decision", aid), appr, map[string]any{"action": "approve", "rev": 2})
		if code != 200 || body["status"] != "approved" {
			t.Fatalf("approve: %d %v", code, body)
		}
		// Case changes go through PATCH with the version.
		if code, body := e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", caseID), off, map[string]any{"version": 1, "action": "close"}); code != 400 || errField(body) != "reason" {
			t.Fatalf("close without reason: %d %v", code, body)
		}
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/shares", caseID), off, map[string]any{"dept": "hn-amr"}); code != 200 || len(body["shared_with"].([]any)) != 1 {
			t.Fatalf("share: %d %v", code, body)
		}
	})
}

func TestSignalImportAPI(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off := e.token("officer")
	csv := "信息来源渠道,外部编号,产品名称,风险类型,描述\n12315,IMP-1,陶瓷餐具,chemical,铅溶出超标\n12315,IMP-2,陶瓷杯,chemical,镉溶出超标\n"
	code, body := uploadTo(t, e, "/api/v1/signals/import", off, "signals.csv", csv)
	if code != 200 || body["created"].(float64) != 2 {
		t.Fatalf("import: %d %v", code, body)
	}
	code, body = uploadTo(t, e, "/api/v1/signals/import", off, "signals.csv", csv+"fax,IMP-3,碗,chemical,x\n")
	if code != 400 || body["result"] == nil {
		t.Fatalf("bad import: %d %v", code, body)
	}
	if code, _ := uploadTo(t, e, "/api/v1/signals/import", e.token("approver"), "signals.csv", csv); code != 403 {
		t.Fatalf("approver imports: %d", code)
	}
	resp, err := http.Get(e.ts.URL + "/signals/import/template.xlsx")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("template: %v", err)
	}
	resp.Body.Close()
}

func TestLifecyclePages(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	b := e.browser()
	b.login("officer", password("officer"))
	resp, page := b.get("/signals/new")
	if resp.StatusCode != 200 || !strings.Contains(page, "登记风险信息") {
		t.Fatalf("signal form: %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {b.csrf}, "channel": {"12315"}, "product.name": {"电动玩具车"}, "product.hs_code": {"9503"},
		"hazard": {"choking"}, "description": {"小零件脱落"}, "received_at": {"2026-11-28T10:30"}, "injuries.count": {"0"}, "injuries.severity": {"0"}}
	resp, page = b.post("/signals", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create signal from form: %d\n%s", resp.StatusCode, page)
	}
	loc := resp.Header.Get("Location")
	resp, page = b.get(loc)
	if resp.StatusCode != 200 || !strings.Contains(page, "电动玩具车") {
		t.Fatalf("signal page: %d", resp.StatusCode)
	}
	var sid int
	fmt.Sscanf(loc, "/signals/%d", &sid)
	resp, _ = b.post("/cases", url.Values{"csrf": {b.csrf}, "title": {"电动玩具车小零件"}, "signal_ids": {fmt.Sprint(sid)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("open case: %d", resp.StatusCode)
	}
	caseURL := resp.Header.Get("Location")
	resp, page = b.get(caseURL)
	if resp.StatusCode != 200 || !strings.Contains(page, "RC2026-") || !strings.Contains(page, "电动玩具车") {
		t.Fatalf("case page: %d", resp.StatusCode)
	}
	var cid int
	fmt.Sscanf(caseURL, "/cases/%d", &cid)
	resp, page = b.get(fmt.Sprintf("/cases/%d/assessments/new", cid))
	if resp.StatusCode != 200 || !strings.Contains(page, "伤害情景") {
		t.Fatalf("assessment form: %d", resp.StatusCode)
	}
	af := url.Values{"csrf": {b.csrf}, "product": {"电动玩具车"}, "s0.severity": {"4"}, "s0.description": {"儿童吞咽小零件"},
		"s0.p0": {"1/10"}, "s0.p1": {"0.01"}, "s1.severity": {"0"}}
	resp, page = b.post(fmt.Sprintf("/cases/%d/assessments", cid), af)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft from form: %d\n%s", resp.StatusCode, page)
	}
	aURL := resp.Header.Get("Location")
	_, page = b.get(aURL)
	var aid int
	fmt.Sscanf(aURL, "/assessments/%d", &aid)
	af.Set("csrf", b.csrf)
	af.Set("rev", "1")
	resp, _ = b.post(fmt.Sprintf("/assessments/%d/submit", aid), af)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit from form: %d", resp.StatusCode)
	}
	_, page = b.get(fmt.Sprintf("/assessments/%d", aid))
	if !strings.Contains(page, "待审批") || !strings.Contains(page, "1/1000") || !strings.Contains(page, "严重风险") {
		t.Fatalf("submitted assessment page does not show the result:\n%s", page)
	}
	// A refused action comes back as a message on the page, not in the URL.
	resp, _ = b.post(fmt.Sprintf("/signals/%d/reopen", sid), url.Values{"csrf": {b.csrf}})
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "error") {
		t.Fatalf("refused reopen: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = b.get(fmt.Sprintf("/signals/%d", sid))
	if !strings.Contains(page, `class="flash err"`) {
		t.Fatal("refusal not shown")
	}
}

func TestDeclarationPages(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp := e.token("inspector")
	d := `{"number": "Q-1", "direction": "export", "port": "4900", "declared_at": "` + time.Now().Add(time.Minute).Format(time.RFC3339) + `", "trade_mode": "0110", ` +
		`"lines": [{"hs_code": "9613800000", "name": "骰子造型打火机", "origin": "CN", "destination": "DE"}, {"hs_code": "6911101000", "name": "陶瓷餐具"}]}`
	if code, body := e.api("POST", "/api/v1/declarations/screen", insp, d); code != 200 {
		t.Fatalf("screen: %d %v", code, body)
	}
	b := e.browser()
	b.login("inspector", password("inspector"))
	resp, page := b.get("/declarations")
	if resp.StatusCode != 200 || !strings.Contains(page, "Q-1") {
		t.Fatalf("queue: %d", resp.StatusCode)
	}
	resp, page = b.get("/declarations/Q-1")
	if resp.StatusCode != 200 || !strings.Contains(page, "骰子造型打火机") || !strings.Contains(page, "湘关预警〔2026〕1号") {
		t.Fatalf("declaration page: %d\n%s", resp.StatusCode, page)
	}
	// Record a failed lab test against line 0: a signal is raised.
	resp, _ = b.post("/declarations/Q-1/lines/0/result", url.Values{"csrf": {b.csrf}, "kind": {"lab_test"}, "result": {"fail"}, "findings": {"无防止儿童开启装置"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record result: %d", resp.StatusCode)
	}
	_, page = b.get("/declarations/Q-1")
	if strings.Contains(page, `class="flash err"`) {
		t.Fatalf("recording refused:\n%s", page)
	}
	code, body := e.api("GET", "/api/v1/signals?channel=lab-report", e.token("officer"), nil)
	if code != 200 || body["total"].(float64) < 1 {
		t.Fatalf("no signal raised by the failed lab test: %d %v", code, body)
	}
	resp, page = b.get("/declarations/stats")
	if resp.StatusCode != 200 || !strings.Contains(page, "data-chart") {
		t.Fatalf("stats page: %d", resp.StatusCode)
	}
	code, body = e.api("GET", "/api/v1/screening/stats?days=7", insp, nil)
	if code != 200 || len(body["by_port"].([]any)) == 0 {
		t.Fatalf("stats api: %d %v", code, body)
	}
}
