package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"riskgate/internal/risk"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// approvedGradeI drafts a grade I warning of the class (serious and
// immediate) through the API, submits and approves it; the approver's
// page before approval is returned too.
func approvedGradeI(t *testing.T, e *env, class string) (id int, reviewPage string) {
	t.Helper()
	off, appr := e.token("officer"), e.token("approver")
	cid := approvedCase(t, e)
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": class, "title": "烟花爆炸伤人风险警示",
		"summary": "部分烟花产品燃放时爆炸。", "urgency": "immediate", "scope": map[string]any{"hs_prefixes": []string{"360410"}, "keywords": []string{"烟花"}},
		"matters": "燃放时爆炸。", "advice": "停止燃放。", "starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
		"lifting_conditions": []any{map[string]any{"kind": "no_new_signals", "days": 90}}, "recipients": []string{"hn-amr"}})
	if code != 201 || body["grade"] != "I" {
		t.Fatalf("draft: %d %v", code, body)
	}
	id = int(body["id"].(float64))
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), off, map[string]any{"action": "submit", "rev": 1}); code != 200 {
		t.Fatalf("submit: %d %v", code, body)
	}
	ab := e.browser()
	ab.login("approver", password("approver"))
	_, reviewPage = ab.get(fmt.Sprintf("/warnings/%d", id))
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), appr, map[string]any{"action": "approve", "rev": 2}); code != 200 {
		t.Fatalf("approve: %d %v", code, body)
	}
	return id, reviewPage
}

func warningJSON(t *testing.T, e *env, id int) map[string]any {
	t.Helper()
	code, body := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", id), e.token("approver"), nil)
	if code != 200 {
		t.Fatalf("get warning %d: %d %v", id, code, body)
	}
	return body
}

// wantUnchanged fails unless the warning is still approved and unreferred
// at revision 3.
func wantUnchanged(t *testing.T, e *env, id int, what string) {
	t.Helper()
	w := warningJSON(t, e, id)
	if w["status"] != "approved" || w["rev"].(float64) != 3 || w["referral"] != nil || w["number"] != nil {
		t.Errorf("%s changed the warning: %v %v %v %v", what, w["status"], w["rev"], w["referral"], w["number"])
	}
}

var (
	invisibleRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	refCodeRE   = regexp.MustCompile(`\b(pending|issued_nationally|national_issue|national_return|gacc|samr)\b`)
)

// noCodes fails when the visible text of a page shows a referral code, or,
// in Chinese, the status code referred.
func noCodes(t *testing.T, page, what string) {
	t.Helper()
	text := invisibleRE.ReplaceAllString(page, " ")
	if m := refCodeRE.FindString(text); m != "" {
		t.Errorf("%s shows the code %q", what, m)
	}
	if strings.Contains(page, `<html lang="zh-CN"`) && strings.Contains(text, "referred") {
		t.Errorf("%s shows the code referred", what)
	}
}

