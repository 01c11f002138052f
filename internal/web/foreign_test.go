package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
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
	if !strings.Contains(list, "safetygate:A12/02685/24") {
		t.Fatal("the imported alert is not listed")
	}
}
