package epcis

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// Every example GS1 publishes with EPCIS 2.0 is accepted, each event with
// a hash and its identifiers read.
func TestParseGS1Examples(t *testing.T) {
	files, err := filepath.Glob("testdata/*.jsonld")
	if err != nil || len(files) < 10 {
		t.Fatalf("examples: %v, %d", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), detail(err))
			continue
		}
		if len(doc.Events) == 0 {
			t.Errorf("%s: no events", filepath.Base(f))
		}
		for _, ev := range doc.Events {
			if !strings.HasPrefix(ev.Hash, "ni:///sha-256;") || !strings.HasSuffix(ev.Hash, "?ver=CBV2.0") || len(ev.Hash) != len("ni:///sha-256;?ver=CBV2.0")+64 {
				t.Errorf("%s event %d: hash %q", filepath.Base(f), ev.Index, ev.Hash)
			}
			if ev.EventTime.IsZero() || len(ev.Raw) == 0 {
				t.Errorf("%s event %d: time %v, raw %d bytes", filepath.Base(f), ev.Index, ev.EventTime, len(ev.Raw))
			}
		}
	}
}

func TestParseAggregationExample(t *testing.T) {
	b, _ := os.ReadFile("testdata/Example_9.6.3-AggregationEvent.jsonld")
	doc, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	ev := doc.Events[0]
	var got []string
	for _, r := range ev.Refs {
		s := string(r.Role) + " " + r.EPC.URI
		if r.Quantity != nil {
			s += " " + strconv.FormatFloat(*r.Quantity, 'f', -1, 64) + " " + r.UOM
		}
		got = append(got, s)
	}
	want := []string{"parent urn:epc:id:sscc:0614141.1234567890", "child urn:epc:id:sgtin:0614141.107346.2017",
		"child urn:epc:id:sgtin:0614141.107346.2018", "child urn:epc:idpat:sgtin:4012345.098765.* 10 ",
		"child urn:epc:class:lgtin:4012345.012345.998877 200.5 KGM"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ev.BizStep != "receiving" || ev.Disposition != "in_progress" || ev.BizLocation != "urn:epc:id:sgln:0614141.00888.0" || ev.Action != "OBSERVE" {
		t.Errorf("fields: %+v", ev)
	}
}

// The pre-hash string of the first event of the standard's example 9.6.1,
// worked out by hand from the rules of CBV 2.0 §8.9: the time in UTC with
// milliseconds, the EPC URNs as canonical Digital Links (GTIN 10614141073464,
// GLN 0614141073467 with extension 1234), the bare CBV terms as Web URIs.
func TestPreHashExample961(t *testing.T) {
	b, _ := os.ReadFile("testdata/Example_9.6.1-ObjectEvent.jsonld")
	doc, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := decodeAny(doc.Events[0].Raw, &ev); err != nil {
		t.Fatal(err)
	}
	want := "eventType=ObjectEvent" +
		"eventTime=2005-04-04T02:33:31.116Z" + "eventTimeZoneOffset=-06:00" +
		"epcList" + "epc=https://id.gs1.org/01/10614141073464/21/2017" + "epc=https://id.gs1.org/01/10614141073464/21/2018" +
		"action=OBSERVE" + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping" + "disposition=https://ref.gs1.org/cbv/Disp-in_transit" +
		"readPoint" + "id=https://id.gs1.org/414/0614141073467/254/1234" +
		"bizTransactionList" + "bizTransaction=http://transaction.acme.com/po/12345678" + "type=https://ref.gs1.org/cbv/BTT-po"
	if got := PreHash(ev, Prefixes(nil)); got != want {
		t.Errorf("pre-hash:\n got %s\nwant %s", got, want)
	}
	if doc.Events[0].Hash != Hash(ev, nil) {
		t.Errorf("Parse's hash differs from Hash's")
	}
}

func docWith(events ...string) []byte {
	return []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ns.example.com/"}],` +
		`"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00+08:00","epcisBody":{"eventList":[` +
		strings.Join(events, ",") + `]}}`)
}

func hashOf(t *testing.T, event string) string {
	t.Helper()
	doc, err := Parse(docWith(event))
	if err != nil {
		t.Fatalf("%s: %v", event, detail(err))
	}
	return doc.Events[0].Hash
}

