package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestTraceThisLot, on both engines: the GLN register (validation,
// permission, audit), a trace mapped to ports and enterprises, and the one
// action that turns it into a warning's measure or a recall's lots and
// distributors — all or nothing, audited, refused to those who may not,
// over the API and the pages.
func TestTraceThisLot(t *testing.T) {
	doc, err := os.ReadFile("testdata/trace-lighters.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	for _, eng := range storetest.Engines(t) {
		t.Run(eng, func(t *testing.T) {
			e := newEnv(t, storetest.Open(t, eng))
			ctx := context.Background()
			officer, inspector := e.token("officer"), e.token("inspector")
			if code, body := e.send("POST", "/epcis/capture", e.token("enterprise"), "application/ld+json", bytes.NewReader(doc)); code != http.StatusCreated {
				t.Fatalf("capture: %d %v", code, body)
			}
			audits := func() int64 {
				n, err := (&audit.Service{Store: e.app.DB.Audit()}).Verify(ctx, risk.System)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			const lot, input = "urn:epc:class:lgtin:6901234.022222.L2026", "urn:epc:class:lgtin:6901234.011111.B1"
			const factory, hub, importer = "urn:epc:id:sgln:6901234.00001.0", "urn:epc:id:sgln:6905678.00002.0", "urn:epc:id:pgln:4012345.00001"

			// Nothing mapped yet: every place and party is unknown.
			code, sc := e.api("GET", "/api/v1/trace/scope?id="+url.QueryEscape(lot), officer, nil)
			if code != 200 || len(sc["ports"].([]any)) != 0 || len(sc["unmapped"].([]any)) != 3 || len(sc["lots"].([]any)) != 1 {
				t.Fatalf("scope before the register: %d %v", code, sc)
			}

			// The register refuses a wrong check digit, an unknown port or
			// firm, and those who do not keep the enterprise register.
			before := audits()
			for _, tt := range []struct {
				token string
				body  map[string]any
				code  int
				field string
			}{
				{officer, map[string]any{"gln": "6905678000022", "kind": "port", "port": "4900"}, 400, "gln"},
				{officer, map[string]any{"gln": hub, "kind": "port", "port": "9999"}, 400, "port"},
				{officer, map[string]any{"gln": hub, "kind": "enterprise", "uscc": validUSCC(t, "91430100MA4L9Y9Y9")}, 400, "uscc"},
				{officer, map[string]any{"gln": hub, "kind": "ship"}, 400, "kind"},
				{inspector, map[string]any{"gln": hub, "kind": "port", "port": "4900"}, 403, ""},
			} {
				code, body := e.api("POST", "/api/v1/trace/glns", tt.token, tt.body)
				if code != tt.code || errField(body) != tt.field {
					t.Errorf("%v: %d %v", tt.body, code, body)
				}
				if er, _ := body["error"].(map[string]any); er == nil || !strings.Contains(fmt.Sprint(er["message"]), " / ") {
					t.Errorf("%v: the message is not bilingual: %v", tt.body, body)
				}
			}
			if audits() != before {
				t.Errorf("refused entries were audited")
			}
			maker, err := e.app.DB.Enterprises().GetByUSCC(ctx, validUSCC(t, "91430100MA4L1A2B3")) // the enterprise account's firm
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []map[string]any{
				{"gln": hub, "kind": "port", "port": "4900", "note": "长沙港"},
				{"gln": factory, "kind": "enterprise", "uscc": maker.USCC},
			} {
				if code, body := e.api("POST", "/api/v1/trace/glns", officer, m); code != http.StatusCreated {
					t.Fatalf("map %v: %d %v", m, code, body)
				}
			}
			if audits() != before+2 {
				t.Errorf("audit entries %d, want %d", audits(), before+2)
			}
			code, list := e.api("GET", "/api/v1/trace/glns", inspector, nil)
			if code != 200 || len(list["items"].([]any)) != 2 {
				t.Errorf("register: %d %v", code, list)
			}

			code, sc = e.api("GET", "/api/v1/trace/scope?id="+url.QueryEscape(lot), officer, nil)
			ports, firmsReached := sc["ports"].([]any), sc["enterprises"].([]any)
			if code != 200 || len(ports) != 1 || ports[0].(map[string]any)["code"] != "4900" || ports[0].(map[string]any)["name"] != "长沙海关" ||
				len(firmsReached) != 1 || firmsReached[0].(map[string]any)["uscc"] != maker.USCC || len(sc["unmapped"].([]any)) != 1 {
				t.Fatalf("scope: %d %v", code, sc)
			}
			lotGTIN := sc["lots"].([]any)[0].(map[string]any)["gtin"].(string)

			// A warning's measure, scoped to the trace in one action.
			ws, _, err := e.app.Warnings.List(ctx, risk.System, warning.Filter{Status: warning.StatusIssued, Paging: risk.Paging{Limit: 100}})
			if err != nil {
				t.Fatal(err)
			}
			var w *warning.Warning
			for _, x := range ws {
				if x.Dept == "cs-customs" && len(x.Scope.Ports) == 0 && len(x.Scope.Batches) == 0 && len(x.Scope.USCCs) == 0 && len(x.Scope.GTINs) == 0 {
					w = x
					break
				}
			}
			if w == nil {
				t.Fatal("no issued warning of 长沙海关 to plan a measure of")
			}
			path := fmt.Sprintf("/api/v1/warnings/%d/trace-measures", w.ID)
			before = audits()
			if code, body := e.api("POST", path, inspector, map[string]any{"id": lot}); code != http.StatusForbidden {
				t.Errorf("inspector: %d %v", code, body)
			}
			if code, body := e.api("POST", path, officer, map[string]any{"id": "urn:epc:class:lgtin:6901234.022222.NONE"}); code != http.StatusNotFound {
				t.Errorf("unknown lot: %d %v", code, body)
			}
			if code, body := e.api("POST", path, officer, map[string]any{"id": lot, "type": "no-such-type"}); code != 400 || errField(body) != "type" {
				t.Errorf("unknown type: %d %v", code, body)
			}
			if audits() != before {
				t.Errorf("refused actions wrote audit entries")
			}
			code, planned := e.api("POST", path, officer, map[string]any{"id": lot, "type": "seal-detain"})
			if code != http.StatusCreated {
				t.Fatalf("plan: %d %v", code, planned)
			}
			scope := planned["measure"].(map[string]any)["scope"].(map[string]any)
			want := map[string][]any{"batches": {"L2026"}, "gtins": {lotGTIN}, "ports": {"4900"}, "usccs": {maker.USCC}}
			for k, v := range want {
				if got, _ := scope[k].([]any); !slices.Equal(got, v) {
					t.Errorf("measure scope %s = %v, want %v", k, got, v)
				}
			}
			if audits() != before+1 {
				t.Errorf("audit entries %d, want %d", audits(), before+1)
			}
			hist, err := e.app.Audit.History(ctx, []audit.Ref{{Entity: "measure", ID: risk.ID(planned["measure"].(map[string]any)["id"].(float64))}}, 5)
			if err != nil || len(hist) != 1 || !strings.Contains(hist[0].Summary, "L2026") {
				t.Errorf("the measure's audit entry does not name the trace: %v %v", hist, err)
			}

			// A recall of the input lot: the trace adds the lot made from it
			// and the importer, not the recalling firm.
			code, sc = e.api("GET", "/api/v1/trace/scope?id="+url.QueryEscape(input), officer, nil)
			if code != 200 {
				t.Fatal(code, sc)
			}
			inGTIN := sc["lots"].([]any)[0].(map[string]any)["gtin"].(string)
			rc, err := e.app.Recalls.Open(ctx, risk.Actor{UserID: 1, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}, recall.Input{Kind: recall.Voluntary, EnterpriseUSCC: maker.USCC,
				Products: []recall.Product{{Name: "防风打火机", GTIN: inGTIN, Batch: "B1", HSCode: "9613100000"}}, Defect: "气阀密封不良，可能漏气。"})
			if err != nil {
				t.Fatal(err)
			}
			rpath := fmt.Sprintf("/api/v1/recalls/%d/trace-scope", rc.ID)
			before = audits()
			if code, body := e.api("POST", rpath, inspector, map[string]any{"id": input, "rev": rc.Rev}); code != http.StatusForbidden {
				t.Errorf("inspector: %d %v", code, body)
			}
			if code, body := e.api("POST", rpath, officer, map[string]any{"id": input, "rev": rc.Rev + 5}); code != http.StatusConflict || errField(body) != "rev" {
				t.Errorf("stale: %d %v", code, body)
			}
			if audits() != before {
				t.Errorf("refused actions wrote audit entries")
			}
			code, out := e.api("POST", rpath, officer, map[string]any{"id": input, "rev": rc.Rev})
			if code != 200 {
				t.Fatalf("scope the recall: %d %v", code, out)
			}
			got := out["recall"].(map[string]any)
			products, dists := got["products"].([]any), got["distributors"].([]any)
			if len(products) != 2 || products[1].(map[string]any)["batch"] != "L2026" || products[1].(map[string]any)["gtin"] != lotGTIN ||
				products[1].(map[string]any)["name"] != "防风打火机" || len(dists) != 1 || dists[0].(map[string]any)["party"] != importer {
				t.Errorf("recall after the trace: %v", got)
			}
			if audits() != before+1 {
				t.Errorf("audit entries %d, want %d", audits(), before+1)
			}
			rev := int(got["rev"].(float64))
			if code, body := e.api("POST", rpath, officer, map[string]any{"id": input, "rev": rev}); code != http.StatusConflict {
				t.Errorf("nothing new: %d %v", code, body)
			}

			// The pages: the recall offers "trace this lot", the trace page
			// shows the scope, and its one button adds to the recall.
			b := e.browser()
			b.login("officer", password("officer"))
			_, page := b.get(fmt.Sprintf("/recalls/%d", rc.ID))
			if !strings.Contains(page, "追溯此批次") || !strings.Contains(page, "4012345.00001") {
				t.Errorf("the recall page offers no trace or lacks its distributor")
			}
			_, page = b.get(fmt.Sprintf("/warnings/%d/trace?id=%s", w.ID, url.QueryEscape(lot)))
			for _, s := range []string{"长沙海关 4900", maker.NameZh, "按追溯结果安排措施", "未登记的地点与当事方"} {
				if !strings.Contains(page, s) {
					t.Errorf("the warning's trace page lacks %q", s)
				}
			}
			resp, page := b.get(fmt.Sprintf("/warnings/%d/trace?id=%s", w.ID, url.QueryEscape("urn:epc:class:lgtin:6901234.022222.NONE")))
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(page, w.Title) {
				t.Errorf("unknown lot page: %d", resp.StatusCode)
			}
			resp, _ = b.post(fmt.Sprintf("/warnings/%d/trace", w.ID), url.Values{"csrf": {b.csrf}, "id": {lot}, "type": {"trace-investigation"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("plan from the page: %d", resp.StatusCode)
			}
			ms, err := e.app.Measures.OfWarning(ctx, risk.System, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range ms {
				if slices.Contains(m.Scope.Batches, "L2026") {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%d measures scoped to L2026, want 2", n)
			}
			_, page = b.get("/trace/glns")
			if !strings.Contains(page, "6905678000021") && !strings.Contains(page, "长沙海关") {
				t.Errorf("the register page lacks its entries")
			}
			resp, _ = b.post("/trace/glns", url.Values{"csrf": {b.csrf}, "action": {"delete"}, "gln": {hub}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("remove: %d", resp.StatusCode)
			}
			if code, body := e.api("DELETE", "/api/v1/trace/glns/"+url.PathEscape(hub), officer, nil); code != http.StatusNotFound {
				t.Errorf("remove again: %d %v", code, body)
			}
		})
	}
}
