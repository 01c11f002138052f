package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestRecallContract: a suspected recall opened with aware_on answers its
// report deadline in working days; filing the plan adds the summary's;
// bad input is refused naming the field with nothing written; a firm sees
// its own recalls only.
func TestRecallContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		pinClock(db)
		e := newEnv(t, db)
		officer, firm := e.token("officer"), e.token("enterprise")
		zhuzhou, _ := ident.MakeUSCC("91430200MA4M3E4F5")
		own, _ := ident.MakeUSCC("91430100MA4L1A2B3")

		open := map[string]any{"kind": "voluntary", "enterprise_uscc": zhuzhou,
			"products": []map[string]any{{"name": "电动工具充电器", "hs_code": "8504409999"}},
			"defect":   "充电器外壳绝缘不足，可能触电", "aware_on": "2026-12-01"}
		code, r := e.api("POST", "/api/v1/recalls", officer, open)
		if code != http.StatusCreated || r["status"] != "suspected" {
			t.Fatalf("open: %d %v", code, r)
		}
		id := int(r["id"].(float64))
		// 2026-12-01 is a Tuesday: Wednesday and Thursday are the 2 working days.
		if d := r["deadlines"].(map[string]any); d["report_due"] != "2026-12-03" {
			t.Fatalf("report_due: %v", d)
		}

		// Bad input: nothing written.
		_, before := e.api("GET", "/api/v1/recalls", officer, nil)
		for _, c := range []struct {
			field string
			edit  func(m map[string]any)
		}{
			{"aware_on", func(m map[string]any) { m["aware_on"] = "2026-02-30" }},
			{"kind", func(m map[string]any) { m["kind"] = "maybe" }},
			{"products[0].quantity_sold", func(m map[string]any) {
				m["products"] = []map[string]any{{"name": "充电器", "quantity_made": 100, "quantity_sold": 150}}
			}},
			{"products", func(m map[string]any) { m["products"] = []map[string]any{} }},
			{"enterprise_uscc", func(m map[string]any) { m["enterprise_uscc"] = "91430200MA4M3E4F5X" }},
		} {
			m := map[string]any{}
			for k, v := range open {
				m[k] = v
			}
			c.edit(m)
			if code, body := e.api("POST", "/api/v1/recalls", officer, m); code != http.StatusBadRequest || errField(body) != c.field {
				t.Errorf("%s: %d %v", c.field, code, body)
			}
		}
		if _, after := e.api("GET", "/api/v1/recalls", officer, nil); after["total"] != before["total"] {
			t.Fatalf("a refused recall was written: %v → %v", before["total"], after["total"])
		}

		plan := map[string]any{"remedy": "replace", "completion_date": "2026-12-10", "target_completion": 0.9}
		for field, bad := range map[string]map[string]any{
			"remedy":            {"completion_date": "2026-12-10", "target_completion": 0.9},
			"completion_date":   {"remedy": "replace", "completion_date": "2026-12-32", "target_completion": 0.9},
			"target_completion": {"remedy": "replace", "completion_date": "2026-12-10", "target_completion": 1.5},
		} {
			if code, body := e.api("POST", "/api/v1/recalls/"+strconv.Itoa(id)+"/plan", officer, bad); code != http.StatusBadRequest || errField(body) != field {
				t.Errorf("plan without a good %s: %d %v", field, code, body)
			}
		}
		code, r = e.api("POST", "/api/v1/recalls/"+strconv.Itoa(id)+"/plan", officer, plan)
		if code != http.StatusOK || r["status"] != "plan_filed" {
			t.Fatalf("plan: %d %v", code, r)
		}
		// 15 working days after Thursday 2026-12-10: 12-11, the three weeks
		// from 12-14, then 12-31.
		if d := r["deadlines"].(map[string]any); d["summary_due"] != "2026-12-31" || d["report_due"] != "2026-12-03" {
			t.Fatalf("deadlines after the plan: %v", d)
		}
		if code, r = e.api("POST", "/api/v1/recalls/"+strconv.Itoa(id)+"/actions", officer, map[string]any{"action": "start", "rev": int(r["rev"].(float64))}); code != http.StatusConflict {
			t.Fatalf("start before the notice: %d %v", code, r)
		}

		// The firm: its own recall, reported today; not the other firm's.
		code, mine := e.api("POST", "/api/v1/recalls", firm, map[string]any{"kind": "voluntary", "enterprise_uscc": own,
			"products": []map[string]any{{"name": "组合烟花", "hs_code": "3604100000"}}, "defect": "发射筒底座不稳", "aware_on": "2026-11-30", "trigger": "recall_abroad"})
		if code != http.StatusCreated || mine["reported_on"] == "" {
			t.Fatalf("firm opens its own: %d %v", code, mine)
		}
		if code, body := e.api("POST", "/api/v1/recalls", firm, open); code != http.StatusBadRequest || errField(body) != "enterprise_uscc" {
			t.Fatalf("firm opens another's: %d %v", code, body)
		}
		_, list := e.api("GET", "/api/v1/recalls", firm, nil)
		items := list["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["enterprise_uscc"] != own {
			t.Fatalf("firm's list: %v", list)
		}
		if code, _ := e.api("GET", "/api/v1/recalls/"+strconv.Itoa(id), firm, nil); code != http.StatusNotFound {
			t.Fatalf("firm reads another's recall: %d", code)
		}
		if code, _ := e.api("POST", "/api/v1/recalls/"+strconv.Itoa(int(mine["id"].(float64)))+"/actions", firm, map[string]any{"action": "confirm", "rev": 1}); code != http.StatusForbidden {
			t.Fatalf("firm confirms its own defect: %d", code)
		}
	})
}

