package epcis

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// FuzzParse: a refused document is a bilingual invalid error and yields
// nothing; an accepted one has, for each event, a known type, a time, a
// hash in the ni: form, and identifiers whose keys parse back to
// themselves. Seeds: GS1's published examples (testdata) and refusals.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.jsonld")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(docWith(`{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.01234.1"]}`))
	f.Add(docWith(`{"type":"AggregationEvent","action":"ADD","eventTime":"x","childQuantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.L1","quantity":2.5}]}`))
	f.Add([]byte(`{"type":"EPCISDocument"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Parse(b)
		if err != nil {
			if doc != nil || !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), " / ") {
				t.Fatalf("refused with %v (document %v)", err, doc != nil)
			}
			return
		}
		for _, ev := range doc.Events {
			if !slices.Contains(EventTypes, ev.Type) || ev.EventTime.IsZero() {
				t.Fatalf("event %d: type %q time %v", ev.Index, ev.Type, ev.EventTime)
			}
			if !strings.HasPrefix(ev.Hash, "ni:///sha-256;") || !strings.HasSuffix(ev.Hash, "?ver=CBV2.0") {
				t.Fatalf("event %d: hash %q", ev.Index, ev.Hash)
			}
			for _, r := range ev.Refs {
				k, err := ident.ParseEPC("k", r.EPC.Key)
				if err != nil || k.Key != r.EPC.Key {
					t.Fatalf("key %q of %q does not parse back: %v %q", r.EPC.Key, r.EPC.URI, err, k.Key)
				}
			}
		}
	})
}

// FuzzFromXML: XML that converts parses as JSON-LD does (a refusal is a
// bilingual invalid error either way, never a panic). Seeds: GS1's XML
// examples and refusals.
func FuzzFromXML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody><EventList><ObjectEvent/></EventList></EPCISBody></epcis:EPCISDocument>`))
	f.Add([]byte(`<a><b></a>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j, err := FromXML(b)
		if err != nil {
			if !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), " / ") {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		if doc, err := Parse(j); err != nil && (doc != nil || !errors.Is(err, risk.ErrInvalid)) {
			t.Fatalf("converted document refused with %v", err)
		}
	})
}
