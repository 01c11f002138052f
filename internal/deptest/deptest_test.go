// Package deptest checks the direction of dependencies: domain packages
// never import storage, HTTP or HTML templates (STYLE.md §1).
package deptest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

var domain = []string{"risk", "ident", "catalog", "audit", "enterprise", "auth", "signal", "assess", "casefile", "warning", "measure", "inspection", "screening", "detect", "search", "publish", "subscription", "gongwen"}

var forbidden = []string{"database/sql", "net/http", "html/template", "riskgate/internal/store", "riskgate/internal/web"}

func TestDomainImports(t *testing.T) {
	args := []string{"list", "-json"}
	for _, d := range domain {
		args = append(args, "riskgate/internal/"+d)
	}
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		seen++
		for _, imp := range p.Imports {
			for _, f := range forbidden {
				if imp == f {
					t.Errorf("%s imports %s; domain packages must not", p.ImportPath, imp)
				}
			}
		}
		if p.ImportPath == "riskgate/internal/risk" {
			for _, imp := range p.Imports {
				if strings.Contains(imp, ".") {
					t.Errorf("risk imports %s; the shared kernel imports only the standard library", imp)
				}
			}
		}
	}
	if seen != len(domain) {
		t.Fatalf("go list returned %d packages, want %d", seen, len(domain))
	}
}
