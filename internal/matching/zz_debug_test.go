package matching

import (
	"os"
	"strings"
	"testing"
)

// go test -run TestZZDebug -v . with ZZ_SET=eval51 ZZ_REF=ucm128665 [ZZ_MIN=0.0]
func TestZZDebug(t *testing.T) {
	set, ref := os.Getenv("ZZ_SET"), os.Getenv("ZZ_REF")
	if set == "" {
		t.Skip()
	}
	s := loadEvalSet(t, "testdata/"+set+"/")
	ix := NewIndex(s.enterprises, s.lines)
	names := map[int64]string{}
	for _, e := range s.enterprises {
		names[e.ID] = e.NameZh
	}
	for _, n := range s.alerts {
		if !strings.Contains(n.Ref, ref) {
			continue
		}
		t.Logf("alert %s brand=%q product=%q manu=%q model=%q", n.Ref, n.Brand, n.Product, n.Manufacturer, n.Model)
		for _, m := range ix.Match(n, 0.0) {
			t.Logf("  %.3f %v: %s", m.Score, m.Enterprise, evidenceText(m))
		}
	}
}