// One event written differently has one hash; a changed event another.
func TestHashCanonical(t *testing.T) {
	base := hashOf(t, `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00",
		"epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"bizStep":"shipping",
		"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ex:note":"a"}`)
	same := []string{
		// Fields reordered, the list reversed, the time in UTC with milliseconds, vocabulary as Web URI, Digital Links.
		`{"ex:note":"a","epcList":["https://id.gs1.org/01/06901234123456/21/2","urn:epc:id:sgtin:6901234.012345.1"],"eventTimeZoneOffset":"+08:00",
		"eventTime":"2026-03-01T02:00:00.000Z","type":"ObjectEvent","action":"OBSERVE","bizStep":"https://ref.gs1.org/cbv/BizStep-shipping",
		"readPoint":{"id":"https://id.gs1.org/414/6901234000016"}}`,
		// An eventID, a recordTime and an error declaration are outside the hash.
		`{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","eventID":"urn:uuid:1",
		"recordTime":"2026-03-02T00:00:00Z","errorDeclaration":{"declarationTime":"2026-03-03T00:00:00Z","reason":"did_not_occur"},
		"epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"bizStep":"urn:epcglobal:cbv:bizstep:shipping",
		"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ex:note":" a "}`,
	}
	for _, s := range same {
		if h := hashOf(t, s); h != base {
			t.Errorf("hash %s, want %s for %s", h, base, s)
		}
	}
	differ := []string{
		`{"type":"ObjectEvent","action":"ADD","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00",
		"epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"bizStep":"shipping",
		"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ex:note":"a"}`,
		`{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00.001+08:00","eventTimeZoneOffset":"+08:00",
		"epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"bizStep":"shipping",
		"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ex:note":"a"}`,
		`{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00",
		"epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"bizStep":"shipping",
		"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"}}`,
	}
	for _, s := range differ {
		if h := hashOf(t, s); h == base {
			t.Errorf("a changed event kept the hash: %s", s)
		}
	}
}

// Bad input names the event and the JSON path, in Chinese and English, and
// yields nothing.
func TestParseRefuses(t *testing.T) {
	ok := `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"]}`
	tests := []struct {
		name, event, field, word string
	}{
		{"unknown bizStep", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"],"bizStep":"shiping"}`,
			"epcisBody.eventList[1].bizStep", "shiping"},
		{"unknown CBV URI term", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"],"disposition":"https://ref.gs1.org/cbv/Disp-lost"}`,
			"epcisBody.eventList[1].disposition", "Disp-lost"},
		{"EPC too short", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.01234.1"]}`,
			"epcisBody.eventList[1].epcList[1]", "13"},
		{"Digital Link check digit", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["https://id.gs1.org/01/06901234123455/21/1"]}`,
			"epcisBody.eventList[1].epcList[0]", "6"},
		{"fractional quantity without unit", `{"type":"AggregationEvent","action":"ADD","parentID":"urn:epc:id:sscc:6901234.0000000001","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","childQuantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.L1","quantity":2.5}]}`,
			"epcisBody.eventList[1].childQuantityList[0].uom", "uom"},
		{"missing eventTime", `{"type":"ObjectEvent","action":"OBSERVE","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"]}`,
			"epcisBody.eventList[1].eventTime", "eventTime"},
		{"aggregation without parent", `{"type":"AggregationEvent","action":"ADD","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","childEPCs":["urn:epc:id:sgtin:6901234.012345.1"]}`,
			"epcisBody.eventList[1].parentID", "parentID"},
		{"undefined field", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"],"lot":"L1"}`,
			"epcisBody.eventList[1].lot", "lot"},
		{"source without type", `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"],"sourceList":[{"source":"urn:epc:id:pgln:6901234.00001"}]}`,
			"epcisBody.eventList[1].sourceList[0].type", "type"},
		{"unknown event type", `{"type":"ScanEvent","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00"}`,
			"epcisBody.eventList[1].type", "ScanEvent"},
		{"bad action", `{"type":"ObjectEvent","action":"MOVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.1"]}`,
			"epcisBody.eventList[1].action", "ADD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(docWith(ok, tt.event))
			if doc != nil || !errors.Is(err, risk.ErrInvalid) {
				t.Fatalf("Parse = %v, %v; want an invalid error and no document", doc, err)
			}
			e, _ := risk.AsError(err)
			var found bool
			for _, d := range e.Details {
				if d.Field == tt.field && strings.Contains(d.Message, tt.word) && strings.Contains(d.Message, "第 2 个事件") && strings.Contains(d.Message, "event 2") {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem at %s mentioning %q and event 2: %v", tt.field, tt.word, detail(err))
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{"type":"EPCISDocument"} {}`, `{"@context":"x","type":"EPCISQueryDocument","schemaVersion":"2.0","creationDate":"2026-03-01T00:00:00Z","epcisBody":{"eventList":[]}}`,
		`{"@context":"x","type":"EPCISDocument","schemaVersion":"1.2","creationDate":"2026-03-01T00:00:00Z","epcisBody":{"eventList":[]}}`} {
		if doc, err := Parse([]byte(bad)); doc != nil || !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), " / ") {
			t.Errorf("Parse(%q) = %v, %v", bad, doc, err)
		}
	}
}

func detail(err error) string {
	e, ok := risk.AsError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	for _, d := range e.Details {
		b.WriteString("\n  " + d.Field + ": " + d.Message)
	}
	return e.Error() + b.String()
}
