package web_test

// Golden files: the JSON of every API resource (testdata/api/*.golden) and
// the visible text of one page per resource (testdata/pages/*.golden), so
// that a change to what users see shows up in review as a diff of these
// files. When a change is meant:
//
//	go test ./internal/web -run TestGolden -update
//
// rewrites them; review the diff with git diff internal/web/testdata.
//
// The world the goldens describe is built afresh each run and is the same
// on every machine: a new SQLite database (goldens run on SQLite only; the
// conformance suites in internal/store cover PostgreSQL) migrated and seeded
// under a fixed clock, the small demo (demo.Load) and a few records made
// through the API as users make them, a fixed screening salt, and the clock
// held at goldenNow while the pages are read. What is random by design
// (complaint tracking numbers) is drawn from a fixed seed, so nothing in
// the goldens is masked.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/app"
	"riskgate/internal/auth"
	"riskgate/internal/demo"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/web"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The golden world's calendar, in China time as the product shows it.
var (
	goldenZone = risk.China
	// goldenDemo is when the small demo is loaded: the lighter case's 通报
	// and 公告 are issued then, and its inspections recorded.
	goldenDemo = time.Date(2026, 2, 20, 9, 0, 0, 0, goldenZone)
	// goldenReports is when February's reports are made, as the monthly
	// job makes them.
	goldenReports = time.Date(2026, 3, 1, 6, 0, 0, 0, goldenZone)
	// goldenWork is when the records the small demo lacks are made.
	goldenWork = time.Date(2026, 3, 16, 9, 0, 0, 0, goldenZone)
	// goldenNow is when the goldens are read: Monday 16 March 2026, 10:00.
	goldenNow = time.Date(2026, 3, 16, 10, 0, 0, 0, goldenZone)
)

// goldenClock is the clock of the database, the services and the server:
// it stands still where the test sets it.
type goldenClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *goldenClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *goldenClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t.UTC()
}

// golden is the world the goldens are read from.
type golden struct {
	t      *testing.T
	clock  *goldenClock
	app    *app.App
	srv    *web.Server
	ts     *httptest.Server
	tokens map[string]string // login → API token
	ids    map[string]string // what → id (or number) in paths
}

// newGolden builds the golden world (see the file comment).
func newGolden(t *testing.T) *golden {
	t.Helper()
	ctx := context.Background()
	clock := &goldenClock{}
	clock.set(goldenDemo.Add(-time.Hour))
	// A fresh database rather than storetest's template, so that the
	// catalogues, matrices, rules and bundles are loaded under the clock.
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "golden.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clock.now
	a, err := app.New(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	// What would be random is drawn from fixed seeds: the screening
	// salt keys the random-inspection draw, and complaint tracking
	// numbers are random by design.
	a.Screening.Salt = []byte("golden-screening-salt")
	a.Labs.Salt = a.Screening.Salt
	var seed [32]byte
	copy(seed[:], "riskgate golden tracking numbers")
	a.Signals.Random = rand.NewChaCha8(seed)
	clock.set(goldenDemo)
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	srv, err := a.Server(app.ServerConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		PublicURL: "https://riskgate.example.cn"})
	if err != nil {
		t.Fatal(err)
	}
	// The pages' clock too (Init has given the rate limiters the real
	// one, so that they refill while the test runs).
	srv.Now = clock.now
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	g := &golden{t: t, clock: clock, app: a, srv: srv, ts: ts, tokens: map[string]string{}, ids: map[string]string{}}
	for _, acc := range demo.Accounts {
		tok, err := a.Auth.CreateToken(ctx, risk.System, acc.Login, "golden")
		if err != nil {
			t.Fatal(err)
		}
		g.tokens[acc.Login] = tok
	}
	g.records()
	clock.set(goldenNow)
	return g
}

// call sends a request with a bearer token (none for "") from the role's
// own address, and returns the status and body.
func (g *golden) call(method, path, login string, body any) (int, []byte) {
	g.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "text/csv"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			g.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, g.ts.URL+path, rd)
	if err != nil {
		g.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if login != "" {
		req.Header.Set("Authorization", "Bearer "+g.tokens[login])
	}
	resp, err := g.client(login, "").Do(req)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		g.t.Fatal(err)
	}
	return resp.StatusCode, out
}

