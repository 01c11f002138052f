package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"riskgate/internal/app"
	"riskgate/internal/assess"
	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/detection"
	"riskgate/internal/enterprise"
	"riskgate/internal/matching"
	"riskgate/internal/measure"
	"riskgate/internal/monitoring"
	"riskgate/internal/signal"
	"riskgate/internal/store/storetest"
	"riskgate/internal/subscription"
	"riskgate/internal/warning"
)

// formWorld holds the records the forms of the UI act on, made through
// the API over the demo data.
type formWorld struct {
	e *env
	// caseID is open, with an approved assessment: warnings may be drafted.
	caseID int
	// signalID is new (to triage); freeSignal too, for opening a case.
	signalID, freeSignal int
	// draftAssessment (rev 1) and submittedAssessment (rev 2), each on a
	// case of its own.
	draftAssessment, submittedAssessment int
	// draftWarning and reviewWarning on caseID; issuedWarning an
	// announcement in force with measures; gradeI approved, to refer;
	// referred awaiting the national answer.
	draftWarning, reviewWarning, issuedWarning, gradeI, referred int
	// plannedMeasure (suspension of sales) and destruction (awaiting its
	// consultation) belong to issuedWarning.
	plannedMeasure, destruction int
	match                       int // a proposed match candidate
	enterprise                  int // a registered firm
}

func newFormWorld(t *testing.T, e *env) *formWorld {
	t.Helper()
	w := &formWorld{e: e}
	off, appr := e.token("officer"), e.token("approver")
	id := func(code int, body map[string]any, what string) int {
		t.Helper()
		if code != 200 && code != 201 {
			t.Fatalf("%s: %d %v", what, code, body)
		}
		return int(body["id"].(float64))
	}
	newSignal := func(desc string) int {
		code, body := e.api("POST", "/api/v1/signals", off, map[string]any{"channel": "12315", "description": desc, "hazard": "burns"})
		return id(code, body, "signal")
	}
	newCase := func(title string) int {
		code, body := e.api("POST", "/api/v1/cases", off, map[string]any{"title": title, "signal_ids": []int{newSignal(title)}})
		return id(code, body, "case")
	}
	scenario := `{"scenarios": [{"description": "儿童点燃", "hazard": "burns", "severity": 4, "steps": [{"probability": "1/100"}]}]}`
	w.caseID = approvedCase(t, e)
	w.signalID, w.freeSignal = newSignal("电暖器起火"), newSignal("充电宝鼓包")
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", newCase("电热毯")), off, scenario)
	w.draftAssessment = id(code, body, "draft assessment")
	code, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", newCase("暖手宝")), off, scenario)
	w.submittedAssessment = id(code, body, "assessment")
	code, body = e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", w.submittedAssessment), off, map[string]any{"rev": 1})
	id(code, body, "submit assessment")

	draft := func(title string) int {
		code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", w.caseID), off, map[string]any{"class": "bulletin", "title": title,
			"scope": map[string]any{"hs_prefixes": []string{"360410"}}, "matters": "燃放时爆炸。",
			"starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
			"lifting_conditions": []any{map[string]any{"kind": "no_new_signals", "days": 90}}})
		return id(code, body, "warning")
	}
	w.draftWarning, w.reviewWarning = draft("烟花风险警示（草稿）"), draft("烟花风险警示（待审）")
	code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", w.reviewWarning), off, map[string]any{"action": "submit", "rev": 1})
	id(code, body, "submit warning")
	var ms map[string]map[string]any
	w.issuedWarning, ms = issueLighterAnnouncement(t, e)
	w.plannedMeasure = int(ms["suspend-sales"]["id"].(float64))
	code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", w.issuedWarning), off, map[string]any{"items": []any{
		map[string]any{"type": "destruction", "method": "incineration", "starts_at": "2026-12-01T00:00:00+08:00"}}})
	if code != 201 {
		t.Fatalf("destruction: %d %v", code, body)
	}
	w.destruction = int(body["items"].([]any)[0].(map[string]any)["id"].(float64))
	w.gradeI, _ = approvedGradeI(t, e, "bulletin")
	w.referred, _ = approvedGradeI(t, e, "bulletin")
	code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/referral", w.referred), off, map[string]any{"authority": "gacc", "rev": 3})
	id(code, body, "refer")

	// A registered firm exported BRIGHTSTAR lamps; a Safety Gate alert names the brand.
	code, body = e.api("GET", "/api/v1/enterprises?limit=1", off, nil)
	firm := body["items"].([]any)[0].(map[string]any)
	w.enterprise = int(firm["id"].(float64))
	decl := map[string]any{"number": "430120261101000019", "direction": "export", "port": "4900", "declared_at": "2026-11-01T08:00:00Z",
		"trade_mode": "0110", "consignor_uscc": firm["uscc"], "lines": []any{map[string]any{"hs_code": "9405420000", "name": "LED灯串", "brand": "BRIGHTSTAR", "destination": "DE"}}}
	if code, body := e.api("POST", "/api/v1/declarations/screen", e.token("inspector"), decl); code != 200 {
		t.Fatalf("screen: %d %v", code, body)
	}
	csv := "alert_number,product_category,product_name,brand,product_description,country_of_origin,risk_type,barcode,batch_number,company_recall_code,production_dates,alert_year\n" +
		"SR/09101/26,Lighting chains,Lighting chain,BrightStar,LED string,Peoples Republic of China,Electric shock,,,,,2026\n"
	if code, rep := e.api("POST", "/api/v1/foreign/import?format=safetygate", off, csv); code != 200 {
		t.Fatalf("import: %d %v", code, rep)
	}
	if code, res := e.api("POST", "/api/v1/matches/run", off, map[string]any{"days": 3660}); code != 200 {
		t.Fatalf("run: %d %v", code, res)
	}
	_, q := e.api("GET", "/api/v1/matches", appr, nil)
	list, _ := q["items"].([]any)
	if len(list) == 0 {
		t.Fatalf("no match candidate: %v", q)
	}
	w.match = int(list[0].(map[string]any)["id"].(float64))
	// The portal's e-mail subscriptions need a relay.
	e.app.ConfigureDelivery(app.DeliveryConfig{BaseURL: e.ts.URL, SMTPAddr: "127.0.0.1:1", SMTPFrom: "noreply@riskgate.test"})
	return w
}

