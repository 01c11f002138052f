// Package risktest holds test helpers about the kernel's errors, shared by
// the domains' tests.
package risktest

import (
	"errors"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// UserError fails t unless err is a *risk.Error of one of the kinds, naming
// a field, with a message in Chinese and English; it returns the error.
func UserError(t testing.TB, err error, kinds ...error) *risk.Error {
	t.Helper()
	e, ok := risk.AsError(err)
	if !ok || e.Field == "" || !strings.Contains(e.Message, " / ") {
		t.Fatalf("error %#v: want a bilingual *risk.Error naming a field", err)
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return e
		}
	}
	t.Fatalf("error %v: want one of the kinds %v", err, kinds)
	return nil
}
