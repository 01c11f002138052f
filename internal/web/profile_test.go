package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/store/storetest"
)

// TestProfilesHTTP walks the profile and expert pages on both engines: a
// matrix with a gap between bands is refused at its input and writes
// nothing; a valid one is saved as a draft, previewed on typed test cases
// against the active version, and activated; an expert whose conflict is
// no USCC is refused at the conflicts' line; officers may not write either.
func TestProfilesHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := storetest.Open(t, engine)
			pinClock(db)
			e := newEnv(t, db)
			b := e.browser()
			if resp := b.login("admin", password("admin")); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("login: %d", resp.StatusCode)
			}
			b.get("/admin/profiles/new?from=rag-2019")
			form := url.Values{"csrf": {b.csrf}, "new": {"1"}, "name": {"web-test"}, "title_zh": {"测试矩阵"}, "severities": {"2"},
				"d0.zh": {"轻"}, "d1.zh": {"重"},
				"r0.min": {"1/10"}, "r0.max": {"1"}, "r0.l0": {"medium"}, "r0.l1": {"serious"},
				"r1.min": {"0"}, "r1.max": {"1/100"}, "r1.l0": {"low"}, "r1.l1": {"high"}}
			resp, page := b.post("/admin/profiles", form)
			if resp.StatusCode != 400 || !strings.Contains(page, `href="#r1.max"`) || !strings.Contains(page, "概率区间 2 · 上限") || !strings.Contains(page, "缺口") {
				t.Fatalf("a gap between bands: %d", resp.StatusCode)
			}
			if code, _ := e.api("GET", "/api/v1/assessment-profiles/web-test", e.token("admin"), nil); code != 404 {
				t.Fatalf("the refused profile was written: %d", code)
			}
			form.Set("r1.max", "1/10")
			form.Del("r1.l1")
			resp, page = b.post("/admin/profiles", form)
			if resp.StatusCode != 400 || !strings.Contains(page, `href="#r1.l1"`) {
				t.Fatalf("a gap in the matrix: %d", resp.StatusCode)
			}
			form.Set("r1.l1", "high")
			resp, _ = b.post("/admin/profiles", form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/profiles/web-test?version=1&saved=1" {
				t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			_, page = b.get("/admin/profiles/web-test")
			if !strings.Contains(page, "草稿") || !strings.Contains(page, "启用本版本") {
				t.Errorf("the draft's page lacks its status or activation")
			}
			resp, page = b.post("/admin/profiles/web-test/versions/1/preview", url.Values{"csrf": {b.csrf}, "cases": {"2 1/500 跌落\n1 1/2"}})
			if resp.StatusCode != 200 || !strings.Contains(page, `id="preview"`) || !strings.Contains(page, "跌落") || !strings.Contains(page, "高风险") {
				t.Errorf("preview: %d", resp.StatusCode)
			}
			resp, page = b.post("/admin/profiles/web-test/versions/1/preview", url.Values{"csrf": {b.csrf}, "cases": {"9 1/2"}})
			if resp.StatusCode != 400 || !strings.Contains(page, "测试用例第 1 行") {
				t.Errorf("a bad test case: %d", resp.StatusCode)
			}
			resp, _ = b.post("/admin/profiles/web-test/versions/1/activate", url.Values{"csrf": {b.csrf}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("activate: %d", resp.StatusCode)
			}
			_, prof := e.api("GET", "/api/v1/assessment-profiles/web-test", e.token("officer"), nil)
			vs, _ := prof["versions"].([]any)
			if len(vs) != 1 || vs[0].(map[string]any)["status"] != "active" {
				t.Errorf("versions after activation: %v", prof)
			}
			if code, _ := e.api("POST", "/api/v1/assessment-profiles", e.token("officer"), map[string]any{"name": "x"}); code != 403 {
				t.Errorf("an officer saved a profile: %d", code)
			}

			b.get("/experts/new")
			resp, page = b.post("/experts", url.Values{"csrf": {b.csrf}, "name": {"王专家"}, "field": {"food_safety"}, "organisation": {"某大学"},
				"conflicts": {"91430100MA4L16JQ9B, 某公司, 顾问"}})
			if resp.StatusCode != 400 || !strings.Contains(page, "利益冲突第 1 行") || !strings.Contains(page, "王专家") {
				t.Errorf("a bad conflict: %d", resp.StatusCode)
			}
			resp, _ = b.post("/experts", url.Values{"csrf": {b.csrf}, "name": {"王专家"}, "field": {"food_safety"}, "organisation": {"某大学"},
				"conflicts": {"91430100MA4L16JQ9D, 某公司, 顾问"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("expert: %d", resp.StatusCode)
			}
			_, page = b.get(resp.Header.Get("Location"))
			if !strings.Contains(page, "91430100MA4L16JQ9D") || !strings.Contains(page, "食品安全") {
				t.Errorf("the expert's page lacks the conflict or the field")
			}
		})
	}
}
