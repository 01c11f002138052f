package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"riskgate/internal/store/storetest"
)

// chromium finds Debian's Chromium. Under CI a missing browser fails the
// test (scripts/test installs it); elsewhere the test is skipped.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium on PATH: scripts/test installs Debian's chromium package")
	}
	t.Skip("no Chromium on PATH")
	return ""
}

// artefacts is where screenshots go: $RISKGATE_ARTEFACTS or a temp dir.
func artefacts(t *testing.T) string {
	if d := os.Getenv("RISKGATE_ARTEFACTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// chrome is a headless Chromium session over a test server, with the
// steps the browser tests take.
type chrome struct {
	t   *testing.T
	ctx context.Context
	dir string // screenshots
}

// newChrome starts Chromium for t (skipping or failing as chromium says)
// with a window height in pixels.
func newChrome(t *testing.T, height int) *chrome {
	t.Helper()
	bin := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, height))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return &chrome{t: t, ctx: ctx, dir: artefacts(t)}
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// waitNew waits until sel is visible on the page that replaced the one
// marked before a click (body[data-before]): a node found while the marked
// document is being replaced can vanish under the query ("No node with
// given id found"), and then the wait goes on.
func waitNew(sel string) chromedp.Action[chromedp.Void] {
	wait := chromedp.WaitVisible(css(sel))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			v, err := wait(ctx, t)
			if !stale(err) || ctx.Err() != nil {
				return v, err
			}
		}
	}
}

// step runs actions, failing the test on error.
func (c *chrome) step(steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, steps...); err != nil {
		c.t.Fatal(err)
	}
}

