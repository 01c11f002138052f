package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store/storetest"
)

// TestTrackerContract runs issue 20's tracker contract over HTTP: the
// plan's tasks answered with their units and progress, a report for a unit
// not on the task refused naming the field with nothing written, a unit's
// report through the form and the API, the task's page with it, the 督查
// report in PDF and XLSX, and the overdue reports in the workbench.
func TestTrackerContract(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db) // 2026-12-01: 2025Q4–2026Q3 are due, all overdue
	e := newEnv(t, db)
	off, appr, insp := e.token("officer"), e.token("approver"), e.token("inspector")
	entries := func() int64 {
		n, err := (&audit.Service{Store: e.app.DB.Audit()}).Verify(t.Context(), risk.System)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	code, body := e.api("GET", "/api/v1/tracker/tasks", insp, nil)
	items, _ := body["items"].([]any)
	if code != http.StatusOK || len(items) != 21 {
		t.Fatalf("tasks: %d %v", code, body)
	}
	first := items[0].(map[string]any)
	lead := first["lead"].(map[string]any)
	sup := first["supporting"].([]any)
	if first["number"] != 1.0 || first["title"] != "制定实施风险监测计划" || lead["code"] != "cs-customs" || lead["name"] != "长沙海关" ||
		len(sup) != 3 || sup[1].(map[string]any)["name"] != "湖南省市场监督管理局" || first["overdue"] != true {
		t.Fatalf("task 1: %v", first)
	}
	if _, ok := first["progress"].(float64); !ok {
		t.Fatalf("task 1 progress: %v", first["progress"])
	}
	if t11 := items[10].(map[string]any); t11["lead"].(map[string]any)["code"] != "hn-amr" || t11["lead_named"] != true {
		t.Fatalf("task 11: %v", t11)
	}
	if code, _ := e.api("GET", "/api/v1/tracker/tasks", e.token("enterprise"), nil); code != http.StatusForbidden {
		t.Fatalf("enterprise: %d", code)
	}

	// A unit not on the task: 400 naming the unit, nothing written.
	before := entries()
	code, body = e.api("POST", "/api/v1/tracker/reports", off, map[string]any{"task": "T01", "unit": "hn-police", "quarter": "2026Q3", "progress": "x"})
	msg, _ := body["error"].(map[string]any)["message"].(string)
	if code != http.StatusBadRequest || errField(body) != "unit" || !strings.Contains(msg, "不是任务 1") || !strings.Contains(msg, " / ") {
		t.Fatalf("unit not on the task: %d %v", code, body)
	}
	if code, body := e.api("POST", "/api/v1/tracker/reports", off, map[string]any{"task": "T01", "unit": "hn-amr", "quarter": "2026Q3", "progress": "x"}); code != http.StatusForbidden {
		t.Fatalf("another unit's report: %d %v", code, body)
	}
	if code, _ := e.api("POST", "/api/v1/tracker/reports", insp, map[string]any{"task": "T01", "unit": "cs-customs", "quarter": "2026Q3", "progress": "x"}); code != http.StatusForbidden {
		t.Fatalf("inspector: %d", code)
	}
	if n := entries(); n != before {
		t.Fatalf("refusals wrote %d audit entries", n-before)
	}
	code, body = e.api("POST", "/api/v1/tracker/reports", appr, map[string]any{"task": "T01", "unit": "cs-customs", "quarter": "2026Q3", "progress": "完成监测抽样。"})
	if code != http.StatusCreated || body["late"] != true || body["quarter"] != "2026Q3" {
		t.Fatalf("report: %d %v", code, body)
	}
	if code, _ := e.api("POST", "/api/v1/tracker/reports", off, map[string]any{"task": "T01", "unit": "cs-customs", "quarter": "2026Q3", "progress": "again"}); code != http.StatusConflict {
		t.Fatalf("second report: %d", code)
	}

	// The form: the officer's unit proposed, a refusal shown at its
	// field with what was typed kept, then the report.
	b := e.browser()
	b.login("officer", password("officer"))
	if _, page := b.get("/"); !strings.Contains(page, "逾期未报的任务季度进展") || !strings.Contains(page, `href="/tracker?overdue=1"`) {
		t.Fatalf("the workbench lacks the overdue reports")
	}
	_, page := b.get("/tracker")
	for _, want := range []string{"制定实施风险监测计划", "长沙海关", "湖南省农业农村厅", "（首列，分工负责）", "加强督促检查和宣传引导", `<progress max="100"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/tracker lacks %q", want)
		}
	}
	if strings.Contains(page, "督查报告（PDF）") {
		t.Errorf("the officer is offered the supervision report")
	}
	_, page = b.get("/tracker/tasks/T02/report")
	if !strings.Contains(page, `<option value="cs-customs" selected>长沙海关（牵头）</option>`) || !strings.Contains(page, `value="2025Q4" selected`) {
		t.Fatalf("the form does not propose the unit and the oldest quarter owed:\n%s", page)
	}
	form := url.Values{"csrf": {b.csrf}, "unit": {"cs-customs"}, "quarter": {"2025Q4"}, "progress": {" "}, "problems": {"渠道不全"}}
	resp, page := b.post("/tracker/tasks/T02/report", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "工作进展不能为空") || !strings.Contains(page, "渠道不全") {
		t.Fatalf("empty progress: %d", resp.StatusCode)
	}
	form.Set("unit", "hn-police")
	form.Set("progress", "采集 12315 投诉 30 起。")
	if resp, page := b.post("/tracker/tasks/T02/report", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "填报单位") || !strings.Contains(page, "不是任务 2") {
		t.Fatalf("unit not on the task: %d", resp.StatusCode)
	}
	form.Set("unit", "cs-customs")
	if resp, _ := b.post("/tracker/tasks/T02/report", form); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tracker/tasks/T02" {
		t.Fatalf("report: %d", resp.StatusCode)
	}
	_, page = b.get("/tracker/tasks/T02")
	for _, want := range []string{"采集 12315 投诉 30 起。", "渠道不全", "2025年第四季度", "逾期报送", "逾期未报", "在用的采集渠道", "风险管理员 李敏"} {
		if !strings.Contains(page, want) {
			t.Errorf("the task's page lacks %q", want)
		}
	}
	// Task 11 is led by 省市场监管局: 长沙海关 supports it, owes no report
	// and may report; 省公安厅 is on none of task 3's units.
	if _, page := b.get("/tracker/tasks/T11/report"); !strings.Contains(page, `<option value="cs-customs" selected>长沙海关（配合）</option>`) {
		t.Errorf("task 11's form for a supporting unit")
	}

	// The 督查 report: the approver's, not the officer's.
	download := func(login, format string) (int, []byte) {
		req, _ := http.NewRequest("GET", e.ts.URL+"/tracker/supervision/"+format, nil)
		req.Header.Set("Authorization", "Bearer "+e.token(login))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, pdf := download("approver", "pdf"); code != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf: %d", code)
	}
	if code, xlsx := download("approver", "xlsx"); code != http.StatusOK || !bytes.HasPrefix(xlsx, []byte("PK")) {
		t.Fatalf("xlsx: %d", code)
	}
	if code, _ := download("officer", "pdf"); code != http.StatusForbidden {
		t.Fatalf("officer's pdf: %d", code)
	}
}
