package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// petitionWorld is a 通告 to the demo enterprise on its fireworks with a
// raised inspection ratio in force, issued a day before now, and the
// declarations the tests cite: P-1 … P-4 the firm's own fireworks (with a
// toy line outside the scope) inspected and passed at −10 h, −8 h, −7 h
// and −6 h, F-1 its fireworks that failed at −9 h, U-1 its fireworks not
// inspected, X-1 another firm's fireworks that passed.
type petitionWorld struct {
	warning, measure int
	own, other       string
}

func newPetitionWorld(t *testing.T, e *env, shift func(time.Duration)) petitionWorld {
	t.Helper()
	off, appr, insp, firm := e.token("officer"), e.token("approver"), e.token("inspector"), e.token("enterprise")
	_, me := e.api("GET", "/api/v1/me", firm, nil)
	mine := int(me["enterprise_id"].(float64))
	_, ent := e.api("GET", fmt.Sprintf("/api/v1/enterprises/%d", mine), off, nil)
	pw := petitionWorld{own: ent["uscc"].(string)}
	pw.other, _ = ident.MakeUSCC("91430200MA4M3E4F5")
	cid := approvedCase(t, e)
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "notice", "title": "关于出口组合烟花药量超标的风险警示通告",
		"scope": map[string]any{"hs_prefixes": []string{"3604"}, "usccs": []string{pw.own}}, "matters": "单发药量超标。", "advice": "自查整改。",
		"addressees": []int{mine}, "starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
		"lifting_conditions": []any{map[string]any{"kind": "consecutive_clean_lots", "n": 3}}})
	if code != 201 {
		t.Fatalf("draft: %d %v", code, body)
	}
	pw.warning = int(body["id"].(float64))
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", pw.warning), off, map[string]any{"items": []any{
		map[string]any{"type": "raised-inspection", "rate": 0.15}}}); code != 201 {
		t.Fatalf("measures: %d %v", code, body)
	}
	for i, step := range []struct{ token, action string }{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", pw.warning), step.token, map[string]any{"action": step.action, "rev": i + 1}); code != 200 {
			t.Fatalf("%s: %d %v", step.action, code, body)
		}
	}
	_, ms := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d/measures", pw.warning), off, nil)
	m := ms["items"].([]any)[0].(map[string]any)
	pw.measure = int(m["id"].(float64))
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", pw.measure), off, map[string]any{"action": "enforce", "rev": m["rev"]}); code != 200 {
		t.Fatalf("enforce: %d %v", code, body)
	}
	shift(24 * time.Hour)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, risk.China)
	for _, d := range []struct {
		number, uscc string
		hours        int // inspected this many hours before now; 0: not inspected
		result       string
	}{{"P-1", pw.own, 10, "pass"}, {"F-1", pw.own, 9, "fail"}, {"P-2", pw.own, 8, "pass"}, {"P-3", pw.own, 7, "pass"}, {"P-4", pw.own, 6, "pass"},
		{"U-1", pw.own, 0, ""}, {"X-1", pw.other, 5, "pass"}} {
		decl := map[string]any{"number": d.number, "direction": "export", "port": "4900", "declared_at": now.Add(-24 * time.Hour).Format(time.RFC3339),
			"trade_mode": "0110", "consignor_uscc": d.uscc, "lines": []any{
				map[string]any{"hs_code": "3604100000", "name": "组合烟花（36 发）", "origin": "CN", "destination": "US", "quantity": 100, "unit": "箱"},
				map[string]any{"hs_code": "9503001000", "name": "塑料玩具车", "origin": "CN", "destination": "US", "quantity": 10, "unit": "箱"}}}
		if code, body := e.api("POST", "/api/v1/declarations/screen", insp, decl); code != 200 {
			t.Fatalf("screen %s: %d %v", d.number, code, body)
		}
		if d.hours == 0 {
			continue
		}
		res := map[string]any{"kind": "inspection", "result": d.result, "inspected_at": now.Add(-time.Duration(d.hours) * time.Hour).Format(time.RFC3339)}
		if d.result == "fail" {
			res["findings"] = "单发药量 32 g，超过限量。"
		}
		if code, body := e.api("POST", "/api/v1/declarations/"+d.number+"/lines/0/result", insp, res); code != 201 {
			t.Fatalf("result %s: %d %v", d.number, code, body)
		}
	}
	return pw
}

