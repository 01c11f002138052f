package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestEmergencyHTTP runs the emergency pages and API on both engines: a
// plan; an incident at a level the plan lacks refused through the API and
// the form, naming the field, writing nothing; an incident opened by the
// form at the level the criteria give, raised by the approver, its tasks
// done by their departments (another department's officer sees only the
// incidents it takes part in), closed with its review; a drill scheduled
// on the plan's page, run as a drill incident and finished with a
// follow-up named at its row when refused.
func TestEmergencyHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, u := range []auth.NewUser{{Login: "env", Name: "生态环境厅 王芳", Dept: "hn-ecoenv", Role: "officer", Password: "env-test-password-1"},
			{Login: "amr2", Name: "市场监管局 赵强", Dept: "hn-amr", Role: "officer", Password: "amr-test-password-1"}} {
			if _, err := e.app.Auth.AddUser(ctx, risk.System, u); err != nil {
				t.Fatal(err)
			}
		}
		officer, approver, env, amr, firm := e.token("officer"), e.token("approver"), e.token("env"), e.token("amr2"), e.token("enterprise")
		admin := e.token("admin")
		audit := func() float64 {
			_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
			n, _ := b["total"].(float64)
			return n
		}
		code, plan := e.api("POST", "/api/v1/emergency/plans", officer, map[string]any{"title": "进口固体废物口岸应急处置预案", "hazard": "solid-waste", "lead": "hn-port",
			"levels": []any{
				map[string]any{"level": "II", "triggers": []any{map[string]any{"fact": "tonnes", "min": 500, "text": "500 吨以上"}},
					"actions": []any{map[string]any{"text": "环境风险评估", "dept": "hn-ecoenv", "within": 3, "unit": "workdays"}}},
				map[string]any{"level": "IV", "actions": []any{map[string]any{"text": "现场扣留", "dept": "cs-customs", "within": 2, "unit": "hours"}}}},
			"roles": []any{map[string]any{"dept": "cs-customs", "tier": "field", "duty": "查验扣留"}}})
		if code != 201 {
			t.Fatalf("plan: %d %v", code, plan)
		}
		pid := fmt.Sprint(plan["id"])
		if code, b := e.api("POST", "/api/v1/emergency/plans", firm, map[string]any{}); code != 403 {
			t.Errorf("a firm writes a plan: %d %v", code, b)
		}

		// A level the plan lacks: refused by the API and by the form.
		n0 := audit()
		code, b := e.api("POST", "/api/v1/emergency/incidents", officer, map[string]any{"plan_id": plan["id"], "title": "x", "description": "y",
			"source": "manual", "level": "III", "level_reason": "z"})
		if msg, _ := b["error"].(map[string]any)["message"].(string); code != 400 || errField(b) != "level" || !strings.Contains(msg, "不在预案") || !strings.Contains(msg, "not one of the levels") {
			t.Fatalf("level III: %d %v", code, b)
		}
		br := e.browser()
		br.login("officer", password("officer"))
		if audit() != n0+1 { // the sign-in
			t.Fatal("a refused incident was written")
		}
		n0 = audit()
		form := url.Values{"csrf": {br.csrf}, "plan_id": {pid}, "title": {"进口废五金夹带固体废物"}, "description": {"查验发现夹带废电路板。"},
			"source": {"manual"}, "port": {"4900"}, "f-tonnes": {"80"}, "level": {"I"}, "level_reason": {"领导指示"}}
		resp, body := br.post("/emergency/incidents", form)
		if resp.StatusCode != 400 || !strings.Contains(body, `href="#level"`) || !strings.Contains(body, "指定响应等级") || !strings.Contains(body, "进口废五金夹带固体废物") {
			t.Fatalf("refused form: %d\n%s", resp.StatusCode, body)
		}
		if audit() != n0 {
			t.Fatal("a refused incident was written")
		}
		form.Del("level")
		form.Del("level_reason")
		resp, _ = br.post("/emergency/incidents", form)
		if resp.StatusCode != 303 {
			t.Fatalf("form: %d", resp.StatusCode)
		}
		loc := resp.Header.Get("Location")
		id := strings.TrimPrefix(loc, "/emergency/incidents/")
		if _, body = br.get(loc); !strings.Contains(body, "一般（Ⅳ级）") || !strings.Contains(body, "未达到预案中更高等级") {
			t.Fatalf("incident page:\n%s", body)
		}

		// Scoping: ecology and environment is not on the incident until
		// the level brings it a task; market regulation never is.
		if code, _ := e.api("GET", "/api/v1/emergency/incidents/"+id, env, nil); code != 404 {
			t.Errorf("ecology reads the incident before its task: %d", code)
		}
		_, inc := e.api("GET", "/api/v1/emergency/incidents/"+id, officer, nil)
		if code, b := e.api("POST", "/api/v1/emergency/incidents/"+id+"/level", officer, map[string]any{"level": "I", "reason": "x", "rev": inc["rev"]}); code != 400 || errField(b) != "level" {
			t.Errorf("raise to I: %d %v", code, b)
		}
		code, inc = e.api("POST", "/api/v1/emergency/incidents/"+id+"/level", approver, map[string]any{"level": "II", "reason": "复核为 600 吨", "rev": inc["rev"]})
		if code != 200 || inc["level"] != "II" || len(inc["tasks"].([]any)) != 2 {
			t.Fatalf("raise: %d %v", code, inc)
		}
		if _, l := e.api("GET", "/api/v1/emergency/incidents", env, nil); l["total"] != 1.0 {
			t.Errorf("ecology sees %v incidents after its task", l["total"])
		}
		if _, l := e.api("GET", "/api/v1/emergency/incidents", amr, nil); l["total"] != 0.0 {
			t.Errorf("market regulation sees %v incidents", l["total"])
		}
		if code, _ := e.api("POST", "/api/v1/emergency/incidents/"+id+"/tasks", env, map[string]any{"seq": 1, "note": "x", "rev": inc["rev"]}); code != 403 {
			t.Errorf("ecology completes customs' task: %d", code)
		}
		if code, b := e.api("POST", "/api/v1/emergency/incidents/"+id+"/close", approver, map[string]any{"summary": "s", "lessons": "l", "rev": inc["rev"]}); code != 400 || errField(b) != "tasks" {
			t.Errorf("closed with open tasks: %d %v", code, b)
		}
		_, inc = e.api("POST", "/api/v1/emergency/incidents/"+id+"/tasks", officer, map[string]any{"seq": 1, "note": "已扣留", "rev": inc["rev"]})
		code, inc = e.api("POST", "/api/v1/emergency/incidents/"+id+"/tasks", env, map[string]any{"seq": 2, "note": "评估完成", "rev": inc["rev"]})
		if code != 200 {
			t.Fatalf("ecology's task: %d %v", code, inc)
		}
		if code, b := e.api("POST", "/api/v1/emergency/incidents/"+id+"/links", officer, map[string]any{"kind": "case", "id": 999999, "rev": inc["rev"]}); code != 400 || errField(b) != "id" {
			t.Errorf("link to a missing case: %d %v", code, b)
		}
		_, body = br.get(loc)
		rev := fmt.Sprint(inc["rev"])
		resp, _ = br.post(loc, url.Values{"csrf": {br.csrf}, "action": {"close"}, "rev": {rev}, "summary": {"货物已退运"}, "lessons": {"加强装运前检验"}})
		if resp.StatusCode != 303 {
			t.Fatalf("close by the form: %d", resp.StatusCode)
		}
		if _, inc = e.api("GET", "/api/v1/emergency/incidents/"+id, officer, nil); inc["status"] != "closed" {
			t.Fatalf("not closed: %v", inc)
		}

		// A drill from the plan's page; its finish form names the row.
		resp, _ = br.post("/emergency/plans/"+pid+"/drills", url.Values{"csrf": {br.csrf}, "port": {"4900"}, "scheduled_on": {"2026-01-05"},
			"scenario": {"集装箱夹带废塑料"}, "f-tonnes": {"600"}})
		if resp.StatusCode != 303 {
			t.Fatalf("schedule: %d", resp.StatusCode)
		}
		_, drills := e.api("GET", "/api/v1/emergency/drills?overdue=1", officer, nil)
		items := drills["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("overdue drills: %v", drills)
		}
		did := fmt.Sprint(items[0].(map[string]any)["id"])
		_, bench := e.api("GET", "/api/v1/workbench", officer, nil)
		if !strings.Contains(fmt.Sprint(bench), "emergency-drills-overdue") {
			t.Errorf("the workbench lacks the overdue drill: %v", bench)
		}
		resp, _ = br.post("/emergency/drills/"+did, url.Values{"csrf": {br.csrf}, "action": {"run"}, "rev": {"1"}})
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/emergency/incidents/") {
			t.Fatalf("run: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, body = br.get(resp.Header.Get("Location")); !strings.Contains(body, "重大（Ⅱ级）") || !strings.Contains(body, "演练") {
			t.Fatalf("drill incident page:\n%s", body)
		}
		resp, body = br.post("/emergency/drills/"+did, url.Values{"csrf": {br.csrf}, "action": {"finish"}, "rev": {"2"}, "findings": {"联络不畅"},
			"u2-text": {"更新联络表"}, "u2-dept": {"hn-port"}})
		if resp.StatusCode != 400 || !strings.Contains(body, `href="#u2-due"`) {
			t.Fatalf("refused finish: %d\n%s", resp.StatusCode, body)
		}
		resp, _ = br.post("/emergency/drills/"+did, url.Values{"csrf": {br.csrf}, "action": {"finish"}, "rev": {"2"}, "findings": {"联络不畅"},
			"u2-text": {"更新联络表"}, "u2-dept": {"hn-port"}, "u2-due": {"2026-12-31"}})
		if resp.StatusCode != 303 {
			t.Fatalf("finish: %d", resp.StatusCode)
		}
		if _, d := e.api("GET", "/api/v1/emergency/drills/"+did, officer, nil); d["status"] != "done" || len(d["follow_ups"].([]any)) != 1 {
			t.Fatalf("drill: %v", d)
		}
	})
}
