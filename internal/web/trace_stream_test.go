package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store/storetest"
	"riskgate/internal/web"
)

// onlyReader hides a reader's length, so that the client sends it
// chunked, without Content-Length: the server reads such a body as a
// stream whatever its size.
type onlyReader struct{ io.Reader }

func largeDoc(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2026-03-06T08:00:00+08:00","epcisBody":{"eventList":[`)
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:6907777.011111.%d"],"bizStep":"receiving","bizLocation":{"id":"urn:epc:id:sgln:6905678.00002.0"}}`,
			start.Add(time.Duration(i)*time.Second).Format(time.RFC3339), i)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

// TestCaptureStreamOverHTTP: an unsized JSON-LD body is captured as a
// stream (several chunks, one transaction); past the stream limit it is a
// 413 that writes nothing; the upload page posts the same as a plain form
// and carries the progress bar its script fills.
func TestCaptureStreamOverHTTP(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	firm := e.token("enterprise")
	doc := largeDoc(2500)
	code, body := e.send("POST", "/epcis/capture", firm, "application/ld+json", onlyReader{bytes.NewReader(doc)})
	if code != http.StatusCreated || body["captured"] != 2500.0 || body["event_ids"] != nil {
		t.Fatalf("stream: %d %v", code, body)
	}
	restore := web.SetMaxStreamCapture(64 << 10)
	defer restore()
	other := bytes.ReplaceAll(largeDoc(2000), []byte("6907777"), []byte("6908888"))
	if code, body := e.send("POST", "/epcis/capture", firm, "application/ld+json", onlyReader{bytes.NewReader(other)}); code != http.StatusRequestEntityTooLarge {
		t.Errorf("over the stream limit: %d %v", code, body)
	}
	code, res := e.api("GET", "/epcis/events?perPage=1&MATCH_epc=urn:epc:idpat:sgtin:6908888.011111.*", e.token("officer"), nil)
	if code != 200 || strings.Contains(fmt.Sprint(res), "6908888") {
		t.Errorf("a refused stream wrote events: %d %v", code, res)
	}
	restore()

	// The upload page, as a plain form (the script only adds progress).
	b := e.browser()
	b.login("enterprise", password("enterprise"))
	_, page := b.get("/trace/capture")
	if !strings.Contains(page, `<progress max="100" value="0">`) || !strings.Contains(page, "/static/trace_capture.js") || !strings.Contains(page, `enctype="multipart/form-data"`) {
		t.Errorf("the upload page lacks its form or progress")
	}
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", b.csrf)
	fw, _ := mw.CreateFormFile("file", "events.jsonld")
	fw.Write(largeDoc(10))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/trace/capture", &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || !strings.Contains(string(out), "events.jsonld") || !strings.Contains(string(out), "重复") {
		t.Errorf("upload: %d %s", resp.StatusCode, out)
	}
}
