package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/credit"
	"riskgate/internal/expert"
	"riskgate/internal/inspection"
	"riskgate/internal/matching"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/store/storetest"
	"riskgate/internal/subscription"
	"riskgate/internal/warning"
)

// storedCodes are the codes users must never see as such: every catalogue
// code that is not a plain number (HS headings and division codes are
// numbers users read), and every stored status, decision, class, level,
// grade, role and kind, with the code's origin for the failure message.
func storedCodes(t *testing.T) map[string]string {
	t.Helper()
	codes := map[string]string{}
	add := func(origin string, cs ...string) {
		for _, c := range cs {
			if c != "" && strings.Trim(c, "0123456789.") != "" {
				codes[c] = origin
			}
		}
	}
	tables, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		for _, e := range tb.Entries {
			add("catalogue "+tb.Name, e.Code)
		}
	}
	for _, m := range []struct {
		name string
		m    risk.Machine
	}{{"signal", risk.Machine{}}, {"case", casefile.Lifecycle()}, {"assessment", assess.Lifecycle()},
		{"warning", warning.Lifecycle()}, {"measure", measure.Lifecycle()}} {
		add(m.name+" status", m.m.States()...)
		add(m.name+" action", m.m.Actions()...)
	}
	add("signal status", string(signal.StatusNew), string(signal.StatusTriaged), string(signal.StatusDismissed))
	add("signal link", signal.LinkDuplicate, signal.LinkRelated)
	add("suggestion reason", "gtin", "batch", "model", "uscc")
	for _, r := range risk.Roles {
		add("role", string(r))
	}
	for _, g := range risk.Grades {
		add("grade", string(g))
	}
	add("level", string(risk.LevelSerious), string(risk.LevelHigh), string(risk.LevelMedium), string(risk.LevelLow))
	add("warning class", string(warning.ClassBulletin), string(warning.ClassNotice), string(warning.ClassAnnouncement))
	add("urgency", string(warning.UrgencyNormal), string(warning.UrgencyImmediate))
	add("reach", string(warning.ReachLocal), string(warning.ReachWide))
	for _, d := range []screening.Decision{screening.Release, screening.DocumentCheck, screening.Inspect, screening.LabTest,
		screening.Detain, screening.Destroy, screening.Refuse} {
		add("screening decision", string(d))
	}
	add("subscription", string(subscription.Email), string(subscription.Webhook), string(subscription.StatusPending),
		string(subscription.StatusActive), string(subscription.StatusEnded))
	add("match status", matching.Proposed, matching.Confirmed, matching.Rejected)
	add("credit severity", string(credit.Minor), string(credit.General), string(credit.Serious))
	add("credit event status", string(credit.InForce), string(credit.Repaired), string(credit.Expired), string(credit.Withdrawn))
	add("credit repair status", string(credit.RepairPending), string(credit.RepairApproved), string(credit.RepairRejected))
	add("credit source", string(credit.FromManual), string(credit.FromMeasure), string(credit.FromPenalty), string(credit.FromInterview))
	add("inspection", inspection.KindInspection, inspection.KindLabTest, inspection.ResultPass, inspection.ResultFail)
	// (CAP's Alert, Update and Cancel are ordinary words on English pages.)
	add("complaint status", "received", "under_investigation")
	add("uncertainty", "low", "medium", "high")
	add("profile status", string(assess.ProfileDraft), string(assess.ProfileActive), string(assess.ProfileRetired))
	add("panel stance", string(assess.StanceAgree), string(assess.StanceAmend), string(assess.StanceDisagree))
	add("panel outcome", string(assess.OutcomeConfirm), string(assess.OutcomeRevise))
	for _, f := range expert.Fields {
		add("expert field", string(f))
	}
	return codes
}

// Visible text is split where a code would stand alone: first between
// markup (each text node separately) and at the separators pages put between
// values (coarseRE), where a whole catalogue name is let be; then also at
// commas, brackets and slashes (fineRE). Never at spaces, so that English
// prose ("food contact materials") is not read as codes.
var (
	coarseRE = regexp.MustCompile(`[·，、；;：:|→\n\t]+`)
	fineRE   = regexp.MustCompile(`[,()（）\[\]【】/—–]+`)
)