// want is a refused field: the id of its input and its label as the
// form shows it, in Chinese and English.
type want struct{ id, zh, en string }

// badInput is one refused post of a form of the UI.
type badInput struct {
	name     string
	login    string // "" for the public
	page     string // the page with the form
	action   string // the form's action; the post goes there
	formKey  string // of a form repeated per measure: its measure_id
	set      url.Values
	upload   string // for a file form: the name of a file the form refuses
	status   int
	fields   []want            // the refused inputs, marked
	keep     map[string]string // input id → the value it must show again
	messages [2]string         // for a refusal of no field: its text, zh and en
}

func (w *formWorld) badInputs() []badInput {
	long := func(n int) string { return strings.Repeat("x", n) }
	cid, wid, iw := w.caseID, w.draftWarning, w.issuedWarning
	return []badInput{
		{name: "signal", login: "officer", page: "/signals/new", action: "/signals",
			set:    url.Values{"product.name": {"Heater"}, "external_ref": {long(signal.MaxText + 1)}, "injuries.severity": {"9"}, "received_at": {"2026-11-02T08:30"}},
			status: 400, fields: []want{{"external_ref", "外部编号", "External reference"}, {"injuries.severity", "最严重伤害程度", "Worst severity"}},
			keep: map[string]string{"product.name": "Heater", "external_ref": long(signal.MaxText + 1), "injuries.severity": "9", "received_at": "2026-11-02T08:30"}},
		{name: "signal count", login: "officer", page: "/signals/new", action: "/signals",
			set: url.Values{"product.name": {"Heater"}, "injuries.count": {"1.5"}}, status: 400, fields: []want{{"injuries.count", "伤害人数", "Injured people"}},
			keep: map[string]string{"product.name": "Heater", "injuries.count": "1.5"}},
		{name: "signal import", login: "officer", page: "/signals/import", action: "/signals/import", upload: "signals.txt",
			status: 400, fields: []want{{"file", "文件", "File"}}},
		{name: "enterprise new", login: "officer", page: "/enterprises/new", action: "/enterprises",
			set:    url.Values{"uscc": {"123"}, "name_zh": {""}, "address": {"Riverside Road 1"}, "roles": {"exporter"}},
			status: 400, fields: []want{{"uscc", "统一社会信用代码", "USCC"}, {"name_zh", "企业中文名称", "Chinese name"}},
			keep: map[string]string{"uscc": "123", "address": "Riverside Road 1"}},
		{name: "enterprise edit", login: "officer", page: fmt.Sprintf("/enterprises/%d/edit", w.enterprise), action: fmt.Sprintf("/enterprises/%d", w.enterprise),
			set:    url.Values{"contact_email": {"not mail"}, "contact_phone": {long(enterprise.MaxPhone + 1)}},
			status: 400, fields: []want{{"contact_email", "电子邮箱", "Contact e-mail"}, {"contact_phone", "联系电话", "Contact phone"}},
			keep: map[string]string{"contact_email": "not mail"}},
		{name: "enterprise import", login: "officer", page: "/enterprises/import", action: "/enterprises/import", upload: "firms.txt",
			status: 400, fields: []want{{"file", "文件", "File"}}},
		{name: "case recall", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/recall", cid),
			set: url.Values{"recall_completion": {"150"}}, status: 400, fields: []want{{"recall", "召回完成率", "Recall completion"}},
			keep: map[string]string{"recall": "150"}},
		{name: "case close", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/status", cid),
			set: url.Values{"action": {"close"}, "reason": {long(casefile.MaxReason + 1)}}, status: 400,
			fields: []want{{"reason", "结案理由", "Reason for closing"}}, keep: map[string]string{"reason": long(casefile.MaxReason + 1)}},
		{name: "case share", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/share", cid),
			set: url.Values{"dept": {"cs-customs"}}, status: 400, fields: []want{{"share-dept", "共享给部门", "Share with department"}},
			keep: map[string]string{"share-dept": "cs-customs"}},
		{name: "case assign", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/assign", cid),
			set: url.Values{"assignee": {"approver"}}, status: 400, fields: []want{{"assignee", "承办人", "Assignee"}}},
		{name: "case transfer", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/transfer", cid),
			set: url.Values{"dept": {"nowhere"}}, status: 400, fields: []want{{"transfer-dept", "移交部门", "Transfer to department"}}},
		{name: "case reopen", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/status", cid),
			set: url.Values{"action": {"reopen"}}, status: 409, messages: [2]string{"案件处于“办理中”状态，不能执行“重新开启”；允许的操作：结案。",
				"the case is “Open” and cannot “reopen”; allowed: close."}},
		{name: "case signals", login: "officer", page: fmt.Sprintf("/cases/%d", cid), action: fmt.Sprintf("/cases/%d/signals", cid),
			set: url.Values{"signal_ids": {"abc"}}, status: 400, fields: []want{{"add-signals", "加入风险信息", "Add signals"}},
			keep: map[string]string{"add-signals": "abc"}},
		{name: "case open", login: "officer", page: "/signals", action: "/cases",
			set: url.Values{"title": {""}, "signal_ids": {strconv.Itoa(w.freeSignal)}}, status: 400, fields: []want{{"case-title", "案件标题", "Case title"}}},
		{name: "signal dismiss", login: "officer", page: fmt.Sprintf("/signals/%d", w.signalID), action: fmt.Sprintf("/signals/%d/dismiss", w.signalID),
			set: url.Values{"reason": {" "}}, status: 400, fields: []want{{"reason", "排除理由", "Reason for dismissal"}}},
		{name: "assessment new", login: "officer", page: fmt.Sprintf("/cases/%d/assessments/new", cid), action: fmt.Sprintf("/cases/%d/assessments", cid),
			set: url.Values{"s0.description": {"Child lights it"}, "s0.severity": {"4"}, "s0.p0": {"1/100"},
				"s1.description": {"Adult burns"}, "s1.severity": {"2"}, "s1.p0": {"1/10"}, "s1.p1": {"0.5"}, "s1.p2": {"abc"}, "s1.p2.description": {"It ignites"}},
			status: 400, fields: []want{{"s1.p2", "伤害情景 2 · 步骤 3 · 概率", "Harm scenario 2 · step 3 · probability"}},
			keep: map[string]string{"s1.p2": "abc", "s1.p2.description": "It ignites", "s1.description": "Adult burns", "s0.p0": "1/100"}},
		{name: "assessment edit", login: "officer", page: fmt.Sprintf("/assessments/%d", w.draftAssessment), action: fmt.Sprintf("/assessments/%d/edit", w.draftAssessment),
			set: url.Values{"assessor": {long(assess.MaxAssessor + 1)}}, status: 400, fields: []want{{"assessor", "评估人", "Assessor"}},
			keep: map[string]string{"assessor": long(assess.MaxAssessor + 1)}},
		{name: "assessment decide", login: "approver", page: fmt.Sprintf("/assessments/%d", w.submittedAssessment),
			action: fmt.Sprintf("/assessments/%d/decide", w.submittedAssessment), set: url.Values{"action": {"return"}, "note": {long(assess.MaxText + 1)}},
			status: 400, fields: []want{{"note", "审批意见", "Note"}}, keep: map[string]string{"note": long(assess.MaxText + 1)}},
		{name: "approvals assessment", login: "approver", page: "/approvals", action: fmt.Sprintf("/assessments/%d/decide", w.submittedAssessment),
			set: url.Values{"action": {"return"}, "note": {""}}, status: 400, fields: []want{{fmt.Sprintf("anote-%d", w.submittedAssessment), "审批意见", "Note"}}},
		{name: "approvals warning", login: "approver", page: "/approvals", action: fmt.Sprintf("/warnings/%d/act", w.reviewWarning),
			set: url.Values{"action": {"return"}, "note": {long(warning.MaxNote + 1)}}, status: 400,
			fields: []want{{fmt.Sprintf("wnote-%d", w.reviewWarning), "审批意见", "Note"}},
			keep:   map[string]string{fmt.Sprintf("wnote-%d", w.reviewWarning): long(warning.MaxNote + 1)}},
		{name: "warning new", login: "officer", page: fmt.Sprintf("/cases/%d/warnings/new", cid), action: fmt.Sprintf("/cases/%d/warnings", cid),
			set: url.Values{"title": {""}, "scope.brands": {"Starlite"}, "c0.kind": {warning.CondCleanLots}, "c0.value": {"abc"}}, status: 400,
			fields: []want{{"title", "标题", "Title"}, {"c0.value", "解除条件 1 · 数值", "Lifting condition 1 · value"}},
			keep:   map[string]string{"scope.brands": "Starlite", "c0.value": "abc"}},
		{name: "warning edit", login: "officer", page: fmt.Sprintf("/warnings/%d", wid), action: fmt.Sprintf("/warnings/%d/edit", wid),
			set: url.Values{"valid_until": {"2020-01-01"}, "scope.hs_prefixes": {"12AB"}, "title": {"Fireworks"}}, status: 400,
			fields: []want{{"valid_until", "有效期至", "Valid until"}, {"scope.hs_prefixes", "HS 编码前缀", "HS prefixes"}},
			keep:   map[string]string{"valid_until": "2020-01-01", "scope.hs_prefixes": "12AB", "title": "Fireworks"}},
		{name: "warning return", login: "approver", page: fmt.Sprintf("/warnings/%d", w.reviewWarning), action: fmt.Sprintf("/warnings/%d/act", w.reviewWarning),
			set: url.Values{"action": {"return"}, "note": {""}}, status: 400, fields: []want{{"note", "理由", "Reason"}}},
		{name: "warning lift in review", login: "approver", page: fmt.Sprintf("/warnings/%d", w.reviewWarning), action: fmt.Sprintf("/warnings/%d/act", w.reviewWarning),
			set: url.Values{"action": {"lift"}, "note": {"Not needed"}}, status: 409, keep: map[string]string{"note": "Not needed"},
			messages: [2]string{"预警处于“待审核”状态，不能执行“解除”；允许的操作：批准、退回。", "the warning is “Awaiting approval” and cannot “lift”; allowed: approve, return."}},
		{name: "warning update", login: "officer", page: fmt.Sprintf("/warnings/%d", iw), action: fmt.Sprintf("/warnings/%d/edit", iw),
			set: url.Values{"reason": {""}, "title": {"Lighters"}}, status: 400, fields: []want{{"reason", "更新理由", "Reason for the update"}},
			keep: map[string]string{"title": "Lighters"}},
		{name: "warning refer", login: "officer", page: fmt.Sprintf("/warnings/%d", w.gradeI), action: fmt.Sprintf("/warnings/%d/refer", w.gradeI),
			set: url.Values{"authority": {""}, "note": {"Two ports"}}, status: 400, fields: []want{{"authority", "上报对象", "National authority"}},
			keep: map[string]string{"refnote": "Two ports"}},
		{name: "warning outcome", login: "approver", page: fmt.Sprintf("/warnings/%d", w.referred), action: fmt.Sprintf("/warnings/%d/outcome", w.referred),
			set: url.Values{"outcome": {""}, "national_reference": {"GACC 12"}, "decided_at": {"2026-12-01"}}, status: 400,
			fields: []want{{"outcome-answer", "答复结果", "Answer"}}, keep: map[string]string{"national_reference": "GACC 12", "decided_at": "2026-12-01"}},
		{name: "measure add", login: "officer", page: fmt.Sprintf("/warnings/%d", iw), action: "/measures/add",
			set: url.Values{"type": {"warn-consumers"}, "rate": {"abc"}, "deadline": {"2027-01-31"}}, status: 400, fields: []want{{"m-rate", "比例", "Rate"}},
			keep: map[string]string{"m-rate": "abc", "m-deadline": "2027-01-31", "m-type": "warn-consumers"}},
		{name: "measure act", login: "officer", page: fmt.Sprintf("/warnings/%d", iw), action: "/measures/act", formKey: strconv.Itoa(w.plannedMeasure),
			set: url.Values{"action": {"lift"}, "note": {""}}, status: 400, fields: []want{{fmt.Sprintf("m%d-note", w.plannedMeasure), "说明", "Note"}}},
		{name: "measure complete planned", login: "officer", page: fmt.Sprintf("/warnings/%d", iw), action: "/measures/act", formKey: strconv.Itoa(w.plannedMeasure),
			set: url.Values{"action": {"complete"}, "note": {"Done"}}, status: 409, keep: map[string]string{fmt.Sprintf("m%d-note", w.plannedMeasure): "Done"},
			messages: [2]string{"措施处于“拟实施”状态，不能执行“完成”；允许的操作：生效、解除。", "the measure is “Planned” and cannot “complete”; allowed: enforce, lift."}},
		{name: "measure consult", login: "officer", page: fmt.Sprintf("/warnings/%d", iw), action: "/measures/consult", formKey: strconv.Itoa(w.destruction),
			set: url.Values{"ref": {""}, "opinion": {"Burn it"}}, status: 400, fields: []want{{fmt.Sprintf("m%d-ref", w.destruction), "会商文号", "Reference"}},
			keep: map[string]string{fmt.Sprintf("m%d-opinion", w.destruction): "Burn it"}},
		{name: "match confirm", login: "officer", page: "/matching", action: fmt.Sprintf("/matching/%d/confirm", w.match),
			set: url.Values{"note": {long(matching.MaxNote + 1)}}, status: 400, fields: []want{{fmt.Sprintf("confirm-note-%d", w.match), "说明", "Note"}},
			keep: map[string]string{fmt.Sprintf("confirm-note-%d", w.match): long(matching.MaxNote + 1)}},
		{name: "match run", login: "officer", page: "/matching", action: "/matching/run",
			set: url.Values{"days": {"abc"}}, status: 400, fields: []want{{"match-days", "回看天数", "Days back"}}, keep: map[string]string{"match-days": "abc"}},
		{name: "detector", login: "officer", page: "/detection", action: "/detection",
			set: url.Values{"name": {""}, "suppress_days": {"400"}}, status: 400,
			fields: []want{{"d-name", "名称", "Name"}, {"d-suppress", "抑制天数", "Suppression"}}, keep: map[string]string{"d-suppress": "400"}},
		{name: "report", login: "officer", page: "/reports", action: "/reports",
			set: url.Values{"month": {"2099-01"}}, status: 400, fields: []want{{"rmonth", "月份", "Month"}}, keep: map[string]string{"rmonth": "2099-01"}},
		{name: "user", login: "admin", page: "/admin/users", action: "/admin/users",
			set: url.Values{"login": {"Bad Login!"}, "name": {"Someone"}, "password": {"short"}}, status: 400,
			fields: []want{{"login", "登录名", "Login"}, {"password", "初始密码", "Initial password"}},
			keep:   map[string]string{"login": "Bad Login!", "name": "Someone"}},
		{name: "complaint", page: "/public/complaints/new", action: "/public/complaints",
			set: url.Values{"product_name": {""}, "contact": {""}, "description": {"It burnt my hand"}, "brand": {long(signal.MaxText + 1)}}, status: 400,
			fields: []want{{"cprod", "产品名称", "Product"}, {"ccontact", "联系电话或邮箱", "Phone or e-mail"}, {"cbrand", "品牌", "Brand"}},
			keep:   map[string]string{"cdesc": "It burnt my hand", "cbrand": long(signal.MaxText + 1)}},
		{name: "subscribe", page: "/public/subscribe", action: "/public/subscribe",
			set: url.Values{"address": {"not-an-address"}, "hs": {"9613"}}, status: 400, fields: []want{{"saddr", "电子邮件地址", "E-mail address"}},
			keep: map[string]string{"saddr": "not-an-address", "shs": "9613"}},
		{name: "login", page: "/login", action: "/login", set: url.Values{"login": {"officer"}, "password": {"wrong password"}}, status: 401,
			keep: map[string]string{"login": "officer"}, messages: [2]string{"用户名或密码错误。", "Wrong login or password."}},
	}
}

