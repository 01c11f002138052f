package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/store/storetest"
)

// TestCreditHTTP walks the contract of issue 16 over HTTP on both engines:
// an event moves the tier the register shows, bad events write nothing,
// the dishonest list answers as JSON and exports as CSV and XLSX marked
// against the last export, and the public list names the seriously
// dishonest.
func TestCreditHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, storetest.Open(t, engine))
			officer, ent := e.token("officer"), e.token("enterprise")
			code, list := e.api("GET", "/api/v1/enterprises?tier=routine&limit=1", officer, nil)
			items, _ := list["items"].([]any)
			if code != 200 || len(items) == 0 {
				t.Fatalf("a routine firm: %d %v", code, list)
			}
			firm := items[0].(map[string]any)
			uscc, id := firm["uscc"].(string), fmt.Sprint(firm["id"])
			events := func() float64 {
				_, b := e.api("GET", "/api/v1/credit/events", officer, nil)
				n, _ := b["total"].(float64)
				return n
			}
			n0 := events()
			for _, c := range []struct {
				body  map[string]any
				field string
			}{
				{map[string]any{"enterprise_uscc": "91430000MA4L0000X1", "kind": "smuggling", "severity": "serious", "occurred_on": "2026-11-01", "reference": "x"}, "enterprise_uscc"},
				{map[string]any{"enterprise_uscc": uscc, "kind": "smuggling", "severity": "grave", "occurred_on": "2026-11-01", "reference": "x"}, "severity"},
				{map[string]any{"enterprise_uscc": uscc, "kind": "smuggling", "severity": "serious", "occurred_on": "01/11/2026", "reference": "x"}, "occurred_on"},
				{map[string]any{"enterprise_uscc": uscc, "kind": "smuggling", "severity": "serious", "occurred_on": "2026-11-01"}, "reference"},
			} {
				if code, b := e.api("POST", "/api/v1/credit/events", officer, c.body); code != 400 || errField(b) != c.field {
					t.Errorf("bad event %v: %d %v, want 400 naming %s", c.body, code, b, c.field)
				}
			}
			if events() != n0 {
				t.Fatal("a refused event was written")
			}
			if code, _ := e.api("POST", "/api/v1/credit/events", ent, map[string]any{"enterprise_uscc": uscc, "kind": "smuggling", "severity": "serious", "occurred_on": "2026-11-01", "reference": "x"}); code != 403 {
				t.Fatalf("a firm records an event: %d", code)
			}

			code, ev := e.api("POST", "/api/v1/credit/events", officer, map[string]any{"enterprise_uscc": uscc, "kind": "smuggling", "severity": "serious",
				"occurred_on": "2026-11-01", "reference": "长关缉违字〔2026〕31号"})
			ch, _ := ev["tier_change"].(map[string]any)
			if code != 201 || ch == nil || ch["from"] != "routine" || ch["to"] != "seriously-dishonest" {
				t.Fatalf("a serious event: %d %v", code, ev)
			}
			if _, got := e.api("GET", "/api/v1/enterprises/"+id, officer, nil); got["credit_tier"] != "seriously-dishonest" {
				t.Fatalf("the register says %v", got["credit_tier"])
			}
			_, l := e.api("GET", "/api/v1/credit/lists/dishonest", officer, nil)
			found := false
			for _, it := range l["items"].([]any) {
				m := it.(map[string]any)
				found = found || m["uscc"] == uscc && m["tier"] == "seriously-dishonest" && m["since"] != ""
			}
			if !found {
				t.Fatalf("the dishonest list: %v", l)
			}
			_, pub := e.api("GET", "/api/v1/public/credit", "", nil)
			if !strings.Contains(fmt.Sprint(pub), uscc) {
				t.Fatalf("the public list: %v", pub)
			}

			// The first export marks nothing; after the event is withdrawn the
			// next marks the firm removed.
			rows := exportCSV(t, e, officer)
			if len(rows) < 2 || rows[0][0] != "统一社会信用代码 USCC" || len(rows[0]) != 7 {
				t.Fatalf("export heading: %v", rows)
			}
			for _, r := range rows[1:] {
				if r[5] != "" {
					t.Fatalf("a first export marks a change: %v", r)
				}
			}
			if code, b := e.api("POST", "/api/v1/credit/events/"+fmt.Sprint(ev["id"])+"/withdraw", officer, map[string]any{"reason": "复议撤销处罚决定"}); code != 200 {
				t.Fatalf("withdraw: %d %v", code, b)
			}
			xl := exportXLSX(t, e, officer)
			removed := false
			for _, r := range xl[1:] {
				removed = removed || len(r) > 5 && r[0] == uscc && r[5] == "removed"
			}
			if !removed {
				t.Fatalf("the second export does not mark %s removed: %v", uscc, xl)
			}
			if _, got := e.api("GET", "/api/v1/enterprises/"+id, officer, nil); got["credit_tier"] != "routine" {
				t.Fatalf("after the withdrawal the register says %v", got["credit_tier"])
			}

			// The firm's file: its credit with the withdrawn event and the
			// change back; officials only.
			code, d := e.api("GET", "/api/v1/enterprises/"+id+"/dossier", officer, nil)
			cr, _ := d["credit"].(map[string]any)
			if code != 200 || cr == nil || len(cr["events"].([]any)) != 1 || len(cr["changes"].([]any)) != 2 {
				t.Fatalf("the dossier: %d %v", code, d)
			}
			if code, _ := e.api("GET", "/api/v1/enterprises/"+id+"/dossier", ent, nil); code != 403 {
				t.Fatalf("a firm reads a dossier: %d", code)
			}
		})
	}
}