// TestPetitionContract: a firm petitions to lift the measure of a 通告
// addressed to it with its conforming consignments; another firm's
// declaration, a lot not inspected and a failed lot inside the run are
// refused naming the field with nothing written; only the lead
// department's officers review; asked for more, the firm resubmits;
// accepting lifts the measure through its lifecycle, and a petition
// against the warning makes its lifting proposal for the approver. Each
// firm sees its own petitions only.
func TestPetitionContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		shift := pinClock(db)
		e := newEnv(t, db)
		pw := newPetitionWorld(t, e, shift)
		off, appr, firm := e.token("officer"), e.token("approver"), e.token("enterprise")
		ctx := context.Background()
		for _, u := range []auth.NewUser{
			{Login: "firm2", Name: "株洲企业用户", Role: "enterprise", Password: "firm2-demo-2026", EnterpriseUSCC: pw.other},
			{Login: "amr2", Name: "市场监管局干部", Role: "officer", Dept: "hn-amr", Password: "amr2-demo-2026"},
		} {
			if _, err := e.app.Auth.EnsureUser(ctx, risk.System, u); err != nil {
				t.Fatal(err)
			}
		}
		firm2, amr := e.token("firm2"), e.token("amr2")

		grounds := "已对装药工序整改，增加称量复核；整改后出口批次均经口岸查验合格。"
		file := func(decls ...string) map[string]any {
			return map[string]any{"measure_id": pw.measure, "grounds": grounds, "declarations": decls}
		}
		count := func() any {
			_, l := e.api("GET", "/api/v1/petitions", off, nil)
			return l["total"]
		}
		for _, c := range []struct {
			name, field string
			body        map[string]any
		}{
			{"another firm's declaration", "declarations[1]", file("P-2", "X-1")},
			{"a lot not inspected", "declarations[0]", file("U-1")},
			{"a failed lot between", "declarations", file("P-1", "P-2")},
			{"the failed lot itself", "declarations[0]", file("F-1")},
			{"no grounds", "grounds", map[string]any{"measure_id": pw.measure, "declarations": []string{"P-2"}}},
			{"no target", "measure_id", map[string]any{"grounds": grounds}},
			{"an unknown warning", "warning_id", map[string]any{"warning_id": 999999, "grounds": grounds}},
		} {
			if code, body := e.api("POST", "/api/v1/petitions", firm, c.body); code != http.StatusBadRequest || errField(body) != c.field {
				t.Errorf("%s: %d %v", c.name, code, body)
			}
		}
		if n := count(); n != 0.0 {
			t.Fatalf("a refused petition was written: %v", n)
		}
		// The other firm may not petition against a 通告 that is not
		// addressed to it and whose scope does not name it.
		if code, body := e.api("POST", "/api/v1/petitions", firm2, file("X-1")); code != http.StatusBadRequest || errField(body) != "measure_id" {
			t.Fatalf("another firm petitions: %d %v", code, body)
		}
		// Officials do not petition.
		if code, _ := e.api("POST", "/api/v1/petitions", off, file("P-2")); code != http.StatusForbidden {
			t.Fatalf("an officer petitions: %d", code)
		}

		code, p := e.api("POST", "/api/v1/petitions", firm, file("P-2", "P-3"))
		if code != http.StatusCreated || p["status"] != "submitted" || len(p["consignments"].([]any)) != 2 || p["required"] != 3.0 || p["dept"] != "cs-customs" {
			t.Fatalf("file: %d %v", code, p)
		}
		id := fmt.Sprint(p["id"])
		if b, _ := benchOf(t, e, "officer"); b["petitions"]["petitions-submitted"] != 1 {
			t.Errorf("the officer's workbench: %v", b["petitions"])
		}
		if code, body := e.api("POST", "/api/v1/petitions", firm, file("P-4")); code != http.StatusConflict {
			t.Fatalf("a second open petition: %d %v", code, body)
		}

		// Who sees it: the firm and the reviewing department; not another
		// firm, nor another department.
		for _, c := range []struct {
			token string
			total float64
			get   int
		}{{firm, 1, 200}, {off, 1, 200}, {appr, 1, 200}, {firm2, 0, 404}, {amr, 0, 404}} {
			_, l := e.api("GET", "/api/v1/petitions", c.token, nil)
			code, _ := e.api("GET", "/api/v1/petitions/"+id, c.token, nil)
			if l["total"] != c.total || code != c.get {
				t.Errorf("list %v, get %d; want %v, %d", l["total"], code, c.total, c.get)
			}
		}

		// Who reviews: the lead department's officers only.
		review := func(token, action, reason string, rev any) (int, map[string]any) {
			return e.api("POST", "/api/v1/petitions/"+id+"/review", token, map[string]any{"action": action, "reason": reason, "rev": rev})
		}
		for _, c := range []struct {
			token string
			want  int
		}{{appr, 403}, {firm, 403}, {amr, 404}, {firm2, 404}, {"", 401}} {
			if code, body := review(c.token, "accept", "", 1); code != c.want {
				t.Errorf("review: %d %v, want %d", code, body, c.want)
			}
		}
		if code, body := review(off, "request_more", "", 1); code != 400 || errField(body) != "reason" {
			t.Fatalf("ask for more without a reason: %d %v", code, body)
		}
		code, p = review(off, "request_more", "解除条件要求连续 3 批合格，请补充。", 1)
		if code != 200 || p["status"] != "more_requested" {
			t.Fatalf("ask for more: %d %v", code, p)
		}
		if b, _ := benchOf(t, e, "enterprise"); b["own"]["own-petitions-more"] != 1 {
			t.Errorf("the firm's workbench: %v", b["own"])
		}
		if code, _ := review(off, "accept", "", 2); code != http.StatusConflict {
			t.Fatalf("accept while waiting for the firm: %d", code)
		}
		resubmit := func(token string, decls ...string) (int, map[string]any) {
			return e.api("POST", "/api/v1/petitions/"+id+"/resubmit", token, map[string]any{"declarations": decls, "rev": 2})
		}
		if code, _ := resubmit(firm2, "X-1"); code != 404 {
			t.Fatalf("another firm resubmits: %d", code)
		}
		if code, body := resubmit(firm, "P-2", "P-3", "X-1"); code != 400 || errField(body) != "declarations[2]" {
			t.Fatalf("resubmit with another firm's: %d %v", code, body)
		}
		code, p = resubmit(firm, "P-2", "P-3", "P-4")
		if code != 200 || p["status"] != "submitted" || len(p["consignments"].([]any)) != 3 || p["grounds"] != grounds {
			t.Fatalf("resubmit: %d %v", code, p)
		}
		code, p = review(off, "accept", "", 3)
		if code != 200 || p["status"] != "accepted" || !strings.Contains(p["outcome"].(string), "措施已解除") {
			t.Fatalf("accept: %d %v", code, p)
		}
		if _, m := e.api("GET", fmt.Sprintf("/api/v1/measures/%d", pw.measure), off, nil); m["status"] != "lifted" {
			t.Fatalf("the accepted petition left the measure %v", m["status"])
		}
		if code, _ := review(off, "reject", "重复。", 4); code != http.StatusConflict {
			t.Fatalf("review an accepted petition: %d", code)
		}

		// Against the warning: accepting proposes lifting to the approver.
		code, p = e.api("POST", "/api/v1/petitions", firm, map[string]any{"warning_id": pw.warning, "grounds": grounds, "declarations": []string{"P-2", "P-3", "P-4"}})
		if code != http.StatusCreated || p["target"] != "warning" {
			t.Fatalf("file against the warning: %d %v", code, p)
		}
		code, p = e.api("POST", fmt.Sprintf("/api/v1/petitions/%v/review", p["id"]), off, map[string]any{"action": "accept", "rev": 1})
		if code != 200 || p["status"] != "accepted" {
			t.Fatalf("accept against the warning: %d %v", code, p)
		}
		_, w := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", pw.warning), off, nil)
		if w["status"] != "issued" || w["lift_proposed_at"] == nil || !strings.Contains(w["lift_proposal"].(string), "petition") {
			t.Fatalf("the warning after its petition was accepted: %v %v %v", w["status"], w["lift_proposed_at"], w["lift_proposal"])
		}
		_, l := e.api("GET", "/api/v1/petitions", firm2, nil)
		if l["total"] != 0.0 {
			t.Fatalf("another firm sees %v petitions", l["total"])
		}
	})
}