// A grade I 公告 over HTTP: the page says it is referred, not issued; 签发
// is refused; bad input names its field and changes nothing; the referral
// is a record with its number while the measures may be enforced; nothing
// is published while it waits (and a long wait shows); the national issue
// is recorded, and the announcement follows citing it.
func TestReferralIssuedNationallyHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		shift := pinClock(db)
		e := newEnv(t, db)
		off, appr := e.token("officer"), e.token("approver")
		wid, review := approvedGradeI(t, e, "announcement")
		path := fmt.Sprintf("/warnings/%d", wid)
		if !strings.Contains(review, "报请国务院授权部门发布") || !strings.Contains(review, "海关总署") || !strings.Contains(review, "国家市场监督管理总局") {
			t.Errorf("the approver's page before approval does not say the warning is referred:\n%s", review)
		}
		ob := e.browser()
		ob.login("officer", password("officer"))
		_, page := ob.get(path)
		if !strings.Contains(page, "报请国务院授权部门发布") || !strings.Contains(page, fmt.Sprintf(`action="%s/refer"`, path)) ||
			!strings.Contains(page, `value="refer" class="primary">上报</button>`) || strings.Contains(page, `value="issue"`) ||
			!strings.Contains(page, `<option value="gacc" selected>海关总署</option>`) {
			t.Fatalf("approved grade I page: no referral notice, no 上报, or a 签发:\n%s", page)
		}
		ob.get("/lang/en")
		if _, page = ob.get(path); !strings.Contains(page, "State Council authority") || !strings.Contains(page, ">Refer</button>") {
			t.Errorf("English page:\n%s", page)
		}
		ob.get("/lang/zh")

		// 签发 is refused, never turned into a silent referral.
		code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", wid), off, map[string]any{"action": "issue", "rev": 3})
		if code != 409 || errField(body) != "action" || !strings.Contains(errMessage(body), "国务院授权部门") {
			t.Fatalf("issue grade I: %d %v", code, body)
		}
		wantUnchanged(t, e, wid, "issue")
		// Bad input names the field, in both languages, and changes nothing.
		refer := fmt.Sprintf("/api/v1/warnings/%d/referral", wid)
		for _, tt := range []struct {
			name  string
			body  any
			code  int
			field string
		}{
			{"unknown authority", map[string]any{"authority": "nhc", "rev": 3}, 400, "authority"},
			{"no authority", map[string]any{"note": "x", "rev": 3}, 400, "authority"},
			{"long note", map[string]any{"authority": "gacc", "note": strings.Repeat("长", 2001), "rev": 3}, 400, "note"},
			{"stale", map[string]any{"authority": "gacc", "rev": 2}, 409, "rev"},
		} {
			code, body := e.api("POST", refer, off, tt.body)
			if code != tt.code || errField(body) != tt.field || !strings.Contains(errMessage(body), " / ") {
				t.Errorf("%s: %d %v, want %d naming %s bilingually", tt.name, code, body, tt.code, tt.field)
			}
			wantUnchanged(t, e, wid, tt.name)
		}
		if code, body := e.api("POST", refer, off, map[string]any{"authority": "gacc", "rev": 3, "grade": "I"}); code != 400 {
			t.Errorf("unknown member: %d %v", code, body)
		}
		if code, _ := e.api("POST", refer, e.token("enterprise"), map[string]any{"authority": "gacc", "rev": 3}); code != 403 && code != 404 {
			t.Errorf("enterprise refers: %d", code)
		}
		resp, page := ob.post(path+"/refer", url.Values{"csrf": {ob.csrf}, "authority": {""}, "note": {"涉及长沙、岳阳两个口岸"}, "rev": {"3"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "涉及长沙、岳阳两个口岸") || !strings.Contains(page, "请选择上报的国家主管部门") ||
			strings.Contains(page, "choose the national authority") {
			t.Fatalf("refer form without authority: %d, typed note kept and field named?\n%s", resp.StatusCode, page)
		}
		wantUnchanged(t, e, wid, "the refer form")

		// 上报: a record with its own number; the warning is referred (已上报).
		code, body = e.api("POST", refer, off, map[string]any{"authority": "gacc", "note": "涉及多个口岸", "rev": 3})
		ref, _ := body["referral"].(map[string]any)
		if code != 200 || body["status"] != "referred" || body["number"] != nil || ref == nil ||
			!regexp.MustCompile(`^湘关预警报〔2026〕\d+号$`).MatchString(fmt.Sprint(ref["number"])) || ref["authority"] != "gacc" ||
			ref["outcome"] != "pending" || ref["referred_by"] == "" || ref["note"] != "涉及多个口岸" {
			t.Fatalf("refer: %d %v", code, body)
		}
		refNumber := ref["number"].(string)
		if ref := warningJSON(t, e, wid)["referral"].(map[string]any); ref["number"] != refNumber {
			t.Errorf("GET shows referral %v", ref)
		}
		_, page = ob.get(path)
		for _, want := range []string{"已上报", refNumber, "海关总署", "涉及多个口岸", "待国家层面答复", `id="referral-waiting"`} {
			if !strings.Contains(page, want) {
				t.Errorf("referred page lacks %q", want)
			}
		}
		if strings.Contains(page, `class="flash warn"`) || strings.Contains(page, fmt.Sprintf(`action="%s/outcome"`, path)) {
			t.Error("a fresh referral shows as overdue, or the officer is offered the answer form")
		}
		noCodes(t, page, "the referred page")
		ob.get("/lang/en")
		_, page = ob.get(path)
		noCodes(t, page, "the referred page in English")
		if !strings.Contains(page, "Status <strong>Referred</strong>") {
			t.Error("the English page does not read Referred")
		}
		ob.get("/lang/zh")

		// The provincial measures apply now: planned and enforced.
		code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", wid), off, map[string]any{"items": []any{
			map[string]any{"type": "raised-inspection", "rate": 1, "supporting": []string{"hn-amr"}, "deadline": "2026-12-31T00:00:00+08:00"}}})
		if code != 201 {
			t.Fatalf("plan while referred: %d %v", code, body)
		}
		mid := int(body["items"].([]any)[0].(map[string]any)["id"].(float64))
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", mid), off, map[string]any{"action": "enforce", "rev": 1}); code != 200 || body["status"] != "in_force" {
			t.Fatalf("enforce while referred: %d %v", code, body)
		}

		// Never published as if issued.
		notPublished := func(when string) {
			t.Helper()
			_, body := e.api("GET", "/api/v1/public/announcements", "", nil)
			for _, x := range body["items"].([]any) {
				if int(x.(map[string]any)["id"].(float64)) == wid {
					t.Errorf("%s: listed as a public announcement", when)
				}
			}
			if code, _, _ := get(t, fmt.Sprintf("%s/public/announcements/%d", e.ts.URL, wid), ""); code != 404 {
				t.Errorf("%s: portal page %d", when, code)
			}
			if code, _, _ := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, wid), off); code != 404 {
				t.Errorf("%s: CAP %d, want 404 (nothing published)", when, code)
			}
			if _, _, feed := get(t, e.ts.URL+"/feeds/announcements.atom", ""); strings.Contains(string(feed), "烟花爆炸伤人风险警示") {
				t.Errorf("%s: in the Atom feed", when)
			}
		}
		notPublished("referred")

		// A long wait shows: 待国家层面答复 with the working days waited.
		shift(15 * 24 * time.Hour)
		ob = e.browser() // a session of then: today's has lapsed by then
		ob.login("officer", password("officer"))
		_, page = ob.get(path)
		if !regexp.MustCompile(`class="flash warn" role="status" id="referral-waiting"><strong>待国家层面答复</strong>：已等待 1[01] 个工作日，超过 5 个工作日`).MatchString(page) {
			t.Errorf("15 days on, the page does not show the wait:\n%s", page)
		}
		shift(0)
		ob = e.browser()
		ob.login("officer", password("officer"))

		// The answer: the approver only; bad input keeps what was typed.
		ab := e.browser()
		ab.login("approver", password("approver"))
		if _, page = ab.get(path); !strings.Contains(page, fmt.Sprintf(`action="%s/outcome"`, path)) {
			t.Fatalf("the approver has no answer form:\n%s", page)
		}
		today := db.Now().In(risk.China).Format("2006-01-02")
		outcome := fmt.Sprintf("/api/v1/warnings/%d/referral/outcome", wid)
		good := map[string]any{"outcome": "issued_nationally", "national_reference": "海关总署公告2026年第88号", "decided_at": db.Now().Format(time.RFC3339),
			"national_url": "https://www.customs.gov.cn/customs/302249/302266/index.html", "rev": 4}
		if code, _ := e.api("POST", outcome, off, good); code != 403 {
			t.Errorf("officer records the answer: %d", code)
		}
		resp, page = ab.post(path+"/outcome", url.Values{"csrf": {ab.csrf}, "outcome": {"issued_nationally"}, "national_reference": {""},
			"decided_at": {today}, "national_url": {"https://example.gov.cn/typed"}, "note": {"已打印存档"}, "rev": {"4"}})
		if resp.StatusCode != 400 || !strings.Contains(page, `value="https://example.gov.cn/typed"`) || !strings.Contains(page, "已打印存档") ||
			!strings.Contains(page, "国家层面发布文号不能为空") {
			t.Fatalf("answer without reference: %d\n%s", resp.StatusCode, page)
		}
		for _, tt := range []struct {
			name, key string
			value     any
			field     string
		}{
			{"future", "decided_at", db.Now().Add(72 * time.Hour).Format(time.RFC3339), "decided_at"},
			{"not a web address", "national_url", "ftp://example.gov.cn/x", "national_url"},
			{"outcome", "outcome", "accepted", "outcome"},
			{"grade", "grade", "II", "grade"},
		} {
			in := map[string]any{}
			for k, v := range good {
				in[k] = v
			}
			in[tt.key] = tt.value
			if code, body := e.api("POST", outcome, appr, in); code != 400 || errField(body) != tt.field {
				t.Errorf("%s: %d %v, want 400 naming %s", tt.name, code, body, tt.field)
			}
		}
		if w := warningJSON(t, e, wid); w["status"] != "referred" || w["rev"].(float64) != 4 || w["number"] != nil {
			t.Fatalf("refused answers changed the warning: %v", w)
		}
		notPublished("after refused answers")

		// Issued nationally, through the page's form.
		resp, _ = ab.post(path+"/outcome", url.Values{"csrf": {ab.csrf}, "outcome": {"issued_nationally"}, "national_reference": {"海关总署公告2026年第88号"},
			"decided_at": {today}, "national_url": {"https://www.customs.gov.cn/customs/302249/302266/index.html"}, "rev": {"4"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("record the national issue: %d", resp.StatusCode)
		}
		w := warningJSON(t, e, wid)
		ref, _ = w["referral"].(map[string]any)
		if w["status"] != "issued" || w["grade"] != "I" || !regexp.MustCompile(`^湘关预警〔2026〕\d+号$`).MatchString(fmt.Sprint(w["number"])) ||
			ref["outcome"] != "issued_nationally" || ref["national_reference"] != "海关总署公告2026年第88号" || ref["number"] != refNumber || ref["outcome_recorded_by"] == "" {
			t.Fatalf("after the national issue: %v", w)
		}
		_, page = ob.get(path)
		for _, want := range []string{"已发布", "国家层面已发布", "海关总署公告2026年第88号", w["number"].(string), refNumber} {
			if !strings.Contains(page, want) {
				t.Errorf("issued page lacks %q:\n%s", want, page)
			}
		}
		noCodes(t, page, "the page issued nationally")
		// The announcement follows, citing the national issue.
		if code, _, doc := get(t, fmt.Sprintf("%s/public/announcements/%d", e.ts.URL, wid), ""); code != 200 || !strings.Contains(string(doc), "海关总署公告2026年第88号") {
			t.Errorf("portal page: %d, cites the national issue? %v", code, strings.Contains(string(doc), "海关总署公告2026年第88号"))
		}
		code, _, doc := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, wid), "")
		if code != 200 {
			t.Fatalf("CAP: %d", code)
		}
		a := validCAP(t, "referred.xml", doc)
		national := false
		for _, p := range a.Info[0].Parameter {
			national = national || p.Name == "riskgate:national_reference" && p.Value == "海关总署公告2026年第88号"
		}
		if a.MsgType != "Alert" || a.Scope != "Public" || !strings.Contains(a.Note, "海关总署公告2026年第88号") || !national ||
			!strings.Contains(a.Info[0].Description, "海关总署公告2026年第88号") || !strings.Contains(a.Info[1].Description, "issued nationally") {
			t.Errorf("CAP Alert does not cite the national issue:\n%s", doc)
		}
		if _, _, feed := get(t, e.ts.URL+"/feeds/announcements.atom", ""); !strings.Contains(string(feed), "烟花爆炸伤人风险警示") {
			t.Error("not in the Atom feed after the national issue")
		}
		if code, body := e.api("POST", outcome, appr, good); code != 409 {
			t.Errorf("a second answer: %d %v", code, body)
		}
	})
}