func exportFile(t *testing.T, e *env, token, format string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/credit/lists/dishonest?format="+format, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("X-Riskgate-Export") == "" {
		t.Fatalf("export %s: %d %s", format, resp.StatusCode, b)
	}
	return b
}

func exportCSV(t *testing.T, e *env, token string) [][]string {
	b := bytes.TrimPrefix(exportFile(t, e, token, "csv"), []byte("\ufeff"))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func exportXLSX(t *testing.T, e *env, token string) [][]string {
	f, err := excelize.OpenReader(bytes.NewReader(exportFile(t, e, token, "xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCreditNotices: a change of tier and the decision on a repair are
// told to the firm's users once each (reminders of stage 通知).
func TestCreditNotices(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	officer, firm := e.token("officer"), e.token("enterprise")
	code, ev := e.api("POST", "/api/v1/credit/events", officer, map[string]any{"enterprise_uscc": "91430100MA4L1A2B3F", "kind": "false-declaration",
		"severity": "general", "occurred_on": "2025-06-01", "reference": "长关缉违字〔2025〕40号"})
	if code != 201 || ev["tier_change"] == nil {
		t.Fatalf("event: %d %v", code, ev)
	}
	if _, err := e.app.Reminders.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	notices := func() []map[string]any {
		_, list := e.api("GET", "/api/v1/reminders", firm, nil)
		var out []map[string]any
		for _, it := range list["items"].([]any) {
			if m := it.(map[string]any); m["stage"] == "notice" {
				out = append(out, m)
			}
		}
		return out
	}
	ns := notices()
	if len(ns) != 1 || !strings.HasPrefix(ns[0]["href"].(string), "/credit/firms/") || !strings.Contains(ns[0]["subject"].(string), "失信企业") {
		t.Fatalf("the firm's notices after the change: %v", ns)
	}
	code, rep := e.api("POST", "/api/v1/credit/repairs", firm, map[string]any{"event_ids": []any{ev["id"]}, "evidence": "已整改。"})
	if code != 201 {
		t.Fatalf("apply: %d %v", code, rep)
	}
	if code, b := e.api("POST", fmt.Sprintf("/api/v1/credit/repairs/%v/review", rep["id"]), e.token("approver"), map[string]any{"action": "reject", "reason": "证明不足。", "rev": 1}); code != 200 {
		t.Fatalf("reject: %d %v", code, b)
	}
	for range 2 {
		if _, err := e.app.Reminders.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if ns := notices(); len(ns) != 2 {
		t.Fatalf("the firm's notices after the decision: %v", ns)
	}
}
