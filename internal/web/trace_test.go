package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"riskgate/internal/store/storetest"
	"riskgate/internal/tabular"
	"riskgate/internal/trace"
)

// TestEPCISOverHTTP: capture through the EPCIS REST binding (media type,
// size limit, errors naming the event and JSON path, duplicates), the
// events query with its next-page link, a forward trace and the export.
func TestEPCISOverHTTP(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	doc, err := os.ReadFile("testdata/trace-lighters.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	firm, officer := e.token("enterprise"), e.token("officer")
	if code, body := e.send("POST", "/epcis/capture", firm, "text/plain", bytes.NewReader(doc)); code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d %v", code, body)
	}
	// Over 8 MiB a body is read as a stream: spaces are no JSON object.
	big := bytes.Repeat([]byte(" "), 8<<20+1)
	if code, body := e.send("POST", "/epcis/capture", firm, "application/ld+json", bytes.NewReader(big)); code != http.StatusBadRequest || errField(body) != "body" {
		t.Errorf("9 MiB: %d %v", code, body)
	}
	if code, body := e.send("POST", "/epcis/capture", firm, "application/xml", bytes.NewReader(big)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("9 MiB of XML: %d %v", code, body)
	}
	bad := strings.Replace(string(doc), `"uom": "KGM"`, `"uom": "kilogram"`, 1)
	code, body := e.send("POST", "/epcis/capture", firm, "application/ld+json", strings.NewReader(bad))
	if code != http.StatusBadRequest || errField(body) != "epcisBody.eventList[0].inputQuantityList[0].uom" {
		t.Errorf("bad unit: %d %v", code, body)
	}
	msg := body["error"].(map[string]any)["message"].(string)
	if !strings.Contains(msg, "第 1 个事件") || !strings.Contains(msg, "event 1") {
		t.Errorf("message does not name the event: %q", msg)
	}
	code, body = e.send("POST", "/epcis/capture", firm, "application/ld+json", bytes.NewReader(doc))
	if code != http.StatusCreated || body["captured"] != 6.0 {
		t.Fatalf("capture: %d %v", code, body)
	}
	code, body = e.send("POST", "/epcis/capture", officer, "application/json", bytes.NewReader(doc))
	if code != http.StatusCreated || body["captured"] != 0.0 || body["duplicates"] != 6.0 {
		t.Errorf("resent: %d %v", code, body)
	}

	// The XML binding: the same kind of document, one new event.
	x := `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-03-07T08:00:00+08:00"><EPCISBody><EventList>
		<ObjectEvent><eventTime>2026-03-07T09:00:00+08:00</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
		<epcList><epc>urn:epc:id:sscc:6901234.0000000001</epc></epcList><action>OBSERVE</action>
		<bizStep>urn:epcglobal:cbv:bizstep:receiving</bizStep><bizLocation><id>urn:epc:id:pgln:4012345.00001</id></bizLocation></ObjectEvent>
		</EventList></EPCISBody></epcis:EPCISDocument>`
	code, body = e.send("POST", "/epcis/capture", firm, "application/xml", strings.NewReader(x))
	if code != http.StatusCreated || body["captured"] != 1.0 {
		t.Errorf("XML: %d %v", code, body)
	}
	code, body = e.send("POST", "/epcis/capture", firm, "text/xml", strings.NewReader(strings.Replace(x, "bizstep:receiving", "bizstep:recieving", 1)))
	if code != http.StatusBadRequest || errField(body) != "epcisBody.eventList[0].bizStep" {
		t.Errorf("bad XML: %d %v", code, body)
	}

	// The query, two pages.
	req, _ := http.NewRequest("GET", e.ts.URL+"/epcis/events?perPage=4&EQ_bizStep=shipping|packing|commissioning|receiving", nil)
	req.Header.Set("Authorization", "Bearer "+officer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	link := resp.Header.Get("Link")
	if resp.StatusCode != 200 || !strings.Contains(string(page), `"EPCISQueryDocument"`) || !strings.Contains(link, "nextPageToken=") || !strings.HasSuffix(link, `rel="next"`) {
		t.Fatalf("query: %d %s %s", resp.StatusCode, link, page)
	}
	next := strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
	code, body = e.send("GET", next, officer, "", nil)
	events := body["epcisBody"].(map[string]any)["queryResults"].(map[string]any)["resultsBody"].(map[string]any)["eventList"].([]any)
	if code != 200 || len(events) != 3 {
		t.Errorf("second page: %d, %d events", code, len(events))
	}

	// The trace and the export.
	code, body = e.send("GET", "/api/v1/trace/forward?id=urn:epc:class:lgtin:6901234.022222.L2026", officer, "", nil)
	if code != 200 || len(body["items"].([]any)) != 2 || body["complete"] != true {
		t.Errorf("forward: %d %v", code, body)
	}
	req, _ = http.NewRequest("GET", e.ts.URL+"/api/v1/trace/export?lot=urn:epc:class:lgtin:6901234.022222.L2026&format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+officer)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export: %d %v", resp.StatusCode, err)
	}
	// The heading, then one row per event and identifier of the lot's
	// chain: the making (butane in, lighters out), the packing (pallet,
	// lot), four movements of the pallet (the last in XML).
	if len(rows) != 1+2+2+4 || !strings.Contains(rows[0][0], "Traceability lot code") {
		t.Fatalf("export rows: %q", rows)
	}
	// The same as XLSX: the sheet reads back with the same rows.
	req, _ = http.NewRequest("GET", e.ts.URL+"/api/v1/trace/export?lot=urn:epc:class:lgtin:6901234.022222.L2026&format=xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+officer)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var cols []tabular.Column
	for i, c := range trace.ExportColumns {
		cols = append(cols, tabular.Column{Field: fmt.Sprint(i), Zh: c.Zh, En: c.En, Required: true})
	}
	sheet, err := tabular.Read(resp.Body, tabular.XLSX, cols, 100)
	resp.Body.Close()
	if err != nil || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") || len(sheet.Rows) != len(rows)-1 ||
		sheet.Rows[0].Values["0"] != rows[1][0] || sheet.Rows[0].Values["7"] != rows[1][7] {
		t.Errorf("xlsx: %v %s %+v", err, resp.Header.Get("Content-Type"), sheet)
	}
	if rows[1][7] != "2026-03-01" || rows[1][1] != "06901234111118" || rows[1][3] != "KGM" {
		t.Errorf("first row: %q", rows[1])
	}
}
