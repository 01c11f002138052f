package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/store/storetest"
)

// monitoringWorld is a point and an approved plan of one item (lighters,
// two test items, quarterly) made through the API.
type monitoringWorld struct {
	point, plan string
}

func newMonitoringWorld(t *testing.T, e *env) monitoringWorld {
	t.Helper()
	code, pt := e.api("POST", "/api/v1/monitoring/points", e.token("officer"), map[string]any{"code": "HN-PROC-01", "name": "长沙高桥大市场市场采购集聚区",
		"type": "procurement", "prefecture": "430100", "county": "430111", "lat": 28.16, "lon": 113.03, "commodities": []string{"lighters"}, "dept": "cs-customs"})
	if code != http.StatusCreated {
		t.Fatalf("point: %d %v", code, pt)
	}
	code, plan := e.api("POST", "/api/v1/monitoring/plans", e.token("officer"), map[string]any{"year": 2026, "title": "2026 年监测计划",
		"items": []any{map[string]any{"commodity": "9613", "hazard": "burns", "test_items": []string{"火焰高度", "燃烧时间"}, "points": []any{pt["id"]},
			"quota": 2, "period": "quarter", "dept": "cs-customs"}}})
	if code != http.StatusCreated {
		t.Fatalf("plan: %d %v", code, plan)
	}
	w := monitoringWorld{point: fmt.Sprint(pt["id"]), plan: fmt.Sprint(plan["id"])}
	if code, body := e.api("POST", "/api/v1/monitoring/plans/"+w.plan+"/approve", e.token("approver"), nil); code != http.StatusOK {
		t.Fatalf("approve: %d %v", code, body)
	}
	return w
}

// total is the total of an API list.
func total(t *testing.T, e *env, path string) float64 {
	t.Helper()
	code, body := e.api("GET", path, e.token("officer"), nil)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %v", path, code, body)
	}
	return body["total"].(float64)
}

