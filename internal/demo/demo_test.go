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
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/demo"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestLoadAll loads the whole demo (RASFF's Chinese notifications only)
// on each engine, loads it again — nothing is added — and checks each
// statement the README's demo section makes, signed in as the role that
// works on it.
// pinned starts the demo's day at 2026-12-04 09:00 China time and moves with
// real time: the demo counts working days on the official calendar, which
// holds the years whose notices are published, so the test must not depend
// on the wall clock's year.
func pinned(db *store.DB) func() time.Time {
	start, base := time.Now(), time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)
	clock := func() time.Time { return base.Add(time.Since(start)) }
	db.Now = clock
	return clock
}

func TestLoadAll(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := pinned(db)
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
		if d := db.Now().Sub(clock()); d > time.Second || d < -time.Minute {
			t.Fatalf("the database clock was left at %v", db.Now())
		}
		// The checks below sign in and read pages as fast as the machine
		// goes, from one address: the per-address rate limit, which a
		// quiet machine outruns, is not what they test.
		srv, err := a.Server(app.ServerConfig{RequestRate: 1e6, RequestBurst: 1e6})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		s := &site{t: t, url: ts.URL, passwords: map[string]string{}, tokens: map[string]string{}, a: a}
		for _, acc := range accounts {
			s.passwords[acc.Login] = acc.Password
		}
		d := &check{site: s, db: db, ctx: ctx}
		d.warnings = d.warningsByTitle()
		t.Run("Register", d.register)
		t.Run("ForeignRecords", d.foreignRecords)
		t.Run("ProvinceSignals", d.provinceSignals)
		t.Run("Detectors", d.detectors)
		t.Run("Cases", d.cases)
		t.Run("Lighters", d.lighters)
		t.Run("CeramicsAndFireworks", d.ceramicsAndFireworks)
		t.Run("DisplayShells", d.displayShells)
		t.Run("MagneticToys", d.magneticToys)
		t.Run("Cosmetics", d.cosmetics)
		t.Run("Toys", d.toys)
		t.Run("Documents", d.documents)
		t.Run("Screening", d.screening)
		t.Run("MatchingAndReports", d.matchingAndReports)
		t.Run("Public", d.public)
		t.Run("Recalls", d.recalls)
		t.Run("Reminders", d.reminders)
		t.Run("Petitions", d.petitions)
		t.Run("Credit", d.credit)
		t.Run("Enforcement", d.enforcement)
		t.Run("Labs", d.labs)
		t.Run("Trace", d.trace)
		t.Run("TBT", d.tbt)
		t.Run("Monitoring", d.monitoring)
		t.Run("Tracker", d.tracker)
		t.Run("Emergency", d.emergency)
		t.Run("ProfilesAndExperts", d.profilesAndExperts)
		t.Run("Gateway", d.gateway)
		t.Run("Workbenches", d.workbenches)
	})
}

// The warnings of the demo, by title.
const (
	lighterBulletin     = "关于加强新奇造型打火机进出口检验监管的风险警示通报"
	lighterAnnouncement = "警惕新奇造型打火机烧伤风险"
	lighterNotice       = "关于出口新奇造型打火机防儿童开启装置问题的风险警示通告"
	ceramicsBulletin    = "关于加强出口食品接触用陶瓷和竹木餐具检验监管的风险警示通报"
	fireworksNotice     = "关于出口组合烟花药量超标问题的风险警示通告"
	blastAnnouncement   = "警惕出口礼花弹整体爆炸危险"
	blastNotice         = "关于出口烟花危险货物分类申报的风险警示通告"
	magnetsBulletin     = "关于儿童磁力玩具强磁体误吞风险的风险警示通报"
	magnetsAnnouncement = "警惕儿童磁力玩具强磁体误吞风险"
	cosmeticsBulletin   = "关于加强跨境电商进口法国产化妆品检测的风险警示通报"
)

// check is the loaded demo under test.
type check struct {
	*site
	db       *store.DB
	ctx      context.Context
	warnings map[string]jsonWarning
}

type jsonWarning struct {
	ID             int64           `json:"id"`
	Title          string          `json:"title"`
	CaseID         int64           `json:"case_id"`
	Class          string          `json:"class"`
	Grade          string          `json:"grade"`
	Status         string          `json:"status"`
	Number         string          `json:"number"`
	Addressees     []int64         `json:"addressees"`
	Recipients     []string        `json:"recipients"`
	LiftProposedAt *time.Time      `json:"lift_proposed_at"`
	Referral       *jsonReferral   `json:"referral"`
	Urgency        string          `json:"urgency"`
	Reach          string          `json:"reach"`
	Scope          json.RawMessage `json:"scope"`
}

type jsonReferral struct {
	Number            string     `json:"number"`
	Authority         string     `json:"authority"`
	ReferredAt        time.Time  `json:"referred_at"`
	Outcome           string     `json:"outcome"`
	NationalReference string     `json:"national_reference"`
	DecidedAt         *time.Time `json:"decided_at"`
}

type jsonMeasure struct {
	ID         int64      `json:"id"`
	Type       string     `json:"type"`
	Lead       string     `json:"lead"`
	Supporting []string   `json:"supporting"`
	Rate       float64    `json:"rate"`
	Deadline   *time.Time `json:"deadline"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
}

// warningsByTitle lists every warning the officer's department issued.
func (d *check) warningsByTitle() map[string]jsonWarning {
	var list struct {
		Items []jsonWarning `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/warnings?limit=100", &list)
	out := map[string]jsonWarning{}
	for _, w := range list.Items {
		out[w.Title] = w
	}
	return out
}

// measures lists a warning's measures by type.
func (d *check) measures(title string) map[string]jsonMeasure {
	d.t.Helper()
	var list struct {
		Items []jsonMeasure `json:"items"`
	}
	d.api(d.token("officer"), fmt.Sprintf("/api/v1/warnings/%d/measures", d.warning(title).ID), &list)
	out := map[string]jsonMeasure{}
	for _, m := range list.Items {
		out[m.Type] = m
	}
	return out
}

// wantMeasures checks a warning's measures: type → status.
func (d *check) wantMeasures(title string, want map[string]string) map[string]jsonMeasure {
	d.t.Helper()
	ms := d.measures(title)
	got := map[string]string{}
	for typ, m := range ms {
		got[typ] = m.Status
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		d.t.Errorf("%s: measures %v, want %v", title, got, want)
	}
	return ms
}

// enterprise names a registered enterprise.
func (d *check) enterprise(id int64) string {
	d.t.Helper()
	var e struct {
		NameZh string `json:"name_zh"`
	}
	d.api(d.token("officer"), fmt.Sprintf("/api/v1/enterprises/%d", id), &e)
	return e.NameZh
}

func (d *check) warning(title string) jsonWarning {
	d.t.Helper()
	w, ok := d.warnings[title]
	if !ok {
		d.t.Fatalf("no warning %q", title)
	}
	return w
}

// wantWarning checks a warning's class, grade and status.
func (d *check) wantWarning(title, class, grade, status string) jsonWarning {
	d.t.Helper()
	w := d.warning(title)
	if w.Class != class || w.Grade != grade || w.Status != status {
		d.t.Errorf("%s: %s %s %s, want %s %s %s", title, w.Class, w.Grade, w.Status, class, grade, status)
	}
	return w
}

func (d *check) register(t *testing.T) {
	d.t = t
	var list struct{ Total int }
	d.api(d.token("admin"), "/api/v1/enterprises?limit=1", &list)
	if list.Total != 20 {
		t.Errorf("%d enterprises, want 20", list.Total)
	}
	d.signIn("admin").page("/enterprises", "邵东市永明打火机制造有限公司", "浏阳市金鼎花炮制造有限公司", "严重失信企业", "高级认证企业")
	d.signIn("admin").page("/admin/users", "amr")
	var me struct {
		LabID int64 `json:"lab_id"`
	}
	d.api(d.token("lab"), "/api/v1/me", &me)
	if me.LabID == 0 {
		t.Error("the lab account has no laboratory")
	}
}

func (d *check) foreignRecords(t *testing.T) {
	d.t = t
	var list listJSON
	d.api(d.token("officer"), "/api/v1/signals?channel=foreign-notification&limit=1", &list)
	if want := 353 + 1318 + 885 + 72 + 1999; list.Total != want {
		t.Errorf("%d foreign notifications, want %d", list.Total, want)
	}
	d.api(d.token("officer"), "/api/v1/injuries?limit=1", &list)
	if list.Total != 1532 {
		t.Errorf("%d injury records, want 1532", list.Total)
	}
	off := d.signIn("officer")
	off.page("/signals?channel=foreign-notification")
	off.page("/injuries", "FIREWORK")
	log := off.text("/signals/foreign")
	for _, want := range []string{`欧盟非食品类危险产品快速预警系统（Safety Gate） eu_safety_gate_alerts_sample.csv \S+ \S+ 353 353 0 0 0`,
		`欧盟食品和饲料快速预警系统（RASFF） eu_rasff_notifications_2020_2024.csv（原产地中国） \S+ \S+ 1318 1318 0 0 0`,
		`（CPSC） cpsc_recalls_sports_gear.csv \S+ \S+ 885 885 0 0 0`, `（openFDA） \S+ \S+ \S+ 72 72 0 0 0`,
		`美国食品药品监督管理局召回新闻稿 \S+ \S+ \S+ 2000 1999 0 0 1 风险管理员 李敏（长沙海关）`} {
		if !regexp.MustCompile(want).MatchString(log) {
			t.Errorf("the import log lacks %q", want)
		}
	}
	if n := strings.Count(log, "风险管理员 李敏（长沙海关）"); n != 5 {
		t.Errorf("the import log lists %d imports, want 5", n)
	}
}

// provinceChannels are the channels of the province's everyday signals.
var provinceChannels = []string{"12360", "public-opinion", "monitoring-sample", "injury-report", "inter-department"}

func (d *check) provinceSignals(t *testing.T) {
	d.t = t
	tok := d.token("officer")
	count := map[string]int{}
	prefectures := map[string]bool{}
	for _, ch := range provinceChannels {
		var list struct {
			Items []struct {
				Status string `json:"status"`
				Region string `json:"region"`
				CaseID int64  `json:"case_id"`
				Ref    string `json:"external_ref"`
			} `json:"items"`
		}
		d.api(tok, "/api/v1/signals?limit=200&channel="+ch, &list)
		for _, g := range list.Items {
			if g.CaseID != 0 || strings.HasPrefix(g.Ref, "sample:") {
				continue // a case's own signal; the monitoring plan's failed sample (Monitoring)
			}
			count[g.Status]++
			if !regexp.MustCompile(`^43\d{4}$`).MatchString(g.Region) {
				t.Errorf("a province signal without a Hunan region: %+v", g)
			}
			prefectures[g.Region[:4]] = true
		}
	}
	if count["dismissed"] != 31 || count["new"] != 10 || len(count) != 2 {
		t.Errorf("province signals by status %v, want 31 dismissed and 10 new", count)
	}
	if len(prefectures) != 14 {
		t.Errorf("province signals from %d 市州, want 14", len(prefectures))
	}
}

