package demo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/demo"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestLoadAll loads the whole demo (RASFF's Chinese notifications only)
// on each engine, loads it again — nothing is added — and signs in as each
// role to check that the pages it works on are filled.
func TestLoadAll(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := app.New(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		accounts, err := demo.LoadAll(ctx, a, demo.Options{Small: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("first load: %v", time.Since(start).Round(time.Millisecond))
		auditLen := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		first := auditLen()
		start = time.Now()
		if _, err := demo.LoadAll(ctx, a, demo.Options{Small: true}); err != nil {
			t.Fatal(err)
		}
		t.Logf("second load: %v", time.Since(start).Round(time.Millisecond))
		if again := auditLen(); again != first {
			t.Fatalf("the second load wrote %d audit entries", again-first)
		}
		if db.Now().Sub(time.Now()) > time.Second || time.Since(db.Now()) > time.Minute {
			t.Fatalf("the database clock was left at %v", db.Now())
		}
		srv, err := a.Server(app.ServerConfig{})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		s := &site{t: t, url: ts.URL, passwords: map[string]string{}}
		for _, acc := range accounts {
			s.passwords[acc.Login] = acc.Password
		}
		token := func(login string) string {
			tok, err := a.Auth.CreateToken(ctx, risk.System, login, "demo test")
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}

		// The officer of 长沙海关: the triage queue with the statistical
		// alarms and the foreign notifications, the match candidates, the
		// detectors with their alarms and series, injuries, reports, the
		// measures to run.
		off := s.signIn("officer")
		tok := token("officer")
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		s.api(tok, "/api/v1/signals?status=new", &list)
		off.page("/signals?status=new", html.EscapeString(list.Items[0]["product"].(map[string]any)["name"].(string)))
		off.page("/signals?channel=statistical-alarm", "RASFF 通报：原产地 × 危害", "美国 NEISS 烟花爆竹伤害病例")
		s.api(tok, "/api/v1/signals?status=new&channel=statistical-alarm", &list)
		if list.Total == 0 {
			t.Error("no statistical alarm in the triage queue")
		}
		s.api(tok, "/api/v1/signals?channel=foreign-notification", &list)
		if list.Total < 353+1318+885 {
			t.Errorf("%d foreign notifications", list.Total)
		}
		off.page("/signals?channel=foreign-notification", html.EscapeString(list.Items[0]["product"].(map[string]any)["name"].(string)))
		off.page("/signals/foreign")
		off.page("/matching", "新化县新华电子科技有限公司", "永州潇湘玩具制造有限公司", "株洲动力机电出口有限公司")
		off.page("/detection", "RASFF 通报：原产地 × 危害", "美国 NEISS 烟花爆竹伤害病例")
		off.page("/injuries", "FIREWORK")
		off.page("/reports", "打火机（邵东）", "陶瓷餐具（醴陵）")
		off.page("/cases", "新奇造型打火机烧伤风险", "出口陶瓷、竹木餐具有害物质迁移风险", "出口组合烟花药量超标风险", "出口玩具小零件窒息风险")
		off.page("/warnings", "关于加强新奇造型打火机进出口检验监管的风险警示通报", "关于加强出口食品接触用陶瓷和竹木餐具检验监管的风险警示通报",
			"关于出口组合烟花药量超标问题的风险警示通告", "警惕新奇造型打火机烧伤风险")
		off.page("/tasks", "追溯调查", "提高抽样检测比例", "提高查验比例")
		s.api(tok, "/api/v1/matches", &list)
		if len(list.Items) < 4 {
			t.Errorf("%d match candidates proposed, want ≥ 4", len(list.Items))
		}
		s.api(tok, "/api/v1/detection/alarms?limit=500", &list)
		if len(list.Items) == 0 {
			t.Error("no detection alarms")
		}
		var detectors struct{ Items []map[string]any }
		s.api(tok, "/api/v1/detectors", &detectors)
		if len(detectors.Items) != 2 {
			t.Errorf("%d detectors", len(detectors.Items))
		}
		// Each detector's page charts the weeks up to its last run, with the
		// alarms it raised: the series of its latest alarm flags that week.
		for _, d := range detectors.Items {
			s.api(tok, fmt.Sprintf("/api/v1/detection/alarms?detector=%v&limit=1", d["id"]), &list)
			if len(list.Items) == 0 {
				t.Errorf("detector %v raised no alarm", d["name"])
				continue
			}
			group, week := list.Items[0]["group"].(string), list.Items[0]["period_start"].(string)
			var v struct {
				Points []struct {
					Start string
					Alarm bool
				} `json:"points"`
			}
			s.api(tok, fmt.Sprintf("/api/v1/detectors/%v/series?group=%s", d["id"], url.QueryEscape(group)), &v)
			flagged := false
			for _, p := range v.Points {
				flagged = flagged || p.Start == week && p.Alarm
			}
			if len(v.Points) != 104 || !flagged {
				t.Errorf("detector %v: %d weeks; the week %s of %s not flagged", d["name"], len(v.Points), week, group)
			}
			off.page(fmt.Sprintf("/detection/%v?group=%s", d["id"], url.QueryEscape(group)), "data-chart")
		}
		s.api(tok, "/api/v1/injuries", &list)
		if list.Total != 1532 {
			t.Errorf("%d injury records, want 1532", list.Total)
		}
		s.api(tok, "/api/v1/reports", &list)
		if len(list.Items) < 3 {
			t.Errorf("%d quality reports", len(list.Items))
		}

		// The inspector: at least 50 declarations held in the queue, by
		// measures (laboratory tests of lighters and ceramics, detained
		// novelty lighters) and by credit
		// (the toy maker), with results recorded on the older ones.
		insp := s.signIn("inspector")
		var queue struct {
			Items []struct{ Number, Decision string } `json:"items"`
			Total int                                 `json:"total"`
		}
		s.api(token("inspector"), "/api/v1/declarations?limit=500", &queue)
		decisions := map[string]int{}
		for _, it := range queue.Items {
			decisions[it.Decision]++
		}
		if queue.Total < 50 || decisions["lab_test"] == 0 || decisions["inspect"] == 0 || decisions["detain"] == 0 {
			t.Fatalf("queue: %d held, by decision %v", queue.Total, decisions)
		}
		insp.page("/declarations", queue.Items[0].Number)
		insp.page("/declarations/"+queue.Items[len(queue.Items)-1].Number, queue.Items[len(queue.Items)-1].Number)
		insp.page("/declarations/stats", "data-chart")
		for _, ch := range []string{"lab-report", "port-nonconformity"} {
			s.api(tok, "/api/v1/signals?channel="+ch, &list)
			if list.Total == 0 {
				t.Errorf("no failed result raised a %s signal", ch)
			}
		}

		// The approver: the toys assessment waits for a decision.
		appr := s.signIn("approver")
		appr.page("/cases", "出口玩具小零件窒息风险")
		var cases struct {
			Items []struct {
				ID    int64
				Title string
			} `json:"items"`
		}
		s.api(token("approver"), "/api/v1/cases?q="+url.QueryEscape("出口玩具小零件窒息风险"), &cases)
		if len(cases.Items) != 1 {
			t.Fatalf("toys case: %+v", cases)
		}
		var xs struct {
			Items []struct {
				ID     int64
				Status string
			}
		}
		s.api(token("approver"), fmt.Sprintf("/api/v1/cases/%d/assessments", cases.Items[0].ID), &xs)
		if len(xs.Items) != 1 || xs.Items[0].Status != "submitted" {
			t.Fatalf("toys assessment: %+v", xs)
		}
		appr.page(fmt.Sprintf("/assessments/%d", xs.Items[0].ID), "36 个月以下儿童")
		appr.page("/approvals", "出口玩具小零件窒息风险", "出口婴幼儿玩具")

		// The market regulator's officer: the portal complaints, the 通报
		// in the inbox, the measure it supports.
		amr := s.signIn("amr")
		amr.page("/signals", "儿童磁力积木", "充电暖手宝")
		amr.page("/inbox", "关于加强新奇造型打火机进出口检验监管的风险警示通报", "关于加强出口食品接触用陶瓷和竹木餐具检验监管的风险警示通报")
		amr.page("/tasks", "提高抽样检测比例")
		s.api(token("amr"), "/api/v1/signals?channel=portal-complaint", &list)
		if list.Total != 2 {
			t.Fatalf("%d complaints in hn-amr's queue", list.Total)
		}
		number, _ := list.Items[0]["external_ref"].(string)
		// The complainant follows it on the portal.
		(&client{s: s, c: http.DefaultClient}).page("/public/complaints/"+number, number)

		// The enterprise: the 通告 addressed to it, its self-report.
		ent := s.signIn("enterprise")
		ent.page("/inbox", "关于出口组合烟花药量超标问题的风险警示通告")
		ent.page("/submissions", "组合烟花（36 发、49 发）")
		// The laboratory: its report on 醴陵 plates.
		s.signIn("lab").page("/submissions", "釉上彩陶瓷盘（10 英寸）")

		// The administrator: the register, the accounts, the subscription
		// in the audit trail.
		adm := s.signIn("admin")
		adm.page("/enterprises", "邵东市永明打火机制造有限公司")
		adm.page("/admin/users", "amr")
		var entries struct {
			Total int `json:"total"`
		}
		s.api(token("admin"), "/api/v1/audit?entity=subscription", &entries)
		if entries.Total != 2 { // requested, confirmed
			t.Errorf("subscription audit entries: %d", entries.Total)
		}

		// The public: the announcement.
		(&client{s: s, c: http.DefaultClient}).page("/public", "警惕新奇造型打火机烧伤风险")
	})
}

// site is the test server with the demo's passwords.
type site struct {
	t         *testing.T
	url       string
	passwords map[string]string
}

// client is a signed-in browser.
type client struct {
	s *site
	c *http.Client
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func (s *site) signIn(login string) *client {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{s: s, c: &http.Client{Jar: jar}}
	m := csrfRE.FindStringSubmatch(c.get("/login"))
	if m == nil {
		s.t.Fatal("no CSRF token on the login page")
	}
	resp, err := c.c.PostForm(s.url+"/login", url.Values{"csrf": {m[1]}, "login": {login}, "password": {s.passwords[login]}, "next": {"/"}})
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		s.t.Fatalf("sign in as %s: %d at %s", login, resp.StatusCode, resp.Request.URL)
	}
	return c
}

func (c *client) get(path string) string {
	c.s.t.Helper()
	resp, err := c.c.Get(c.s.url + path)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		c.s.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return string(b)
}

// page gets a page and checks that it shows each of want.
func (c *client) page(path string, want ...string) {
	c.s.t.Helper()
	body := c.get(path)
	for _, w := range want {
		if !strings.Contains(body, w) {
			c.s.t.Errorf("%s lacks %q", path, w)
		}
	}
}

// api gets JSON with a bearer token into v.
func (s *site) api(token, path string, v any) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		s.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
}
