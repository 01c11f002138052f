package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func TestForeignImportAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off := e.token("officer")
		body, err := os.ReadFile("../foreign/testdata/cpsc_recalls.json")
		if err != nil {
			t.Fatal(err)
		}
		post := func(query, token string, body []byte) (int, map[string]any) {
			t.Helper()
			return e.api("POST", "/api/v1/foreign/import?"+query, token, string(body))
		}
		_, before := e.api("GET", "/api/v1/signals?channel=foreign-notification", off, nil)
		code, rep := post("format=cpsc&name=recalls.json", off, body)
		if code != 200 || rep["new"].(float64) != 2 || rep["file"] != "recalls.json" {
			t.Fatalf("import: %d %v", code, rep)
		}
		if code, rep := post("format=cpsc", off, body); code != 200 || rep["unchanged"].(float64) != 2 {
			t.Fatalf("again: %d %v", code, rep)
		}
		code, sigs := e.api("GET", "/api/v1/signals?channel=foreign-notification", off, nil)
		if code != 200 || sigs["total"].(float64) != before["total"].(float64)+2 {
			t.Fatalf("signals: %d, %v then %v", code, before["total"], sigs["total"])
		}
		if code, rep := post("format=magic", off, body); code != 400 || errField(rep) != "format" {
			t.Fatalf("unknown format: %d %v", code, rep)
		}
		if code, _ := post("format=cpsc", e.token("approver"), body); code != http.StatusForbidden {
			t.Fatalf("approver imported: %d", code)
		}
		bad := []byte("date,reference,product\n2024-01-01,2024.1,cups\nsoon,2024.2,bowls\n")
		if code, rep := post("format=rasff", off, bad); code != 400 || !strings.Contains(rep["error"].(map[string]any)["message"].(string), "nothing was imported") {
			t.Fatalf("bad file: %d %v", code, rep)
		}
		if code, rep := post("format=rasff&skip_invalid=true", off, bad); code != 200 || rep["new"].(float64) != 1 || len(rep["skipped"].([]any)) != 1 {
			t.Fatalf("skip invalid: %d %v", code, rep)
		}
	})
}

func TestForeignImportPage(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	b := e.browser()
	b.login("officer", password("officer"))
	_, page := b.get("/signals/foreign")
	if !strings.Contains(page, `value="safetygate"`) || !strings.Contains(page, "data-upload-progress") {
		t.Fatal("the import page lacks its form")
	}
	file, _ := os.ReadFile("../foreign/testdata/safetygate_weekly.xml")
	send := func(csrf string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf", csrf)
		mw.WriteField("format", "safetygate")
		fw, _ := mw.CreateFormFile("file", "weekly.xml")
		fw.Write(file)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/signals/foreign", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	if code, _ := send("not-the-token"); code != http.StatusForbidden {
		t.Fatalf("upload without the CSRF token: %d", code)
	}
	code, out := send(b.csrf)
	if code != 200 || !strings.Contains(out, "新增 2") || !strings.Contains(out, "weekly.xml") {
		t.Fatalf("upload: %d", code)
	}
	_, list := b.get("/signals?channel=foreign-notification")
	if !strings.Contains(list, "欧盟 Safety Gate A12/02685/24") {
		t.Fatal("the imported alert is not listed")
	}
}

func TestInjuriesAPIAndPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off := e.token("officer")
		csv := "treatment_date,age_years,sex,body_part,diagnosis,disposition,narrative\n" +
			"2020-07-04,12,Male,Hand,\"Burns, thermal\",Released,12YOM SPARKLER BURN TO HAND\n" +
			"2020-07-05,30,Female,Eyeball,Contusions,Released,30YOF HIT BY BOTTLE ROCKET\n"
		code, rep := e.api("POST", "/api/v1/injuries/import?product=1313&name=july.csv", off, csv)
		if code != 200 || rep["new"].(float64) != 2 {
			t.Fatalf("import: %d %v", code, rep)
		}
		code, list := e.api("GET", "/api/v1/injuries?since=2020-07-05&q=rocket", e.token("approver"), nil)
		items, _ := list["items"].([]any)
		if code != 200 || list["total"].(float64) != 1 || items[0].(map[string]any)["hs_code"] != "3604" {
			t.Fatalf("list: %d %v", code, list)
		}
		if code, body := e.api("GET", "/api/v1/injuries?since=july", off, nil); code != 400 || errField(body) != "since" {
			t.Fatalf("bad date: %d %v", code, body)
		}
		if code, _ := e.api("POST", "/api/v1/injuries/import", e.token("approver"), csv); code != http.StatusForbidden {
			t.Fatalf("approver imported: %d", code)
		}
	})
	e := newEnv(t, storetest.Open(t, "sqlite"))
	b := e.browser()
	b.login("officer", password("officer"))
	_, page := b.get("/injuries")
	if !strings.Contains(page, "导入伤害记录") || !strings.Contains(page, `action="/injuries/import"`) {
		t.Fatal("the injuries page lacks its import form")
	}
}

func TestMatchingAPIAndPage(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off := e.token("officer")
	// A registered firm exported BRIGHTSTAR lamps; a Safety Gate alert names the brand.
	code, body := e.api("GET", "/api/v1/enterprises?limit=1", off, nil)
	items, _ := body["items"].([]any)
	if code != 200 || len(items) == 0 {
		t.Fatalf("enterprises: %d %v", code, body)
	}
	firm := items[0].(map[string]any)
	decl := map[string]any{"number": "430120261101000009", "direction": "export", "port": "4900", "declared_at": "2026-11-01T08:00:00Z",
		"trade_mode": "0110", "consignor_uscc": firm["uscc"], "lines": []any{map[string]any{"hs_code": "9405420000", "name": "LED灯串", "brand": "BRIGHTSTAR", "destination": "DE"}}}
	if code, body := e.api("POST", "/api/v1/declarations/screen", e.token("inspector"), decl); code != 200 {
		t.Fatalf("screen: %d %v", code, body)
	}
	csv := "alert_number,product_category,product_name,brand,product_description,country_of_origin,risk_type,barcode,batch_number,company_recall_code,production_dates,alert_year\n" +
		"SR/09100/26,Lighting chains,Lighting chain,BrightStar,LED string,Peoples Republic of China,Electric shock,,,,,2026\n"
	if code, rep := e.api("POST", "/api/v1/foreign/import?format=safetygate", off, csv); code != 200 || rep["new"].(float64) != 1 {
		t.Fatalf("import: %d %v", code, rep)
	}
	if code, res := e.api("POST", "/api/v1/matches/run", off, map[string]any{"days": 3660}); code != 200 || res["proposed"].(float64) != 1 {
		t.Fatalf("run: %d %v", code, res)
	}
	code, q := e.api("GET", "/api/v1/matches", e.token("approver"), nil)
	list, _ := q["items"].([]any)
	if code != 200 || len(list) != 1 {
		t.Fatalf("queue: %d %v", code, q)
	}
	id := int(list[0].(map[string]any)["id"].(float64))
	b := e.browser()
	b.login("officer", password("officer"))
	_, page := b.get("/matching")
	if !strings.Contains(page, "BRIGHTSTAR") || !strings.Contains(page, "确认并开立案件") {
		t.Fatal("the queue page lacks the candidate")
	}
	resp, _ := b.post(fmt.Sprintf("/matching/%d/confirm", id), url.Values{"csrf": {b.csrf}, "note": {"品牌一致"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/cases/") {
		t.Fatalf("confirm: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, casePage := b.get(resp.Header.Get("Location"))
	if !strings.Contains(casePage, "风险警示通告（草稿）") {
		t.Fatal("the case does not carry the draft notice")
	}
	if code, _ := e.api("POST", fmt.Sprintf("/api/v1/matches/%d/reject", id), off, map[string]any{"note": "x"}); code != http.StatusConflict {
		t.Fatalf("reject after confirm: %d", code)
	}
}