func (d *check) detectors(t *testing.T) {
	d.t = t
	tok := d.token("officer")
	off := d.signIn("officer")
	off.page("/signals?channel=statistical-alarm", "RASFF 通报：原产地 × 危害", "美国 NEISS 烟花爆竹伤害病例")
	off.page("/detection", "RASFF 通报：原产地 × 危害", "美国 NEISS 烟花爆竹伤害病例")
	var list listJSON
	d.api(tok, "/api/v1/signals?status=new&channel=statistical-alarm", &list)
	if list.Total == 0 {
		t.Error("no statistical alarm in the triage queue")
	}
	var detectors struct{ Items []map[string]any }
	d.api(tok, "/api/v1/detectors", &detectors)
	if len(detectors.Items) != 2 {
		t.Errorf("%d detectors", len(detectors.Items))
	}
	// Each detector's page charts the weeks up to its last run, with the
	// alarms it raised: the series of its latest alarm flags that week.
	neiss := 0
	for _, x := range detectors.Items {
		d.api(tok, fmt.Sprintf("/api/v1/detection/alarms?detector=%v&limit=500", x["id"]), &list)
		if len(list.Items) == 0 {
			t.Errorf("detector %v raised no alarm", x["name"])
			continue
		}
		if strings.Contains(fmt.Sprint(x["name"]), "NEISS") {
			neiss = len(list.Items)
		}
		group, week := list.Items[0]["group"].(string), list.Items[0]["period_start"].(string)
		var v struct {
			Points []struct {
				Start string
				Alarm bool
			} `json:"points"`
		}
		d.api(tok, fmt.Sprintf("/api/v1/detectors/%v/series?group=%s", x["id"], url.QueryEscape(group)), &v)
		flagged := false
		for _, p := range v.Points {
			flagged = flagged || p.Start == week && p.Alarm
		}
		if len(v.Points) != 104 || !flagged {
			t.Errorf("detector %v: %d weeks; the week %s of %s not flagged", x["name"], len(v.Points), week, group)
		}
		off.page(fmt.Sprintf("/detection/%v?group=%s", x["id"], url.QueryEscape(group)), "data-chart")
	}
	if neiss != 7 {
		t.Errorf("the NEISS detector raised %d alarms, want 7", neiss)
	}
}

func (d *check) cases(t *testing.T) {
	d.t = t
	var list struct {
		Items []struct {
			Title    string `json:"title"`
			Assignee string `json:"assignee"`
			Status   string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/cases?limit=100", &list)
	if list.Total != 7 {
		t.Errorf("%d cases, want 7", list.Total)
	}
	for _, c := range list.Items {
		if c.Assignee != "officer" || c.Status != "open" {
			t.Errorf("case %s: assigned to %q, %s", c.Title, c.Assignee, c.Status)
		}
	}
	if len(d.warnings) != 10 {
		t.Errorf("%d warnings, want 10", len(d.warnings))
	}
	d.signIn("officer").page("/cases", "新奇造型打火机烧伤风险", "出口陶瓷、竹木餐具有害物质迁移风险", "出口组合烟花药量超标风险",
		"出口玩具小零件窒息风险", "出口礼花弹整体爆炸危险", "儿童磁力玩具强磁体误吞致肠穿孔风险", "跨境电商进口化妆品禁用物质风险")
}

// messages returns a warning's published messages: type, when.
func (d *check) messages(title string) []string {
	d.t.Helper()
	ms, err := d.db.Publications().OfWarning(d.ctx, risk.ID(d.warning(title).ID))
	if err != nil {
		d.t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, string(m.Type))
	}
	return out
}

func (d *check) lighters(t *testing.T) {
	d.t = t
	now := d.db.Now()
	b := d.wantWarning(lighterBulletin, "bulletin", "II", "issued")
	if !slices.Equal(b.Recipients, []string{"hn-amr", "hn-commerce"}) {
		t.Errorf("the lighter 通报 goes to %v", b.Recipients)
	}
	ms := d.wantMeasures(lighterBulletin, map[string]string{"conditional-trade": "in_force", "seal-detain": "in_force", "raised-lab-test": "in_force",
		"suspend-sales": "in_force", "trace-investigation": "in_force", "defect-recall": "planned", "credit-adjustment": "in_force"})
	if m := ms["raised-lab-test"]; m.Rate != 0.3 || !slices.Equal(m.Supporting, []string{"hn-amr"}) || m.Deadline == nil || !m.Deadline.Before(now) {
		t.Errorf("the raised laboratory-test ratio: %+v", m)
	}
	if m := ms["conditional-trade"]; m.Rate != 1 {
		t.Errorf("laboratory testing at export: %v", m.Rate)
	}
	// The market regulator has reported its follow-up; 省商务厅 has not
	// answered and is overdue.
	var fu struct {
		Due        string `json:"due"`
		Overdue    int    `json:"overdue"`
		Recipients []struct {
			Dept      string `json:"dept"`
			Answered  bool   `json:"answered"`
			Late      bool   `json:"late"`
			Overdue   bool   `json:"overdue"`
			Followups []struct {
				Finding    string   `json:"finding"`
				Measures   []string `json:"measures"`
				Quantities struct {
					Found, Withdrawn float64
					Unit             string
				} `json:"quantities"`
			} `json:"followups"`
		} `json:"recipients"`
	}
	d.api(d.token("officer"), fmt.Sprintf("/api/v1/warnings/%d/followups", b.ID), &fu)
	if len(fu.Recipients) != 2 || fu.Overdue != 1 || fu.Due == "" {
		t.Fatalf("the lighter 通报's follow-ups: %+v", fu)
	}
	if r := fu.Recipients[0]; r.Dept != "hn-amr" || !r.Answered || r.Late || len(r.Followups) != 1 || r.Followups[0].Finding != "found" ||
		r.Followups[0].Quantities.Withdrawn != 1260 || r.Followups[0].Quantities.Unit != "piece" || !slices.Contains(r.Followups[0].Measures, "withdrawal") {
		t.Errorf("省市场监管局's follow-up: %+v", r)
	}
	if r := fu.Recipients[1]; r.Dept != "hn-commerce" || r.Answered || !r.Overdue {
		t.Errorf("省商务厅: %+v", r)
	}
	d.signIn("officer").page(fmt.Sprintf("/warnings/%d", b.ID), "处置情况反馈", "湖南省市场监督管理局", "已反馈", "从市场撤回", "发现 1260 件", "湖南省商务厅", "逾期未反馈")
	d.wantWarning(lighterAnnouncement, "announcement", "II", "issued")
	ms = d.wantMeasures(lighterAnnouncement, map[string]string{"warn-consumers": "in_force", "online-delisting": "completed"})
	for _, m := range ms {
		if m.Lead != "hn-amr" {
			t.Errorf("the 公告's %s is led by %s", m.Type, m.Lead)
		}
	}
	if got := d.messages(lighterAnnouncement); !slices.Equal(got, []string{"Alert", "Update"}) {
		t.Errorf("the lighter 公告's messages: %v", got)
	}
	n := d.wantWarning(lighterNotice, "notice", "II", "review")
	if len(n.Addressees) != 1 || d.enterprise(n.Addressees[0]) != "邵东市永明打火机制造有限公司" {
		t.Errorf("the lighter 通告's addressees: %v", n.Addressees)
	}
}

func (d *check) ceramicsAndFireworks(t *testing.T) {
	d.t = t
	c := d.wantWarning(ceramicsBulletin, "bulletin", "III", "issued")
	if !slices.Equal(c.Recipients, []string{"hn-amr"}) {
		t.Errorf("the ceramics 通报 goes to %v", c.Recipients)
	}
	ms := d.wantMeasures(ceramicsBulletin, map[string]string{"raised-lab-test": "in_force", "raised-inspection": "in_force",
		"trace-investigation": "in_force", "voluntary-recall": "in_force"})
	if ms["raised-lab-test"].Rate != 1 || ms["raised-inspection"].Rate != 0.5 {
		t.Errorf("ceramics ratios: %v %v", ms["raised-lab-test"].Rate, ms["raised-inspection"].Rate)
	}
	f := d.wantWarning(fireworksNotice, "notice", "IV", "issued")
	ms = d.wantMeasures(fireworksNotice, map[string]string{"raised-inspection": "in_force"})
	if ms["raised-inspection"].Rate != 0.15 {
		t.Errorf("the fireworks inspection ratio: %v", ms["raised-inspection"].Rate)
	}
	if f.LiftProposedAt == nil {
		t.Error("lifting the fireworks 通告 is not proposed")
	}
	for title, w := range d.warnings {
		if w.LiftProposedAt != nil && title != fireworksNotice && w.Status != "lifted" {
			t.Errorf("lifting %s is proposed too", title)
		}
	}
	d.signIn("enterprise").page("/submissions", "组合烟花（36 发、49 发）")
}

func (d *check) displayShells(t *testing.T) {
	d.t = t
	now := d.db.Now()
	p := d.wantWarning(blastAnnouncement, "announcement", "I", "issued")
	r := p.Referral
	if r == nil || r.Authority != "gacc" || r.Outcome != "issued_nationally" || r.NationalReference != demo.NationalReference ||
		!regexp.MustCompile(`^湘关预警报〔\d{4}〕\d+号$`).MatchString(r.Number) || r.DecidedAt == nil {
		t.Fatalf("the display shells' referral: %+v", r)
	}
	ms := d.wantMeasures(blastAnnouncement, map[string]string{"ban": "in_force", "seal-detain": "in_force", "credit-adjustment": "in_force",
		"trace-investigation": "in_force", "return": "planned", "defect-recall": "planned"})
	if dl := ms["trace-investigation"].Deadline; dl == nil || dl.Before(now) || dl.After(now.AddDate(0, 0, 7)) {
		t.Errorf("the trace is not due within a week: %v", dl)
	}
	// In force in the province from the referral, a week before the answer.
	if days := r.DecidedAt.Sub(r.ReferredAt).Hours() / 24; days < 6 || days > 8 {
		t.Errorf("answered %.1f days after the referral", days)
	}
	for _, m := range ms {
		if m.CreatedAt.After(r.ReferredAt) {
			t.Errorf("%s planned after the referral", m.Type)
		}
	}
	if p.Urgency != "immediate" || p.Reach != "wide" {
		t.Errorf("the display shells' 公告: urgency %s, reach %s", p.Urgency, p.Reach)
	}
	n := d.wantWarning(blastNotice, "notice", "II", "issued")
	names := []string{}
	for _, id := range n.Addressees {
		names = append(names, d.enterprise(id))
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"浏阳市金鼎花炮制造有限公司", "湖南湘江烟花进出口有限公司"}) || n.CaseID != p.CaseID {
		t.Errorf("the classification 通告: addressees %v, case %d", names, n.CaseID)
	}
	d.wantMeasures(blastNotice, map[string]string{"prior-conditions": "in_force"})
	d.signIn("officer").page(fmt.Sprintf("/warnings/%d", p.ID), r.Number, demo.NationalReference, "海关总署")
	// The portal's 公告 cites the national issue.
	pub := (&client{s: d.site, c: http.DefaultClient}).text(fmt.Sprintf("/public/announcements/%d", p.ID))
	if !strings.Contains(pub, "海关总署于") || !strings.Contains(pub, "以"+demo.NationalReference+"发布") {
		t.Errorf("the portal's 公告 does not cite the national issue: %s", pub)
	}
	if !strings.Contains(pub, "禁止进出口") || strings.Contains(pub, "退运") {
		t.Errorf("the portal's 公告 shows the wrong measures: %s", pub)
	}
}