// text is the visible text of the first element matching sel.
func (c *chrome) text(sel string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Text(css(sel)))
	for stale(err) && c.ctx.Err() == nil { // the document was updated under the query: read it again
		s, err = chromedp.Run(c.ctx, chromedp.Text(css(sel)))
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

// stale reports the error of a query whose node vanished as its document
// was updated or replaced.
func stale(err error) bool { return err != nil && strings.Contains(err.Error(), "node with given id") }

// eval evaluates a JavaScript expression of string value.
func (c *chrome) eval(expr string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

// shot keeps a full-page screenshot as a test artefact.
func (c *chrome) shot(name string) {
	c.t.Helper()
	buf, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatal(err)
	}
	os.WriteFile(filepath.Join(c.dir, name+".png"), buf, 0o644)
}

// TestBrowser drives the UI in headless Chromium: sign in, see the
// dashboard's charts drawn by ECharts, search the HS catalogue, switch to
// English and register an enterprise through the form.
func TestBrowser(t *testing.T) {
	c := newChrome(t, 900)
	e := newEnv(t, storetest.Open(t, "sqlite"))
	step, text, eval, shot, dir := c.step, c.text, c.eval, c.shot, c.dir
	step(chromedp.Navigate(e.ts.URL+"/login"),
		chromedp.WaitVisible(css("#login")),
		chromedp.SendKeys(css("#login"), "officer"),
		chromedp.SendKeys(css("#password"), password("officer")),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(".queues")),
		// ECharts draws each chart in a canvas; the maps wait for their
		// boundaries.
		chromedp.WaitVisible(css(".chart.map canvas")))
	// Both maps are drawn or say 暂无数据 (No data); the demo's warnings in
	// force are on the first.
	if n := eval(`document.querySelectorAll('.chart.map canvas').length + ' ' + document.querySelectorAll('.chart.map .chart-empty').length`); n != "2 0" && n != "1 1" {
		t.Fatalf("workbench maps (drawn, empty): %s", n)
	}
	if got := text("#queue-triage"); !strings.Contains(got, "待研判") {
		t.Errorf("triage queue: %q", got)
	}
	// The grouped menu fits one line at 1366 px: every menu heading sits
	// on the bar's first line and the bar does not overflow.
	step(chromedp.EmulateViewport(1366, 900))
	if got := eval(`(function () {
		var bar = document.querySelector('header.topbar'), nav = document.querySelector('nav.main');
		var tops = {}, items = nav.querySelectorAll(':scope > a, :scope > details > summary');
		for (var i = 0; i < items.length; i++) tops[Math.round(items[i].getBoundingClientRect().top)] = 1;
		return Object.keys(tops).length + ' ' + (bar.scrollWidth <= bar.clientWidth) + ' ' + items.length;
	})()`); !strings.HasPrefix(got, "1 true ") {
		t.Errorf("menu at 1366 px (lines, fits, items): %s", got)
	}
	step(chromedp.EmulateViewport(1280, 900))
	if lang := eval(`document.documentElement.lang`); lang != "zh-CN" {
		t.Fatalf("html lang %q", lang)
	}
	if title := eval(`document.title`); !strings.Contains(title, "工作台") {
		t.Fatalf("title %q", title)
	}
	shot("dashboard")

	step(chromedp.Navigate(e.ts.URL+"/catalogs/hs"),
		chromedp.SendKeys(css("#q"), "3604"),
		// The list is on screen before the search too: mark this page, so
		// that the wait below only ends on the results page.
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Submit(css("#q")),
		waitNew("body:not([data-before]) table.list tbody tr"))
	if got := text("table.list tbody"); !strings.Contains(got, "烟花") {
		t.Fatalf("HS search for 3604 shows %q", got)
	}

	step(chromedp.Click(css(`a[lang="en"]`)),
		chromedp.WaitVisible(css(`html[lang="en"]`)),
		chromedp.Navigate(e.ts.URL+"/enterprises/new"),
		chromedp.WaitVisible(css("#uscc")))
	if h := text("h1"); h != "Register an enterprise" {
		t.Fatalf("English form heading %q", h)
	}
	step(chromedp.SendKeys(css("#uscc"), validUSCC(t, "91430100MA4LBR0W5")),
		chromedp.SendKeys(css("#name_zh"), "长沙浏览器测试有限公司"),
		chromedp.Click(css(`input[name="roles"][value="exporter"]`)),
		chromedp.Click(css(`button.primary[type="submit"]`)),
		chromedp.WaitVisible(css(".flash.ok")))
	if got := text(".flash.ok"); got != "Saved." {
		t.Fatalf("after saving: flash %q", got)
	}
	shot("enterprise-saved")

	// An emergency plan written in the form: a blank title is stopped by
	// the browser; one level with its action is enough.
	step(chromedp.Navigate(e.ts.URL+"/emergency/plans/new"),
		chromedp.WaitVisible(css("#title")))
	if h := text("h1"); h != "New emergency plan" {
		t.Fatalf("plan form heading %q", h)
	}
	shot("emergency-plan-form")
	step(chromedp.SendKeys(css("#title"), "Port epidemic plan"),
		chromedp.SetValue(css(`select[name="hazard"]`), "epidemic"),
		chromedp.SendKeys(css(`input[name="L3-a0-text"]`), "隔离留验"),
		chromedp.SetValue(css(`select[name="L3-a0-dept"]`), "cs-customs"),
		chromedp.SendKeys(css(`input[name="L3-a0-within"]`), "2"),
		chromedp.Click(css(`button.primary[type="submit"]`)),
		chromedp.WaitVisible(css(".flash.ok")))
	if got := text("h1"); got != "Port epidemic plan" {
		t.Fatalf("saved plan's page heading %q", got)
	}
	if got := text("section.card"); !strings.Contains(got, "隔离留验") {
		t.Errorf("saved plan's levels: %q", got)
	}
	shot("emergency-plan-saved")
	t.Logf("screenshots in %s", dir)
}

