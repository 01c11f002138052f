package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestCalendarAPIAndPage: the workdays answer on the official calendar, a
// refusal past it, an administrator entering the next year on the page
// (a bad line refused with the typed text kept and nothing saved), and the
// answer then counting into it.
func TestCalendarAPIAndPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		code, body := e.api("GET", "/api/v1/calendar/workdays?from=2026-09-30&days=2", "", nil)
		if code != http.StatusOK || body["date"] != "2026-10-09" {
			t.Fatalf("across 国庆节: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/calendar/workdays?from=2026-12-30&days=3", "", nil)
		if code != http.StatusBadRequest || errField(body) != "date" || !strings.Contains(body["error"].(map[string]any)["message"].(string), "2027") {
			t.Fatalf("past the calendar: %d %v", code, body)
		}
		if code, body = e.api("GET", "/api/v1/calendar/workdays?from=2031-06-01&days=0", "", nil); code != http.StatusBadRequest {
			t.Fatalf("zero days in a year the calendar lacks: %d %v", code, body)
		}
		for _, q := range []string{"from=2026-13-01&days=1", "from=2026-12-01&days=x", "from=2026-12-01&days=-1"} {
			if code, body = e.api("GET", "/api/v1/calendar/workdays?"+q, "", nil); code != http.StatusBadRequest {
				t.Errorf("%s: %d %v", q, code, body)
			}
		}

		b := e.browser()
		b.login("admin", password("admin"))
		resp, page := b.get("/admin/calendar")
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "国务院办公厅关于2026年部分节假日安排的通知") || !strings.Contains(page, "调休上班") {
			t.Fatalf("calendar page: %d", resp.StatusCode)
		}
		form := url.Values{"csrf": {b.csrf}, "year": {"2027"}, "source": {"国务院办公厅关于2027年部分节假日安排的通知（测试）"},
			"days": {"2027-01-01,holiday,元旦\n2027-01-05,workday,调休"}}
		resp, page = b.post("/admin/calendar", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "2027-01-05") || !strings.Contains(page, "节假日和调休上班日") {
			t.Fatalf("a weekday as worked: %d", resp.StatusCode)
		}
		if code, _ = e.api("GET", "/api/v1/calendar/workdays?from=2026-12-30&days=3", "", nil); code != http.StatusBadRequest {
			t.Fatalf("a refused year was saved: %d", code)
		}
		form.Set("days", "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦\n2027-01-09,workday,元旦调休上班")
		resp, _ = b.post("/admin/calendar", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		if code, body = e.api("GET", "/api/v1/calendar/workdays?from=2026-12-30&days=3", "", nil); code != http.StatusOK || body["date"] != "2027-01-06" {
			t.Fatalf("into 2027: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/calendar/years", "", nil)
		if items, _ := body["items"].([]any); code != http.StatusOK || len(items) != 2 {
			t.Fatalf("years: %d %v", code, body)
		}

		// The API: a kind that is neither, refused naming the field.
		code, body = e.api("PUT", "/api/v1/calendar/years/2028", e.token("admin"), map[string]any{"source": "通知", "days": []map[string]string{{"date": "2028-01-01", "kind": "vacation", "name": "元旦"}}})
		if code != http.StatusBadRequest {
			t.Fatalf("bad kind: %d %v", code, body)
		}
		code, body = e.api("PUT", "/api/v1/calendar/years/2028", e.token("admin"), map[string]any{"source": "通知", "days": []map[string]string{{"date": "2028-01-01", "kind": "holiday", "name": "元旦"}}})
		if code != http.StatusOK || body["year"] != float64(2028) {
			t.Fatalf("PUT 2028: %d %v", code, body)
		}
	})
}