func (d *check) magneticToys(t *testing.T) {
	d.t = t
	now := d.db.Now()
	b := d.wantWarning(magnetsBulletin, "bulletin", "I", "referred")
	if b.Urgency != "immediate" || b.Reach != "wide" {
		t.Errorf("the magnetic toys' 通报: urgency %s, reach %s", b.Urgency, b.Reach)
	}
	r := b.Referral
	if r == nil || r.Authority != "gacc" || r.Outcome != "pending" || b.Number != "" {
		t.Fatalf("the magnetic toys' referral: %+v, number %q", r, b.Number)
	}
	ms := d.wantMeasures(magnetsBulletin, map[string]string{"seal-detain": "in_force", "trace-investigation": "in_force", "suspend-sales": "in_force",
		"online-delisting": "in_force", "return": "planned", "defect-recall": "planned"})
	if ms["suspend-sales"].Lead != "hn-amr" || ms["online-delisting"].Lead != "hn-amr" {
		t.Error("sales are not suspended by 省市场监管局")
	}
	if dl := ms["trace-investigation"].Deadline; dl == nil || dl.Before(now) || dl.After(now.AddDate(0, 0, 4)) {
		t.Errorf("the trace is not due in three days: %v", dl)
	}
	page := d.signIn("approver").text(fmt.Sprintf("/warnings/%d", b.ID))
	if !regexp.MustCompile(`待国家层面答复 ：已等待 ([7-9]|\d\d) 个工作日，超过 5 个工作日`).MatchString(page) {
		t.Errorf("the referral's page does not say it is overdue: %s", page)
	}
	d.wantWarning(magnetsAnnouncement, "announcement", "I", "draft")
}

func (d *check) cosmetics(t *testing.T) {
	d.t = t
	c := d.wantWarning(cosmeticsBulletin, "bulletin", "IV", "lifted")
	if ms := d.wantMeasures(cosmeticsBulletin, map[string]string{"raised-lab-test": "lifted"}); ms["raised-lab-test"].Rate != 1 {
		t.Errorf("cosmetics tested at %v", ms["raised-lab-test"].Rate)
	}
	var entries struct {
		Items []struct {
			Actor  string `json:"actor"`
			Action string `json:"action"`
		} `json:"items"`
	}
	d.api(d.token("admin"), fmt.Sprintf("/api/v1/audit?entity=warning&entity_id=%d&limit=100", c.ID), &entries)
	by := map[string]string{}
	for _, e := range entries.Items {
		by[e.Action] += e.Actor + " "
	}
	if by["warning.lift_proposed"] != "system " || by["warning.lift"] != "approver " {
		t.Errorf("cosmetics: lifting proposed by %q, lifted by %q", by["warning.lift_proposed"], by["warning.lift"])
	}
	if got := d.messages(cosmeticsBulletin); !slices.Equal(got, []string{"Alert", "Cancel"}) {
		t.Errorf("the cosmetics 通报's messages: %v", got)
	}
}

func (d *check) toys(t *testing.T) {
	d.t = t
	var cases struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	d.api(d.token("approver"), "/api/v1/cases?q="+url.QueryEscape("出口玩具小零件窒息风险"), &cases)
	if len(cases.Items) != 1 {
		t.Fatalf("toys case: %+v", cases)
	}
	var xs struct {
		Items []struct {
			ID     int64
			Status string
		}
	}
	d.api(d.token("approver"), fmt.Sprintf("/api/v1/cases/%d/assessments", cases.Items[0].ID), &xs)
	if len(xs.Items) != 1 || xs.Items[0].Status != "submitted" {
		t.Fatalf("toys assessment: %+v", xs)
	}
	d.signIn("approver").page(fmt.Sprintf("/assessments/%d", xs.Items[0].ID), "36 个月以下儿童")
}

// documents: the issued warnings' 9 messages each render as a 公文, every
// issue's listing its warning's measures (all planned before it).
func (d *check) documents(t *testing.T) {
	d.t = t
	measures, err := catalog.BuiltinTable("measures")
	if err != nil {
		t.Fatal(err)
	}
	off := d.signIn("officer")
	total, issues := 0, 0
	for title, w := range d.warnings {
		ms, err := d.db.Publications().OfWarning(d.ctx, risk.ID(w.ID))
		if err != nil {
			t.Fatal(err)
		}
		all := d.measures(title)
		for _, m := range ms {
			total++
			pdf := off.get(fmt.Sprintf("/warnings/%d/documents/%d.pdf", w.ID, m.Seq))
			if !strings.HasPrefix(pdf, "%PDF-") {
				t.Errorf("%s message %d: not a PDF", title, m.Seq)
				continue
			}
			text := pdfText(t, []byte(pdf))
			if m.Type == "Alert" {
				issues++
				for _, x := range all {
					if x.CreatedAt.After(m.Sent) {
						continue // added later (the lighter case's credit adjustment): not in the issued document
					}
					if name := measures.Find(x.Type).NameZh; text != "" && !strings.Contains(text, name) {
						t.Errorf("%s: the issued document does not list %s", title, name)
					}
				}
			}
			if m.Type == "Cancel" && text != "" && !strings.Contains(text, "关于解除") {
				t.Errorf("%s: the lifting document is not one: %.200s", title, text)
			}
			if m.Type == "Update" && text != "" && !strings.Contains(text, "关于调整") {
				t.Errorf("%s: the update document is not one: %.200s", title, text)
			}
		}
	}
	if total != 9 || issues != 7 {
		t.Errorf("%d documents, %d of them issues; want 9 and 7", total, issues)
	}
}

func (d *check) screening(t *testing.T) {
	d.t = t
	var entries listJSON
	d.api(d.token("admin"), "/api/v1/audit?entity=declaration&action=declaration.screen&limit=1", &entries)
	if entries.Total != 132 {
		t.Errorf("%d declarations screened, want 132", entries.Total)
	}
	var queue struct {
		Items []struct{ Number, Decision string } `json:"items"`
		Total int                                 `json:"total"`
	}
	d.api(d.token("inspector"), "/api/v1/declarations?limit=500", &queue)
	decisions := map[string]int{}
	for _, it := range queue.Items {
		decisions[it.Decision]++
	}
	for _, dec := range []string{"lab_test", "inspect", "detain", "refuse", "document_check"} {
		if decisions[dec] == 0 {
			t.Errorf("no declaration held for %s: %v", dec, decisions)
		}
	}
	var bench map[string]any
	d.api(d.token("inspector"), "/api/v1/workbench", &bench)
	if waiting := item(bench, "port", "declarations-waiting"); waiting <= 50 {
		t.Errorf("%d declarations wait for inspection, want over 50", waiting)
	}
	insp := d.signIn("inspector")
	insp.page("/declarations", queue.Items[0].Number)
	insp.page("/declarations/"+queue.Items[len(queue.Items)-1].Number, queue.Items[len(queue.Items)-1].Number)
	insp.page("/declarations/stats", "data-chart")
	// Results: some failed; each failure is a signal.
	var res listJSON
	d.api(d.token("admin"), "/api/v1/audit?entity=inspection&limit=1", &res)
	var fails int
	for _, ch := range []string{"lab-report", "port-nonconformity"} {
		var list listJSON
		d.api(d.token("officer"), "/api/v1/signals?limit=1&channel="+ch, &list)
		fails += list.Total
	}
	if fails == 0 || res.Total == 0 || fails > res.Total/3 {
		t.Errorf("%d failures among %d results", fails, res.Total)
	}
}