// TestPetitionPages: the firm reaches the form from its inbox, a bad
// declaration is refused at its input with what was typed kept, the
// petition's page shows labels and the checked lots; the officer rejects
// it with a reason and the firm reads the outcome.
func TestPetitionPages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	shift := pinClock(db)
	e := newEnv(t, db)
	pw := newPetitionWorld(t, e, shift)
	fb := e.browser()
	fb.login("enterprise", password("enterprise"))
	_, page := fb.get("/inbox")
	link := fmt.Sprintf("/petitions/new?warning=%d", pw.warning)
	if !strings.Contains(page, link) {
		t.Fatal("the inbox has no petition link")
	}
	resp, page := fb.get(link)
	if resp.StatusCode != 200 || !strings.Contains(page, "加强监管") && !strings.Contains(page, "提高查验比例") && !strings.Contains(page, "措施：") {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {fb.csrf}, "warning_id": {fmt.Sprint(pw.warning)}, "measure_id": {fmt.Sprint(pw.measure)},
		"grounds": {"整改完毕。"}, "declarations": {"P-2\nX-1"}}
	resp, page = fb.post("/petitions", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "不是本企业的") || !strings.Contains(page, "X-1") {
		t.Fatalf("another firm's declaration: %d", resp.StatusCode)
	}
	form.Set("declarations", "P-2\nP-3")
	resp, _ = fb.post("/petitions", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("file: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	_, page = fb.get(loc)
	for _, want := range []string{"已提交", "P-2", "P-3", "组合烟花（36 发）", "长沙海关"} {
		if !strings.Contains(page, want) {
			t.Errorf("petition page lacks %q", want)
		}
	}
	if strings.Contains(page, ">submitted<") || strings.Contains(page, ">measure<") {
		t.Error("a code shows on the petition page")
	}
	ob := e.browser()
	ob.login("officer", password("officer"))
	_, page = ob.get("/petitions")
	if !strings.Contains(page, "湖南湘江烟花进出口有限公司") {
		t.Fatal("the officer's list lacks the petition")
	}
	resp, page = ob.post(loc, url.Values{"csrf": {ob.csrf}, "form": {"review"}, "rev": {"1"}, "action": {"reject"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "理由") {
		t.Fatalf("reject without a reason: %d", resp.StatusCode)
	}
	resp, _ = ob.post(loc, url.Values{"csrf": {ob.csrf}, "form": {"review"}, "rev": {"1"}, "action": {"reject"}, "reason": {"合格批次不足 3 批。"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", resp.StatusCode)
	}
	_, page = fb.get(loc)
	if !strings.Contains(page, "未采纳") || !strings.Contains(page, "合格批次不足 3 批。") {
		t.Fatal("the firm does not see the outcome")
	}
}
