package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// lighterBulletin is the id of the demo's lighter 通报 (to hn-amr and
// hn-commerce).
func lighterBulletin(t *testing.T, e *env) string {
	t.Helper()
	_, list := e.api("GET", "/api/v1/warnings?class=bulletin", e.token("officer"), nil)
	for _, x := range list["items"].([]any) {
		w := x.(map[string]any)
		if rs, _ := w["recipients"].([]any); slices.Contains(rs, any("hn-commerce")) {
			return fmt.Sprint(int(w["id"].(float64)))
		}
	}
	t.Fatalf("no lighter bulletin in %v", list)
	return ""
}

// addOfficer adds an officer of dept with a known password.
func addOfficer(t *testing.T, e *env, login, name, dept string) {
	t.Helper()
	if _, err := e.app.Auth.AddUser(context.Background(), risk.System, auth.NewUser{Login: login, Name: name, Dept: dept,
		Role: "officer", Password: "a-long-password"}); err != nil {
		t.Fatal(err)
	}
}

// TestFollowupAPI: a recipient department reports its follow-ups on the
// lighter 通报; bad input is refused naming the field with nothing
// written; the issuer, another department and an enterprise may not
// report; the issuer sees every recipient's follow-ups and who is overdue,
// in working days, once the deadline has passed.
func TestFollowupAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		shift := pinClock(db)
		e := newEnv(t, db)
		addOfficer(t, e, "amr", "王芳", "hn-amr")
		addOfficer(t, e, "eco", "赵强", "hn-ecoenv")
		id := lighterBulletin(t, e)
		path := "/api/v1/warnings/" + id + "/followups"
		amr, off, eco, firm := e.token("amr"), e.token("officer"), e.token("eco"), e.token("enterprise")

		code, r := e.api("GET", path, amr, nil)
		// Issued on Tuesday 2026-12-01: the 10th working day after is 12-15.
		if code != http.StatusOK || r["due"] != "2026-12-15" || len(r["recipients"].([]any)) != 2 || r["overdue"] != 0.0 {
			t.Fatalf("before any follow-up: %d %v", code, r)
		}
		if n := benchCount(t, e, amr, "followups-awaited"); n != 1 {
			t.Errorf("amr's workbench: %d 通报 awaiting the follow-up, want 1", n)
		}
		good := map[string]any{"finding": "found", "measures": []string{"withdrawal", "seal-detain"}, "actions": "责令 3 家商户下架，查封库存。",
			"quantities": map[string]any{"found": 120, "withdrawn": 100, "destroyed": 20, "unit": "piece"}, "note": "供货商在浙江。"}
		for _, c := range []struct {
			field string
			body  any
		}{
			{"finding", map[string]any{"finding": "perhaps"}},
			{"actions", map[string]any{"finding": "found"}},
			{"measures", map[string]any{"finding": "not_found", "measures": []string{"nonsense"}}},
			{"quantities.found", map[string]any{"finding": "found", "actions": "x", "quantities": map[string]any{"found": -1, "unit": "piece"}}},
			{"quantities.withdrawn", map[string]any{"finding": "found", "actions": "x", "quantities": map[string]any{"found": 10, "withdrawn": 8, "destroyed": 3, "unit": "piece"}}},
			{"quantities.unit", map[string]any{"finding": "found", "actions": "x", "quantities": map[string]any{"found": 10}}},
			{"quantities.found", map[string]any{"finding": "not_found", "quantities": map[string]any{"found": 10, "unit": "kg"}}},
			{"note", map[string]any{"finding": "not_found", "note": strings.Repeat("长", 2001)}},
			{"", `{"finding": "not_found", "shipped": 1}`}, // an unknown field
		} {
			code, body := e.api("POST", path, amr, c.body)
			if code != http.StatusBadRequest || (c.field != "" && errField(body) != c.field) {
				t.Errorf("%s: %d %v", c.field, code, body)
			}
		}
		if _, r := e.api("GET", path, off, nil); r["recipients"].([]any)[0].(map[string]any)["answered"] != false {
			t.Fatalf("a refused follow-up was written: %v", r)
		}
		for who, tok := range map[string]string{"the issuer": off, "another department": eco, "an enterprise": firm} {
			if code, body := e.api("POST", path, tok, good); code != http.StatusForbidden && code != http.StatusNotFound {
				t.Errorf("%s reports: %d %v", who, code, body)
			}
		}
		for who, tok := range map[string]string{"another department": eco, "an enterprise": firm} {
			if code, body := e.api("GET", path, tok, nil); code != http.StatusForbidden && code != http.StatusNotFound {
				t.Errorf("%s reads: %d %v", who, code, body)
			}
		}

		code, f := e.api("POST", path, amr, good)
		if code != http.StatusCreated || f["dept"] != "hn-amr" || f["reported_by"] != "王芳" || f["finding"] != "found" {
			t.Fatalf("report: %d %v", code, f)
		}
		if n := benchCount(t, e, amr, "followups-awaited"); n != 0 {
			t.Errorf("amr's workbench after the report: %d awaiting", n)
		}
		shift(24 * time.Hour)
		if code, f = e.api("POST", path, amr, map[string]any{"finding": "found", "actions": "其余库存已销毁。", "measures": []string{"destruction"},
			"quantities": map[string]any{"found": 100, "destroyed": 100, "unit": "piece"}}); code != http.StatusCreated {
			t.Fatalf("second report: %d %v", code, f)
		}

		// Three weeks on: the commerce department has not answered.
		shift(21 * 24 * time.Hour)
		code, r = e.api("GET", path, off, nil)
		if code != http.StatusOK || r["overdue"] != 1.0 {
			t.Fatalf("issuer's view: %d %v", code, r)
		}
		byDept := map[string]map[string]any{}
		for _, x := range r["recipients"].([]any) {
			byDept[x.(map[string]any)["dept"].(string)] = x.(map[string]any)
		}
		if a := byDept["hn-amr"]; a["answered"] != true || len(a["followups"].([]any)) != 2 || a["overdue"] != false {
			t.Errorf("hn-amr: %v", a)
		}
		// 12-22 is 21 days after 12-01: 12-16 … 12-22 are 5 working days.
		if c := byDept["hn-commerce"]; c["answered"] != false || c["overdue"] != true || c["working_days_overdue"] != 5.0 {
			t.Errorf("hn-commerce: %v", c)
		}
		addOfficer(t, e, "mofcom", "钱进", "hn-commerce")
		if n := benchCount(t, e, e.token("mofcom"), "followups-overdue"); n != 1 {
			t.Errorf("the commerce department's workbench: %d overdue, want 1", n)
		}
	})
}