// TestMonitoringPointForm: an officer enters a point from the form (a
// county outside the 市州 and coordinates that are not numbers are refused
// at their inputs, what was typed kept, nothing written); an inspector may
// not.
func TestMonitoringPointForm(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	ib := e.browser()
	ib.login("inspector", password("inspector"))
	if resp, _ := ib.get("/monitoring/points/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an inspector opened the point form: %d", resp.StatusCode)
	}
	if _, page := ib.get("/monitoring/points"); strings.Contains(page, `href="/monitoring/points/new"`) {
		t.Error("the points page offers an inspector the form")
	}
	b := e.browser()
	b.login("officer", password("officer"))
	if _, page := b.get("/monitoring/points"); !strings.Contains(page, `href="/monitoring/points/new"`) {
		t.Fatal("the points page offers no form")
	}
	resp, page := b.get("/monitoring/points/new")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `<option value="430100">长沙市</option>`) || !strings.Contains(page, `<optgroup label="株洲市">`) ||
		!strings.Contains(page, `<option value="procurement">市场采购集聚区</option>`) {
		t.Fatalf("the form: %d\n%s", resp.StatusCode, page)
	}
	form := url.Values{"csrf": {b.csrf}, "code": {"HN-MKT-07"}, "name": {"长沙黄兴海吉星国际农产品物流园"}, "type": {"market"}, "prefecture": {"430100"},
		"county": {"430281"}, "lat": {"二十八"}, "lon": {"113.05"}, "commodities": {"9613、玩具\n6912"}, "dept": {"cs-customs"}, "status": {"active"}}
	resp, page = b.post("/monitoring/points/new", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="county-error"`) || !strings.Contains(page, `id="lat-error"`) ||
		!strings.Contains(page, `<a href="#county">区县</a>`) || !strings.Contains(page, `value="二十八"`) || !strings.Contains(page, `value="HN-MKT-07"`) ||
		!strings.Contains(page, "9613、玩具\n6912") || !strings.Contains(page, `<option value="430281" selected>`) {
		t.Fatalf("a bad county and latitude: %d\n%s", resp.StatusCode, page)
	}
	if n := total(t, e, "/api/v1/monitoring/points"); n != 0 {
		t.Fatalf("a refused point was written: %v", n)
	}
	form.Set("county", "430111")
	form.Set("lat", "28.19")
	if resp, _ = b.post("/monitoring/points/new", form); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/monitoring/points" {
		t.Fatalf("enter: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body := e.api("GET", "/api/v1/monitoring/points", e.token("officer"), nil)
	items := body["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("points: %v", body)
	}
	p := items[0].(map[string]any)
	if p["code"] != "HN-MKT-07" || p["type"] != "market" || p["county"] != "430111" || p["lat"] != 28.19 || fmt.Sprint(p["commodities"]) != "[9613 toys 6912]" {
		t.Errorf("entered: %v", p)
	}
	if _, page = b.get("/monitoring/points"); !strings.Contains(page, "已登记监测点 HN-MKT-07") || !strings.Contains(page, "长沙黄兴海吉星国际农产品物流园") {
		t.Error("the list does not show the point entered")
	}

	// Edited from the list: the form comes filled, the code fixed; a bad
	// latitude is refused at its input with nothing written; the status
	// moves to suspended under the revision read; a stale revision is 409.
	id := fmt.Sprint(p["id"])
	if !strings.Contains(page, `href="/monitoring/points/`+id+`/edit"`) {
		t.Fatal("the list offers no edit")
	}
	resp, page = b.get("/monitoring/points/" + id + "/edit")
	if resp.StatusCode != 200 || !strings.Contains(page, `value="HN-MKT-07" readonly`) || !strings.Contains(page, `value="28.19"`) {
		t.Fatalf("the edit form: %d", resp.StatusCode)
	}
	edit := url.Values{"csrf": {b.csrf}, "rev": {"1"}, "code": {"HN-MKT-07"}, "name": {"长沙黄兴海吉星国际农产品物流园"}, "type": {"market"},
		"prefecture": {"430100"}, "county": {"430111"}, "lat": {"18.2"}, "lon": {"112.98"}, "commodities": {"9613\n6912"}, "dept": {"cs-customs"},
		"status": {"suspended"}}
	admin := e.token("admin")
	n0 := auditTotal(e, admin)
	if resp, page := b.post("/monitoring/points/"+id+"/edit", edit); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `value="18.2"`) || auditTotal(e, admin) != n0 {
		t.Fatalf("a latitude outside Hunan: %d", resp.StatusCode)
	}
	edit.Set("lat", "28.19")
	if resp, _ := b.post("/monitoring/points/"+id+"/edit", edit); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	_, got := e.api("GET", "/api/v1/monitoring/points/"+id, e.token("officer"), nil)
	if got["status"] != "suspended" || got["rev"] != float64(2) || got["code"] != "HN-MKT-07" {
		t.Errorf("edited: %v", got)
	}
	if code, body := e.api("PUT", "/api/v1/monitoring/points/"+id, e.token("officer"), map[string]any{"rev": 1, "name": "x", "type": "market",
		"prefecture": "430100", "county": "430111", "lat": 28.19, "lon": 112.98, "commodities": []string{"9613"}, "dept": "cs-customs"}); code != http.StatusConflict {
		t.Errorf("a stale revision: %d %v", code, body)
	}
	if code, _ := e.api("PUT", "/api/v1/monitoring/points/"+id, e.token("inspector"), map[string]any{"name": "x"}); code != http.StatusForbidden {
		t.Errorf("an inspector edited a point: %d", code)
	}
}

// auditTotal is the number of audit entries, read with an administrator's
// token.
func auditTotal(e *env, admin string) float64 {
	_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
	n, _ := b["total"].(float64)
	return n
}

// TestMonitoringPlanForm: an officer drafts a plan from the form: blank
// rows left out, "more rows" adds rows keeping what was typed, a row
// without its quota is refused at that row's input with nothing written.
func TestMonitoringPlanForm(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	code, pt := e.api("POST", "/api/v1/monitoring/points", e.token("officer"), map[string]any{"code": "HN-FAC-01", "name": "浏阳花炮产业集聚区",
		"type": "factory", "prefecture": "430100", "county": "430181", "lat": 28.14, "lon": 113.64, "commodities": []string{"pyrotechnic-articles"}, "dept": "cs-customs"})
	if code != http.StatusCreated {
		t.Fatalf("point: %d %v", code, pt)
	}
	ptID := fmt.Sprint(pt["id"])
	ib := e.browser()
	ib.login("inspector", password("inspector"))
	if resp, _ := ib.get("/monitoring/plans/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an inspector opened the plan form: %d", resp.StatusCode)
	}
	b := e.browser()
	b.login("officer", password("officer"))
	if _, page := b.get("/monitoring/plans"); !strings.Contains(page, `href="/monitoring/plans/new"`) {
		t.Fatal("the plans page offers no form")
	}
	resp, page := b.get("/monitoring/plans/new")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `name="items[2].commodity"`) || strings.Contains(page, `name="items[3].commodity"`) ||
		!strings.Contains(page, `<option value="`+ptID+`">浏阳花炮产业集聚区</option>`) || !strings.Contains(page, `<option value="quarter">每季度</option>`) {
		t.Fatalf("the form: %d\n%s", resp.StatusCode, page)
	}
	form := url.Values{"csrf": {b.csrf}, "year": {"2026"}, "title": {"2026 年烟花爆竹监测计划"}, "items_count": {"3"},
		"items[0].dept": {"cs-customs"}, "items[0].source": {"provincial"},
		"items[1].commodity": {"烟花爆竹及烟火制品"}, "items[1].hazard": {"burns"}, "items[1].test_items": {"药量\n燃放性能、噪声"}, "items[1].points": {ptID},
		"items[1].period": {"quarter"}, "items[1].dept": {"cs-customs"}, "items[1].source": {"provincial"}}
	more := url.Values{}
	for k, v := range form {
		more[k] = v
	}
	more.Set("action", "more")
	if resp, page := b.post("/monitoring/plans/new", more); resp.StatusCode != http.StatusOK || !strings.Contains(page, `name="items[3].commodity"`) ||
		!strings.Contains(page, `value="烟花爆竹及烟火制品"`) || !strings.Contains(page, `<option value="`+ptID+`" selected>`) {
		t.Fatalf("more rows: %d\n%s", resp.StatusCode, page)
	}
	// The blank row is left out: the refused row is shown first.
	resp, page = b.post("/monitoring/plans/new", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="items[0].quota-error"`) || !strings.Contains(page, "第 1 项每点每期抽样数量") ||
		!strings.Contains(page, "请填写抽样数量") || !strings.Contains(page, "药量\n燃放性能、噪声") || !strings.Contains(page, `value="2026 年烟花爆竹监测计划"`) {
		t.Fatalf("a row without its quota: %d\n%s", resp.StatusCode, page)
	}
	if n := total(t, e, "/api/v1/monitoring/plans"); n != 0 {
		t.Fatalf("a refused plan was written: %v", n)
	}
	form.Set("items[1].quota", "1")
	resp, _ = b.post("/monitoring/plans/new", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/monitoring/plans/") {
		t.Fatalf("draft: %d %s", resp.StatusCode, loc)
	}
	_, plan := e.api("GET", "/api/v1"+loc, e.token("officer"), nil)
	items, _ := plan["items"].([]any)
	if plan["status"] != "draft" || plan["year"] != 2026.0 || len(items) != 1 {
		t.Fatalf("drafted: %v", plan)
	}
	it := items[0].(map[string]any)
	if it["commodity"] != "pyrotechnic-articles" || fmt.Sprint(it["test_items"]) != "[药量 燃放性能、噪声]" || it["quota"] != 1.0 || it["report_days"] != 10.0 {
		t.Errorf("the item: %v", it)
	}
	if _, page = b.get(loc); !strings.Contains(page, "已起草监测计划") {
		t.Error("the plan's page does not say it was drafted")
	}
}