// TestDemoWalkInBrowser opens the demo's case — real Safety Gate alerts
// carried to an issued bulletin and announcement — in Chromium, as the
// officer, and the public announcement without signing in.
func TestDemoWalkInBrowser(t *testing.T) {
	c := newChrome(t, 1000)
	e := newEnv(t, storetest.Open(t, "sqlite"))
	step, text, shot := c.step, c.text, c.shot
	// The public first: the announcement, no login.
	step(chromedp.Navigate(e.ts.URL+"/public"), chromedp.WaitVisible(css("ul.announcements li a")))
	if got := text("ul.announcements"); !strings.Contains(got, "警惕新奇造型打火机烧伤风险") {
		t.Fatalf("public list: %q", got)
	}
	step(chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`), chromedp.Click(css("ul.announcements li a")),
		waitNew("body:not([data-before]) article h1"))
	if got := text("article"); !strings.Contains(got, "湘关预警〔2026〕") || !strings.Contains(got, "消费者应当怎么做") {
		t.Fatalf("announcement page: %q", got)
	}
	shot("public-announcement")
	// The officer's view of the case.
	step(chromedp.Navigate(e.ts.URL+"/login"), chromedp.WaitVisible(css("#login")),
		chromedp.SendKeys(css("#login"), "officer"), chromedp.SendKeys(css("#password"), password("officer")),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Submit(css("#password")), waitNew("body:not([data-before]) .queues"),
		chromedp.Navigate(e.ts.URL+"/cases"), chromedp.WaitVisible(css("table.list tbody tr a")),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Click(css("table.list tbody tr a")), waitNew("body:not([data-before]) h1 .mono"))
	page := text("main")
	for _, want := range []string{"SR/03746/24", "严重风险", "湘关预警〔2026〕1号", "风险警示通报", "风险警示公告"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if got := text("#case-measures tbody"); !strings.Contains(got, "追溯调查") {
		t.Errorf("case page lists no measures: %q", got)
	}
	shot("case")
	step(chromedp.Navigate(e.ts.URL+"/warnings?class=bulletin"), chromedp.WaitVisible(css("table.list tbody tr a")),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Click(css("table.list tbody tr a")), waitNew("body:not([data-before]) #measures"))
	if got := text("h1"); !strings.Contains(got, "通报") {
		t.Fatalf("opened %q, want the bulletin", got)
	}
	if got := text("main"); !strings.Contains(got, "严重风险 → II级") {
		t.Errorf("warning page does not explain the grade")
	}
	measures := text("#measures tbody")
	for _, want := range []string{"限制进出口（有条件放行）", "追溯调查", "提高抽样检测比例", "实施中"} {
		if !strings.Contains(measures, want) {
			t.Errorf("measures table lacks %q:\n%s", want, measures)
		}
	}
	shot("warning")
	// A detector's series page draws its chart.
	off := e.token("officer")
	seedWeeks(t, e, off)
	code, body := e.api("POST", "/api/v1/detectors", off, map[string]any{"name": "打火机投诉", "group_by": []string{"hs_heading"}, "period": "week", "method": "earsC1"})
	if code != 201 {
		t.Fatalf("detector: %d %v", code, body)
	}
	id := int(body["id"].(float64))
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/detectors/%d/run", id), off, nil); code != 200 || body["raised"].(float64) != 1 {
		t.Fatalf("run: %d %v", code, body)
	}
	step(chromedp.Navigate(fmt.Sprintf("%s/detection/%d", e.ts.URL, id)), chromedp.WaitVisible(css("#series-chart canvas")))
	if got := text("main"); !strings.Contains(got, "HS 品目 9613") || !strings.Contains(got, "#") {
		t.Errorf("detector page: %q", got)
	}
	shot("detector")
}

// TestPortalInBrowser is the public's walk through the portal: search in
// Chinese, open an announcement, switch to English, file a complaint and
// follow it; no login, no JavaScript needed for any of it.
func TestPortalInBrowser(t *testing.T) {
	c := newChrome(t, 1000)
	e := newEnv(t, storetest.Open(t, "sqlite"))
	c.step(chromedp.Navigate(e.ts.URL+"/public"), chromedp.WaitVisible(css("#pq")))
	if lang := c.eval(`document.documentElement.lang`); lang != "zh-CN" {
		t.Fatalf("html lang %q", lang)
	}
	// Every form control has a label.
	if n := c.eval(`String([...document.querySelectorAll('form.search input, form.search select')].filter(x => !document.querySelector('label[for="'+x.id+'"]')).length)`); n != "0" {
		t.Fatalf("%s portal controls without a label", n)
	}
	c.shot("portal-home")
	c.step(chromedp.SendKeys(css("#pq"), "打火机"),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Submit(css("#pq")),
		waitNew("body:not([data-before]) ul.announcements li a"))
	if got := c.text("ul.announcements"); !strings.Contains(got, "警惕新奇造型打火机烧伤风险") {
		t.Fatalf("search 打火机: %q", got)
	}
	// The snippet marks the query where it matched, visibly, and the result
	// says why it matched and what it is about, in words.
	if got := c.eval(`[...document.querySelectorAll('ul.results li:first-child .snippet mark')].map(m => m.textContent).join(',')`); got != "打火机" {
		t.Errorf("snippet marks %q", got)
	}
	if got := c.eval(`document.querySelector('ul.results li:first-child .snippet').textContent`); !strings.Contains(got, "新奇造型的一次性打火机外形似玩具") {
		t.Errorf("snippet %q", got)
	}
	if bg := c.eval(`getComputedStyle(document.querySelector('ul.results .snippet mark')).backgroundColor`); bg == "rgba(0, 0, 0, 0)" || bg == "" {
		t.Errorf("marks have no background: %q", bg)
	}
	if got := c.text("ul.results li:first-child .why"); !strings.HasPrefix(got, "匹配：标题“打火机”；摘要“打火机”") {
		t.Errorf("why %q", got)
	}
	if got := c.text("ul.results li:first-child .facts-line"); !strings.Contains(got, "危害：烧伤、烫伤") || !strings.Contains(got, "国家或地区：中国") {
		t.Errorf("facts %q", got)
	}
	c.shot("portal-search")
	c.step(chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`), chromedp.Click(css("ul.announcements li a")),
		waitNew("body:not([data-before]) article h1"))
	if got := c.text("article"); !strings.Contains(got, "采取的措施") || !strings.Contains(got, "消费者应当怎么做") {
		t.Fatalf("announcement: %q", got)
	}
	// (The mark on the old page's body tells the pages apart: waiting on a
	// node of a page being replaced fails under load.)
	c.step(chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`), chromedp.Click(css(`a[lang="en"]`)),
		waitNew(`html[lang="en"] body:not([data-before]) article h1`))
	if got := c.text("article"); !strings.Contains(got, "Measures taken") || !strings.Contains(got, "What consumers should do") {
		t.Fatalf("announcement in English: %q", got)
	}
	c.shot("portal-announcement-en")
	// File a complaint, in English now, and open its status page.
	c.step(chromedp.Navigate(e.ts.URL+"/public/complaints/new"), chromedp.WaitVisible(css("#cprod")),
		chromedp.SendKeys(css("#cprod"), "儿童电动牙刷"),
		chromedp.SetValue(css("#chaz"), "burns"),
		chromedp.SendKeys(css("#cdesc"), "充电时发烫冒烟。"),
		chromedp.SendKeys(css("#ccontact"), "13900000000"),
		chromedp.Click(css(`button.primary[type="submit"]`)),
		chromedp.WaitVisible(css("#tracking")))
	number := c.text("#tracking")
	if !strings.HasPrefix(number, "TS") {
		t.Fatalf("tracking number %q", number)
	}
	c.shot("portal-complaint-received")
	c.step(chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Click(css(`a[href="/public/complaints/`+number+`"]`)), waitNew("body:not([data-before]) #status"))
	if got := c.text("main"); !strings.Contains(got, "Received, awaiting assessment") || strings.Contains(got, "13900000000") {
		t.Fatalf("status page: %q", got)
	}
}