// benchCount is the count of the workbench item key.
func benchCount(t *testing.T, e *env, token, key string) int {
	t.Helper()
	code, b := e.api("GET", "/api/v1/workbench", token, nil)
	if code != http.StatusOK {
		t.Fatalf("workbench: %d %v", code, b)
	}
	for _, sec := range b["sections"].([]any) {
		for _, it := range sec.(map[string]any)["items"].([]any) {
			if it := it.(map[string]any); it["key"] == key {
				n, _ := it["count"].(float64)
				return int(n)
			}
		}
	}
	t.Fatalf("no workbench item %s in %v", key, b)
	return 0
}

// TestFollowupPage: the recipient's inbox leads to the warning page,
// where it reports (a bad
// quantity first, refused at its input with what was typed kept); the
// issuer's page shows the follow-up in words and the overdue recipient.
func TestFollowupPage(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	shift := pinClock(db)
	e := newEnv(t, db)
	addOfficer(t, e, "amr", "王芳", "hn-amr")
	id := lighterBulletin(t, e)
	b := e.browser()
	b.login("amr", "a-long-password")
	_, page := b.get("/warnings/" + id)
	if !strings.Contains(page, `action="/warnings/`+id+`/followup"`) || !strings.Contains(page, "待反馈") {
		t.Fatalf("the recipient's page has no follow-up form")
	}
	if _, inbox := b.get("/inbox"); !strings.Contains(inbox, `href="/warnings/`+id+`#followups"`) {
		t.Fatalf("the recipient's inbox does not lead to the follow-up form")
	}
	form := url.Values{"csrf": {b.csrf}, "finding": {"found"}, "measures": {"withdrawal", "suspend-sales"}, "actions": {"责令下架"},
		"found": {"十二"}, "withdrawn": {"12"}, "unit": {"box"}}
	resp, page := b.post("/warnings/"+id+"/followup", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="fu-found-error"`) || !strings.Contains(page, `value="十二"`) ||
		!strings.Contains(page, "责令下架") || !strings.Contains(page, `<option value="suspend-sales" selected>`) {
		t.Fatalf("refused quantity: %d %s", resp.StatusCode, page)
	}
	form.Set("found", "12")
	if resp, page = b.post("/warnings/"+id+"/followup", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", resp.StatusCode, page)
	}
	shift(30 * 24 * time.Hour)
	o := e.browser()
	o.login("officer", password("officer"))
	_, page = o.get("/warnings/" + id)
	for _, want := range []string{"处置情况反馈", "在市场上发现涉及产品", "从市场撤回", "暂停销售", "发现 12 箱", "逾期未反馈", "湖南省商务厅"} {
		if !strings.Contains(page, want) {
			t.Errorf("the issuer's page lacks %q", want)
		}
	}
	if strings.Contains(page, `action="/warnings/`+id+`/followup"`) {
		t.Errorf("the issuer is offered the follow-up form")
	}
}