// TestRecallPages: the officer opens a recall on the form (a bad quantity
// first, refused at its input with what was typed kept), files the plan
// and moves it on; the pages show labels, never codes; the firm's list
// holds its own recalls only.
func TestRecallPages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db)
	e := newEnv(t, db)
	zhuzhou, _ := ident.MakeUSCC("91430200MA4M3E4F5")
	b := e.browser()
	b.login("officer", password("officer"))
	resp, page := b.get("/recalls/new")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "主动召回") {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {b.csrf}, "kind": {"voluntary"}, "enterprise_uscc": {zhuzhou}, "product_name": {"电动工具充电器"},
		"product_model": {"ZD-18V"}, "product_made": {"1000"}, "product_sold": {"1200"}, "defect": {"外壳绝缘不足"}, "aware_on": {"2026-12-01"}, "trigger": {"serious_injury"}}
	resp, page = b.post("/recalls", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "销售数量（1200）多于生产数量（1000）") || !strings.Contains(page, `value="ZD-18V"`) {
		t.Fatalf("more sold than made: %d", resp.StatusCode)
	}
	form.Set("product_sold", "800")
	resp, _ = b.post("/recalls", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	resp, page = b.get(loc)
	for _, want := range []string{"疑似缺陷", "向省级市场监管部门报告", "2026-12-03", "严重人身伤害", "湖南省市场监督管理局", "启动缺陷调查"} {
		if !strings.Contains(page, want) {
			t.Errorf("recall page lacks %q", want)
		}
	}
	if strings.Contains(page, ">suspected<") || strings.Contains(page, ">voluntary<") {
		t.Error("a code shows on the recall page")
	}
	resp, page = b.post(loc, url.Values{"csrf": {b.csrf}, "form": {"plan"}, "rev": {"1"}, "remedy": {"replace"}, "completion_date": {"2026-12-10"}, "target_completion": {"90"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", resp.StatusCode, page)
	}
	_, page = b.get(loc)
	if !strings.Contains(page, "召回计划已备案") || !strings.Contains(page, "2026-12-31") || !strings.Contains(page, "更换") || !strings.Contains(page, "90%") {
		t.Fatalf("after the plan the page lacks its status, summary deadline, remedy or target")
	}
	resp, _ = b.post(loc, url.Values{"csrf": {b.csrf}, "form": {"act"}, "rev": {"2"}, "action": {"publish_notice"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish notice: %d", resp.StatusCode)
	}
	_, page = b.get("/recalls")
	if !strings.Contains(page, "召回公告已发布") || !strings.Contains(page, "ZD-18V") {
		t.Fatalf("list lacks the recall")
	}
	fb := e.browser()
	fb.login("enterprise", password("enterprise"))
	if _, page = fb.get("/recalls"); strings.Contains(page, "ZD-18V") {
		t.Fatal("the firm sees another firm's recall")
	}
	if resp, _ = fb.get(loc); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the firm opens another firm's recall: %d", resp.StatusCode)
	}
}

// TestRecallProgress: progress is reported while the recall runs, as
// cumulative totals that add up; its completion is the case's recall
// completion for the lifting condition once the recall is under a case.
func TestRecallProgress(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		pinClock(db)
		e := newEnv(t, db)
		officer, firm := e.token("officer"), e.token("enterprise")
		own, _ := ident.MakeUSCC("91430100MA4L1A2B3")
		_, cases := e.api("GET", "/api/v1/cases", officer, nil)
		caseID := int(cases["items"].([]any)[0].(map[string]any)["id"].(float64))
		before, err := db.Inspections().RecallCompletion(context.Background(), risk.ID(caseID))
		if err != nil {
			t.Fatal(err)
		}
		code, r := e.api("POST", "/api/v1/recalls", officer, map[string]any{"kind": "voluntary", "enterprise_uscc": own, "case_id": caseID,
			"products": []map[string]any{{"name": "组合烟花", "quantity_made": 1000, "quantity_sold": 700, "quantity_in_chain": 300}},
			"defect":   "底座不稳", "aware_on": "2026-11-30"})
		if code != http.StatusCreated || int(r["case_id"].(float64)) != caseID {
			t.Fatalf("open under a case: %d %v", code, r)
		}
		id := strconv.Itoa(int(r["id"].(float64)))
		progress := func(token string, body map[string]any) (int, map[string]any) {
			return e.api("POST", "/api/v1/recalls/"+id+"/progress", token, body)
		}
		if code, body := progress(firm, map[string]any{"located": 10}); code != http.StatusConflict {
			t.Fatalf("progress before the recall runs: %d %v", code, body)
		}
		rev := 1
		for _, step := range []string{"plan", "publish_notice", "start"} {
			if step == "plan" {
				code, r = e.api("POST", "/api/v1/recalls/"+id+"/plan", firm, map[string]any{"remedy": "refund", "completion_date": "2026-12-20", "target_completion": 0.8})
			} else {
				code, r = e.api("POST", "/api/v1/recalls/"+id+"/actions", officer, map[string]any{"action": step, "rev": rev})
			}
			if code != http.StatusOK {
				t.Fatalf("%s: %d %v", step, code, r)
			}
			rev = int(r["rev"].(float64))
		}
		for field, bad := range map[string]map[string]any{
			"located":    {"located": 100, "corrected": 80, "returned": 30},
			"by_channel": {"located": 100, "corrected": 50, "by_channel": map[string]any{"carrier-pigeon": 10}},
			"by_region":  {"located": 100, "corrected": 50, "by_region": map[string]any{"430100": 60}},
			"as_of":      {"located": 100, "as_of": "2026-13-01"},
		} {
			if code, body := progress(firm, bad); code != http.StatusBadRequest || errField(body) != field {
				t.Errorf("%s: %d %v", field, code, body)
			}
		}
		code, p := progress(firm, map[string]any{"located": 600, "corrected": 350, "returned": 100, "destroyed": 50,
			"by_channel": map[string]any{"consumers": 350, "retailers": 150}, "by_region": map[string]any{"430100": 300}})
		if code != http.StatusCreated || p["completion"] != 0.5 {
			t.Fatalf("progress: %d %v", code, p)
		}
		if code, body := progress(officer, map[string]any{"located": 500, "corrected": 400}); code != http.StatusBadRequest || errField(body) != "located" {
			t.Fatalf("a total smaller than the last report's: %d %v", code, body)
		}
		pct, err := db.Inspections().RecallCompletion(context.Background(), risk.ID(caseID))
		if err != nil || pct == nil || *pct != 50 {
			t.Fatalf("the case's recall completion: %v %v (before: %v)", pct, err, before)
		}
		_, list := e.api("GET", "/api/v1/recalls/"+id+"/progress", firm, nil)
		if items := list["items"].([]any); len(items) != 1 {
			t.Fatalf("progress list: %v", list)
		}
		other := e.token("inspector")
		if code, _ := progress(other, map[string]any{"located": 700}); code != http.StatusForbidden {
			t.Fatalf("an inspector reports progress: %d", code)
		}
	})
}

// TestRecallNotices: once its notice is published a recall is on the
// portal, in the Atom feed and as a CAP alert, all valid against their
// schemas and without the report's internals; before that, nowhere (404).
func TestRecallNotices(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db)
	e := newEnv(t, db)
	officer := e.token("officer")
	zhuzhou, _ := ident.MakeUSCC("91430200MA4M3E4F5")
	code, r := e.api("POST", "/api/v1/recalls", officer, map[string]any{"kind": "voluntary", "enterprise_uscc": zhuzhou,
		"products": []map[string]any{{"name": "电动工具充电器", "brand": "ZHUDONG", "model": "ZD-18V"}},
		"defect":   "外壳绝缘不足，可能触电", "incidents": "消费者张某投诉", "aware_on": "2026-11-30"})
	if code != http.StatusCreated {
		t.Fatalf("open: %d %v", code, r)
	}
	id := strconv.Itoa(int(r["id"].(float64)))
	get := func(path string) (int, []byte) {
		resp, err := http.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	for _, p := range []string{"/public/recalls/" + id, "/cap/recalls/" + id + ".xml"} {
		if code, _ := get(p); code != http.StatusNotFound {
			t.Fatalf("%s before the notice: %d", p, code)
		}
	}
	if _, body := e.api("GET", "/api/v1/public/recalls", "", nil); body["total"] != float64(0) {
		t.Fatalf("public list before the notice: %v", body)
	}
	e.api("POST", "/api/v1/recalls/"+id+"/plan", officer, map[string]any{"remedy": "replace", "completion_date": "2026-12-20", "target_completion": 0.9,
		"notice": "请停止使用并联系经销商免费更换。"})
	if code, r = e.api("POST", "/api/v1/recalls/"+id+"/actions", officer, map[string]any{"action": "publish_notice", "rev": 2}); code != http.StatusOK || r["notice_on"] == "" {
		t.Fatalf("publish the notice: %d %v", code, r)
	}
	code, page := get("/public/recalls/" + id)
	if code != http.StatusOK || !strings.Contains(string(page), "ZD-18V") || !strings.Contains(string(page), "更换") || strings.Contains(string(page), "张某") {
		t.Fatalf("the notice page: %d", code)
	}
	if _, home := get("/public"); !strings.Contains(string(home), "/public/recalls/"+id) {
		t.Fatal("the portal's home does not list the recall under way")
	}
	_, body := e.api("GET", "/api/v1/public/recalls", "", nil)
	items := body["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["incidents"] != nil || items[0].(map[string]any)["aware_on"] != nil {
		t.Fatalf("public list: %v", body)
	}
	_, feed := get("/feeds/recalls.atom")
	f := validAtom(t, feed)
	if len(f.Entries) != 1 || !strings.Contains(f.Entries[0].Title, "ZD-18V") {
		t.Fatalf("feed: %+v", f.Entries)
	}
	_, doc := get("/cap/recalls/" + id + ".xml")
	a := validCAP(t, "recall.xml", doc)
	if a.MsgType != "Alert" || a.Scope != "Public" || len(a.Info) != 2 || a.Info[0].ResponseType[0] != "Avoid" || !strings.Contains(a.Info[0].Instruction, "更换") {
		t.Fatalf("CAP: %+v", a)
	}
	e.api("POST", "/api/v1/recalls/"+id+"/actions", officer, map[string]any{"action": "start", "rev": 3})
	_, doc = get("/cap/recalls/" + id + ".xml")
	if a = validCAP(t, "recall-update.xml", doc); a.MsgType != "Update" || a.References == "" {
		t.Fatalf("CAP after the start: %s %q", a.MsgType, a.References)
	}
}

// TestFirmReportsItsDefect: a recall the regulator opened for a firm shows
// the firm its report clock; the firm's report (its text required) meets
// it, once; officials do not report for the firm.
func TestFirmReportsItsDefect(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db)
	e := newEnv(t, db)
	officer, firm := e.token("officer"), e.token("enterprise")
	own, _ := ident.MakeUSCC("91430100MA4L1A2B3")
	_, r := e.api("POST", "/api/v1/recalls", officer, map[string]any{"kind": "voluntary", "enterprise_uscc": own,
		"products": []map[string]any{{"name": "组合烟花"}}, "defect": "底座不稳", "aware_on": "2026-11-30"})
	id := strconv.Itoa(int(r["id"].(float64)))
	_, seen := e.api("GET", "/api/v1/recalls/"+id, firm, nil)
	if d := seen["deadline_list"].([]any)[0].(map[string]any); d["code"] != "report" || d["met"] != nil || d["due"] != "2026-12-02" {
		t.Fatalf("the firm's clock: %v", d)
	}
	act := func(token, note string, rev int) (int, map[string]any) {
		return e.api("POST", "/api/v1/recalls/"+id+"/actions", token, map[string]any{"action": "report", "note": note, "rev": rev})
	}
	if code, body := act(officer, "代企业报告", 1); code != http.StatusForbidden {
		t.Fatalf("an officer reports for the firm: %d %v", code, body)
	}
	if code, body := act(firm, "", 1); code != http.StatusBadRequest || errField(body) != "note" {
		t.Fatalf("a report without its text: %d %v", code, body)
	}
	code, body := act(firm, "美国进口商召回，收到 2 起投诉，无人受伤。", 1)
	if code != http.StatusOK || body["reported_on"] != "2026-12-01" || body["status"] != "suspected" {
		t.Fatalf("report: %d %v", code, body)
	}
	if d := body["deadline_list"].([]any)[0].(map[string]any); d["met"] != "2026-12-01" || d["late"] == true {
		t.Fatalf("after the report: %v", d)
	}
	if code, _ := act(firm, "再报一次", 2); code != http.StatusConflict {
		t.Fatalf("reported twice: %d", code)
	}
}

