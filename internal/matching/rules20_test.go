package matching

import (
	"strings"
	"testing"
)

// Rounds 59 onwards (second session of 2026-12-07, on the misses of the
// blind sets eval79–eval84); each rule checked on its own here, away from
// the sets.

// TestSiblingSubheading: an alert whose words are the text of one
// subheading ("Shelled, whether or not broken", 1202.42) fits a line of
// that subheading fully; a line of a sibling subheading (1202.41, "In
// shell"), whose heading's text holds the words too, counts half, and the
// evidence says which subheading the words name.
func TestSiblingSubheading(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲花生食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙炒货食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-01-15"), ConsignorUSCC: "U1", HSCode: "1202420000", Name: "花生仁（去壳）", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-02-05"), ConsignorUSCC: "U2", HSCode: "1202410000", Name: "带壳花生（生）", Destination: "NL"},
	}
	n := Notification{Ref: "2024.1529", Product: "Shelled, whether or not broken", Words: "Shelled, whether or not broken", Category: "nuts-seeds",
		Origin: "CN", Market: "NL", Date: dayOf("2024-03-04"), Hazard: "Aflatoxin B1 - mycotoxins"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	own, other := nomenclatureOf(got["U1"]), nomenclatureOf(got["U2"])
	if own.Strength != 1 || other.Strength != 0.5 || !strings.Contains(other.Detail, "120242") {
		t.Fatalf("own subheading %+v; sibling %+v", own, other)
	}
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("scores %.3f (1202.42) and %.3f (1202.41); want only the first proposed", got["U1"].Score, got["U2"].Score)
	}
}

// nomenclatureOf is a candidate's evidence from the English text of its
// line's code.
func nomenclatureOf(c Candidate) Evidence {
	for _, ev := range c.Evidence {
		if ev.Kind == "words" && strings.Contains(ev.Detail, "英文品名含通报用词") {
			return ev
		}
	}
	return Evidence{}
}
