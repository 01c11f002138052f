package web_test

import (
	"context"
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

// TestBrowser drives the UI in headless Chromium: sign in, see the
// dashboard's charts drawn by ECharts, search the HS catalogue, switch to
// English and register an enterprise through the form.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	e := newEnv(t, storetest.Open(t, "sqlite"))
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	dir := artefacts(t)
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	step := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	eval := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	step(chromedp.Navigate(e.ts.URL+"/"),
		chromedp.WaitVisible(css("#login")),
		chromedp.SendKeys(css("#login"), "officer"),
		chromedp.SendKeys(css("#password"), password("officer")),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(".stats")),
		// ECharts replaces each chart's content with a canvas.
		chromedp.WaitVisible(css(".chart canvas")))
	if n := eval(`String(document.querySelectorAll('.chart canvas').length)`); n != "2" {
		t.Fatalf("dashboard draws %s charts, want 2", n)
	}
	if lang := eval(`document.documentElement.lang`); lang != "zh-CN" {
		t.Fatalf("html lang %q", lang)
	}
	if title := eval(`document.title`); !strings.Contains(title, "工作台") {
		t.Fatalf("title %q", title)
	}
	shot("dashboard")

	step(chromedp.Navigate(e.ts.URL+"/catalogs/hs"),
		chromedp.SendKeys(css("#q"), "3604"),
		chromedp.Submit(css("#q")),
		chromedp.WaitVisible(css("table.list tbody tr")))
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
	t.Logf("screenshots in %s", dir)
}