// TestFormsKeepInputAndNameFields posts bad input to every form of the UI
// in both languages: the answer is the form again, with the status the
// error's kind gives, what was typed still in its inputs, each refused
// input marked (class error, aria-invalid, aria-describedby to its
// message), and a summary naming each field by its label in the page's
// language — never by an internal key.
func TestFormsKeepInputAndNameFields(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	w := newFormWorld(t, e)
	browsers := map[string]*browser{}
	browserOf := func(login string) *browser {
		if b, ok := browsers[login]; ok {
			return b
		}
		b := e.browser()
		b.c.Transport = forwardedFor{fmt.Sprintf("10.79.0.%d", len(browsers)+1)}
		if login != "" {
			if resp := b.login(login, password(login)); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in %s: %d", login, resp.StatusCode)
			}
		}
		browsers[login] = b
		return b
	}
	for i, tc := range w.badInputs() {
		for j, lang := range []string{"zh", "en"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				b := browserOf(tc.login)
				// Each post from its own address, under the per-address rate limit.
				b.c.Transport = forwardedFor{fmt.Sprintf("10.79.%d.%d", i+1, j+1)}
				b.get("/lang/" + lang)
				resp, page := b.get(tc.page)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", tc.page, resp.StatusCode)
				}
				var status int
				if tc.upload != "" {
					status, page = b.upload(tc.action, tc.upload, []byte("not a table"))
				} else {
					form := formOf(t, parse(t, page), tc.action, tc.formKey)
					for k, v := range tc.set {
						form[k] = v
					}
					form.Set("csrf", b.csrf)
					resp, page = b.post(tc.action, form)
					status = resp.StatusCode
				}
				if status != tc.status {
					t.Fatalf("POST %s: %d, want %d\n%s", tc.action, status, tc.status, visible(page))
				}
				doc := parse(t, page)
				checkRefusedForm(t, doc, tc, lang)
			})
		}
	}
}

