package ident_test

import (
	"errors"
	"testing"

	"riskgate/internal/risk"
)

// problem is what a test expects of an error: the field it names and its
// user-facing message. The zero problem means no error.
type problem struct {
	Field, Message string
}

// problemOf returns err as a problem, failing the test unless err is nil or
// a *risk.Error of kind ErrInvalid.
func problemOf(t *testing.T, err error) problem {
	t.Helper()
	if err == nil {
		return problem{}
	}
	if !errors.Is(err, risk.ErrInvalid) {
		t.Errorf("error %v is not risk.ErrInvalid", err)
	}
	e, ok := risk.AsError(err)
	if !ok {
		t.Fatalf("error %v is not a *risk.Error", err)
	}
	return problem{Field: e.Field, Message: e.Message}
}
