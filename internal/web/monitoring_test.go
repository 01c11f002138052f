package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store/storetest"
)

// TestMonitoringContract runs issue 19's monitoring contract over HTTP: a
// plan created with its items, bad input refused naming the field with
// nothing written, the plan's completion per item, a failing sample
// answering the signal it raised; then the approver adds a proposed spot
// check from the plan's page.
func TestMonitoringContract(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off, appr, insp := e.token("officer"), e.token("approver"), e.token("inspector")
	entries := func() int64 {
		n, err := (&audit.Service{Store: e.app.DB.Audit()}).Verify(t.Context(), risk.System)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	code, pt := e.api("POST", "/api/v1/monitoring/points", off, map[string]any{"code": "HN-PROC-01", "name": "长沙高桥大市场市场采购集聚区", "type": "procurement",
		"prefecture": "430100", "county": "430111", "lat": 28.16, "lon": 113.03, "commodities": []string{"lighters", "toys"}, "dept": "cs-customs"})
	if code != http.StatusCreated {
		t.Fatalf("point: %d %v", code, pt)
	}
	item := func() map[string]any {
		return map[string]any{"commodity": "9613", "hazard": "burns", "test_items": []string{"火焰高度"}, "points": []any{pt["id"]}, "quota": 2, "period": "quarter", "dept": "cs-customs"}
	}
	before := entries()
	for _, tt := range []struct {
		name, field string
		edit        func(map[string]any)
	}{
		{"no quota", "items[0].quota", func(m map[string]any) { delete(m, "quota") }},
		{"no period", "items[0].period", func(m map[string]any) { delete(m, "period") }},
		{"unknown HS code", "items[0].commodity", func(m map[string]any) { m["commodity"] = "9699" }},
	} {
		it := item()
		tt.edit(it)
		code, body := e.api("POST", "/api/v1/monitoring/plans", off, map[string]any{"year": 2026, "title": "计划", "items": []any{it}})
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if code != http.StatusBadRequest || errField(body) != tt.field || !strings.Contains(msg, " / ") {
			t.Errorf("%s: %d %v", tt.name, code, body)
		}
	}
	if n := entries(); n != before {
		t.Errorf("refused plans wrote %d audit entries", n-before)
	}
	code, plan := e.api("POST", "/api/v1/monitoring/plans", off, map[string]any{"year": 2026, "title": "2026 年监测计划", "items": []any{item()}})
	if code != http.StatusCreated {
		t.Fatalf("plan: %d %v", code, plan)
	}
	id := fmt.Sprint(plan["id"])
	if code, _ := e.api("POST", "/api/v1/monitoring/plans/"+id+"/approve", appr, nil); code != http.StatusOK {
		t.Fatalf("approve: %d", code)
	}
	code, smp := e.api("POST", "/api/v1/monitoring/samples", insp, map[string]any{"number": "HNJC-2026-0001", "plan_id": plan["id"], "item_no": 1, "point_id": pt["id"],
		"product": "骰子造型打火机", "hs_code": "9613.80", "lot": "GQ-01", "place": "商户 A-12", "taken_at": "2026-03-02T02:00:00Z", "lab": "实验室",
		"results": []any{map[string]any{"test_item": "火焰高度", "value": "12", "limit": "≤5", "unit": "cm", "conclusion": "fail"}}})
	if code != http.StatusCreated || smp["signal_id"] == nil {
		t.Fatalf("failing sample: %d %v", code, smp)
	}
	code, sig := e.api("GET", fmt.Sprintf("/api/v1/signals/%v", smp["signal_id"]), off, nil)
	if code != http.StatusOK || sig["channel"] != "monitoring-sample" {
		t.Errorf("the raised signal: %d %v", code, sig)
	}
	code, got := e.api("GET", "/api/v1/monitoring/plans/"+id, off, nil)
	c, _ := got["items"].([]any)[0].(map[string]any)["completion"].(map[string]any)
	if code != http.StatusOK || c["quota"] != 8.0 || c["taken"] != 1.0 || c["results_in"] != 1.0 || c["failed"] != 1.0 {
		t.Errorf("completion: %d %v", code, c)
	}

	// Three complaints about toys: the approver adds the proposed spot
	// check from the plan's page.
	for i := range 3 {
		e.api("POST", "/api/v1/signals", off, map[string]any{"channel": "12315", "external_ref": fmt.Sprint("T-", i), "description": "玩具小零件脱落",
			"hazard": "choking", "product": map[string]any{"hs_code": "95030090", "name": "拼装玩具"}})
	}
	b := e.browser()
	b.login("approver", password("approver"))
	_, page := b.get("/monitoring/plans/" + id)
	if !strings.Contains(page, "重点抽查建议") || !strings.Contains(page, "投诉举报 3 起") || !strings.Contains(page, `name="commodity" value="9503"`) {
		t.Fatalf("the plan's page lacks the toys proposal")
	}
	evidence := "近 12 个月：投诉举报 3 起。 / Last 12 months: 3 complaints."
	form := url.Values{"csrf": {b.csrf}, "commodity": {"9503"}, "hazard": {"choking"}, "evidence": {evidence}, "test_items": {"小零件\n可迁移元素"},
		"points": {fmt.Sprint(pt["id"])}, "quota": {""}, "period": {"quarter"}, "dept": {"cs-customs"}}
	if resp, _ := b.post("/monitoring/plans/"+id+"/items", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add without quota: %d", resp.StatusCode)
	}
	if _, page := b.get("/monitoring/plans/" + id); !strings.Contains(page, "请填写抽样数量") {
		t.Errorf("the refusal is not shown")
	}
	form.Set("quota", "1")
	form.Set("csrf", b.csrf)
	if resp, _ := b.post("/monitoring/plans/"+id+"/items", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	_, got = e.api("GET", "/api/v1/monitoring/plans/"+id, off, nil)
	items := got["items"].([]any)
	if got["version"] != 2.0 || len(items) != 2 || items[1].(map[string]any)["source"] != "spot-check" || items[1].(map[string]any)["evidence"] != evidence {
		t.Errorf("after the spot check: version %v, items %v", got["version"], items)
	}
}
