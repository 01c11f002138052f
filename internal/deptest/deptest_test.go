// Package deptest checks the direction of dependencies (STYLE.md §1,
// docs/ARCHITECTURE.md): every package under internal/ is guarded unless it is
// one of the named adapters or wiring packages, so a new domain is protected
// the day it is added. A guarded package never imports storage, HTTP, HTML
// templates, the adapters or the wiring; the kernel risk imports only the
// standard library.
package deptest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// adapters may use SQL, HTTP and templates: they translate between the
// domains and the outside world. Wiring packages put the pieces together.
var adapters = map[string]string{
	"store":           "SQL on SQLite and PostgreSQL",
	"store/storetest": "the storage conformance suite",
	"web":             "HTTP pages and JSON",
	"notify":          "SMTP and webhooks",
	"notify/smtptest": "a fake SMTP server for tests",
	"app":             "wiring: every service over one database",
	"lifecycletest":   "wiring: the services over a real database for domain tests",
	"demo":            "wiring: the demonstration data, loaded through the services",
	"deptest":         "this guard",
}

// forbidden are the imports a guarded package must not have.
var forbidden = []string{
	"database/sql", "net/http", "html/template",
	"riskgate/internal/store", "riskgate/internal/web", "riskgate/internal/notify",
	"riskgate/internal/app", "riskgate/internal/lifecycletest",
}

func TestDomainImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "riskgate/internal/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	guarded := 0
	seen := map[string]bool{}
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath, "riskgate/internal/")
		seen[name] = true
		if _, ok := adapters[name]; ok {
			continue
		}
		guarded++
		for _, imp := range p.Imports {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					t.Errorf("%s imports %s; only the adapters and the wiring may (docs/ARCHITECTURE.md)", p.ImportPath, imp)
				}
			}
			if name == "risk" && strings.Contains(imp, ".") {
				t.Errorf("risk imports %s; the shared kernel imports only the standard library", imp)
			}
		}
	}
	for a := range adapters {
		if !seen[a] {
			t.Errorf("adapter %s is named here but no longer exists; remove it from the list", a)
		}
	}
	if !seen["risk"] || guarded < 20 {
		t.Fatalf("guarded %d packages; go list did not see the domains", guarded)
	}
}