// internalKeyRE matches what only code calls a field: snake_case names,
// list indexes, dotted keys.
var internalKeyRE = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b|\[\d+\]|\bscope\.|\bs\d+\.|\b(product|reporter|injuries|filter|lifting_conditions)\.[a-z]`)

var hanRE = regexp.MustCompile(`\p{Han}`)

func checkRefusedForm(t *testing.T, doc *html.Node, tc badInput, lang string) {
	t.Helper()
	summary := byID(doc, "form-errors")
	if summary == nil || attr(summary, "role") != "alert" {
		t.Fatalf("no error summary (role=alert)")
	}
	text := textOf(summary)
	// Everything the page says about the errors: the summary and each message.
	said := text
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && hasClass(n, "msg") && strings.HasSuffix(attr(n, "id"), "-error") {
			said += "\n" + textOf(n)
		}
	})
	if m := internalKeyRE.FindString(said); m != "" {
		t.Errorf("the errors show the internal key %q:\n%s", m, said)
	}
	if lang == "en" && hanRE.MatchString(said) {
		t.Errorf("the English errors carry Chinese:\n%s", said)
	}
	if lang == "zh" && strings.Contains(said, " / ") {
		t.Errorf("the Chinese errors carry both languages:\n%s", said)
	}
	if tc.messages[0] != "" {
		if want := tc.messages[map[string]int{"zh": 0, "en": 1}[lang]]; !strings.Contains(text, want) {
			t.Errorf("summary %q lacks %q", text, want)
		}
	}
	for _, f := range tc.fields {
		label := f.zh
		if lang == "en" {
			label = f.en
		}
		in := byID(doc, f.id)
		if in == nil {
			t.Errorf("no input #%s", f.id)
			continue
		}
		// The summary names the field by its label and links to its input.
		if !strings.Contains(text, label) {
			t.Errorf("summary does not name %s as %q:\n%s", f.id, label, text)
		}
		if !hasLink(summary, "#"+f.id) {
			t.Errorf("summary does not link to #%s", f.id)
		}
		// The label is the one the form shows.
		if shown := labelText(doc, in); !strings.Contains(shown, label) {
			t.Errorf("#%s is labelled %q on the page, the summary says %q", f.id, shown, label)
		}
		// The input is marked and points at its message.
		if attr(in, "aria-invalid") != "true" {
			t.Errorf("#%s lacks aria-invalid", f.id)
		}
		if !strings.Contains(" "+attr(in, "aria-describedby")+" ", " "+f.id+"-error ") {
			t.Errorf("#%s: aria-describedby %q does not name its message", f.id, attr(in, "aria-describedby"))
		}
		if msg := byID(doc, f.id+"-error"); msg == nil || strings.TrimSpace(textOf(msg)) == "" {
			t.Errorf("#%s has no message", f.id)
		}
		if !errorClassed(in) {
			t.Errorf("#%s is not in an element of class error", f.id)
		}
	}
	for id, v := range tc.keep {
		in := byID(doc, id)
		if in == nil {
			t.Errorf("no input #%s", id)
			continue
		}
		if got := valueOf(in); got != v {
			t.Errorf("#%s shows %q, typed %q", id, got, v)
		}
	}
}

// TestFormLimitsMatchTheServer checks every text input and textarea of the
// forms: each that the server bounds has maxlength equal to the bound
// (taken from the domain's constants), and each other one is listed with
// the reason it has none, so that a new input is not forgotten.
func TestFormLimitsMatchTheServer(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	w := newFormWorld(t, e)
	type page struct {
		login, path string
		limits      map[string]int    // input id (a regular expression) → the server's limit
		unbounded   map[string]string // input id (a regular expression) → why it has no maxlength
	}
	format := "checked against its format, not its length"
	m := func(id int) string { return strconv.Itoa(id) }
	merge := func(ms ...map[string]int) map[string]int {
		out := map[string]int{}
		for _, x := range ms {
			for k, v := range x {
				out[k] = v
			}
		}
		return out
	}
	warningForm := map[string]int{"title": warning.MaxTitle, "summary": warning.MaxNote, "matters": warning.MaxMattersText,
		"advice": warning.MaxMattersText, "grade_justification": warning.MaxNote, `c\d+\.text`: warning.MaxNote}
	warningFree := map[string]string{`c\d+\.value`: "a number", "addressees": "USCCs, each checked",
		`scope\.[a-z_]+`: "one value a line, each value bounded by the scope's own check"}
	mw := newMonitoringWorld(t, e)
	code, smp := e.api("POST", "/api/v1/monitoring/samples", e.token("inspector"), map[string]any{"number": "HNJC-2026-0901", "plan_id": json.Number(mw.plan),
		"item_no": 1, "point_id": json.Number(mw.point), "product": "打火机", "hs_code": "96131000", "lot": "L1", "place": "仓库", "taken_at": "2026-03-02T02:00:00Z", "lab": "实验室"})
	if code != http.StatusCreated {
		t.Fatalf("pending sample: %d %v", code, smp)
	}
	pendingSample := fmt.Sprint(smp["id"])
	resultsForm := map[string]int{`results\[\d+\]\.(value|limit)`: monitoring.MaxValue, `results\[\d+\]\.unit`: monitoring.MaxUnit,
		`results\[\d+\]\.method`: monitoring.MaxText}
	measureForms := map[string]int{`m\d+-note`: measure.MaxNote, `m\d+-ref`: measure.MaxRef, `m\d+-opinion`: measure.MaxNote}
	pages := []page{
		{"officer", "/signals/new", map[string]int{"external_ref": signal.MaxText, "product.name": signal.MaxText, "product.brand": signal.MaxText,
			"product.model": signal.MaxText, "product.batch": signal.MaxText, "product.manufacturer": signal.MaxText,
			"description": signal.MaxDescription, "reporter.name": signal.MaxReporterName, "reporter.contact": signal.MaxText},
			map[string]string{`product\.(hs_code|gtin|uscc|origin|destination)`: format, "region": format}},
		{"officer", "/enterprises/new", map[string]int{"name_zh": enterprise.MaxName, "name_en": enterprise.MaxName, "address": enterprise.MaxAddress,
			"contact_name": enterprise.MaxContact, "contact_phone": enterprise.MaxPhone, "contact_email": enterprise.MaxContact},
			map[string]string{"uscc": format, "region": format}},
		{"officer", "/signals", map[string]int{"case-title": casefile.MaxTitle}, nil},
		{"officer", "/signals/" + m(w.signalID), map[string]int{"reason": signal.MaxReason}, nil},
		{"officer", "/cases/" + m(w.caseID), map[string]int{"reason": casefile.MaxReason}, map[string]string{"add-signals": "signal numbers, each checked"}},
		{"officer", fmt.Sprintf("/cases/%d/assessments/new", w.caseID), map[string]int{"product": assess.MaxText, "assessor": assess.MaxAssessor,
			"organisation": assess.MaxShort, `s\d+\.description`: assess.MaxText, `s\d+\.(population|injury)`: assess.MaxShort,
			`s\d+\.notes`: assess.MaxText, `s\d+\.p\d+\.description`: assess.MaxStepText},
			map[string]string{`s\d+\.p\d+`: "a probability, checked as a number"}},
		{"approver", "/assessments/" + m(w.submittedAssessment), map[string]int{"note": assess.MaxText}, nil},
		{"approver", "/approvals", map[string]int{`anote-\d+`: assess.MaxText, `[wl]note-\d+`: warning.MaxNote}, nil},
		{"officer", fmt.Sprintf("/cases/%d/warnings/new", w.caseID), warningForm, warningFree},
		{"officer", "/warnings/" + m(w.draftWarning), merge(warningForm, map[string]int{"note": warning.MaxNote}),
			merge2(warningFree, map[string]string{"m-rate": "a number", "m-accept-items": "test items, each checked (measure.Acceptance)"})},
		{"approver", "/warnings/" + m(w.reviewWarning), map[string]int{"note": warning.MaxNote}, nil},
		{"officer", "/warnings/" + m(w.issuedWarning), merge(warningForm, measureForms, map[string]int{"reason": warning.MaxNote}),
			merge2(warningFree, map[string]string{"m-rate": "a number", "m-accept-items": "test items, each checked (measure.Acceptance)"})},
		{"officer", "/warnings/" + m(w.gradeI), map[string]int{"refnote": warning.MaxNote}, map[string]string{"m-rate": "a number", "m-accept-items": "test items, each checked (measure.Acceptance)"}},
		{"approver", "/warnings/" + m(w.referred), merge(warningForm, map[string]int{"national_reference": warning.MaxReferenceLen,
			"national_url": warning.MaxURLLen, "outnote": warning.MaxNote, "reason": warning.MaxNote, "note": warning.MaxNote}), warningFree},
		{"officer", "/matching", map[string]int{`(confirm|reject)-note-\d+`: matching.MaxNote}, nil},
		{"officer", "/detection", map[string]int{"d-name": detection.MaxName}, map[string]string{"d-params": "name=value lines, each checked"}},
		{"admin", "/admin/users", map[string]int{"login": auth.MaxLogin, "name": auth.MaxName, "password": auth.MaxPassword},
			map[string]string{"enterprise_uscc": format, "lab_uscc": format}},
		{"", "/login", map[string]int{"login": auth.MaxLogin, "password": auth.MaxPassword}, nil},
		{"", "/public/complaints/new", map[string]int{"cprod": signal.MaxText, "cbrand": signal.MaxText, "cmodel": signal.MaxText, "cbatch": signal.MaxText,
			"cwhere": signal.MaxText, "cdesc": signal.MaxComplaintText, "cname": signal.MaxReporterName, "ccontact": signal.MaxText}, nil},
		{"", "/public/subscribe", map[string]int{"saddr": subscription.MaxAddress}, map[string]string{"shs": format}},
		{"officer", "/monitoring/points/new", map[string]int{"code": monitoring.MaxCode, "name": monitoring.MaxText, "address": monitoring.MaxText},
			map[string]string{"lat|lon": "a number, checked against Hunan's extent", "commodities": "HS prefixes or categories, each checked"}},
		{"officer", "/monitoring/plans/new", map[string]int{"title": monitoring.MaxText},
			map[string]string{`year|items\[\d+\]\.(quota|report_days)`: "a number", `items\[\d+\]\.commodity`: format,
				`items\[\d+\]\.test_items`: "one a line, each bounded by the item's check"}},
		{"inspector", "/monitoring/samples/new?plan=" + mw.plan + "&item=1&point=" + mw.point, merge(resultsForm, map[string]int{"number": monitoring.MaxNumber,
			"product": monitoring.MaxText, "lot": monitoring.MaxLot, "place": monitoring.MaxText, "lab": monitoring.MaxText}),
			map[string]string{"hs_code|enterprise_uscc": format}},
		{"inspector", "/monitoring/samples/" + pendingSample, resultsForm, nil},
	}
	match := func(patterns []string, id string) (string, bool) {
		for _, p := range patterns {
			if regexp.MustCompile(`^(` + p + `)$`).MatchString(id) {
				return p, true
			}
		}
		return "", false
	}
	for i, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			b := e.browser()
			b.c.Transport = forwardedFor{fmt.Sprintf("10.78.0.%d", i+1)}
			if p.login != "" {
				b.login(p.login, password(p.login))
			}
			resp, body := b.get(p.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET: %d", resp.StatusCode)
			}
			var bounded, free []string
			for k := range p.limits {
				bounded = append(bounded, k)
			}
			for k := range p.unbounded {
				free = append(free, k)
			}
			seen := map[string]bool{}
			walk(parse(t, body), func(n *html.Node) {
				if n.Type != html.ElementNode || !textInput(n) || !inPostForm(n) {
					return
				}
				id := attr(n, "id")
				if id == "" {
					t.Errorf("a text input named %q has no id", attr(n, "name"))
					return
				}
				if pat, ok := match(bounded, id); ok {
					seen[pat] = true
					if max := p.limits[pat]; attr(n, "maxlength") != strconv.Itoa(max) {
						t.Errorf("#%s: maxlength %q, the server's limit is %d", id, attr(n, "maxlength"), max)
					}
				} else if _, ok := match(free, id); !ok {
					t.Errorf("#%s (maxlength %q) is neither bounded nor explained", id, attr(n, "maxlength"))
				}
			})
			for pat := range p.limits {
				if !seen[pat] {
					t.Errorf("no text input #%s", pat)
				}
			}
		})
	}
}

func merge2(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, x := range ms {
		for k, v := range x {
			out[k] = v
		}
	}
	return out
}

// The browser's upload of a file to a form.
// HTML helpers.

func parse(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
		}
	})
	return found
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

func hasLink(n *html.Node, href string) bool {
	found := false
	walk(n, func(c *html.Node) {
		if c.Type == html.ElementNode && c.Data == "a" && attr(c, "href") == href {
			found = true
		}
	})
	return found
}

// labelText is how the page labels an input: its <label for>, its
// aria-label, its legend (a fieldset) or the label around it.
func labelText(doc, in *html.Node) string {
	id := attr(in, "id")
	var s string
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "label" && attr(n, "for") == id {
			s += textOf(n)
		}
	})
	if s != "" {
		return s
	}
	if a := attr(in, "aria-label"); a != "" {
		return a
	}
	if in.Data == "fieldset" {
		for c := in.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "legend" {
				return textOf(c)
			}
		}
	}
	for p := in.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "label" {
			return textOf(p)
		}
	}
	return ""
}

// errorClassed reports whether n or an element around it (inside its
// form) has the class error.
func errorClassed(n *html.Node) bool {
	for p := n; p != nil && p.Data != "form"; p = p.Parent {
		if p.Type == html.ElementNode && hasClass(p, "error") {
			return true
		}
	}
	return false
}

// valueOf is what an input shows: its value, a textarea's text, a
// select's chosen option.
func valueOf(n *html.Node) string {
	switch n.Data {
	case "textarea":
		return strings.TrimPrefix(textOf(n), "\n")
	case "select":
		v := ""
		walk(n, func(o *html.Node) {
			if o.Type == html.ElementNode && o.Data == "option" && hasAttr(o, "selected") && v == "" {
				v = attr(o, "value")
			}
		})
		return v
	}
	return attr(n, "value")
}

func textInput(n *html.Node) bool {
	switch n.Data {
	case "textarea":
		return true
	case "input":
		switch attr(n, "type") {
		case "", "text", "search", "email", "url", "tel", "password":
			return true
		}
	}
	return false
}

func inPostForm(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "form" {
			return strings.EqualFold(attr(p, "method"), "post")
		}
	}
	return false
}

// formOf collects what a form of the page would send as it stands: the
// first form posting to action (whose measure_id is key, when given).
func formOf(t *testing.T, doc *html.Node, action, key string) url.Values {
	t.Helper()
	var form *html.Node
	walk(doc, func(n *html.Node) {
		if form != nil || n.Type != html.ElementNode || n.Data != "form" || attr(n, "action") != action {
			return
		}
		if key != "" {
			ok := false
			walk(n, func(c *html.Node) {
				if c.Data == "input" && attr(c, "name") == "measure_id" && attr(c, "value") == key {
					ok = true
				}
			})
			if !ok {
				return
			}
		}
		form = n
	})
	if form == nil {
		t.Fatalf("the page has no form posting to %s", action)
	}
	v := url.Values{}
	walk(form, func(n *html.Node) {
		name := attr(n, "name")
		if n.Type != html.ElementNode || name == "" {
			return
		}
		switch n.Data {
		case "input":
			switch attr(n, "type") {
			case "checkbox", "radio":
				if hasAttr(n, "checked") {
					v.Add(name, attr(n, "value"))
				}
			case "submit", "file":
			default:
				v.Add(name, attr(n, "value"))
			}
		case "textarea":
			v.Add(name, valueOf(n))
		case "select":
			var chosen []string
			first, firstSet := "", false
			walk(n, func(o *html.Node) {
				if o.Type == html.ElementNode && o.Data == "option" {
					if !firstSet {
						first, firstSet = attr(o, "value"), true
					}
					if hasAttr(o, "selected") {
						chosen = append(chosen, attr(o, "value"))
					}
				}
			})
			if len(chosen) == 0 && !hasAttr(n, "multiple") {
				chosen = []string{first}
			}
			for _, c := range chosen {
				v.Add(name, c)
			}
		}
	})
	return v
}