// compoundRE finds codes of several parts (in_force, cs-customs) anywhere:
// no prose holds them.
var compoundRE = regexp.MustCompile(`[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+`)

// standardRE finds the prefix of a recommended or guiding standard's
// number (GB/T 2912.1-2009, SN/T 1234, GB/Z …): words, not codes, which
// the fine split on "/" would otherwise cut into a country code.
var standardRE = regexp.MustCompile(`\b[A-Z]{2,3}/[TZ]\s*[0-9]`)

// visibleText returns the text a reader sees on a page (text nodes outside
// script and style, and the title, placeholder, alt and aria-label of
// elements and the value of visible inputs), one string per node.
func visibleText(t *testing.T, page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "template":
				return
			case "code":
				// Codes shown as codes, on purpose: the reference
				// catalogues (TestCodeElementsOnlyInCatalogues).
				return
			}
			typ := ""
			for _, a := range n.Attr {
				if a.Key == "type" {
					typ = a.Val
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "placeholder", "alt", "aria-label":
					out = append(out, a.Val)
				case "value":
					if n.Data == "input" && typ != "hidden" && typ != "checkbox" && typ != "radio" && typ != "submit" {
						out = append(out, a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// catalogueNames are the Chinese and English names of every catalogue
// entry: a name is words, even when one of its words is also a code
// ("Biotoxins (other)").
func catalogueNames(t *testing.T) map[string]bool {
	tables, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tb := range tables {
		for _, e := range tb.Entries {
			names[e.NameZh], names[e.NameEn] = true, true
		}
	}
	return names
}

var names map[string]bool

// codesIn returns the codes that stand alone in a page's visible text.
// English pages are split only at the separators between values: commas
// and brackets there are prose ("Grade III (serious, yellow)").
func codesIn(t *testing.T, page string, codes map[string]string) []string {
	english := strings.Contains(page, `<html lang="en"`)
	if names == nil {
		names = catalogueNames(t)
	}
	var found []string
	for _, text := range visibleText(t, page) {
		if names[strings.TrimSpace(text)] {
			continue
		}
		text = standardRE.ReplaceAllString(text, "标准 ")
		seen := map[string]bool{}
		for _, coarse := range coarseRE.Split(text, -1) {
			if names[strings.TrimSpace(coarse)] {
				continue
			}
			segs := []string{coarse}
			if !english {
				segs = fineRE.Split(coarse, -1)
			}
			for _, seg := range segs {
				seg = strings.Trim(strings.TrimSpace(seg), ".。!！?？\"'“”‘’")
				if origin, ok := codes[seg]; ok && !seen[seg] {
					seen[seg] = true
					found = append(found, fmt.Sprintf("%q (%s) in %q", seg, origin, strings.TrimSpace(text)))
				}
			}
		}
		for _, tok := range compoundRE.FindAllString(text, -1) {
			if origin, ok := codes[tok]; ok && !seen[tok] {
				seen[tok] = true
				found = append(found, fmt.Sprintf("%q (%s) in %q", tok, origin, strings.TrimSpace(text)))
			}
		}
	}
	return found
}

var idSegment = regexp.MustCompile(`/[0-9][^/]*`)

// crawl visits the pages reachable from start for one user, at most
// perPattern pages of each path pattern (ids replaced) and limit pages in
// all, and calls visit with each page's path and HTML.
func crawl(t *testing.T, c *http.Client, base string, start []string, perPattern, limit int, visit func(path, page string)) int {
	t.Helper()
	seen, patterns := map[string]bool{}, map[string]int{}
	queue := append([]string(nil), start...)
	hrefRE := regexp.MustCompile(`href="([^"#]*)"`)
	n := 0
	for len(queue) > 0 && n < limit {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		u, _ := url.Parse(p)
		pat := idSegment.ReplaceAllString(u.Path, "/{id}")
		if u.RawQuery != "" {
			pat += "?"
		}
		if patterns[pat] >= perPattern {
			continue
		}
		patterns[pat]++
		resp, err := c.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
			continue
		}
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		n++
		visit(p, string(body))
		for _, m := range hrefRE.FindAllStringSubmatch(string(body), -1) {
			h := html.UnescapeString(m[1])
			if !strings.HasPrefix(h, "/") || strings.HasPrefix(h, "//") {
				continue
			}
			switch {
			case strings.HasPrefix(h, "/static/"), strings.HasPrefix(h, "/api/"), strings.HasPrefix(h, "/lang/"),
				strings.HasPrefix(h, "/cap/"), strings.HasPrefix(h, "/feeds/"), h == "/logout",
				strings.Contains(h, "/attachments/"), strings.HasSuffix(h, ".csv"), strings.HasSuffix(h, ".xlsx"),
				strings.HasSuffix(h, ".pdf"), strings.HasSuffix(h, ".xml"), strings.HasSuffix(h, "/pdf"), strings.HasSuffix(h, "/xlsx"):
				continue
			}
			queue = append(queue, h)
		}
	}
	return n
}

// TestNoCodesOnPages walks every page each role can reach, in Chinese and
// in English, and fails on any stored code that stands alone in visible
// text: users read 已上报, 实施中 and 长沙海关, never referred, in_force or
// cs-customs.
func TestNoCodesOnPages(t *testing.T) {
	// The whole demo (its small form): every kind of record, so that every
	// page the roles reach has something on it.
	e := newFullEnv(t, storetest.Open(t, "sqlite"))
	codes := storedCodes(t)
	roles := []string{"", "officer", "approver", "inspector", "enterprise", "lab", "admin"}
	for li, lang := range []string{"zh", "en"} {
		for ri, login := range roles {
			name := login
			if name == "" {
				name = "public"
			}
			t.Run(lang+"/"+name, func(t *testing.T) {
				b := e.browser()
				// Each walk comes from its own address, under the
				// per-address rate limit (the test server trusts
				// X-Forwarded-For from loopback).
				b.c.Transport = forwardedFor{fmt.Sprintf("10.77.%d.%d", li, ri+1)}
				if login != "" {
					if resp := b.login(login, password(login)); resp.StatusCode != http.StatusSeeOther {
						t.Fatalf("login %s: %d", login, resp.StatusCode)
					}
				}
				b.get("/lang/" + lang + "?next=/")
				found := map[string][]string{}
				start := []string{"/", "/public"}
				n := crawl(t, b.c, e.ts.URL, start, 3, 400, func(path, page string) {
					if lang == "en" && !strings.Contains(page, `<html lang="en"`) {
						t.Fatalf("%s is not in English", path)
					}
					if hits := codesIn(t, page, codes); len(hits) > 0 {
						found[path] = hits
					}
					// <code> shows codes on purpose; only the reference
					// catalogues and the audit trail may.
					if strings.Contains(page, "<code") && !strings.HasPrefix(path, "/catalogs") && !strings.HasPrefix(path, "/admin/") {
						t.Errorf("%s uses <code>: codes belong in the catalogues and the administrators' pages", path)
					}
				})
				if n < 3 {
					t.Fatalf("crawled only %d pages", n)
				}
				var paths []string
				for p := range found {
					paths = append(paths, p)
				}
				sort.Strings(paths)
				for _, p := range paths {
					t.Errorf("%s shows codes: %s", p, strings.Join(found[p], "; "))
				}
				t.Logf("%d pages", n)
			})
		}
	}
}

// forwardedFor sends requests as if from addr behind a trusted proxy.
type forwardedFor struct{ addr string }

func (f forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return http.DefaultTransport.RoundTrip(r)
}

// TestCodesInCatch checks the checker on a page that leaks codes.
func TestCodesInCatch(t *testing.T) {
	codes := map[string]string{"in_force": "measure status", "cs-customs": "catalogue departments", "referred": "warning status"}
	page := `<html><body><p>状态：referred · <span title="cs-customs">李敏</span></p><td>in_force</td><p>in force, referral</p><script>"in_force"</script><code>referred</code><td>Biotoxins (other)</td></body></html>`
	codes["other"] = "catalogue hazards"
	got := codesIn(t, page, codes)
	if len(got) != 3 {
		t.Fatalf("found %d codes, want 3: %v", len(got), got)
	}
}