func (d *check) matchingAndReports(t *testing.T) {
	d.t = t
	var list listJSON
	d.api(d.token("officer"), "/api/v1/matches", &list)
	// The XINHUA charger, the soft bullet gun and the LED chain; the Torch
	// duck family's lots are of these weeks, long after its 2024 alert,
	// and carry only its brand, which then counts half (matching, round 51).
	if len(list.Items) != 3 {
		t.Errorf("%d match candidates proposed, want 3", len(list.Items))
	}
	d.signIn("officer").page("/matching", "新化县新华电子科技有限公司", "永州潇湘玩具制造有限公司", "株洲动力机电出口有限公司")
	var reports struct {
		Items []struct {
			PeriodStart time.Time `json:"period_start"`
		} `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/reports?limit=100", &reports)
	months := map[string]bool{}
	for _, r := range reports.Items {
		months[r.PeriodStart.In(risk.China).Format("2006-01")] = true
	}
	today := d.db.Now().In(risk.China)
	for m := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, risk.China).AddDate(0, 0, -84); ; m = m.AddDate(0, 1, 0) {
		m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, risk.China)
		if !m.Before(time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, risk.China)) {
			break
		}
		if !months[m.Format("2006-01")] {
			t.Errorf("no quality report of %s (%v)", m.Format("2006-01"), months)
		}
	}
	d.signIn("officer").page("/reports", "打火机（邵东）", "陶瓷餐具（醴陵）")
	// The ceramics report of the month of the failed monitoring sample
	// counts it at its point.
	var ceramics struct {
		Items []struct {
			PeriodStart time.Time `json:"period_start"`
			Figures     struct {
				Samples       int `json:"samples"`
				SamplesFailed int `json:"samples_failed"`
				ByPoint       []struct {
					Point  string `json:"point"`
					Failed int    `json:"failed"`
				} `json:"samples_by_point"`
			} `json:"figures"`
		} `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/reports?group=ceramic-tableware&limit=100", &ceramics)
	failedIn := ""
	for _, r := range ceramics.Items {
		if r.Figures.SamplesFailed > 0 {
			failedIn = r.PeriodStart.In(risk.China).Format("2006-01")
			if r.Figures.SamplesFailed != 1 || r.Figures.Samples != 1 || r.Figures.ByPoint[0].Point != "醴陵日用陶瓷产业园" || r.Figures.ByPoint[0].Failed != 1 {
				t.Errorf("the ceramics report of %s: %+v", failedIn, r.Figures)
			}
		}
	}
	if failedIn != today.AddDate(0, 0, -18).Format("2006-01") {
		t.Errorf("the failed ceramic sample is in the report of %q", failedIn)
	}
}

func (d *check) public(t *testing.T) {
	d.t = t
	anon := &client{s: d.site, c: http.DefaultClient}
	portal := anon.text("/public")
	for _, title := range []string{lighterAnnouncement, blastAnnouncement} {
		if !strings.Contains(portal, title) {
			t.Errorf("the portal lacks %s", title)
		}
	}
	if strings.Contains(portal, magnetsAnnouncement) {
		t.Error("the portal shows a draft")
	}
	for _, title := range []string{lighterAnnouncement, blastAnnouncement} {
		if pdf := anon.get(fmt.Sprintf("/warnings/%d/documents/1.pdf", d.warning(title).ID)); !strings.HasPrefix(pdf, "%PDF-") {
			t.Errorf("the public cannot read the 公文 of %s", title)
		}
	}
	// The subscription: confirmed, 3 deliveries tried 8 times, given up.
	adm := d.signIn("admin")
	subs := adm.text("/admin/subscriptions")
	if n := strings.Count(adm.get("/admin/subscriptions"), `id="subscription-`); n != 1 || !strings.Contains(subs, "已生效") ||
		!strings.Contains(subs, "hooks.consumer-council.example") {
		t.Errorf("the subscriptions page: %s", subs)
	}
	if n := len(regexp.MustCompile(` 8 已放弃（多次失败） `).FindAllString(subs, -1)); n != 3 {
		t.Errorf("%d deliveries given up after 8 attempts, want 3: %s", n, subs)
	}
	for _, want := range []string{"确认链接", lighterAnnouncement + " （更新）", blastAnnouncement + " （发布）", "HS 编码：9613"} {
		if !strings.Contains(subs, want) {
			t.Errorf("the subscriptions page lacks %q", want)
		}
	}
	var entries listJSON
	d.api(d.token("admin"), "/api/v1/audit?entity=subscription", &entries)
	if entries.Total != 2 { // requested, confirmed
		t.Errorf("subscription audit entries: %d", entries.Total)
	}
	var list listJSON
	d.api(d.token("amr"), "/api/v1/signals?channel=portal-complaint", &list)
	if list.Total != 2 {
		t.Fatalf("%d complaints in hn-amr's queue", list.Total)
	}
	number, _ := list.Items[0]["external_ref"].(string)
	anon.page("/public/complaints/"+number, number)
	d.signIn("amr").page("/signals", "儿童磁力积木", "充电暖手宝")
}

// item is the count of a workbench item.
func item(bench map[string]any, section, key string) int {
	secs, _ := bench["sections"].([]any)
	for _, s := range secs {
		sec := s.(map[string]any)
		if sec["key"] != section {
			continue
		}
		for _, i := range sec["items"].([]any) {
			it := i.(map[string]any)
			if it["key"] == key {
				n, _ := it["count"].(float64)
				return int(n)
			}
		}
	}
	return -1
}

// workbenches: each role's queues as the README's table says.
func (d *check) workbenches(t *testing.T) {
	d.t = t
	bench := func(login string) map[string]any {
		var b map[string]any
		d.api(d.token(login), "/api/v1/workbench", &b)
		return b
	}
	off := bench("officer")
	channels := 0
	for _, s := range off["sections"].([]any) {
		if s.(map[string]any)["key"] == "triage" {
			for _, i := range s.(map[string]any)["items"].([]any) {
				if it := i.(map[string]any); it["key"] == "signals-new" && it["count"].(float64) > 0 {
					channels++
				}
			}
		}
	}
	if channels < 8 {
		t.Errorf("signals to triage on %d channels", channels)
	}
	for _, w := range []struct {
		section, key string
		n            int
	}{{"work", "cases-mine", 7}, {"work", "warnings-draft", 1}, {"measures", "measures-due", 2}, {"measures", "measures-overdue", 1}} {
		if got := item(off, w.section, w.key); got != w.n {
			t.Errorf("officer's %s: %d, want %d", w.key, got, w.n)
		}
	}
	pic := off["picture"].(map[string]any)
	for i, n := range pic["signal_weeks"].([]any) {
		if n.(float64) == 0 {
			t.Errorf("week %d of the trend has no signal", i)
		}
	}
	if n := len(pic["signals_by_prefecture"].(map[string]any)); n != 14 {
		t.Errorf("the map has signals from %d 市州", n)
	}
	if n := len(pic["warnings_by_prefecture"].(map[string]any)); n < 3 {
		t.Errorf("the map has warnings in force in %d 市州", n)
	}
	var warned int
	for _, n := range pic["warning_weeks"].([]any) {
		warned += int(n.(float64))
	}
	if warned < 5 {
		t.Errorf("%d warnings issued in the trend's weeks", warned)
	}
	d.signIn("officer").page("/tasks", "追溯调查", "提高抽样检测比例", "提高查验比例")

	appr := bench("approver")
	for _, key := range []string{"assessments-submitted", "warnings-review", "lift-proposals", "referrals"} {
		if got := item(appr, "approvals", key); got != 1 {
			t.Errorf("approver's %s: %d, want 1", key, got)
		}
	}
	d.signIn("approver").page("/approvals", "出口玩具小零件窒息风险", "出口婴幼儿玩具", lighterNotice, fireworksNotice, magnetsBulletin, "待国家层面答复，已逾期")

	amrBench := bench("amr")
	if got := item(amrBench, "recalls", "recalls-decide"); got != 2 {
		t.Errorf("amr's recalls to decide: %d, want 2 (the lighter summary, the fireworks report)", got)
	}
	amr := d.signIn("amr")
	amr.page("/inbox", lighterBulletin, ceramicsBulletin, cosmeticsBulletin, magnetsBulletin)
	amr.page("/tasks", "提高抽样检测比例", "暂停销售", "电商平台下架")

	ent := bench("enterprise")
	if got := item(ent, "inbox", "inbox-unread"); got != 2 {
		t.Errorf("enterprise's unacknowledged 通告: %d, want 2", got)
	}
	if got := item(ent, "recalls", "recalls-plan"); got != 1 {
		t.Errorf("enterprise's recall plans to file: %d, want 1", got)
	}
	if got := item(ent, "own", "own-new"); got != 1 {
		t.Errorf("enterprise's own reports: %d", got)
	}
	d.signIn("enterprise").page("/inbox", fireworksNotice, blastNotice)
	lab := bench("lab")
	if item(lab, "own", "own-triaged") != 1 || item(lab, "own", "own-inspections") <= 0 {
		t.Errorf("lab's submissions: %v", lab["sections"])
	}
	d.signIn("lab").page("/submissions", "釉上彩陶瓷盘（10 英寸）")
	d.signIn("admin").page("/admin/subscriptions", "hooks.consumer-council.example")
}

type listJSON struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
}

// site is the test server with the demo's passwords.
type site struct {
	t         *testing.T
	url       string
	passwords map[string]string
	tokens    map[string]string
	a         *app.App
}

// token is a bearer token of a demo login.
func (s *site) token(login string) string {
	if tok, ok := s.tokens[login]; ok {
		return tok
	}
	tok, err := s.a.Auth.CreateToken(context.Background(), risk.System, login, "demo test")
	if err != nil {
		s.t.Fatal(err)
	}
	s.tokens[login] = tok
	return tok
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
		if !strings.Contains(body, w) && !strings.Contains(body, html.EscapeString(w)) {
			c.s.t.Errorf("%s lacks %q", path, w)
		}
	}
}

var (
	scriptRE = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
)

// text is a page's visible text, every tag a space, runs of white space
// one space.
func (c *client) text(path string) string {
	c.s.t.Helper()
	body := scriptRE.ReplaceAllString(c.get(path), "")
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(body, " "))), " ")
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

// pdfText is a PDF's text without white space (pdftotext, which
// scripts/test installs with poppler-utils; "" when it is missing, so
// that only the documents' text goes unchecked).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("no pdftotext: the documents' text is not checked")
		return ""
	}
	f := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// recalls: the lighter recall through its summary, awaiting evaluation,
// seen by the market regulator and by 长沙海关 (supporting); the demo
// enterprise's own report, suspected, its report met; neither firm sees
// the other's.
func (d *check) recalls(t *testing.T) {
	type item struct {
		ID             int64             `json:"id"`
		Status         string            `json:"status"`
		EnterpriseName string            `json:"enterprise_name"`
		ReportedOn     string            `json:"reported_on"`
		Deadlines      map[string]string `json:"deadlines"`
		Plan           *struct {
			Remedy string `json:"remedy"`
		} `json:"plan"`
	}
	var list struct {
		Items []item `json:"items"`
		Total int    `json:"total"`
	}
	d.api(d.token("amr"), "/api/v1/recalls", &list)
	if list.Total != 2 {
		t.Fatalf("%d recalls for 省市场监管局, want 2", list.Total)
	}
	byFirm := map[string]item{}
	for _, r := range list.Items {
		byFirm[r.EnterpriseName] = r
	}
	l := byFirm["邵东市永明打火机制造有限公司"]
	if l.Status != "summary_filed" || l.Plan == nil || l.Plan.Remedy != "refund" || l.Deadlines["summary_due"] == "" || l.Deadlines["report_due"] == "" {
		t.Errorf("the lighter recall: %+v", l)
	}
	f := byFirm["湖南湘江烟花进出口有限公司"]
	if f.Status != "suspected" || f.ReportedOn == "" || f.Deadlines["report_due"] == "" {
		t.Errorf("the fireworks report: %+v", f)
	}
	d.api(d.token("officer"), "/api/v1/recalls", &list)
	if list.Total != 2 {
		t.Errorf("%d recalls for 长沙海关 (supporting), want 2", list.Total)
	}
	d.api(d.token("enterprise"), "/api/v1/recalls", &list)
	if list.Total != 1 || list.Items[0].EnterpriseName != "湖南湘江烟花进出口有限公司" {
		t.Errorf("the enterprise's recalls: %+v", list)
	}
	d.signIn("amr").page("/recalls", "骰子造型打火机", "总结报告已提交", "组合烟花（36 发）", "疑似缺陷")
	var progress struct {
		Items []struct {
			Completion float64 `json:"completion"`
		} `json:"items"`
	}
	d.api(d.token("amr"), fmt.Sprintf("/api/v1/recalls/%d/progress", l.ID), &progress)
	if n := len(progress.Items); n != 3 || progress.Items[n-1].Completion < 0.81 || progress.Items[n-1].Completion > 0.82 {
		t.Errorf("the lighter recall's progress: %+v", progress.Items)
	}
	d.signIn("amr").page(fmt.Sprintf("/recalls/%d", l.ID), "退货退款", "评估为有效", "向省级市场监管部门报告", "召回总结报告",
		"召回进度", "81.4%", "未达目标")
	d.signIn("enterprise").page("/recalls", "组合烟花（36 发）", "疑似缺陷")
	d.signIn("enterprise").page(fmt.Sprintf("/recalls/%d", f.ID), "在境外实施召回", "向省级市场监管部门报告", "已于")
}

