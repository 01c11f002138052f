package epcis

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// TestStreamAsParse: every JSON-LD example GS1 publishes that Parse
// accepts is read alike as a stream, chunk by chunk: the same events with
// the same hashes, in order; one Parse refuses is refused too.
func TestStreamAsParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.jsonld")
	if len(files) == 0 {
		t.Skip("no examples")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, perr := Parse(b)
		var got []*Event
		chunks := 0
		sdoc, serr := Stream(bytes.NewReader(b), 2, func(ctx json.RawMessage, evs []*Event) error {
			chunks++
			if len(evs) > 2 {
				t.Errorf("%s: a chunk of %d", f, len(evs))
			}
			got = append(got, evs...)
			return nil
		})
		if (perr == nil) != (serr == nil) {
			if perr == nil && strings.Contains(serr.Error(), "@context") {
				continue // a document whose context follows its body is refused as a stream
			}
			t.Errorf("%s: Parse %v, Stream %v", f, perr, serr)
			continue
		}
		if perr != nil {
			continue
		}
		if len(got) != len(doc.Events) || !sdoc.CreationDate.Equal(doc.CreationDate) {
			t.Errorf("%s: %d events streamed, %d parsed", f, len(got), len(doc.Events))
			continue
		}
		for i := range got {
			if got[i].Hash != doc.Events[i].Hash || got[i].Index != doc.Events[i].Index {
				t.Errorf("%s: event %d differs", f, i)
			}
		}
	}
}

func TestStreamRefuses(t *testing.T) {
	ev := `{"type":"ObjectEvent","eventTime":"2026-03-01T09:00:00+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:6901234.022222.1"],"bizStep":"shipping"}`
	bad := strings.Replace(ev, "shipping", "shiping", 1)
	doc := func(events ...string) string {
		return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
			`"creationDate":"2026-03-06T08:00:00+08:00","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`
	}
	for _, tt := range []struct {
		name, in, field string
		calls           int
	}{
		{"bad event after a chunk", doc(ev, ev, ev, bad), "epcisBody.eventList[3].bizStep", 1},
		{"not JSON", `{"@context": [`, "body", 0},
		{"trailing", doc(ev) + "{}", "body", 0},
		{"no body", `{"@context":["x"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-06T08:00:00+08:00"}`, "epcisBody", 0},
		{"context last", `{"type":"EPCISDocument","epcisBody":{"eventList":[]},"@context":["x"]}`, "@context", 0},
		{"version 1", strings.Replace(doc(ev), `"2.0"`, `"1.2"`, 1), "schemaVersion", 0},
	} {
		calls := 0
		_, err := Stream(strings.NewReader(tt.in), 3, func(json.RawMessage, []*Event) error { calls++; return nil })
		var e *risk.Error
		if !errors.As(err, &e) || !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		field := e.Field
		if len(e.Details) > 0 {
			field = e.Details[0].Field
		}
		if field != tt.field || calls != tt.calls {
			t.Errorf("%s: field %q, %d calls; want %q, %d", tt.name, field, calls, tt.field, tt.calls)
		}
	}
}
