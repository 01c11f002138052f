package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/store/storetest"
)

// TestEnforcementHTTP: bad interviews and penalties are refused with 400
// naming the field and write nothing; a penalty moves the firm's tier and
// shows on its credit page's lists; the interview form refused names its
// row's input.
func TestEnforcementHTTP(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	officer := e.token("officer")
	_, list := e.api("GET", "/api/v1/enterprises?tier=routine&limit=1", officer, nil)
	firm := list["items"].([]any)[0].(map[string]any)
	uscc, id := firm["uscc"].(string), fmt.Sprint(firm["id"])
	admin := e.token("admin")
	audit := func() float64 {
		_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
		n, _ := b["total"].(float64)
		return n
	}
	n0 := audit()
	interview := func(edit func(map[string]any)) map[string]any {
		b := map[string]any{"reason": "violation", "held_on": "2026-11-20", "place": "长沙", "minutes": "纪要", "depts": []string{"hn-amr"},
			"parties":     []any{map[string]any{"role": "importer", "uscc": uscc}},
			"commitments": []any{map[string]any{"party": 0, "text": "整改", "deadline": "2026-12-20"}}}
		edit(b)
		return b
	}
	for _, c := range []struct {
		path  string
		body  map[string]any
		field string
	}{
		{"/api/v1/penalties", map[string]any{"kind": "penalty", "enterprise_uscc": uscc, "decided_on": "2026-11-20", "legal_basis": "x", "severity": "general"}, "number"},
		{"/api/v1/penalties", map[string]any{"kind": "penalty", "enterprise_uscc": "91430000MA4L0000X1", "number": "长关缉违字〔2026〕9号", "decided_on": "2026-11-20", "legal_basis": "x", "severity": "general"}, "enterprise_uscc"},
		{"/api/v1/interviews", interview(func(b map[string]any) {
			b["commitments"] = []any{map[string]any{"party": 0, "text": "整改"}}
		}), "commitments[0].deadline"},
		{"/api/v1/interviews", interview(func(b map[string]any) {
			b["parties"] = []any{map[string]any{"role": "importer", "uscc": "91430000MA4L0000X1"}}
		}), "parties[0].uscc"},
	} {
		if code, b := e.api("POST", c.path, officer, c.body); code != 400 || errField(b) != c.field {
			t.Errorf("POST %s %v: %d %v, want 400 naming %s", c.path, c.body, code, b, c.field)
		}
	}
	if audit() != n0 {
		t.Fatal("a refused record was written")
	}
	code, p := e.api("POST", "/api/v1/penalties", officer, map[string]any{"kind": "penalty", "enterprise_uscc": uscc, "number": "长关缉违字〔2026〕9号",
		"decided_on": "2026-11-20", "legal_basis": "《进出口商品检验法实施条例》第四十六条", "amount": 12345.6, "severity": "general"})
	if ch, _ := p["tier_change"].(map[string]any); code != 201 || p["amount"] != 12345.6 || ch == nil || ch["to"] != "dishonest" {
		t.Fatalf("penalty: %d %v", code, p)
	}
	if _, ent := e.api("GET", "/api/v1/enterprises/"+id, officer, nil); ent["credit_tier"] != "dishonest" {
		t.Fatalf("register tier %v", ent["credit_tier"])
	}
	if code, b := e.api("POST", "/api/v1/penalties", officer, map[string]any{"kind": "penalty", "enterprise_uscc": uscc, "number": "长关缉违字〔2026〕9号",
		"decided_on": "2026-11-20", "legal_basis": "x", "severity": "general"}); code != 409 || errField(b) != "number" {
		t.Fatalf("the number again: %d %v", code, b)
	}
	if code, b := e.api("GET", "/api/v1/penalties?enterprise="+id, officer, nil); code != 200 || b["total"] != 1.0 {
		t.Fatalf("the firm's penalties: %d %v", code, b)
	}

	// The form: a commitment typed in row 2 without a deadline is named at
	// row 2's input, and nothing is written.
	b := e.browser()
	b.login("officer", password("officer"))
	n1 := audit()
	resp, body := b.post("/interviews", url.Values{"csrf": {b.csrf}, "reason": {"accident"}, "held_on": {"2026-11-20"}, "place": {"长沙"}, "minutes": {"纪要"},
		"p0-role": {"importer"}, "p0-uscc": {uscc}, "c1-party": {"0"}, "c1-text": {"整改"}})
	if resp.StatusCode != 400 || !strings.Contains(body, `href="#c1-deadline"`) || !strings.Contains(body, "履行期限") {
		t.Fatalf("refused form: %d\n%s", resp.StatusCode, body)
	}
	if audit() != n1 {
		t.Fatal("a refused form was written")
	}
	resp, _ = b.post("/interviews", url.Values{"csrf": {b.csrf}, "reason": {"accident"}, "held_on": {"2026-11-20"}, "place": {"长沙"}, "minutes": {"纪要"},
		"depts": {"hn-amr"}, "p0-role": {"importer"}, "p0-uscc": {uscc}, "c1-party": {"0"}, "c1-text": {"整改"}, "c1-deadline": {"2026-12-31"}})
	if resp.StatusCode != 303 {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	_, body = b.get(resp.Header.Get("Location"))
	if !strings.Contains(body, "联合约谈") || !strings.Contains(body, "2026-12-31") {
		t.Fatalf("interview page:\n%s", body)
	}
	_, body = b.get("/credit/firms/" + id)
	if !strings.Contains(body, "/penalties?enterprise="+id) || !strings.Contains(body, `/penalties/`+fmt.Sprint(p["id"])) {
		t.Fatalf("credit page lacks the links:\n%s", body)
	}
}