// petitions: the demo enterprise's petition to lift its 通告's raised
// inspection ratio, citing its lots passed since, waits for 长沙海关's
// review; the officer's workbench counts it; 省市场监管局 does not see it.
func (d *check) petitions(t *testing.T) {
	d.t = t
	type petitionItem struct {
		ID           int64  `json:"id"`
		Status       string `json:"status"`
		Target       string `json:"target"`
		MeasureType  string `json:"measure_type"`
		WarningTitle string `json:"warning_title"`
		Enterprise   string `json:"enterprise_name"`
		Consignments []struct {
			Number string `json:"number"`
		} `json:"consignments"`
	}
	var list struct {
		Items []petitionItem `json:"items"`
		Total int            `json:"total"`
	}
	d.api(d.token("enterprise"), "/api/v1/petitions", &list)
	if list.Total != 1 {
		t.Fatalf("%d petitions of the enterprise, want 1", list.Total)
	}
	p := list.Items[0]
	t.Logf("the fireworks petition cites %d consignments", len(p.Consignments))
	if p.Status != "submitted" || p.Target != "measure" || p.MeasureType != "raised-inspection" || p.WarningTitle != fireworksNotice ||
		p.Enterprise != "湖南湘江烟花进出口有限公司" || len(p.Consignments) < 3 {
		t.Errorf("the fireworks petition: %+v", p)
	}
	d.api(d.token("officer"), "/api/v1/petitions?status=submitted", &list)
	if list.Total != 1 {
		t.Errorf("%d petitions for 长沙海关 to review, want 1", list.Total)
	}
	var bench map[string]any
	d.api(d.token("officer"), "/api/v1/workbench", &bench)
	queued := item(bench, "petitions", "petitions-submitted")
	if queued != 1 {
		t.Errorf("the officer's workbench has %d petitions to review, want 1", queued)
	}
	d.api(d.token("amr"), "/api/v1/petitions", &list)
	if list.Total != 0 {
		t.Errorf("省市场监管局 sees %d petitions", list.Total)
	}
	d.signIn("officer").page(fmt.Sprintf("/petitions/%d", p.ID), "已提交", "提高查验比例", p.Consignments[0].Number, "采纳", "要求补充材料")
	d.signIn("enterprise").page("/petitions", "已提交", fireworksNotice)
}