// TestMonitoringSampleForm: an inspector records a sample from a task (a
// wrong HS code and a result without its conclusion refused at their
// inputs, nothing written); the failing sample's page shows its signal; a
// pending sample's results are recorded from its page.
func TestMonitoringSampleForm(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	w := newMonitoringWorld(t, e)
	b := e.browser()
	b.login("inspector", password("inspector"))
	link := "/monitoring/samples/new?plan=" + w.plan + "&amp;item=1&amp;point=" + w.point
	if _, page := b.get("/monitoring/tasks"); !strings.Contains(page, `href="`+link+`"`) {
		t.Fatal("the tasks offer no sample form")
	}
	if _, page := b.get("/monitoring/plans/" + w.plan); !strings.Contains(page, `href="/monitoring/samples/new?plan=`+w.plan+`&amp;item=1"`) {
		t.Fatal("the plan's page offers no sample form")
	}
	resp, page := b.get(strings.ReplaceAll(link, "&amp;", "&"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "<td>火焰高度</td>") || !strings.Contains(page, `name="results[1].value"`) ||
		!strings.Contains(page, `<option value="`+w.point+`" selected>`) {
		t.Fatalf("the form: %d\n%s", resp.StatusCode, page)
	}
	form := url.Values{"csrf": {b.csrf}, "plan_id": {w.plan}, "item_no": {"1"}, "point_id": {w.point}, "number": {"HNJC-2026-0101"},
		"product": {"骰子造型打火机"}, "hs_code": {"36041000"}, "lot": {"GQ-07"}, "place": {"商户 A-12"}, "taken_at": {"2026-03-02T10:00"},
		"lab": {"湖南省产商品质量检验研究院"}, "results[1].value": {"12"}, "results[1].limit": {"≤5"}, "results[1].unit": {"s"}}
	resp, page = b.post("/monitoring/samples/new", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="hs_code-error"`) || !strings.Contains(page, `id="results[1].conclusion-error"`) ||
		!strings.Contains(page, "第 2 个检测项目单项结论") || !strings.Contains(page, `value="36041000"`) || !strings.Contains(page, `value="12"`) ||
		!strings.Contains(page, `value="HNJC-2026-0101"`) {
		t.Fatalf("a wrong HS code and a result without conclusion: %d\n%s", resp.StatusCode, page)
	}
	if n := total(t, e, "/api/v1/monitoring/samples"); n != 0 {
		t.Fatalf("a refused sample was written: %v", n)
	}
	form.Set("hs_code", "96138000")
	form.Set("results[1].conclusion", "fail")
	resp, _ = b.post("/monitoring/samples/new", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/monitoring/samples/") {
		t.Fatalf("record: %d %s", resp.StatusCode, loc)
	}
	_, smp := e.api("GET", "/api/v1"+loc, e.token("officer"), nil)
	if smp["conclusion"] != "fail" || smp["signal_id"] == nil || len(smp["results"].([]any)) != 1 {
		t.Fatalf("recorded: %v", smp)
	}
	sig := fmt.Sprint(smp["signal_id"])
	if _, page = b.get(loc); !strings.Contains(page, `href="/signals/`+sig+`"`) || !strings.Contains(page, "已生成风险信息 #"+sig) || !strings.Contains(page, "燃烧时间") {
		t.Fatalf("the failing sample's page:\n%s", page)
	}

	// A sample without results is pending; its results are recorded
	// from its page.
	form = url.Values{"csrf": {b.csrf}, "plan_id": {w.plan}, "item_no": {"1"}, "point_id": {w.point}, "number": {"HNJC-2026-0102"},
		"product": {"一次性打火机"}, "hs_code": {"96131000"}, "lot": {"GQ-08"}, "place": {"商户 B-03"}, "taken_at": {"2026-03-03T09:30"}, "lab": {"湖南省产商品质量检验研究院"}}
	resp, _ = b.post("/monitoring/samples/new", form)
	pending := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a pending sample: %d", resp.StatusCode)
	}
	if _, page = b.get(pending); !strings.Contains(page, `action="`+pending+`/results"`) || !strings.Contains(page, "待出结果") {
		t.Fatalf("the pending sample's page:\n%s", page)
	}
	res := url.Values{"csrf": {b.csrf}, "results[0].value": {"3"}, "results[0].limit": {"≤5"}, "results[0].conclusion": {"pass"},
		"results[1].limit": {"≤2"}, "results[1].conclusion": {"pass"}}
	resp, page = b.post(pending+"/results", res)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="results[1].value-error"`) || !strings.Contains(page, `value="≤2"`) {
		t.Fatalf("a result without its value: %d\n%s", resp.StatusCode, page)
	}
	if _, got := e.api("GET", "/api/v1"+pending, e.token("officer"), nil); got["conclusion"] != "pending" {
		t.Fatalf("refused results were written: %v", got)
	}
	res.Set("results[1].value", "1.2")
	if resp, _ = b.post(pending+"/results", res); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("results: %d", resp.StatusCode)
	}
	if _, got := e.api("GET", "/api/v1"+pending, e.token("officer"), nil); got["conclusion"] != "pass" || got["signal_id"] != nil {
		t.Errorf("after the results: %v", got)
	}
	if _, page = b.get(pending); strings.Contains(page, `/results"`) || !strings.Contains(page, "合格") {
		t.Error("the page still offers the results form")
	}
	if _, page = b.get("/monitoring/samples?plan=" + w.plan); !strings.Contains(page, "HNJC-2026-0101") || !strings.Contains(page, "HNJC-2026-0102") ||
		!strings.Contains(page, `href="/signals/`+sig+`"`) {
		t.Error("the samples list lacks the samples")
	}
	if _, page = b.get("/monitoring/samples?conclusion=fail"); strings.Contains(page, "HNJC-2026-0102") || !strings.Contains(page, "HNJC-2026-0101") {
		t.Error("the samples list does not filter by conclusion")
	}
}