// must sends a request that must answer want, and returns its JSON.
func (g *golden) must(want int, method, path, login string, body any) map[string]any {
	g.t.Helper()
	code, out := g.call(method, path, login, body)
	if code != want {
		g.t.Fatalf("%s %s as %q: %d, want %d: %s", method, path, login, code, want, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		g.t.Fatalf("%s %s: %v: %s", method, path, err, out)
	}
	return m
}

// client is an HTTP client that does not follow redirects, from an
// address of the role's own (each under its own rate limit; the public's
// is 10.99.0.1).
func (g *golden) client(login, lang string) *http.Client {
	addr := 2 + slices.IndexFunc(demo.Accounts, func(a demo.Account) bool { return a.Login == login })
	if lang == "en" {
		addr += 100
	}
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Transport: forwardedFor{fmt.Sprintf("10.99.0.%d", addr)},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func idOf(m map[string]any) string { return fmt.Sprint(int(m["id"].(float64))) }

// records makes, through the API as users do, one of each record the small
// demo lacks: an alarm of a detector, screened declarations with a result,
// a match candidate, injury records, a report, a 通告 to the demo
// enterprise, a warning awaiting approval, a grade I 通报 referred to the
// national authority and a portal complaint.
func (g *golden) records() {
	g.t.Helper()
	// The demo's records.
	cases := g.must(200, "GET", "/api/v1/cases", "officer", nil)["items"].([]any)
	g.ids["case"] = idOf(cases[len(cases)-1].(map[string]any))
	for _, w := range g.must(200, "GET", "/api/v1/warnings", "officer", nil)["items"].([]any) {
		w := w.(map[string]any)
		g.ids["warning-"+w["class"].(string)] = idOf(w)
	}

	// February's report on lighters, made when February has ended.
	g.clock.set(goldenReports)
	g.ids["report"] = idOf(g.must(201, "POST", "/api/v1/reports", "officer", map[string]any{"group": "lighters", "month": "2026-02"}))

	// The market regulator, a recipient of the lighter 通报, reports its
	// follow-up on 5 March, within the 10 working days; the commerce
	// department, the other recipient, does not answer.
	g.clock.set(time.Date(2026, 3, 5, 15, 0, 0, 0, goldenZone))
	amr := demo.MarketOfficer
	if _, err := g.app.Auth.AddUser(context.Background(), risk.System, auth.NewUser{Login: amr.Login, Name: amr.Name, Dept: amr.Dept,
		Role: amr.Role, Password: amr.Password}); err != nil {
		g.t.Fatal(err)
	}
	tok, err := g.app.Auth.CreateToken(context.Background(), risk.System, amr.Login, "golden")
	if err != nil {
		g.t.Fatal(err)
	}
	g.tokens[amr.Login] = tok
	g.must(201, "POST", "/api/v1/warnings/"+g.ids["warning-bulletin"]+"/followups", amr.Login, map[string]any{"finding": "found",
		"measures": []string{"withdrawal", "seal-detain"}, "actions": "抽查长沙、株洲 46 家商超和小商品市场，3 家有售，责令下架并查封库存。",
		"quantities": map[string]any{"found": 1200, "withdrawn": 1200, "unit": "piece"}, "note": "涉及批次已通报供货商所在地市场监管部门。"})

	g.clock.set(goldenWork)
	// Complaints about lighters, two a week for eight weeks and twelve in
	// the last complete week (9–15 March), and a detector that notices.
	var items []any
	lastWeek := time.Date(2026, 3, 9, 0, 0, 0, 0, goldenZone)
	for w := 8; w >= 0; w-- {
		n := 2
		if w == 0 {
			n = 12
		}
		at := lastWeek.AddDate(0, 0, -7*w).Add(50 * time.Hour)
		for i := range n {
			items = append(items, map[string]any{"channel": "12315", "external_ref": fmt.Sprintf("12315-GOLDEN-%d-%02d", 8-w, i),
				"received_at": at.Add(time.Duration(i) * time.Minute).Format(time.RFC3339), "region": "430102", "hazard": "burns",
				"description": "消费者反映打火机使用时烫伤手指。", "product": map[string]any{"name": "一次性打火机", "hs_code": "9613800000"}})
		}
	}
	g.must(200, "POST", "/api/v1/signals", "officer", map[string]any{"items": items})
	det := g.must(201, "POST", "/api/v1/detectors", "officer", map[string]any{"name": "打火机投诉周监测", "group_by": []string{"hs_heading"},
		"period": "week", "method": "earsC1"})
	g.ids["detector"] = idOf(det)
	run := g.must(200, "POST", "/api/v1/detectors/"+g.ids["detector"]+"/run", "officer", nil)
	if run["raised"].(float64) != 1 {
		g.t.Fatalf("the detector raised %v alarms, want 1", run["raised"])
	}

	// Declarations of the demo enterprise: lighters, held by the 通报's
	// measures, and LED strings, released; the dice-shaped lighters
	// (line 0, as the API counts) inspected and failed.
	firm := g.must(200, "GET", "/api/v1/me", "enterprise", nil)
	g.ids["enterprise"] = fmt.Sprint(int(firm["enterprise_id"].(float64)))
	ent := g.must(200, "GET", "/api/v1/enterprises/"+g.ids["enterprise"], "officer", nil)
	g.ids["enterprise-uscc"] = ent["uscc"].(string)
	for _, d := range []map[string]any{
		{"number": "490020260316000101", "direction": "export", "port": "4900", "declared_at": "2026-03-16T08:30:00+08:00", "trade_mode": "0110",
			"consignor_uscc": ent["uscc"], "lines": []any{
				map[string]any{"hs_code": "9613800000", "name": "骰子造型打火机", "brand": "YONGMING", "origin": "CN", "destination": "DE", "quantity": 2000, "unit": "个"},
				map[string]any{"hs_code": "9613100000", "name": "一次性打火机（透明）", "brand": "YONGMING", "origin": "CN", "destination": "DE", "quantity": 5000, "unit": "个"}}},
		{"number": "490020260316000102", "direction": "export", "port": "4900", "declared_at": "2026-03-16T08:40:00+08:00", "trade_mode": "0110",
			"consignor_uscc": ent["uscc"], "lines": []any{
				map[string]any{"hs_code": "9405420000", "name": "LED灯串", "brand": "BRIGHTSTAR", "origin": "CN", "destination": "FR", "quantity": 300, "unit": "套"}}},
	} {
		g.must(200, "POST", "/api/v1/declarations/screen", "inspector", d)
	}
	g.ids["declaration"] = "490020260316000101"
	g.ids["inspection"] = idOf(g.must(201, "POST", "/api/v1/declarations/490020260316000101/lines/0/result", "inspector",
		map[string]any{"kind": "inspection", "result": "fail", "findings": "抽样 10 只，3 只无防止儿童开启装置。"}))

	// A Safety Gate alert about the LED string, and the match it makes.
	csv := "alert_number,product_category,product_name,brand,product_description,country_of_origin,risk_type,barcode,batch_number,company_recall_code,production_dates,alert_year\n" +
		"SR/09100/26,Lighting chains,Lighting chain,BrightStar,LED string,Peoples Republic of China,Electric shock,,,,,2026\n"
	g.must(200, "POST", "/api/v1/foreign/import?format=safetygate", "officer", csv)
	g.must(200, "POST", "/api/v1/matches/run", "officer", map[string]any{"days": 3660})

	// NEISS injury records about fireworks.
	g.must(200, "POST", "/api/v1/injuries/import?product=1313&name=golden.csv", "officer",
		"treatment_date,age_years,sex,body_part,diagnosis,disposition,narrative\n"+
			"2025-07-04,12,Male,Hand,\"Burns, thermal\",Released,12YOM SPARKLER BURN TO HAND\n"+
			"2025-07-05,30,Female,Eyeball,Contusions,Released,30YOF HIT BY BOTTLE ROCKET\n")

	// A 通告 to the demo enterprise, issued; and a 通告 submitted, awaiting
	// the approver.
	for i, title := range []string{"关于出口新奇造型打火机防儿童开启性能不合格的风险警示通告", "关于出口打火机标识不全的风险警示通告"} {
		w := g.must(201, "POST", "/api/v1/cases/"+g.ids["case"]+"/warnings", "officer", map[string]any{"class": "notice", "title": title,
			"scope":   map[string]any{"hs_prefixes": []string{"9613"}, "keywords": []string{"打火机"}, "countries": []string{"DE"}},
			"matters": "贵公司出口的新奇造型打火机经查验发现无防止儿童开启装置。", "advice": "立即排查在产批次，暂停出口不合格批次。",
			"starts_at": "2026-03-16T00:00:00+08:00", "valid_until": "2026-09-16T00:00:00+08:00", "addressees": []any{json.Number(g.ids["enterprise"])},
			"lifting_conditions": []any{map[string]any{"kind": "consecutive_clean_lots", "n": 5}, map[string]any{"kind": "expires_at"}}})
		id := idOf(w)
		steps := []struct{ who, action string }{{"officer", "submit"}, {"approver", "approve"}, {"officer", "issue"}}
		if i == 1 {
			steps = steps[:1]
			g.ids["warning-pending"] = id
		} else {
			g.ids["warning-notice"] = id
		}
		for n, st := range steps {
			g.must(200, "POST", "/api/v1/warnings/"+id+"/actions", st.who, map[string]any{"action": st.action, "rev": n + 1})
		}
	}

	// A grade I 通报 (harm has occurred, the products are sold widely),
	// approved and referred to 海关总署.
	w := g.must(201, "POST", "/api/v1/cases/"+g.ids["case"]+"/warnings", "officer", map[string]any{"class": "bulletin",
		"title": "关于新奇造型打火机致儿童烧伤事件的风险警示通报", "urgency": "immediate", "reach": "wide",
		"scope":   map[string]any{"hs_prefixes": []string{"9613"}, "keywords": []string{"打火机"}},
		"matters": "省内发生多起儿童玩耍新奇造型打火机烧伤事件，产品经电商平台销往全国。", "advice": "各口岸暂停放行新奇造型打火机，市场监管部门组织下架。",
		"starts_at": "2026-03-16T00:00:00+08:00", "valid_until": "2026-09-16T00:00:00+08:00",
		"lifting_conditions": []any{map[string]any{"kind": "no_new_signals", "days": 90}}, "recipients": []string{"hn-amr"}})
	if w["grade"] != "I" {
		g.t.Fatalf("the referred warning is of grade %v, want I", w["grade"])
	}
	g.ids["warning-referred"] = idOf(w)
	for n, st := range []struct{ who, action string }{{"officer", "submit"}, {"approver", "approve"}} {
		g.must(200, "POST", "/api/v1/warnings/"+g.ids["warning-referred"]+"/actions", st.who, map[string]any{"action": st.action, "rev": n + 1})
	}
	g.must(200, "POST", "/api/v1/warnings/"+g.ids["warning-referred"]+"/referral", "officer", map[string]any{"authority": "gacc",
		"note": "产品经电商平台销往全国，涉及多个口岸。", "rev": 3})

	// A recall the firm reports (its own), and one the officer opens and
	// files the plan of.
	own := g.must(201, "POST", "/api/v1/recalls", "enterprise", map[string]any{"kind": "voluntary", "enterprise_uscc": g.ids["enterprise-uscc"],
		"products": []map[string]any{{"name": "组合烟花", "model": "XJ-36", "hs_code": "3604100000", "quantity_made": 2000, "quantity_sold": 1500}},
		"defect":   "部分发射筒底座粘接不牢，燃放时可能倾倒", "trigger": "recall_abroad", "aware_on": "2026-03-13"})
	g.ids["recall"] = idOf(own)
	g.must(200, "POST", "/api/v1/recalls/"+g.ids["recall"]+"/plan", "officer", map[string]any{"remedy": "refund",
		"start_date": "2026-03-16", "completion_date": "2026-04-30", "target_completion": 0.95, "channels": "经销商门店、电商平台站内信"})
	for i, action := range []string{"publish_notice", "start"} {
		g.must(200, "POST", "/api/v1/recalls/"+g.ids["recall"]+"/actions", "officer", map[string]any{"action": action, "rev": 2 + i})
	}
	g.must(201, "POST", "/api/v1/recalls/"+g.ids["recall"]+"/progress", "enterprise", map[string]any{"located": 900, "corrected": 600,
		"returned": 150, "by_channel": map[string]any{"retailers": 450, "online": 300}})

	// Half an hour on, a clean lot of the firm's lighters, inspected and
	// passed, and the firm's petition to lift the 通告 citing it.
	g.clock.set(goldenWork.Add(30 * time.Minute))
	g.must(200, "POST", "/api/v1/declarations/screen", "inspector", map[string]any{"number": "490020260316000103", "direction": "export",
		"port": "4900", "declared_at": "2026-03-16T09:10:00+08:00", "trade_mode": "0110", "consignor_uscc": g.ids["enterprise-uscc"], "lines": []any{
			map[string]any{"hs_code": "9613100000", "name": "一次性打火机（透明）", "brand": "YONGMING", "origin": "CN", "destination": "DE", "quantity": 5000, "unit": "个"}}})
	g.must(201, "POST", "/api/v1/declarations/490020260316000103/lines/0/result", "inspector", map[string]any{"kind": "inspection", "result": "pass"})
	g.ids["petition"] = idOf(g.must(201, "POST", "/api/v1/petitions", "enterprise", map[string]any{"warning_id": json.Number(g.ids["warning-notice"]),
		"grounds": "已为新奇造型打火机加装防止儿童开启装置，整改后出口批次经口岸查验合格。", "declarations": []string{"490020260316000103"}}))
	// The firm's answer to the 通告 and a self-declaration.
	g.ids["answer"] = idOf(g.must(201, "POST", "/api/v1/warnings/"+g.ids["warning-notice"]+"/answers", "enterprise", map[string]any{
		"cause": "新奇造型打火机未装防止儿童开启装置。", "actions": "加装防止儿童开启装置，在途批次召回返工。", "started_on": "2026-03-10", "completed_on": "2026-03-15"}))
	g.ids["self-declaration"] = idOf(g.must(201, "POST", "/api/v1/self-declarations", "enterprise", map[string]any{
		"product":   map[string]any{"name": "一次性打火机", "model": "透明", "hs_code": "9613100000"},
		"standards": []any{map[string]any{"number": "GB 26693-2019", "title": "打火机安全与质量"}, map[string]any{"number": "EN 13869:2016"}}}))
	g.clock.set(goldenWork)

	// The reminders of that day: the recall's summary is not due yet, the
	// cases' assignees are told theirs; the enterprise wants e-mail.
	g.must(200, "PUT", "/api/v1/me/reminder-settings", "enterprise", map[string]any{"email": "qa@xiangjiang.example", "remind_by": "inbox"})
	if _, err := g.app.Reminders.Run(context.Background()); err != nil {
		g.t.Fatal(err)
	}

	// A complaint on the portal.
	c := g.must(201, "POST", "/api/v1/public/complaints", "", map[string]any{"product_name": "充电暖手宝", "brand": "暖宝宝",
		"description": "充电时外壳发烫变形。", "contact": "reader@example.com", "region": "430100", "hazard": "burns"})
	g.ids["complaint"] = c["tracking_number"].(string)

	// Credit: a minor event (tolerated), a general one of a year ago that
	// makes the firm dishonest, and the firm's application to repair it.
	g.ids["credit-event"] = idOf(g.must(201, "POST", "/api/v1/credit/events", "officer", map[string]any{"enterprise_uscc": g.ids["enterprise-uscc"],
		"kind": "late-documents", "severity": "minor", "occurred_on": "2026-02-01", "reference": "长关通〔2026〕3号"}))
	general := g.must(201, "POST", "/api/v1/credit/events", "officer", map[string]any{"enterprise_uscc": g.ids["enterprise-uscc"],
		"kind": "penalty-violation", "severity": "general", "occurred_on": "2025-01-10", "reference": "长关缉违字〔2025〕12号", "note": "出口打火机申报不实。"})
	if ch, _ := general["tier_change"].(map[string]any); ch == nil || ch["to"] != "dishonest" {
		g.t.Fatalf("the general event changed the tier by %v, want to dishonest", general["tier_change"])
	}
	g.ids["credit-repair"] = idOf(g.must(201, "POST", "/api/v1/credit/repairs", "enterprise", map[string]any{"event_ids": []any{general["id"]},
		"evidence": "已缴纳罚款，申报流程增加复核，一年内未再发生失信行为。", "documents": []string{"罚款缴纳凭证 2025-02-01"}}))

	// Laboratory acceptance: a laboratory registered with its CNAS and CMA
	// accreditations and scope for clothing, two reports, and customs'
	// cross-checks of them, one in disagreement beyond the tolerance.
	l := g.must(201, "POST", "/api/v1/labs", "officer", map[string]any{"name": "湖南湘检纺织品检测有限公司", "name_en": "Hunan Xiangjian Textile Testing Co., Ltd.",
		"uscc": "91430104MA4XJ88016", "address": "长沙市岳麓区麓谷大道 88 号", "contact_name": "李检", "contact_phone": "0731-88000001",
		"accreditations": []any{map[string]any{"scheme": "CNAS", "number": "CNAS L1234", "scope_document": "CNAS L1234 认可范围附件", "valid_until": "2027-12-31"},
			map[string]any{"scheme": "CMA", "number": "CMA 201818000123", "valid_until": "2028-06-30"}},
		"scopes": []any{map[string]any{"hs_prefix": "61", "test_item": "甲醛含量", "method": "GB/T 2912.1-2009", "accreditation": "CNAS L1234"},
			map[string]any{"hs_prefix": "61", "test_item": "pH值", "method": "GB/T 7573-2009"}}})
	g.ids["lab"] = idOf(l)
	first := g.must(201, "POST", "/api/v1/labs/"+g.ids["lab"]+"/reports", "officer", map[string]any{"number": "XJ-2026-0301",
		"issued_on": "2026-03-01", "hs_code": "6109100010", "product": "全棉针织 T 恤", "enterprise_uscc": g.ids["enterprise-uscc"], "conclusion": "pass",
		"items": []any{map[string]any{"test_item": "甲醛含量", "method": "GB/T 2912.1-2009", "result": "20", "limit": "75", "unit": "mg/kg"},
			map[string]any{"test_item": "pH值", "result": "6.5", "limit": "4.0–8.5"}}})
	g.ids["lab-report"] = idOf(first)
	mine := g.must(200, "GET", "/api/v1/labs", "lab", nil)["items"].([]any)
	g.ids["lab-own"] = idOf(mine[0].(map[string]any))
	second := g.must(201, "POST", "/api/v1/labs/"+g.ids["lab"]+"/reports", "officer", map[string]any{"number": "XJ-2026-0302",
		"issued_on": "2026-03-02", "hs_code": "6110200000", "test_item": "甲醛含量", "result": "40", "limit": "75", "unit": "mg/kg", "conclusion": "pass"})
	g.must(201, "POST", "/api/v1/labs/"+g.ids["lab"]+"/crosschecks", "inspector", map[string]any{"report_id": first["id"], "customs_result": "pass",
		"items": []any{map[string]any{"test_item": "甲醛含量", "result": "22"}}, "reference": "长关检 2026-0311"})
	g.must(201, "POST", "/api/v1/labs/"+g.ids["lab"]+"/crosschecks", "inspector", map[string]any{"report_id": second["id"], "customs_result": "pass",
		"items": []any{map[string]any{"test_item": "甲醛含量", "result": "60"}}, "reference": "长关检 2026-0312"})
	// Risk monitoring: two points, a plan of two items approved with its
	// tasks, a passing sample, one awaiting its results and a failing one
	// that raised a signal; January's ceramics task, untaken, is overdue.
	liuyang := g.must(201, "POST", "/api/v1/monitoring/points", "officer", map[string]any{"code": "HN-FAC-01", "name": "浏阳花炮产业集聚区", "type": "factory",
		"prefecture": "430100", "county": "430181", "lat": 28.1428, "lon": 113.6431, "commodities": []string{"pyrotechnic-articles"}, "dept": "cs-customs"})
	g.ids["monitoring-point"] = idOf(liuyang)
	liling := g.must(201, "POST", "/api/v1/monitoring/points", "officer", map[string]any{"code": "HN-FAC-02", "name": "醴陵日用陶瓷产业园", "type": "factory",
		"prefecture": "430200", "county": "430281", "address": "醴陵市陶瓷科技工业园", "lat": 27.6459, "lon": 113.4968, "commodities": []string{"ceramic-tableware", "6912"}, "dept": "hn-amr"})
	mp := g.must(201, "POST", "/api/v1/monitoring/plans", "officer", map[string]any{"year": 2026, "title": "2026 年湖南省进出口商品质量安全风险监测计划",
		"items": []any{map[string]any{"commodity": "pyrotechnic-articles", "hazard": "burns", "test_items": []string{"药量", "燃放性能"}, "points": []any{liuyang["id"]},
			"quota": 1, "period": "quarter", "dept": "cs-customs", "source": "provincial"},
			map[string]any{"commodity": "ceramic-tableware", "hazard": "food-migration", "test_items": []string{"铅溶出量", "镉溶出量"}, "points": []any{liling["id"]},
				"quota": 1, "period": "month", "dept": "hn-amr", "report_days": 5, "source": "national"}}})
	g.ids["monitoring-plan"] = idOf(mp)
	g.must(200, "POST", "/api/v1/monitoring/plans/"+g.ids["monitoring-plan"]+"/approve", "approver", nil)
	g.must(201, "POST", "/api/v1/monitoring/samples", "inspector", map[string]any{"number": "HNJC-2026-0001", "plan_id": mp["id"], "item_no": 1, "point_id": liuyang["id"],
		"product": "组合烟花", "hs_code": "36041000", "lot": "LY-0210-1", "place": "成品仓库", "taken_at": "2026-02-10T02:00:00Z", "lab": "湖南省烟花爆竹产品质量监督检验中心",
		"results": []any{map[string]any{"test_item": "药量", "value": "186", "limit": "≤200", "unit": "g", "conclusion": "pass"},
			map[string]any{"test_item": "燃放性能", "value": "无异常", "limit": "无烧成团、无爆炸", "conclusion": "pass"}}})
	g.ids["monitoring-point-liling"] = idOf(liling)
	pendingSample := g.must(201, "POST", "/api/v1/monitoring/samples", "inspector", map[string]any{"number": "HNJC-2026-0002", "plan_id": mp["id"], "item_no": 2, "point_id": liling["id"],
		"product": "日用陶瓷盘", "hs_code": "69111011", "lot": "LL-0212-1", "place": "成品仓库", "taken_at": "2026-02-12T02:00:00Z", "lab": "湖南省产商品质量检验研究院"})
	failed := g.must(201, "POST", "/api/v1/monitoring/samples", "inspector", map[string]any{"number": "HNJC-2026-0003", "plan_id": mp["id"], "item_no": 2, "point_id": liling["id"],
		"product": "釉上彩陶瓷汤盘", "hs_code": "69111011", "lot": "LL-0305-7", "enterprise_uscc": g.ids["enterprise-uscc"], "place": "企业成品仓库（待出口）",
		"taken_at": "2026-03-05T02:00:00Z", "lab": "湖南省产商品质量检验研究院",
		"results": []any{map[string]any{"test_item": "铅溶出量", "value": "2.6", "limit": "≤0.8", "unit": "mg/dm²", "method": "GB 31604.34-2016", "conclusion": "fail"},
			map[string]any{"test_item": "镉溶出量", "value": "0.05", "limit": "≤0.07", "unit": "mg/dm²", "conclusion": "pass"}}})
	if failed["signal_id"] == nil {
		g.t.Fatalf("the failing sample raised no signal: %v", failed)
	}
	g.ids["monitoring-sample"] = idOf(failed)
	g.ids["monitoring-sample-pending"] = idOf(pendingSample)
	// The plan's tracker: 长沙海关 reports task 1 for the last quarter of
	// 2025, late, and for the quarter under way.
	g.must(201, "POST", "/api/v1/tracker/reports", "officer", map[string]any{"task": "T01", "unit": "cs-customs", "quarter": "2025Q4",
		"progress": "制定 2026 年风险监测计划并报批；浏阳、醴陵两个监测点完成布点。", "problems": "跨境电商监测点尚未建立。", "next": "一季度完成计划审批并开始抽样。"})
	g.must(201, "POST", "/api/v1/tracker/reports", "officer", map[string]any{"task": "T01", "unit": "cs-customs", "quarter": "2026Q1",
		"progress": "2026 年风险监测计划已批准，完成监测抽样 3 批，其中不合格 1 批已转风险信息。"})
	// Enforcement: a joint interview of the demo enterprise and a
	// platform, one commitment checked as met and one still open; a
	// penalty decision on the 湘潭 steel trader.
	usccOf := func(name string) string {
		items := g.must(200, "GET", "/api/v1/enterprises?q="+url.QueryEscape(name), "officer", nil)["items"].([]any)
		return items[0].(map[string]any)["uscc"].(string)
	}
	iv := g.must(201, "POST", "/api/v1/interviews", "officer", map[string]any{"reason": "repeated-nonconformity", "depts": []string{"hn-amr"},
		"held_on": "2026-03-02", "place": "长沙海关 5 楼约谈室", "minutes": "骰子造型打火机多批次无防止儿童开启装置，企业说明原因；平台说明在售链接情况。",
		"documents": []string{"约谈通知书 长关约〔2026〕2号"},
		"parties":   []any{map[string]any{"role": "manufacturer", "uscc": g.ids["enterprise-uscc"]}, map[string]any{"role": "platform", "uscc": usccOf("星城跨境")}},
		"commitments": []any{map[string]any{"party": 0, "text": "出口打火机全部加装防止儿童开启装置并送检", "deadline": "2026-03-20"},
			map[string]any{"party": 1, "text": "下架在售的骰子造型打火机链接", "deadline": "2026-03-10"}}})
	g.ids["interview"] = idOf(iv)
	g.must(200, "POST", "/api/v1/interviews/"+g.ids["interview"]+"/checks", "amr", map[string]any{"commitment": 2, "result": "met",
		"note": "经查，相关链接已于 3 月 6 日下架。", "checked_on": "2026-03-11", "rev": 1})
	g.ids["penalty"] = idOf(g.must(201, "POST", "/api/v1/penalties", "officer", map[string]any{"kind": "penalty", "enterprise_uscc": usccOf("湘潭钢铁"),
		"number": "长关缉违字〔2026〕5号", "decided_on": "2026-03-12", "legal_basis": "《中华人民共和国进出口商品检验法实施条例》第四十六条",
		"facts": "出口钢制品申报不实。", "amount": 30000, "severity": "general"}))
	// Traceability: the demo enterprise captures a lighter lot's chain
	// (making, packing, shipping to 长沙 port, on to an importer).
	doc, err := os.ReadFile("testdata/trace-lighters.jsonld")
	if err != nil {
		g.t.Fatal(err)
	}
	g.must(201, "POST", "/epcis/capture", "enterprise", json.RawMessage(doc))
	// The GLN register: the chain's hub is 长沙海关's port, its factory the firm.
	g.must(201, "POST", "/api/v1/trace/glns", "officer", map[string]any{"gln": "urn:epc:id:sgln:6905678.00002.0", "kind": "port", "port": "4900", "note": "长沙港"})
	g.must(201, "POST", "/api/v1/trace/glns", "officer", map[string]any{"gln": "urn:epc:id:sgln:6901234.00001.0", "kind": "enterprise", "uscc": usccOf("湘江烟花")})
	// TBT/SPS: the EU's notification on lighters (whose exports to DE the
	// firm declared today), an addendum extending its comment period, a
	// drafted comment and a study; a US notification on fireworks whose
	// comments close within the fortnight; the firm's subscription.
	g.ids["tbt"] = idOf(g.must(201, "POST", "/api/v1/tbt/notifications", "officer", map[string]any{"symbol": "G/TBT/N/EU/1140", "member": "EU",
		"date": "2026-01-26", "hs_codes": []string{"9613.10", "961380"}, "ics_codes": []string{"97.180"}, "title": "Commission Decision on child-resistance of lighters",
		"products": "Disposable and novelty lighters", "objective": "Protection of human health or safety (children)", "adoption": "Second quarter 2026",
		"entry_into_force": "20 days after publication", "comment_deadline": "2026-03-27",
		"documents": []any{map[string]any{"title": "Draft decision", "url": "https://docs.wto.org/edl/G-TBT-N-EU-1140.pdf"}}}))
	g.must(201, "POST", "/api/v1/tbt/notifications", "officer", map[string]any{"symbol": "G/TBT/N/EU/1140/Add.1", "date": "2026-03-10",
		"comment_deadline": "2026-04-24", "title": "Comment period extended"})
	g.must(200, "POST", "/api/v1/tbt/notifications/"+g.ids["tbt"]+"/comment", "officer", map[string]any{"text": "建议对已加装防止儿童开启装置的产品给予 12 个月过渡期。"})
	g.ids["tbt-us"] = idOf(g.must(201, "POST", "/api/v1/tbt/notifications", "officer", map[string]any{"symbol": "G/TBT/N/USA/2101", "member": "US",
		"date": "2026-01-27", "hs_codes": []string{"3604"}, "title": "Fireworks devices; proposed rule", "comment_deadline": "2026-03-28"}))
	g.must(201, "POST", "/api/v1/tbt/subscriptions", "enterprise", map[string]any{"hs_codes": []string{"9613"}, "members": []string{"EU", "US"}})
	g.ids["tbt-study"] = idOf(g.must(201, "POST", "/api/v1/tbt/studies", "officer", map[string]any{"notification_id": json.Number(g.ids["tbt"]),
		"title": "欧盟打火机防儿童开启决定对湖南打火机出口的影响"}))
	// Port emergencies: a solid waste plan of three levels; an incident
	// opened by hand at 较大 by its criteria, one task done and an action
	// recorded; a drill whose day has passed, not yet run.
	g.ids["emergency-plan"] = idOf(g.must(201, "POST", "/api/v1/emergency/plans", "officer", map[string]any{
		"title": "进口固体废物口岸应急处置预案", "hazard": "solid-waste", "lead": "hn-port", "basis": "湘政发〔2019〕4号第 14 项",
		"levels": []any{
			map[string]any{"level": "II", "triggers": []any{map[string]any{"fact": "tonnes", "min": 500, "text": "固体废物 500 吨以上"}},
				"actions": []any{map[string]any{"text": "启动省级应急指挥部", "dept": "hn-port", "within": 2, "unit": "hours"}}},
			map[string]any{"level": "III", "triggers": []any{map[string]any{"fact": "tonnes", "min": 100, "text": "固体废物 100 吨以上"}},
				"actions": []any{map[string]any{"text": "扣留货物，取样鉴别", "dept": "cs-customs", "within": 1, "unit": "workdays"},
					map[string]any{"text": "现场环境监测", "dept": "hn-ecoenv", "within": 1, "unit": "workdays"}}},
			map[string]any{"level": "IV", "actions": []any{map[string]any{"text": "口岸现场扣留并报告", "dept": "cs-customs", "within": 2, "unit": "hours"}}}},
		"roles":     []any{map[string]any{"dept": "cs-customs", "tier": "field", "duty": "查验、扣留、鉴别、退运"}, map[string]any{"dept": "hn-ecoenv", "tier": "command", "duty": "环境风险评估"}},
		"contacts":  []any{map[string]any{"dept": "hn-port", "name": "值班室", "title": "24 小时值班", "phone": "0731-82218000"}},
		"resources": []any{map[string]any{"name": "防渗漏围堰", "location": "城陵矶港查验场", "quantity": 40, "unit": "套", "owner": "cs-customs", "checked_on": "2025-09-01", "next_check": "2026-03-01"}}}))
	inc := g.must(201, "POST", "/api/v1/emergency/incidents", "officer", map[string]any{"plan_id": json.Number(g.ids["emergency-plan"]),
		"title": "进口再生铜原料夹带固体废物", "description": "查验发现夹带废电路板约 150 吨。", "source": "manual", "port": "4900",
		"facts": map[string]any{"tonnes": 150, "lots": 2}})
	g.ids["emergency-incident"] = idOf(inc)
	inc = g.must(200, "POST", "/api/v1/emergency/incidents/"+g.ids["emergency-incident"]+"/tasks", "officer", map[string]any{"seq": 1, "note": "已扣留，取样送检。", "rev": inc["rev"]})
	g.must(200, "POST", "/api/v1/emergency/incidents/"+g.ids["emergency-incident"]+"/actions", "officer", map[string]any{"text": "通知收货人到场。", "rev": inc["rev"]})
	g.ids["emergency-drill"] = idOf(g.must(201, "POST", "/api/v1/emergency/drills", "officer", map[string]any{"plan_id": json.Number(g.ids["emergency-plan"]),
		"port": "4900", "scheduled_on": "2026-03-13", "scenario": "集装箱夹带废塑料约 600 吨。", "facts": map[string]any{"tonnes": 600}}))
	g.panelRecords()
}

// panelRecords makes the assessment profiles and the expert panel: the
// administrator's food profile (active) and a draft of its version 2, the
// register's experts (one signed in as the inspector, one with a conflict
// on the food importer), and the food case's serious assessment whose
// panel has one opinion recorded and waits for the inspector's.
func (g *golden) panelRecords() {
	g.t.Helper()
	levels := func(ls ...string) []string { return ls }
	food := map[string]any{"name": "food-2026", "title_zh": "进出口食品风险矩阵", "title_en": "Import and export food risk matrix", "severities": 3,
		"definitions": []any{map[string]any{"zh": "轻微不适，可自行恢复", "en": "mild discomfort, self-limiting"},
			map[string]any{"zh": "需就医的急性健康损害", "en": "acute harm needing medical care"},
			map[string]any{"zh": "致死、致癌或不可逆损害", "en": "fatal, carcinogenic or irreversible harm"}},
		"rows": []any{map[string]any{"min": "1/100", "max": "1", "levels": levels("medium", "serious", "serious")},
			map[string]any{"min": "1/10000", "max": "1/100", "levels": levels("low", "high", "serious")},
			map[string]any{"min": "0", "max": "1/10000", "levels": levels("low", "medium", "high")}},
		"panel_levels": levels("serious", "high"), "note": "食品类产品首版矩阵"}
	g.must(201, "POST", "/api/v1/assessment-profiles", "admin", food)
	g.must(200, "POST", "/api/v1/assessment-profiles/food-2026/versions/1/activate", "admin", map[string]any{})
	food["rows"].([]any)[1].(map[string]any)["levels"] = levels("medium", "high", "serious")
	food["note"] = "低概率区间轻微伤害上调为中风险"
	g.must(201, "POST", "/api/v1/assessment-profiles", "admin", food)
	inspector := g.must(200, "GET", "/api/v1/me", "inspector", nil)
	importer := g.must(200, "GET", "/api/v1/enterprises?q="+url.QueryEscape("雁城食品"), "officer", nil)["items"].([]any)[0].(map[string]any)["uscc"].(string)
	zhou := g.must(201, "POST", "/api/v1/experts", "admin", map[string]any{"name": "周晓岚", "field": "food_safety", "organisation": "长沙海关技术中心",
		"title": "研究员", "user_id": inspector["id"]})
	g.ids["expert"] = idOf(zhou)
	wu := g.must(201, "POST", "/api/v1/experts", "admin", map[string]any{"name": "吴建国", "field": "risk_methods", "organisation": "中南大学公共卫生学院", "title": "教授"})
	liu := g.must(201, "POST", "/api/v1/experts", "admin", map[string]any{"name": "刘文彬", "field": "food_safety", "organisation": "湖南省食品行业协会", "title": "高级工程师",
		"conflicts": []any{map[string]any{"uscc": importer, "name": "衡阳雁城食品进出口有限公司", "reason": "技术顾问"}}})
	sig := g.must(200, "POST", "/api/v1/signals", "officer", map[string]any{"items": []any{map[string]any{"channel": "12315", "external_ref": "12315-GOLDEN-FOOD",
		"received_at": "2026-03-10T02:00:00Z", "region": "430405", "hazard": "food-mycotoxins", "description": "进口花生酱抽检黄曲霉毒素 B1 超标。",
		"product": map[string]any{"name": "花生酱", "hs_code": "2008111000", "uscc": importer}}}})
	sigID := sig["items"].([]any)[0].(map[string]any)["id"]
	c := g.must(201, "POST", "/api/v1/cases", "officer", map[string]any{"title": "进口花生酱黄曲霉毒素超标", "signal_ids": []any{sigID}})
	x := g.must(201, "POST", "/api/v1/cases/"+idOf(c)+"/assessments", "officer", map[string]any{"profile": "food-2026", "product": "进口花生酱（批次 HY-0301）",
		"assessor": "李敏", "organisation": "长沙海关", "scenarios": []any{map[string]any{"description": "长期食用黄曲霉毒素超标花生酱", "hazard": "food-mycotoxins",
			"population": "一般消费者", "injury": "肝损害、致癌", "severity": 3, "steps": []any{map[string]any{"description": "购买并长期食用", "probability": "1/20"}}}}})
	g.ids["panel-assessment"] = idOf(x)
	g.must(200, "POST", "/api/v1/assessments/"+idOf(x)+"/submit", "officer", map[string]any{"rev": x["rev"]})
	for _, e := range []map[string]any{zhou, wu} {
		g.must(201, "POST", "/api/v1/assessments/"+idOf(x)+"/panel/members", "officer", map[string]any{"expert_id": e["id"]})
	}
	g.must(409, "POST", "/api/v1/assessments/"+idOf(x)+"/panel/members", "officer", map[string]any{"expert_id": liu["id"]})
	g.must(200, "POST", "/api/v1/assessments/"+idOf(x)+"/panel/opinions", "officer", map[string]any{"expert_id": wu["id"], "stance": "amend",
		"opinion": "暴露概率取值偏保守，但不影响严重风险结论。"})
}

// login signs a demo account in on the page language lang and returns
// its client.
func (g *golden) login(login, lang string) *http.Client {
	g.t.Helper()
	c := g.client(login, lang)
	get := func(path string) string {
		resp, err := c.Get(g.ts.URL + path)
		if err != nil {
			g.t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if login != "" {
		m := csrfRE.FindStringSubmatch(get("/login"))
		if m == nil {
			g.t.Fatal("the sign-in form has no CSRF token")
		}
		resp, err := c.PostForm(g.ts.URL+"/login", url.Values{"csrf": {m[1]}, "login": {login}, "password": {password(login)}, "next": {"/"}})
		if err != nil {
			g.t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			g.t.Fatalf("login %s: %d", login, resp.StatusCode)
		}
	}
	if lang != "" {
		get("/lang/" + lang + "?next=/")
	}
	return c
}

// goldenCase is one golden file: what is fetched, by whom.
type goldenCase struct {
	name  string // the file: testdata/<kind>/<name>.golden
	login string // the role that uses it; "" for the public
	lang  string // pages: "zh" or "en"
	path  string
}

// apiCases are the API's resources, one golden each, fetched as the role
// that uses them.
func (g *golden) apiCases() []goldenCase {
	id := g.ids
	return []goldenCase{
		{name: "me", login: "officer", path: "/api/v1/me"},
		{name: "me-enterprise", login: "enterprise", path: "/api/v1/me"},
		{name: "workbench-officer", login: "officer", path: "/api/v1/workbench"},
		{name: "workbench-approver", login: "approver", path: "/api/v1/workbench"},
		{name: "workbench-inspector", login: "inspector", path: "/api/v1/workbench"},
		{name: "workbench-enterprise", login: "enterprise", path: "/api/v1/workbench"},
		{name: "catalog", path: "/api/v1/catalog"},
		{name: "catalog-departments", path: "/api/v1/catalog/departments"},
		{name: "catalog-hs-search", path: "/api/v1/catalog/hs?q=" + url.QueryEscape("打火机")},
		{name: "uscc", path: "/api/v1/ids/uscc/" + id["uscc"]},
		{name: "recalls", login: "officer", path: "/api/v1/recalls"},
		{name: "recalls-enterprise", login: "enterprise", path: "/api/v1/recalls"},
		{name: "recall", login: "officer", path: "/api/v1/recalls/" + id["recall"]},
		{name: "recall-progress", login: "enterprise", path: "/api/v1/recalls/" + id["recall"] + "/progress"},
		{name: "public-recalls", path: "/api/v1/public/recalls"},
		{name: "reminders", login: "officer", path: "/api/v1/reminders"},
		{name: "reminder-settings", login: "enterprise", path: "/api/v1/me/reminder-settings"},
		{name: "petitions", login: "officer", path: "/api/v1/petitions"},
		{name: "petitions-enterprise", login: "enterprise", path: "/api/v1/petitions"},
		{name: "petition", login: "enterprise", path: "/api/v1/petitions/" + id["petition"]},
		{name: "answers", login: "officer", path: "/api/v1/answers"},
		{name: "warning-answers", login: "enterprise", path: "/api/v1/warnings/" + id["warning-notice"] + "/answers"},
		{name: "answer", login: "enterprise", path: "/api/v1/answers/" + id["answer"]},
		{name: "self-declarations", login: "officer", path: "/api/v1/self-declarations"},
		{name: "self-declaration", login: "enterprise", path: "/api/v1/self-declarations/" + id["self-declaration"]},
		{name: "calendar_workdays", path: "/api/v1/calendar/workdays?from=2026-09-30&days=2"},
		{name: "calendar_years", path: "/api/v1/calendar/years"},
		{name: "enterprises", login: "officer", path: "/api/v1/enterprises"},
		{name: "enterprise", login: "officer", path: "/api/v1/enterprises/" + id["enterprise"]},
		{name: "signals", login: "officer", path: "/api/v1/signals?limit=10"},
		{name: "signal", login: "officer", path: "/api/v1/signals/" + id["signal"]},
		{name: "signal-suggestions", login: "officer", path: "/api/v1/signals/" + id["signal-12315"] + "/suggestions"},
		{name: "cases", login: "officer", path: "/api/v1/cases"},
		{name: "case", login: "officer", path: "/api/v1/cases/" + id["case"]},
		{name: "case-assessments", login: "officer", path: "/api/v1/cases/" + id["case"] + "/assessments"},
		{name: "case-warnings", login: "officer", path: "/api/v1/cases/" + id["case"] + "/warnings"},
		{name: "assessment", login: "officer", path: "/api/v1/assessments/" + id["assessment"]},
		{name: "warnings", login: "officer", path: "/api/v1/warnings"},
		{name: "warning-bulletin", login: "officer", path: "/api/v1/warnings/" + id["warning-bulletin"]},
		{name: "warning-announcement", login: "officer", path: "/api/v1/warnings/" + id["warning-announcement"]},
		{name: "warning-notice", login: "enterprise", path: "/api/v1/warnings/" + id["warning-notice"]},
		{name: "warning-referred", login: "approver", path: "/api/v1/warnings/" + id["warning-referred"]},
		{name: "warning-measures", login: "officer", path: "/api/v1/warnings/" + id["warning-bulletin"] + "/measures"},
		{name: "warning-followups", login: "officer", path: "/api/v1/warnings/" + id["warning-bulletin"] + "/followups"},
		{name: "warning-measure-proposal", login: "officer", path: "/api/v1/warnings/" + id["warning-pending"] + "/measures/proposal"},
		{name: "measure", login: "officer", path: "/api/v1/measures/" + id["measure"]},
		{name: "warning-rules", login: "admin", path: "/api/v1/warning-rules"},
		{name: "measure-bundles", login: "admin", path: "/api/v1/measure-bundles"},
		{name: "tasks", login: "officer", path: "/api/v1/tasks"},
		{name: "inbox-officer", login: "officer", path: "/api/v1/inbox"},
		{name: "inbox-enterprise", login: "enterprise", path: "/api/v1/inbox"},
		{name: "inspection", login: "inspector", path: "/api/v1/inspections/" + id["inspection"]},
		{name: "declarations", login: "inspector", path: "/api/v1/declarations"},
		{name: "contingency", login: "inspector", path: "/api/v1/contingency"},
		{name: "declaration", login: "inspector", path: "/api/v1/declarations/" + id["declaration"]},
		{name: "declaration-results", login: "inspector", path: "/api/v1/declarations/" + id["declaration"] + "/results"},
		{name: "screening-stats", login: "officer", path: "/api/v1/screening/stats"},
		{name: "credit-rates", login: "officer", path: "/api/v1/screening/credit-rates"},
		{name: "detectors", login: "officer", path: "/api/v1/detectors"},
		{name: "detector", login: "officer", path: "/api/v1/detectors/" + id["detector"]},
		{name: "detector-series", login: "officer", path: "/api/v1/detectors/" + id["detector"] + "/series?group=" + url.QueryEscape("hs_heading=9613")},
		{name: "alarms", login: "officer", path: "/api/v1/detection/alarms"},
		{name: "matches", login: "officer", path: "/api/v1/matches"},
		{name: "injuries", login: "officer", path: "/api/v1/injuries"},
		{name: "reports", login: "officer", path: "/api/v1/reports"},
		{name: "report", login: "officer", path: "/api/v1/reports/" + id["report"]},
		{name: "public-announcements", path: "/api/v1/public/announcements"},
		{name: "public-search", path: "/api/v1/public/search?q=" + url.QueryEscape("打火机")},
		{name: "complaint-status", path: "/api/v1/public/complaints/" + id["complaint"]},
		{name: "audit", login: "admin", path: "/api/v1/audit?limit=30"},
		{name: "dossier", login: "officer", path: "/api/v1/enterprises/" + id["enterprise"] + "/dossier"},
		{name: "credit-events", login: "officer", path: "/api/v1/credit/events"},
		{name: "credit-events-enterprise", login: "enterprise", path: "/api/v1/credit/events"},
		{name: "credit-event", login: "officer", path: "/api/v1/credit/events/" + id["credit-event"]},
		{name: "credit-firm", login: "enterprise", path: "/api/v1/credit/firms/" + id["enterprise"]},
		{name: "credit-rules", login: "officer", path: "/api/v1/credit/rules"},
		{name: "credit-repairs", login: "approver", path: "/api/v1/credit/repairs"},
		{name: "credit-repair", login: "approver", path: "/api/v1/credit/repairs/" + id["credit-repair"]},
		{name: "credit-list", login: "officer", path: "/api/v1/credit/lists/dishonest"},
		{name: "credit-list-changes", login: "officer", path: "/api/v1/credit/lists/dishonest/changes"},
		{name: "public-credit", path: "/api/v1/public/credit"},
		{name: "labs", login: "officer", path: "/api/v1/labs"},
		{name: "lab", login: "officer", path: "/api/v1/labs/" + id["lab"]},
		{name: "lab-reports", login: "officer", path: "/api/v1/labs/" + id["lab"] + "/reports"},
		{name: "lab-crosschecks", login: "officer", path: "/api/v1/labs/" + id["lab"] + "/crosschecks"},
		{name: "lab-changes", login: "officer", path: "/api/v1/labs/" + id["lab"] + "/changes"},
		{name: "lab-reports-search", login: "officer", path: "/api/v1/lab-reports?hs=61"},
		{name: "lab-report", login: "officer", path: "/api/v1/lab-reports/" + id["lab-report"]},
		{name: "lab-rules", login: "officer", path: "/api/v1/lab-rules"},
		{name: "labs-lab", login: "lab", path: "/api/v1/labs"},
		{name: "monitoring-points", login: "officer", path: "/api/v1/monitoring/points"},
		{name: "monitoring-point", login: "officer", path: "/api/v1/monitoring/points/" + id["monitoring-point"]},
		{name: "monitoring-plans", login: "approver", path: "/api/v1/monitoring/plans"},
		{name: "monitoring-plan", login: "officer", path: "/api/v1/monitoring/plans/" + id["monitoring-plan"]},
		{name: "monitoring-plan-versions", login: "officer", path: "/api/v1/monitoring/plans/" + id["monitoring-plan"] + "/versions"},
		{name: "monitoring-proposals", login: "approver", path: "/api/v1/monitoring/plans/" + id["monitoring-plan"] + "/proposals"},
		{name: "monitoring-tasks-overdue", login: "officer", path: "/api/v1/monitoring/tasks?overdue=1"},
		{name: "monitoring-samples", login: "inspector", path: "/api/v1/monitoring/samples"},
		{name: "monitoring-sample", login: "officer", path: "/api/v1/monitoring/samples/" + id["monitoring-sample"]},
		{name: "tracker-tasks", login: "officer", path: "/api/v1/tracker/tasks"},
		{name: "tracker-task", login: "approver", path: "/api/v1/tracker/tasks/T01"},
		{name: "interviews", login: "officer", path: "/api/v1/interviews"},
		{name: "interviews-enterprise", login: "enterprise", path: "/api/v1/interviews"},
		{name: "interview", login: "officer", path: "/api/v1/interviews/" + id["interview"]},
		{name: "penalties", login: "officer", path: "/api/v1/penalties"},
		{name: "penalty", login: "officer", path: "/api/v1/penalties/" + id["penalty"]},
		{name: "epcis-events", login: "officer", path: "/epcis/events?MATCH_anyEPC=urn:epc:id:sscc:6901234.0000000001&perPage=2"},
		{name: "trace-forward", login: "officer", path: "/api/v1/trace/forward?id=urn:epc:class:lgtin:6901234.022222.L2026"},
		{name: "trace-backward", login: "inspector", path: "/api/v1/trace/backward?id=urn:epc:id:sscc:6901234.0000000001&to=2026-03-05"},
		{name: "emergency-plans", login: "officer", path: "/api/v1/emergency/plans"},
		{name: "emergency-plan", login: "officer", path: "/api/v1/emergency/plans/" + id["emergency-plan"]},
		{name: "emergency-incidents", login: "officer", path: "/api/v1/emergency/incidents"},
		{name: "emergency-incident", login: "officer", path: "/api/v1/emergency/incidents/" + id["emergency-incident"]},
		{name: "emergency-drills", login: "officer", path: "/api/v1/emergency/drills?overdue=1"},
		{name: "emergency-drill", login: "officer", path: "/api/v1/emergency/drills/" + id["emergency-drill"]},
		{name: "trace-scope", login: "officer", path: "/api/v1/trace/scope?id=urn:epc:class:lgtin:6901234.022222.L2026"},
		{name: "trace-glns", login: "inspector", path: "/api/v1/trace/glns"},
		{name: "tbt-notifications", login: "officer", path: "/api/v1/tbt/notifications?later=1"},
		{name: "assessment-profiles", login: "officer", path: "/api/v1/assessment-profiles"},
		{name: "assessment-profile", login: "admin", path: "/api/v1/assessment-profiles/food-2026"},
		{name: "assessment-profile-version", login: "officer", path: "/api/v1/assessment-profiles/rag-2019/versions/1"},
		{name: "experts", login: "officer", path: "/api/v1/experts"},
		{name: "expert", login: "admin", path: "/api/v1/experts/" + id["expert"]},
		{name: "assessment-panel", login: "approver", path: "/api/v1/assessments/" + id["panel-assessment"] + "/panel"},
		{name: "reviews", login: "inspector", path: "/api/v1/reviews"},
		{name: "tbt-notification", login: "officer", path: "/api/v1/tbt/notifications/" + id["tbt"]},
		{name: "tbt-impact", login: "officer", path: "/api/v1/tbt/notifications/" + id["tbt"] + "/impact"},
		{name: "tbt-subscriptions", login: "enterprise", path: "/api/v1/tbt/subscriptions"},
		{name: "tbt-studies", login: "officer", path: "/api/v1/tbt/studies"},
		{name: "tbt-study", login: "officer", path: "/api/v1/tbt/studies/" + id["tbt-study"]},
	}
}

// goldenSkipped are the GET routes of the API without a golden, and why.
var goldenSkipped = map[string]string{
	"GET /api/v1/signals/{id}/attachments/{aid}": "a file as it was uploaded, not a resource",
	"GET /api/v1/answers/{id}/attachments/{aid}": "a file as it was uploaded, not a resource",
	"GET /api/v1/trace/export":                   "a spreadsheet, not JSON: TestEPCISOverHTTP checks its rows",
}

// pageCases are one page per resource, in Chinese, and a few in English.
func (g *golden) pageCases() []goldenCase {
	id := g.ids
	out := []goldenCase{}
	for _, acc := range demo.Accounts {
		out = append(out, goldenCase{name: "workbench-" + acc.Login, login: acc.Login, path: "/"})
	}
	out = append(out, []goldenCase{
		{name: "signals", login: "officer", path: "/signals"},
		{name: "signal", login: "officer", path: "/signals/" + id["signal"]},
		{name: "case", login: "officer", path: "/cases/" + id["case"]},
		{name: "assessment", login: "officer", path: "/assessments/" + id["assessment"]},
		{name: "warning-bulletin", login: "officer", path: "/warnings/" + id["warning-bulletin"]},
		{name: "warning-bulletin-recipient", login: "amr", path: "/warnings/" + id["warning-bulletin"]},
		{name: "warning-announcement", login: "officer", path: "/warnings/" + id["warning-announcement"]},
		{name: "warning-notice", login: "officer", path: "/warnings/" + id["warning-notice"]},
		{name: "warning-referred", login: "approver", path: "/warnings/" + id["warning-referred"]},
		{name: "approvals", login: "approver", path: "/approvals"},
		{name: "tasks", login: "officer", path: "/tasks"},
		{name: "inbox-officer", login: "officer", path: "/inbox"},
		{name: "inbox-enterprise", login: "enterprise", path: "/inbox"},
		{name: "submissions", login: "enterprise", path: "/submissions"},
		{name: "declarations", login: "inspector", path: "/declarations"},
		{name: "declaration", login: "inspector", path: "/declarations/" + id["declaration"]},
		{name: "screening-form", login: "inspector", path: "/declarations/screen"},
		{name: "screening-stats", login: "officer", path: "/declarations/stats"},
		{name: "detection", login: "officer", path: "/detection"},
		{name: "detector", login: "officer", path: "/detection/" + id["detector"]},
		{name: "matching", login: "officer", path: "/matching"},
		{name: "matching-tied", login: "officer", path: "/matching?status=tied"},
		{name: "injuries", login: "officer", path: "/injuries"},
		{name: "reports", login: "officer", path: "/reports"},
		{name: "report", login: "officer", path: "/reports/" + id["report"]},
		{name: "enterprises", login: "officer", path: "/enterprises"},
		{name: "enterprise", login: "officer", path: "/enterprises/" + id["enterprise"]},
		{name: "public", path: "/public"},
		{name: "public-announcement", path: "/public/announcements/" + id["warning-announcement"]},
		{name: "public-search", path: "/public?q=" + url.QueryEscape("打火机")},
		{name: "subscribe", path: "/public/subscribe"},
		{name: "complaint-form", path: "/public/complaints/new"},
		{name: "complaint-status", path: "/public/complaints/" + id["complaint"]},
		{name: "catalogs", path: "/catalogs"},
		{name: "users", login: "admin", path: "/admin/users"},
		{name: "audit", login: "admin", path: "/admin/audit?limit=30"},
		{name: "tokens", login: "admin", path: "/admin/tokens"},
		{name: "calendar", login: "admin", path: "/admin/calendar"},
		{name: "recalls", login: "officer", path: "/recalls"},
		{name: "trace", login: "officer", path: "/trace?id=urn:epc:class:lgtin:6901234.022222.L2026"},
		{name: "trace-backward-en", login: "inspector", lang: "en", path: "/trace?direction=backward&id=" + url.QueryEscape("https://id.gs1.org/00/069012340000000016")},
		{name: "recall", login: "officer", path: "/recalls/" + g.ids["recall"]},
		{name: "recall-trace", login: "officer", path: "/recalls/" + g.ids["recall"] + "/trace?id=urn:epc:class:lgtin:6901234.022222.L2026"},
		{name: "warning-trace", login: "officer", path: "/warnings/" + g.ids["warning-bulletin"] + "/trace?id=urn:epc:class:lgtin:6901234.022222.L2026"},
		{name: "trace-glns", login: "officer", path: "/trace/glns"},
		{name: "trace-capture", login: "enterprise", path: "/trace/capture"},
		{name: "recall-new", login: "enterprise", path: "/recalls/new"},
		{name: "reminders", login: "officer", path: "/reminders"},
		{name: "answers", login: "officer", path: "/answers"},
		{name: "answer", login: "officer", path: "/answers/" + g.ids["answer"]},
		{name: "answer-enterprise", login: "enterprise", path: "/answers/" + g.ids["answer"]},
		{name: "self-declarations", login: "enterprise", path: "/self-declarations"},
		{name: "self-declaration", login: "officer", path: "/self-declarations/" + g.ids["self-declaration"]},
		{name: "public-recalls", path: "/public/recalls"},
		{name: "public-recall", path: "/public/recalls/" + g.ids["recall"]},
		{name: "petitions", login: "officer", path: "/petitions"},
		{name: "petition", login: "officer", path: "/petitions/" + g.ids["petition"]},
		{name: "petition-enterprise", login: "enterprise", path: "/petitions/" + g.ids["petition"]},
		{name: "petition-new", login: "enterprise", path: "/petitions/new?warning=" + g.ids["warning-notice"]},
		{name: "password", login: "officer", path: "/account/password"},
		{name: "credit", login: "officer", path: "/credit"},
		{name: "credit-firm", login: "approver", path: "/credit/firms/" + g.ids["enterprise"]},
		{name: "credit-firm-enterprise", login: "enterprise", path: "/credit/firms/" + g.ids["enterprise"]},
		{name: "credit-event-new", login: "officer", path: "/credit/events/new"},
		{name: "credit-repairs", login: "approver", path: "/credit/repairs"},
		{name: "credit-repair", login: "approver", path: "/credit/repairs/" + g.ids["credit-repair"]},
		{name: "credit-rules", login: "admin", path: "/admin/credit-rules"},
		{name: "public-credit", path: "/public/credit"},
		{name: "labs", login: "officer", path: "/labs"},
		{name: "lab", login: "officer", path: "/labs/" + g.ids["lab"]},
		{name: "lab-own", login: "lab", path: "/labs/" + g.ids["lab-own"]},
		{name: "lab-reports", login: "inspector", path: "/labs/reports"},
		{name: "monitoring-points", login: "officer", path: "/monitoring/points"},
		{name: "monitoring-plans", login: "approver", path: "/monitoring/plans"},
		{name: "monitoring-plan", login: "officer", path: "/monitoring/plans/" + g.ids["monitoring-plan"]},
		{name: "monitoring-plan-approver", login: "approver", path: "/monitoring/plans/" + g.ids["monitoring-plan"]},
		{name: "monitoring-tasks", login: "inspector", path: "/monitoring/tasks"},
		{name: "monitoring-point-new", login: "officer", path: "/monitoring/points/new"},
		{name: "monitoring-plan-new", login: "officer", path: "/monitoring/plans/new"},
		{name: "monitoring-samples", login: "inspector", path: "/monitoring/samples"},
		{name: "monitoring-sample", login: "officer", path: "/monitoring/samples/" + g.ids["monitoring-sample"]},
		{name: "monitoring-sample-pending", login: "inspector", path: "/monitoring/samples/" + g.ids["monitoring-sample-pending"]},
		{name: "monitoring-sample-new", login: "inspector", path: "/monitoring/samples/new?plan=" + g.ids["monitoring-plan"] + "&item=2&point=" + g.ids["monitoring-point-liling"]},
		{name: "tracker", login: "approver", path: "/tracker"},
		{name: "tracker-task", login: "officer", path: "/tracker/tasks/T01"},
		{name: "tracker-report-new", login: "officer", path: "/tracker/tasks/T02/report"},
		{name: "interviews", login: "officer", path: "/interviews"},
		{name: "interview", login: "amr", path: "/interviews/" + g.ids["interview"]},
		{name: "interview-enterprise", login: "enterprise", path: "/interviews/" + g.ids["interview"]},
		{name: "interview-new", login: "officer", path: "/interviews/new"},
		{name: "penalties", login: "officer", path: "/penalties"},
		{name: "penalty", login: "officer", path: "/penalties/" + g.ids["penalty"]},
		{name: "penalty-new", login: "officer", path: "/penalties/new"},
		{name: "emergency", login: "officer", path: "/emergency"},
		{name: "emergency-plan", login: "officer", path: "/emergency/plans/" + g.ids["emergency-plan"]},
		{name: "emergency-plan-new", login: "officer", path: "/emergency/plans/new"},
		{name: "emergency-plan-edit", login: "officer", path: "/emergency/plans/" + g.ids["emergency-plan"] + "/edit"},
		{name: "emergency-incidents", login: "officer", path: "/emergency/incidents"},
		{name: "emergency-incident", login: "officer", path: "/emergency/incidents/" + g.ids["emergency-incident"]},
		{name: "emergency-incident-new", login: "inspector", path: "/emergency/incidents/new?source=hold&declaration=490020260316000101"},
		{name: "emergency-drills", login: "approver", path: "/emergency/drills"},
		{name: "emergency-drill", login: "officer", path: "/emergency/drills/" + g.ids["emergency-drill"]},
		{name: "tbt", login: "officer", path: "/tbt"},
		{name: "profiles", login: "admin", path: "/admin/profiles"},
		{name: "profile", login: "admin", path: "/admin/profiles/food-2026"},
		{name: "profile-edit", login: "admin", path: "/admin/profiles/food-2026/edit"},
		{name: "experts", login: "officer", path: "/experts"},
		{name: "expert", login: "admin", path: "/experts/" + g.ids["expert"]},
		{name: "reviews", login: "inspector", path: "/reviews"},
		{name: "assessment-panel", login: "approver", path: "/assessments/" + g.ids["panel-assessment"]},
		{name: "assessment-panel-officer", login: "officer", path: "/assessments/" + g.ids["panel-assessment"]},
		{name: "tbt-enterprise", login: "enterprise", path: "/tbt"},
		{name: "tbt-show", login: "officer", path: "/tbt/" + g.ids["tbt"]},
		{name: "tbt-new", login: "officer", path: "/tbt/new"},
		{name: "tbt-import", login: "officer", path: "/tbt/import"},
		{name: "tbt-studies", login: "officer", path: "/tbt/studies"},
		{name: "tbt-study", login: "officer", path: "/tbt/studies/" + g.ids["tbt-study"]},
		// English, for the pages most read in it.
		{name: "en-workbench-officer", login: "officer", lang: "en", path: "/"},
		{name: "en-signal", login: "officer", lang: "en", path: "/signals/" + id["signal"]},
		{name: "en-warning-bulletin", login: "officer", lang: "en", path: "/warnings/" + id["warning-bulletin"]},
		{name: "en-public", lang: "en", path: "/public"},
		{name: "en-public-announcement", lang: "en", path: "/public/announcements/" + id["warning-announcement"]},
	}...)
	return out
}

// TestGolden compares the API's JSON and the pages' visible text with the
// golden files (see the file comment; -update rewrites them).
func TestGolden(t *testing.T) {
	g := newGolden(t)
	g.lookUp()
	apis, pages := g.apiCases(), g.pageCases()
	// Every browser signs in first, so that no golden depends on which
	// was read before which sign-in.
	clients := map[string]*http.Client{}
	for _, c := range pages {
		if k := c.login + "/" + c.lang; clients[k] == nil {
			clients[k] = g.login(c.login, c.lang)
		}
	}
	written := map[string]bool{}
	t.Run("api", func(t *testing.T) {
		for _, c := range apis {
			t.Run(c.name, func(t *testing.T) {
				code, body := g.call("GET", c.path, c.login, nil)
				if code != http.StatusOK {
					t.Fatalf("GET %s as %q: %d: %s", c.path, c.login, code, body)
				}
				file := filepath.Join("testdata", "api", c.name+".golden")
				written[file] = true
				compareGolden(t, file, goldenJSON(t, body))
			})
		}
	})
	t.Run("pages", func(t *testing.T) {
		for _, c := range pages {
			t.Run(c.name, func(t *testing.T) {
				resp, err := clients[c.login+"/"+c.lang].Get(g.ts.URL + c.path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s as %q: %d: %.300s", c.path, c.login, resp.StatusCode, body)
				}
				file := filepath.Join("testdata", "pages", c.name+".golden")
				written[file] = true
				compareGolden(t, file, goldenText(t, string(body)))
			})
		}
	})
	t.Run("coverage", func(t *testing.T) {
		// Each GET route of the API has a golden, or says in
		// goldenSkipped why not: a new route must add one.
		mux := http.NewServeMux()
		var routes []string
		for _, rt := range g.srv.APIRoutes() {
			if strings.HasPrefix(rt, "GET ") {
				routes = append(routes, rt)
				mux.Handle(rt, http.NotFoundHandler())
			}
		}
		covered := map[string]bool{}
		for _, c := range apis {
			req := httptest.NewRequest("GET", c.path, nil)
			_, pattern := mux.Handler(req)
			if pattern == "" {
				t.Errorf("golden %s: %s is no GET route of the API", c.name, c.path)
			}
			covered[pattern] = true
		}
		for _, rt := range routes {
			_, skipped := goldenSkipped[rt]
			switch {
			case !covered[rt] && !skipped:
				t.Errorf("%s has no golden: add one to apiCases (or, with the reason, to goldenSkipped)", rt)
			case covered[rt] && skipped:
				t.Errorf("%s has a golden and is in goldenSkipped", rt)
			}
		}
		for rt := range goldenSkipped {
			if !slices.Contains(routes, rt) {
				t.Errorf("goldenSkipped names %s, which is no GET route of the API", rt)
			}
		}
	})
	// A golden that no case writes any more is stale (looked for only when
	// every case ran: -run may pick some).
	if len(written) < len(apis)+len(pages) || (t.Failed() && !*update) {
		return
	}
	for _, dir := range []string{"api", "pages"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.golden"))
		for _, f := range files {
			if written[f] {
				continue
			}
			if *update {
				os.Remove(f)
				continue
			}
			t.Errorf("%s belongs to no golden case: remove it (go test ./internal/web -run TestGolden -update does)", f)
		}
	}
}

// lookUp finds the ids of the demo's records that goldens show.
func (g *golden) lookUp() {
	g.t.Helper()
	id := g.ids
	for _, s := range g.must(200, "GET", "/api/v1/signals?limit=100", "officer", nil)["items"].([]any) {
		s := s.(map[string]any)
		switch s["external_ref"] {
		case "SafetyGate SR/03746/24":
			id["signal"] = idOf(s)
		case "12315-GOLDEN-8-00":
			id["signal-12315"] = idOf(s)
		}
	}
	as := g.must(200, "GET", "/api/v1/cases/"+id["case"]+"/assessments", "officer", nil)["items"].([]any)
	id["assessment"] = idOf(as[0].(map[string]any))
	ms := g.must(200, "GET", "/api/v1/warnings/"+id["warning-bulletin"]+"/measures", "officer", nil)["items"].([]any)
	id["measure"] = idOf(ms[len(ms)-1].(map[string]any))
	ent := g.must(200, "GET", "/api/v1/enterprises/"+id["enterprise"], "officer", nil)
	id["uscc"] = ent["uscc"].(string)
	for k, v := range id {
		if v == "" || v == "0" {
			g.t.Fatalf("no %s in the golden world", k)
		}
	}
}

// goldenJSON is body as sorted, indented JSON, numbers as written.
func goldenJSON(t *testing.T, body []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %.300s", err, body)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goldenText is a page's visible text (visibleText), one line per text
// node, white space collapsed, empty nodes left out.
func goldenText(t *testing.T, page string) []byte {
	t.Helper()
	var b strings.Builder
	for _, s := range visibleText(t, page) {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// compareGolden compares got with the golden file, or writes it with
// -update.
func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test ./internal/web -run TestGolden -update writes it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs (-golden +got); if the change is meant, go test ./internal/web -run TestGolden -update:\n%s", file, diff)
	}
}
