package web_test

import (
	"riskgate/internal/risk"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"riskgate/internal/store/storetest"
)

// TestScreeningFormInBrowser screens a declaration from the form in
// Chromium as the inspector: lines are added and removed in place, the
// consignor's registered name appears as its USCC is typed, and the
// decision page follows, in words.
func TestScreeningFormInBrowser(t *testing.T) {
	c := newChrome(t, 1200)
	e := newEnv(t, storetest.Open(t, "sqlite"))
	step, text, eval := c.step, c.text, c.eval
	lines := func() string { return eval(`String(document.querySelectorAll('#lines fieldset.line').length)`) }
	step(chromedp.Navigate(e.ts.URL+"/login"), chromedp.WaitVisible(css("#login")),
		chromedp.SendKeys(css("#login"), "inspector"), chromedp.SendKeys(css("#password"), password("inspector")),
		chromedp.Submit(css("#password")), chromedp.WaitNotPresent(css("#password")),
		chromedp.Navigate(e.ts.URL+"/declarations/screen"), chromedp.WaitVisible(css("#number")))
	if n := lines(); n != "3" {
		t.Fatalf("the form offers %s lines, want 3", n)
	}
	// Every control has a label.
	if n := eval(`String([...document.querySelectorAll('#declaration-form input:not([type=hidden]), #declaration-form select')].filter(x => !document.querySelector('label[for="'+x.id+'"]')).length)`); n != "0" {
		t.Fatalf("%s controls without a label", n)
	}
	// Add a line in place, then remove the second: the rest renumber.
	step(chromedp.Click(css("#add-line")))
	if n, count := lines(), eval(`document.getElementById('line_count').value`); n != "4" || count != "4" ||
		eval(`String(!!document.querySelector('input[name="lines[3].hs_code"]'))`) != "true" {
		t.Fatalf("after adding: %s lines, line_count %s", n, count)
	}
	step(chromedp.Click(css(`fieldset.line[data-line="1"] .remove-line`)))
	if n := lines(); n != "3" || eval(`String(!!document.querySelector('input[name="lines[3].hs_code"]'))`) != "false" ||
		eval(`document.querySelector('fieldset.line[data-line="2"] .remove-line').value`) != "remove:2" {
		t.Fatalf("after removing: %s lines", n)
	}
	if got := eval(`location.pathname`); got != "/declarations/screen" {
		t.Fatalf("adding and removing left the page: %s", got)
	}
	// The consignor's name from the register, as the USCC is typed.
	// Declared a few minutes on, when the demo's bulletin is in force.
	later := time.Now().Add(5 * time.Minute).In(risk.China).Format("2006-01-02T15:04")
	step(chromedp.SendKeys(css("#number"), "BR-1"), chromedp.SetValue(css("#declared_at"), later),
		chromedp.SendKeys(css("#consignor_uscc"), validUSCC(t, "91430100MA4L1A2B3")),
		chromedp.Poll[chromedp.Void](`document.querySelector('#consignor_uscc').parentNode.querySelector('.party-name').textContent.includes('湖南湘江烟花进出口有限公司')`),
		chromedp.SendKeys(css(`input[name="lines[0].hs_code"]`), "9613800000"),
		chromedp.SendKeys(css(`input[name="lines[0].name"]`), "骰子造型打火机"),
		chromedp.SetValue(css(`select[name="lines[0].origin"]`), "CN"),
		chromedp.SetValue(css(`select[name="lines[0].destination"]`), "DE"),
		chromedp.SendKeys(css(`input[name="lines[2].hs_code"]`), "6911101000"),
		chromedp.SendKeys(css(`input[name="lines[2].name"]`), "陶瓷餐具"))
	c.shot("screening-form")
	// Wait for the decision page, not a node of the form being replaced.
	step(chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Click(css(`.actions button.primary[value="screen"]`)), waitNew("body:not([data-before]) h1 .badge"))
	if got := eval(`location.pathname`); got != "/declarations/BR-1" {
		t.Fatalf("after screening: %s", got)
	}
	page := text("main")
	for _, want := range []string{"筛查完成", "长沙海关", "一般贸易", "湖南湘江烟花进出口有限公司", "骰子造型打火机", "陶瓷餐具", "中国 → 德国", "湘关预警〔2026〕1号"} {
		if !strings.Contains(page, want) {
			t.Errorf("decision page lacks %q", want)
		}
	}
	if badge := text("h1 .badge"); !strings.Contains("放行 单证审核 查验 抽样检测 扣留 销毁 拒绝入境/出境、退运", badge) || badge == "" {
		t.Errorf("decision %q is not in words", badge)
	}
	if n := eval(`String(document.querySelectorAll('section.card[id^="line-"]').length)`); n != "2" {
		t.Errorf("the decision page shows %s lines, want the 2 filled in", n)
	}
	c.shot("screening-decision")
}
