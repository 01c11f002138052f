package trace

import (
	"slices"
	"testing"

	"riskgate/internal/recall"
	"riskgate/internal/warning"
)

func TestParseGLN(t *testing.T) {
	for in, want := range map[string]string{
		"6940000000010":                          "6940000000010",
		"urn:epc:id:sgln:6940000.00001.0":        "6940000000010",
		"urn:epc:id:sgln:6940000.00001.dock7":    "6940000000010",
		"urn:epc:id:pgln:6940000.00001":          "6940000000010",
		"https://id.gs1.org/414/6940000000010":   "6940000000010",
		" https://id.gs1.org/417/6940000000010 ": "6940000000010",
	} {
		if got, err := ParseGLN("gln", in); err != nil || got != want {
			t.Errorf("ParseGLN(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "6940000000011", "694000000001", "urn:epc:id:sscc:6921234.0000000011", "https://example.com/x"} {
		if _, err := ParseGLN("gln", in); err == nil {
			t.Errorf("ParseGLN(%q) accepted", in)
		}
	}
}

func TestLots(t *testing.T) {
	id := LotID("6921234222225", "XJ36-0301")
	if id != "https://id.gs1.org/01/06921234222225/10/XJ36-0301" {
		t.Errorf("LotID = %q", id)
	}
	for _, in := range []string{id, "urn:epc:class:lgtin:6921234.022222.XJ36-0301"} {
		l, ok := lotOf(in)
		if !ok || l.GTIN != "6921234222225" || l.Batch != "XJ36-0301" {
			t.Errorf("lotOf(%q) = %+v, %v", in, l, ok)
		}
	}
	if _, ok := lotOf("urn:epc:id:sscc:6921234.0000000011"); ok {
		t.Error("a pallet is no lot")
	}
	if LotID("6921234222228", "X") != "" || LotID("6921234222225", " ") != "" {
		t.Error("LotID of a bad GTIN or an empty batch")
	}
	w := &warning.Warning{Scope: warning.Scope{GTINs: []string{"6921234222225"}, Batches: []string{"A", "B"}}}
	if got := WarningLots(w); len(got) != 2 {
		t.Errorf("WarningLots = %v", got)
	}
}

// TestMeasureScope: the trace's lots, ports and firms become the measure's
// scope; a field the warning restricts keeps what lies inside it, in the
// warning's spelling.
func TestMeasureScope(t *testing.T) {
	sc := &Scoped{Result: &Result{},
		Lots:        []ScopeLot{{GTIN: "6921234222225", Batch: "XJ36-0301"}, {GTIN: "6921234222225", Batch: "XJ36-0302"}},
		Ports:       []ScopePort{{Code: "4900"}},
		Enterprises: []ScopeFirm{{USCC: "91430100MA4L1A2B3F"}}}
	got, outside := MeasureScope(sc, warning.Scope{HSPrefixes: []string{"3604"}})
	if !slices.Equal(got.Batches, []string{"XJ36-0301", "XJ36-0302"}) || !slices.Equal(got.GTINs, []string{"6921234222225"}) ||
		!slices.Equal(got.Ports, []string{"4900"}) || !slices.Equal(got.USCCs, []string{"91430100MA4L1A2B3F"}) || len(outside) != 0 {
		t.Errorf("open warning: %+v %v", got, outside)
	}
	got, outside = MeasureScope(sc, warning.Scope{Batches: []string{"XJ36-0301"}, GTINs: []string{"06921234222225"}, Ports: []string{"4908"}})
	if !slices.Equal(got.Batches, []string{"XJ36-0301"}) || !slices.Equal(got.GTINs, []string{"06921234222225"}) || len(got.Ports) != 0 ||
		!slices.Equal(outside, []string{"XJ36-0302", "4900"}) {
		t.Errorf("restricted warning: %+v %v", got, outside)
	}
}

func TestRecallScope(t *testing.T) {
	sc := &Scoped{Result: &Result{Start: "x", Complete: true},
		Lots:        []ScopeLot{{GTIN: "6921234222225", Batch: "XJ36-0301"}},
		Enterprises: []ScopeFirm{{EnterpriseID: 1, USCC: "u1", Name: "own", Via: []string{"a"}}, {EnterpriseID: 2, USCC: "u2", Name: "other", Via: []string{"b"}}},
		Unmapped:    []ScopeParty{{ID: "urn:epc:id:pgln:4012345.00001", GLN: "4012345000016"}}}
	tr := RecallScope(sc, Forward, &recall.Recall{EnterpriseID: 1})
	if len(tr.Lots) != 1 || len(tr.Distributors) != 2 || tr.Distributors[0].Name != "other" || tr.Distributors[1].GLN != "4012345000016" {
		t.Errorf("RecallScope = %+v", tr)
	}
}
