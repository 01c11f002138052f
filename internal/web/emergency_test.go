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

// addEmergencyOfficers adds officers of two other departments than the
// demo officer's: env (生态环境厅, hn-ecoenv) and amr2 (市场监管局, hn-amr).
func addEmergencyOfficers(t *testing.T, e *env) {
	t.Helper()
	for _, u := range []auth.NewUser{{Login: "env", Name: "生态环境厅 王芳", Dept: "hn-ecoenv", Role: "officer", Password: "env-test-password-1"},
		{Login: "amr2", Name: "市场监管局 赵强", Dept: "hn-amr", Role: "officer", Password: "amr-test-password-1"}} {
		if _, err := e.app.Auth.AddUser(context.Background(), risk.System, u); err != nil {
			t.Fatal(err)
		}
	}
}

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
		addEmergencyOfficers(t, e)
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

// TestEmergencyPlanForm writes and revises a plan in the browser, on both
// engines: blank slots left out; a number that does not read, a plan with
// no level and an action without its department refused at their slots
// (the slot's number, not the row's), with what was typed kept and
// nothing written; "more rows" adds slots without saving; the plan saved
// as the API reads it; its revision under its number, a stale one refused;
// an approver and an officer of a department outside the plan refused,
// and one of a department in it refused when it takes its department out.
func TestEmergencyPlanForm(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		addEmergencyOfficers(t, e)
		admin, officer := e.token("admin"), e.token("officer")
		audit := func() float64 {
			_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
			n, _ := b["total"].(float64)
			return n
		}
		plans := func() float64 {
			_, b := e.api("GET", "/api/v1/emergency/plans", officer, nil)
			n, _ := b["total"].(float64)
			return n
		}
		br := e.browser()
		br.login("officer", password("officer"))
		resp, body := br.get("/emergency/plans/new")
		if resp.StatusCode != 200 || !strings.Contains(body, "编制应急预案") || !strings.Contains(body, `name="L3-a0-dept"`) {
			t.Fatalf("new plan form: %d", resp.StatusCode)
		}
		if _, idx := br.get("/emergency"); !strings.Contains(idx, `href="/emergency/plans/new"`) {
			t.Error("the emergency page offers no new plan to an officer")
		}
		good := func() url.Values {
			return url.Values{"csrf": {br.csrf}, "n-triggers": {"3"}, "n-actions": {"4"}, "n-roles": {"6"}, "n-contacts": {"6"}, "n-resources": {"4"},
				"title": {"进口食品口岸突发事件应急处置预案"}, "hazard": {"food"}, "lead": {"cs-customs"}, "basis": {"湘政发〔2019〕4号"},
				// Level II: its criterion in the second slot, the first left blank.
				"L1-t0-fact": {"tonnes"}, "L1-t1-fact": {"people"}, "L1-t1-min": {"100"}, "L1-t1-text": {"受影响 100 人以上"},
				"L1-a0-text": {"启动省级应急指挥部"}, "L1-a0-dept": {"cs-customs"}, "L1-a0-within": {"2"}, "L1-a0-unit": {"hours"},
				"L3-a0-text": {"扣留涉事货物"}, "L3-a0-dept": {"cs-customs"}, "L3-a0-within": {"1"}, "L3-a0-unit": {"workdays"},
				"r0-dept": {"hn-ecoenv"}, "r0-tier": {"command"}, "r0-duty": {"环境影响评估"},
				"c1-dept": {"cs-customs"}, "c1-name": {"值班室"}, "c1-phone": {"0731-84000000"},
				"s0-name": {"防护服"}, "s0-location": {"霞凝港"}, "s0-quantity": {"40"}, "s0-unit": {"套"}, "s0-owner": {"cs-customs"},
				"s0-checked_on": {"2026-06-01"}, "s0-next_check": {"2026-12-01"}}
		}
		n0, p0 := audit(), plans()
		bad := good()
		bad.Set("L1-t1-min", "一百")
		resp, body = br.post("/emergency/plans", bad)
		if resp.StatusCode != 400 || !strings.Contains(body, "重大（Ⅱ级） · 分级标准 2 · 标准下限") || !strings.Contains(body, "应为数字") ||
			!strings.Contains(body, `id="L1-t1-min" name="L1-t1-min" inputmode="decimal" size="8" aria-label="不低于" value="一百" aria-invalid="true"`) {
			t.Fatalf("a threshold that is no number: %d\n%s", resp.StatusCode, body)
		}
		bad = good()
		bad.Del("L3-a0-dept")
		bad.Set("L3-a2-text", "发布警示")
		bad.Set("L3-a2-within", "3")
		resp, body = br.post("/emergency/plans", bad)
		if resp.StatusCode != 400 || !strings.Contains(body, "一般（Ⅳ级） · 响应措施 1 · 责任部门") || !strings.Contains(body, `value="发布警示"`) {
			t.Fatalf("an action without its department: %d\n%s", resp.StatusCode, body)
		}
		bad = good()
		for _, k := range []string{"L1-t1-min", "L1-t1-text", "L1-a0-text", "L1-a0-within", "L3-a0-text", "L3-a0-within"} {
			bad.Del(k)
		}
		if resp, body = br.post("/emergency/plans", bad); resp.StatusCode != 400 || !strings.Contains(body, "响应等级") {
			t.Fatalf("a plan with no level: %d\n%s", resp.StatusCode, body)
		}
		more := good()
		more.Set("more", "1")
		if resp, body = br.post("/emergency/plans", more); resp.StatusCode != 200 || !strings.Contains(body, `name="n-roles" value="9"`) ||
			!strings.Contains(body, `name="r8-duty"`) || !strings.Contains(body, `value="环境影响评估"`) {
			t.Fatalf("more rows: %d", resp.StatusCode)
		}
		if audit() != n0 || plans() != p0 {
			t.Fatal("a refused plan or more rows wrote something")
		}

		resp, _ = br.post("/emergency/plans", good())
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/emergency/plans/") {
			t.Fatalf("plan: %d %s", resp.StatusCode, loc)
		}
		pid := strings.TrimSuffix(strings.TrimPrefix(loc, "/emergency/plans/"), "?saved=1")
		if audit() != n0+1 || plans() != p0+1 {
			t.Fatal("the plan was not written once with its audit entry")
		}
		code, pl := e.api("GET", "/api/v1/emergency/plans/"+pid, officer, nil)
		levels, _ := pl["levels"].([]any)
		if code != 200 || len(levels) != 2 || len(pl["roles"].([]any)) != 1 || len(pl["contacts"].([]any)) != 1 || len(pl["resources"].([]any)) != 1 {
			t.Fatalf("plan as the API reads it: %d %v", code, pl)
		}
		if l0 := levels[0].(map[string]any); l0["level"] != "II" || len(l0["triggers"].([]any)) != 1 || l0["triggers"].([]any)[0].(map[string]any)["min"] != 100.0 {
			t.Errorf("level II: %v", l0)
		}
		if _, page := br.get(loc); !strings.Contains(page, "受影响 100 人以上") || !strings.Contains(page, `href="/emergency/plans/`+pid+`/edit"`) {
			t.Error("the plan's page shows no criterion or no revision link")
		}

		resp, body = br.get("/emergency/plans/" + pid + "/edit")
		if resp.StatusCode != 200 || !strings.Contains(body, `name="rev" value="1"`) || !strings.Contains(body, `value="防护服"`) || !strings.Contains(body, `value="受影响 100 人以上"`) {
			t.Fatalf("revision form: %d", resp.StatusCode)
		}
		rev := good()
		rev.Set("csrf", br.csrf)
		rev.Set("rev", "1")
		rev.Set("title", "进口食品口岸突发事件应急处置预案（修订）")
		if resp, _ = br.post("/emergency/plans/"+pid, rev); resp.StatusCode != 303 {
			t.Fatalf("revision: %d", resp.StatusCode)
		}
		if _, pl = e.api("GET", "/api/v1/emergency/plans/"+pid, officer, nil); pl["rev"] != 2.0 || !strings.HasSuffix(pl["title"].(string), "（修订）") {
			t.Errorf("revised plan: %v %v", pl["rev"], pl["title"])
		}
		n1 := audit()
		if resp, body = br.post("/emergency/plans/"+pid, rev); resp.StatusCode != 409 || !strings.Contains(body, "预案已被他人修改") {
			t.Errorf("a stale revision: %d", resp.StatusCode)
		}
		if audit() != n1 {
			t.Error("a stale revision wrote something")
		}

		ap := e.browser()
		ap.login("approver", password("approver"))
		if resp, _ = ap.get("/emergency/plans/new"); resp.StatusCode != 403 {
			t.Errorf("an approver opens the plan form: %d", resp.StatusCode)
		}
		if resp, _ = ap.post("/emergency/plans", url.Values{"csrf": {ap.csrf}, "title": {"x"}}); resp.StatusCode != 403 {
			t.Errorf("an approver posts a plan: %d", resp.StatusCode)
		}
		other := e.browser()
		other.login("env", "env-test-password-1")
		outside := e.browser()
		outside.login("amr2", "amr-test-password-1")
		if resp, _ = outside.get("/emergency/plans/" + pid + "/edit"); resp.StatusCode != 403 {
			t.Errorf("an officer of a department outside the plan opens its revision: %d", resp.StatusCode)
		}
		n1 = audit()
		rev.Set("csrf", other.csrf)
		rev.Set("rev", "2")
		rev.Set("r0-dept", "")
		rev.Set("r0-duty", "")
		if resp, _ = other.get("/emergency/plans/" + pid + "/edit"); resp.StatusCode != 200 {
			t.Errorf("an officer of a department with a role in the plan: %d", resp.StatusCode)
		}
		// Taking its own department out of the plan is refused.
		if resp, body = other.post("/emergency/plans/"+pid, rev); resp.StatusCode != 400 || !strings.Contains(body, "本部门应在预案的牵头或成员单位中") {
			t.Errorf("an officer takes its department out of the plan: %d", resp.StatusCode)
		}
		if audit() != n1 {
			t.Error("a refused revision wrote something")
		}
	})
}