// TestPlanReturned: the regulator returns a firm's plan with its reason
// (required); the firm sees why, files it again, and the reason clears.
func TestPlanReturned(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db)
	e := newEnv(t, db)
	officer, firm := e.token("officer"), e.token("enterprise")
	own, _ := ident.MakeUSCC("91430100MA4L1A2B3")
	_, r := e.api("POST", "/api/v1/recalls", firm, map[string]any{"kind": "voluntary", "enterprise_uscc": own,
		"products": []map[string]any{{"name": "组合烟花"}}, "defect": "底座不稳", "aware_on": "2026-11-30"})
	id := strconv.Itoa(int(r["id"].(float64)))
	plan := map[string]any{"remedy": "refund", "completion_date": "2026-12-20", "target_completion": 0.8}
	if code, body := e.api("POST", "/api/v1/recalls/"+id+"/plan", firm, plan); code != http.StatusOK {
		t.Fatalf("plan: %d %v", code, body)
	}
	if code, body := e.api("POST", "/api/v1/recalls/"+id+"/actions", officer, map[string]any{"action": "return_plan", "rev": 2}); code != http.StatusBadRequest || errField(body) != "note" {
		t.Fatalf("returned without a reason: %d %v", code, body)
	}
	code, body := e.api("POST", "/api/v1/recalls/"+id+"/actions", officer, map[string]any{"action": "return_plan", "note": "目标完成率过低，请说明如何联系已售产品的购买者。", "rev": 2})
	if code != http.StatusOK || body["status"] != "confirmed" {
		t.Fatalf("return: %d %v", code, body)
	}
	if _, seen := e.api("GET", "/api/v1/recalls/"+id, firm, nil); !strings.Contains(seen["plan_returned"].(string), "目标完成率过低") {
		t.Fatalf("the firm does not see why: %v", seen)
	}
	plan["target_completion"] = 0.95
	if _, body = e.api("POST", "/api/v1/recalls/"+id+"/plan", firm, plan); body["status"] != "plan_filed" || body["plan_returned"] != nil {
		t.Fatalf("filed again: %v", body)
	}
}