// credit: the lighter maker downgraded by the lighter 通报's credit
// adjustment (and listed to the public), the demo enterprise's tolerated
// minor event and its application for repair waiting for the approver.
func (d *check) credit(t *testing.T) {
	d.t = t
	type listed struct {
		USCC string `json:"uscc"`
		Name string `json:"name"`
		Tier string `json:"tier"`
	}
	var pub struct{ Items []listed }
	d.api(d.token("officer"), "/api/v1/public/credit", &pub)
	var maker listed
	for _, it := range pub.Items {
		if it.Name == "邵东市永明打火机制造有限公司" {
			maker = it
		}
	}
	if maker.Tier != "seriously-dishonest" {
		t.Fatalf("the lighter maker on the public list: %+v (list %+v)", maker, pub.Items)
	}
	var events struct {
		Items []struct {
			Source     string `json:"source"`
			Reference  string `json:"reference"`
			Status     string `json:"status"`
			Enterprise string `json:"enterprise_name"`
		} `json:"items"`
		Total int `json:"total"`
	}
	// The lighter 通报's adjustment, and the grade I fireworks warning's
	// (its default bundle downgrades the maker it names).
	d.api(d.token("officer"), "/api/v1/credit/events?source=measure", &events)
	byFirm := map[string]string{}
	for _, e := range events.Items {
		byFirm[e.Enterprise] = e.Reference
	}
	if events.Total != 2 || !strings.HasPrefix(byFirm["邵东市永明打火机制造有限公司"], "湘关预警") || byFirm["浏阳市金鼎花炮制造有限公司"] == "" {
		t.Errorf("the credit adjustments' events: %+v", events)
	}
	d.api(d.token("enterprise"), "/api/v1/credit/events", &events)
	if events.Total != 1 || events.Items[0].Status != "in_force" {
		t.Errorf("the demo enterprise's events: %+v", events)
	}
	var repairs struct {
		Items []struct {
			ID     int    `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("approver"), "/api/v1/credit/repairs?status=pending", &repairs)
	if repairs.Total != 1 {
		t.Fatalf("%d repairs waiting for the approver, want 1", repairs.Total)
	}
	var bench map[string]any
	d.api(d.token("approver"), "/api/v1/workbench", &bench)
	queued := item(bench, "credit", "credit-repairs")
	if queued != 1 {
		t.Errorf("the approver's workbench has %d repairs to review, want 1", queued)
	}
	d.signIn("approver").page(fmt.Sprintf("/credit/repairs/%d", repairs.Items[0].ID), "待审核", "单证逾期或不齐", "批准", "驳回")
	d.signIn("officer").page("/credit", "严重失信企业名单", "邵东市永明打火机制造有限公司", "预警措施")
	d.signIn("enterprise").page("/credit", "高级认证企业", "容错", "待审核")
	(&client{s: d.site, c: &http.Client{}}).page("/public/credit", "邵东市永明打火机制造有限公司")
}

// reminders: the load's round of reminders — the officer told of the
// cases assigned to it, the approver of the overdue measure (escalated).
func (d *check) reminders(t *testing.T) {
	type rem struct {
		Stage string `json:"stage"`
		Href  string `json:"href"`
	}
	var list struct {
		Items []rem `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/reminders", &list)
	assigned, petitions := 0, 0
	for _, r := range list.Items {
		switch {
		case r.Stage == "assigned" && strings.HasPrefix(r.Href, "/cases/"):
			assigned++
		case r.Stage == "assigned" && strings.HasPrefix(r.Href, "/petitions/"):
			petitions++
		}
	}
	if assigned != 7 || petitions != 1 {
		t.Errorf("the officer's assigned-case reminders: %d, want 7; petitions to review: %d, want 1", assigned, petitions)
	}
	d.api(d.token("approver"), "/api/v1/reminders", &list)
	escalated := false
	for _, r := range list.Items {
		escalated = escalated || r.Stage == "escalated" && r.Href == "/tasks"
	}
	if !escalated {
		t.Errorf("the approver was not told of the overdue measure: %+v", list.Items)
	}
	d.api(d.token("amr"), "/api/v1/reminders", &list)
	var followups []rem
	for _, r := range list.Items {
		if strings.Contains(r.Href, "#followups") {
			followups = append(followups, r)
		}
	}
	// amr answered the lighter 通报; the others it receives wait past
	// their 10 working days.
	if len(followups) == 0 || followups[0].Stage != "overdue" {
		t.Errorf("amr's follow-up reminders: %+v", followups)
	}
	d.signIn("officer").page("/reminders", "已分派给您", "由您承办")
}

// gateway: the demo enterprise has answered the fireworks 通告 with its
// corrective actions and a PDF (its SHA-256 kept), waiting for 长沙海关's
// review, and declared the standards of its combination fireworks.
func (d *check) gateway(t *testing.T) {
	d.t = t
	var answers struct {
		Items []struct {
			Status       string `json:"status"`
			WarningTitle string `json:"warning_title"`
			Dept         string `json:"dept"`
			Attachments  []struct {
				SHA256 string `json:"sha256"`
			} `json:"attachments"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("enterprise"), "/api/v1/answers", &answers)
	if answers.Total != 1 {
		t.Fatalf("%d answers of the enterprise, want 1", answers.Total)
	}
	if a := answers.Items[0]; a.Status != "submitted" || a.WarningTitle != fireworksNotice || a.Dept != "cs-customs" || len(a.Attachments) != 1 || len(a.Attachments[0].SHA256) != 64 {
		t.Errorf("the fireworks answer: %+v", a)
	}
	d.api(d.token("officer"), "/api/v1/answers?status=submitted", &answers)
	if answers.Total != 1 {
		t.Errorf("%d answers for 长沙海关 to review, want 1", answers.Total)
	}
	var bench map[string]any
	d.api(d.token("officer"), "/api/v1/workbench", &bench)
	queued := item(bench, "answers", "answers-review")
	if queued != 1 {
		t.Errorf("the officer's workbench: %d answers to review, want 1", queued)
	}
	d.signIn("officer").page("/answers", fireworksNotice, "待审查")
	var decls struct {
		Items []struct {
			Status    string `json:"status"`
			Standards []struct {
				Number string `json:"number"`
				Kind   string `json:"kind"`
			} `json:"standards"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("enterprise"), "/api/v1/self-declarations", &decls)
	if decls.Total != 1 || decls.Items[0].Status != "declared" || len(decls.Items[0].Standards) != 3 || decls.Items[0].Standards[2].Kind != "enterprise" {
		t.Errorf("the enterprise's self-declarations: %+v", decls)
	}
}

// enforcement: the joint interview of 长沙海关 and 省市场监管局, one
// commitment met and one missed by the job, whose credit event made the
// agent dishonest; and the penalty decision with its event.
// labs: three laboratories — the demo one (grade A) whose report on the
// 醴陵 ceramics relieves the exporter's lines at the port, the textile one
// at grade B after a disagreement, the toy one suspended after half of
// twenty cross-checks disagreed — and the laboratory's user sees its own.
func (d *check) labs(t *testing.T) {
	d.t = t
	var labs struct {
		Items []struct {
			ID          int                        `json:"id"`
			Name        string                     `json:"name"`
			Status      string                     `json:"status"`
			Grade       string                     `json:"grade"`
			CrossChecks struct{ Total, Agree int } `json:"crosschecks"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/labs", &labs)
	got := map[string]string{}
	for _, l := range labs.Items {
		got[l.Name] = fmt.Sprintf("%s %s %d/%d", l.Status, l.Grade, l.CrossChecks.Agree, l.CrossChecks.Total)
	}
	if labs.Total != 3 || got[demo.LabToys] != "suspended D 10/20" || got[demo.LabTextiles] != "accepted B 5/6" {
		t.Fatalf("the laboratories: %v", got)
	}
	d.api(d.token("lab"), "/api/v1/labs", &labs)
	if labs.Total != 1 || labs.Items[0].Status != "accepted" || labs.Items[0].Grade != "A" {
		t.Fatalf("the laboratory's user sees %+v", labs)
	}
	own := labs.Items[0].ID
	d.signIn("lab").page(fmt.Sprintf("/labs/%d", own), demo.LabCeramicsReport, "CNAS L0315", "铅溶出量")
	// Its CMA certificate expires within 30 days: reminded, and counted on the workbenches.
	var rem struct {
		Items []struct{ Subject, Stage string } `json:"items"`
	}
	d.api(d.token("lab"), "/api/v1/reminders", &rem)
	reminded := false
	for _, r := range rem.Items {
		reminded = reminded || (r.Stage == "due_soon" && strings.Contains(r.Subject, "资质 CMA 201918000315 将于"))
	}
	if !reminded {
		t.Errorf("the laboratory's reminders: %+v", rem.Items)
	}
	for _, login := range []string{"lab", "officer"} {
		var bench map[string]any
		d.api(d.token(login), "/api/v1/workbench", &bench)
		if n := item(bench, "labs", "lab-accreditations-expiring"); n != 1 {
			t.Errorf("%s's workbench counts %d expiring accreditations", login, n)
		}
	}
	d.signIn("officer").page("/labs", demo.LabToys, "暂停采信", demo.LabTextiles)

	// The exporter's ceramic lines declared after the report went to a
	// document check, the report named.
	var queue struct {
		Items []struct{ Number, Decision string } `json:"items"`
	}
	d.api(d.token("inspector"), "/api/v1/declarations?decision=document_check&limit=500", &queue)
	relieved := 0
	for _, it := range queue.Items {
		var decl struct {
			Result struct {
				Lines []struct {
					Decision string                 `json:"decision"`
					Reasons  []struct{ Why string } `json:"reasons"`
				} `json:"lines"`
			} `json:"result"`
		}
		d.api(d.token("inspector"), "/api/v1/declarations/"+it.Number, &decl)
		for _, l := range decl.Result.Lines {
			for _, r := range l.Reasons {
				if strings.Contains(r.Why, "采信报告 HNQI-2026-C041") && l.Decision == "document_check" {
					relieved++
				}
			}
		}
	}
	if relieved == 0 {
		t.Errorf("no line relieved by an accepted report among %d declarations for a document check", len(queue.Items))
	}
}

func (d *check) enforcement(t *testing.T) {
	d.t = t
	var ivs struct {
		Items []struct {
			ID          int      `json:"id"`
			Depts       []string `json:"depts"`
			Commitments []struct {
				Status       string `json:"status"`
				CheckedBy    string `json:"checked_by"`
				CreditRaised bool   `json:"credit_raised"`
			} `json:"commitments"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("amr"), "/api/v1/interviews", &ivs)
	if ivs.Total != 1 || len(ivs.Items[0].Depts) != 2 || ivs.Items[0].Depts[0] != "cs-customs" || ivs.Items[0].Depts[1] != "hn-amr" {
		t.Fatalf("the joint interview: %+v", ivs)
	}
	cs := ivs.Items[0].Commitments
	if len(cs) != 2 || cs[0].Status != "met" || cs[1].Status != "missed" || cs[1].CheckedBy != "system" || !cs[1].CreditRaised {
		t.Fatalf("commitments: %+v", cs)
	}
	var events struct {
		Items []struct {
			Kind       string `json:"kind"`
			Enterprise string `json:"enterprise_name"`
			SourceID   int    `json:"source_id"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/credit/events?source=interview", &events)
	if events.Total != 1 || events.Items[0].Kind != "commitment-missed" || events.Items[0].Enterprise != "张家界武陵山特产贸易有限公司" || events.Items[0].SourceID != ivs.Items[0].ID {
		t.Errorf("the missed commitment's event: %+v", events)
	}
	var list struct {
		Items []struct{ Name, Tier string } `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/credit/lists/dishonest", &list)
	tiers := map[string]string{}
	for _, it := range list.Items {
		tiers[it.Name] = it.Tier
	}
	if tiers["张家界武陵山特产贸易有限公司"] != "dishonest" || tiers["郴州有色金属进出口有限公司"] != "dishonest" {
		t.Errorf("the dishonest list: %+v", list.Items)
	}
	var ps struct {
		Items []struct {
			Number string  `json:"number"`
			Amount float64 `json:"amount"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/penalties", &ps)
	if ps.Total != 1 || ps.Items[0].Number != demo.EnforcePenaltyNumber || ps.Items[0].Amount != 80000 {
		t.Errorf("penalties: %+v", ps)
	}
	d.signIn("officer").page("/interviews/"+fmt.Sprint(ivs.Items[0].ID), "联合约谈", "湖南省市场监督管理局", "桃江县竹乡竹木制品厂", "未履行", "已记录信用事件")
}

// trace: the two chains, the fireworks lot's forward trace (the recall
// scope: the lot, its two pallets, the factory, 长沙港 and the two
// importers), the lighter lot's backward trace through its pallet to its
// butane lot, and the
// firm's query of its own events.
func (d *check) trace(t *testing.T) {
	d.t = t
	var fwd struct {
		Items    []string `json:"items"`
		Parties  []string `json:"parties"`
		Events   []any    `json:"events"`
		Complete bool     `json:"complete"`
	}
	d.api(d.token("officer"), "/api/v1/trace/forward?id="+demo.TraceFireworksLot, &fwd)
	if len(fwd.Items) != 3 || len(fwd.Parties) != 4 || len(fwd.Events) != 7 || !fwd.Complete {
		t.Errorf("the fireworks lot forward: %+v", fwd)
	}
	var back struct {
		Items []string `json:"items"`
	}
	d.api(d.token("inspector"), "/api/v1/trace/backward?id="+demo.TraceLighterLot, &back)
	// The lot, the pallet it travelled in (whose sources are upstream of it) and the butane lot it was made from.
	if len(back.Items) != 3 || back.Items[2] != "urn:epc:class:lgtin:6931234.011111.B0210" {
		t.Errorf("the lighter lot backward: %+v", back)
	}
	var lfwd struct {
		Parties []string `json:"parties"`
	}
	d.api(d.token("officer"), "/api/v1/trace/forward?id="+demo.TraceLighterLot, &lfwd)
	if !slices.Contains(lfwd.Parties, "urn:epc:id:pgln:4012345.00002") || !slices.Contains(lfwd.Parties, "urn:epc:id:sgln:6940000.00001.0") {
		t.Errorf("the lighter lot forward parties: %v", lfwd.Parties)
	}
	// The GLN register names 长沙港 and the two factories; the fireworks
	// recall's trace (its one action) added the two importers abroad.
	var sc struct {
		Ports []struct {
			Code string `json:"code"`
		} `json:"ports"`
		Enterprises []struct {
			Name string `json:"name"`
		} `json:"enterprises"`
	}
	d.api(d.token("officer"), "/api/v1/trace/scope?id="+demo.TraceFireworksLot, &sc)
	if len(sc.Ports) != 1 || sc.Ports[0].Code != "4900" || len(sc.Enterprises) != 1 || sc.Enterprises[0].Name != "湖南湘江烟花进出口有限公司" {
		t.Errorf("the fireworks lot's scope: %+v", sc)
	}
	var rs struct {
		Items []struct {
			Products []struct {
				Batch string `json:"batch"`
			} `json:"products"`
			Distributors []struct {
				Party string `json:"party"`
			} `json:"distributors"`
		} `json:"items"`
	}
	d.api(d.token("amr"), "/api/v1/recalls", &rs)
	found := false
	for _, r := range rs.Items {
		if len(r.Products) == 0 || r.Products[0].Batch != "XJ36-0301" {
			continue
		}
		found = true
		var parties []string
		for _, x := range r.Distributors {
			parties = append(parties, x.Party)
		}
		if !slices.Equal(parties, []string{"urn:epc:id:pgln:0614141.00001", "urn:epc:id:pgln:4012345.00001"}) {
			t.Errorf("the fireworks recall's distributors: %v", parties)
		}
	}
	if !found {
		t.Error("no recall of the fireworks lot XJ36-0301")
	}
	var own struct {
		Body struct {
			Results struct {
				Body struct {
					Events []any `json:"eventList"`
				} `json:"resultsBody"`
			} `json:"queryResults"`
		} `json:"epcisBody"`
	}
	d.api(d.token("enterprise"), "/epcis/events", &own)
	if n := len(own.Body.Results.Body.Events); n != 7 {
		t.Errorf("the firm sees %d events of its own, want 7", n)
	}
}

// tbt checks the README's TBT/SPS claims: the imported ePing export and
// the US rule by hand (four notifications, the toy regulation's addendum
// applied to it), each with the demo firms it concerns; the fireworks
// comment sent, the toys' drafted; the study's guidance in the fireworks
// exporter's reminders; the subscribers told; the lighter decision in the
// officer's workbench.
func (d *check) tbt(t *testing.T) {
	d.t = t
	type notification struct {
		ID              int    `json:"id"`
		Symbol          string `json:"symbol"`
		Member          string `json:"member"`
		CommentDeadline string `json:"comment_deadline"`
		Later           []struct {
			Symbol string `json:"symbol"`
		} `json:"later"`
		Changes []struct {
			Field string `json:"field"`
		} `json:"changes"`
		Comment *struct {
			Status string `json:"status"`
		} `json:"comment"`
	}
	var list struct {
		Items []notification `json:"items"`
		Total int            `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/tbt/notifications", &list)
	if list.Total != 4 {
		t.Fatalf("notifications: %+v", list)
	}
	want := map[string][]string{demo.TBTToys: {"永州潇湘玩具制造有限公司"}, demo.TBTLighters: {"邵东市永明打火机制造有限公司"},
		demo.SPSFish: {"岳阳洞庭湖水产品有限公司"}, demo.TBTFireworks: {"湖南湘江烟花进出口有限公司", "浏阳市金鼎花炮制造有限公司"}}
	for _, n := range list.Items {
		var im struct {
			Items []struct {
				Name  string  `json:"name"`
				Lines int     `json:"lines"`
				Value float64 `json:"value"`
			} `json:"items"`
		}
		d.api(d.token("officer"), fmt.Sprintf("/api/v1/tbt/notifications/%d/impact", n.ID), &im)
		for _, firm := range want[n.Symbol] {
			found := false
			for _, it := range im.Items {
				found = found || it.Name == firm && it.Lines > 0 && it.Value > 0
			}
			if !found {
				t.Errorf("%s concerns %+v, want %s among them", n.Symbol, im.Items, firm)
			}
		}
		var full notification
		d.api(d.token("officer"), fmt.Sprintf("/api/v1/tbt/notifications/%d", n.ID), &full)
		switch n.Symbol {
		case demo.TBTToys:
			if len(full.Later) != 1 || full.Later[0].Symbol != demo.TBTToys+"/Add.1" || len(full.Changes) != 1 || full.Changes[0].Field != "comment_deadline" ||
				full.Comment == nil || full.Comment.Status != "drafted" {
				t.Errorf("the toy regulation: %+v", full)
			}
		case demo.TBTFireworks:
			if full.Member != "US" || full.Comment == nil || full.Comment.Status != "sent" {
				t.Errorf("the fireworks rule: %+v", full)
			}
		}
	}
	var studies struct {
		Items []struct {
			Status string `json:"status"`
			Firms  []struct {
				Name string `json:"name"`
			} `json:"firms"`
		} `json:"items"`
	}
	d.api(d.token("enterprise"), "/api/v1/tbt/studies", &studies)
	if len(studies.Items) != 1 || studies.Items[0].Status != "published" || len(studies.Items[0].Firms) < 2 {
		t.Errorf("the fireworks study as the firm sees it: %+v", studies)
	}
	type rem struct {
		Stage string `json:"stage"`
		Href  string `json:"href"`
	}
	var rs struct {
		Items []rem `json:"items"`
	}
	count := func(login string) (notices, guidance, due int) {
		d.api(d.token(login), "/api/v1/reminders?limit=200", &rs)
		for _, r := range rs.Items {
			switch {
			case strings.HasPrefix(r.Href, "/tbt/studies/"):
				guidance++
			case strings.HasPrefix(r.Href, "/tbt/") && r.Stage == "notice":
				notices++
			case strings.HasPrefix(r.Href, "/tbt/") && r.Stage == "due_soon":
				due++
			}
		}
		return
	}
	if n, g, _ := count("enterprise"); n != 1 || g != 1 {
		t.Errorf("the fireworks exporter's reminders: %d new notifications (want the US rule), %d guidance", n, g)
	}
	if n, _, due := count("officer"); n != 3 || due != 1 {
		t.Errorf("the officer's reminders: %d new notifications (want the toys, its addendum and the lighters), %d deadlines (want the lighters)", n, due)
	}
	var b struct {
		Sections []struct {
			Key   string `json:"key"`
			Items []struct {
				Count int `json:"count"`
			} `json:"items"`
		} `json:"sections"`
	}
	d.api(d.token("officer"), "/api/v1/workbench", &b)
	queued := 0
	for _, s := range b.Sections {
		if s.Key == "tbt" {
			queued = s.Items[0].Count
		}
	}
	if queued != 1 {
		t.Errorf("the officer's workbench lists %d comment deadlines, want the lighters'", queued)
	}
}

// monitoring: thirteen points across six 市州, the year's plan of seven
// items approved with its tasks, the samples of the periods that have
// ended with two gaps left overdue, one sample awaiting its results, and
// the 醴陵 ceramic sample whose lead release failed with the signal it
// raised on the monitoring channel.
// profilesAndExperts checks the README's claims on assessment profiles
// and the expert register: the food profile at version 2 (version 1
// retired), the GB/T 22760 profile and the default at version 1; six
// experts, the toy maker's adviser refused on the toys panel; the toys
// panel's three opinions and its confirming conclusion, so the toys
// assessment, still awaiting approval, may be approved.
func (d *check) profilesAndExperts(t *testing.T) {
	d.t = t
	var profiles struct {
		Items []struct {
			Name   string `json:"name"`
			Active int    `json:"active"`
			Draft  int    `json:"draft"`
		} `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/assessment-profiles", &profiles)
	got := map[string]int{}
	for _, p := range profiles.Items {
		got[p.Name] = p.Active
	}
	if want := map[string]int{demo.FoodProfile: 2, demo.GBTProfile: 1, "rag-2019": 1}; fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("active profile versions: %v, want %v", got, want)
	}
	var food struct {
		Versions []struct {
			Status string `json:"status"`
		} `json:"versions"`
	}
	d.api(d.token("admin"), "/api/v1/assessment-profiles/"+demo.FoodProfile, &food)
	if len(food.Versions) != 2 || food.Versions[0].Status != "active" || food.Versions[1].Status != "retired" {
		t.Errorf("food profile versions: %+v", food)
	}
	var experts struct {
		Items []struct {
			ID        int64  `json:"id"`
			Name      string `json:"name"`
			Conflicts []any  `json:"conflicts"`
		} `json:"items"`
	}
	d.api(d.token("officer"), "/api/v1/experts", &experts)
	conflicted := 0
	for _, e := range experts.Items {
		if len(e.Conflicts) > 0 {
			conflicted++
		}
	}
	if len(experts.Items) != 6 || conflicted != 3 {
		t.Errorf("experts: %d, %d with conflicts", len(experts.Items), conflicted)
	}
	var cases struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	d.api(d.token("approver"), "/api/v1/cases?q="+url.QueryEscape("出口玩具小零件窒息风险"), &cases)
	if len(cases.Items) != 1 {
		t.Fatalf("toys case: %+v", cases)
	}
	var xs []struct {
		ID     int64
		Status string
	}
	var list struct {
		Items *[]struct {
			ID     int64
			Status string
		} `json:"items"`
	}
	list.Items = &xs
	d.api(d.token("approver"), fmt.Sprintf("/api/v1/cases/%d/assessments", cases.Items[0].ID), &list)
	if len(xs) != 1 || xs[0].Status != "submitted" {
		t.Fatalf("toys assessment: %+v", xs)
	}
	var panel struct {
		Panel struct {
			Members []struct {
				Name   string `json:"name"`
				Stance string `json:"stance"`
			} `json:"members"`
			Outcome string `json:"outcome"`
		} `json:"panel"`
		Required  bool   `json:"required"`
		Concluded bool   `json:"concluded"`
		Blocking  string `json:"blocking"`
	}
	d.api(d.token("approver"), fmt.Sprintf("/api/v1/assessments/%d/panel", xs[0].ID), &panel)
	var stances []string
	for _, m := range panel.Panel.Members {
		stances = append(stances, m.Name+":"+m.Stance)
	}
	if !slices.Equal([]string{"刘洋:agree", "吴建国:amend", "陈丽华:agree"}, stances) || !panel.Required || !panel.Concluded ||
		panel.Panel.Outcome != "confirm" || panel.Blocking != "" {
		t.Errorf("toys panel: %+v", panel)
	}
	// The toy maker's adviser cannot join: a conflict of interest, named.
	for _, e := range experts.Items {
		if e.Name != "谭志远" {
			continue
		}
		req, _ := http.NewRequest("POST", d.url+fmt.Sprintf("/api/v1/assessments/%d/panel/members", xs[0].ID), strings.NewReader(fmt.Sprintf(`{"expert_id": %d}`, e.ID)))
		req.Header.Set("Authorization", "Bearer "+d.token("officer"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code, body := resp.StatusCode, string(b)
		if code != http.StatusConflict || !strings.Contains(body, "expert_id") || !strings.Contains(body, "利益冲突") {
			t.Errorf("the adviser on the panel: %d %s", code, body)
		}
	}
	d.signIn("approver").page(fmt.Sprintf("/assessments/%d", xs[0].ID), "专家组结论", "维持评估结论", "刘洋")
	d.signIn("admin").page("/admin/profiles/"+demo.FoodProfile, "进出口食品风险矩阵", "启用中")
}

func (d *check) monitoring(t *testing.T) {
	d.t = t
	var points struct {
		Items []struct {
			Type       string `json:"type"`
			Prefecture string `json:"prefecture"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/monitoring/points", &points)
	prefs, types := map[string]bool{}, map[string]bool{}
	for _, p := range points.Items {
		prefs[p.Prefecture], types[p.Type] = true, true
	}
	if points.Total != 13 || len(prefs) != 6 || len(types) != 6 {
		t.Fatalf("points: %d in %d 市州 of %d types", points.Total, len(prefs), len(types))
	}
	var plans struct {
		Items []struct {
			ID     int    `json:"id"`
			Year   int    `json:"year"`
			Title  string `json:"title"`
			Status string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("approver"), "/api/v1/monitoring/plans", &plans)
	if plans.Total != 1 || plans.Items[0].Year != 2026 || plans.Items[0].Status != "approved" || !strings.Contains(plans.Items[0].Title, demo.MonitoringPlanTitle) {
		t.Fatalf("plans: %+v", plans)
	}
	id := fmt.Sprint(plans.Items[0].ID)
	type completion struct {
		Quota     int `json:"quota"`
		Taken     int `json:"taken"`
		ResultsIn int `json:"results_in"`
		Failed    int `json:"failed"`
		Overdue   int `json:"overdue_tasks"`
	}
	var plan struct {
		Items []struct {
			Commodity  string     `json:"commodity"`
			Completion completion `json:"completion"`
		} `json:"items"`
		ByDept []struct {
			Dept string `json:"dept"`
		} `json:"completion_by_dept"`
		Total completion `json:"completion"`
	}
	d.api(d.token("officer"), "/api/v1/monitoring/plans/"+id, &plan)
	var commodities []string
	for _, it := range plan.Items {
		commodities = append(commodities, it.Commodity)
	}
	if want := "pyrotechnic-articles lighters ceramic-tableware bamboo-chopsticks construction-machinery toys cosmetics"; strings.Join(commodities, " ") != want {
		t.Errorf("items: %v", commodities)
	}
	if c := plan.Items[2].Completion; c.Failed != 1 {
		t.Errorf("ceramics: %+v", c)
	}
	if c := plan.Total; c.Taken < 50 || c.ResultsIn != c.Taken-1 || c.Failed != 1 || c.Overdue != 2 || len(plan.ByDept) != 2 {
		t.Errorf("the plan's completion: %+v, %d departments", c, len(plan.ByDept))
	}
	var failed struct {
		Items []struct {
			Number   string `json:"number"`
			SignalID int    `json:"signal_id"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/monitoring/samples?conclusion=fail", &failed)
	if failed.Total != 1 || failed.Items[0].Number != demo.MonitoringFailedSample || failed.Items[0].SignalID == 0 {
		t.Fatalf("failed samples: %+v", failed)
	}
	var sig struct {
		Channel     string `json:"channel"`
		Status      string `json:"status"`
		Hazard      string `json:"hazard"`
		Region      string `json:"region"`
		Description string `json:"description"`
	}
	d.api(d.token("officer"), fmt.Sprintf("/api/v1/signals/%d", failed.Items[0].SignalID), &sig)
	if sig.Channel != "monitoring-sample" || sig.Status != "new" || sig.Hazard != "food-migration" || sig.Region != "430281" || !strings.Contains(sig.Description, "2.6mg/dm²") {
		t.Errorf("the sample's signal: %+v", sig)
	}
	var overdue struct {
		Items []struct {
			Commodity string `json:"commodity"`
			PointName string `json:"point_name"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/monitoring/tasks?overdue=1", &overdue)
	if overdue.Total != 2 || overdue.Items[0].Commodity != "lighters" || overdue.Items[1].Commodity != "construction-machinery" {
		t.Errorf("overdue tasks: %+v", overdue)
	}
	if got := item(bench(d, "officer"), "monitoring", "monitoring-overdue"); got != 2 {
		t.Errorf("officer's overdue monitoring tasks: %d, want 2", got)
	}
	var props struct {
		Items []struct {
			Commodity string `json:"commodity"`
			Evidence  string `json:"evidence"`
			InPlan    int    `json:"in_plan_item"`
		} `json:"items"`
	}
	d.api(d.token("approver"), "/api/v1/monitoring/plans/"+id+"/proposals", &props)
	heads := map[string]int{}
	for _, p := range props.Items {
		heads[p.Commodity] = p.InPlan
		if !strings.HasPrefix(p.Evidence, "近 12 个月：") {
			t.Errorf("a proposal without its evidence: %+v", p)
		}
	}
	if in, ok := heads["0304"]; !ok || in != 0 || len(heads) != 1 {
		t.Errorf("spot-check proposals %+v: want fish fillets (0304), outside the plan", props.Items)
	}
	d.signIn("officer").page("/monitoring/plans/"+id, demo.MonitoringPlanTitle, "重点抽查建议", "烟花爆竹", "打火机", "工程机械", demo.MonitoringFailedSample, "不合格")
	d.signIn("officer").page("/monitoring/points", "醴陵日用陶瓷产业园", "跨境电商监管中心", "哨点医院")
}

// bench is a user's workbench as JSON.
func bench(d *check, login string) map[string]any {
	var b map[string]any
	d.api(d.token(login), "/api/v1/workbench", &b)
	return b
}

// tracker checks the README's claim: the plan's 18 tasks and 3 safeguards
// with their units, progress from the demo's records, the units' reports
// in and one overdue — 省市场监管局's on task 11 — on `amr`'s workbench.
func (d *check) tracker(t *testing.T) {
	d.t = t
	var list struct {
		Items []struct {
			Code           string `json:"code"`
			Number         int    `json:"number"`
			Title          string `json:"title"`
			Lead           struct{ Code, Name string }
			Supporting     []struct{ Code, Name string }
			Progress       int  `json:"progress"`
			Overdue        bool `json:"overdue"`
			OverdueReports int  `json:"overdue_reports"`
		} `json:"items"`
		Rounds []string `json:"rounds"`
	}
	d.api(d.token("approver"), "/api/v1/tracker/tasks", &list)
	if len(list.Items) != 21 || len(list.Rounds) == 0 {
		t.Fatalf("tracker: %d tasks, rounds %v", len(list.Items), list.Rounds)
	}
	var overdue []string
	progressed := 0
	for _, it := range list.Items {
		if it.Overdue {
			overdue = append(overdue, fmt.Sprintf("%s %d", it.Code, it.OverdueReports))
		}
		if it.Progress > 0 {
			progressed++
		}
	}
	if strings.Join(overdue, ",") != demo.TrackerOverdueTask+" 1" {
		t.Errorf("overdue: %v", overdue)
	}
	t1, t11 := list.Items[0], list.Items[10]
	if t1.Lead.Name != "长沙海关" || len(t1.Supporting) != 3 || t1.Progress == 0 || t11.Lead.Code != "hn-amr" {
		t.Errorf("tasks 1 and 11: %+v %+v", t1, t11)
	}
	if progressed < 15 {
		t.Errorf("only %d tasks show progress", progressed)
	}
	var task struct {
		Reports []struct{ Unit, Quarter string } `json:"reports"`
		Figures []struct {
			Value int `json:"value"`
		} `json:"figures"`
	}
	d.api(d.token("officer"), "/api/v1/tracker/tasks/T01", &task)
	if len(task.Reports) < len(list.Rounds) || task.Figures[0].Value == 0 || task.Figures[1].Value == 0 {
		t.Errorf("task 1: %+v", task)
	}
	var b map[string]any
	d.api(d.token(demo.MarketOfficer.Login), "/api/v1/workbench", &b)
	if got := item(b, "tracker", "tracker-overdue"); got != 1 {
		t.Errorf("amr's overdue reports: %d", got)
	}
	d.api(d.token("officer"), "/api/v1/workbench", &b)
	if got := item(b, "tracker", "tracker-overdue"); got > 0 {
		t.Errorf("officer's overdue reports: %d", got)
	}
	d.signIn("approver").page("/tracker", "制定实施风险监测计划", "督查报告（PDF）")
	d.signIn(demo.MarketOfficer.Login).page("/tracker?overdue=1", "加强缺陷进口商品召回")
}

// emergency: the solid waste plan (no level I) with a drill run and
// finished and the next one overdue, the dangerous goods plan with the
// incident opened from a screening hold of lighters, still responding;
// each department sees the incidents it takes part in; a level outside
// the plan is refused and writes nothing.
func (d *check) emergency(t *testing.T) {
	d.t = t
	type plan struct {
		ID     int    `json:"id"`
		Title  string `json:"title"`
		Hazard string `json:"hazard"`
		Levels []struct {
			Level string `json:"level"`
		} `json:"levels"`
		Resources []struct {
			NextCheck string `json:"next_check"`
		} `json:"resources"`
	}
	var plans struct {
		Items []plan `json:"items"`
		Total int    `json:"total"`
	}
	d.api(d.token(demo.PortOfficer.Login), "/api/v1/emergency/plans", &plans)
	byHazard := map[string]plan{}
	for _, p := range plans.Items {
		byHazard[p.Hazard] = p
	}
	waste, goods := byHazard["solid-waste"], byHazard["dangerous-goods"]
	if plans.Total != 2 || waste.Title != demo.WastePlanTitle || goods.Title != demo.GoodsPlanTitle {
		t.Fatalf("plans: %+v", plans)
	}
	if len(waste.Levels) != 3 || waste.Levels[0].Level != "II" || len(goods.Levels) != 4 || len(waste.Resources) != 3 {
		t.Errorf("levels: waste %+v, goods %+v", waste.Levels, goods.Levels)
	}
	today := time.Now().In(risk.China).Format("2006-01-02")
	var past int
	for _, r := range waste.Resources {
		if r.NextCheck < today {
			past++
		}
	}
	if past != 1 {
		t.Errorf("%d of the solid waste plan's resources are past their check, want 1", past)
	}
	type incident struct {
		ID          int      `json:"id"`
		Title       string   `json:"title"`
		Source      string   `json:"source"`
		Declaration string   `json:"declaration"`
		Drill       bool     `json:"drill"`
		Level       string   `json:"level"`
		LevelReason string   `json:"level_reason"`
		Status      string   `json:"status"`
		Depts       []string `json:"depts"`
		Tasks       []struct {
			Dept   string `json:"dept"`
			Status string `json:"status"`
		} `json:"tasks"`
	}
	var incs struct {
		Items []incident `json:"items"`
		Total int        `json:"total"`
	}
	d.api(d.token(demo.PortOfficer.Login), "/api/v1/emergency/incidents", &incs)
	var drill, hold incident
	for _, i := range incs.Items {
		if i.Drill {
			drill = i
		} else {
			hold = i
		}
	}
	if incs.Total != 2 || drill.Status != "closed" || drill.Level != "II" || !strings.Contains(drill.LevelReason, "500 吨以上") {
		t.Errorf("the drill's incident: %+v", drill)
	}
	open := map[string]int{}
	for _, tk := range hold.Tasks {
		if tk.Status == "open" {
			open[tk.Dept]++
		}
	}
	if hold.Title != demo.HoldIncidentTitle || hold.Source != "hold" || hold.Declaration == "" || hold.Level != "IV" || hold.Status != "responding" ||
		open["cs-customs"] != 1 || open["hn-amr"] != 1 {
		t.Errorf("the incident from the hold: %+v (open tasks %v)", hold, open)
	}
	var dec struct {
		Result struct {
			Decision string `json:"decision"`
		} `json:"result"`
	}
	d.api(d.token("inspector"), "/api/v1/declarations/"+hold.Declaration, &dec)
	if dec.Result.Decision != "detain" {
		t.Errorf("the incident's declaration was screened %q", dec.Result.Decision)
	}
	// 省市场监管局 is on the dangerous goods plan, not on the solid waste one.
	d.api(d.token("amr"), "/api/v1/emergency/incidents", &incs)
	if incs.Total != 1 || incs.Items[0].ID != hold.ID {
		t.Errorf("market regulation sees %+v", incs)
	}
	var drills struct {
		Items []struct {
			Status     string `json:"status"`
			IncidentID int    `json:"incident_id"`
			FollowUps  []any  `json:"follow_ups"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), fmt.Sprintf("/api/v1/emergency/drills?plan=%d", waste.ID), &drills)
	if drills.Total != 2 || drills.Items[1].Status != "done" || drills.Items[1].IncidentID != drill.ID || len(drills.Items[1].FollowUps) != 3 {
		t.Errorf("drills: %+v", drills)
	}
	var overdue struct {
		Items []struct {
			Status string `json:"status"`
			Port   string `json:"port"`
		} `json:"items"`
		Total int `json:"total"`
	}
	d.api(d.token("officer"), "/api/v1/emergency/drills?overdue=1", &overdue)
	if overdue.Total != 1 || overdue.Items[0].Status != "scheduled" || overdue.Items[0].Port != "4908" {
		t.Errorf("overdue drills: %+v", overdue)
	}
	for login, want := range map[string][2]int{demo.PortOfficer.Login: {-1, 1}, "officer": {1, 1}, "amr": {1, -1}} {
		var bench map[string]any
		d.api(d.token(login), "/api/v1/workbench", &bench)
		if got := [2]int{item(bench, "emergency", "emergency-tasks"), item(bench, "emergency", "emergency-drills-overdue")}; got != want {
			t.Errorf("%s's workbench: %v open tasks and overdue drills, want %v (-1: none)", login, got, want)
		}
	}
	// A level outside the plan's: refused, naming the field, nothing written.
	body := fmt.Sprintf(`{"plan_id": %d, "title": "x", "description": "y", "source": "manual", "level": "I", "level_reason": "z"}`, waste.ID)
	req, _ := http.NewRequest("POST", d.url+"/api/v1/emergency/incidents", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+d.token("officer"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"field":"level"`) || !strings.Contains(string(b), "不在预案") {
		t.Errorf("level I on the solid waste plan: %d %s", resp.StatusCode, b)
	}
	d.api(d.token(demo.PortOfficer.Login), "/api/v1/emergency/incidents", &incs)
	if incs.Total != 2 {
		t.Errorf("the refused incident was written: %d incidents", incs.Total)
	}
	d.signIn("inspector").page("/declarations/"+hold.Declaration, "按应急预案启动响应")
	port := d.signIn(demo.PortOfficer.Login)
	port.page("/emergency", demo.WastePlanTitle, demo.GoodsPlanTitle, "已逾期")
	port.page(fmt.Sprintf("/emergency/incidents/%d", hold.ID), hold.Declaration, "口岸扣留", "一般（Ⅳ级）")
	port.page(fmt.Sprintf("/emergency/plans/%d", waste.ID), "重大（Ⅱ级）", "防渗漏围堰及覆盖篷布", "检查已逾期")
}
