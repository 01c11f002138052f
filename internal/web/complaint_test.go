package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

var trackingRE = regexp.MustCompile(`TS\d{8}-[2-9A-Z]{10}`)

func TestComplaints(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.token("admin")
		count := func() int {
			_, body := e.api("GET", "/api/v1/signals?channel=portal-complaint", admin, nil)
			return int(body["total"].(float64))
		}
		b := e.browser()
		form := url.Values{"product_name": {"儿童电动牙刷"}, "brand": {"乐齿"}, "description": {"充电时电池发烫冒烟，孩子手被烫红。"},
			"category": {"childcare-articles"}, "hazard": {"burns"}, "region": {"430100"}, "injured": {"1"},
			"name": {"王女士"}, "contact": {"13912345678"}, "occurred_at": {"2026-11-20"}}
		if resp, _ := b.post("/public/complaints", form); resp.StatusCode != 403 {
			t.Fatalf("complaint without the form's token: %d", resp.StatusCode)
		}
		b.get("/public/complaints/new")
		form.Set("csrf", b.csrf)
		resp, page := b.post("/public/complaints", form)
		number := trackingRE.FindString(page)
		if resp.StatusCode != 201 || number == "" {
			t.Fatalf("complaint: %d %s", resp.StatusCode, page)
		}
		// Officials see it, with the contact, in the market regulator's queue.
		_, body := e.api("GET", "/api/v1/signals?channel=portal-complaint", admin, nil)
		items := body["items"].([]any)
		_, sig := e.api("GET", fmt.Sprintf("/api/v1/signals/%d", int(items[0].(map[string]any)["id"].(float64))), admin, nil)
		if len(items) != 1 || sig["reporter"] == nil || sig["external_ref"] != number || sig["dept"] != "hn-amr" || sig["region"] != "430100" ||
			sig["reporter"].(map[string]any)["contact"] != "13912345678" || !strings.Contains(sig["description"].(string), "2026-11-20") {
			t.Fatalf("signal %v", sig)
		}
		// The status page shows progress and no personal data.
		resp, page = b.get("/public/complaints/" + number)
		if resp.StatusCode != 200 || !strings.Contains(page, "已受理，待研判") || strings.Contains(page, "13912345678") || strings.Contains(page, "王女士") {
			t.Fatalf("status page: %d", resp.StatusCode)
		}
		if resp, _ := b.get("/public/complaints?number=" + strings.ToLower(number)); resp.StatusCode != 303 || resp.Header.Get("Location") != "/public/complaints/"+number {
			t.Fatalf("look-up: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if code, _ := e.api("GET", "/api/v1/public/complaints/TS20261129-2222222222", "", nil); code != 404 {
			t.Fatalf("unknown number: %d", code)
		}
		// Dismissed: the complainant sees it closed.
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/signals/%d/dismiss", int(sig["id"].(float64))), admin, map[string]any{"reason": "非产品质量问题"}); code != 200 {
			t.Fatalf("dismiss: %d %v", code, body)
		}
		if code, body := e.api("GET", "/api/v1/public/complaints/"+number, "", nil); code != 200 || body["status"] != "closed" || body["contact"] != nil {
			t.Fatalf("status after dismissal: %d %v", code, body)
		}

		// Bad input names the field and writes nothing.
		good := map[string]any{"product_name": "奶瓶", "description": "有裂纹。", "contact": "a@example.com"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range good {
				m[a] = b
			}
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			return m
		}
		for _, tt := range []struct {
			body  map[string]any
			field string
		}{
			{with("contact", nil), "contact"},
			{with("product_name", ""), "product_name"},
			{with("description", strings.Repeat("长", 2001)), "description"},
			{with("region", "110000"), "region"},
			{with("hazard", "nope"), "hazard"},
			{with("category", "nope"), "category"},
			{with("occurred_at", "2026/11/20"), "occurred_at"},
		} {
			if code, out := e.api("POST", "/api/v1/public/complaints", "", tt.body); code != 400 || errField(out) != tt.field {
				t.Errorf("%s: %d %v", tt.field, code, out)
			}
		}
		if n := count(); n != 1 {
			t.Fatalf("rejected complaints wrote signals: %d", n)
		}
		// Five complaints from one address at once, then no more.
		accepted := 1
		for range 6 {
			code, _ := e.api("POST", "/api/v1/public/complaints", "", good)
			if code == 201 {
				accepted++
			} else if code != 429 {
				t.Fatalf("complaint: %d", code)
			}
		}
		if accepted != 5 || count() != 5 {
			t.Fatalf("accepted %d complaints from one address (stored %d), want 5", accepted, count())
		}
	})
}