// A grade I 通报 returned with grade II is issued by the province with its
// number, at grade II.
func TestReferralReturnedHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		pinClock(db)
		e := newEnv(t, db)
		off, appr := e.token("officer"), e.token("approver")
		wid, _ := approvedGradeI(t, e, "bulletin")
		ob := e.browser()
		ob.login("officer", password("officer"))
		ob.get(fmt.Sprintf("/warnings/%d", wid))
		resp, _ := ob.post(fmt.Sprintf("/warnings/%d/refer", wid), url.Values{"csrf": {ob.csrf}, "authority": {"samr"}, "rev": {"3"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("refer from the page: %d", resp.StatusCode)
		}
		if w := warningJSON(t, e, wid); w["status"] != "referred" || w["referral"].(map[string]any)["authority"] != "samr" {
			t.Fatalf("referred: %v", w)
		}
		if code, _, _ := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, wid), off); code != 404 {
			t.Errorf("a referred bulletin has a CAP message: %d", code)
		}
		code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/referral/outcome", wid), appr, map[string]any{"outcome": "returned", "grade": "II",
			"national_reference": "市场监管总局函〔2026〕12号", "decided_at": db.Now().Format(time.RFC3339), "note": "影响限于本省", "rev": 4})
		if code != 200 || body["status"] != "issued" || body["grade"] != "II" || body["computed_grade"] != "I" ||
			!regexp.MustCompile(`^湘关预警〔2026〕\d+号$`).MatchString(fmt.Sprint(body["number"])) {
			t.Fatalf("returned: %d %v", code, body)
		}
		ref := body["referral"].(map[string]any)
		if ref["outcome"] != "returned" || ref["returned_grade"] != "II" {
			t.Errorf("referral %v", ref)
		}
		_, page := ob.get(fmt.Sprintf("/warnings/%d", wid))
		if !strings.Contains(page, "已发布") || !strings.Contains(page, "国家主管部门退回") || !strings.Contains(page, "grade-II") || !strings.Contains(page, body["number"].(string)) {
			t.Errorf("returned page:\n%s", page)
		}
		code, _, doc := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, wid), off)
		if code != 200 {
			t.Fatalf("CAP: %d", code)
		}
		a := validCAP(t, "returned.xml", doc)
		if a.MsgType != "Alert" || a.Info[0].Severity != "Severe" || !strings.Contains(a.Note, "退回") || a.Source != body["number"] {
			t.Errorf("CAP of the returned bulletin:\n%s", doc)
		}
	})
}
