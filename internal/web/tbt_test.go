package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store/storetest"
)

// TestTBTHTTP walks issue 19's TBT contract over HTTP on both engines:
// POST /api/v1/tbt/notifications with {symbol, member, hs_codes, title,
// comment_deadline}; GET …/{id}/impact → {items: [{uscc, name, lines,
// value}]} from the export declarations screened to the member's states;
// a symbol that does not parse, an HS code that does not exist or an
// unknown member is a 400 naming the field that writes nothing; the pages'
// forms (entry, import, comment, study published to the firm's reminders)
// refuse bad input at its field.
func TestTBTHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := storetest.Open(t, engine)
			pinClock(db)
			e := newEnv(t, db)
			officer, admin, firm := e.token("officer"), e.token("admin"), e.token("enterprise")
			_, me := e.api("GET", "/api/v1/me", firm, nil)
			_, ent := e.api("GET", fmt.Sprintf("/api/v1/enterprises/%v", me["enterprise_id"]), officer, nil)
			uscc := ent["uscc"].(string)
			today := time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)).Format(time.RFC3339)
			for i, dest := range []string{"DE", "FR", "US"} {
				code, b := e.api("POST", "/api/v1/declarations/screen", e.token("inspector"), map[string]any{"number": fmt.Sprintf("49002026120100%04d", i+1),
					"direction": "export", "port": "4900", "declared_at": today, "trade_mode": "0110", "consignor_uscc": uscc,
					"lines": []any{map[string]any{"hs_code": "9503001000", "name": "塑料玩具车", "origin": "CN", "destination": dest, "quantity": 100, "unit": "箱", "value": 1000 * (i + 1)}}})
				if code != 200 {
					t.Fatalf("screen: %d %v", code, b)
				}
			}
			audits := func() float64 {
				_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
				n, _ := b["total"].(float64)
				return n
			}
			n0 := audits()
			for _, c := range []struct {
				name  string
				body  map[string]any
				field string
			}{
				{"symbol", map[string]any{"symbol": "TBT/EU/1234", "member": "EU", "hs_codes": []string{"9503"}, "title": "x", "comment_deadline": "2027-01-31"}, "symbol"},
				{"hs", map[string]any{"symbol": "G/TBT/N/EU/1234", "member": "EU", "hs_codes": []string{"9503", "7705"}, "title": "x", "comment_deadline": "2027-01-31"}, "hs_codes[1]"},
				{"member", map[string]any{"symbol": "G/TBT/N/TPKM/12", "member": "XX", "hs_codes": []string{"9503"}, "title": "x"}, "member"},
			} {
				code, b := e.api("POST", "/api/v1/tbt/notifications", officer, c.body)
				if code != 400 || errField(b) != c.field {
					t.Errorf("%s: %d %v, want 400 naming %s", c.name, code, b, c.field)
				}
				checkMessage(t, c.name, errMessage(b))
			}
			if audits() != n0 {
				t.Fatal("refused input was written")
			}
			code, n := e.api("POST", "/api/v1/tbt/notifications", officer, map[string]any{"symbol": "G/TBT/N/EU/1234", "member": "EU",
				"hs_codes": []string{"9503"}, "title": "Toy safety regulation", "comment_deadline": "2027-01-31"})
			if code != 201 || n["id"] == nil || n["kind"] != "regular" {
				t.Fatalf("create: %d %v", code, n)
			}
			id := fmt.Sprint(n["id"])
			code, im := e.api("GET", "/api/v1/tbt/notifications/"+id+"/impact", officer, nil)
			items, _ := im["items"].([]any)
			if code != 200 || len(items) == 0 {
				t.Fatalf("impact: %d %v", code, im)
			}
			var mine map[string]any
			for _, it := range items {
				if m := it.(map[string]any); m["uscc"] == uscc {
					mine = m
				}
			}
			if mine == nil || mine["lines"] != float64(2) || mine["value"] != float64(3000) || mine["name"] != ent["name_zh"] {
				t.Errorf("the firm's impact %v (DE and FR count, US does not), items %v", mine, items)
			}
			if code, _ := e.api("GET", "/api/v1/tbt/notifications/"+id+"/impact", firm, nil); code != 403 {
				t.Errorf("a firm read the impact: %d", code)
			}

			// The pages: a refused entry keeps what was typed and names
			// the field; the import refuses a file with one bad row whole.
			b := e.browser()
			if resp := b.login("officer", password("officer")); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("login: %d", resp.StatusCode)
			}
			b.get("/tbt/new")
			resp, page := b.post("/tbt", url.Values{"csrf": {b.csrf}, "symbol": {"G/TBT/N/USA/2101"}, "member": {"US"}, "hs_codes": {"3604, 7706"}, "title": {"Fireworks"}})
			if resp.StatusCode != 400 || !strings.Contains(page, `href="#hs_codes"`) || !strings.Contains(page, "Fireworks") {
				t.Errorf("refused entry: %d", resp.StatusCode)
			}
			resp, _ = b.post("/tbt", url.Values{"csrf": {b.csrf}, "symbol": {"G/TBT/N/USA/2101"}, "hs_codes": {"3604"}, "title": {"Fireworks devices"}, "comment_deadline": {"2026-12-10"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("entry: %d", resp.StatusCode)
			}
			us := resp.Header.Get("Location")
			_, page = b.get(strings.TrimSuffix(us, "?saved=1"))
			if !strings.Contains(page, "美国") || !strings.Contains(page, "3604") {
				t.Errorf("the US notification's page")
			}
			resp, page = b.post(strings.TrimSuffix(us, "?saved=1"), url.Values{"csrf": {b.csrf}, "action": {"draft"}, "text": {" "}})
			if resp.StatusCode != 400 || !strings.Contains(page, `href="#comment-text"`) {
				t.Errorf("empty comment: %d", resp.StatusCode)
			}
			resp, _ = b.post(strings.TrimSuffix(us, "?saved=1"), url.Values{"csrf": {b.csrf}, "action": {"draft"}, "text": {"建议明确过渡期。"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("draft: %d", resp.StatusCode)
			}
			resp, _ = b.post(strings.TrimSuffix(us, "?saved=1"), url.Values{"csrf": {b.csrf}, "action": {"send"}, "sent_on": {"2026-11-30"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("send: %d", resp.StatusCode)
			}
			if _, got := e.api("GET", "/api/v1/tbt/notifications"+strings.TrimPrefix(strings.TrimSuffix(us, "?saved=1"), "/tbt"), officer, nil); fmt.Sprint(got["comment"]) == "<nil>" ||
				got["comment"].(map[string]any)["status"] != "sent" {
				t.Errorf("comment after sending: %v", got["comment"])
			}
			n0 = audits()
			csv := "Document symbol,Notifying member,Title,HS code(s),Final date for comments\nG/SPS/N/JPN/1300,JP,MRLs,0304,2027-01-10\nG/SPS/N/JPN/1301,JP,MRLs,0399,\n"
			code, res := e.send("POST", "/api/v1/tbt/notifications/import?format=csv", officer, "text/csv", strings.NewReader(csv))
			result, _ := res["result"].(map[string]any)
			errs, _ := result["errors"].([]any)
			if code != 400 || len(errs) != 1 || errs[0].(map[string]any)["row"] != float64(3) {
				t.Errorf("bad import: %d %v", code, res)
			}
			if audits() != n0 {
				t.Fatal("a refused import was written")
			}

			// A study published reaches the firm's reminders.
			resp, _ = b.post("/tbt/"+id, url.Values{"csrf": {b.csrf}, "action": {"study"}, "title": {"欧盟玩具法规影响评估"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("open study: %d", resp.StatusCode)
			}
			st := resp.Header.Get("Location")
			_, page = b.get(st)
			if !strings.Contains(page, ent["name_zh"].(string)) {
				t.Errorf("the study's page does not name the firm concerned")
			}
			resp, page = b.post(st, url.Values{"csrf": {b.csrf}, "action": {"publish"}, "findings": {"出口欧盟玩具。"}, "guidance": {""}})
			if resp.StatusCode != 400 || !strings.Contains(page, `href="#guidance"`) {
				t.Errorf("publish without guidance: %d", resp.StatusCode)
			}
			resp, _ = b.post(st, url.Values{"csrf": {b.csrf}, "action": {"publish"}, "findings": {"出口欧盟玩具。"}, "guidance": {"请关注新法规的化学品要求。"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish: %d", resp.StatusCode)
			}
			_, rem := e.api("GET", "/api/v1/reminders", firm, nil)
			found := false
			for _, r := range rem["items"].([]any) {
				if strings.HasPrefix(fmt.Sprint(r.(map[string]any)["href"]), "/tbt/studies/") {
					found = true
				}
			}
			if !found {
				t.Errorf("the firm was not told: %v", rem)
			}
		})
	}
}
